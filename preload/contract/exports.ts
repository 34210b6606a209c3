// Exports of repair cases and test runs to CSV or JSON (issue 7). The renderer sends what to
// export; main asks where (its save dialog) and writes the file, so the page never names a path.
// Pure TypeScript + zod: no node:*.
import { z } from 'zod';
import { CASE_SORTS, CaseFiltersSchema } from './records';

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_KINDS = ['cases', 'test-runs'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** Test runs to export. Every field narrows; none given exports every run. */
export const TestRunExportFiltersSchema = z
  .object({
    /** Taken on or after (inclusive) / before (exclusive), ISO instants or dates (UTC midnight). */
    from: z.string().min(10).max(40).optional(),
    to: z.string().min(10).max(40).optional(),
    /** Runs attached to this repair case. */
    caseId: z.number().int().positive().optional(),
    /** Runs attached to the case with this RMA number (exact, case-insensitive). */
    rma: z.string().trim().min(1).max(40).optional(),
    /** Runs of this module serial (exact). */
    serial: z.string().trim().min(1).max(64).optional(),
    overall: z.enum(['pass', 'marginal', 'fail']).optional(),
  })
  .strict();
export type TestRunExportFilters = z.infer<typeof TestRunExportFiltersSchema>;

/** "Export what I see": the case list's own filters and sort. */
export const CaseExportRequestSchema = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    filters: CaseFiltersSchema.default({}),
    sort: z.enum(CASE_SORTS).default('notified-desc'),
  })
  .strict();
export type CaseExportRequest = z.input<typeof CaseExportRequestSchema>;

export const TestRunExportRequestSchema = z
  .object({
    format: z.enum(EXPORT_FORMATS),
    filters: TestRunExportFiltersSchema.default({}),
  })
  .strict();
export type TestRunExportRequest = z.input<typeof TestRunExportRequestSchema>;

/** The user may close the save dialog: that is not an error. `fileName` is the base name only. */
export type ExportFileResult = { canceled: true } | { canceled: false; fileName: string; rows: number; bytes: number };
