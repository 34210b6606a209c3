// Report documents inside the app (issue 7): preview, Print, Save as PDF. The page names only
// which record and which language; main loads the record, renders the HTML and, for a PDF, asks
// where to write it in its own save dialog, so the page never sends HTML or a path.
// Pure TypeScript + zod: no node:*.
import { z } from 'zod';

export const REPORT_KINDS = ['test-run', 'repair'] as const;
/** 'test-run': `id` is a test run's id; 'repair': `id` is a repair case's id. */
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_LANGS = ['en', 'zh-CN'] as const;
/** The document's language; independent of the UI language (a customer may want the other one). */
export type ReportLanguage = (typeof REPORT_LANGS)[number];

export const ReportRequestSchema = z
  .object({
    kind: z.enum(REPORT_KINDS),
    id: z.number().int().positive(),
    lang: z.enum(REPORT_LANGS),
  })
  .strict();
export type ReportRequest = z.input<typeof ReportRequestSchema>;

export interface ReportPreview {
  /** A complete static HTML document (no scripts); show it in a sandboxed iframe's srcdoc. */
  html: string;
  /** The document's title, in the report's language. */
  title: string;
  /** The name Save as PDF proposes, e.g. RMA-2026-0001-repair-report.pdf. */
  fileName: string;
}

/** `printed` is false when the user closed the system print dialog without printing. */
export interface ReportPrintResult {
  printed: boolean;
}

/** The user may close the save dialog: that is not an error. */
export type ReportSaveResult = { canceled: true } | { canceled: false; fileName: string; bytes: number };
