// Statistics dashboard: one statistics query per filter change, answered by main's service.
import { create } from 'zustand';
import type { ErrorData } from '../../../preload/contract/errors';
import type { Statistics, StatisticsQuery } from '../../../preload/contract/records';
import { statisticsApi } from '../api/statistics';
import { toErrorData } from '../api/client';
import { nextDay } from '../features/repairs/case-query';

/** The period as the date inputs hold it: calendar days, both ends inclusive. */
export interface StatsPeriod {
  from: string | null;
  to: string | null;
}

interface StatisticsState {
  period: StatsPeriod;
  data: Statistics | null;
  loading: boolean;
  error: ErrorData | null;
}

export const useStatisticsStore = create<StatisticsState>(() => ({
  period: { from: null, to: null },
  data: null,
  loading: false,
  error: null,
}));

const set = useStatisticsStore.setState;
const get = useStatisticsStore.getState;
let requestId = 0;

export function toStatisticsQuery(period: StatsPeriod): StatisticsQuery {
  return { from: period.from, to: period.to ? nextDay(period.to) : null, top: 15 };
}

export async function loadStatistics(period: StatsPeriod = get().period): Promise<void> {
  const id = ++requestId;
  set({ period, loading: true, error: null });
  try {
    const data = await statisticsApi.statistics(toStatisticsQuery(period));
    // A slower answer to an older filter must not overwrite a newer one.
    if (id === requestId) set({ data, loading: false });
  } catch (error) {
    if (id === requestId) set({ error: toErrorData(error), loading: false });
  }
}
