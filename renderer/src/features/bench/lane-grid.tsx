import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BenchReadResult } from '../../../../preload/contract';
import type { ParameterName, ParameterVerdict } from '../../../../preload/contract/limits';
import { dataPathStateWords, laneFlagWords, parameterName, statusWord, verdictReason } from '../../../../preload/contract/words/index';
import { formatValue } from '../../i18n/format';

/** Lanes shown side by side: one CMIS bank (8 lanes) fits 1366 px with its labels. */
export const LANES_PER_VIEW = 8;

const LANE_PARAMETERS: readonly ParameterName[] = ['txBiasMa', 'txPowerDbm', 'rxPowerDbm', 'rxPowerOmaDbm'];
const SYMBOL: Record<ParameterVerdict['status'], string> = { pass: '✔', marginal: '▲', fail: '✖', 'not-measured': '○', 'not-applicable': '–' };

function VerdictCell({ v }: { v: ParameterVerdict | undefined }) {
  const { t, i18n } = useTranslation(['bench', 'reasons', 'verdict']);
  if (v === undefined) return <td className="lanes__cell lanes__cell--none">—</td>;
  const reason = verdictReason(t, i18n.language, v);
  return (
    <td className={`lanes__cell lanes__cell--${v.status}`} data-lane={v.lane ?? ''} data-status={v.status} title={reason}>
      <span aria-hidden="true" className="lanes__symbol">
        {SYMBOL[v.status]}
      </span>{' '}
      <span className="lanes__value">{formatValue(v.value, v.unit, i18n.language)}</span>
      <span className="visually-hidden">
        {' '}
        {statusWord(t, v.status)}: {reason}
      </span>
    </td>
  );
}

/**
 * Lanes across, parameters down (issue 12, issue 13 item 7): every lane's Tx bias, Tx power and
 * Rx power with its verdict, and for CMIS modules each lane's data path state and its latched
 * flags (Tx fault, loss of signal, CDR loss of lock); SFF-8636 modules give Tx fault and Rx LOS per
 * lane. Modules with more than 8 lanes (CMIS banks) are shown 8 at a time.
 */
export function LaneGrid({ result }: { result: BenchReadResult }) {
  const { t } = useTranslation(['bench', 'verdict', 'module']);
  const lanes = result.module.diagnostics?.lanes ?? [];
  const [view, setView] = useState(0);
  if (lanes.length < 2) return null;
  const views = Math.ceil(lanes.length / LANES_PER_VIEW);
  const first = view * LANES_PER_VIEW + 1;
  const shown = Array.from({ length: Math.min(LANES_PER_VIEW, lanes.length - view * LANES_PER_VIEW) }, (_, i) => first + i);
  const verdicts = result.evaluation.verdicts;
  const params = LANE_PARAMETERS.filter((p) => verdicts.some((v) => v.parameter === p && v.lane !== null));
  const cmis = result.module.cmis;
  const status = result.module.diagnostics?.status;
  const cmisLane = (n: number) => cmis?.lanes.find((l) => l.lane === n);
  const flagRows: Array<{ key: string; label: string; raised: (lane: number) => boolean | null }> = [];
  if (cmis !== undefined) {
    for (const name of ['txFault', 'txLos', 'rxLos', 'txCdrLol', 'rxCdrLol', 'txAdaptiveEqFail']) {
      flagRows.push({ key: name, label: laneFlagWords(t, name), raised: (n) => (cmisLane(n) === undefined ? null : (cmisLane(n)?.flags ?? []).includes(name)) });
    }
  } else {
    if (status?.txFaultLanes !== undefined) flagRows.push({ key: 'txFault', label: laneFlagWords(t, 'txFault'), raised: (n) => status.txFaultLanes?.[n - 1] ?? null });
    if (status?.rxLosLanes !== undefined) flagRows.push({ key: 'rxLos', label: laneFlagWords(t, 'rxLos'), raised: (n) => status.rxLosLanes?.[n - 1] ?? null });
  }

  return (
    <section className="card lanes" aria-labelledby="lanes-title" data-testid="lane-grid" data-lanes={lanes.length}>
      <div className="lanes__head">
        <h2 id="lanes-title">{t('lanes.title', { count: lanes.length })}</h2>
        {views > 1 ? (
          <div className="lanes__views" role="group" aria-label={t('lanes.views')}>
            {Array.from({ length: views }, (_, i) => (
              <button key={i} type="button" aria-pressed={view === i} onClick={() => setView(i)} data-testid={`lane-view-${i}`}>
                {t('lanes.range', { from: i * LANES_PER_VIEW + 1, to: Math.min(lanes.length, (i + 1) * LANES_PER_VIEW) })}
              </button>
            ))}
          </div>
        ) : null}
      </div>
      <div className="lanes__scroll">
        <table className="data-table lanes__table">
          <thead>
            <tr>
              <th scope="col">{t('lanes.parameter')}</th>
              {shown.map((n) => (
                <th key={n} scope="col" className="num">
                  {t('lanes.lane', { n })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {params.map((p) => (
              <tr key={p} data-parameter={p}>
                <th scope="row">{parameterName(t, p)}</th>
                {shown.map((n) => (
                  <VerdictCell key={n} v={verdicts.find((v) => v.parameter === p && v.lane === n)} />
                ))}
              </tr>
            ))}
            {cmis !== undefined ? (
              <tr data-row="data-path">
                <th scope="row">{t('lanes.dataPath')}</th>
                {shown.map((n) => {
                  const l = cmisLane(n);
                  return (
                    <td key={n} className={`lanes__cell ${l?.dataPathActive ? '' : 'lanes__cell--inactive'}`} data-lane={n} data-state={l?.dataPathState.code ?? ''} title={l ? dataPathStateWords(t, l.dataPathState) : undefined}>
                      {l ? dataPathStateWords(t, l.dataPathState, true) : '—'}
                    </td>
                  );
                })}
              </tr>
            ) : null}
            {cmis !== undefined && cmis.lanes.some((l) => l.txOutputDisabled !== null) ? (
              <tr data-row="tx-output">
                <th scope="row">{t('lanes.txOutput')}</th>
                {shown.map((n) => {
                  const d = cmisLane(n)?.txOutputDisabled;
                  return (
                    <td key={n} className={`lanes__cell ${d ? 'lanes__cell--flag' : ''}`} data-lane={n}>
                      {d === null || d === undefined ? '—' : d ? t('lanes.disabled') : t('lanes.enabled')}
                    </td>
                  );
                })}
              </tr>
            ) : null}
            {flagRows.map((row) => (
              <tr key={row.key} data-row={row.key}>
                <th scope="row">{row.label}</th>
                {shown.map((n) => {
                  const raised = row.raised(n);
                  return (
                    <td key={n} className={`lanes__cell ${raised ? 'lanes__cell--flag' : ''}`} data-lane={n} data-raised={raised === null ? '' : String(raised)}>
                      {raised === null ? '—' : raised ? (
                        <>
                          <span aria-hidden="true">● </span>
                          {t('flags.raised')}
                        </>
                      ) : (
                        <span className="muted">{t('flags.clear')}</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
