// Report documents: React components rendered to one static HTML document each (with its own
// print stylesheet), printed to PDF by Electron (printToPDF) in the app and by Chromium
// (pdf.ts) on the command line, with the same header/footer options (reportPdfOptions).
// pdf.ts is imported on its own (main/reports/pdf): the Electron main process prints with
// printToPDF and must not load playwright-core.

export type { ReportLang } from './strings';
export type { ReportMeta } from './components';
export { reportPdfOptions, type ReportPdfOptions } from './pdf-options';
export {
  findingsOf,
  loadRepairReportData,
  loadTestReportData,
  testReportDataFromImage,
  type ImageReportInput,
  type RepairReportData,
  type RepairReportRun,
  type ReportModuleIdentity,
  type RunFinding,
  type TestReportData,
  type TestReportSource,
} from './data';

export { renderRepairReportHtml, renderTestReportHtml, repairReportTitle, testReportTitle } from './render';
