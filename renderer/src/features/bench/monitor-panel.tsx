import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartLegend } from '../../components/chart-legend';
import type { BenchReadResult, LimitRange, LiveReading, ParameterName } from '../../../../preload/contract';
import { ErrorState } from '../../components/states';
import { monitorUnavailableFor, type MonitorUnavailableReason } from '../../../../preload/contract/live-monitor';
import { raisedFlagWords } from '../../../../preload/contract/words/index';
import { formatTime, formatValue, type Unit } from '../../i18n/format';
import { seriesValues, startMonitor, stopMonitor, useCharacterShortcut, type BenchState } from '../../stores/bench-store';

const LANE_COLOURS = ['#0b5cad', '#c2410c', '#15803d', '#7e22ce', '#0e7490', '#a16207', '#be123c', '#4338ca'];

interface ChartDef {
  parameter: ParameterName;
  unit: Unit;
  perLane: boolean;
}

const CHARTS: ChartDef[] = [
  { parameter: 'temperatureC', unit: 'degC', perLane: false },
  { parameter: 'supplyVoltageV', unit: 'V', perLane: false },
  { parameter: 'txBiasMa', unit: 'mA', perLane: true },
  { parameter: 'txPowerDbm', unit: 'dBm', perLane: true },
  { parameter: 'rxPowerDbm', unit: 'dBm', perLane: true },
];

/** The spec limits judged in the read, so the chart shows the same lines the verdict used. */
function limitFor(result: BenchReadResult, parameter: ParameterName): LimitRange | null {
  return result.evaluation.verdicts.find((v) => v.parameter === parameter && v.limit !== null)?.limit ?? null;
}

/** The axis always spans the spec limits too, so the distance to a limit is seen, not guessed. */
function yDomain(limit: LimitRange | null): [(min: number) => number, (max: number) => number] {
  const lo = limit?.min ?? null;
  const hi = limit?.max ?? null;
  return [
    (min: number) => Math.floor(lo === null ? min - 1 : Math.min(min, lo) - 0.5),
    (max: number) => Math.ceil(hi === null ? max + 1 : Math.max(max, hi) + 0.5),
  ];
}

function seriesKeys(def: ChartDef, lanes: number): { key: string; lane: number | null }[] {
  if (!def.perLane) return [{ key: def.parameter, lane: null }];
  return Array.from({ length: lanes }, (_, i) => ({ key: `${def.parameter}_${i + 1}`, lane: i + 1 }));
}

function MonitorChart({
  def,
  data,
  lanes,
  limit,
  alarmTimes,
  extremes,
  last,
}: {
  def: ChartDef;
  data: Record<string, number | null>[];
  lanes: number;
  limit: LimitRange | null;
  alarmTimes: number[];
  extremes: BenchState['monitor']['extremes'];
  last: Record<string, number | null> | null;
}) {
  const { t, i18n } = useTranslation('bench');
  const lng = i18n.language;
  const keys = seriesKeys(def, lanes);
  const title = t(`verdict:parameter.${def.parameter}`);
  return (
    <figure className="monitor__chart" data-testid={`monitor-${def.parameter}`}>
      <figcaption>
        {title}
        {limit !== null && (limit.min != null || limit.max != null) ? (
          <span className="muted monitor__limits" data-testid={`limits-${def.parameter}`}>
            {' '}
            <span aria-hidden="true" className="monitor__limit-line" /> {t('monitor.limitsCaption', { min: formatValue(limit.min ?? null, def.unit, lng), max: formatValue(limit.max ?? null, def.unit, lng) })}
          </span>
        ) : null}
      </figcaption>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#d5dbe1" />
          <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => formatTime(v, lng)} minTickGap={40} />
          <YAxis width={56} domain={yDomain(limit)} tickFormatter={(v: number) => String(Math.round(v * 100) / 100)} />
          <Tooltip
            labelFormatter={(v) => formatTime(Number(v), lng)}
            formatter={(v) => formatValue(typeof v === 'number' ? v : null, def.unit, lng)}
          />
          {keys.length > 1 ? <Legend content={<ChartLegend />} /> : null}
          {/* The limits are named in the caption, not on the lines: two labels at the same end of
              a narrow band overlapped (issue 12). */}
          {limit?.min !== null && limit?.min !== undefined ? <ReferenceLine y={limit.min} stroke="#b3141b" strokeDasharray="6 3" /> : null}
          {limit?.max !== null && limit?.max !== undefined ? <ReferenceLine y={limit.max} stroke="#b3141b" strokeDasharray="6 3" /> : null}
          {alarmTimes.map((ts) => (
            <ReferenceLine key={ts} x={ts} stroke="#b3141b" strokeOpacity={0.35} />
          ))}
          {keys.map(({ key, lane }, i) => (
            <Line
              key={key}
              dataKey={key}
              name={lane === null ? title : t('monitor.lane', { n: lane })}
              stroke={LANE_COLOURS[i % LANE_COLOURS.length]}
              dot={false}
              isAnimationActive={false}
              connectNulls={false}
              strokeWidth={2}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <table className="monitor__extremes">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">{t('monitor.now')}</th>
            <th scope="col">{t('monitor.min')}</th>
            <th scope="col">{t('monitor.max')}</th>
          </tr>
        </thead>
        <tbody>
          {keys.map(({ key, lane }) => (
            <tr key={key}>
              <th scope="row">{lane === null ? title : t('monitor.lane', { n: lane })}</th>
              <td>{formatValue(last?.[key] ?? null, def.unit, lng)}</td>
              <td data-testid={`min-${key}`}>{formatValue(extremes[key]?.min ?? null, def.unit, lng)}</td>
              <td data-testid={`max-${key}`}>{formatValue(extremes[key]?.max ?? null, def.unit, lng)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

function alarmEvents(samples: LiveReading[]): { ts: number; sample: LiveReading }[] {
  // One mark where the set of raised flags changes, not one per sample: a steady alarm is one event.
  const out: { ts: number; sample: LiveReading }[] = [];
  let prev = '';
  for (const s of samples) {
    const sig = `${s.alarms.join(',')}|${s.warnings.join(',')}`;
    if (sig !== prev && s.alarms.length + s.warnings.length > 0) out.push({ ts: s.timestamp, sample: s });
    prev = sig;
  }
  return out;
}

/** Why the live monitor cannot run for this read (main refuses by the same rule), or null when it can. */
export function monitorUnavailable(result: BenchReadResult): MonitorUnavailableReason | null {
  return monitorUnavailableFor(result);
}

/** The monitor brings this module up and holds it (CMIS, or an SFF-8636 module the read brought up). */
function heldForMonitor(result: BenchReadResult): boolean {
  return result.module.cmis !== undefined || (result.module.standard === 'SFF-8636' && result.evaluation.setup?.laser?.outcome === 'done');
}

export function MonitorPanel({ result, monitor }: { result: BenchReadResult; monitor: BenchState['monitor'] }) {
  const { t, i18n } = useTranslation(['bench', 'module']);
  const lanes = result.module.diagnostics?.lanes.length ?? 1;
  const data = useMemo(() => monitor.samples.map((s) => ({ t: s.timestamp, ...seriesValues(s) })), [monitor.samples]);
  const events = useMemo(() => alarmEvents(monitor.samples), [monitor.samples]);
  const lastSample = monitor.samples[monitor.samples.length - 1];
  const last = lastSample ? seriesValues(lastSample) : null;
  // Offered for any module read from a programmer; when this one cannot be monitored, the button
  // is disabled with the reason beside it (a copper SFP was told "not a file" before).
  const unavailable = monitorUnavailable(result);
  const canMonitor = unavailable === null;
  const key = useCharacterShortcut('M');

  return (
    <section className="card monitor" aria-labelledby="monitor-title" data-testid="monitor">
      <div className="row monitor__head">
        <h2 id="monitor-title">{t('monitor.title')}</h2>
        {monitor.running ? (
          <button type="button" onClick={() => void stopMonitor()} aria-keyshortcuts={key.aria} data-testid="monitor-toggle">
            {t('monitor.stop')} <kbd>{key.label}</kbd>
          </button>
        ) : (
          <button type="button" onClick={() => void startMonitor()} disabled={!canMonitor} aria-keyshortcuts={key.aria} data-testid="monitor-toggle" aria-describedby={canMonitor ? undefined : 'monitor-why'}>
            {t('monitor.start')} <kbd>{key.label}</kbd>
          </button>
        )}
        {monitor.samples.length > 0 ? <span className="muted">{t('monitor.samples', { count: monitor.samples.length })}</span> : null}
        {unavailable !== null ? (
          <span className="disabled-note" id="monitor-why" data-testid="monitor-unavailable" data-why={unavailable}>
            {t(`monitor.unavailable.${unavailable}`)}
          </span>
        ) : null}
      </div>
      {monitor.running && heldForMonitor(result) ? (
        <p className="muted" data-testid="monitor-held">
          {t('monitor.held')}
        </p>
      ) : null}
      {monitor.error ? <ErrorState error={monitor.error} compact /> : null}
      {monitor.running && monitor.samples.length === 0 ? <p className="muted">{t('monitor.waiting')}</p> : null}
      {monitor.samples.length > 0 ? (
        <>
          <div className="monitor__alarms" data-testid="monitor-alarms">
            <strong>{t('monitor.alarms')}:</strong>{' '}
            {events.length === 0 ? (
              <span>{t('monitor.noAlarms')}</span>
            ) : (
              <ul>
                {events.slice(-5).map((ev) => (
                  <li key={ev.ts}>
                    <span aria-hidden="true">▲ </span>
                    {t('monitor.alarmAt', { time: formatTime(ev.ts, i18n.language), flags: raisedFlagWords(t, ev.sample).join(', ') })}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div className="monitor__grid">
            {CHARTS.map((def) => (
              <MonitorChart
                key={def.parameter}
                def={def}
                data={data}
                lanes={lanes}
                limit={limitFor(result, def.parameter)}
                alarmTimes={events.map((e) => e.ts)}
                extremes={monitor.extremes}
                last={last}
              />
            ))}
          </div>
        </>
      ) : null}
    </section>
  );
}
