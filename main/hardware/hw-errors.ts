// Coded hardware errors in a technician's words. One place so the CLI, the IPC layer and the
// tests see the same codes (preload/contract/errors.ts) and the same phrasing.
import { BenchError } from '../errors';

export function cancelled(): BenchError {
  return new BenchError('CANCELLED', 'The read was cancelled.');
}

export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled();
}

export function unplugged(path: string): BenchError {
  return new BenchError(
    'PROGRAMMER_UNPLUGGED',
    `The programmer on ${path} went away during the read (unplugged or reset). Plug it back in and read again.`,
    { path },
  );
}

export function notResponding(path: string, what: string): BenchError {
  return new BenchError(
    'PROGRAMMER_NOT_RESPONDING',
    `The programmer on ${path} is not answering (${what}). Check that it is the kind of programmer you chose and that it is plugged in.`,
    { path },
  );
}

export function noModule(path: string | null): BenchError {
  return new BenchError(
    'NO_MODULE',
    `No module answers in the programmer${path === null ? '' : ` on ${path}`}. Seat the module fully and check its 3.3 V supply and the I2C wiring.`,
    path === null ? undefined : { path },
  );
}

export function readFailed(message: string, details?: Record<string, unknown>): BenchError {
  return new BenchError('READ_FAILED', message, details);
}

/**
 * The line never goes quiet: bytes keep arriving that nobody asked for (electrical noise, a wrong
 * baud rate, another program talking). Retrying cannot help, so it is not transient.
 */
export function noisyLine(path: string): BenchError {
  return new BenchError(
    'READ_FAILED',
    `The line to the programmer on ${path} is noisy: bytes keep arriving that are not replies. Check the USB cable and that no other program uses the port, then read again.`,
    { path, fatal: true },
  );
}

/** Errors worth another attempt after the bus is re-synchronised (noise, a lost reply). */
export function isTransient(e: unknown): boolean {
  return e instanceof BenchError && (e.code === 'READ_FAILED' || e.code === 'PROGRAMMER_NOT_RESPONDING') && e.details?.fatal !== true;
}
