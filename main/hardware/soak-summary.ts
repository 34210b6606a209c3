// What a finished soak says: its verdict, failure mode and summary (issue 15 item 4), and the
// limits and light-source rule it judges by, taken from the read it started with. Pure.
import type { Evaluation, LimitRange, SoakJudgement } from '../../preload/contract/limits';
import type { SoakChannelStats, SoakEndReason, SoakEvent, SoakGap, SoakSummary, SoakVerdict } from '../../preload/contract/soak';
import type { SoakDetector } from './soak-detect';
import type { SoakLayout } from './soak-layout';

const JUDGED = new Set(['pass', 'marginal', 'fail']);

/** Each channel's limit as the start read judged it (null where that parameter was not judged). */
export function limitsFor(layout: SoakLayout, evaluation: Evaluation): (LimitRange | null)[] {
  return layout.channels.map((ch) => {
    const v = evaluation.verdicts.find(
      (x) => x.parameter === ch.parameter && JUDGED.has(x.status) && x.limit !== null && (x.lane === ch.lane || (x.lane === null && (ch.lane === null || layout.lanes === 1)) || (ch.lane === null && x.lane === 1)),
    );
    return v?.limit ?? null;
  });
}

/** Rx readings are faults only with light on the receiver, as in the read (limits TestSetup.rxLightSource). */
export function rxJudgedBy(evaluation: Evaluation): boolean {
  return evaluation.setup?.rxLightSource === true && !(evaluation.notJudged ?? []).includes('rxPowerDbm');
}

/**
 * The verdict: a fault event fails the soak, whatever else; a soak that ended early for the bench's
 * reasons (programmer lost, an error, the app stopped, another module seated) or has no good sample
 * is incomplete; otherwise it passed (also when the technician stopped it early: its length is kept).
 */
export function soakVerdict(endReason: SoakEndReason, faults: number, samples: number): SoakVerdict {
  if (faults > 0) return 'fail';
  if (samples === 0) return 'incomplete';
  if (endReason === 'completed' || endReason === 'stopped') return 'pass';
  return 'incomplete';
}

/** "soak:flag:rxLos", "soak:step:txPowerDbm", "soak:reset:module-state", "soak:gap:module-nack". */
export function failureModeOf(faults: readonly SoakEvent[]): string {
  const f = faults[0];
  if (!f) return 'none';
  return `soak:${f.kind}:${f.kind === 'limit' || f.kind === 'step' ? (f.parameter ?? f.detail) : f.detail}`;
}

export interface SummaryInput {
  startedAtMs: number;
  endMs: number;
  endReason: SoakEndReason;
  endDetail: string | null;
  requestedHz: number;
  samples: number;
  failedSamples: number;
  jitterP99Ms: number;
  layout: SoakLayout;
  limits: (LimitRange | null)[];
  stats: ReturnType<SoakDetector['channelStats']>;
  gaps: SoakGap[];
  eventCount: number;
  notListed: SoakSummary['eventsNotListed'];
  faults: number;
  seriesBytes: number;
}

export function buildSummary(s: SummaryInput): SoakSummary {
  const durationMs = Math.max(0, s.endMs);
  const stats: SoakChannelStats[] = s.layout.channels.map((ch, i) => {
    const st = s.stats[i] ?? { n: 0, noLight: 0, min: null, max: null, mean: null };
    const r = (v: number | null): number | null => (v === null ? null : Math.round(v * 10000) / 10000);
    return { parameter: ch.parameter, lane: ch.lane, unit: ch.unit, n: st.n, noLight: st.noLight, min: r(st.min), max: r(st.max), mean: r(st.mean), limit: s.limits[i] ?? null };
  });
  return {
    startedAt: new Date(s.startedAtMs).toISOString(),
    endedAt: new Date(s.startedAtMs + durationMs).toISOString(),
    durationMs,
    endReason: s.endReason,
    endDetail: s.endDetail,
    requestedHz: s.requestedHz,
    achievedHz: durationMs > 0 ? Math.round((s.samples / (durationMs / 1000)) * 1000) / 1000 : 0,
    samples: s.samples,
    failedSamples: s.failedSamples,
    jitterP99Ms: Math.round(s.jitterP99Ms * 100) / 100,
    gaps: s.gaps.map((g) => ({ ...g })),
    gapMs: s.gaps.reduce((n, g) => n + g.durationMs, 0),
    events: s.eventCount,
    eventsNotListed: s.notListed,
    stats,
    verdict: soakVerdict(s.endReason, s.faults, s.samples),
    seriesBytes: s.seriesBytes,
    bytesPerSample: s.samples + s.failedSamples > 0 ? Math.round((s.seriesBytes / (s.samples + s.failedSamples)) * 100) / 100 : 0,
  };
}

/** What the soak adds to the start read's evaluation (stored with the soak's test run). */
export function soakJudgement(summary: SoakSummary, faults: readonly SoakEvent[]): SoakJudgement {
  return {
    verdict: summary.verdict,
    failureMode: failureModeOf(faults),
    faults: faults.slice(0, 50).map((f) => ({ atMs: f.atMs, kind: f.kind, parameter: f.parameter, lane: f.lane, detail: f.detail })),
    durationMs: summary.durationMs,
    samples: summary.samples,
  };
}

/**
 * The stored evaluation of a soak run: the start read's verdicts, with the overall verdict the
 * soak gives it: 'fail' when the soak failed (a fault shown is a fault, whatever the start read
 * could or could not judge), else the start read's own.
 */
export function soakEvaluation(start: Evaluation, judgement: SoakJudgement): Evaluation {
  if (judgement.verdict !== 'fail') return { ...start, soak: judgement };
  return { ...start, overall: 'fail', withinSpec: false, incomplete: [], nextSteps: [], soak: judgement };
}

/** The --json object of `soak` (issue 15 item 1), plus the start instant the times count from. */
export function soakJson(summary: SoakSummary, events: readonly SoakEvent[]): Record<string, unknown> {
  return {
    samples: summary.samples,
    requestedHz: summary.requestedHz,
    achievedHz: summary.achievedHz,
    verdict: summary.verdict,
    events: events.map((e) => ({ atMs: e.atMs, kind: e.kind, parameter: e.parameter, lane: e.lane, detail: e.detail, fault: e.fault, endMs: e.endMs, value: e.value })),
    gaps: summary.gaps.map((g) => ({ atMs: g.atMs, durationMs: g.durationMs, cause: g.cause })),
    startedAt: summary.startedAt,
    durationMs: summary.durationMs,
    endReason: summary.endReason,
    failedSamples: summary.failedSamples,
    jitterP99Ms: summary.jitterP99Ms,
    bytesPerSample: summary.bytesPerSample,
    stats: summary.stats.map((s) => ({ parameter: s.parameter, lane: s.lane, unit: s.unit, min: s.min, max: s.max, mean: s.mean, n: s.n })),
  };
}
