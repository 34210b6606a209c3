// Case list, case page and intake state.
//
// The list is a keyset-paged server query (cases:list gives a page and the cursor of the next),
// shown through a virtualised table. The store keeps, per page, the cursor that fetched it and
// its length, but keeps the rows of only the pages near the view: 200,000 cases scrolled
// through cost a few thousand row objects, and an evicted page comes back by its cursor.
import { create } from 'zustand';
import type { ErrorData } from '../../../preload/contract/errors';
import type { CaseCreateRequest } from '../../../preload/contract/api';
import type {
  CaseDetail, CaseSummary, NotificationChannel, RepairCase, RepairStatus, Technician, TestRunSummary,
} from '../../../preload/contract/records';
import type { CauseCategory } from '../../../preload/contract/warranty';
import type { CaseListFilters, NamedRef } from '../features/repairs/types';
import { rmaNumbersFor, toListQuery } from '../features/repairs/case-query';
import { casesApi } from '../api/cases';
import { externalTestsApi } from '../api/external-tests';
import type { DecisionPreview, ExternalTestRecordRequest } from '../../../preload/contract';
import { toErrorData, clearSessionRefusalsOnResume, isSessionRefusal } from '../api/client';
import { testRunsApi } from '../api/test-runs';
import { navigate, useAppStore } from './app-store';
import { setBenchTarget } from './bench-store';

/** The service's largest page: fewest round trips when a technician drags the scrollbar to the end. */
export const PAGE_SIZE = 500;
const MAX_CONCURRENT = 2;
/** Pages whose rows stay in memory around the view (16 x 500 = 8,000 rows). */
const MAX_RESIDENT_PAGES = 16;

export const EMPTY_FILTERS: CaseListFilters = {
  status: null, customerId: null, technicianId: null, partNumber: null, from: null, to: null, search: '', sort: 'notified-desc',
};

interface PageSlot {
  /** The cursor that fetches this page (null for the first). */
  cursor: string | null;
  length: number;
  /** null when evicted: fetched again by `cursor` when it scrolls back into view. */
  rows: CaseSummary[] | null;
  nextCursor: string | null;
}

export interface CaseListMetrics {
  /** Round trip of the last page request as the renderer saw it. */
  queryMs: number | null;
  /** From data arriving to the rows painted. */
  renderMs: number | null;
  /** From a filter change to the new rows painted. */
  filterMs: number | null;
}

export type RepairsView = { kind: 'list' } | { kind: 'intake' } | { kind: 'case'; id: number };

/** The actions of a case page, each showing its own error beside it. */
export type CaseAction = 'assign' | 'transition' | 'decide' | 'reopen' | 'external' | 'withdraw' | 'attach';

/** A case opened from the module read on the bench: its serial, part number and vendor as read. */
export interface IntakePrefill {
  serial: string;
  partNumber: string;
  vendor: string;
}

/** Sub-routes of /repairs: "/repairs", "/repairs/new", "/repairs/case/12". */
export function repairsView(route: string): RepairsView {
  const m = /^\/repairs\/case\/(\d+)$/.exec(route);
  if (m) return { kind: 'case', id: Number(m[1]) };
  if (route === '/repairs/new') return { kind: 'intake' };
  return { kind: 'list' };
}

interface CasesState {
  filters: CaseListFilters;
  slots: PageSlot[];
  /** Rows known so far (sum of page lengths). */
  loaded: number;
  /** More rows exist beyond `loaded` (or the first page has not come yet). */
  hasMore: boolean;
  /** The slots belong to the previous filters; they stay on screen until the new first page arrives. */
  stale: boolean;
  /** Bumped when rows change, so the table re-reads them. */
  version: number;
  generation: number;
  listError: ErrorData | null;
  metrics: CaseListMetrics;

  current: CaseDetail | null;
  currentError: ErrorData | null;
  busy: boolean;
  actionError: ErrorData | null;
  /** Which action the error belongs to, so it shows beside that action (issue 12). */
  actionErrorAt: CaseAction | null;

  /** A new case started from the module on the bench: what the intake form starts with. */
  intakePrefill: IntakePrefill | null;

  /** The stored reads of the open case's module (and replacement), for attaching one from the case page. */
  moduleReads: { caseId: number; runs: TestRunSummary[] } | null;

  customers: NamedRef[];
  technicians: Technician[];
}

export const useCasesStore = create<CasesState>(() => ({
  filters: EMPTY_FILTERS,
  slots: [],
  loaded: 0,
  hasMore: true,
  stale: true,
  version: 0,
  generation: 0,
  listError: null,
  metrics: { queryMs: null, renderMs: null, filterMs: null },
  current: null,
  currentError: null,
  busy: false,
  actionError: null,
  actionErrorAt: null,
  intakePrefill: null,
  moduleReads: null,
  customers: [],
  technicians: [],
}));

const set = useCasesStore.setState;
const get = useCasesStore.getState;

// ---- list paging (module level: bookkeeping the UI does not render) ----
let wanted = { first: 0, last: 40 };
let inFlight = 0;
const pending = new Set<string>();
let filterStartedAt: number | null = null;
let dataArrivedAt: number | null = null;

type Job = { kind: 'next'; index: number; cursor: string | null } | { kind: 'refill'; index: number; cursor: string | null };

function nextJob(): Job | null {
  const { slots, stale, hasMore, generation } = get();
  if (stale) {
    return pending.has(`${generation}:0`) ? null : { kind: 'next', index: 0, cursor: null };
  }
  const firstPage = Math.floor(wanted.first / PAGE_SIZE);
  const lastPage = Math.floor(wanted.last / PAGE_SIZE);
  for (let p = firstPage; p <= Math.min(lastPage, slots.length - 1); p++) {
    const slot = slots[p]!;
    if (slot.rows === null && !pending.has(`${generation}:${p}`)) return { kind: 'refill', index: p, cursor: slot.cursor };
  }
  // Keyset paging walks forward one page at a time: the next page is known only from the last.
  if (hasMore && lastPage >= slots.length && !pending.has(`${generation}:${slots.length}`)) {
    const last = slots[slots.length - 1];
    return { kind: 'next', index: slots.length, cursor: last ? last.nextCursor : null };
  }
  return null;
}

function evictFar(slots: PageSlot[]): PageSlot[] {
  const resident = slots.map((s, i) => (s.rows ? i : -1)).filter((i) => i >= 0);
  if (resident.length <= MAX_RESIDENT_PAGES) return slots;
  const centre = Math.floor((wanted.first + wanted.last) / 2 / PAGE_SIZE);
  const keep = new Set(resident.sort((a, b) => Math.abs(a - centre) - Math.abs(b - centre)).slice(0, MAX_RESIDENT_PAGES));
  return slots.map((s, i) => (s.rows && !keep.has(i) ? { ...s, rows: null } : s));
}

function pump(): void {
  while (inFlight < MAX_CONCURRENT) {
    const job = nextJob();
    if (job === null) return;
    const { generation, filters } = get();
    const key = `${generation}:${job.index}`;
    pending.add(key);
    inFlight++;
    const started = performance.now();
    casesApi
      .list(toListQuery(filters, job.cursor, PAGE_SIZE))
      .then((page) => {
        if (get().generation !== generation) return;
        dataArrivedAt = performance.now();
        performance.mark('cases:data');
        performance.measure('cases:query', { start: started, end: dataArrivedAt });
        const queryMs = dataArrivedAt - started;
        set((s) => {
          // The first page of a new query replaces the old result in one step (no empty flash).
          const base = s.stale ? [] : s.slots;
          let slots: PageSlot[];
          if (job.kind === 'next') {
            if (job.index !== base.length) return {};
            slots = [...base, { cursor: job.cursor, length: page.items.length, rows: page.items, nextCursor: page.nextCursor }];
          } else {
            // A refill keeps the page's place and length: the rows after it are indexed from it.
            const old = base[job.index];
            if (!old) return {};
            slots = base.map((x, i) => (i === job.index ? { ...old, rows: page.items.slice(0, old.length) } : x));
          }
          slots = evictFar(slots);
          const tail = slots[slots.length - 1];
          return {
            slots,
            stale: false,
            loaded: slots.reduce((n, x) => n + x.length, 0),
            hasMore: tail ? tail.nextCursor !== null : false,
            version: s.version + 1,
            listError: null,
            metrics: { ...s.metrics, queryMs },
          };
        });
      })
      .catch((error: unknown) => {
        if (get().generation !== generation) return;
        set({ listError: toErrorData(error), hasMore: false });
      })
      .finally(() => {
        inFlight--;
        pending.delete(key);
        pump();
      });
  }
}

/** The table reports which rows are in view; missing pages are fetched. */
export function showRows(first: number, last: number): void {
  wanted = { first, last };
  pump();
}

/** Starts a new query; the view keeps the old rows until the first page of the new result arrives. */
export function setFilters(patch: Partial<CaseListFilters>): void {
  const filters = { ...get().filters, ...patch };
  filterStartedAt = performance.now();
  performance.mark('cases:filter');
  wanted = { first: 0, last: Math.max(wanted.last - wanted.first, 40) };
  set((s) => ({ filters, generation: s.generation + 1, stale: true, hasMore: true, listError: null }));
  pump();
}

/**
 * The same query again (issue 14: another bench changed a case): the rows in view are fetched
 * anew and replace the old ones in one step, keeping the filters and the scroll position.
 */
export function refreshCaseList(): void {
  const { slots } = get();
  if (slots.length === 0) return;
  set((s) => ({ generation: s.generation + 1, stale: true, hasMore: true }));
  pump();
}

/** The open case page again, if it shows `caseId` (or whatever it shows, without one). */
export async function refreshOpenCase(caseId: number | null = null): Promise<void> {
  const current = get().current;
  if (current === null || (caseId !== null && current.case.id !== caseId) || get().busy) return;
  try {
    const detail = await casesApi.get(current.case.id);
    if (get().current?.case.id === detail.case.id) set({ current: detail });
  } catch {
    // The next change or a manual reload tries again; the page keeps what it shows.
  }
}

export function clearFilters(): void {
  setFilters({ ...EMPTY_FILTERS, sort: get().filters.sort });
}

/** Called by the table once rows from data are laid out; measures when the browser has painted them. */
export function rowsPainted(): void {
  const arrived = dataArrivedAt;
  const filterStart = filterStartedAt;
  if (arrived === null) return;
  dataArrivedAt = null;
  filterStartedAt = null;
  requestAnimationFrame(() => {
    // rAF runs just before this frame's paint; a message posted from it lands after the paint.
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      const now = performance.now();
      performance.measure('cases:render', { start: arrived, end: now });
      if (filterStart !== null) {
        performance.measure('cases:filter-to-paint', { start: filterStart, end: now });
        performance.measure('cases:filter-render', { start: arrived, end: now });
      }
      set((s) => ({
        metrics: {
          ...s.metrics,
          renderMs: now - arrived,
          filterMs: filterStart === null ? s.metrics.filterMs : now - filterStart,
        },
      }));
      channel.port1.close();
    };
    channel.port2.postMessage(null);
  });
}

export function rowAt(index: number): CaseSummary | undefined {
  const slot = get().slots[Math.floor(index / PAGE_SIZE)];
  return slot?.rows?.[index % PAGE_SIZE];
}

// ---- reference data for filters and intake ----
export async function loadReferenceData(): Promise<void> {
  try {
    const [customers, technicians] = await Promise.all([casesApi.customers(), casesApi.technicians()]);
    set({ customers: customers.map((c) => ({ id: c.id, name: c.name })), technicians });
  } catch (error) {
    set({ listError: toErrorData(error) });
  }
}

// ---- navigation within the Repairs route ----
export function showCaseList(): void {
  set({ actionError: null });
  navigate('/repairs');
}

export function showIntake(): void {
  set({ actionError: null, intakePrefill: null });
  navigate('/repairs/new');
}

/** "New case from this module" on the bench: the intake starts from the module as read, and comes back to the bench. */
export function startIntakeFromModule(prefill: IntakePrefill): void {
  set({ actionError: null, intakePrefill: prefill });
  navigate('/repairs/new');
}

/** The intake was left without creating a case: back where it was started from. */
export function cancelIntake(): void {
  const fromBench = get().intakePrefill !== null;
  set({ intakePrefill: null, actionError: null });
  navigate(fromBench ? '/bench' : '/repairs');
}

/** Opens one case; the Bench's "attach" can use it to jump to the case it attached to. */
export function showCase(id: number): void {
  set({ actionError: null });
  navigate(`/repairs/case/${id}`);
}

// ---- intake ----
export interface IntakeSubmission {
  /** An existing customer, or a new one created first. */
  customer: { id: number } | { name: string };
  rmaNumber: string;
  channel: NotificationChannel;
  /** ISO instant. */
  notifiedAt: string;
  notifiedBy: string;
  complaint: string;
  technicianId: number | null;
  partNumber: string | null;
  serials: string[];
  /** The vendor as the module's memory gives it (a case started from the bench). */
  vendor?: string | null;
}

/** Creates the cases; returns the id of the first, or null with actionError set. */
export async function createCases(submission: IntakeSubmission): Promise<number | null> {
  set({ busy: true, actionError: null });
  try {
    // No actor: main records the case under the signed-in person.
    const customerId = 'id' in submission.customer
      ? submission.customer.id
      : (await casesApi.createCustomer({ name: submission.customer.name })).id;
    // No number given: each case takes the next of the RMA sequence (main's, shared by every bench of a lab).
    const rmas = submission.rmaNumber === '' ? null : rmaNumbersFor(submission.rmaNumber, submission.serials.length);
    let firstId: number | null = null;
    let firstCase: RepairCase | null = null;
    for (const [i, serial] of submission.serials.entries()) {
      const request: CaseCreateRequest = {
        ...(rmas !== null ? { rmaNumber: rmas[i]! } : {}),
        customerId,
        moduleSerial: serial,
        partNumber: submission.partNumber,
        ...(submission.vendor ? { vendor: submission.vendor } : {}),
        notificationChannel: submission.channel,
        notifiedAt: submission.notifiedAt,
        notifiedBy: submission.notifiedBy,
        complaintText: submission.complaint,
        technicianId: submission.technicianId,
      };
      const created = await casesApi.create(request);
      firstId ??= created.id;
      firstCase ??= created;
    }
    const prefill = get().intakePrefill;
    set({ busy: false, intakePrefill: null });
    void loadReferenceData();
    // Started from the bench: back to the read, which is then attached to the new case with one key.
    if (prefill !== null && firstCase !== null && firstCase.moduleSerial === prefill.serial) {
      setBenchTarget({ caseId: firstCase.id, rmaNumber: firstCase.rmaNumber, moduleSerial: firstCase.moduleSerial, role: 'before-repair', replacement: false });
      navigate('/bench');
      return null;
    }
    return firstId;
  } catch (error) {
    set({ busy: false, actionError: toErrorData(error) });
    return null;
  }
}

// ---- case page ----
export async function openCase(id: number): Promise<void> {
  set((s) => ({ current: s.current?.case.id === id ? s.current : null, currentError: null }));
  try {
    const detail = await casesApi.get(id);
    set({ current: detail });
  } catch (error) {
    set({ currentError: toErrorData(error) });
  }
}

/**
 * The version of the case the page shows (issue 14): a change made from it is refused with
 * CASE_CHANGED, naming who changed the case meanwhile, instead of overwriting their change.
 */
function shownVersion(caseId: number): { expectedVersion?: number } {
  const c = get().current?.case;
  return c !== undefined && c.id === caseId ? { expectedVersion: c.version } : {};
}

async function act(caseId: number, at: CaseAction, run: () => Promise<unknown>): Promise<boolean> {
  set({ busy: true, actionError: null, actionErrorAt: null });
  try {
    await run();
    const detail = await casesApi.get(caseId);
    set({ current: detail, busy: false });
    return true;
  } catch (error) {
    set({ actionError: toErrorData(error), actionErrorAt: at, busy: false });
    // Someone else changed the case: nothing was overwritten; show what they did under the message.
    if (toErrorData(error).code === 'CASE_CHANGED') void refreshOpenCase(caseId);
    return false;
  }
}

/** The error of one action, for the panel that shows that action. */
export function useActionError(at: CaseAction): ErrorData | null {
  return useCasesStore((s) => (s.actionErrorAt === at ? s.actionError : null));
}

export function transitionCase(
  caseId: number, to: RepairStatus, work?: { actionTaken: string | null; replacementSerial: string | null },
): Promise<boolean> {
  return act(caseId, 'transition', () => casesApi.transition({
    caseId, to, ...shownVersion(caseId),
    ...(work?.actionTaken ? { actionTaken: work.actionTaken } : {}),
    ...(work?.replacementSerial ? { replacementSerial: work.replacementSerial } : {}),
  }));
}

export function assignTechnician(caseId: number, technicianId: number): Promise<boolean> {
  return act(caseId, 'assign', () => casesApi.assign({ caseId, technicianId, ...shownVersion(caseId) }));
}

export function decideCase(caseId: number, cause: CauseCategory): Promise<boolean> {
  return act(caseId, 'decide', () => casesApi.decide({ caseId, cause, ...shownVersion(caseId) }));
}

/** What the decision would be with this cause: shown in the decision dialog before it is made. */
export async function previewDecision(caseId: number, cause: CauseCategory): Promise<{ preview: DecisionPreview } | { error: ErrorData }> {
  try {
    return { preview: await casesApi.decidePreview({ caseId, cause }) };
  } catch (e) {
    return { error: toErrorData(e) };
  }
}

/** Supervisors only (main checks): a decided case back to awaiting-decision, with the reason. */
export function reopenCase(caseId: number, reason: string): Promise<boolean> {
  return act(caseId, 'reopen', () => casesApi.reopen({ caseId, reason, ...shownVersion(caseId) }));
}

/** Records a link or BER test run on a host or tester as evidence of the case (main adds the station and the signed-in person). */
export function recordExternalTest(caseId: number, test: Omit<ExternalTestRecordRequest, 'caseId'>): Promise<boolean> {
  return act(caseId, 'external', () => externalTestsApi.record({ ...test, caseId }));
}

/** A supervisor withdraws a run attached by mistake (with the reason, and their PIN when someone else is signed in). */
export function withdrawRun(caseId: number, testRunId: number, reason: string, approver?: { technicianId: number; pin: string }): Promise<boolean> {
  return act(caseId, 'withdraw', () => testRunsApi.withdraw({ caseId, testRunId, reason, ...(approver ? { approver } : {}) }));
}

/** A stored read of this module (not yet attached) attached from the case page. */
export async function attachStoredRun(caseId: number, testRunId: number, role: 'before-repair' | 'after-repair'): Promise<boolean> {
  const ok = await act(caseId, 'attach', () => testRunsApi.attach({ caseId, testRunId, role }));
  const c = get().current?.case;
  if (ok && c !== undefined) await loadModuleReads(c);
  return ok;
}

/** The reads stored under the case's module serial (and its replacement's): every read is kept, attached or not. */
export async function loadModuleReads(c: Pick<RepairCase, 'id' | 'moduleSerial' | 'replacementSerial'>): Promise<void> {
  try {
    const serials = [c.moduleSerial, ...(c.replacementSerial !== null && c.replacementSerial !== c.moduleSerial ? [c.replacementSerial] : [])];
    const runs = (await Promise.all(serials.map((serial) => testRunsApi.list({ serial })))).flat();
    set({ moduleReads: { caseId: c.id, runs } });
  } catch {
    // The list is a convenience beside the runs of the case; the case page works without it.
    set({ moduleReads: { caseId: c.id, runs: [] } });
  }
}

/** "Test the returned module" / "Test the replacement": the bench, set for this case and role. */
export function testOnBench(c: Pick<RepairCase, 'id' | 'rmaNumber' | 'moduleSerial' | 'status'>, which: 'returned' | 'replacement'): void {
  // The returned module once it is being repaired is tested as the after-repair run.
  const afterRepair = which === 'replacement' || c.status === 'repairing' || c.status === 'verifying' || c.status === 'replacing';
  setBenchTarget({
    caseId: c.id,
    rmaNumber: c.rmaNumber,
    moduleSerial: c.moduleSerial,
    role: afterRepair ? 'after-repair' : 'before-repair',
    replacement: which === 'replacement',
  });
  navigate('/bench');
}

// Refused while the station was locked: the list and the open case are fetched again on unlock.
clearSessionRefusalsOnResume(useCasesStore, (before) => {
  if (isSessionRefusal(before.listError)) {
    set((s) => ({ generation: s.generation + 1, stale: true, hasMore: true }));
    pump();
  }
  if (isSessionRefusal(before.currentError)) {
    const view = repairsView(useAppStore.getState().route);
    if (view.kind === 'case') void openCase(view.id);
  }
});
