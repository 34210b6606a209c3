import { useTranslation } from 'react-i18next';
import type { BenchReadResult } from '../../../../preload/contract';
import type { CmisDataPath, CmisVdmObservable } from '../../../../preload/contract/module';
import { pagedPageName } from '../../../../preload/contract/paged-image';
import { dataPathStateWords, faultCauseWords, moduleStateWords } from '../../../../preload/contract/words/index';
import { formatNumber } from '../../i18n/format';
import { laneRanges } from './answer-panel';

const VDM_UNIT: Readonly<Record<string, string>> = { degC: '°C' };

/** A VDM value in its unit: ratios (bit error ratios) in scientific notation, the rest to two decimals. */
function vdmValue(o: CmisVdmObservable, lng: string): string {
  if (o.value === null) return '—';
  if (o.unit === 'ratio') return o.value.toExponential(2);
  const unit = VDM_UNIT[o.unit] ?? o.unit;
  return `${formatNumber(o.value, lng, 2)}${unit === '' ? '' : ` ${unit}`}`;
}

/**
 * VDM observables as a grid: one row per observable type, one column per lane (an 800G module
 * has four types of eight lanes each: 32 rows as a list, four as a grid).
 */
function VdmGrid({ observables }: { observables: readonly CmisVdmObservable[] }) {
  const { t, i18n } = useTranslation(['bench', 'module']);
  const types = new Map<number, { name: string; byLane: Map<number, CmisVdmObservable> }>();
  for (const o of observables) {
    const row = types.get(o.type.code) ?? { name: t(`module:vdmType.${o.type.code}`, { defaultValue: o.type.name }), byLane: new Map() };
    row.byLane.set(o.lane, o);
    types.set(o.type.code, row);
  }
  const lanes = [...new Set(observables.map((o) => o.lane))].sort((a, b) => a - b);
  return (
    <div className="lanes__scroll">
      <table className="data-table cmis__vdm" data-testid="cmis-vdm">
        <thead>
          <tr>
            <th scope="col">{t('cmis.vdmType')}</th>
            {lanes.map((n) => (
              <th key={n} scope="col" className="num">
                {t('lanes.lane', { n })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...types.entries()].map(([code, row]) => (
            <tr key={code} data-type={code}>
              <th scope="row">{row.name}</th>
              {lanes.map((n) => {
                const o = row.byLane.get(n);
                const flagged = o !== undefined && o.flags.length > 0;
                return (
                  <td key={n} className={`lanes__cell ${flagged ? 'lanes__cell--flag' : ''}`} data-lane={n}>
                    {o === undefined ? '—' : vdmValue(o, i18n.language)}
                    {flagged ? <span className="lanes__flagword">{o.flags.map((f) => t(`module:flag.${f}`, { defaultValue: f })).join(', ')}</span> : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Host lanes of one data path state together: "1–8: activated". */
function dataPathGroups(paths: readonly CmisDataPath[]): Array<{ code: number; name: string; lanes: number[] }> {
  const out = new Map<number, { code: number; name: string; lanes: number[] }>();
  for (const p of paths) {
    const g = out.get(p.state.code) ?? { code: p.state.code, name: p.state.name, lanes: [] };
    g.lanes.push(p.hostLane);
    out.set(p.state.code, g);
  }
  return [...out.values()];
}

/**
 * What only CMIS modules (QSFP-DD, OSFP, QSFP112) have (issue 13 item 7): the module and data path
 * states in words, what the read did to bring the lasers up, firmware versions, the applications
 * the module advertises and its versatile diagnostics (VDM) values.
 */
export function CmisPanel({ result }: { result: BenchReadResult }) {
  const { t, i18n } = useTranslation(['bench', 'module', 'verdict']);
  const lng = i18n.language;
  const c = result.module.cmis;
  if (c === undefined) return null;
  const laser = result.evaluation.setup?.laser;
  const fw = (v: string | null) => v ?? t('cmis.notGiven');
  const num = (v: number, digits = 0) => formatNumber(v, lng, digits);
  return (
    <section className="card cmis" aria-labelledby="cmis-title" data-testid="cmis-panel">
      <h2 id="cmis-title">{t('cmis.title', { revision: c.revision })}</h2>
      <dl className="identity__grid cmis__facts">
        <div className="identity__item">
          <dt>{t('cmis.moduleState')}</dt>
          <dd data-testid="cmis-module-state" data-state={c.moduleState.code}>
            {moduleStateWords(t, c.moduleState)}
            {c.moduleFaultCause !== null ? ` · ${faultCauseWords(t, c.moduleFaultCause)}` : ''}
          </dd>
        </div>
        <div className="identity__item">
          <dt>{t('cmis.dataPaths')}</dt>
          <dd data-testid="cmis-data-paths">
            {c.dataPaths.length === 0
              ? t('cmis.notGiven')
              : dataPathGroups(c.dataPaths)
                  .map((g) => t('cmis.hostLanes', { lanes: laneRanges(g.lanes), state: dataPathStateWords(t, g) }))
                  .join('; ')}
          </dd>
        </div>
        <div className="identity__item">
          <dt>{t('cmis.lasers')}</dt>
          <dd data-testid="cmis-lasers" data-outcome={laser?.outcome ?? 'unknown'}>
            {t(`verdict:laserOutcome.${laser?.outcome ?? 'unknown'}`)}
            {laser !== undefined && laser.writes.length > 0 ? ` · ${t('cmis.controlWrites', { count: laser.writes.length, restored: laser.writes.filter((w) => w.restored).length })}` : ''}
          </dd>
        </div>
        <div className="identity__item">
          <dt>{t('cmis.firmware')}</dt>
          <dd data-testid="cmis-firmware">
            {t('cmis.firmwareValues', { active: fw(c.firmware.active), inactive: fw(c.firmware.inactive), hardware: fw(c.firmware.hardware) })}
          </dd>
        </div>
        <div className="identity__item">
          <dt>{t('cmis.media')}</dt>
          <dd>
            {t(`module:mediaType.${c.mediaType.code}`, { defaultValue: c.mediaType.name })} · {c.mediaTechnology.name}
          </dd>
        </div>
        <div className="identity__item">
          <dt>{t('cmis.power')}</dt>
          <dd>{t('cmis.powerValue', { cls: c.powerClass, watts: num(c.maxPowerW, 2) })}</dd>
        </div>
        <div className="identity__item">
          <dt>{t('cmis.memory')}</dt>
          <dd>
            {t(`cmis.memoryModel.${c.memoryModel}`)} · {t('cmis.banks', { count: c.banks })}
            {c.maxTwiSpeedKhz !== null ? ` · ${t('cmis.twi', { khz: num(c.maxTwiSpeedKhz) })}` : ''}
          </dd>
        </div>
        <div className="identity__item">
          <dt>{t('cmis.pages')}</dt>
          <dd data-testid="cmis-pages">
            {c.pages.map((p) => pagedPageName(p.page, p.bank)).join(', ') || t('cmis.notGiven')}
            {c.missingPages.length > 0 ? (
              <span className="cmis__missing" data-testid="cmis-missing-pages">
                {' '}
                · {t('cmis.missingPages', { pages: c.missingPages.map((p) => pagedPageName(p.page, p.bank)).join(', ') })}
              </span>
            ) : null}
          </dd>
        </div>
      </dl>
      {laser !== undefined ? (
        <p className="muted cmis__laser-detail">
          {/* main's detail is English (stored with the run, for the audit); another language says it from the outcome and the writes. */}
          {i18n.language === 'en'
            ? laser.detail
            : t('cmis.laserDetail', { outcome: t(`verdict:laserOutcome.${laser.outcome}`), count: laser.writes.length, restored: laser.writes.filter((w) => w.restored).length })}
        </p>
      ) : null}
      {c.applications.length > 0 ? (
        <>
          <h3>{t('cmis.applications')}</h3>
          <table className="data-table cmis__apps" data-testid="cmis-applications">
            <thead>
              <tr>
                <th scope="col">{t('cmis.appSel')}</th>
                <th scope="col">{t('cmis.hostInterface')}</th>
                <th scope="col">{t('cmis.mediaInterface')}</th>
                <th scope="col" className="num">
                  {t('cmis.hostLaneCount')}
                </th>
                <th scope="col" className="num">
                  {t('cmis.mediaLaneCount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {c.applications.map((a) => (
                <tr key={a.appSel}>
                  <td>{a.appSel}</td>
                  <td>{a.hostInterface.name}</td>
                  <td>{a.mediaInterface.name}</td>
                  <td className="num">{a.hostLaneCount}</td>
                  <td className="num">{a.mediaLaneCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <h3>{t('cmis.vdm')}</h3>
      {c.vdm === null || c.vdm.observables.length === 0 ? (
        <p className="muted" data-testid="cmis-vdm-none">
          {t('cmis.noVdm')}
        </p>
      ) : (
        <VdmGrid observables={c.vdm.observables} />
      )}
    </section>
  );
}
