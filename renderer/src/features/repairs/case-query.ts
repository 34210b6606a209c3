// Pure helpers between the filter bar and the cases:list / stats requests (no window, no store).
import type { CaseListQuery } from '../../../../preload/contract/records';
import type { CaseListFilters } from './types';

/** One calendar day later, for an inclusive "to" date against the service's exclusive bound. */
export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The filter bar's state as a cases:list request; empty fields are left out, not sent empty. */
export function toListQuery(f: CaseListFilters, cursor: string | null, limit: number): CaseListQuery {
  const filters: NonNullable<CaseListQuery['filters']> = {};
  if (f.status) filters.status = [f.status];
  if (f.customerId !== null) filters.customerId = f.customerId;
  if (f.technicianId !== null) filters.technicianId = f.technicianId;
  if (f.partNumber) filters.partNumber = f.partNumber;
  if (f.from) filters.from = f.from;
  if (f.to) filters.to = nextDay(f.to);
  if (f.search.trim() !== '') filters.search = f.search.trim();
  return { filters, sort: f.sort, limit, cursor };
}

/**
 * A case is one module (the record's module serial). A notification covering several modules
 * becomes one case per serial, RMA numbers suffixed -01, -02... so they stay together in a
 * prefix search for the RMA.
 */
export function rmaNumbersFor(rma: string, count: number): string[] {
  if (count === 1) return [rma];
  const width = Math.max(2, String(count).length);
  return Array.from({ length: count }, (_, i) => `${rma}-${String(i + 1).padStart(width, '0')}`);
}
