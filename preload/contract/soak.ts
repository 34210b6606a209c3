// Soak runs (issue 15): the module's real-time diagnostics and flags sampled for minutes to hours,
// events found as they happen, phases marked by the technician, stored as evidence (a test run of
// kind 'soak' with its full series). Pure TypeScript plus zod: the renderer, main, the CLI and the
// reports share these shapes; each is defined once (zod schema and its z.infer where it is a request).
import { z } from 'zod';
import { readIdSchema } from './hardware';
import { SoakThresholdsSchema, type LimitRange, type SoakThresholds } from './limits';
import { TEST_RUN_ROLES } from './records';

/** Issue 15 item 1: the kinds of event a soak reports. */
export const SOAK_EVENT_KINDS = ['flag', 'limit', 'step', 'gap', 'reset'] as const;
export type SoakEventKind = (typeof SOAK_EVENT_KINDS)[number];

/** The parameters a soak samples, one series per parameter and lane. */
export const SOAK_PARAMETERS = ['temperatureC', 'supplyVoltageV', 'txBiasMa', 'txPowerDbm', 'rxPowerDbm'] as const;
export type SoakParameter = (typeof SOAK_PARAMETERS)[number];

/** Where the time of a gap went: the module stopped answering, or the programmer did. */
export const SOAK_GAP_CAUSES = ['module-nack', 'programmer-timeout', 'programmer-unplugged'] as const;
export type SoakGapCause = (typeof SOAK_GAP_CAUSES)[number];

/** How a reset was seen in the module's own bytes. */
export const SOAK_RESET_SIGNS = ['module-state', 'init-complete', 'data-not-ready', 'controls-lost', 'page-select-lost'] as const;
export type SoakResetSign = (typeof SOAK_RESET_SIGNS)[number];

/**
 * One event. `atMs` is from the soak's start, the time of the first sample that showed it (the
 * event began after the sample before, `sinceMs`); `endMs` when it was last seen to end (null
 * while it lasts or when it never ended). `detail`: a flag's name (rxLos, txFault,
 * txPowerLowAlarm, temperatureHighWarning...), for a limit 'above-max' | 'below-min' |
 * 'above-warn-max' | 'below-warn-min', for a step 'up' | 'down', for a gap its SoakGapCause, for a
 * reset its SoakResetSign. `fault`: the event shows a fault of the module (it fails the soak).
 */
export interface SoakEvent {
  atMs: number;
  kind: SoakEventKind;
  parameter: string | null;
  lane: number | null;
  detail: string;
  fault: boolean;
  sinceMs: number | null;
  endMs: number | null;
  /** The value that crossed (limit), the size of the step (dB or mA), the gap's duration (ms). */
  value: number | null;
  /** The limit crossed (limit events). */
  limit: number | null;
  /** Index into the soak's phases of the phase it happened in, null before the first mark. */
  phase: number | null;
}

export interface SoakGap {
  atMs: number;
  durationMs: number;
  cause: SoakGapCause;
  /** Sample attempts that failed in it. */
  attempts: number;
}

export const SOAK_PHASE_KINDS = ['ambient', 'heated', 'cooled', 'fibre-moved', 'other'] as const;
export type SoakPhaseKind = (typeof SOAK_PHASE_KINDS)[number];

export interface SoakPhase {
  atMs: number;
  kind: SoakPhaseKind;
  note: string | null;
  /** Who marked it (the signed-in person; the CLI's actor). */
  by: string;
}

/** Min / max / mean of one parameter and lane over the good samples. */
export interface SoakChannelStats {
  parameter: SoakParameter;
  lane: number | null;
  unit: 'degC' | 'V' | 'mA' | 'dBm';
  /** Good samples with a value (a dark laser has no dBm value: "no light" samples are counted apart). */
  n: number;
  noLight: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  /** The limit the soak judged against (the start read's), null when none applies. */
  limit: LimitRange | null;
}

export const SOAK_END_REASONS = ['completed', 'stopped', 'programmer-lost', 'module-changed', 'error', 'app-stopped'] as const;
export type SoakEndReason = (typeof SOAK_END_REASONS)[number];

export const SOAK_VERDICTS = ['pass', 'fail', 'incomplete'] as const;
export type SoakVerdict = (typeof SOAK_VERDICTS)[number];

export interface SoakSummary {
  startedAt: string;
  endedAt: string;
  durationMs: number;
  endReason: SoakEndReason;
  /** What ended it, in words, for 'error', 'programmer-lost' and 'module-changed'. */
  endDetail: string | null;
  requestedHz: number;
  achievedHz: number;
  /** Good samples (bytes read) and sample attempts that failed. */
  samples: number;
  failedSamples: number;
  /** p99 of |actual - planned| sample time, ms. */
  jitterP99Ms: number;
  gaps: SoakGap[];
  gapMs: number;
  events: number;
  /** Events past MAX_STORED_EVENTS: counted by kind, still in the series. */
  eventsNotListed: Partial<Record<SoakEventKind, number>>;
  stats: SoakChannelStats[];
  verdict: SoakVerdict;
  /** Series bytes as stored (compressed) and per good sample. */
  seriesBytes: number;
  bytesPerSample: number;
}

/** A soak stops listing events past this many (a flapping flag at 50 Hz for hours); the series keeps them all. */
export const MAX_STORED_EVENTS = 5000;

// ---- requests ----

export const SOAK_MIN_RATE_HZ = 0.1;
/** The most any link does for the smallest block; the sampler also stops at what the link allows. */
export const SOAK_MAX_RATE_HZ = 200;
export const SOAK_MAX_DURATION_S = 7 * 24 * 3600;

export const soakIdSchema = readIdSchema;

export const soakStartRequestSchema = z
  .object({
    /** A programmer read of this session: the programmer, module and judgement setup to soak. */
    readId: readIdSchema,
    rateHz: z.number().min(SOAK_MIN_RATE_HZ).max(SOAK_MAX_RATE_HZ),
    durationS: z.number().int().min(1).max(SOAK_MAX_DURATION_S),
    /** The case the finished soak is recorded on (a test run of kind 'soak'); absent: recorded without a case. */
    caseId: z.number().int().positive().optional(),
    role: z.enum(TEST_RUN_ROLES).optional(),
    /** How long to wait for an unplugged programmer before the soak ends, s (default 120). */
    resumeWithinS: z.number().int().min(0).max(3600).optional(),
    /** Overrides of the limit profile's step thresholds for this soak. */
    thresholds: SoakThresholdsSchema.optional(),
  })
  .strict();
export type SoakStartRequest = z.input<typeof soakStartRequestSchema>;

export const soakStopRequestSchema = z.object({ soakId: soakIdSchema }).strict();
export type SoakStopRequest = z.input<typeof soakStopRequestSchema>;

export const soakPhaseRequestSchema = z
  .object({ soakId: soakIdSchema, kind: z.enum(SOAK_PHASE_KINDS), note: z.string().trim().max(500).optional() })
  .strict();
export type SoakPhaseRequest = z.input<typeof soakPhaseRequestSchema>;

export const soakStatusRequestSchema = z
  .object({
    soakId: soakIdSchema,
    /** Events from this index on (the page has the ones before). */
    eventsFrom: z.number().int().min(0).optional(),
  })
  .strict();
export type SoakStatusRequest = z.input<typeof soakStatusRequestSchema>;

/** A soak running now (by id) or stored (by its test run id). */
export const soakSourceSchema = z.union([z.object({ soakId: soakIdSchema }).strict(), z.object({ testRunId: z.number().int().positive() }).strict()]);
export type SoakSource = z.infer<typeof soakSourceSchema>;

export const SOAK_MAX_BUCKETS = 4000;

export const soakSeriesRequestSchema = z
  .object({
    source: soakSourceSchema,
    /** Window in ms from the soak's start; absent: the whole soak. */
    fromMs: z.number().min(0).optional(),
    toMs: z.number().min(0).optional(),
    /** How many time buckets (about one per pixel of the plot). */
    buckets: z.number().int().min(1).max(SOAK_MAX_BUCKETS),
    /** Channel keys ("txPowerDbm:1", "temperatureC"); absent: all. */
    channels: z.array(z.string().max(40)).max(64).optional(),
  })
  .strict()
  .refine((r) => r.fromMs === undefined || r.toMs === undefined || r.fromMs < r.toMs, { message: 'fromMs must be before toMs', path: ['toMs'] });
export type SoakSeriesRequest = z.input<typeof soakSeriesRequestSchema>;

export const soakExportRequestSchema = z.object({ source: soakSourceSchema }).strict();
export type SoakExportRequest = z.input<typeof soakExportRequestSchema>;

// ---- responses ----

export interface SoakStarted {
  soakId: string;
}

export const SOAK_STATES = ['starting', 'running', 'waiting-for-programmer', 'stopping', 'finished', 'failed'] as const;
export type SoakState = (typeof SOAK_STATES)[number];

/** A series' key: "temperatureC", "txPowerDbm:2". */
export function channelKey(parameter: SoakParameter, lane: number | null): string {
  return lane === null ? parameter : `${parameter}:${lane}`;
}

export interface SoakChannelInfo {
  key: string;
  parameter: SoakParameter;
  lane: number | null;
  unit: SoakChannelStats['unit'];
  limit: LimitRange | null;
}

/** A soak as the bench sees it while it runs (and once it is stored). */
export interface SoakLive {
  soakId: string;
  state: SoakState;
  startedAt: string;
  /** Elapsed ms from the start (to the end once finished). */
  elapsedMs: number;
  durationMs: number;
  requestedHz: number;
  achievedHz: number;
  /** What the link carries for this module, timed before the soak began (null: not known, e.g. sealed at start-up). */
  link: { sampleMs: number; maxHz: number; statusProbe: boolean } | null;
  samples: number;
  failedSamples: number;
  module: { vendor: string; partNumber: string; serial: string; standard: string };
  programmer: { kind: string; description: string };
  /** 'programmer' soaks are evidence; 'simulated' ones are training. */
  source: 'programmer' | 'simulated';
  caseId: number | null;
  rmaNumber: string | null;
  channels: SoakChannelInfo[];
  /** The newest good sample's values by channel key (null: no light / not measured). */
  latest: Record<string, number | null>;
  /** Events from the requested index on, and how many there are in all. */
  events: SoakEvent[];
  eventsFrom: number;
  eventCount: number;
  phases: SoakPhase[];
  gaps: SoakGap[];
  /** The soak's verdict so far (final once finished). */
  verdict: SoakVerdict;
  /** The stored test run once the soak is finished and recorded. */
  testRunId: number | null;
  summary: SoakSummary | null;
  error: { code: string; message: string } | null;
}

export interface SoakSeriesChannel {
  key: string;
  /** Bucket start times (ms from the soak's start); a bucket without good samples is absent. */
  t: number[];
  min: number[];
  max: number[];
  mean: number[];
}

export interface SoakSeriesWindow {
  fromMs: number;
  toMs: number;
  bucketMs: number;
  /** Good samples in the window (all channels share them). */
  samples: number;
  channels: SoakSeriesChannel[];
}

export type { SoakThresholds };
