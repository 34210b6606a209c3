// The supervision screens speak the contract's record types; the UI adds only display joins.
import type { Complaint } from '../../../../preload/contract/records';

export type {
  CaseSummary, Complaint, ComplaintAddressee, ComplaintStatus, FollowUpCall, Scorecard, Technician,
} from '../../../../preload/contract/records';

/** A complaint with the RMA number of its case and its technician's name, for the table. */
export interface ComplaintRowView extends Complaint {
  rmaNumber: string | null;
  technicianName: string | null;
}
