// The screens of the app as data: the nav, the keyboard shortcuts and the router read this list.
// Each feature adds its own entry (small edit); `path` is the top-level hash route, sub-routes
// ("/repairs/case/12") belong to the feature under it.
import type { ReactNode } from 'react';
import { BenchScreen } from './features/bench/bench-screen';
import { SettingsScreen } from './features/settings/settings-screen';
import { RepairsScreen } from './features/repairs/repairs-screen';
import { SupervisionScreen } from './features/supervision/supervision-screen';
import { StatisticsScreen } from './features/statistics/statistics-screen';

export interface RouteEntry {
  /** Top-level hash path, e.g. "/bench". */
  path: string;
  /** i18n key of the nav label, "namespace:key". */
  labelKey: string;
  element: ReactNode;
  /** Shown in the nav and the shortcut help; handled by the shell (App.tsx). */
  shortcut: string;
}

export const ROUTES: RouteEntry[] = [
  { path: '/bench', labelKey: 'common:nav.bench', element: <BenchScreen />, shortcut: 'Ctrl+1' },
  { path: '/repairs', labelKey: 'common:nav.repairs', element: <RepairsScreen />, shortcut: 'Ctrl+2' },
  { path: '/supervision', labelKey: 'common:nav.supervision', element: <SupervisionScreen />, shortcut: 'Ctrl+3' },
  { path: '/statistics', labelKey: 'common:nav.statistics', element: <StatisticsScreen />, shortcut: 'Ctrl+4' },
  { path: '/settings', labelKey: 'common:nav.settings', element: <SettingsScreen />, shortcut: 'Ctrl+5' },
];

/** Nav order: the five screens of issue 6 in the order a technician's day goes. */
const ORDER = ['/bench', '/repairs', '/supervision', '/statistics', '/settings'];
export function orderedRoutes(): RouteEntry[] {
  return [...ROUTES].sort((a, b) => {
    const ia = ORDER.indexOf(a.path);
    const ib = ORDER.indexOf(b.path);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });
}
