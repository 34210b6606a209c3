// Export of what the case list shows (its filters and order), or of the test runs of the same
// period. One export at a time; the result or the error stays until the next export.
import { create } from 'zustand';
import type { ErrorData } from '../../../preload/contract/errors';
import type { ExportFormat, ExportKind, TestRunExportFilters } from '../../../preload/contract/exports';
import type { CaseListFilters } from '../features/repairs/types';
import { nextDay, toListQuery } from '../features/repairs/case-query';
import { exportsApi } from '../api/exportsApi';
import { isCancelled, toErrorData, clearSessionRefusalsOnResume } from '../api/client';

export interface ExportDone {
  kind: ExportKind;
  format: ExportFormat;
  fileName: string;
  rows: number;
  bytes: number;
}

interface ExportsState {
  busy: { kind: ExportKind; format: ExportFormat } | null;
  done: ExportDone | null;
  error: ErrorData | null;
}

export const useExportsStore = create<ExportsState>(() => ({ busy: null, done: null, error: null }));

/** The test runs "of the same period" as the list: its notified from/to dates (inclusive) as a taken-at range. */
export function testRunPeriod(f: CaseListFilters): TestRunExportFilters {
  const period: TestRunExportFilters = {};
  if (f.from) period.from = f.from;
  if (f.to) period.to = nextDay(f.to);
  return period;
}

export async function runExport(kind: ExportKind, format: ExportFormat, filters: CaseListFilters): Promise<void> {
  if (useExportsStore.getState().busy !== null) return;
  useExportsStore.setState({ busy: { kind, format }, done: null, error: null });
  try {
    const q = toListQuery(filters, null, 1);
    const r = kind === 'cases'
      ? await exportsApi.cases({ format, filters: q.filters ?? {}, ...(q.sort === undefined ? {} : { sort: q.sort }) })
      : await exportsApi.testRuns({ format, filters: testRunPeriod(filters) });
    useExportsStore.setState({ busy: null, done: r.canceled ? null : { kind, format, fileName: r.fileName, rows: r.rows, bytes: r.bytes } });
  } catch (e) {
    // Closing the dialog or cancelling is the user's choice, not a failure.
    useExportsStore.setState({ busy: null, error: isCancelled(e) ? null : toErrorData(e) });
  }
}

export function dismissExportMessage(): void {
  useExportsStore.setState({ done: null, error: null });
}

clearSessionRefusalsOnResume(useExportsStore);
