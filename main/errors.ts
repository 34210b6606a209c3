import type { ErrorCode, ErrorData } from '../preload/contract/errors';

/**
 * A failure with a code from preload/contract/errors.ts and a message a technician can act on.
 * Services throw it; the IPC wrapper and the CLI turn it into data / an exit code.
 */
export class BenchError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'BenchError';
    this.code = code;
    this.details = details;
  }

  toData(): ErrorData {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isBenchError(e: unknown): e is BenchError {
  return e instanceof BenchError;
}
