// What a PostgreSQL failure means to the person at the bench (issue 14), in one place: the IPC
// wrapper, the CLI and the outbox all ask here whether an error is "the server does not answer"
// (keep working, queue the run) or "the server said no" (fix the settings).
import { BenchError } from '../errors';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED']);
const REFUSED_SQLSTATES = new Set(['28P01', '28000', '3D000', '42501']);

function driverErrorOf(e: unknown): { code?: unknown; message?: unknown } {
  const d = (e as { driverError?: unknown } | null)?.driverError;
  return (d ?? e ?? {}) as { code?: unknown; message?: unknown };
}

/** True when the server could not be reached or the connection broke (the request may be retried). */
export function isUnreachable(e: unknown): boolean {
  if (e instanceof BenchError) return e.code === 'LAB_SERVER_UNREACHABLE';
  const d = driverErrorOf(e);
  const code = typeof d.code === 'string' ? d.code : '';
  const message = String(d.message ?? (e as Error | null)?.message ?? '');
  if (NETWORK_CODES.has(code)) return true;
  // Class 08: connection exceptions; 57P01-57P03: the server shut down or is starting.
  if (/^08/.test(code) || code === '57P01' || code === '57P02' || code === '57P03') return true;
  return /Connection terminated|connection timeout|timeout expired|Client has encountered a connection error|Connection ended|not queryable|read ECONNRESET|socket hang up|Query read timeout/i.test(message);
}

/** A coded error for a database failure, or null when it is not one this module knows. */
export function classifyDatabaseError(e: unknown, server = 'the lab server'): BenchError | null {
  if (e instanceof BenchError) return e;
  const d = driverErrorOf(e);
  const code = typeof d.code === 'string' ? d.code : '';
  const message = String(d.message ?? (e as Error | null)?.message ?? '');
  if (isUnreachable(e)) {
    return new BenchError('LAB_SERVER_UNREACHABLE', `${server} does not answer (${code || message.slice(0, 120)})`, { server, cause: code || null });
  }
  if (REFUSED_SQLSTATES.has(code) || /self[- ]signed|certificate|SSL|does not support SSL/i.test(message)) {
    return new BenchError('LAB_SERVER_REFUSED', `${server} refused: ${message.slice(0, 300)}`, { server, cause: code || null });
  }
  return null;
}
