// The bench as the renderer sees it: choose a programmer, read and judge a module, keep recent
// reads by id (a test run is recorded from a read the technician saw, never from bytes the page
// sends), run live monitors, and decode + judge a dump file the user picked.
// Every side effect (programmer, reader, clock, ids, file system) comes in through deps (habit 9).
import type { BenchReadResult, MonitorEndedEvent, MonitorReadingEvent, ProbeResult, ReadProgressEvent } from '../../preload/contract/api';
import type { ErrorData } from '../../preload/contract/errors';
import type { LiveReading, ProgrammerKind, ReadResult } from '../../preload/contract/hardware';
import type { Evaluation, LaserBringUp } from '../../preload/contract/limits';
import type { DecodedModule } from '../../preload/contract/module';
import { createHash } from 'node:crypto';
import { BenchError, isBenchError } from '../errors';
import type { I2cBus } from '../hardware/drivers/i2c-bus';

export interface ProgrammerChoice {
  kind: ProgrammerKind;
  path?: string | undefined;
  module?: string | undefined;
}

export interface JudgeSetup {
  rxLightSource: boolean;
  profileId?: string | undefined;
  /** When the module was tested: profiles are chosen by their effective dates. */
  at: Date;
  /** What the reader did to turn the lasers on (absent for a file). */
  laser?: LaserBringUp | undefined;
  /** A programmer read confirms a wrong checksum with a second read; a file cannot. */
  imageSource: 'programmer' | 'file';
}

export interface BenchSessionDeps {
  openProgrammer(choice: ProgrammerChoice, signal: AbortSignal): Promise<I2cBus>;
  readModule(bus: I2cBus, opts: { signal: AbortSignal; onProgress: (p: Omit<ReadProgressEvent, 'readId'>) => void; asIs?: boolean }): Promise<ReadResult>;
  monitor(bus: I2cBus, opts: { rateHz: number; signal: AbortSignal; image: Uint8Array }): AsyncIterable<LiveReading>;
  decode(image: Uint8Array): DecodedModule;
  evaluate(module: DecodedModule, setup: JudgeSetup): Evaluation;
  parseImage(content: Uint8Array): { bytes: Uint8Array; format: 'raw' | 'ethtool-hex' | 'hex' };
  readFile(path: string): Promise<Uint8Array>;
  now(): number;
  newId(): string;
  /** How many reads to keep for recording test runs (default 50, oldest dropped first). */
  keepReads?: number;
  /** A soak holds this programmer (issue 15): reads and monitors on it are refused meanwhile. */
  portBusy?: (choice: ProgrammerChoice) => boolean;
  logError?: (what: string, e: unknown) => void;
}

/** A read kept in main: the bytes and judgement a test run is recorded from. */
export interface StoredRead {
  result: BenchReadResult;
  image: Uint8Array;
  choice: ProgrammerChoice | null;
  setup: { rxLightSource: boolean; profileId: string | null };
  /** For a dump file: the SHA-256 of the file as opened (provenance of an imported run). */
  fileSha256?: string;
}

export interface MonitorSinks {
  reading: (e: MonitorReadingEvent) => void;
  ended: (e: MonitorEndedEvent) => void;
}

const MAX_FILE_BYTES = 64 * 1024;

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function errorData(e: unknown): ErrorData {
  if (isBenchError(e)) return e.toData();
  return { code: 'INTERNAL', message: 'The live monitor stopped because of an unexpected error.' };
}

/** Two choices share hardware when they name the same serial port; simulated benches never do. */
function samePort(a: ProgrammerChoice | null, b: ProgrammerChoice): boolean {
  return a !== null && a.kind !== 'sim' && b.kind !== 'sim' && a.path === b.path;
}

function baseName(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] ?? p;
}

export class BenchSession {
  private readonly deps: BenchSessionDeps;
  private readonly reads = new Map<string, StoredRead>();
  private readonly inFlight = new Map<string, AbortController>();
  private readonly monitors = new Map<string, { controller: AbortController; choice: ProgrammerChoice; done: Promise<void> }>();
  private closed = false;

  constructor(deps: BenchSessionDeps) {
    this.deps = deps;
  }

  async probe(choice: ProgrammerChoice): Promise<ProbeResult> {
    this.checkOpen();
    const controller = new AbortController();
    const bus = await this.deps.openProgrammer(choice, controller.signal);
    try {
      // 0x50 answers for every family (SFP A0h, SFF-8636 and CMIS lower memory).
      const present = await bus.probe(0x50);
      return { present, programmer: bus.info };
    } finally {
      await bus.close();
    }
  }

  async read(
    req: { programmer: ProgrammerChoice; rxLightSource: boolean; profileId?: string | undefined; readId?: string | undefined; asIs?: boolean | undefined },
    onProgress: (e: ReadProgressEvent) => void,
  ): Promise<BenchReadResult> {
    this.checkOpen();
    const readId = req.readId ?? this.deps.newId();
    this.checkNotSoaking(req.programmer);
    if (this.inFlight.has(readId) || this.reads.has(readId)) throw new BenchError('INVALID_INPUT', `A read with id ${readId} already exists.`, { readId });
    const controller = new AbortController();
    this.inFlight.set(readId, controller);
    try {
      // One programmer answers one master: a live monitor on the same port would interleave commands.
      await this.stopMonitorsOn(req.programmer);
      const bus = await this.deps.openProgrammer(req.programmer, controller.signal);
      let raw: ReadResult;
      try {
        raw = await this.deps.readModule(bus, { signal: controller.signal, onProgress: (p) => onProgress({ ...p, readId }), asIs: req.asIs === true });
      } finally {
        await bus.close();
      }
      if (controller.signal.aborted) throw new BenchError('CANCELLED', 'The read was cancelled.');
      const takenAt = this.deps.now();
      const evaluation = this.deps.evaluate(raw.module, {
        rxLightSource: req.rxLightSource,
        profileId: req.profileId,
        at: new Date(takenAt),
        imageSource: 'programmer',
        ...(raw.laser !== undefined ? { laser: raw.laser } : {}),
      });
      const result: BenchReadResult = {
        readId,
        source: 'programmer',
        rawHex: toHex(raw.image),
        module: raw.module,
        evaluation,
        durationMs: raw.durationMs,
        programmer: raw.programmer,
        notes: raw.notes,
        fileName: null,
        takenAt,
      };
      this.keep(readId, { result, image: raw.image, choice: { ...req.programmer }, setup: { rxLightSource: req.rxLightSource, profileId: req.profileId ?? null } });
      return result;
    } catch (e) {
      // Whatever the layer below threw once the user pressed Cancel, the user sees "cancelled".
      if (controller.signal.aborted && !(isBenchError(e) && e.code === 'CANCELLED')) throw new BenchError('CANCELLED', 'The read was cancelled.');
      throw e;
    } finally {
      this.inFlight.delete(readId);
    }
  }

  cancel(readId: string): { cancelled: boolean } {
    const c = this.inFlight.get(readId);
    if (!c) return { cancelled: false };
    c.abort();
    return { cancelled: true };
  }

  /** Decodes and judges a dump file the user chose in main's dialog. */
  async openDump(path: string, setup: { rxLightSource: boolean; profileId?: string | undefined }): Promise<{ read: BenchReadResult; format: 'raw' | 'ethtool-hex' | 'hex' }> {
    this.checkOpen();
    const content = await this.deps.readFile(path);
    if (content.length > MAX_FILE_BYTES) {
      throw new BenchError('IMAGE_UNPARSEABLE', `The file is ${content.length} bytes; a module dump is at most a few kilobytes.`, { bytes: content.length });
    }
    const parsed = this.deps.parseImage(content);
    const module = this.deps.decode(parsed.bytes);
    const takenAt = this.deps.now();
    const evaluation = this.deps.evaluate(module, { rxLightSource: setup.rxLightSource, profileId: setup.profileId, at: new Date(takenAt), imageSource: 'file' });
    const fileName = baseName(path);
    const readId = this.deps.newId();
    const result: BenchReadResult = {
      readId,
      source: 'file',
      rawHex: toHex(parsed.bytes),
      module,
      evaluation,
      durationMs: 0,
      programmer: { kind: 'sim', description: `file ${fileName}`, path: null },
      notes: [],
      fileName,
      takenAt,
    };
    this.keep(readId, {
      result,
      image: parsed.bytes,
      choice: null,
      setup: { rxLightSource: setup.rxLightSource, profileId: setup.profileId ?? null },
      fileSha256: createHash('sha256').update(content).digest('hex'),
    });
    return { read: result, format: parsed.format };
  }

  /** A read of this session, for recording a test run. NOT_FOUND once it has aged out. */
  getRead(readId: string): StoredRead {
    const r = this.reads.get(readId);
    if (!r) throw new BenchError('NOT_FOUND', 'That read is no longer available: read the module again.', { readId });
    return r;
  }

  monitorStart(req: { readId: string; rateHz: number }, sinks: MonitorSinks): { monitorId: string } {
    this.checkOpen();
    const stored = this.getRead(req.readId);
    if (!stored.choice) throw new BenchError('INVALID_INPUT', 'A dump file has no live module to monitor: read the module on the bench.', { readId: req.readId });
    const choice = stored.choice;
    this.checkNotSoaking(choice);
    const monitorId = this.deps.newId();
    const controller = new AbortController();
    const run = async (): Promise<ErrorData | null> => {
      const bus = await this.deps.openProgrammer(choice, controller.signal);
      try {
        for await (const reading of this.deps.monitor(bus, { rateHz: req.rateHz, signal: controller.signal, image: stored.image })) {
          if (controller.signal.aborted) break;
          sinks.reading({ monitorId, reading });
        }
        return null;
      } finally {
        await bus.close();
      }
    };
    const done = run()
      .catch((e: unknown) => {
        if (controller.signal.aborted) return null;
        if (!isBenchError(e)) this.deps.logError?.('monitor', e);
        return errorData(e);
      })
      .then((error) => {
        this.monitors.delete(monitorId);
        sinks.ended({ monitorId, error });
      });
    this.monitors.set(monitorId, { controller, choice, done });
    return { monitorId };
  }

  async monitorStop(monitorId: string): Promise<{ stopped: boolean }> {
    const m = this.monitors.get(monitorId);
    if (!m) return { stopped: false };
    m.controller.abort();
    await m.done;
    return { stopped: true };
  }

  /** Cancels reads, stops monitors (closing their ports). Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    for (const c of this.inFlight.values()) c.abort();
    const pending = [...this.monitors.values()].map((m) => {
      m.controller.abort();
      return m.done;
    });
    await Promise.all(pending);
  }

  get activeMonitors(): number {
    return this.monitors.size;
  }

  private checkNotSoaking(choice: ProgrammerChoice): void {
    if (this.deps.portBusy?.(choice)) {
      throw new BenchError('SOAK_RUNNING', `A soak is running on ${choice.path ?? 'that programmer'}: stop it, or wait for it to end, before reading there.`, { port: choice.path ?? null });
    }
  }

  /** Stops the live monitors on a programmer someone else is about to take (a soak). */
  releasePort(choice: ProgrammerChoice): Promise<void> {
    return this.stopMonitorsOn(choice);
  }

  private async stopMonitorsOn(choice: ProgrammerChoice): Promise<void> {
    const same = [...this.monitors.entries()].filter(([, m]) => samePort(m.choice, choice));
    await Promise.all(same.map(([id]) => this.monitorStop(id)));
  }

  private keep(readId: string, read: StoredRead): void {
    this.reads.set(readId, read);
    const limit = this.deps.keepReads ?? 50;
    while (this.reads.size > limit) {
      const oldest = this.reads.keys().next().value;
      if (oldest === undefined) break;
      this.reads.delete(oldest);
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new BenchError('CANCELLED', 'The application is shutting down.');
  }
}
