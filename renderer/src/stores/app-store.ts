// Application-wide state: language, where the technician is (route), who and where they are
// (station, operator), and what the app is. Actions are module-level functions (the zustand
// pattern of the UI plan) so components never call api/ themselves.
import { create } from 'zustand';
import type { AppInfo, ErrorData } from '../../../preload/contract';
import { appApi } from '../api/app';
import { toErrorData, clearSessionRefusalsOnResume } from '../api/client';
import { settingsApi } from '../api/settings';
import { changeLanguage, DEFAULT_LANGUAGE, isLanguage, type Language } from '../i18n';

const LANGUAGE_KEY = 'optic-bench.language';
export const DEFAULT_ROUTE = '/bench';

interface AppState {
  language: Language;
  route: string;
  info: AppInfo | null;
  infoError: ErrorData | null;
  station: string;
  /** The signed-in person as "Name (code)" (set by the session store); '' when nobody is. */
  operator: string;
  /** The programmer the bench is set to, for the status bar (set by the bench store); null = none chosen. */
  programmer: { simulated: boolean; detail: string } | null;
  /** Main's settings were read once: an empty station then means this station was never named. */
  settingsLoaded: boolean;
}

function initialLanguage(): Language {
  try {
    const saved = window.localStorage.getItem(LANGUAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // Storage can be disabled (harness profile); the default language is fine then.
  }
  return DEFAULT_LANGUAGE;
}

function routeFromHash(): string {
  const raw = window.location.hash.replace(/^#/, '');
  return raw.startsWith('/') ? raw : DEFAULT_ROUTE;
}

export const useAppStore = create<AppState>(() => ({
  language: initialLanguage(),
  route: routeFromHash(),
  info: null,
  infoError: null,
  station: '',
  operator: '',
  programmer: null,
  settingsLoaded: false,
}));

export async function setLanguage(lng: Language): Promise<void> {
  await changeLanguage(lng);
  useAppStore.setState({ language: lng });
  try {
    window.localStorage.setItem(LANGUAGE_KEY, lng);
  } catch {
    // Not remembered across restarts, still switched now.
  }
  // Also in main's settings (reports use it), under whoever is signed in; before sign-in only here.
  if (useAppStore.getState().operator !== '') void settingsApi.set('language', lng).catch(() => undefined);
}

export function toggleLanguage(): Promise<void> {
  return setLanguage(useAppStore.getState().language === 'en' ? 'zh-CN' : 'en');
}

/** Hash routes: the app is one page under a file:// or harness URL, so no history server is needed. */
export function navigate(path: string): void {
  if (window.location.hash !== `#${path}`) window.location.hash = path;
  useAppStore.setState({ route: path });
}

/** Top-level path segment, e.g. "/repairs" for "/repairs/case/12". */
export function routeSection(route: string): string {
  const seg = route.split('/')[1] ?? '';
  return `/${seg}`;
}

/**
 * The station's name, stored in main's settings: every test run says where it was taken (main
 * reads it from there, never from the page). Who works at it is the signed-in person.
 */
export async function setStation(station: string): Promise<ErrorData | null> {
  try {
    await settingsApi.set('station', station);
    useAppStore.setState({ station });
    return null;
  } catch (e) {
    return toErrorData(e);
  }
}

let started = false;
/** Called once by main.tsx: applies the saved language, follows the hash, loads app info. */
export async function startApp(): Promise<void> {
  if (started) return;
  started = true;
  window.addEventListener('hashchange', () => useAppStore.setState({ route: routeFromHash() }));
  await changeLanguage(useAppStore.getState().language);
  const [info, settings] = await Promise.allSettled([appApi.info(), settingsApi.get()]);
  if (info.status === 'fulfilled') useAppStore.setState({ info: info.value, infoError: null });
  else useAppStore.setState({ infoError: toErrorData(info.reason) });
  if (settings.status === 'fulfilled') {
    const value = (key: string) => settings.value.find((x) => x.key === key)?.value ?? '';
    useAppStore.setState({ station: value('station'), settingsLoaded: true });
  }
}

export function setProgrammer(programmer: { simulated: boolean; detail: string } | null): void {
  useAppStore.setState({ programmer });
}

clearSessionRefusalsOnResume(useAppStore);
