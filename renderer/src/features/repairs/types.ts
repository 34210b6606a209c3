// The repairs screens speak the contract's record types; the few UI-only shapes live here.
import type { CaseSort, RepairStatus } from '../../../../preload/contract/records';

export type {
  CaseDetail, CaseSort, CaseSummary, Customer, NotificationChannel, RepairCase, RepairStatus, StatusChange,
  Technician, TestRunSummary,
} from '../../../../preload/contract/records';

/** The filter bar's state: one status at a time, the search box as typed (trimmed). */
export interface CaseListFilters {
  status: RepairStatus | null;
  customerId: number | null;
  technicianId: number | null;
  partNumber: string | null;
  /** Calendar days from the date inputs, YYYY-MM-DD, inclusive at both ends. */
  from: string | null;
  to: string | null;
  search: string;
  sort: CaseSort;
}

export interface NamedRef {
  id: number;
  name: string;
}
