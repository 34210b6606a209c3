// The only module that names window.bench (DESIGN habit 8). Calls resolve to Result<T>; here
// they become a value or a thrown ApiError, so stores use plain try/catch and the error keeps
// its contract code for the one message map (i18n/error-messages.ts).
import type { BenchApi, ErrorData, Result } from '../../../preload/contract';

// Read through a local view of window rather than a global declaration, so test files that
// declare window.bench themselves do not collide with this one.
const host = window as unknown as { bench?: BenchApi };

export class ApiError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  constructor(error: ErrorData) {
    super(error.message);
    this.name = 'ApiError';
    this.code = error.code;
    this.details = error.details;
  }
  toData(): ErrorData {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** The preload is missing only when the page is opened outside the app or the harness. */
export function bridge(): BenchApi {
  const api = host.bench;
  if (!api) throw new ApiError({ code: 'INTERNAL', message: 'window.bench is not available: the page was opened outside Optic Bench' });
  return api;
}

// A call refused because the station is locked or nobody is signed in means main's session moved
// on (the idle lock, another window): the session store listens and shows the sign-in or lock.
const SESSION_CODES = new Set(['SIGN_IN_REQUIRED', 'SESSION_LOCKED']);
const sessionListeners = new Set<(code: string) => void>();

export function onSessionRefused(listener: (code: string) => void): () => void {
  sessionListeners.add(listener);
  return () => {
    sessionListeners.delete(listener);
  };
}

/** A refusal because of the session (locked, nobody signed in), not because of what was asked. */
export function isSessionRefusal(e: ErrorData | null | undefined): boolean {
  return e !== null && e !== undefined && SESSION_CODES.has(e.code);
}

// Issue 12: a call refused while the station was locked (a poll, an auto-read when a module was
// seated under the lock) left its error on the panel after the unlock, until the next action.
// When someone signs in or unlocks, the stores drop those errors and try again what a user
// expects to have happened (the read of the seated module, the list on screen).
const resumeListeners = new Set<() => void>();

export function onSessionResumed(listener: () => void): () => void {
  resumeListeners.add(listener);
  return () => {
    resumeListeners.delete(listener);
  };
}

/** Called by the session store when the station goes from locked or signed out to signed in. */
export function sessionResumed(): void {
  for (const l of resumeListeners) l();
}

const isErrorData = (v: unknown): v is ErrorData => typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as ErrorData).code === 'string' && typeof (v as ErrorData).message === 'string';

/**
 * The patch that removes session refusals from a store's state: an error field at the top level,
 * or one level down (bench.monitor.error, bench.cage.error), becomes null. null: nothing to remove.
 */
export function withoutSessionRefusals<T extends object>(state: T): Partial<T> | null {
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(state)) {
    if (isErrorData(v)) {
      if (isSessionRefusal(v)) patch[k] = null;
    } else if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype) {
      const inner = Object.entries(v as Record<string, unknown>).filter(([, x]) => isErrorData(x) && isSessionRefusal(x));
      if (inner.length > 0) patch[k] = { ...(v as Record<string, unknown>), ...Object.fromEntries(inner.map(([ik]) => [ik, null])) };
    }
  }
  return Object.keys(patch).length > 0 ? (patch as Partial<T>) : null;
}

/**
 * Registers a store: on resuming, its session refusals are removed, then `retry` gets the state as
 * it was before (to try again what was refused, e.g. the read of a module seated under the lock).
 */
export function clearSessionRefusalsOnResume<T extends object>(store: { getState(): T; setState(patch: Partial<T>): void }, retry?: (before: T) => void): () => void {
  return onSessionResumed(() => {
    const before = store.getState();
    const patch = withoutSessionRefusals(before);
    if (patch !== null) store.setState(patch);
    retry?.(before);
  });
}

export async function unwrap<T>(reply: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await reply;
  } catch (e) {
    // The contract never rejects; a rejection means the bridge itself broke (harness down, IPC closed).
    throw new ApiError({ code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) });
  }
  if (result.ok) return result.value;
  if (SESSION_CODES.has(result.error.code)) for (const l of sessionListeners) l(result.error.code);
  throw new ApiError(result.error);
}

/** Any thrown value as contract error data, for stores that keep `error: ErrorData | null`. */
export function toErrorData(e: unknown): ErrorData {
  if (e instanceof ApiError) return e.toData();
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
}

/** A cancelled read is the user's choice, not a failure (DESIGN habit 5). */
export function isCancelled(e: unknown): boolean {
  return (e instanceof ApiError && e.code === 'CANCELLED') || (typeof e === 'object' && e !== null && 'code' in e && e.code === 'CANCELLED');
}

/** True when the running preload exposes this method; lets the UI disable a control whose channel is absent. */
export function hasChannel(area: string, method: string): boolean {
  const api = host.bench as unknown as Record<string, Record<string, unknown> | undefined> | undefined;
  return typeof api?.[area]?.[method] === 'function';
}
