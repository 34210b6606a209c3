// The lab server on the page (issue 14): the status line (connected, runs waiting in the outbox),
// Settings -> Lab server, and the screens kept current with what other benches change: a case
// list, a case page or the statistics refresh within a moment of a change (records:changed,
// pushed by main from PostgreSQL's NOTIFY), without a manual reload.
import { create } from 'zustand';
import type { ErrorData } from '../../../preload/contract';
import type { LabConnectRequest, LabServerView, LabStatus, LabTestResult, RecordsChangedEvent } from '../../../preload/contract/lab';
import { labApi } from '../api/lab';
import { toErrorData, clearSessionRefusalsOnResume } from '../api/client';
import { refreshCaseList, refreshOpenCase, useCasesStore } from './cases-store';
import { loadStatistics, useStatisticsStore } from './statistics-store';
import { routeSection, useAppStore } from './app-store';
import { loadSession } from './session-store';

interface LabState {
  status: LabStatus | null;
  view: LabServerView | null;
  busy: boolean;
  tested: LabTestResult | null;
  error: ErrorData | null;
  /** The CA file chosen in main's dialog for the settings being edited. */
  caFileName: string | null;
  /** Changes received (a counter the e2e tests and the status line can read). */
  changes: number;
}

export const useLabStore = create<LabState>(() => ({ status: null, view: null, busy: false, tested: null, error: null, caFileName: null, changes: 0 }));
const set = useLabStore.setState;

let watching: Array<() => void> | null = null;
let pendingCases = new Set<number>();
let pendingList = false;
let timer: ReturnType<typeof setTimeout> | null = null;

/** Changes arrive in bursts (a decision writes the case, its history and an audit event): one refresh per burst. */
const SETTLE_MS = 250;

function flush(): void {
  timer = null;
  const section = routeSection(useAppStore.getState().route);
  const cases = [...pendingCases];
  const list = pendingList;
  pendingCases = new Set();
  pendingList = false;
  if (section === '/repairs' || section === '/supervision') {
    const open = useCasesStore.getState().current?.case.id ?? null;
    if (open !== null && cases.includes(open)) void refreshOpenCase(open);
    if (list) refreshCaseList();
  }
  if (section === '/statistics' && useStatisticsStore.getState().data !== null) void loadStatistics();
}

function onChanged(e: RecordsChangedEvent): void {
  set((s) => ({ changes: s.changes + 1 }));
  if (e.caseId !== null) pendingCases.add(e.caseId);
  if (e.table === 'repair_case') pendingList = true;
  timer ??= setTimeout(flush, SETTLE_MS);
}

/** Starts listening once per page: the status line and the live screens. */
export async function startLabWatch(): Promise<void> {
  if (watching !== null) return;
  watching = [labApi.onStatus((st) => set({ status: st })), labApi.onChanged(onChanged)];
  try {
    set({ status: await labApi.watch() });
  } catch {
    // The status line stays empty; nothing else depends on it.
  }
}

export async function loadLabSettings(): Promise<void> {
  try {
    const view = await labApi.settings();
    set({ view, caFileName: view.caFileName, error: null });
  } catch (error) {
    set({ error: toErrorData(error) });
  }
}

export async function chooseLabCa(): Promise<void> {
  try {
    const r = await labApi.chooseCa();
    if (!r.canceled) set({ caFileName: r.fileName ?? null, error: null });
  } catch (error) {
    set({ error: toErrorData(error) });
  }
}

export async function testLab(req: LabConnectRequest): Promise<void> {
  set({ busy: true, error: null, tested: null });
  try {
    set({ tested: await labApi.test(req), busy: false });
  } catch (error) {
    set({ error: toErrorData(error), busy: false });
  }
}

/** Moves this bench onto the lab server (or back): the people are the other records', so everyone signs in again. */
export async function connectLab(req: LabConnectRequest): Promise<boolean> {
  set({ busy: true, error: null });
  try {
    set({ status: await labApi.connect(req), busy: false, tested: null });
    await loadLabSettings();
    await loadSession();
    return true;
  } catch (error) {
    set({ error: toErrorData(error), busy: false });
    return false;
  }
}

export async function disconnectLab(): Promise<boolean> {
  set({ busy: true, error: null });
  try {
    set({ status: await labApi.disconnect(), busy: false, tested: null });
    await loadLabSettings();
    await loadSession();
    return true;
  } catch (error) {
    set({ error: toErrorData(error), busy: false });
    return false;
  }
}

clearSessionRefusalsOnResume(useLabStore);
