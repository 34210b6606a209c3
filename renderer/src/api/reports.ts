// Report documents: main builds them from the record id, so only the kind, id and language cross.
import type { ReportPreview, ReportPrintResult, ReportRequest, ReportSaveResult } from '../../../preload/contract';
import { bridge, unwrap } from './client';

export const reportsApi = {
  /** The report as static HTML (shown in a sandboxed iframe) with its title and proposed file name. */
  preview: (req: ReportRequest): Promise<ReportPreview> => unwrap(bridge().reports.preview(req)),
  /** The system print dialog; `printed` false when the user closed it. */
  print: (req: ReportRequest): Promise<ReportPrintResult> => unwrap(bridge().reports.print(req)),
  /** Main's save dialog, then the PDF written there. */
  savePdf: (req: ReportRequest): Promise<ReportSaveResult> => unwrap(bridge().reports.savePdf(req)),
};
