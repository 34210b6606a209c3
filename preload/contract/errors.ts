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
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number] | (string & {});

export interface ErrorData {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorData };
