// Settings: limit profiles (all versions, import, new version), technicians, backup and restore.
// File choices happen in main's dialogs; a cancelled dialog is not an error.
import { create } from 'zustand';
import type { ChainCheckResult, ChainStatus, ErrorData, LimitProfile } from '../../../preload/contract';
import { sessionApi } from '../api/session';
import { loadSession } from './session-store';
import type { Technician, TechnicianRole } from '../../../preload/contract/records';
import { casesApi } from '../api/cases';
import { toErrorData, clearSessionRefusalsOnResume, isSessionRefusal } from '../api/client';
import { limitsApi } from '../api/limits';
import { settingsApi } from '../api/settings';

export type Notice = { key: string; values?: Record<string, string | number> };

interface SettingsState {
  profiles: LimitProfile[];
  profilesLoading: boolean;
  profilesError: ErrorData | null;
  /** "id@version" of the profile shown in detail. */
  viewing: string | null;
  /** The profile being edited as a new version (a copy, version already bumped). */
  draft: LimitProfile | null;
  technicians: Technician[];
  techniciansError: ErrorData | null;
  busy: boolean;
  /** The last action's error or success message, shown where the action was taken. */
  actionError: ErrorData | null;
  notice: Notice | null;
}

export const useSettingsStore = create<SettingsState>(() => ({
  profiles: [],
  profilesLoading: false,
  profilesError: null,
  viewing: null,
  draft: null,
  technicians: [],
  techniciansError: null,
  busy: false,
  actionError: null,
  notice: null,
}));

const set = useSettingsStore.setState;
const get = useSettingsStore.getState;

export function profileKey(p: Pick<LimitProfile, 'id' | 'version'>): string {
  return `${p.id}@${p.version}`;
}

export async function loadProfiles(): Promise<void> {
  set({ profilesLoading: true, profilesError: null });
  try {
    const profiles = await limitsApi.list();
    set({ profiles, profilesLoading: false });
  } catch (e) {
    set({ profilesLoading: false, profilesError: toErrorData(e) });
  }
}

export function viewProfile(key: string | null): void {
  set({ viewing: key, draft: null });
}

/** Versions are never rewritten: a new version takes the next number above every existing one of that id. */
export function nextVersion(profiles: LimitProfile[], id: string): number {
  return Math.max(0, ...profiles.filter((p) => p.id === id).map((p) => p.version)) + 1;
}

export function startNewVersion(base: LimitProfile): void {
  const copy = structuredClone(base);
  copy.version = nextVersion(get().profiles, base.id);
  copy.effectiveFrom = new Date().toISOString().slice(0, 10);
  set({ draft: copy, actionError: null, notice: null });
}

export function cancelDraft(): void {
  set({ draft: null, actionError: null });
}

async function act(run: () => Promise<Notice | null>): Promise<boolean> {
  set({ busy: true, actionError: null, notice: null });
  try {
    const notice = await run();
    set({ busy: false, notice });
    return true;
  } catch (e) {
    set({ busy: false, actionError: toErrorData(e) });
    return false;
  }
}

export function saveNewVersion(profile: LimitProfile): Promise<boolean> {
  return act(async () => {
    const saved = await settingsApi.newLimitVersion(profile);
    set({ draft: null, viewing: `${saved.id}@${saved.version}` });
    await loadProfiles();
    return { key: 'profiles.versionSaved', values: { id: saved.id, version: saved.version } };
  });
}

export function importProfiles(): Promise<boolean> {
  return act(async () => {
    const r = await settingsApi.importLimits();
    if (r.canceled) return null;
    await loadProfiles();
    return { key: 'profiles.imported', values: { count: r.imported.length, file: r.fileName } };
  });
}

export async function loadTechnicians(): Promise<void> {
  try {
    set({ technicians: await casesApi.technicians(true), techniciansError: null });
  } catch (e) {
    set({ techniciansError: toErrorData(e) });
  }
}

export function addTechnician(input: { code: string; name: string; role: TechnicianRole }): Promise<boolean> {
  return act(async () => {
    const t = await casesApi.createTechnician(input);
    await loadTechnicians();
    return { key: 'technicians.added', values: { name: t.name } };
  });
}

export function setTechnicianActive(id: number, active: boolean): Promise<boolean> {
  return act(async () => {
    await casesApi.setTechnicianActive(id, active);
    await loadTechnicians();
    return null;
  });
}

export function setTechnicianPin(id: number, pin: string): Promise<boolean> {
  return act(async () => {
    const t = await casesApi.setTechnicianPin(id, pin);
    await loadTechnicians();
    return { key: 'technicians.pinSet', values: { name: t.name } };
  });
}

export function setIdleLockMinutes(minutes: number): Promise<boolean> {
  return act(async () => {
    await settingsApi.set('idleLockMinutes', String(minutes));
    await loadSession();
    return { key: 'session.idleSaved', values: { minutes } };
  });
}

// ---- the hash chain over the evidence ----

export const useChainStore = create<{ checking: boolean; result: ChainCheckResult | null; error: ErrorData | null; startup: ChainStatus | null }>(() => ({
  checking: false,
  result: null,
  error: null,
  startup: null,
}));

export async function verifyRecords(): Promise<void> {
  useChainStore.setState({ checking: true, error: null });
  try {
    useChainStore.setState({ checking: false, result: await sessionApi.verifyChain() });
  } catch (e) {
    useChainStore.setState({ checking: false, error: toErrorData(e) });
  }
}

/** The start-up check (main runs it in the background): asked again until it is done. */
export async function loadStartupCheck(): Promise<void> {
  try {
    const startup = await sessionApi.chainStatus();
    useChainStore.setState({ startup });
    if (startup.state === 'running') window.setTimeout(() => void loadStartupCheck(), 2000);
  } catch {
    // Not signed in yet: asked again after sign-in.
  }
}

export function createBackup(): Promise<boolean> {
  return act(async () => {
    const r = await settingsApi.backup();
    if (r.canceled) return null;
    return { key: 'backup.created', values: { file: r.fileName, size: r.bytes } };
  });
}

export function restoreBackup(): Promise<boolean> {
  return act(async () => {
    const r = await settingsApi.restore();
    if (r.canceled) return null;
    // The people and PINs are the backup's now: main signed everyone out.
    await loadSession();
    await Promise.all([loadProfiles(), loadTechnicians()]).catch(() => undefined);
    return { key: r.previousCopyKept ? 'backup.restoredKept' : 'backup.restored', values: { file: r.restoredFrom } };
  });
}

// Refused while the station was locked: the lists are asked for again on unlock.
clearSessionRefusalsOnResume(useSettingsStore, (before) => {
  if (isSessionRefusal(before.profilesError)) void loadProfiles();
  if (isSessionRefusal(before.techniciansError)) void loadTechnicians();
});
clearSessionRefusalsOnResume(useChainStore);
