import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { LimitProfile, LimitRange, ParameterName } from '../../../../preload/contract';
import { ErrorState, LoadingState } from '../../components/states';
import { formatDate, formatNumber } from '../../i18n/format';
import { loadProfiles, profileKey, useSettingsStore, viewProfile } from '../../stores/settings-store';

const PARAMS: ParameterName[] = ['temperatureC', 'supplyVoltageV', 'txBiasMa', 'txPowerDbm', 'rxPowerDbm'];

function rangeText(r: LimitRange | undefined, lng: string): string {
  if (!r) return '—';
  const f = (v: number | null | undefined) => (v === null || v === undefined ? '∞' : formatNumber(v, lng, 2));
  const warn = (r.warnMin ?? null) !== null || (r.warnMax ?? null) !== null ? ` (${f(r.warnMin)} … ${f(r.warnMax)})` : '';
  return `${f(r.min)} … ${f(r.max)}${warn}`;
}

function ProfileDetail({ profile }: { profile: LimitProfile }) {
  const { t, i18n } = useTranslation(['settings', 'bench']);
  return (
    <div className="profile-detail" data-testid="profile-detail">
      <h3>
        {profile.name} · v{profile.version}
      </h3>
      <p>{profile.source}</p>
      <p className="muted">
        {t('settings:profiles.effective')}: {profile.effectiveFrom ? formatDate(profile.effectiveFrom, i18n.language) : t('settings:profiles.always')}
        {profile.effectiveTo ? ` – ${formatDate(profile.effectiveTo, i18n.language)}` : ''}
      </p>
      <p className="muted">
        {t('settings:profiles.match')}: {[...(profile.match.partNumbers ?? []), ...(profile.match.interfaces ?? [])].join(', ') || '—'}
      </p>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('bench:verdicts.parameter')}</th>
            <th scope="col">{t('settings:profiles.specRange')}</th>
          </tr>
        </thead>
        <tbody>
          {PARAMS.map((p) => (
            <tr key={p}>
              <th scope="row">{t(`bench:parameter.${p}`)}</th>
              <td>{rangeText(profile.limits[p], i18n.language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {profile.notes ? <p className="muted">{profile.notes}</p> : null}
    </div>
  );
}

export function LimitProfilesPanel() {
  const { t } = useTranslation('settings');
  const { profiles, profilesLoading, profilesError, viewing } = useSettingsStore();
  useEffect(() => {
    void loadProfiles();
  }, []);
  const current = profiles.find((p) => profileKey(p) === viewing) ?? null;
  return (
    <section className="card" aria-labelledby="profiles-title">
      <h2 id="profiles-title">{t('profiles.title')}</h2>
      {profilesLoading ? <LoadingState /> : null}
      {profilesError ? <ErrorState error={profilesError} onRetry={() => void loadProfiles()} /> : null}
      <div className="profiles">
        <table className="data-table" data-testid="profiles-table">
          <thead>
            <tr>
              <th scope="col">{t('profiles.id')}</th>
              <th scope="col">{t('profiles.version')}</th>
              <th scope="col">{t('profiles.name')}</th>
              <th scope="col">{t('profiles.clause')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {profiles.map((p) => (
              <tr key={profileKey(p)} aria-selected={viewing === profileKey(p)}>
                <td className="code">{p.id}</td>
                <td>v{p.version}</td>
                <td>{p.name}</td>
                <td>{p.clause ?? p.source}</td>
                <td>
                  <button type="button" onClick={() => viewProfile(viewing === profileKey(p) ? null : profileKey(p))}>
                    {viewing === profileKey(p) ? t('profiles.hide') : t('profiles.view')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {current ? <ProfileDetail profile={current} /> : null}
      </div>
    </section>
  );
}
