// The bench: which programmer, what its cage holds (main watches it), the read in flight
// (progress, cancel), the judged result, what it can be attached to, the live monitor and the
// hex-view highlight. Actions at module level call api/.
//
// Issue 12: the screen shows the module in the socket, or nothing. A read starts by itself when
// a module is seated (the autoRead setting, on by default); the result goes the moment the module
// is pulled or another serial appears, so nothing stale can be attached; every completed read is
// stored by main at once (result.testRun), and attaching links that run to a case.
import { create } from 'zustand';
import type {
  BenchReadResult,
  ErrorData,
  LiveReading,
  PortInfo,
  PresenceEvent,
  ProgrammerSelection,
  ReadProgressEvent,
  SeatedModule,
  SimulatedModuleInfo,
} from '../../../preload/contract';
import { monitorUnavailableFor } from '../../../preload/contract/live-monitor';
import type { CaseCandidate, CaseSummary, TestRunRole, TestRunSummary } from '../../../preload/contract/records';
import { benchApi } from '../api/bench';
import { casesApi } from '../api/cases';
import { settingsApi } from '../api/settings';
import { testRunsApi } from '../api/test-runs';
import { isCancelled, toErrorData, clearSessionRefusalsOnResume, isSessionRefusal } from '../api/client';
import { setProgrammer } from './app-store';
import { shortcutLabel } from '../components/shortcuts';

export type ReadStatus = 'idle' | 'reading' | 'done' | 'failed' | 'cancelled';

/** Rolling window of the monitor: 10 minutes at 1 Hz keeps the chart readable and memory flat. */
export const MONITOR_WINDOW = 600;
export const MONITOR_RATE_HZ = 1;

export interface SeriesExtremes {
  min: number;
  max: number;
}

/** The case the bench was opened for ("Test the returned module" / "Test the replacement" on the case page). */
export interface BenchTarget {
  caseId: number;
  rmaNumber: string;
  moduleSerial: string;
  role: TestRunRole;
  /** Testing the replacement: the read's serial becomes the case's replacement serial if it has none. */
  replacement: boolean;
}

export interface CageState {
  watchId: string | null;
  state: 'unknown' | 'seated' | 'empty' | 'error';
  module: SeatedModule | null;
  error: ErrorData | null;
}

export interface BenchState {
  ports: PortInfo[];
  simModules: SimulatedModuleInfo[];
  sourcesLoading: boolean;
  sourcesError: ErrorData | null;
  selection: ProgrammerSelection;
  rxLightSource: boolean;
  /** Read as soon as a module is seated (Settings and the bench; on unless turned off). */
  autoRead: boolean;
  /** R, A, N, M on the bench (WCAG 2.1.4: a station can turn single-key shortcuts off). */
  singleKeys: boolean;
  cage: CageState;
  status: ReadStatus;
  readId: string | null;
  progress: ReadProgressEvent | null;
  result: BenchReadResult | null;
  error: ErrorData | null;
  /** Why the last result went away: its module was pulled, or another one was seated. */
  cleared: { reason: 'pulled' | 'changed'; serial: string } | null;
  target: BenchTarget | null;
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
const NO_MONITOR: BenchState['monitor'] = { monitorId: null, running: false, samples: [], extremes: {}, error: null };

export const useBenchStore = create<BenchState>(() => ({
  ports: [],
  simModules: [],
  sourcesLoading: false,
  sourcesError: null,
  selection: SIM_DEFAULT,
  rxLightSource: true,
  autoRead: true,
  singleKeys: true,
  cage: { watchId: null, state: 'unknown', module: null, error: null },
  status: 'idle',
  readId: null,
  progress: null,
  result: null,
  error: null,
  cleared: null,
  target: null,
  monitor: NO_MONITOR,
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

/** The identity a read gives, as the cage watch reads it (same fields, same trimming as the decoder). */
export function identityOf(r: BenchReadResult): Pick<SeatedModule, 'serial' | 'vendor' | 'partNumber'> {
  const v = r.module.vendor;
  return { serial: v.serialNumber.trim(), vendor: v.name.trim(), partNumber: v.partNumber.trim() };
}

function sameIdentity(a: Pick<SeatedModule, 'serial' | 'vendor' | 'partNumber'>, b: Pick<SeatedModule, 'serial' | 'vendor' | 'partNumber'>): boolean {
  return a.serial === b.serial && a.vendor === b.vendor && a.partNumber === b.partNumber;
}

let readCounter = 0;
function newReadId(): string {
  readCounter += 1;
  return `r${Date.now().toString(36)}-${readCounter}`;
}

let unsubscribers: (() => void)[] = [];
/** Listen to progress, cage and monitor events once per bench screen mount; returns the cleanup. */
export function connectBenchEvents(): () => void {
  if (unsubscribers.length === 0) {
    unsubscribers = [
      benchApi.onProgress((e) => {
        if (e.readId === get().readId && get().status === 'reading') set({ progress: e });
      }),
      benchApi.onPresence(onPresence),
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
    const [ports, simModules, settings] = await Promise.all([benchApi.ports(), benchApi.simModules(), settingsApi.get().catch(() => [])]);
    // Recognised programmers first (the contract already orders them; keep it stable regardless).
    const sorted = [...ports].sort((a, b) => Number(b.kind !== null) - Number(a.kind !== null));
    const autoRead = settings.find((x) => x.key === 'autoRead')?.value !== 'off';
    const singleKeys = settings.find((x) => x.key === 'singleKeyShortcuts')?.value !== 'off';
    set({ ports: sorted, simModules, sourcesLoading: false, autoRead, singleKeys });
    const sel = get().selection;
    if (sel.kind === 'sim' && !sel.module && simModules[0]) {
      selectProgrammer({ kind: 'sim', module: simModules[0].name });
    } else {
      setProgrammer(selectionStatus(sel, sorted));
      // A programmer chosen before (the screen mounted again): watch its cage again.
      if (get().cage.watchId === null) void startWatch();
    }
  } catch (e) {
    set({ sourcesLoading: false, sourcesError: toErrorData(e) });
  }
}

export function selectProgrammer(selection: ProgrammerSelection): void {
  const same = selectionKey(selection) === selectionKey(get().selection);
  if (same && get().cage.watchId !== null) return;
  set({ selection });
  setProgrammer(selectionStatus(selection, get().ports));
  if (!same) clearResult(null);
  void startWatch();
}

export function setRxLightSource(rxLightSource: boolean): void {
  set({ rxLightSource });
}

/** The bench's own settings, as main keeps them (Settings shows them before the bench was opened). */
export async function loadBenchSettings(): Promise<void> {
  try {
    const settings = await settingsApi.get();
    set({
      autoRead: settings.find((x) => x.key === 'autoRead')?.value !== 'off',
      singleKeys: settings.find((x) => x.key === 'singleKeyShortcuts')?.value !== 'off',
    });
  } catch {
    // Shown as the default until the settings can be read.
  }
}

/**
 * How a character shortcut is written on its button and announced (aria-keyshortcuts): "R", or
 * "Alt+R" while single-key shortcuts are off, which is what the key handlers then answer.
 */
export function useCharacterShortcut(key: string): { label: string; aria: string } {
  const singleKeys = useBenchStore((s) => s.singleKeys);
  const label = shortcutLabel(key, singleKeys);
  return { label, aria: label };
}

/** Reading when a module is seated: kept in main's settings, so the station keeps its choice. */
export async function setAutoRead(autoRead: boolean): Promise<ErrorData | null> {
  set({ autoRead });
  try {
    await settingsApi.set('autoRead', autoRead ? 'on' : 'off');
    return null;
  } catch (e) {
    return toErrorData(e);
  }
}

/**
 * Single-key shortcuts (R, A, N, M) on or off: a speech-input user or one who types with a pointer
 * stick sets them off by accident (WCAG 2.1 2.1.4). Kept in main's settings like autoRead.
 */
export async function setSingleKeys(singleKeys: boolean): Promise<ErrorData | null> {
  set({ singleKeys });
  try {
    await settingsApi.set('singleKeyShortcuts', singleKeys ? 'on' : 'off');
    return null;
  } catch (e) {
    return toErrorData(e);
  }
}

// ---- the cage ----

let watchSeq = 0;

/** Watch the chosen programmer's cage (main polls it); the old watch ends. */
export async function startWatch(): Promise<void> {
  const seq = ++watchSeq;
  const old = get().cage.watchId;
  set({ cage: { watchId: null, state: 'unknown', module: null, error: null } });
  if (old !== null) void benchApi.watchStop(old).catch(() => undefined);
  try {
    const { watchId } = await benchApi.watchStart(get().selection);
    if (seq !== watchSeq) {
      void benchApi.watchStop(watchId).catch(() => undefined);
      return;
    }
    // A presence event may have come before the answer: keep what it said.
    set((s) => ({ cage: { ...s.cage, watchId } }));
    const early = pendingPresence.get(watchId);
    pendingPresence.clear();
    if (early !== undefined) onPresence(early);
  } catch (e) {
    if (seq === watchSeq) set({ cage: { watchId: null, state: 'error', module: null, error: toErrorData(e) } });
  }
}

/** The bench screen goes away: main stops looking at the cage (and lets go of the port). */
export function stopWatch(): void {
  watchSeq += 1;
  const id = get().cage.watchId;
  set({ cage: { watchId: null, state: 'unknown', module: null, error: null } });
  if (id !== null) void benchApi.watchStop(id).catch(() => undefined);
}

// Events can arrive before watchStart's reply names the watch; the newest one per watch waits here.
const pendingPresence = new Map<string, PresenceEvent>();

function onPresence(e: PresenceEvent): void {
  const cage = get().cage;
  if (cage.watchId === null) {
    pendingPresence.set(e.watchId, e);
    return;
  }
  if (e.watchId !== cage.watchId) return;
  set({ cage: { watchId: cage.watchId, state: e.state, module: e.module, error: e.error } });
  if (e.state === 'error') return;
  const { result, status } = get();
  // A dump file is not in the cage: a module seated or pulled says nothing about it.
  const shown = result !== null && result.source !== 'file' ? identityOf(result) : null;
  if (e.state === 'empty') {
    if (shown !== null && status === 'done') clearResult({ reason: 'pulled', serial: shown.serial });
    return;
  }
  if (e.module === null) return;
  performance.mark('bench:seated');
  if (shown !== null && sameIdentity(shown, e.module)) return;
  if (shown !== null && status === 'done') clearResult({ reason: 'changed', serial: shown.serial });
  // A read in flight finishes first; it is then compared with the cage (read()).
  if (get().autoRead && get().status !== 'reading') void read();
}

/** Forget the result on screen (and what it could be attached to). */
function clearResult(cleared: BenchState['cleared']): void {
  void stopMonitor();
  useAttachStore.setState(ATTACH_RESET);
  set({
    status: 'idle',
    result: null,
    error: null,
    progress: null,
    readId: null,
    hoveredField: null,
    selectedField: null,
    monitor: NO_MONITOR,
    cleared,
  });
}

// ---- reads ----

export async function read(): Promise<void> {
  if (get().status === 'reading') return;
  await stopMonitor();
  const readId = newReadId();
  set({ status: 'reading', readId, progress: null, error: null, cleared: null, hoveredField: null, selectedField: null });
  useAttachStore.setState(ATTACH_RESET);
  try {
    performance.mark('bench:read-start');
    const result = await benchApi.read({ programmer: get().selection, rxLightSource: get().rxLightSource, readId });
    // The read as the page waits for it (reader and IPC): bench:ui sets it against seat-to-paint.
    performance.measure('bench:read', 'bench:read-start');
    if (get().readId !== readId) return;
    // The cage may have changed while the read ran: a result of a module no longer seated is not shown.
    const cage = get().cage;
    if (cage.watchId !== null && cage.state === 'empty') {
      set({ status: 'idle', result: null, progress: null, cleared: { reason: 'pulled', serial: identityOf(result).serial } });
      return;
    }
    if (cage.watchId !== null && cage.state === 'seated' && cage.module !== null && !sameIdentity(cage.module, identityOf(result))) {
      set({ status: 'idle', result: null, progress: null, cleared: { reason: 'changed', serial: identityOf(result).serial } });
      if (get().autoRead) void read();
      return;
    }
    set({ status: 'done', result, progress: null });
    void proposeCases(result);
  } catch (e) {
    if (get().readId !== readId) return;
    if (isCancelled(e)) {
      set({ status: 'cancelled', progress: null });
      return;
    }
    set({ status: 'failed', error: toErrorData(e), result: null, progress: null });
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
    useAttachStore.setState(ATTACH_RESET);
    set({ status: 'done', result: r.read, readId: r.read.readId, cleared: null, hoveredField: null, selectedField: null });
    void proposeCases(r.read);
  } catch (e) {
    set({ status: 'failed', error: toErrorData(e) });
  }
}

/** Next module, by hand (with auto-read off, or to clear a file): forget the result. */
export async function nextModule(): Promise<void> {
  clearResult(null);
}

export async function startMonitor(): Promise<void> {
  const { result, monitor } = get();
  // The panel says why a module has nothing live (the same rule main refuses by); M does nothing then.
  if (!result || monitorUnavailableFor(result) !== null || monitor.running) return;
  set({ monitor: { ...NO_MONITOR, running: true } });
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

export function hoverField(id: string | null): void {
  if (get().hoveredField !== id) set({ hoveredField: id });
}

export function selectField(id: string | null): void {
  set({ selectedField: get().selectedField === id ? null : id });
}

// ---- the case the bench works for ----

/** From the case page: the next read is for this case in this role (the bench shows it). */
export function setBenchTarget(target: BenchTarget | null): void {
  set({ target });
  const r = get().result;
  if (r !== null) void proposeCases(r);
}

// ---- attaching the read: proposed cases, another case by search, the link ----

export interface AttachChoice {
  caseId: number;
  rmaNumber: string;
  role: TestRunRole;
  /** The case's own module serial, to say when the read is of another module. */
  moduleSerial: string;
  asReplacement: boolean;
  /** Where the choice came from: the case page's target, the read's serial, or a search. */
  via: 'target' | 'serial' | 'search';
}

export interface AttachState {
  /** Open cases of the read's serial (its module or its replacement). */
  candidates: CaseCandidate[] | null;
  candidatesLoading: boolean;
  candidatesError: ErrorData | null;
  /** What Enter attaches to: the target, the first candidate, or a case chosen in the dialog. */
  choice: AttachChoice | null;
  attaching: boolean;
  error: ErrorData | null;
  /** The run as attached, so Enter does not attach it twice. */
  recorded: { run: TestRunSummary; rmaNumber: string; role: TestRunRole } | null;
  // The dialog's search for another case.
  query: string;
  /** The text the results belong to: Enter chooses only when the input still shows it. */
  searchedQuery: string | null;
  /** The text of the search in flight, so a second Enter on it does not search twice. */
  pendingQuery: string | null;
  searching: boolean;
  results: CaseSummary[] | null;
  selectedCaseId: number | null;
  role: TestRunRole;
}

const ATTACH_RESET: Partial<AttachState> = {
  candidates: null,
  candidatesLoading: false,
  candidatesError: null,
  choice: null,
  attaching: false,
  error: null,
  recorded: null,
  results: null,
  query: '',
  searchedQuery: null,
  pendingQuery: null,
  searching: false,
  selectedCaseId: null,
};

export const useAttachStore = create<AttachState>(() => ({
  candidates: null,
  candidatesLoading: false,
  candidatesError: null,
  choice: null,
  attaching: false,
  error: null,
  recorded: null,
  query: '',
  searchedQuery: null,
  pendingQuery: null,
  searching: false,
  results: null,
  selectedCaseId: null,
  role: 'before-repair',
}));

const aset = useAttachStore.setState;
const aget = useAttachStore.getState;

/** Repair in progress means the module on the bench is the repaired one. */
const AFTER_REPAIR_STATUSES: readonly string[] = ['repairing', 'replacing', 'verifying'];
/** Cases that can take evidence: not ended. */
const ENDED: readonly string[] = ['closed', 'returned-no-fault', 'rejected-not-covered'];

/** The case the read should go to: the bench's target, else the newest open case of its serial. */
async function proposeCases(result: BenchReadResult): Promise<void> {
  const readId = result.readId;
  const target = get().target;
  if (target !== null) {
    aset({
      choice: { caseId: target.caseId, rmaNumber: target.rmaNumber, role: target.role, moduleSerial: target.moduleSerial, asReplacement: target.replacement, via: 'target' },
      candidates: null,
      candidatesLoading: false,
    });
    return;
  }
  const serial = identityOf(result).serial;
  if (serial === '') {
    aset({ candidates: [], candidatesLoading: false, choice: null });
    return;
  }
  aset({ candidatesLoading: true, candidatesError: null });
  try {
    const candidates = await casesApi.candidates(serial);
    if (get().result?.readId !== readId) return;
    const first = candidates[0];
    aset({
      candidates,
      candidatesLoading: false,
      choice:
        first === undefined
          ? null
          : { caseId: first.id, rmaNumber: first.rmaNumber, role: first.role, moduleSerial: first.moduleSerial, asReplacement: false, via: 'serial' },
    });
  } catch (e) {
    if (get().result?.readId !== readId) return;
    aset({ candidatesLoading: false, candidatesError: toErrorData(e), candidates: [] });
  }
}

/** Another role for the proposed case (before or after repair). */
export function setChoiceRole(role: TestRunRole): void {
  const c = aget().choice;
  if (c !== null) aset({ choice: { ...c, role } });
}

/** One of the proposed cases (a serial with two open cases). */
export function chooseCandidate(caseId: number): void {
  const c = aget().candidates?.find((x) => x.id === caseId);
  if (c !== undefined) aset({ choice: { caseId: c.id, rmaNumber: c.rmaNumber, role: c.role, moduleSerial: c.moduleSerial, asReplacement: false, via: 'serial' }, error: null });
}

/**
 * Links the read's run to the chosen case (main checks the cage still holds that module). With
 * `serialOverride`: a supervisor approves counting a module whose memory gives another serial.
 * Returns true when attached.
 */
export async function attachChosen(serialOverride?: { reason: string; approver?: { technicianId: number; pin: string } }): Promise<boolean> {
  const { result } = get();
  const a = aget();
  const choice = a.choice;
  const run = result?.testRun ?? null;
  if (!result || !choice || run === null || a.attaching || a.recorded !== null) return false;
  aset({ attaching: true, error: null });
  try {
    // A read kept while the lab server did not answer waits in this bench's outbox (issue 14):
    // it is attached by recording it for the case, which the outbox carries to the server.
    const attached =
      run.queued === true
        ? await testRunsApi.record({
            readId: result.readId,
            caseId: choice.caseId,
            role: choice.role,
            ...(choice.asReplacement ? { asReplacement: true } : {}),
            ...(serialOverride ? { serialOverride } : {}),
          })
        : await testRunsApi.attach({
            testRunId: run.id,
            caseId: choice.caseId,
            role: choice.role,
            seatedCheck: result.source === 'programmer',
            ...(choice.asReplacement ? { asReplacement: true } : {}),
            ...(serialOverride ? { serialOverride } : {}),
          });
    if (get().result?.readId !== result.readId) return false;
    aset({ attaching: false, recorded: { run: attached, rmaNumber: choice.rmaNumber, role: choice.role } });
    if (get().target?.caseId === choice.caseId) set({ target: null });
    return true;
  } catch (e) {
    aset({ attaching: false, error: toErrorData(e) });
    return false;
  }
}

// ---- the dialog: another case, found by scanning or typing its serial or RMA number ----

export function openAttach(): void {
  const serial = get().result?.module.vendor.serialNumber.trim() ?? '';
  aset({ query: serial, searchedQuery: null, pendingQuery: null, results: null, selectedCaseId: null, error: null, searching: false });
  if (serial) void findCases(serial);
}

export function setAttachQuery(query: string): void {
  aset({ query });
}

export function setAttachRole(role: TestRunRole): void {
  aset({ role });
}

export function selectAttachCase(caseId: number): void {
  const c = aget().results?.find((r) => r.id === caseId);
  aset({
    selectedCaseId: caseId,
    ...(c ? { role: AFTER_REPAIR_STATUSES.includes(c.status) ? 'after-repair' : 'before-repair' } : {}),
  });
}

/** The text changed while this search ran: drop its answer, and stop "searching" unless a newer search runs. */
function settleStale(q: string): void {
  if (aget().pendingQuery === q) aset({ searching: false, pendingQuery: null });
}

export async function findCases(query: string): Promise<void> {
  const q = query.trim();
  if (!q) return;
  // Stale matches of the previous text must not stay selectable while the new search runs.
  aset({ query: q, pendingQuery: q, searching: true, error: null, results: null, searchedQuery: null, selectedCaseId: null });
  try {
    // Cases that can take no more evidence are not offered (the issue: they were refused only after Attach).
    const results = (await casesApi.find(q)).filter((c) => !ENDED.includes(c.status));
    if (aget().query !== q) return settleStale(q);
    aset({ results, searchedQuery: q, pendingQuery: null, searching: false, selectedCaseId: null });
    if (results[0]) selectAttachCase(results[0].id);
  } catch (e) {
    if (aget().query !== q) return settleStale(q);
    aset({ searching: false, pendingQuery: null, error: toErrorData(e), results: null, searchedQuery: null });
  }
}

/** The dialog's choice becomes the one Enter attaches to. */
export function chooseSearchedCase(): boolean {
  const a = aget();
  const c = a.results?.find((r) => r.id === a.selectedCaseId);
  if (c === undefined) return false;
  aset({ choice: { caseId: c.id, rmaNumber: c.rmaNumber, role: a.role, moduleSerial: c.moduleSerial, asReplacement: false, via: 'search' }, error: null });
  return true;
}

// A module seated while the station was locked was read and refused (SESSION_LOCKED): once
// unlocked, the read is made again when the module is still there, as auto-read would have.
clearSessionRefusalsOnResume(useBenchStore, (before) => {
  if (isSessionRefusal(before.sourcesError)) void loadSources();
  if (isSessionRefusal(before.cage.error)) void startWatch();
  if (before.status === 'failed' && isSessionRefusal(before.error)) {
    set({ status: 'idle', readId: null });
    const cage = get().cage;
    if (get().autoRead && cage.state === 'seated' && cage.module !== null) void read();
  }
});
clearSessionRefusalsOnResume(useAttachStore, (before) => {
  const result = useBenchStore.getState().result;
  if (isSessionRefusal(before.candidatesError) && result !== null) void proposeCases(result);
});
