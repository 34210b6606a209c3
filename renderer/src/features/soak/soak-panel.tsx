// The soak panel on the bench (issue 15): start a soak on the read on screen (on the case the read
// was recorded on), follow it live (counts, phases, events, plots), and see its result (verdict,
// summary, min/max/mean, CSV, report). It finds a running soak again after a reload: main keeps it.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SOAK_PHASE_KINDS, type BenchReadResult, type SoakEvent, type SoakLive, type SoakPhaseKind } from '../../../../preload/contract';
import { liveMonitorUnavailable } from '../../../../preload/contract/live-monitor';
import { ErrorState } from '../../components/states';
import { VerdictBadge } from '../../components/verdict-badge';
import { formatDateTime, formatValue, type Unit } from '../../i18n/format';
import { connectSoaks, exportSoakCsv, markPhase, setSoakForm, showSoak, startSoak, stopSoak, useSoakStore } from '../../stores/soak-store';
import { OpenReportButton } from '../reports/report-preview';
import { SoakCharts } from './soak-charts';
import './soak.css';

function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h > 0 ? `${h}:` : ''}${String(m).padStart(h > 0 ? 2 : 1, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function clockMs(ms: number): string {
  return `${clock(ms)}.${String(Math.round(ms) % 1000).padStart(3, '0')}`;
}

const active = (s: SoakLive | null): boolean => s !== null && s.state !== 'finished' && s.state !== 'failed';

function EventDetail({ e }: { e: SoakEvent }) {
  const { t, i18n } = useTranslation('soak');
  const where = [e.parameter ? t(`verdict:parameter.${e.parameter}`) : null, e.lane !== null ? t('lane', { n: e.lane }) : null].filter(Boolean).join(' · ');
  const detail = t(`detail.${e.detail}`, { defaultValue: e.detail });
  const unit: Unit | null = e.parameter === 'temperatureC' ? 'degC' : e.parameter === 'supplyVoltageV' ? 'V' : e.parameter === 'txBiasMa' ? 'mA' : e.parameter ? 'dBm' : null;
  const value =
    e.value === null
      ? ''
      : e.kind === 'gap'
        ? t('eventValue.gap', { ms: e.value })
        : e.kind === 'step'
          ? t('eventValue.step', { value: `${e.value > 0 ? '+' : ''}${e.value}`, unit: unit === 'mA' ? 'mA' : 'dB' })
          : unit
            ? formatValue(e.value, unit, i18n.language)
            : String(e.value);
  return (
    <>
      <td>{where || '—'}</td>
      <td>
        {detail}
        {value ? ` (${value})` : ''}
      </td>
    </>
  );
}

function EventTable({ events, phases }: { events: SoakEvent[]; phases: SoakLive['phases'] }) {
  const { t } = useTranslation('soak');
  if (events.length === 0) return <p className="muted" data-testid="soak-no-events">{t('events.none')}</p>;
  return (
    <div className="soak__events-scroll">
      <table className="soak__events" data-testid="soak-events">
        <thead>
          <tr>
            <th scope="col">{t('events.time')}</th>
            <th scope="col">{t('events.kind')}</th>
            <th scope="col">{t('events.where')}</th>
            <th scope="col">{t('events.detail')}</th>
            <th scope="col">{t('events.until')}</th>
            <th scope="col">{t('events.phase')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e, i) => (
            <tr key={`${e.atMs}-${i}`} className={e.fault ? 'soak__event--fault' : ''} data-kind={e.kind} data-detail={e.detail} data-fault={e.fault}>
              <td>{clockMs(e.atMs)}</td>
              <td>
                {e.fault ? <span aria-hidden="true">✖ </span> : <span aria-hidden="true">▲ </span>}
                {t(`kind.${e.kind}`)}
                {e.fault ? <span className="soak__fault-word"> · {t('events.fault')}</span> : null}
              </td>
              <EventDetail e={e} />
              <td>{e.endMs === null ? '—' : clockMs(e.endMs)}</td>
              <td>{e.phase === null || !phases[e.phase] ? '—' : t(`phase.${phases[e.phase]!.kind}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PhaseBar({ soak }: { soak: SoakLive }) {
  const { t } = useTranslation('soak');
  const [note, setNote] = useState('');
  return (
    <div className="soak__phases" role="group" aria-label={t('phase.mark')}>
      <strong>{t('phase.mark')}:</strong>
      {SOAK_PHASE_KINDS.map((k: SoakPhaseKind) => (
        <button
          key={k}
          type="button"
          data-testid={`soak-phase-${k}`}
          onClick={() => {
            void markPhase(k, note);
            setNote('');
          }}
        >
          {t(`phase.${k}`)}
        </button>
      ))}
      <input type="text" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} placeholder={t('phase.notePlaceholder')} aria-label={t('phase.note')} data-testid="soak-phase-note" />
      {soak.phases.length > 0 ? (
        <span className="muted" data-testid="soak-phase-current">
          {t('phase.current', { phase: t(`phase.${soak.phases[soak.phases.length - 1]!.kind}`), time: clock(soak.phases[soak.phases.length - 1]!.atMs) })}
        </span>
      ) : null}
    </div>
  );
}

function Summary({ soak }: { soak: SoakLive }) {
  const { t, i18n } = useTranslation('soak');
  const s = soak.summary;
  if (!s) return null;
  return (
    <div className="soak__summary" data-testid="soak-summary">
      <p>
        {t('summary.line', {
          duration: clock(s.durationMs),
          samples: s.samples,
          achieved: s.achievedHz,
          requested: s.requestedHz,
          failed: s.failedSamples,
          gaps: s.gaps.length,
          events: s.events,
        })}
      </p>
      <p>
        {t(`end.${s.endReason}`)}
        {s.endDetail ? ` ${s.endDetail}` : ''}
      </p>
      <table className="soak__stats" data-testid="soak-stats">
        <thead>
          <tr>
            <th scope="col">{t('stats.parameter')}</th>
            <th scope="col">{t('stats.min')}</th>
            <th scope="col">{t('stats.max')}</th>
            <th scope="col">{t('stats.mean')}</th>
            <th scope="col">{t('stats.limit')}</th>
          </tr>
        </thead>
        <tbody>
          {s.stats.map((c) => (
            <tr key={`${c.parameter}-${c.lane ?? 0}`}>
              <th scope="row">
                {t(`verdict:parameter.${c.parameter}`)}
                {c.lane === null ? '' : ` · ${t('lane', { n: c.lane })}`}
              </th>
              <td>{formatValue(c.min, c.unit, i18n.language)}</td>
              <td>{formatValue(c.max, c.unit, i18n.language)}</td>
              <td>{formatValue(c.mean, c.unit, i18n.language)}</td>
              <td>{c.limit ? `${c.limit.min ?? '—'} … ${c.limit.max ?? '—'}` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SoakPanel({ result, recorded }: { result: BenchReadResult | null; recorded: { caseId: number; rmaNumber: string; role: 'before-repair' | 'after-repair' } | null }) {
  const { t, i18n } = useTranslation('soak');
  const { soaks, current, events, series, view, form, starting, stopping, error, exported } = useSoakStore();
  useEffect(() => connectSoaks(), []);
  // A module with nothing live (no diagnostics, flat CMIS memory...) cannot be soaked either: the
  // same rule and words as the live monitor's (preload/contract/live-monitor.ts).
  const lacks = result !== null && result.source === 'programmer' ? liveMonitorUnavailable(result.module) : null;
  const canStart = result !== null && result.source === 'programmer' && lacks === null && !active(current);
  const simulated = result?.programmer.kind === 'sim';
  const channels = current?.channels ?? [];
  const seriesChannels = useMemo(() => series?.channels ?? [], [series]);
  const recent = soaks.filter((s) => s.soakId !== current?.soakId).slice(0, 5);

  return (
    <section className="card soak" aria-labelledby="soak-title" data-testid="soak">
      <div className="row soak__head">
        <h2 id="soak-title">{t('title')}</h2>
        {current ? (
          <span data-testid="soak-state" data-state={current.state}>
            {t(`state.${current.state}`)}
          </span>
        ) : null}
        {current && !active(current) ? <VerdictBadge status={current.verdict} kind="overall" /> : null}
      </div>
      <p className="muted">{t('intro')}</p>
      {error ? <ErrorState error={error} compact /> : null}

      {result && !active(current) ? (
        <form
          className="soak__form row"
          onSubmit={(e) => {
            e.preventDefault();
            if (canStart) void startSoak(result.readId, recorded?.caseId ?? null, recorded?.role ?? 'before-repair');
          }}
        >
          <label>
            {t('form.rate')}
            <input type="number" min={0.1} max={200} step={0.1} value={form.rateHz} onChange={(e) => setSoakForm({ rateHz: Number(e.target.value) })} data-testid="soak-rate" />
          </label>
          <label>
            {t('form.minutes')}
            <input type="number" min={0.05} max={10080} step="any" value={form.minutes} onChange={(e) => setSoakForm({ minutes: Number(e.target.value) })} data-testid="soak-minutes" />
          </label>
          {recorded ? (
            <label className="row">
              <input type="checkbox" checked={form.onCase} onChange={(e) => setSoakForm({ onCase: e.target.checked })} data-testid="soak-on-case" />
              {t('form.onCase', { rma: recorded.rmaNumber })}
            </label>
          ) : (
            <span className="muted" data-testid="soak-no-case">{t('form.noCase')}</span>
          )}
          <button type="submit" className="primary" disabled={!canStart || starting} data-testid="soak-start">
            {starting ? t('form.starting') : t('form.start')}
          </button>
          {result.source !== 'programmer' ? <span className="disabled-note">{t('form.onlyProgrammer')}</span> : null}
          {lacks !== null ? (
            <span className="disabled-note" data-testid="soak-unavailable" data-why={lacks}>
              {t(`bench:monitor.unavailable.${lacks}`)}
            </span>
          ) : null}
          {simulated ? <span className="muted">{t('form.training')}</span> : null}
          <span className="muted">{t('form.rateNote')}</span>
        </form>
      ) : null}

      {current ? (
        <>
          <div className="soak__status row" data-testid="soak-status">
            <span>
              {current.module.vendor} {current.module.partNumber} · {current.module.serial}
            </span>
            <span>{current.rmaNumber ? t('status.onCase', { rma: current.rmaNumber }) : t('status.noCase')}</span>
            <span data-testid="soak-elapsed">
              {clock(current.elapsedMs)} / {clock(current.durationMs)}
            </span>
            <span data-testid="soak-samples">{t('status.samples', { count: current.samples, achieved: current.achievedHz, requested: current.requestedHz })}</span>
            {current.link ? (
              <span className="muted" data-testid="soak-link">
                {t('status.link', { ms: current.link.sampleMs, max: current.link.maxHz })}
              </span>
            ) : null}
            {current.link?.statusProbe ? (
              <span className="muted" data-testid="soak-link-probe">
                {t('status.linkProbe')}
              </span>
            ) : null}
            {current.failedSamples > 0 ? <span>{t('status.failed', { count: current.failedSamples })}</span> : null}
            <span data-testid="soak-event-count">{t('status.events', { count: current.eventCount })}</span>
            {current.source === 'simulated' ? <span className="muted">{t('status.training')}</span> : null}
            {active(current) ? (
              <button type="button" onClick={() => void stopSoak()} disabled={stopping || current.state === 'stopping'} data-testid="soak-stop">
                {t('stop')}
              </button>
            ) : null}
          </div>
          {current.state === 'waiting-for-programmer' ? <p className="soak__warning" role="status">{t('status.waiting')}</p> : null}
          {current.error ? <ErrorState error={current.error} compact /> : null}
          {active(current) ? <PhaseBar soak={current} /> : null}
          {!active(current) ? (
            <div className="row soak__done">
              {current.testRunId !== null ? (
                <span role="status" data-testid="soak-recorded">
                  {t('recorded', { id: current.testRunId })}
                </span>
              ) : null}
              {current.testRunId !== null ? <OpenReportButton kind="test-run" id={current.testRunId} /> : null}
              {current.testRunId !== null ? (
                <button type="button" onClick={() => void exportSoakCsv()} data-testid="soak-export">
                  {t('export')}
                </button>
              ) : null}
              {exported && !exported.canceled ? <span role="status">{t('exported', { file: exported.fileName, rows: exported.rows })}</span> : null}
            </div>
          ) : null}
          <Summary soak={current} />
          <h3>{t('events.title')}</h3>
          <EventTable events={events} phases={current.phases} />
          {channels.length > 0 ? (
            <SoakCharts channels={channels} series={seriesChannels} view={view} durationMs={active(current) ? Math.max(current.elapsedMs, 1000) : (current.summary?.durationMs ?? current.elapsedMs)} events={events} phases={current.phases} />
          ) : null}
        </>
      ) : null}

      {recent.length > 0 ? (
        <div className="soak__recent">
          <h3>{t('recent')}</h3>
          <ul>
            {recent.map((s) => (
              <li key={s.soakId}>
                <button type="button" className="link" onClick={() => void showSoak(s.soakId)}>
                  {formatDateTime(s.startedAt, i18n.language)} · {s.module.serial} · {t(`state.${s.state}`)} · {t(`verdictWord.${s.verdict}`)}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
