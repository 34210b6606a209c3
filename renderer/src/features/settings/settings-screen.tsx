import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../i18n';
import { setLanguage, setStationOperator, useAppStore } from '../../stores/app-store';
import { LimitProfilesPanel } from './limit-profiles-panel';
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
  return (
    <section className="card" aria-labelledby="station-title">
      <h2 id="station-title">{t('station.title')}</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setStationOperator(s.trim(), o.trim());
        }}
      >
        <label>
          {t('station.station')}
          <input value={s} onChange={(e) => setS(e.target.value)} maxLength={64} data-testid="station-input" />
        </label>
        <label>
          {t('station.operator')}
          <input value={o} onChange={(e) => setO(e.target.value)} maxLength={64} data-testid="operator-input" />
        </label>
        <button type="submit" className="primary">
          {t('common:action.save')}
        </button>
      </form>
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
            <option key={lng} value={lng}>
              {t(`language.${lng}`)}
            </option>
          ))}
        </select>
      </label>
    </section>
  );
}

export function SettingsScreen() {
  const { t } = useTranslation('settings');
  return (
    <div className="settings">
      <h1>{t('title')}</h1>
      <StationOperator />
      <LanguagePanel />
      <LimitProfilesPanel />
    </div>
  );
}
