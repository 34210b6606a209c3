// The bench: which programmer, is a module seated, the read in flight (progress, cancel), the
// judged result, the live monitor and the hex-view highlight. Actions at module level call api/.
import { create } from 'zustand';
import type {
  BenchReadResult,
  ErrorData,
  LiveReading,
  PortInfo,
  ProgrammerSelection,
  ReadProgressEvent,
  SimulatedModuleInfo,
} from '../../../preload/contract';
import type { CaseSummary, TestRunRole, TestRunSummary } from '../../../preload/contract/records';
import { benchApi } from '../api/bench';
import { casesApi } from '../api/cases';
import { testRunsApi } from '../api/test-runs';
import { isCancelled, toErrorData } from '../api/client';
import { setProgrammer } from './app-store';

export type ReadStatus = 'idle' | 'reading' | 'done' | 'failed' | 'cancelled';

/** Rolling window of the monitor: 10 minutes at 1 Hz keeps the chart readable and memory flat. */
export const MONITOR_WINDOW = 600;
export const MONITOR_RATE_HZ = 1;

export interface SeriesExtremes {
  min: number;
  max: number;
}

export interface BenchState {
  ports: PortInfo[];
  simModules: SimulatedModuleInfo[];
  sourcesLoading: boolean;
  sourcesError: ErrorData | null;
  selection: ProgrammerSelection;
  rxLightSource: boolean;
  presence: { checking: boolean; present: boolean | null; error: ErrorData | null };
  status: ReadStatus;
  readId: string | null;
  progress: ReadProgressEvent | null;
  result: BenchReadResult | null;
  error: ErrorData | null;
  monitor: {
    monitorId: string | null;
    running: boolean;
    samples: LiveReading[];
    /** Min/max of every series since the monitor started, keyed like "temperatureC" or "txPowerDbm_2". */
    extremes: Record<string, SeriesExtremes>;
    error: ErrorData | null;
  };
  /** Field of the hex view under the pointer or selected in the field list. */
  hoveredField: string | null;
  selectedField: string | null;
}

const SIM_DEFAULT: ProgrammerSelection = { kind: 'sim' };

export const useBenchStore = create<BenchState>(() => ({
  ports: [],
  simModules: [],
  sourcesLoading: false,
  sourcesError: null,
  selection: SIM_DEFAULT,
  rxLightSource: true,
  presence: { checking: false, present: null, error: null },
  status: 'idle',
  readId: null,
  progress: null,
  result: null,
  error: null,
  monitor: { monitorId: null, running: false, samples: [], extremes: {}, error: null },
  hoveredField: null,
  selectedField: null,
}));

const set = useBenchStore.setState;
const get = useBenchStore.getState;

/** Same key for the select box and the selection, e.g. "sim:good-10g-sr" or "buspirate:/dev/ttyUSB0". */
export function selectionKey(sel: ProgrammerSelection): string {
  return sel.kind === 'sim' ? `sim:${sel.module ?? ''}` : `${sel.kind}:${sel.path ?? ''}`;
}

/** What the status bar shows; the word "simulated" is translated there, so only data is kept here. */
export function selectionStatus(sel: ProgrammerSelection, ports: PortInfo[]): { simulated: boolean; detail: string } {
  if (sel.kind === 'sim') return { simulated: true, detail: sel.module ?? '' };
  const port = ports.find((p) => p.path === sel.path);
  return { simulated: false, detail: `${port?.label ?? sel.kind} · ${sel.path ?? ''}` };
}

let readCounter = 0;
function newReadId(): string {
  readCounter += 1;
  return `r${Date.now().toString(36)}-${readCounter}`;
}

let unsubscribers: (() => void)[] = [];
/** Listen to progress and monitor events once per bench screen mount; returns the cleanup. */
export function connectBenchEvents(): () => void {
  if (unsubscribers.length === 0) {
    unsubscribers = [
      benchApi.onProgress((e) => {
        if (e.readId === get().readId && get().status === 'reading') set({ progress: e });
      }),
      benchApi.onReading((e) => {
        const m = get().monitor;
        if (e.monitorId !== m.monitorId) return;
        const samples = [...m.samples, e.reading].slice(-MONITOR_WINDOW);
        set({ monitor: { ...m, samples, extremes: updateExtremes(m.extremes, e.reading) } });
      }),
      benchApi.onMonitorEnded((e) => {
        const m = get().monitor;
        if (e.monitorId !== m.monitorId) return;
        set({ monitor: { ...m, running: false, error: e.error } });
      }),
    ];
  }
  return () => {
    for (const u of unsubscribers) u();
    unsubscribers = [];
  };
}

export function seriesValues(reading: LiveReading): Record<string, number | null> {
  const out: Record<string, number | null> = {
    temperatureC: reading.temperatureC,
    supplyVoltageV: reading.supplyVoltageV,
  };
  reading.lanes.forEach((lane, i) => {
    const n = i + 1;
    out[`txBiasMa_${n}`] = lane.txBiasMa;
    out[`txPowerDbm_${n}`] = lane.txPowerDbm;
    out[`rxPowerDbm_${n}`] = lane.rxPowerDbm;
  });
  return out;
}

export function updateExtremes(prev: Record<string, SeriesExtremes>, reading: LiveReading): Record<string, SeriesExtremes> {
  const next = { ...prev };
  for (const [key, v] of Object.entries(seriesValues(reading))) {
    if (v === null || !Number.isFinite(v)) continue;
    const cur = next[key];
    next[key] = cur ? { min: Math.min(cur.min, v), max: Math.max(cur.max, v) } : { min: v, max: v };
  }
  return next;
}

export async function loadSources(): Promise<void> {
  set({ sourcesLoading: true, sourcesError: null });
  try {
    const [ports, simModules] = await Promise.all([benchApi.ports(), benchApi.simModules()]);
    // Recognised programmers first (the contract already orders them; keep it stable regardless).
    const sorted = [...ports].sort((a, b) => Number(b.kind !== null) - Number(a.kind !== null));
    set({ ports: sorted, simModules, sourcesLoading: false });
    const sel = get().selection;
    if (sel.kind === 'sim' && !sel.module && simModules[0]) {
      selectProgrammer({ kind: 'sim', module: simModules[0].name });
    } else {
      setProgrammer(selectionStatus(sel, sorted));
    }
  } catch (e) {
    set({ sourcesLoading: false, sourcesError: toErrorData(e) });
  }
}

export function selectProgrammer(selection: ProgrammerSelection): void {
  if (selectionKey(selection) === selectionKey(get().selection) && get().presence.present !== null) return;
  set({ selection, presence: { checking: false, present: null, error: null } });
  setProgrammer(selectionStatus(selection, get().ports));
  void probe();
}

export function setRxLightSource(rxLightSource: boolean): void {
  set({ rxLightSource });
}

export async function probe(): Promise<void> {
  const selection = get().selection;
  set({ presence: { checking: true, present: get().presence.present, error: null } });
  try {
    const r = await benchApi.probe(selection);
    if (selectionKey(selection) !== selectionKey(get().selection)) return;
    set({ presence: { checking: false, present: r.present, error: null } });
  } catch (e) {
    if (selectionKey(selection) !== selectionKey(get().selection)) return;
    set({ presence: { checking: false, present: null, error: toErrorData(e) } });
  }
}

export async function read(): Promise<void> {
  if (get().status === 'reading') return;
  await stopMonitor();
  const readId = newReadId();
  set({ status: 'reading', readId, progress: null, error: null, hoveredField: null, selectedField: null });
  useAttachStore.setState({ recorded: null, error: null });
  try {
    const result = await benchApi.read({ programmer: get().selection, rxLightSource: get().rxLightSource, readId });
    if (get().readId !== readId) return;
    set({ status: 'done', result, progress: null, presence: { checking: false, present: true, error: null } });
  } catch (e) {
    if (get().readId !== readId) return;
    if (isCancelled(e)) {
      set({ status: 'cancelled', progress: null });
      return;
    }
    const error = toErrorData(e);
    set({
      status: 'failed',
      error,
      result: null,
      progress: null,
      presence: error.code === 'NO_MODULE' ? { checking: false, present: false, error: null } : get().presence,
    });
  }
}

export async function cancelRead(): Promise<void> {
  const { readId, status } = get();
  if (!readId || status !== 'reading') return;
  try {
    await benchApi.cancel(readId);
  } catch (e) {
    set({ error: toErrorData(e) });
  }
}

export async function openDump(): Promise<void> {
  await stopMonitor();
  set({ error: null });
  try {
    const r = await benchApi.openDump({ rxLightSource: get().rxLightSource });
    if (r.canceled) return;
    useAttachStore.setState({ recorded: null, error: null });
    set({ status: 'done', result: r.read, readId: r.read.readId, hoveredField: null, selectedField: null });
  } catch (e) {
    set({ status: 'failed', error: toErrorData(e) });
  }
}

export async function startMonitor(): Promise<void> {
  const { result, monitor } = get();
  if (!result || result.source !== 'programmer' || monitor.running) return;
  set({ monitor: { monitorId: null, running: true, samples: [], extremes: {}, error: null } });
  try {
    const { monitorId } = await benchApi.monitorStart(result.readId, MONITOR_RATE_HZ);
    set({ monitor: { ...get().monitor, monitorId } });
  } catch (e) {
    set({ monitor: { ...get().monitor, running: false, error: toErrorData(e) } });
  }
}

export async function stopMonitor(): Promise<void> {
  const m = get().monitor;
  if (!m.monitorId) {
    if (m.running) set({ monitor: { ...m, running: false } });
    return;
  }
  set({ monitor: { ...m, running: false } });
  try {
    await benchApi.monitorStop(m.monitorId);
  } catch (e) {
    set({ monitor: { ...get().monitor, error: toErrorData(e) } });
  }
}

/** Next module: forget the last result so the screen is ready for the next Read. */
export async function nextModule(): Promise<void> {
  await stopMonitor();
  useAttachStore.setState({ recorded: null, error: null, results: null, query: '', searchedQuery: null });
  set({
    status: 'idle',
    result: null,
    error: null,
    progress: null,
    readId: null,
    hoveredField: null,
    selectedField: null,
    monitor: { monitorId: null, running: false, samples: [], extremes: {}, error: null },
    presence: { checking: false, present: null, error: null },
  });
  void probe();
}

export function hoverField(id: string | null): void {
  if (get().hoveredField !== id) set({ hoveredField: id });
}

export function selectField(id: string | null): void {
  set({ selectedField: get().selectedField === id ? null : id });
}

// ---- attach the judged read to a repair case (cases:find, testruns:record) ----

export interface AttachState {
  query: string;
  /** The text the results belong to: Enter attaches only when the input still shows it. */
  searchedQuery: string | null;
  /** The text of the search in flight, so a second Enter on it does not search twice. */
  pendingQuery: string | null;
  searching: boolean;
  results: CaseSummary[] | null;
  selectedCaseId: number | null;
  role: TestRunRole;
  attaching: boolean;
  error: ErrorData | null;
  /** The run recorded for the current result, so it is not recorded twice by a second Enter. */
  recorded: { run: TestRunSummary; rmaNumber: string } | null;
}

export const useAttachStore = create<AttachState>(() => ({
  query: '',
  searchedQuery: null,
  pendingQuery: null,
  searching: false,
  results: null,
  selectedCaseId: null,
  role: 'before-repair',
  attaching: false,
  error: null,
  recorded: null,
}));

/** Repair in progress means the module on the bench is the repaired one. */
const AFTER_REPAIR_STATUSES: readonly string[] = ['repairing', 'replacing', 'verifying'];

export function openAttach(): void {
  const serial = get().result?.module.vendor.serialNumber.trim() ?? '';
  useAttachStore.setState({ query: serial, searchedQuery: null, pendingQuery: null, results: null, selectedCaseId: null, error: null, searching: false, attaching: false });
  if (serial) void findCases(serial);
}

export function setAttachQuery(query: string): void {
  useAttachStore.setState({ query });
}

export function setAttachRole(role: TestRunRole): void {
  useAttachStore.setState({ role });
}

export function selectAttachCase(caseId: number): void {
  const c = useAttachStore.getState().results?.find((r) => r.id === caseId);
  useAttachStore.setState({
    selectedCaseId: caseId,
    ...(c ? { role: AFTER_REPAIR_STATUSES.includes(c.status) ? 'after-repair' : 'before-repair' } : {}),
  });
}

/** The text changed while this search ran: drop its answer, and stop "searching" unless a newer search runs. */
function settleStale(q: string): void {
  if (useAttachStore.getState().pendingQuery === q) useAttachStore.setState({ searching: false, pendingQuery: null });
}

export async function findCases(query: string): Promise<void> {
  const q = query.trim();
  if (!q) return;
  // Stale matches of the previous text must not stay selectable while the new search runs.
  useAttachStore.setState({ query: q, pendingQuery: q, searching: true, error: null, results: null, searchedQuery: null, selectedCaseId: null });
  try {
    const results = await casesApi.find(q);
    if (useAttachStore.getState().query !== q) return settleStale(q);
    useAttachStore.setState({ results, searchedQuery: q, pendingQuery: null, searching: false, selectedCaseId: null });
    if (results[0]) selectAttachCase(results[0].id);
  } catch (e) {
    if (useAttachStore.getState().query !== q) return settleStale(q);
    useAttachStore.setState({ searching: false, pendingQuery: null, error: toErrorData(e), results: null, searchedQuery: null });
  }
}

/**
 * Records the current read as a test run of the selected case (main names the station and the
 * signed-in operator). With `serialOverride`: a supervisor approves recording a module whose
 * memory gives another serial, with the reason. Returns true when recorded.
 */
export async function attachToCase(serialOverride?: { reason: string; approver?: { technicianId: number; pin: string } }): Promise<boolean> {
  const { result } = get();
  const a = useAttachStore.getState();
  const target = a.results?.find((r) => r.id === a.selectedCaseId);
  if (!result || !target || a.attaching) return false;
  useAttachStore.setState({ attaching: true, error: null });
  try {
    const run = await testRunsApi.record({ readId: result.readId, role: a.role, caseId: target.id, ...(serialOverride ? { serialOverride } : {}) });
    useAttachStore.setState({ attaching: false, recorded: { run, rmaNumber: target.rmaNumber } });
    return true;
  } catch (e) {
    useAttachStore.setState({ attaching: false, error: toErrorData(e) });
    return false;
  }
}
