// THE contract between the renderer and main (DESIGN habits 1, 2, 5): the request schemas (zod,
// validated in main before any service runs), the response types, the event payloads, and the
// BenchApi interface that preload/index.ts implements as `const api: BenchApi`.
//
// Every call resolves to a Result (errors are data, never a rejected promise); every
// subscription returns its unsubscribe. Pure TypeScript plus zod: no electron, no node:*.
import { z } from 'zod';
import type { ErrorData, Result } from './errors';
import {
  openProgrammerRequestSchema,
  type PortInfo,
  type ProgrammerInfo,
  type ReadNote,
  type ReadProgress,
  type LiveReading,
  type SimulatedModuleInfo,
} from './hardware';
import type { Evaluation, LimitProfile } from './limits';
import type { DecodedModule } from './module';

export type { ErrorData, Result } from './errors';

/** What every call returns: never rejects, `ok:false` carries a coded error. */
export type Reply<T> = Promise<Result<T>>;
/** Returned by every subscription; calling it twice is harmless. */
export type Unsubscribe = () => void;

// ---- shared request pieces ----

/** No payload. The preload sends undefined; anything else is rejected. */
export const emptyRequestSchema = z.undefined();

/** Ids the renderer may choose for a read (so it can cancel before the first progress event). */
export const readIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a read id is 1-64 letters, digits, "-" or "_"');

/** Which programmer to use: the kind, the serial port for real ones, the library module for 'sim'. */
export const programmerSelectionSchema = openProgrammerRequestSchema;
export type ProgrammerSelection = z.input<typeof programmerSelectionSchema>;

const profileIdSchema = z.string().min(1).max(128);

// ---- app:info ----

export interface AppInfo {
  name: string;
  version: string;
  /** 'electron' in the desktop app; 'harness' when the renderer runs in the Chromium test harness. */
  runtime: 'electron' | 'harness';
  platform: string;
  versions: { node: string; electron: string | null; chrome: string | null };
}

// ---- bench:probe ----

export const benchProbeRequestSchema = z.object({ programmer: programmerSelectionSchema }).strict();
export type BenchProbeRequest = z.input<typeof benchProbeRequestSchema>;

export interface ProbeResult {
  /** True when a module acknowledges at 0x50 (A0h / lower page). */
  present: boolean;
  programmer: ProgrammerInfo;
}

// ---- bench:read, bench:cancel, progress events ----

export const benchReadRequestSchema = z
  .object({
    programmer: programmerSelectionSchema,
    /** Rx power is judged only with a light source or loopback attached (limits TestSetup). */
    rxLightSource: z.boolean(),
    /** Judge against this limit profile instead of the one the module matches. */
    profileId: profileIdSchema.optional(),
    /** Optional id chosen by the renderer; main makes one otherwise. Progress events carry it. */
    readId: readIdSchema.optional(),
  })
  .strict();
export type BenchReadRequest = z.input<typeof benchReadRequestSchema>;

/** A read (or a decoded file dump), decoded and judged; kept in main by readId for test runs. */
export interface BenchReadResult {
  readId: string;
  source: 'programmer' | 'file';
  /** The image in the ethtool -m raw layout as lower-case hex, two characters per byte, no spaces. */
  rawHex: string;
  module: DecodedModule;
  evaluation: Evaluation;
  /** 0 for a file. */
  durationMs: number;
  /** For a file: kind 'sim', description "file NAME", path null. */
  programmer: ProgrammerInfo;
  /** What the reader itself noticed (retries, checksum re-read); empty for a file. */
  notes: ReadNote[];
  /** Base name of the dump for source 'file' (never a full path). */
  fileName: string | null;
  /** Epoch ms when the read finished. */
  takenAt: number;
}

export interface ReadProgressEvent extends ReadProgress {
  readId: string;
}

export const benchCancelRequestSchema = z.object({ readId: readIdSchema }).strict();
export type BenchCancelRequest = z.input<typeof benchCancelRequestSchema>;
/** `cancelled` is false when no read with that id was in flight (already done, or unknown). */
export interface CancelResult {
  cancelled: boolean;
}

// ---- bench:monitor-start / bench:monitor-stop, reading events ----

export const monitorStartRequestSchema = z
  .object({
    /** A programmer read of this session: its programmer and calibration are used. */
    readId: readIdSchema,
    rateHz: z.number().positive().max(10),
  })
  .strict();
export type MonitorStartRequest = z.input<typeof monitorStartRequestSchema>;

export interface MonitorStarted {
  monitorId: string;
}

export const monitorStopRequestSchema = z.object({ monitorId: readIdSchema }).strict();
export type MonitorStopRequest = z.input<typeof monitorStopRequestSchema>;
export interface MonitorStopped {
  stopped: boolean;
}

export interface MonitorReadingEvent {
  monitorId: string;
  reading: LiveReading;
}

/** Sent once when a monitor ends: `error` null when stopped on request. */
export interface MonitorEndedEvent {
  monitorId: string;
  error: ErrorData | null;
}

// ---- files:open-dump ----

export const openDumpRequestSchema = z
  .object({
    rxLightSource: z.boolean().optional(),
    profileId: profileIdSchema.optional(),
  })
  .strict();
export type OpenDumpRequest = z.input<typeof openDumpRequestSchema>;

/** The user may close the dialog: that is not an error. */
export type OpenDumpResult = { canceled: true } | { canceled: false; read: BenchReadResult; format: 'raw' | 'ethtool-hex' | 'hex' };

// ---- limits:list ----

export type LimitProfileList = LimitProfile[];

// ---- events ----

export interface BenchEvents {
  'bench:progress': ReadProgressEvent;
  'bench:reading': MonitorReadingEvent;
  'bench:monitor-ended': MonitorEndedEvent;
}
export type EventName = keyof BenchEvents;

// ---- the channel map: request (what the renderer sends) and response per channel ----

export interface ChannelMap {
  'app:info': { request: void; response: AppInfo };
  'ports:list': { request: void; response: PortInfo[] };
  'sim:modules': { request: void; response: SimulatedModuleInfo[] };
  'bench:probe': { request: BenchProbeRequest; response: ProbeResult };
  'bench:read': { request: BenchReadRequest; response: BenchReadResult };
  'bench:cancel': { request: BenchCancelRequest; response: CancelResult };
  'bench:monitor-start': { request: MonitorStartRequest; response: MonitorStarted };
  'bench:monitor-stop': { request: MonitorStopRequest; response: MonitorStopped };
  'files:open-dump': { request: OpenDumpRequest; response: OpenDumpResult };
  'limits:list': { request: void; response: LimitProfileList };
}
export type ChannelName = keyof ChannelMap;
export type RequestOf<C extends ChannelName> = ChannelMap[C]['request'];
export type ResponseOf<C extends ChannelName> = ChannelMap[C]['response'];

// ---- window.bench ----

export interface BenchApi {
  app: {
    info(): Reply<AppInfo>;
  };
  ports: {
    /** Serial ports, recognised programmers first. */
    list(): Reply<PortInfo[]>;
  };
  sim: {
    /** The simulated module library (the simulated bench is always available). */
    modules(): Reply<SimulatedModuleInfo[]>;
  };
  bench: {
    probe(req: BenchProbeRequest): Reply<ProbeResult>;
    /** Reads, decodes and judges. A cancelled read gives error CANCELLED: not a failure. */
    read(req: BenchReadRequest): Reply<BenchReadResult>;
    cancel(req: BenchCancelRequest): Reply<CancelResult>;
    monitorStart(req: MonitorStartRequest): Reply<MonitorStarted>;
    monitorStop(req: MonitorStopRequest): Reply<MonitorStopped>;
    onProgress(listener: (e: ReadProgressEvent) => void): Unsubscribe;
    onReading(listener: (e: MonitorReadingEvent) => void): Unsubscribe;
    onMonitorEnded(listener: (e: MonitorEndedEvent) => void): Unsubscribe;
  };
  files: {
    /** Main shows the open dialog; the renderer never names a path. */
    openDump(req?: OpenDumpRequest): Reply<OpenDumpResult>;
  };
  limits: {
    /** Every version of every profile, newest version first within an id. */
    list(): Reply<LimitProfileList>;
  };
}
