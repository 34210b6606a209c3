import type { CallListRequest, CallPickRandomRequest, CallRecordRequest, ComplaintFileRequest, ComplaintListRequest, ComplaintUpdateRequest, StatsRequest } from '../../../preload/contract';
import type { CallPage, CaseSummary, Complaint, FollowUpCall, Scorecard } from '../../../preload/contract/records';
import { bridge, unwrap } from './client';

export const supervisionApi = {
  complaints: (req: ComplaintListRequest = {}): Promise<Complaint[]> => unwrap(bridge().complaints.list(req)),
  fileComplaint: (req: ComplaintFileRequest): Promise<Complaint> => unwrap(bridge().complaints.file(req)),
  updateComplaint: (req: ComplaintUpdateRequest): Promise<Complaint> => unwrap(bridge().complaints.update(req)),
  /** "Pick N closed cases at random for this week's calls" (seeded, so the pick can be repeated). */
  selectForFollowUp: (req: CallPickRandomRequest): Promise<CaseSummary[]> => unwrap(bridge().calls.pickRandom(req)),
  recordCall: (req: CallRecordRequest): Promise<FollowUpCall> => unwrap(bridge().calls.record(req)),
  /** Every follow-up call, newest first, one page at a time. */
  calls: (req: CallListRequest = {}): Promise<CallPage> => unwrap(bridge().calls.list(req)),
  scorecards: (req: StatsRequest = {}): Promise<Scorecard[]> => unwrap(bridge().stats.scorecards(req)),
};
