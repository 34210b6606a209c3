import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorData } from '../../../../preload/contract';
import { ErrorState } from '../../components/states';
import { pushToast } from '../../components/toasts';
import { LANGUAGES } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { setLanguage, setStation, useAppStore } from '../../stores/app-store';
import { useHasRole, useSessionStore } from '../../stores/session-store';
import {
  createBackup,
  loadProfiles,
  loadStartupCheck,
  loadTechnicians,
  restoreBackup,
  setIdleLockMinutes,
  useChainStore,
  useSettingsStore,
  verifyRecords,
} from '../../stores/settings-store';
import { LimitProfilesPanel } from './limit-profiles-panel';
import { DeliveriesPanel } from './deliveries-panel';
import { loadBenchSettings, setAutoRead, setSingleKeys, useBenchStore } from '../../stores/bench-store';
import { TechniciansPanel } from './technicians-panel';
import { LabServerPanel } from './lab-server-panel';
import './settings.css';

function StationPanel() {
  const station = useAppStore((s) => s.station);
  // Remount the form when the stored value changes, so it starts from it.
  return <StationForm key={station} station={station} />;
}

function StationForm({ station }: { station: string }) {
  const { t } = useTranslation('settings');
  const [s, setS] = useState(station);
  const [error, setError] = useState<ErrorData | null>(null);
  return (
    <section className="card" aria-labelledby="station-title">
      <h2 id="station-title">{t('station.title')}</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void setStation(s.trim()).then((err) => {
            setError(err);
            if (!err) pushToast({ kind: 'success', text: t('station.saved') });
          });
        }}
      >
        <label>
          {t('station.station')}
          <input value={s} onChange={(e) => setS(e.target.value)} maxLength={100} required data-testid="station-input" />
        </label>
        <button type="submit" className="primary" data-testid="station-save">
          {t('common:action.save')}
        </button>
      </form>
      <p className="muted">{t('station.why')}</p>
      {error ? <ErrorState error={error} compact /> : null}
    </section>
  );
}

/** How the bench reads: a module seated is read at once (on unless the station turns it off). */
function BenchPanel() {
  const { t } = useTranslation('settings');
  const autoRead = useBenchStore((s) => s.autoRead);
  const singleKeys = useBenchStore((s) => s.singleKeys);
  const [error, setError] = useState<ErrorData | null>(null);
  return (
    <section className="card" aria-labelledby="bench-settings-title">
      <h2 id="bench-settings-title">{t('bench.title')}</h2>
      <label className="inline">
        <input type="checkbox" checked={autoRead} onChange={(e) => void setAutoRead(e.target.checked).then(setError)} data-testid="settings-auto-read" />
        {t('bench.autoRead')}
      </label>
      <p className="muted">{t('bench.autoReadWhy')}</p>
      <label className="inline">
        <input type="checkbox" checked={singleKeys} onChange={(e) => void setSingleKeys(e.target.checked).then(setError)} data-testid="settings-single-keys" aria-describedby="single-keys-why" />
        {t('bench.singleKeys')}
      </label>
      <p className="muted" id="single-keys-why">{t('bench.singleKeysWhy')}</p>
      {error ? <ErrorState error={error} compact /> : null}
    </section>
  );
}

function IdleLockPanel() {
  const { t } = useTranslation('settings');
  const minutes = useSessionStore((s) => s.status?.idleLockMinutes ?? 10);
  const canAct = useHasRole('supervisor');
  const busy = useSettingsStore((s) => s.busy);
  const [value, setValue] = useState(String(minutes));
  return (
    <section className="card" aria-labelledby="idle-title">
      <h2 id="idle-title">{t('session.idleTitle')}</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void setIdleLockMinutes(Number(value));
        }}
      >
        <label>
          {t('session.idleLabel')}
          <input type="number" min={1} max={240} step={1} value={value} onChange={(e) => setValue(e.target.value)} disabled={!canAct} data-testid="idle-minutes" />
        </label>
        <button type="submit" disabled={busy || !canAct}>
          {t('common:action.save')}
        </button>
      </form>
      <p className="muted">{canAct ? t('session.idleWhy') : t('session.needSupervisor')}</p>
    </section>
  );
}

function ChainPanel() {
  const { t, i18n } = useTranslation('settings');
  const { checking, result, error, startup } = useChainStore();
  const shown = result ?? (startup?.state === 'done' ? startup.result : null);
  return (
    <section className="card" aria-labelledby="chain-title" data-testid="chain-panel">
      <h2 id="chain-title">{t('chain.title')}</h2>
      <p className="muted">{t('chain.explain')}</p>
      <div className="row">
        <button type="button" onClick={() => void verifyRecords()} disabled={checking} aria-busy={checking} data-testid="chain-verify">
          {checking ? t('chain.checking') : t('chain.verify')}
        </button>
      </div>
      {startup?.state === 'running' && result === null ? <p role="status">{t('chain.startupRunning')}</p> : null}
      {error ? <ErrorState error={error} compact /> : null}
      {shown ? (
        shown.ok ? (
          <p className="notice notice--success" role="status" data-testid="chain-result" data-ok="true">
            <span aria-hidden="true">✔ </span>
            {t('chain.ok', { links: shown.links, at: formatDateTime(shown.checkedAt, i18n.language) })}
            <br />
            <span className="code">{t('chain.head', { seq: shown.head?.seq ?? 0, hash: shown.head?.hash ?? '—' })}</span>
          </p>
        ) : (
          <div className="state state--error" role="alert" data-testid="chain-result" data-ok="false">
            <p>
              <strong>{t('chain.broken')}</strong> {shown.firstBroken?.message ?? ''}
            </p>
            <p>{t('chain.problems', { count: shown.problemCount })}</p>
            <p className="muted">{t('chain.nextStep')}</p>
          </div>
        )
      ) : null}
    </section>
  );
}

function LanguagePanel() {
  const { t } = useTranslation('settings');
  const language = useAppStore((s) => s.language);
  return (
    <section className="card" aria-labelledby="language-title">
      <h2 id="language-title">{t('language.title')}</h2>
      <label>
        {t('language.label')}
        <select value={language} onChange={(e) => void setLanguage(e.target.value as (typeof LANGUAGES)[number])} data-testid="language-select">
          {LANGUAGES.map((lng) => (
            <option key={lng} value={lng} lang={lng}>
              {t(`language.${lng}`)}
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}

function BackupPanel({ canAct }: { canAct: boolean }) {
  const { t } = useTranslation('settings');
  const busy = useSettingsStore((s) => s.busy);
  const canRestore = useHasRole('supervisor');
  return (
    <section className="card" aria-labelledby="backup-title">
      <h2 id="backup-title">{t('backup.title')}</h2>
      <p className="muted">{t('backup.explain')}</p>
      <div className="row">
        <button type="button" onClick={() => void createBackup()} disabled={busy || !canAct} data-testid="backup-create">
          {t('backup.create')}
        </button>
        <button type="button" onClick={() => void restoreBackup()} disabled={busy || !canAct || !canRestore} data-testid="backup-restore">
          {t('backup.restore')}
        </button>
      </div>
      <p className="muted">{canRestore ? t('backup.restoreChecks') : t('session.needSupervisor')}</p>
    </section>
  );
}

function ActionOutcome() {
  const { t } = useTranslation('settings');
  const { actionError, notice } = useSettingsStore();
  if (actionError) return <ErrorState error={actionError} compact />;
  if (notice)
    return (
      <p className="notice notice--success" role="status" data-testid="settings-notice">
        <span aria-hidden="true">✔ </span>
        {t(notice.key, notice.values)}
      </p>
    );
  return null;
}

export function SettingsScreen() {
  const { t } = useTranslation('settings');
  const operator = useAppStore((s) => s.operator);
  const manager = useHasRole('engineering-manager');
  const supervisor = useHasRole('supervisor');
  useEffect(() => {
    void loadProfiles();
    void loadTechnicians();
    void loadStartupCheck();
    void loadBenchSettings();
  }, []);
  return (
    <div className="settings">
      <h1>{t('title')}</h1>
      <StationPanel />
      <BenchPanel />
      <LanguagePanel />
      <div className="settings__outcome" aria-live="polite">
        <ActionOutcome />
      </div>
      <ChainPanel />
      {!manager ? <p className="disabled-note">{t('session.needManagerForLimits')}</p> : null}
      <LimitProfilesPanel canAct={manager} />
      <TechniciansPanel canAct={supervisor} />
      <DeliveriesPanel canAct={!!operator} />
      <IdleLockPanel />
      <LabServerPanel canAct={manager} />
      <BackupPanel canAct={!!operator} />
    </div>
  );
}
