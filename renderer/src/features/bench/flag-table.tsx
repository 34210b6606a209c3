import { useTranslation } from 'react-i18next';
import type { BenchReadResult } from '../../../../preload/contract';
import { FLAG_QUANTITIES, moduleFlagWords, parseFlagName, type FlagQuantity } from '../../../../preload/contract/words/index';
import { laneRanges } from './answer-panel';

const COLUMNS = [
  { key: 'highAlarm', kind: 'alarm', direction: 'High' },
  { key: 'lowAlarm', kind: 'alarm', direction: 'Low' },
  { key: 'highWarning', kind: 'warning', direction: 'High' },
  { key: 'lowWarning', kind: 'warning', direction: 'Low' },
] as const;

interface Raised {
  /** The flag has no lane (module-wide, or an SFP's one lane). */
  whole: boolean;
  lanes: number[];
}

function raisedBy(names: readonly string[]): Map<string, Raised> {
  const out = new Map<string, Raised>();
  for (const name of names) {
    const f = parseFlagName(name);
    if (f === null) continue;
    const key = `${f.quantity}:${f.direction}`;
    const r = out.get(key) ?? { whole: false, lanes: [] };
    if (f.lane === null) r.whole = true;
    else r.lanes.push(f.lane);
    out.set(key, r);
  }
  return out;
}

/**
 * The module's alarm and warning flags as it reported them in the read (issue 12): one row per
 * monitored quantity, high and low alarm and warning across, with the lanes that raised each; then
 * the status lines (TX_FAULT, RX_LOS, Tx disable) and, for CMIS, the latched module flags. A
 * value past its alarm threshold is past its warning threshold too; both are shown as the module
 * set them.
 */
export function FlagTable({ result }: { result: BenchReadResult }) {
  const { t } = useTranslation(['bench', 'module']);
  const d = result.module.diagnostics;
  const cmis = result.module.cmis;
  if (d === null && cmis === undefined) return null;
  const alarms = raisedBy(d?.flags.alarms ?? []);
  const warnings = raisedBy(d?.flags.warnings ?? []);
  const latched = result.module.standard === 'SFF-8636' || result.module.standard === 'CMIS';
  const cell = (q: FlagQuantity, c: (typeof COLUMNS)[number]) => {
    const r = (c.kind === 'alarm' ? alarms : warnings).get(`${q}:${c.direction}`);
    if (r === undefined) return <span className="muted">{t('flags.clear')}</span>;
    return (
      <span className="flags__raised">
        <span aria-hidden="true">● </span>
        {r.lanes.length > 0 ? t('flags.lanes', { lanes: laneRanges(r.lanes) }) : t('flags.raised')}
      </span>
    );
  };
  const status = d?.status;
  const statusRows: Array<{ key: string; value: string | null }> = [];
  if (status !== undefined) {
    const lanes = (xs: boolean[] | undefined) => (xs === undefined ? null : xs.some(Boolean) ? t('flags.lanes', { lanes: laneRanges(xs.flatMap((x, i) => (x ? [i + 1] : []))) }) : t('flags.clear'));
    const bit = (x: boolean | undefined) => (x === undefined ? null : x ? t('flags.raised') : t('flags.clear'));
    statusRows.push(
      { key: 'txFault', value: status.txFaultLanes !== undefined ? lanes(status.txFaultLanes) : bit(status.txFault) },
      { key: 'rxLos', value: status.rxLosLanes !== undefined ? lanes(status.rxLosLanes) : bit(status.rxLos) },
      { key: 'txDisable', value: bit(status.txDisable) },
      { key: 'softTxDisable', value: status.softTxDisableLanes !== undefined ? lanes(status.softTxDisableLanes) : bit(status.softTxDisable) },
      { key: 'dataNotReady', value: bit(status.dataNotReady) },
    );
  }
  const shownStatus = statusRows.filter((r) => r.value !== null);
  return (
    <section className="card flags" aria-labelledby="flags-title" data-testid="flag-table">
      <h2 id="flags-title">{t('flags.title')}</h2>
      <p className="muted">{latched ? t('flags.latched') : t('flags.realTime')}</p>
      {d !== null ? (
        <table className="data-table flags__table">
          <thead>
            <tr>
              <th scope="col">{t('flags.quantity')}</th>
              {COLUMNS.map((c) => (
                <th key={c.key} scope="col">
                  {t(`module:flag.${c.key}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {FLAG_QUANTITIES.map((q) => (
              <tr key={q} data-quantity={q}>
                <th scope="row">{t(`module:quantity.${q}`)}</th>
                {COLUMNS.map((c) => (
                  <td key={c.key} data-flag={c.key} data-raised={(c.kind === 'alarm' ? alarms : warnings).has(`${q}:${c.direction}`)}>
                    {cell(q, c)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {shownStatus.length > 0 ? (
        <dl className="flags__status" data-testid="flag-status">
          {shownStatus.map((r) => (
            <div key={r.key} data-status-flag={r.key}>
              <dt>{t(`module:status.${r.key}`)}</dt>
              <dd>{r.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {cmis !== undefined ? (
        <p data-testid="module-flags">
          <strong>{t('flags.moduleFlags')}:</strong> {cmis.moduleFlags.length === 0 ? t('flags.none') : cmis.moduleFlags.map((f) => moduleFlagWords(t, f)).join(' · ')}
        </p>
      ) : null}
    </section>
  );
}
