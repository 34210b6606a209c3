// Supervision: complaints, follow-up calls and technician scorecards (after-sale policy 6-8).
import { create } from 'zustand';
import type { ErrorData } from '../../../preload/contract/errors';
import type {
  CallPage, CaseSummary, ComplaintAddressee, ComplaintStatus, FollowUpCall, Scorecard, Technician,
} from '../../../preload/contract/records';
import type { ComplaintRowView } from '../features/supervision/types';
import { supervisionApi } from '../api/supervision';
import { casesApi } from '../api/cases';
import { toErrorData, clearSessionRefusalsOnResume, isSessionRefusal } from '../api/client';
import { toStatisticsQuery } from './statistics-store';
import { nextDay } from '../features/repairs/case-query';

export type SupervisionTab = 'complaints' | 'followUps' | 'scorecards';

export interface Period {
  from: string | null;
  to: string | null;
}

/** The calls list's filter: call days (both ends inclusive) and the technician whose work was assessed. */
export interface CallFilter extends Period {
  technicianId: number | null;
}

export const CALLS_PAGE_SIZE = 25;

interface SupervisionState {
  tab: SupervisionTab;
  technicians: Technician[];
  complaints: ComplaintRowView[];
  complaintFilter: ComplaintStatus | 'all';
  picked: { seed: number; count: number; from: string; to: string; candidates: CaseSummary[] } | null;
  /** Calls recorded in this session, by case id (the pick table shows them). */
  recorded: Record<number, FollowUpCall>;
  scorecards: Scorecard[];
  scorePeriod: Period;
  /** The page of the calls list on screen (null before the first load). */
  calls: CallPage | null;
  callFilter: CallFilter;
  loading: boolean;
  error: ErrorData | null;
  /** The last successful action, for a polite status line: an i18n key and its values. */
  notice: { key: string; values?: Record<string, string | number> } | null;
}

export const useSupervisionStore = create<SupervisionState>(() => ({
  tab: 'complaints',
  technicians: [],
  complaints: [],
  complaintFilter: 'all',
  picked: null,
  recorded: {},
  scorecards: [],
  scorePeriod: { from: null, to: null },
  calls: null,
  callFilter: { from: null, to: null, technicianId: null },
  loading: false,
  error: null,
  notice: null,
}));

const set = useSupervisionStore.setState;
const get = useSupervisionStore.getState;

async function run<T>(work: () => Promise<T>): Promise<T | null> {
  set({ loading: true, error: null });
  try {
    const value = await work();
    set({ loading: false });
    return value;
  } catch (error) {
    set({ loading: false, error: toErrorData(error) });
    return null;
  }
}

export function selectTab(tab: SupervisionTab): void {
  set({ tab, error: null, notice: null });
}

export async function loadTechnicians(): Promise<void> {
  const technicians = await run(() => casesApi.technicians());
  if (technicians) set({ technicians });
}

// RMA numbers of complaint cases, fetched once each: complaints are few, cases are many.
const rmaCache = new Map<number, string>();

export async function loadComplaints(): Promise<void> {
  const filter = get().complaintFilter;
  const rows = await run(async () => {
    const [complaints, technicians] = await Promise.all([
      supervisionApi.complaints(filter === 'all' ? {} : { status: filter }),
      get().technicians.length > 0 ? Promise.resolve(get().technicians) : casesApi.technicians(),
    ]);
    const missing = [...new Set(complaints.map((c) => c.repairCaseId))].filter((id) => !rmaCache.has(id));
    for (const id of missing) rmaCache.set(id, (await casesApi.get(id)).case.rmaNumber);
    const names = new Map(technicians.map((t) => [t.id, t.name]));
    set({ technicians });
    return complaints.map((c): ComplaintRowView => ({
      ...c,
      rmaNumber: rmaCache.get(c.repairCaseId) ?? null,
      technicianName: c.technicianId === null ? null : names.get(c.technicianId) ?? null,
    }));
  });
  if (rows) set({ complaints: rows });
}

export function setComplaintFilter(filter: ComplaintStatus | 'all'): void {
  set({ complaintFilter: filter });
  void loadComplaints();
}

/** The case with exactly this RMA number (cases:find lists exact matches first). */
async function caseByRma(rmaNumber: string): Promise<CaseSummary | null> {
  const found = await casesApi.find(rmaNumber);
  return found.find((c) => c.rmaNumber.toLowerCase() === rmaNumber.toLowerCase()) ?? null;
}

/** Files a complaint against the case with this RMA; 'unknown-case' when there is none. */
export async function fileComplaint(input: { rmaNumber: string; addressedTo: ComplaintAddressee; text: string }): Promise<'ok' | 'unknown-case' | 'failed'> {
  const outcome = await run(async () => {
    const found = await caseByRma(input.rmaNumber);
    if (!found) return 'unknown-case' as const;
    await supervisionApi.fileComplaint({ caseId: found.id, addressedTo: input.addressedTo, text: input.text });
    rmaCache.set(found.id, found.rmaNumber);
    return 'ok' as const;
  });
  if (outcome === null) return 'failed';
  if (outcome === 'ok') {
    set({ notice: { key: 'complaints.created', values: { addressee: input.addressedTo } } });
    await loadComplaints();
  }
  return outcome;
}

export async function updateComplaint(id: number, status: ComplaintStatus, resolution: string | null): Promise<boolean> {
  const done = await run(() => supervisionApi.updateComplaint({
    complaintId: id, status, ...(resolution ? { resolution } : {}),
  }));
  if (!done) return false;
  set({ notice: { key: status === 'resolved' ? 'complaints.resolved' : 'complaints.started' } });
  await loadComplaints();
  return true;
}

export async function pickFollowUps(input: { count: number; from: string; to: string; seed: number }): Promise<void> {
  const candidates = await run(() => supervisionApi.selectForFollowUp(input));
  if (candidates) set({ picked: { ...input, candidates }, notice: null });
}

export async function recordCall(input: {
  caseId: number; callerId: number; calledAt: string; satisfaction: number; remarks: string;
}): Promise<boolean> {
  const saved = await run(() => supervisionApi.recordCall({
    caseId: input.caseId,
    callerId: input.callerId,
    calledAt: input.calledAt,
    satisfaction: input.satisfaction,
    remarks: input.remarks === '' ? null : input.remarks,
  }));
  if (!saved) return false;
  set((s) => ({ recorded: { ...s.recorded, [input.caseId]: saved }, notice: { key: 'followUps.saved' } }));
  // The new call is the newest: show it at the top of the list.
  if (get().calls !== null) await loadCalls(get().callFilter, 0);
  return true;
}

let callsRequest = 0;

/** One page (0-based) of the calls list under `filter`; a slower, older answer never replaces a newer one. */
export async function loadCalls(filter: CallFilter = get().callFilter, page = 0): Promise<void> {
  const id = ++callsRequest;
  set({ callFilter: filter });
  const result = await run(() => supervisionApi.calls({
    from: filter.from,
    to: filter.to ? nextDay(filter.to) : null,
    technicianId: filter.technicianId,
    limit: CALLS_PAGE_SIZE,
    offset: page * CALLS_PAGE_SIZE,
  }));
  if (result && id === callsRequest) set({ calls: result });
}

export async function loadScorecards(period: Period = get().scorePeriod): Promise<void> {
  set({ scorePeriod: period });
  const scorecards = await run(() => supervisionApi.scorecards(toStatisticsQuery(period)));
  if (scorecards) set({ scorecards });
}

export { weekSeed } from '../features/supervision/week-seed';

// Refused while the station was locked: the error goes on unlock, and the open tab loads again.
clearSessionRefusalsOnResume(useSupervisionStore, (before) => {
  if (!isSessionRefusal(before.error)) return;
  if (before.tab === 'complaints') void loadComplaints();
  else if (before.tab === 'scorecards') void loadScorecards();
});
