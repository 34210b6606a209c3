// The one table of error codes. Main returns them as data ({ok:false, error:{code,...}}), the CLI
// prints them and exits non-zero, and the renderer maps each code to words in one place.
// Add codes here (grouped by area); never reuse a code for another meaning.

export const ERROR_CODES = [
  // generic
  'INTERNAL',
  'INVALID_INPUT',
  'NOT_FOUND',
  'CANCELLED',
  'FORBIDDEN_SENDER',
  // files and images
  'FILE_NOT_FOUND',
  'FILE_UNREADABLE',
  'IMAGE_EMPTY',
  'IMAGE_UNPARSEABLE',
  // hardware: programmers, serial ports, module reads (issue 3)
  'NO_MODULE',
  'PROGRAMMER_NOT_RESPONDING',
  'PROGRAMMER_UNPLUGGED',
  'PORT_NOT_FOUND',
  'PORT_BUSY',
  'PORT_PERMISSION',
  'PORT_OPEN_FAILED',
  'UDEV_MISSING',
  'READ_FAILED',
  'MODULE_UNSUPPORTED',
  'SIM_MODULE_UNKNOWN',
  // warranty rules and limit profiles (issue 4, main/warranty and main/limits)
  'INVALID_DATE',
  'INVALID_CAUSE',
  'INVALID_VERDICT',
  'WARRANTY_NOTIFIED_BEFORE_DELIVERY',
  'WARRANTY_NOTIFIED_BEFORE_MANUFACTURE',
  'WARRANTY_BASIS_UNKNOWN',
  'LIMIT_PROFILE_INVALID',
  'LIMIT_PROFILE_DUPLICATE',
  'LIMIT_PROFILE_NOT_FOUND',
  'LIMIT_LIBRARY_UNREADABLE',
  // records: database, workflow, import, backup (issue 4, main/db and main/services)
  'DB_TOO_NEW',
  'DB_NOT_OPTIC_BENCH',
  'DB_OPEN_FAILED',
  'DB_CORRUPT',
  'ILLEGAL_TRANSITION',
  'EVIDENCE_MISSING',
  'VERIFICATION_FAILED',
  'DUPLICATE',
  'CASE_CLOSED',
  'CSV_INVALID',
  'BACKUP_TARGET_EXISTS',
  'RESTORE_SOURCE_INVALID',
  // reports: documents and PDF output (issue 7, main/reports and the report CLI command)
  'REPORT_BROWSER_MISSING',
  'REPORT_BROWSER_FAILED',
  'REPORT_TARGET_EXISTS',
  // exports of cases and test runs (issue 7, main/services/exports.ts)
  'EXPORT_TARGET_EXISTS',
  'EXPORT_WRITE_FAILED',
  // reports in the app: print and Save as PDF (issue 7, main/services/reports.ts and the printers)
  'REPORT_PRINTER_UNAVAILABLE',
  'REPORT_PRINT_FAILED',
  'REPORT_PDF_FAILED',
  'REPORT_WRITE_FAILED',
  // evidence: provenance, hash chain, restore, sign-in and roles (issue 16)
  'SIGN_IN_REQUIRED',
  'SESSION_LOCKED',
  'ROLE_REQUIRED',
  'PIN_INVALID',
  'PIN_THROTTLED',
  'SETUP_ALREADY_DONE',
  'STATION_NOT_SET',
  'SERIAL_MISMATCH',
  'EVIDENCE_NOT_ADMISSIBLE',
  'CHAIN_BROKEN',
  'RESTORE_SCHEMA_MISMATCH',
  'RESTORE_CHAIN_BROKEN',
  'RESTORE_DATABASE_IN_USE',
  'PORT_NOT_LISTED',
  'PROGRAMMER_NOISY_LINE',
  // the bench flow: reads kept, attached once, withdrawn by a supervisor; deliveries previewed (issue 12)
  'ALREADY_ATTACHED',
  'NOT_ATTACHED',
  'MODULE_CHANGED',
  'PREVIEW_EXPIRED',
  // soak runs (issue 15)
  'SOAK_RUNNING',
  'SOAK_RATE_TOO_HIGH',
  // the lab's PostgreSQL server (issue 14, main/db and the lab services)
  'LAB_SERVER_UNREACHABLE',
  'LAB_SERVER_REFUSED',
  'LAB_UPGRADE_NEEDED',
  'LAB_SECRET_STORE_UNAVAILABLE',
  'CASE_CHANGED',
  'MIGRATE_CONFLICT',
  'MIGRATE_SOURCE_INVALID',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number] | (string & {});

export interface ErrorData {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorData };
