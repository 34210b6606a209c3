// Statistics dashboard: one statistics query per filter change, answered by main's service.
import { create } from 'zustand';
import type { ErrorData } from '../../../preload/contract/errors';
import type { Statistics, StatisticsQuery } from '../../../preload/contract/records';
import { statisticsApi } from '../api/statistics';
import { casesApi } from '../api/cases';
import { toErrorData, clearSessionRefusalsOnResume, isSessionRefusal } from '../api/client';
import { nextDay } from '../features/repairs/case-query';

/** The period as the date inputs hold it: calendar days, both ends inclusive. */
export interface StatsPeriod {
  from: string | null;
  to: string | null;
}

/** Period plus the customer (kept with its name, to show it back) and part number. */
export interface StatsFilters extends StatsPeriod {
  customerId: number | null;
  customerName: string | null;
  partNumber: string | null;
}

export const NO_STATS_FILTERS: StatsFilters = { from: null, to: null, customerId: null, customerName: null, partNumber: null };

export interface CustomerOption {
  id: number;
  name: string;
}

interface StatisticsState {
  filters: StatsFilters;
  data: Statistics | null;
  loading: boolean;
  error: ErrorData | null;
  /** Customers whose name starts with what the picker holds (customers:list search). */
  customerOptions: CustomerOption[];
}

export const useStatisticsStore = create<StatisticsState>(() => ({
  filters: NO_STATS_FILTERS,
  data: null,
  loading: false,
  error: null,
  customerOptions: [],
}));

const set = useStatisticsStore.setState;
const get = useStatisticsStore.getState;
let requestId = 0;
let customerSearchId = 0;

export function toStatisticsQuery(filters: StatsPeriod & Partial<Pick<StatsFilters, 'customerId' | 'partNumber'>>): StatisticsQuery {
  const partNumber = filters.partNumber?.trim() ?? '';
  return {
    from: filters.from,
    to: filters.to ? nextDay(filters.to) : null,
    top: 15,
    customerId: filters.customerId ?? null,
    partNumber: partNumber === '' ? null : partNumber,
  };
}

export async function loadStatistics(filters: StatsFilters = get().filters): Promise<void> {
  const id = ++requestId;
  set({ filters, loading: true, error: null });
  try {
    const data = await statisticsApi.statistics(toStatisticsQuery(filters));
    // A slower answer to an older filter must not overwrite a newer one.
    if (id === requestId) set({ data, loading: false });
  } catch (error) {
    if (id === requestId) set({ error: toErrorData(error), loading: false });
  }
}

/** Fills the customer picker's suggestions; an older, slower answer never replaces a newer one. */
export async function searchStatisticsCustomers(term: string): Promise<void> {
  const id = ++customerSearchId;
  try {
    const found = await casesApi.customers(term.trim());
    if (id === customerSearchId) set({ customerOptions: found.slice(0, 50).map((c) => ({ id: c.id, name: c.name })) });
  } catch (error) {
    if (id === customerSearchId) set({ customerOptions: [], error: toErrorData(error) });
  }
}

/** The customer a typed name stands for: an exact (case-insensitive) match among the suggestions. */
export function customerNamed(name: string, options: readonly CustomerOption[] = get().customerOptions): CustomerOption | null {
  const n = name.trim().toLowerCase();
  if (n === '') return null;
  return options.find((c) => c.name.toLowerCase() === n) ?? null;
}

/** What the filter bar holds before Apply: the customer as typed. */
export interface StatsDraft extends StatsPeriod {
  customerText: string;
  partNumber: string;
}

/**
 * Resolves the typed customer name to its record (asking main, so the suggestions need not be
 * current) and loads the dashboard; an unknown name loads nothing and says so.
 */
export async function applyStatisticsFilters(draft: StatsDraft): Promise<'ok' | 'unknown-customer'> {
  const text = draft.customerText.trim();
  let customer: CustomerOption | null = null;
  if (text !== '') {
    await searchStatisticsCustomers(text);
    customer = customerNamed(text);
    if (customer === null) return 'unknown-customer';
  }
  const partNumber = draft.partNumber.trim();
  await loadStatistics({
    from: draft.from,
    to: draft.to,
    customerId: customer?.id ?? null,
    customerName: customer?.name ?? null,
    partNumber: partNumber === '' ? null : partNumber,
  });
  return 'ok';
}

// Refused while the station was locked: the figures on screen are asked for again on unlock.
clearSessionRefusalsOnResume(useStatisticsStore, (before) => {
  if (isSessionRefusal(before.error)) void loadStatistics(before.filters);
});
