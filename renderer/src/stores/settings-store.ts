// Settings: limit profiles (all versions), the one being viewed, and load errors.
import { create } from 'zustand';
import type { ErrorData, LimitProfile } from '../../../preload/contract';
import { toErrorData } from '../api/client';
import { limitsApi } from '../api/limits';

interface SettingsState {
  profiles: LimitProfile[];
  profilesLoading: boolean;
  profilesError: ErrorData | null;
  /** "id@version" of the profile shown in detail. */
  viewing: string | null;
}

export const useSettingsStore = create<SettingsState>(() => ({
  profiles: [],
  profilesLoading: false,
  profilesError: null,
  viewing: null,
}));

const set = useSettingsStore.setState;

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
  set({ viewing: key });
}
