/** @jsxRuntime automatic @jsxImportSource react */
// The soak in a report (issue 15 item 5): summary, phases, the event table, min / max / mean per
// parameter and lane, and one plot per parameter and lane as SVG (vector: sharp on paper at any
// zoom of the PDF). The plots are the stored series decimated to a min/max envelope per column of
// the printed width, drawn with d3-scale (axes, ticks) and d3-shape (the band and the mean line).
import type { ReactNode } from 'react';
import { scaleLinear } from 'd3-scale';
import { area, line } from 'd3-shape';
import type { ParameterName } from '../../preload/contract/limits';
import type { SoakChannelStats, SoakEvent, SoakPhase, SoakSummary } from '../../preload/contract/soak';
import { SAMPLE_STATUS, readSeries } from '../hardware/soak-series';
import { SampleDecoder, soakLayout } from '../hardware/soak-layout';
import { SeriesColumns } from '../hardware/soak-envelope';
import { decodeModule } from '../sff/index';
import type { RecordServices } from '../services/index';
import type { SoakControlNote } from '../services/soak-store';
import { KeyValues, StatusMark, type ReportContext } from './components';
import { wordsT } from './reasons';

/** Columns of a printed plot: about one per 0.4 mm of the A4 text width. */
const PLOT_BUCKETS = 400;

export interface SoakPlot {
  key: string;
  parameter: SoakChannelStats['parameter'];
  lane: number | null;
  unit: SoakChannelStats['unit'];
  limit: SoakChannelStats['limit'];
  t: number[];
  min: number[];
  max: number[];
  mean: number[];
}

export interface SoakReportData {
  testRunId: number;
  summary: SoakSummary;
  events: SoakEvent[];
  phases: SoakPhase[];
  controls: SoakControlNote[];
  failureMode: string;
  seriesSha256: string;
  seriesBytes: number;
  plots: SoakPlot[];
}

export async function loadSoakReportData(records: RecordServices, testRunId: number): Promise<SoakReportData> {
  const soak = await records.soaks.get(testRunId);
  const layout = soakLayout(soak.image, soak.decoded);
  const decoder = new SampleDecoder(layout, soak.image, decodeModule);
  const cols = new SeriesColumns(layout.channels.map((c) => c.key));
  const values = new Float64Array(layout.channels.length);
  for (const s of readSeries(soak.series)) {
    if (s.status !== SAMPLE_STATUS.good || !s.bytes) continue;
    decoder.values(s.bytes, values);
    cols.push(s.t, values);
  }
  const w = cols.window(0, Math.max(1, soak.summary.durationMs + 1), PLOT_BUCKETS);
  const plots: SoakPlot[] = layout.channels.map((c, i) => {
    const ch = w.channels.find((x) => x.key === c.key);
    return { key: c.key, parameter: c.parameter, lane: c.lane, unit: c.unit, limit: soak.settings.limits[i] ?? null, t: ch?.t ?? [], min: ch?.min ?? [], max: ch?.max ?? [], mean: ch?.mean ?? [] };
  });
  return {
    testRunId,
    summary: soak.summary,
    events: soak.events,
    phases: soak.phases,
    controls: soak.controls,
    failureMode: soak.failureMode,
    seriesSha256: soak.seriesSha256,
    seriesBytes: soak.series.length,
    plots,
  };
}

/** Which plots mark an event: its parameter's (of its lane), a lane's events on that lane's plots, module-wide ones on all. */
export function eventOnChart(e: SoakEvent, parameter: string, lane: number | null): boolean {
  if (e.parameter !== null) return e.parameter === parameter && (e.lane === null || lane === null || e.lane === lane);
  if (e.lane !== null) return lane === e.lane;
  return true;
}

/** "soak:flag:rxLos" in words: the soak's first fault. */
export function soakFailureWords(lang: ReportContext['meta']['lang'], mode: string): string {
  const t = wordsT(lang);
  if (mode === 'none' || mode === '') return t('soak:report.noFault');
  const [, kind = '', what = ''] = mode.split(':');
  const thing = ['temperatureC', 'supplyVoltageV', 'txBiasMa', 'txPowerDbm', 'rxPowerDbm', 'rxPowerOmaDbm'].includes(what) ? t(`verdict:parameter.${what}`) : t(`soak:detail.${what}`, { defaultValue: what });
  return `${t('soak:report.title')}: ${t(`soak:kind.${kind}`, { defaultValue: kind })}, ${thing}`;
}

function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h > 0 ? `${h}:` : ''}${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(s % 60).padStart(2, '0')}`;
}
const clockMs = (ms: number): string => `${clock(ms)}.${String(Math.round(ms) % 1000).padStart(3, '0')}`;

const W = 520;
const H = 120;
const M = { l: 46, r: 6, t: 6, b: 18 };
const PHASE_FILL: Record<string, string> = { ambient: '#eef1f4', heated: '#fde7d9', cooled: '#dcecf2', 'fibre-moved': '#ece1f5', other: '#f1f1f1' };

function Plot({ ctx, p, durationMs, events, phases }: { ctx: ReportContext; p: SoakPlot; durationMs: number; events: SoakEvent[]; phases: SoakPhase[] }): ReactNode {
  const t = wordsT(ctx.meta.lang);
  const lo = Math.min(...p.min, p.limit?.min ?? Infinity);
  const hi = Math.max(...p.max, p.limit?.max ?? -Infinity);
  const pad = Number.isFinite(lo) && Number.isFinite(hi) ? Math.max(0.05, (hi - lo) * 0.08) : 1;
  const x = scaleLinear().domain([0, Math.max(1000, durationMs)]).range([M.l, W - M.r]);
  const y = scaleLinear()
    .domain(Number.isFinite(lo) && Number.isFinite(hi) ? [lo - pad, hi + pad] : [0, 1])
    .range([H - M.b, M.t])
    .nice(4);
  const idx = p.t.map((_, i) => i);
  const band = area<number>()
    .x((i) => x(p.t[i]!))
    .y0((i) => y(p.min[i]!))
    .y1((i) => y(p.max[i]!))(idx);
  const mean = line<number>()
    .x((i) => x(p.t[i]!))
    .y((i) => y(p.mean[i]!))(idx);
  const mine = events.filter((e) => eventOnChart(e, p.parameter, p.lane));
  const title = `${t(`verdict:parameter.${p.parameter as ParameterName}`)}${p.lane === null ? '' : ` · ${t('soak:lane', { n: p.lane })}`} (${t(`soak:unit.${p.unit}`)})`;
  return (
    <figure className="soak-plot" data-testid="soak-plot" data-key={p.key} data-points={p.t.length}>
      <figcaption>{title}</figcaption>
      <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={title}>
        {phases.map((ph, i) => {
          const a = x(ph.atMs);
          const b = x(phases[i + 1]?.atMs ?? durationMs);
          return <rect key={`p${i}`} x={a} y={M.t} width={Math.max(0.5, b - a)} height={H - M.t - M.b} fill={PHASE_FILL[ph.kind] ?? PHASE_FILL.other} />;
        })}
        {y.ticks(4).map((v) => (
          <g key={`y${v}`}>
            <line x1={M.l} x2={W - M.r} y1={y(v)} y2={y(v)} stroke="#ddd" strokeWidth={0.5} />
            <text x={M.l - 3} y={y(v) + 3} textAnchor="end" fontSize={8}>
              {Math.round(v * 1000) / 1000}
            </text>
          </g>
        ))}
        {x.ticks(6).map((v) => (
          <text key={`x${v}`} x={x(v)} y={H - 5} textAnchor="middle" fontSize={8}>
            {clock(v)}
          </text>
        ))}
        <path d={band ?? ''} fill="#9dbbe0" stroke="none" />
        <path d={mean ?? ''} fill="none" stroke="#0b3d75" strokeWidth={0.8} />
        {[p.limit?.min, p.limit?.max].map((v, i) =>
          v === null || v === undefined ? null : <line key={`l${i}`} x1={M.l} x2={W - M.r} y1={y(v)} y2={y(v)} stroke="#a4161a" strokeWidth={0.8} strokeDasharray="4 2" />,
        )}
        {mine.map((e, i) => (
          <g key={`e${i}`}>
            <line x1={x(e.atMs)} x2={x(e.atMs)} y1={M.t} y2={H - M.b} stroke={e.fault ? '#a4161a' : '#8a5a00'} strokeWidth={0.7} />
            <path d={`M${x(e.atMs) - 3},${M.t} L${x(e.atMs) + 3},${M.t} L${x(e.atMs)},${M.t + 5} Z`} fill={e.fault ? '#a4161a' : '#8a5a00'} />
          </g>
        ))}
        <rect x={M.l} y={M.t} width={W - M.l - M.r} height={H - M.t - M.b} fill="none" stroke="#555" strokeWidth={0.5} />
      </svg>
    </figure>
  );
}


/** One soak: what it showed, when, and the plots. `heading` is the section title (the repair report numbers its soaks). */
export function SoakSection({ ctx, data, heading }: { ctx: ReportContext; data: SoakReportData; heading: string }): ReactNode {
  const { f } = ctx;
  const t = wordsT(ctx.meta.lang);
  const s = data.summary;
  const dash = '—';
  const where = (e: SoakEvent): string => [e.parameter ? t(`verdict:parameter.${e.parameter}`) : null, e.lane === null ? null : t('soak:lane', { n: e.lane })].filter(Boolean).join(' · ') || dash;
  const value = (e: SoakEvent): string => {
    if (e.value === null) return '';
    if (e.kind === 'gap') return ` (${t('soak:eventValue.gap', { ms: e.value })})`;
    if (e.kind === 'step') return ` (${t('soak:eventValue.step', { value: `${e.value > 0 ? '+' : ''}${e.value}`, unit: e.parameter === 'txBiasMa' ? 'mA' : 'dB' })})`;
    return ` (${e.value}${e.limit === null ? '' : ` / ${e.limit}`})`;
  };
  const notListed = Object.entries(s.eventsNotListed).reduce((n, [, v]) => n + (v ?? 0), 0);
  return (
    <section className="flow soak-section" data-testid="soak-section" data-verdict={s.verdict}>
      <h2>{heading}</h2>
      <KeyValues
        testId="soak-summary"
        rows={[
          [t('soak:report.verdict'), <StatusMark status={s.verdict} label={t(`soak:verdictWord.${s.verdict}`)} />],
          [t('soak:report.period'), `${f.instant(s.startedAt)} – ${f.instant(s.endedAt)} (${clock(s.durationMs)})`],
          [t('soak:report.ended'), `${t(`soak:end.${s.endReason}`)}${s.endDetail ? ` ${s.endDetail}` : ''}`],
          [t('soak:report.samples'), t('soak:report.samplesLine', { samples: s.samples, achieved: s.achievedHz, requested: s.requestedHz, failed: s.failedSamples })],
          [t('soak:report.gaps'), s.gaps.length === 0 ? t('soak:report.noGaps') : t('soak:report.gapsLine', { count: s.gaps.length, ms: s.gapMs })],
          [t('soak:report.failureMode'), soakFailureWords(ctx.meta.lang, data.failureMode)],
          [t('soak:report.series'), `${data.seriesBytes} B (${s.bytesPerSample} B/${t('soak:report.sample')}), SHA-256 ${data.seriesSha256}`],
        ]}
      />
      {data.phases.length === 0 ? null : (
        <p data-testid="soak-phases">
          <strong>{t('soak:report.phases')}:</strong>{' '}
          {data.phases.map((p) => `${clock(p.atMs)} ${t(`soak:phase.${p.kind}`)}${p.note ? ` (${p.note})` : ''}`).join('; ')}
        </p>
      )}
      <h3>{t('soak:events.title')}</h3>
      {data.events.length === 0 ? (
        <p data-testid="soak-no-events">{t('soak:events.none')}</p>
      ) : (
        <table className="soak-events" data-testid="soak-events">
          <thead>
            <tr>
              <th className="num">{t('soak:events.time')}</th>
              <th>{t('soak:events.kind')}</th>
              <th>{t('soak:events.where')}</th>
              <th>{t('soak:events.detail')}</th>
              <th className="num">{t('soak:events.until')}</th>
              <th>{t('soak:events.phase')}</th>
            </tr>
          </thead>
          <tbody>
            {data.events.map((e, i) => (
              <tr key={i} data-kind={e.kind} data-detail={e.detail} data-fault={e.fault}>
                <td className="num">{clockMs(e.atMs)}</td>
                <td>
                  {e.fault ? <StatusMark status="fail" label={`${t(`soak:kind.${e.kind}`)} · ${t('soak:events.fault')}`} /> : t(`soak:kind.${e.kind}`)}
                </td>
                <td>{where(e)}</td>
                <td>
                  {t(`soak:detail.${e.detail}`, { defaultValue: e.detail })}
                  {value(e)}
                </td>
                <td className="num">{e.endMs === null ? dash : clockMs(e.endMs)}</td>
                <td>{e.phase === null || !data.phases[e.phase] ? dash : t(`soak:phase.${data.phases[e.phase]!.kind}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {notListed > 0 ? <p className="muted">{t('soak:report.notListed', { count: notListed })}</p> : null}
      <h3>{t('soak:report.stats')}</h3>
      <table data-testid="soak-stats">
        <thead>
          <tr>
            <th>{t('soak:stats.parameter')}</th>
            <th className="num">{t('soak:stats.min')}</th>
            <th className="num">{t('soak:stats.max')}</th>
            <th className="num">{t('soak:stats.mean')}</th>
            <th className="num">{t('soak:stats.limit')}</th>
          </tr>
        </thead>
        <tbody>
          {s.stats.map((c) => (
            <tr key={`${c.parameter}-${c.lane ?? 0}`}>
              <td>
                {t(`verdict:parameter.${c.parameter}`)}
                {c.lane === null ? '' : ` · ${t('soak:lane', { n: c.lane })}`}
              </td>
              <td className="num">{c.min === null ? dash : `${c.min} ${t(`soak:unit.${c.unit}`)}`}</td>
              <td className="num">{c.max === null ? dash : `${c.max} ${t(`soak:unit.${c.unit}`)}`}</td>
              <td className="num">{c.mean === null ? dash : `${c.mean} ${t(`soak:unit.${c.unit}`)}`}</td>
              <td className="num">{c.limit ? `${c.limit.min ?? dash} … ${c.limit.max ?? dash}` : dash}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('soak:report.plots')}</h3>
      <p className="small muted">{t('soak:report.legend')}</p>
      <div className="soak-plots">
        {data.plots.map((p) => (
          <Plot key={p.key} ctx={ctx} p={p} durationMs={s.durationMs} events={data.events} phases={data.phases} />
        ))}
      </div>
    </section>
  );
}
