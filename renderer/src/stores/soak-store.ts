// Soaks on the bench (issue 15): start one on the read on screen, follow it by polling main (so a
// reload finds it again: main keeps it running whatever the page does), mark phases, zoom the
// plots, export the series. Actions at module level call api/.
import { create } from 'zustand';
import type { ErrorData, ExportFileResult, SoakEvent, SoakLive, SoakPhaseKind, SoakSeriesWindow } from '../../../preload/contract';
import type { TestRunRole } from '../../../preload/contract/records';
import { soaksApi } from '../api/soaks';
import { toErrorData, clearSessionRefusalsOnResume, isSessionRefusal } from '../api/client';

export interface SoakView {
  fromMs: number;
  toMs: number;
}

export interface SoakUiState {
  /** Soaks of this session of main (running and ended), newest first. */
  soaks: SoakLive[];
  current: SoakLive | null;
  /** Every event of the current soak (polled incrementally). */
  events: SoakEvent[];
  series: SoakSeriesWindow | null;
  /** The plotted window; null follows the whole soak. */
  view: SoakView | null;
  /** Buckets to ask for: about one per pixel of the plots. */
  buckets: number;
  form: { rateHz: number; minutes: number; onCase: boolean };
  starting: boolean;
  stopping: boolean;
  error: ErrorData | null;
  exported: ExportFileResult | null;
}

export const useSoakStore = create<SoakUiState>(() => ({
  soaks: [],
  current: null,
  events: [],
  series: null,
  view: null,
  buckets: 600,
  form: { rateHz: 20, minutes: 60, onCase: true },
  starting: false,
  stopping: false,
  error: null,
  exported: null,
}));

const set = useSoakStore.setState;
const get = useSoakStore.getState;

const active = (s: SoakLive | null): boolean => s !== null && s.state !== 'finished' && s.state !== 'failed';

export function setSoakForm(patch: Partial<SoakUiState['form']>): void {
  set({ form: { ...get().form, ...patch } });
}

export function setBuckets(n: number): void {
  const buckets = Math.max(50, Math.min(4000, Math.round(n)));
  if (buckets !== get().buckets) set({ buckets });
}

async function fetchSeries(): Promise<void> {
  const { current, view, buckets } = get();
  if (!current) return;
  try {
    const source = current.testRunId !== null && !active(current) ? { testRunId: current.testRunId } : { soakId: current.soakId };
    const series = await soaksApi.series({ source, buckets, ...(view ? { fromMs: Math.max(0, view.fromMs), toMs: Math.max(view.fromMs + 1, view.toMs) } : {}) });
    if (get().current?.soakId === current.soakId) set({ series });
  } catch (e) {
    set({ error: toErrorData(e) });
  }
}

/** Shows a soak of the list (its events from the start, its whole series). */
export async function showSoak(soakId: string): Promise<void> {
  try {
    const s = await soaksApi.status(soakId, 0);
    set({ current: s, events: s.events, view: null, series: null, error: null, exported: null });
    await fetchSeries();
  } catch (e) {
    set({ error: toErrorData(e) });
  }
}

/** Finds what main is running (after a reload, too) and shows the newest soak. */
export async function loadSoaks(): Promise<void> {
  try {
    const soaks = await soaksApi.list();
    set({ soaks });
    const cur = get().current;
    const pick = soaks.find((s) => active(s)) ?? (cur ? soaks.find((s) => s.soakId === cur.soakId) : undefined) ?? null;
    if (pick && pick.soakId !== cur?.soakId) await showSoak(pick.soakId);
  } catch (e) {
    set({ error: toErrorData(e) });
  }
}

let polling = false;
/** One poll: new events and counts; the series when the plots follow the soak. */
export async function pollSoak(): Promise<void> {
  const cur = get().current;
  if (!cur || polling) return;
  polling = true;
  try {
    // Open events change (their end arrives later): ask again from the oldest still open (within
    // the last 200, so a flapping module does not make every poll carry thousands).
    const have = get().events;
    const open = have.findIndex((e) => e.endMs === null);
    const from = Math.max(open < 0 ? have.length : open, have.length - 200);
    const s = await soaksApi.status(cur.soakId, from);
    if (get().current?.soakId !== cur.soakId) return;
    set({ current: s, events: [...have.slice(0, s.eventsFrom), ...s.events] });
    const ended = active(cur) && !active(s);
    if (get().view === null || ended) await fetchSeries();
    if (ended) await loadSoaks();
  } catch (e) {
    set({ error: toErrorData(e) });
  } finally {
    polling = false;
  }
}

/** Polls while the bench screen shows; returns the cleanup. */
export function connectSoaks(): () => void {
  void loadSoaks();
  const timer = window.setInterval(() => {
    if (active(get().current)) void pollSoak();
  }, 1000);
  return () => window.clearInterval(timer);
}

export async function startSoak(readId: string, caseId: number | null, role: TestRunRole): Promise<void> {
  const { form } = get();
  set({ starting: true, error: null, exported: null });
  try {
    const { soakId } = await soaksApi.start({
      readId,
      rateHz: form.rateHz,
      durationS: Math.max(1, Math.round(form.minutes * 60)),
      ...(caseId !== null && form.onCase ? { caseId, role } : {}),
    });
    set({ starting: false });
    await showSoak(soakId);
    await loadSoaks();
  } catch (e) {
    set({ starting: false, error: toErrorData(e) });
  }
}

export async function stopSoak(): Promise<void> {
  const cur = get().current;
  if (!cur || !active(cur)) return;
  set({ stopping: true });
  try {
    await soaksApi.stop(cur.soakId);
    await showSoak(cur.soakId);
    await loadSoaks();
  } catch (e) {
    set({ error: toErrorData(e) });
  } finally {
    set({ stopping: false });
  }
}

export async function markPhase(kind: SoakPhaseKind, note: string): Promise<void> {
  const cur = get().current;
  if (!cur) return;
  try {
    await soaksApi.phase({ soakId: cur.soakId, kind, ...(note.trim() !== '' ? { note: note.trim() } : {}) });
    await pollSoak();
  } catch (e) {
    set({ error: toErrorData(e) });
  }
}

/** Zoom or pan the plots (null: the whole soak again). */
export function setSoakView(view: SoakView | null): void {
  set({ view });
  void fetchSeries();
}

export async function exportSoakCsv(): Promise<void> {
  const cur = get().current;
  if (!cur || cur.testRunId === null) return;
  try {
    set({ exported: await soaksApi.exportCsv({ testRunId: cur.testRunId }), error: null });
  } catch (e) {
    set({ error: toErrorData(e) });
  }
}

// A poll refused while the station was locked: the list is asked for again (the polls go on by themselves).
clearSessionRefusalsOnResume(useSoakStore, (before) => {
  if (isSessionRefusal(before.error)) void loadSoaks();
});
