// Exports of cases and test runs. Main shows the save dialog and writes the file; these calls
// carry only what to export (format and filters), never a path.
import type { CaseExportRequest, ExportFileResult, TestRunExportRequest } from '../../../preload/contract/exports';
import { bridge, hasChannel, unwrap } from './client';

export const exportsApi = {
  /** False when the running app has no export channels (an older preload). */
  available: (): boolean => hasChannel('exports', 'cases') && hasChannel('exports', 'testRuns'),
  cases: (req: CaseExportRequest): Promise<ExportFileResult> => unwrap(bridge().exports.cases(req)),
  testRuns: (req: TestRunExportRequest): Promise<ExportFileResult> => unwrap(bridge().exports.testRuns(req)),
};
