/** @jsxRuntime automatic @jsxImportSource react */
// What only a CMIS module (QSFP-DD, OSFP, QSFP112) has, on paper as on the bench (issue 13 item 7):
// the module and data path states in words, what the read did to bring the lasers up, firmware
// versions, the applications it advertises, every lane (up to 8 a table, a bank per table beyond)
// with its verdicts, data path and flags, and the VDM values by lane. Shared by the test report and
// the repair report (for the run its decision rested on).
import type { ReactNode } from 'react';
import type { Evaluation, LaserBringUp, ParameterName, ParameterVerdict } from '../../preload/contract/limits';
import type { CmisVdmObservable, DecodedModule } from '../../preload/contract/module';
import { pagedPageName } from '../../preload/contract/paged-image';
import { dataPathStateWords, faultCauseWords, laneFlagWords, moduleFlagWords, moduleStateWords } from '../../preload/contract/words/index';
import { KeyValues, StatusMark, type ReportContext } from './components';

const LANES_PER_TABLE = 8;
const LANE_PARAMETERS: readonly ParameterName[] = ['txBiasMa', 'txPowerDbm', 'rxPowerDbm', 'rxPowerOmaDbm'];
const LANE_FLAGS = ['txFault', 'txLos', 'rxLos', 'txCdrLol', 'rxCdrLol'] as const;

function ranges(lanes: readonly number[]): string {
  const sorted = [...new Set(lanes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i] as number;
    let end = start;
    while (sorted[i + 1] === end + 1) end = sorted[++i] as number;
    parts.push(end > start ? `${start}–${end}` : String(start));
  }
  return parts.join(', ');
}

/**
 * What the read did to the lasers, in the report's language. The detail is the reader's English
 * sentence, kept with the run as evidence; a Chinese report words the outcome and counts the
 * control bytes instead.
 */
export function laserWords(ctx: ReportContext, laser: LaserBringUp | undefined): string {
  const { s } = ctx;
  if (laser === undefined) return s.w('verdict:laserOutcome.unknown');
  const outcome = s.w(`verdict:laserOutcome.${laser.outcome}`);
  if (s.lang === 'en') return `${outcome}: ${laser.detail}`;
  return laser.writes.length === 0 ? outcome : `${outcome}（${s.t('controlWrites', { count: laser.writes.length, restored: laser.writes.filter((w) => w.restored).length })}）`;
}

function vdmText(o: CmisVdmObservable): string {
  if (o.value === null) return '—';
  if (o.unit === 'ratio') return o.value.toExponential(2);
  const unit = o.unit === 'degC' ? '°C' : o.unit;
  return `${o.value.toFixed(2)}${unit === '' ? '' : ` ${unit}`}`;
}

function LaneTable(props: { ctx: ReportContext; module: DecodedModule; evaluation: Evaluation; lanes: number[] }): ReactNode {
  const { s, f } = props.ctx;
  const c = props.module.cmis;
  if (c === undefined) return null;
  const verdict = (p: ParameterName, n: number): ParameterVerdict | undefined => props.evaluation.verdicts.find((v) => v.parameter === p && v.lane === n);
  const params = LANE_PARAMETERS.filter((p) => props.evaluation.verdicts.some((v) => v.parameter === p && v.lane !== null));
  const lane = (n: number) => c.lanes.find((l) => l.lane === n);
  return (
    <table data-testid="cmis-lanes" className="lanes">
      <thead>
        <tr>
          <th>{s.t('parameter')}</th>
          {props.lanes.map((n) => (
            <th key={n} className="num">
              {s.t('lane')} {n}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {params.map((p) => (
          <tr key={p} data-parameter={p}>
            <th scope="row">{s.parameter(p)}</th>
            {props.lanes.map((n) => {
              const v = verdict(p, n);
              return (
                <td key={n} className="num" data-lane={n} data-status={v?.status ?? ''}>
                  {v === undefined ? s.t('dash') : <StatusMark status={v.status} label={`${f.value(p, v.value)} ${f.unit(v.unit)}`} />}
                </td>
              );
            })}
          </tr>
        ))}
        <tr data-row="data-path">
          <th scope="row">{s.t('cmisDataPath')}</th>
          {props.lanes.map((n) => (
            <td key={n} className="num small">
              {lane(n) === undefined ? s.t('dash') : dataPathStateWords(s.w, lane(n)!.dataPathState, true)}
            </td>
          ))}
        </tr>
        {LANE_FLAGS.map((flag) => (
          <tr key={flag} data-row={flag}>
            <th scope="row">{laneFlagWords(s.w, flag)}</th>
            {props.lanes.map((n) => {
              const l = lane(n);
              return (
                <td key={n} className="num small">
                  {l === undefined ? s.t('dash') : l.flags.includes(flag) ? `● ${s.t('flagRaised')}` : s.t('flagClear')}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CmisSection(props: { ctx: ReportContext; module: DecodedModule; evaluation: Evaluation; caption?: string }): ReactNode {
  const { ctx, module, evaluation } = props;
  const { s } = ctx;
  const c = module.cmis;
  if (c === undefined) return null;
  const dash = s.t('dash');
  const laser = evaluation.setup?.laser;
  const groups = new Map<number, { code: number; name: string; lanes: number[] }>();
  for (const p of c.dataPaths) {
    const g = groups.get(p.state.code) ?? { code: p.state.code, name: p.state.name, lanes: [] };
    g.lanes.push(p.hostLane);
    groups.set(p.state.code, g);
  }
  const laneCount = c.lanes.length;
  const tables = Array.from({ length: Math.ceil(laneCount / LANES_PER_TABLE) }, (_, i) =>
    Array.from({ length: Math.min(LANES_PER_TABLE, laneCount - i * LANES_PER_TABLE) }, (_, k) => i * LANES_PER_TABLE + k + 1),
  );
  const vdm = c.vdm?.observables ?? [];
  const vdmTypes = new Map<number, { name: string; byLane: Map<number, CmisVdmObservable> }>();
  for (const o of vdm) {
    const row = vdmTypes.get(o.type.code) ?? { name: s.w(`module:vdmType.${o.type.code}`, { defaultValue: o.type.name }), byLane: new Map() };
    row.byLane.set(o.lane, o);
    vdmTypes.set(o.type.code, row);
  }
  const vdmLanes = [...new Set(vdm.map((o) => o.lane))].sort((a, b) => a - b);
  const fw = (v: string | null) => v ?? s.t('notGiven');
  return (
    <section className="flow" data-testid="cmis">
      <h2>
        {s.t('cmisTitle')} {c.revision}
        {props.caption === undefined ? null : <span className="small muted"> · {props.caption}</span>}
      </h2>
      <KeyValues
        testId="cmis-facts"
        rows={[
          [s.t('cmisModuleState'), `${moduleStateWords(s.w, c.moduleState)}${c.moduleFaultCause === null ? '' : ` · ${faultCauseWords(s.w, c.moduleFaultCause)}`}`],
          [s.t('cmisDataPaths'), [...groups.values()].map((g) => s.t('cmisHostLanes', { lanes: ranges(g.lanes), state: dataPathStateWords(s.w, g) })).join('; ') || dash],
          [s.t('lasers'), laserWords(ctx, laser)],
          [s.t('cmisFirmware'), s.t('cmisFirmwareValues', { active: fw(c.firmware.active), inactive: fw(c.firmware.inactive), hardware: fw(c.firmware.hardware) })],
          [s.t('cmisMedia'), `${s.w(`module:mediaType.${c.mediaType.code}`, { defaultValue: c.mediaType.name })} · ${c.mediaTechnology.name}`],
          [s.t('cmisPower'), s.t('cmisPowerValue', { cls: c.powerClass, watts: c.maxPowerW.toFixed(2) })],
          [s.t('cmisPages'), `${c.pages.map((p) => pagedPageName(p.page, p.bank)).join(', ') || dash}${c.missingPages.length === 0 ? '' : ` (${s.t('cmisMissing', { pages: c.missingPages.map((p) => pagedPageName(p.page, p.bank)).join(', ') })})`}`],
          [s.t('cmisModuleFlags'), c.moduleFlags.length === 0 ? s.t('none') : c.moduleFlags.map((x) => moduleFlagWords(s.w, x)).join(', ')],
        ]}
      />
      {c.applications.length === 0 ? null : (
        <>
          <h3>{s.t('cmisApplications')}</h3>
          <table data-testid="cmis-applications">
            <thead>
              <tr>
                <th className="num">AppSel</th>
                <th>{s.t('cmisHostInterface')}</th>
                <th>{s.t('cmisMediaInterface')}</th>
                <th className="num">{s.t('cmisHostLaneCount')}</th>
                <th className="num">{s.t('cmisMediaLaneCount')}</th>
              </tr>
            </thead>
            <tbody>
              {c.applications.map((a) => (
                <tr key={a.appSel}>
                  <td className="num">{a.appSel}</td>
                  <td>{a.hostInterface.name}</td>
                  <td>{a.mediaInterface.name}</td>
                  <td className="num">{a.hostLaneCount}</td>
                  <td className="num">{a.mediaLaneCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {tables.map((lanes) => (
        <div key={lanes[0]}>
          <h3>{s.t('cmisLanes', { from: lanes[0] ?? 1, to: lanes[lanes.length - 1] ?? 1 })}</h3>
          <LaneTable ctx={ctx} module={module} evaluation={evaluation} lanes={lanes} />
        </div>
      ))}
      <h3>{s.t('cmisVdm')}</h3>
      {vdm.length === 0 ? (
        <p className="small">{s.t('cmisNoVdm')}</p>
      ) : (
        <table data-testid="cmis-vdm" className="lanes">
          <thead>
            <tr>
              <th>{s.t('cmisVdmObservable')}</th>
              {vdmLanes.map((n) => (
                <th key={n} className="num">
                  {s.t('lane')} {n}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[...vdmTypes.entries()].map(([code, row]) => (
              <tr key={code} data-type={code}>
                <th scope="row">{row.name}</th>
                {vdmLanes.map((n) => {
                  const o = row.byLane.get(n);
                  return (
                    <td key={n} className="num small">
                      {o === undefined ? dash : vdmText(o)}
                      {o !== undefined && o.flags.length > 0 ? ` ● ${o.flags.map((x) => s.w(`module:flag.${x}`, { defaultValue: x })).join(', ')}` : ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
