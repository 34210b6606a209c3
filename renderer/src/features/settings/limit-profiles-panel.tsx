import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LimitProfileSchema, PARAMETER_NAMES, type LimitProfile, type LimitRange, type ParameterName } from '../../../../preload/contract';
import { ErrorState, LoadingState } from '../../components/states';
import { formatDate, formatNumber, unitDigits, type Unit } from '../../i18n/format';
import {
  cancelDraft,
  importProfiles,
  loadProfiles,
  profileKey,
  saveNewVersion,
  startNewVersion,
  useSettingsStore,
  viewProfile,
} from '../../stores/settings-store';

const PARAMS: readonly ParameterName[] = PARAMETER_NAMES;
const BOUNDS = ['min', 'warnMin', 'warnMax', 'max'] as const;
type Bound = (typeof BOUNDS)[number];

const UNITS: Record<ParameterName, Unit> = { temperatureC: 'degC', supplyVoltageV: 'V', txBiasMa: 'mA', txPowerDbm: 'dBm', rxPowerDbm: 'dBm', rxPowerOmaDbm: 'dBm' };

function rangeText(r: LimitRange | undefined, unit: Unit, lng: string): string {
  if (!r) return '—';
  const f = (v: number | null | undefined) => (v === null || v === undefined ? '∞' : formatNumber(v, lng, unitDigits(unit)));
  const warn = (r.warnMin ?? null) !== null || (r.warnMax ?? null) !== null ? ` (${f(r.warnMin)} … ${f(r.warnMax)})` : '';
  return `${f(r.min)} … ${f(r.max)}${warn}`;
}

function ProfileDetail({ profile, canAct }: { profile: LimitProfile; canAct: boolean }) {
  const { t, i18n } = useTranslation(['settings', 'bench', 'verdict']);
  const busy = useSettingsStore((s) => s.busy);
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
              <th scope="row">{t(`verdict:parameter.${p}`)}</th>
              <td>{rangeText(profile.limits[p], UNITS[p], i18n.language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {profile.notes ? <p className="muted">{profile.notes}</p> : null}
      <button type="button" onClick={() => startNewVersion(profile)} disabled={busy || !canAct} data-testid="profile-new-version">
        {t('settings:profiles.newVersion')}
      </button>
    </div>
  );
}

function parseBound(text: string): number | null {
  const s = text.trim();
  if (s === '') return null;
  const n = Number(s.replace(',', '.'));
  return Number.isFinite(n) ? n : NaN;
}

/** Edit a copy as the next version. The schema is checked here for quick feedback and again in main. */
function DraftEditor({ draft }: { draft: LimitProfile }) {
  const { t } = useTranslation(['settings', 'bench', 'verdict']);
  const busy = useSettingsStore((s) => s.busy);
  const [name, setName] = useState(draft.name);
  const [source, setSource] = useState(draft.source);
  const [effectiveFrom, setEffectiveFrom] = useState(draft.effectiveFrom ?? '');
  const [notes, setNotes] = useState(draft.notes ?? '');
  const [bounds, setBounds] = useState<Record<string, string>>(() => {
    const out: Record<string, string> = {};
    for (const p of PARAMS) for (const b of BOUNDS) out[`${p}.${b}`] = draft.limits[p]?.[b] == null ? '' : String(draft.limits[p]?.[b]);
    return out;
  });
  const [issues, setIssues] = useState<string[]>([]);

  const build = (): LimitProfile | null => {
    const limits: LimitProfile['limits'] = {};
    const problems: string[] = [];
    for (const p of PARAMS) {
      const values = Object.fromEntries(BOUNDS.map((b) => [b, parseBound(bounds[`${p}.${b}`] ?? '')])) as Record<Bound, number | null>;
      if (BOUNDS.some((b) => Number.isNaN(values[b]))) problems.push(t('settings:profiles.notANumber', { parameter: t(`verdict:parameter.${p}`) }));
      if (!draft.limits[p] && BOUNDS.every((b) => values[b] === null)) continue;
      limits[p] = { min: values.min, max: values.max, warnMin: values.warnMin, warnMax: values.warnMax };
    }
    const candidate: LimitProfile = { ...draft, name: name.trim(), source: source.trim(), effectiveFrom: effectiveFrom || null, limits };
    if (notes.trim()) candidate.notes = notes.trim();
    else delete candidate.notes;
    const parsed = LimitProfileSchema.safeParse(candidate);
    if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `${i.path.join('.') || '—'}: ${i.message}`));
    setIssues(problems);
    return problems.length === 0 ? candidate : null;
  };

  return (
    <form
      className="draft-editor"
      data-testid="profile-draft"
      onSubmit={(e) => {
        e.preventDefault();
        const p = build();
        if (p) void saveNewVersion(p);
      }}
    >
      <h3>{t('settings:profiles.draftTitle', { id: draft.id, version: draft.version })}</h3>
      <div className="row">
        <label>
          {t('settings:profiles.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          {t('settings:profiles.effective')}
          <input type="date" value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} />
        </label>
      </div>
      <label className="draft-editor__wide">
        {t('settings:profiles.source')}
        <input value={source} onChange={(e) => setSource(e.target.value)} required />
      </label>
      <table className="data-table draft-editor__limits">
        <thead>
          <tr>
            <th scope="col">{t('bench:verdicts.parameter')}</th>
            {BOUNDS.map((b) => (
              <th scope="col" key={b}>
                {t(`settings:profiles.bound.${b}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {PARAMS.map((p) => (
            <tr key={p}>
              <th scope="row">{t(`verdict:parameter.${p}`)}</th>
              {BOUNDS.map((b) => (
                <td key={b}>
                  <input
                    inputMode="decimal"
                    aria-label={`${t(`verdict:parameter.${p}`)} ${t(`settings:profiles.bound.${b}`)}`}
                    value={bounds[`${p}.${b}`] ?? ''}
                    onChange={(e) => setBounds((prev) => ({ ...prev, [`${p}.${b}`]: e.target.value }))}
                    size={7}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <label className="draft-editor__wide">
        {t('settings:profiles.notes')}
        <textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} />
      </label>
      {issues.length > 0 ? (
        <ul className="field-error" role="alert">
          {issues.map((i) => (
            <li key={i}>{i}</li>
          ))}
        </ul>
      ) : null}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {t('settings:profiles.saveVersion')}
        </button>
        <button type="button" onClick={cancelDraft}>
          {t('common:action.cancel')}
        </button>
      </div>
    </form>
  );
}

export function LimitProfilesPanel({ canAct }: { canAct: boolean }) {
  const { t } = useTranslation('settings');
  const { profiles, profilesLoading, profilesError, viewing, draft, busy } = useSettingsStore();
  const current = profiles.find((p) => profileKey(p) === viewing) ?? null;
  return (
    <section className="card" aria-labelledby="profiles-title">
      <div className="row card__head">
        <h2 id="profiles-title">{t('profiles.title')}</h2>
        <button type="button" onClick={() => void importProfiles()} disabled={busy || !canAct} data-testid="profiles-import">
          {t('profiles.import')}
        </button>
      </div>
      {profilesLoading && profiles.length === 0 ? <LoadingState /> : null}
      {profilesError ? <ErrorState error={profilesError} onRetry={() => void loadProfiles()} /> : null}
      <div className="profiles">
        <table className="data-table" data-testid="profiles-table">
          <thead>
            <tr>
              <th scope="col">{t('profiles.id')}</th>
              <th scope="col">{t('profiles.version')}</th>
              <th scope="col">{t('profiles.name')}</th>
              <th scope="col">{t('profiles.clause')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('profiles.view')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {profiles.map((p) => (
              <tr key={profileKey(p)} aria-selected={viewing === profileKey(p)} data-profile={profileKey(p)}>
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
        <div>
          {draft ? <DraftEditor key={profileKey(draft)} draft={draft} /> : current ? <ProfileDetail profile={current} canAct={canAct} /> : null}
        </div>
      </div>
    </section>
  );
}
