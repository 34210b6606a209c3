// Who is at the station, as main says (main keeps the session; the page never names an actor).
// The page shows the sign-in, the first-start setup or the lock screen from `status.state`, and
// tells main when the person is working (typing, clicking) so main's idle lock does not fire
// under someone filling in a long form; after the idle minutes without input it locks itself.
import { create } from 'zustand';
import type { ErrorData, SessionStatus, SetupRequest } from '../../../preload/contract';
import { roleAtLeast, type TechnicianRole } from '../../../preload/contract/records';
import { onSessionRefused, sessionResumed, toErrorData } from '../api/client';
import { sessionApi } from '../api/session';
import { useAppStore } from './app-store';

interface SessionState {
  status: SessionStatus | null;
  loadError: ErrorData | null;
  busy: boolean;
  /** The last sign-in, unlock or setup error, shown on that form. */
  error: ErrorData | null;
}

export const useSessionStore = create<SessionState>(() => ({ status: null, loadError: null, busy: false, error: null }));

const set = useSessionStore.setState;

function apply(status: SessionStatus): void {
  const before = useSessionStore.getState().status?.state ?? null;
  set({ status, loadError: null });
  // Back at work after a lock or a sign-out: what was refused meanwhile is cleared or tried again.
  if (before !== null && before !== 'signed-in' && status.state === 'signed-in') queueMicrotask(sessionResumed);
  // Locked, the person is still the one at the station (their work waits under the lock).
  const p = status.state === 'signed-in' || status.state === 'locked' ? status.person : null;
  // The status bar and the forms that need "who" read it from the app store.
  useAppStore.setState({ operator: p === null ? '' : `${p.name} (${p.code})` });
}

export async function loadSession(): Promise<void> {
  try {
    apply(await sessionApi.status());
  } catch (e) {
    set({ loadError: toErrorData(e) });
  }
}

async function act(run: () => Promise<SessionStatus>): Promise<boolean> {
  set({ busy: true, error: null });
  try {
    apply(await run());
    set({ busy: false });
    lastInput = Date.now();
    return true;
  } catch (e) {
    set({ busy: false, error: toErrorData(e) });
    return false;
  }
}

export const signIn = (technicianId: number, pin: string): Promise<boolean> => act(() => sessionApi.signIn({ technicianId, pin }));
export const unlock = (pin: string): Promise<boolean> => act(() => sessionApi.unlock(pin));
export const setupFirstManager = (req: SetupRequest): Promise<boolean> => act(() => sessionApi.setup(req));
export const lockStation = (): Promise<boolean> => act(() => sessionApi.lock());
export const signOut = (): Promise<boolean> => act(() => sessionApi.signOut());

export function clearSessionError(): void {
  set({ error: null });
}

/** The signed-in person has at least `role` (what the UI offers; main checks it again). */
export function useHasRole(role: TechnicianRole): boolean {
  return useSessionStore((s) => s.status?.state === 'signed-in' && s.status.person !== null && roleAtLeast(s.status.person.role, role));
}

// ---- activity and the idle lock ----

let lastInput = Date.now();
let lastReported = 0;
let started = false;

/** Called once by main.tsx: follows input, reports it, locks after idle time, reacts to refusals. */
export function startSessionWatch(): void {
  if (started) return;
  started = true;
  const onInput = (): void => {
    lastInput = Date.now();
  };
  for (const type of ['keydown', 'pointerdown', 'wheel'] as const) window.addEventListener(type, onInput, { passive: true, capture: true });
  onSessionRefused(() => void loadSession());
  window.setInterval(() => {
    const status = useSessionStore.getState().status;
    if (status?.state !== 'signed-in') return;
    const now = Date.now();
    if (now - lastInput >= status.idleLockMinutes * 60_000) {
      void lockStation();
      return;
    }
    // At most one report a minute, and only when the person did something since the last one.
    if (lastInput > lastReported && now - lastReported >= 60_000) {
      lastReported = now;
      void sessionApi.activity().then(apply, () => undefined);
    }
  }, 15_000);
}

export async function startSession(): Promise<void> {
  startSessionWatch();
  await loadSession();
}
