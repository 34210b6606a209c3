import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorData } from '../../../../preload/contract';
import { ErrorState } from '../../components/states';
import { pushToast } from '../../components/toasts';
import { LANGUAGES } from '../../i18n';
import { setLanguage, setStationOperator, useAppStore } from '../../stores/app-store';
import { createBackup, loadProfiles, loadTechnicians, restoreBackup, useSettingsStore } from '../../stores/settings-store';
import { LimitProfilesPanel } from './limit-profiles-panel';
import { TechniciansPanel } from './technicians-panel';
import './settings.css';

function StationOperator() {
  const { station, operator } = useAppStore();
  // Remount the form when the stored values change, so it starts from them.
  return <StationOperatorForm key={`${station}|${operator}`} station={station} operator={operator} />;
}

function StationOperatorForm({ station, operator }: { station: string; operator: string }) {
  const { t } = useTranslation('settings');
  const [s, setS] = useState(station);
  const [o, setO] = useState(operator);
  const [error, setError] = useState<ErrorData | null>(null);
  return (
    <section className="card" aria-labelledby="station-title">
      <h2 id="station-title">{t('station.title')}</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void setStationOperator(s.trim(), o.trim()).then((err) => {
            setError(err);
            if (!err) pushToast({ kind: 'success', text: t('station.saved') });
          });
        }}
      >
        <label>
          {t('station.station')}
          <input value={s} onChange={(e) => setS(e.target.value)} maxLength={100} required data-testid="station-input" />
        </label>
        <label>
          {t('station.operator')}
          <input value={o} onChange={(e) => setO(e.target.value)} maxLength={100} required data-testid="operator-input" />
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
  return (
    <section className="card" aria-labelledby="backup-title">
      <h2 id="backup-title">{t('backup.title')}</h2>
      <p className="muted">{t('backup.explain')}</p>
      <div className="row">
        <button type="button" onClick={() => void createBackup()} disabled={busy || !canAct} data-testid="backup-create">
          {t('backup.create')}
        </button>
        <button type="button" onClick={() => void restoreBackup()} disabled={busy || !canAct} data-testid="backup-restore">
          {t('backup.restore')}
        </button>
      </div>
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
  useEffect(() => {
    void loadProfiles();
    void loadTechnicians();
  }, []);
  return (
    <div className="settings">
      <h1>{t('title')}</h1>
      <StationOperator />
      <LanguagePanel />
      {!operator ? <p className="disabled-note">{t('needOperator')}</p> : null}
      <div className="settings__outcome" aria-live="polite">
        <ActionOutcome />
      </div>
      <LimitProfilesPanel canAct={!!operator} />
      <TechniciansPanel canAct={!!operator} />
      <BackupPanel canAct={!!operator} />
    </div>
  );
}
