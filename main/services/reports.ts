// Reports inside the app: the preview HTML, Print and Save as PDF for one stored test run or one
// repair case. The page names only the record and the language; the document is built here from
// the database, so nothing the page sends ever becomes HTML or a path.
import { randomUUID } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReportPreview, ReportPrintResult, ReportRequest, ReportSaveResult } from '../../preload/contract/reports';
import { BenchError, isBenchError } from '../errors';
import {
  loadRepairReportData,
  loadTestReportData,
  renderRepairReportHtml,
  renderTestReportHtml,
  repairReportTitle,
  reportPdfOptions,
  testReportTitle,
  type ReportMeta,
} from '../reports/index';
import type { Dialogs } from './app-services';
import type { RecordServices } from './index';
import type { Printer } from './printer';
import type { OutputEvent } from './audit';

export interface ReportServiceDeps {
  /** The records of the database open now (a restore replaces them). */
  records: () => RecordServices;
  /** Absent where nothing can print (REPORT_PRINTER_UNAVAILABLE); the preview still works. */
  printer: Printer | null;
  dialogs: Dialogs;
  appVersion: string;
  now: () => number;
  /** Replaceable so a test can make the disk fail; node's writeFile otherwise. */
  writeFile?: (file: string, bytes: Uint8Array) => Promise<void>;
  /** Records that a report left the app (printed or saved), in the audit trail; nothing when absent. */
  recordOutput?: (event: OutputEvent) => Promise<void>;
}


export interface ReportService {
  preview(req: ReportRequest): Promise<ReportPreview>;
  print(req: ReportRequest): Promise<ReportPrintResult>;
  savePdf(req: ReportRequest): Promise<ReportSaveResult>;
}

interface BuiltReport extends ReportPreview {
  meta: ReportMeta;
}

/** A file name from record text (an RMA number may hold "/" or spaces): letters, digits, ".", "-", "_". */
export function safeFileStem(text: string): string {
  const stem = text.normalize('NFKC').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+|[._]+$/g, '');
  return stem.slice(0, 80) || 'report';
}

const PDF_FILTERS = [{ name: 'PDF document', extensions: ['pdf'] }];

export function createReportService(deps: ReportServiceDeps): ReportService {
  const write = deps.writeFile ?? ((file: string, bytes: Uint8Array) => writeFile(file, bytes, { flag: 'wx' }));

  const build = async (req: ReportRequest): Promise<BuiltReport> => {
    const records = deps.records();
    const station = (await records.settings.get('station')) ?? '';
    const meta: ReportMeta = { station, printedAt: new Date(deps.now()), lang: req.lang, appVersion: deps.appVersion };
    if (req.kind === 'test-run') {
      const data = await loadTestReportData(records, req.id);
      return { meta, html: renderTestReportHtml(data, meta), title: testReportTitle(data, meta), fileName: `test-run-${req.id}.pdf` };
    }
    const data = await loadRepairReportData(records, req.id);
    return { meta, html: renderRepairReportHtml(data, meta), title: repairReportTitle(data, meta), fileName: `${safeFileStem(data.case.rmaNumber)}-repair-report.pdf` };
  };

  const printer = (): Printer => {
    if (deps.printer === null) throw new BenchError('REPORT_PRINTER_UNAVAILABLE', 'This runtime has no printer: save the report as a PDF instead.');
    return deps.printer;
  };

  const renderPdf = async (p: Printer, r: BuiltReport): Promise<Uint8Array> => {
    try {
      return await p.pdf(r.html, reportPdfOptions(r.meta, r.title));
    } catch (e) {
      if (isBenchError(e)) throw e;
      throw new BenchError('REPORT_PDF_FAILED', `The PDF of "${r.title}" could not be made: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  return {
    preview: async (req) => {
      const { html, title, fileName } = await build(req);
      return { html, title, fileName };
    },

    print: async (req) => {
      const r = await build(req);
      const printed = await printer().print(r.html);
      if (printed) await deps.recordOutput?.({ action: 'report.print', entity: reportEntity(req), entityId: String(req.id), details: { title: r.title, lang: req.lang } });
      return { printed };
    },

    savePdf: async (req) => {
      // Built first, so an unknown id is reported before a dialog asks where to save it.
      const r = await build(req);
      const p = printer();
      // Rendered while the user chooses the file: the PDF is usually ready when the dialog closes.
      const pdf = renderPdf(p, r);
      pdf.catch(() => undefined);
      const file = await deps.dialogs.saveFile({ title: 'Save the report as PDF', defaultName: r.fileName, filters: PDF_FILTERS });
      if (file === null) return { canceled: true };
      const bytes = await pdf;
      // Written beside the target and renamed over it: a full disk never leaves half a PDF behind
      // under the chosen name (the save dialog already asked before replacing an existing file).
      const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
      try {
        await write(tmp, bytes);
        await rename(tmp, file);
      } catch (e) {
        await rm(tmp, { force: true }).catch(() => undefined);
        const code = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : 'error');
        throw new BenchError('REPORT_WRITE_FAILED', `${path.basename(file)} could not be written (${code}).`, { file: path.basename(file), reason: code });
      }
      await deps.recordOutput?.({ action: 'report.save-pdf', entity: reportEntity(req), entityId: String(req.id), details: { title: r.title, lang: req.lang, file: path.basename(file), bytes: bytes.length } });
      return { canceled: false, fileName: path.basename(file), bytes: bytes.length };
    },
  };
}

function reportEntity(req: ReportRequest): string {
  return req.kind === 'test-run' ? 'test_run' : 'repair_case';
}
