// The report preview: which record's report is open, in which language, its HTML from main, and
// the Print / Save as PDF actions. One preview at a time (a modal), opened from the case page or
// the bench once a run is recorded.
import { create } from 'zustand';
import type { ErrorData } from '../../../preload/contract/errors';
import type { ReportKind, ReportLanguage, ReportPreview } from '../../../preload/contract/reports';
import { reportsApi } from '../api/reports';
import { isCancelled, toErrorData, clearSessionRefusalsOnResume, isSessionRefusal } from '../api/client';
import { useAppStore } from './app-store';

export type ReportOutcome = { kind: 'saved'; fileName: string; bytes: number } | { kind: 'printed' } | { kind: 'not-printed' } | { kind: 'save-cancelled' };

interface ReportsState {
  target: { kind: ReportKind; id: number } | null;
  lang: ReportLanguage;
  preview: ReportPreview | null;
  loading: boolean;
  /** The preview could not be built (e.g. NOT_FOUND). */
  error: ErrorData | null;
  busy: 'print' | 'save' | null;
  actionError: ErrorData | null;
  /** What the last Print / Save did, for the status line. */
  outcome: ReportOutcome | null;
}

export const useReportsStore = create<ReportsState>(() => ({
  target: null,
  lang: 'en',
  preview: null,
  loading: false,
  error: null,
  busy: null,
  actionError: null,
  outcome: null,
}));

// Only the newest preview request may land: switching language twice quickly must not show the first.
let loadSeq = 0;

async function load(): Promise<void> {
  const { target, lang } = useReportsStore.getState();
  if (!target) return;
  const seq = ++loadSeq;
  useReportsStore.setState({ loading: true, error: null });
  try {
    const preview = await reportsApi.preview({ ...target, lang });
    if (seq === loadSeq) useReportsStore.setState({ preview, loading: false });
  } catch (e) {
    if (seq === loadSeq) useReportsStore.setState({ preview: null, loading: false, error: toErrorData(e) });
  }
}

/** Opens the preview of a test run's or a repair case's report, in the UI's language. */
export function openReport(kind: ReportKind, id: number): Promise<void> {
  useReportsStore.setState({ target: { kind, id }, lang: useAppStore.getState().language, preview: null, error: null, busy: null, actionError: null, outcome: null });
  return load();
}

export function closeReport(): void {
  loadSeq++;
  useReportsStore.setState({ target: null, preview: null, loading: false, error: null, busy: null, actionError: null, outcome: null });
}

/** The document's language only: the UI stays in its own. */
export function setReportLanguage(lang: ReportLanguage): Promise<void> {
  if (useReportsStore.getState().lang === lang) return Promise.resolve();
  useReportsStore.setState({ lang, actionError: null, outcome: null });
  return load();
}

export function retryReport(): Promise<void> {
  return load();
}

export async function printReport(): Promise<void> {
  const { target, lang, busy } = useReportsStore.getState();
  if (!target || busy) return;
  useReportsStore.setState({ busy: 'print', actionError: null, outcome: null });
  try {
    const r = await reportsApi.print({ ...target, lang });
    useReportsStore.setState({ busy: null, outcome: { kind: r.printed ? 'printed' : 'not-printed' } });
  } catch (e) {
    useReportsStore.setState({ busy: null, actionError: isCancelled(e) ? null : toErrorData(e) });
  }
}

export async function saveReportPdf(): Promise<void> {
  const { target, lang, busy } = useReportsStore.getState();
  if (!target || busy) return;
  useReportsStore.setState({ busy: 'save', actionError: null, outcome: null });
  try {
    const r = await reportsApi.savePdf({ ...target, lang });
    useReportsStore.setState({ busy: null, outcome: r.canceled ? { kind: 'save-cancelled' } : { kind: 'saved', fileName: r.fileName, bytes: r.bytes } });
  } catch (e) {
    useReportsStore.setState({ busy: null, actionError: isCancelled(e) ? null : toErrorData(e) });
  }
}

// A preview refused while the station was locked is built again on unlock.
clearSessionRefusalsOnResume(useReportsStore, (before) => {
  if (isSessionRefusal(before.error)) void retryReport();
});
