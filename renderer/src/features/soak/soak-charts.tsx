// One chart per parameter and lane (issue 15 item 5): the min/max envelope of each pixel-wide
// bucket as a band, the mean as a line, limit lines, phase bands and event markers. uPlot draws
// on a canvas (a few thousand points in a few milliseconds; recharts re-renders every point as a
// React SVG node, which over tens of charts made a zoom take seconds). All charts share one x
// window: drag to zoom, the wheel zooms around the pointer, shift+drag or the arrows pan,
// double-click shows the whole soak. main answers each window with new buckets, so hours of
// samples stay as cheap to draw as a minute.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SoakChannelInfo, SoakEvent, SoakPhase, SoakSeriesChannel } from '../../../../preload/contract';
import { setBuckets, setSoakView, type SoakView } from '../../stores/soak-store';

const PHASE_COLOURS: Record<string, string> = {
  ambient: 'rgba(148, 163, 184, 0.14)',
  heated: 'rgba(234, 88, 12, 0.12)',
  cooled: 'rgba(14, 116, 144, 0.12)',
  'fibre-moved': 'rgba(126, 34, 206, 0.12)',
  other: 'rgba(100, 116, 139, 0.10)',
};
const FAULT = '#b3141b';
const NOTE = '#a16207';

function formatClock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
}

interface ChartProps {
  channel: SoakChannelInfo;
  title: string;
  series: SoakSeriesChannel | undefined;
  xRange: [number, number];
  events: SoakEvent[];
  phases: SoakPhase[];
  width: number;
}

function SoakChart({ channel, title, series, xRange, events, phases, width }: ChartProps) {
  const holder = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // What the draw hook reads: kept in a ref so a new poll does not rebuild the chart.
  const overlay = useRef({ events, phases, channel, xRange });

  const data = useMemo<uPlot.AlignedData>(() => {
    const t = (series?.t ?? []).map((x) => x / 1000);
    return [t, series?.min ?? [], series?.max ?? [], series?.mean ?? []];
  }, [series]);

  useEffect(() => {
    const el = holder.current;
    if (!el) return;
    const opts: uPlot.Options = {
      width: Math.max(200, width),
      height: 150,
      legend: { show: false },
      cursor: { drag: { x: true, y: false, setScale: false } },
      scales: {
        x: { time: false, auto: false, range: () => [overlay.current.xRange[0] / 1000, overlay.current.xRange[1] / 1000] },
        y: {
          range: (_u, min, max) => {
            // The axis spans the limits too, so the distance to a limit is seen, not guessed.
            const lim = overlay.current.channel.limit;
            const lo = Math.min(Number.isFinite(min) ? min : 0, lim?.min ?? Infinity);
            const hi = Math.max(Number.isFinite(max) ? max : 1, lim?.max ?? -Infinity);
            const pad = Math.max(0.05, (hi - lo) * 0.08);
            return [lo - pad, hi + pad];
          },
        },
      },
      axes: [{ values: (_u, ticks) => ticks.map((v) => formatClock(v * 1000)) }, { size: 56 }],
      series: [
        {},
        { label: 'min', stroke: 'rgba(11, 92, 173, 0.35)', width: 1 },
        { label: 'max', stroke: 'rgba(11, 92, 173, 0.35)', width: 1 },
        { label: 'mean', stroke: '#0b5cad', width: 1.5 },
      ],
      bands: [{ series: [2, 1], fill: 'rgba(11, 92, 173, 0.18)' }],
      hooks: {
        // Phases behind the data.
        drawClear: [
          (u) => {
            const { phases: ph, xRange: xr } = overlay.current;
            const ctx = u.ctx;
            ph.forEach((p, i) => {
              const from = u.valToPos(p.atMs / 1000, 'x', true);
              const to = u.valToPos((ph[i + 1]?.atMs ?? xr[1]) / 1000, 'x', true);
              ctx.fillStyle = PHASE_COLOURS[p.kind] ?? PHASE_COLOURS.other!;
              ctx.fillRect(from, u.bbox.top, Math.max(1, to - from), u.bbox.height);
            });
          },
        ],
        // Limits and events over it.
        draw: [
          (u) => {
            const { events: evs, channel: ch } = overlay.current;
            const ctx = u.ctx;
            ctx.save();
            ctx.setLineDash([6, 3]);
            ctx.strokeStyle = FAULT;
            ctx.lineWidth = 1;
            for (const y of [ch.limit?.min, ch.limit?.max]) {
              if (y === null || y === undefined) continue;
              const py = u.valToPos(y, 'y', true);
              ctx.beginPath();
              ctx.moveTo(u.bbox.left, py);
              ctx.lineTo(u.bbox.left + u.bbox.width, py);
              ctx.stroke();
            }
            ctx.setLineDash([]);
            for (const e of evs) {
              // A module-wide event (gap, reset) marks every chart; a lane's flag that lane's; a parameter's its own.
              const mine = e.parameter !== null ? e.parameter === ch.parameter && (e.lane === null || ch.lane === null || e.lane === ch.lane) : e.lane !== null ? ch.lane === e.lane : true;
              if (!mine) continue;
              const px = u.valToPos(e.atMs / 1000, 'x', true);
              if (px < u.bbox.left || px > u.bbox.left + u.bbox.width) continue;
              ctx.strokeStyle = e.fault ? FAULT : NOTE;
              ctx.globalAlpha = 0.8;
              ctx.beginPath();
              ctx.moveTo(px, u.bbox.top);
              ctx.lineTo(px, u.bbox.top + u.bbox.height);
              ctx.stroke();
              ctx.fillStyle = ctx.strokeStyle;
              ctx.beginPath();
              ctx.moveTo(px - 4, u.bbox.top);
              ctx.lineTo(px + 4, u.bbox.top);
              ctx.lineTo(px, u.bbox.top + 7);
              ctx.fill();
            }
            ctx.restore();
          },
        ],
        setSelect: [
          (u) => {
            if (u.select.width < 3) return;
            const from = u.posToVal(u.select.left, 'x') * 1000;
            const to = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            setSoakView({ fromMs: Math.max(0, from), toMs: to });
          },
        ],
      },
    };
    const u = new uPlot(opts, data, el);
    plot.current = u;
    const onWheel = (ev: WheelEvent): void => {
      ev.preventDefault();
      const [a, b] = overlay.current.xRange;
      const rect = u.over.getBoundingClientRect();
      const at = a + ((ev.clientX - rect.left) / Math.max(1, rect.width)) * (b - a);
      const k = ev.deltaY < 0 ? 0.8 : 1.25;
      setSoakView({ fromMs: Math.max(0, at - (at - a) * k), toMs: at + (b - at) * k });
    };
    const onDbl = (): void => setSoakView(null);
    u.over.addEventListener('wheel', onWheel, { passive: false });
    u.over.addEventListener('dblclick', onDbl);
    return () => {
      u.over.removeEventListener('wheel', onWheel);
      u.over.removeEventListener('dblclick', onDbl);
      u.destroy();
      plot.current = null;
    };
    // The chart is built once per channel and width; data and overlays update below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [channel.key, width]);

  useEffect(() => {
    overlay.current = { events, phases, channel, xRange };
    plot.current?.setData(data);
  }, [data, xRange, events, phases, channel]);

  return (
    <figure className="soak__chart" data-testid={`soak-chart-${channel.key}`} data-points={series?.t.length ?? 0}>
      <figcaption>{title}</figcaption>
      <div ref={holder} />
    </figure>
  );
}

export function SoakCharts({
  channels,
  series,
  view,
  durationMs,
  events,
  phases,
}: {
  channels: SoakChannelInfo[];
  series: SoakSeriesChannel[];
  view: SoakView | null;
  durationMs: number;
  events: SoakEvent[];
  phases: SoakPhase[];
}) {
  const { t } = useTranslation('soak');
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const xRange: [number, number] = view ? [view.fromMs, view.toMs] : [0, Math.max(1000, durationMs)];
  useEffect(() => {
    // About one bucket per pixel of a chart (two columns on a wide screen).
    setBuckets(chartWidth(width));
  }, [width]);
  const byKey = useMemo(() => new Map(series.map((s) => [s.key, s])), [series]);
  const pan = (dir: -1 | 1): void => {
    const span = xRange[1] - xRange[0];
    const from = Math.max(0, xRange[0] + dir * span * 0.25);
    setSoakView({ fromMs: from, toMs: from + span });
  };
  return (
    <div className="soak__plots" ref={box}>
      <div className="row soak__zoom">
        <span className="muted">{t('plot.help')}</span>
        <button type="button" onClick={() => pan(-1)} aria-label={t('plot.panLeft')} data-testid="soak-pan-left">
          ◀
        </button>
        <button type="button" onClick={() => pan(1)} aria-label={t('plot.panRight')} data-testid="soak-pan-right">
          ▶
        </button>
        <button type="button" onClick={() => setSoakView(null)} disabled={view === null} data-testid="soak-zoom-reset">
          {t('plot.whole')}
        </button>
        <span className="muted" data-testid="soak-window">
          {t('plot.window', { from: formatClock(xRange[0]), to: formatClock(xRange[1]) })}
        </span>
      </div>
      <div className="soak__grid">
        {channels.map((c) => (
          <SoakChart
            key={c.key}
            channel={c}
            title={`${t(`verdict:parameter.${c.parameter}`)}${c.lane === null ? '' : ` · ${t('lane', { n: c.lane })}`} (${t(`unit.${c.unit}`)})`}
            series={byKey.get(c.key)}
            xRange={xRange}
            events={events}
            phases={phases}
            width={chartWidth(width)}
          />
        ))}
      </div>
    </div>
  );
}

function chartWidth(total: number): number {
  return total >= 1100 ? Math.floor(total / 2) - 12 : Math.max(240, total - 8);
}

function useWidth(ref: React.RefObject<HTMLDivElement | null>): number {
  const [w, setW] = useState(800);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setW(el.clientWidth || 800);
    const ro = new ResizeObserver(() => setW(el.clientWidth || 800));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, setW]);
  return w;
}
