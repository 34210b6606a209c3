import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './components/dialog';
import { ErrorBoundary } from './components/error-boundary';
import { helpShortcut, matchesShortcut, isTypingTarget, modalOpen, shortcutLabel } from './components/shortcuts';
import { loadBenchSettings, useBenchStore } from './stores/bench-store';
import { Toasts } from './components/toasts';
import { Announcer } from './components/announcer';
import { LANGUAGES, type Language } from './i18n';
import { orderedRoutes } from './routes';
import { DEFAULT_ROUTE, navigate, routeSection, setLanguage, toggleLanguage, useAppStore } from './stores/app-store';
import { lockStation, signOut, useSessionStore } from './stores/session-store';
import { loadStartupCheck, useChainStore } from './stores/settings-store';
import { startLabWatch, useLabStore } from './stores/lab-store';
import { SessionGate, StationGate } from './features/session/sign-in-screen';
import { LoadingState, ErrorState } from './components/states';

/** Focus the current screen's main heading (so a screen reader reads where it is), else the main region. */
function focusMainContent(): void {
  const main = document.getElementById('main-content');
  if (!main) return;
  const heading = main.querySelector<HTMLElement>('h1, h2');
  if (heading) {
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.focus();
  } else {
    main.focus();
  }
}

function setDocumentTitle(title: string): void {
  document.title = title;
}

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', 'zh-CN': '中文' };

function LanguageSwitch() {
  const { t } = useTranslation('common');
  const language = useAppStore((s) => s.language);
  return (
    <div className="lang-switch" role="group" aria-label={t('shell.language')}>
      {LANGUAGES.map((lng) => (
        <button
          key={lng}
          type="button"
          lang={lng}
          aria-pressed={language === lng}
          className={language === lng ? 'is-active' : ''}
          onClick={() => void setLanguage(lng)}
        >
          {LANGUAGE_NAMES[lng]}
        </button>
      ))}
    </div>
  );
}

function SessionControls() {
  const { t } = useTranslation('session');
  const person = useSessionStore((s) => (s.status?.state === 'signed-in' ? s.status.person : null));
  if (person === null) return null;
  return (
    <span className="status-bar__session">
      <span className="muted">{t(`roles.${person.role}`)}</span>
      <button type="button" onClick={() => void lockStation()} data-testid="lock-button" title={t('lock.now')}>
        {t('lock.now')}
      </button>
      <button type="button" onClick={() => void signOut()} data-testid="sign-out-button">
        {t('signOut')}
      </button>
    </span>
  );
}

/** The start-up check of the hash chain found a break: say so on every screen until it is dealt with. */
function ChainWarning() {
  const { t } = useTranslation('session');
  const startup = useChainStore((s) => s.startup);
  if (startup?.state !== 'done' || startup.result.ok) return null;
  return (
    <p className="state state--error chain-warning" role="alert" data-testid="chain-warning">
      <strong>{t('chainWarning')}</strong> {startup.result.firstBroken?.message ?? ''}
    </p>
  );
}

/** The lab server's line (issue 14): runs waiting in this bench's outbox, a server that does not answer. */
function LabStatusLine() {
  const { t } = useTranslation('common');
  const status = useLabStore((s) => s.status);
  if (status === null || status.mode !== 'lab') return null;
  const refused = status.refused.length;
  return (
    <span className={`status-bar__lab${status.connected ? '' : ' is-offline'}`} data-testid="status-lab" data-connected={status.connected} title={status.lastError ?? status.server ?? ''}>
      {status.waiting > 0 ? (
        <strong data-testid="status-outbox">{t('shell.labWaiting', { count: status.waiting })}</strong>
      ) : status.connected ? (
        t('shell.labConnected', { server: status.server ?? '' })
      ) : (
        <strong>{t('shell.labOffline')}</strong>
      )}
      {refused > 0 ? (
        <>
          {' · '}
          <strong data-testid="status-refused" title={status.refused.map((r) => `${r.moduleSerial}: ${r.message}`).join('\n')}>
            {t('shell.labRefused', { count: refused })}
          </strong>
        </>
      ) : null}
    </span>
  );
}

function StatusBar() {
  const singleKeys = useBenchStore((s) => s.singleKeys);
  const { t } = useTranslation(['common', 'bench']);
  const { station, operator, info, programmer } = useAppStore();
  const programmerText = programmer
    ? programmer.simulated
      ? `${t('bench:programmer.simulated')}${programmer.detail ? ` · ${programmer.detail}` : ''}`
      : programmer.detail
    : '';
  return (
    <footer className="status-bar" aria-label={t('common:shell.statusBar')}>
      <span>
        <span className="status-bar__label">{t('common:shell.station')}</span> <span data-testid="status-station">{station || t('common:shell.notSet')}</span>
      </span>
      <span>
        <span className="status-bar__label">{t('common:shell.operator')}</span> <span data-testid="status-operator">{operator || t('common:shell.notSet')}</span>{' '}
        <SessionControls />
      </span>
      <span>
        <span className="status-bar__label">{t('common:shell.programmer')}</span> <span data-testid="status-programmer">{programmerText || t('common:shell.none')}</span>
      </span>
      <LabStatusLine />
      <span className="status-bar__spacer" />
      {info ? (
        <span className="status-bar__app">
          {info.name} {info.version} · {info.runtime}
        </span>
      ) : null}
      <span className="status-bar__hint">{t(singleKeys ? 'common:shell.shortcutHint' : 'common:shell.shortcutHintF1')}</span>
    </footer>
  );
}

function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation(['common', 'bench']);
  const routes = orderedRoutes();
  // What the key handlers answer now: with single-key shortcuts off, the letters only with Alt.
  const singleKeys = useBenchStore((s) => s.singleKeys);
  const k = (key: string): string => shortcutLabel(key, singleKeys);
  const rows: [string, string][] = [
    ...routes.map((r): [string, string] => [r.shortcut, t(r.labelKey)]),
    ['Ctrl+L', t('common:shell.toggleLanguage')],
    [k('R'), t('bench:shortcut.read')],
    ['Esc', t('bench:shortcut.cancel')],
    [`${k('A')} / ↵`, t('bench:shortcut.attach')],
    [k('N'), t('bench:shortcut.next')],
    [k('M'), t('bench:shortcut.monitor')],
    [k('N'), t('common:shell.shortcutNewCase')],
    [k('/'), t('common:shell.shortcutSearch')],
    [singleKeys ? '? / F1' : 'F1', t('common:shell.shortcuts')],
  ];
  return (
    <Dialog open={open} title={t('common:shell.shortcuts')} onClose={onClose}>
      {singleKeys ? null : (
        <p className="muted" data-testid="shortcuts-single-keys-off">
          {t('common:shell.singleKeysOff')}
        </p>
      )}
      <table className="data-table" data-testid="shortcut-table">
        <tbody>
          {rows.map(([key, label]) => (
            <tr key={`${key} ${label}`}>
              <td>
                <kbd>{key}</kbd>
              </td>
              <td>{label}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}

export function App() {
  const session = useSessionStore((s) => s.status);
  const sessionError = useSessionStore((s) => s.loadError);
  const station = useAppStore((s) => s.station);
  const settingsLoaded = useAppStore((s) => s.settingsLoaded);
  const signedIn = session?.state === 'signed-in';
  useEffect(() => {
    if (signedIn) void loadStartupCheck();
    // The shortcut help and the case list follow the single-key setting before the bench is opened.
    if (signedIn) void loadBenchSettings();
  }, [signedIn]);
  useEffect(() => {
    void startLabWatch();
  }, []);
  if (session === null) return sessionError ? <ErrorState error={sessionError} /> : <LoadingState />;
  // Signed out or setting up: nothing of the records shows. Locked: the screens stay mounted
  // (a half-written complaint waits for its person) but inert and covered.
  if (session.state === 'signed-out' || session.state === 'setup-required') return <SessionGate status={session} />;
  if (session.state === 'signed-in' && session.person !== null && settingsLoaded && station === '') return <StationGate person={session.person} />;
  return (
    <>
      <Shell locked={session.state === 'locked'} />
      {session.state === 'locked' ? <SessionGate status={session} /> : null}
    </>
  );
}

function Shell({ locked }: { locked: boolean }) {
  const { t } = useTranslation('common');
  const route = useAppStore((s) => s.route);
  const [helpOpen, setHelpOpen] = useState(false);
  const routes = orderedRoutes();
  const section = routeSection(route);
  const current = routes.find((r) => r.path === section) ?? routes.find((r) => r.path === DEFAULT_ROUTE) ?? routes[0];

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || locked) return;
      for (const r of orderedRoutes()) {
        if (matchesShortcut(e, r.shortcut)) {
          e.preventDefault();
          navigate(r.path);
          return;
        }
      }
      if (matchesShortcut(e, 'Ctrl+L')) {
        e.preventDefault();
        void toggleLanguage();
        return;
      }
      if (helpShortcut(e, useBenchStore.getState().singleKeys) && !isTypingTarget(e.target) && !modalOpen()) {
        e.preventDefault();
        setHelpOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [locked]);

  useEffect(() => {
    setDocumentTitle(current ? `${t(current.labelKey)} · Optic Bench` : 'Optic Bench');
  }, [current, t]);

  return (
    <div className="shell" inert={locked} aria-hidden={locked ? true : undefined}>
      <ChainWarning />
      {/* The routes live in the hash, so href="#main-content" alone navigated to an unknown route
          (the Bench). The click moves focus into the current screen instead, and stays there. */}
      <a
        className="skip-link"
        href="#main-content"
        data-testid="skip-link"
        onClick={(e) => {
          e.preventDefault();
          focusMainContent();
        }}
      >
        {t('shell.skipToContent')}
      </a>
      <header className="top-bar">
        <span className="brand">Optic Bench</span>
        <nav aria-label={t('shell.mainNav')} className="main-nav">
          <ul>
            {routes.map((r) => (
              <li key={r.path}>
                <a
                  href={`#${r.path}`}
                  aria-current={current?.path === r.path ? 'page' : undefined}
                  aria-keyshortcuts={r.shortcut.replace('Ctrl', 'Control')}
                  title={`${t(r.labelKey)} (${r.shortcut})`}
                >
                  {t(r.labelKey)}
                  <kbd className="main-nav__key">{r.shortcut.replace('Ctrl+', '^')}</kbd>
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" className="icon-button" aria-label={t('shell.shortcuts')} onClick={() => setHelpOpen(true)}>
          ?
        </button>
        <LanguageSwitch />
      </header>
      <main id="main-content" className="content" tabIndex={-1}>
        <ErrorBoundary resetKey={current?.path ?? ''}>{current?.element}</ErrorBoundary>
      </main>
      <StatusBar />
      <Toasts />
      <Announcer />
      <ShortcutHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
    </div>
  );
}
