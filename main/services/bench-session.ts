// The bench as the renderer sees it: choose a programmer, watch its cage, read and judge a module,
// keep recent reads by id (a test run is recorded from a read the technician saw, never from
// bytes the page sends), run live monitors, and decode + judge a dump file the user picked.
// Every side effect (programmer, reader, clock, ids, file system) comes in through deps (habit 9).
//
// One port, one open programmer (issue 12): the cage watch, reads and monitors of one port share
// it through a SharedBus, so the watch can look at the cage a few times a second without paying
// a Bus Pirate's open (most of a second) each time, and a read right after a module is seated
// starts on an open port.
import type { BenchReadResult, MonitorEndedEvent, MonitorReadingEvent, PresenceEvent, ProbeResult, ReadProgressEvent, SeatedModule } from '../../preload/contract/api';
import type { ErrorData } from '../../preload/contract/errors';
import type { LiveReading, ProgrammerKind, ReadResult } from '../../preload/contract/hardware';
import type { Evaluation, LaserBringUp } from '../../preload/contract/limits';
import type { DecodedModule } from '../../preload/contract/module';
import { createHash } from 'node:crypto';
import { BenchError, isBenchError } from '../errors';
import type { I2cBus } from '../hardware/drivers/i2c-bus';
import { senseModule, sameModule } from '../hardware/presence';
import { SharedBus } from '../hardware/shared-bus';
import { sleep as realSleep } from '../hardware/transport/transport';

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
  /**
   * Live readings of the module in `bus` (main/hardware/monitor.ts). `exclusive` gives the monitor
   * the programmer to itself for its bring-up read and its release (a CMIS module is held up while
   * it runs and put back at its end).
   */
  monitor(
    bus: I2cBus,
    opts: { rateHz: number; signal: AbortSignal; image: Uint8Array; exclusive: <T>(fn: (bus: I2cBus) => Promise<T>) => Promise<T> },
  ): AsyncIterable<LiveReading>;
  /** MODULE_UNSUPPORTED naming what a module lacks when it has nothing live to show (checked before any port is opened). */
  checkMonitorable?(module: DecodedModule): void;
  decode(image: Uint8Array): DecodedModule;
  evaluate(module: DecodedModule, setup: JudgeSetup): Evaluation;
  parseImage(content: Uint8Array): { bytes: Uint8Array; format: 'raw' | 'ethtool-hex' | 'hex' };
  readFile(path: string): Promise<Uint8Array>;
  now(): number;
  newId(): string;
  /** How many reads to keep for recording test runs (default 50, oldest dropped first). */
  keepReads?: number;
  /** How often the cage watch looks at a seated module, ms (default 250). */
  watchIntervalMs?: number;
  /** How often it looks at an empty cage, ms (default 100, never more than watchIntervalMs). */
  watchEmptyIntervalMs?: number;
  /** Waits of the cage watch (tests pass a fast one). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
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
  /** The test run main stored it as (issue 12: every read is kept). */
  testRunId?: number;
}

/** What the cage held when last looked at, for the one watch of the bench. */
export interface PresenceSink {
  (e: PresenceEvent): void;
}

/** A module read, compared with the cage now: stale when the cage is empty or holds another module. */
export interface Staleness {
  stale: boolean;
  /** What the cage holds now (null: empty). */
  now: SeatedModule | null;
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

/** The key of the programmer a choice opens: its serial port, or the simulated module it holds. */
export function programmerKey(c: ProgrammerChoice): string {
  return c.kind === 'sim' ? `sim:${c.module ?? ''}` : `${c.kind}:${c.path ?? ''}`;
}

/** The cage's identity as the decoder gives it, to compare a read with what is seated now. */
function seatedOf(m: DecodedModule): Pick<SeatedModule, 'serial' | 'vendor' | 'partNumber'> {
  return { serial: m.vendor.serialNumber.trim(), vendor: m.vendor.name.trim(), partNumber: m.vendor.partNumber.trim() };
}

interface Lease {
  key: string;
  bus: SharedBus;
}

interface PortEntry {
  opening: Promise<SharedBus>;
  users: number;
}

interface Watch {
  id: string;
  choice: ProgrammerChoice;
  controller: AbortController;
  /** The last look: undefined before the first one. */
  last: SeatedModule | null | undefined;
  done: Promise<void>;
}

function baseName(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] ?? p;
}

/** How long a port handed over to a soak stays away from the cage watch before the soak holds it itself. */
const HAND_OVER_MS = 5000;

export class BenchSession {
  private readonly deps: BenchSessionDeps;
  private readonly reads = new Map<string, StoredRead>();
  private readonly inFlight = new Map<string, AbortController>();
  private readonly monitors = new Map<string, { controller: AbortController; choice: ProgrammerChoice; done: Promise<void> }>();
  private readonly ports = new Map<string, PortEntry>();
  private watch: Watch | null = null;
  private closed = false;
  /** Ports handed to another user (a soak) until this time, ms: the watch lets them go meanwhile. */
  private readonly handedOver = new Map<string, number>();
  /** Ports whose last user is closing them (a soak opening the port waits for it). */
  private readonly closing = new Map<string, Promise<void>>();

  constructor(deps: BenchSessionDeps) {
    this.deps = deps;
  }

  /** The open programmer of a choice, shared with its other users; open it when nobody has. */
  private async acquire(choice: ProgrammerChoice, signal: AbortSignal): Promise<Lease> {
    const key = programmerKey(choice);
    let entry = this.ports.get(key);
    if (entry !== undefined) {
      const bus = await entry.opening.catch(() => null);
      if (bus === null || bus.broken) {
        // It failed to open, or a user saw it go away: open the port again for this user.
        if (this.ports.get(key) === entry) this.ports.delete(key);
        if (bus !== null && entry.users === 0) await bus.close();
        entry = undefined;
      }
    }
    if (entry === undefined) {
      // Its last user may still be closing it: the port is free only once that has finished.
      const closing = this.closing.get(key);
      const opening = Promise.resolve(closing?.catch(() => undefined))
        .then(() => this.deps.openProgrammer(choice, signal))
        .then((bus) => new SharedBus(bus));
      entry = { opening, users: 0 };
      this.ports.set(key, entry);
      opening.catch(() => {
        if (this.ports.get(key) === entry) this.ports.delete(key);
      });
    }
    entry.users += 1;
    try {
      return { key, bus: await entry.opening };
    } catch (e) {
      entry.users -= 1;
      throw e;
    }
  }

  /** Gives a lease back; the last user closes the programmer (its port is free for others). */
  private async release(lease: Lease): Promise<void> {
    const entry = this.ports.get(lease.key);
    if (entry === undefined || (await entry.opening.catch(() => null)) !== lease.bus) {
      // The entry was replaced (the bus broke): this user held the old bus alone.
      await lease.bus.close();
      return;
    }
    entry.users -= 1;
    if (entry.users <= 0) {
      this.ports.delete(lease.key);
      const closing = lease.bus.close();
      this.closing.set(lease.key, closing);
      try {
        await closing;
      } finally {
        if (this.closing.get(lease.key) === closing) this.closing.delete(lease.key);
      }
    }
  }

  async probe(choice: ProgrammerChoice): Promise<ProbeResult> {
    this.checkOpen();
    const controller = new AbortController();
    const lease = await this.acquire(choice, controller.signal);
    try {
      // 0x50 answers for every family (SFP A0h, SFF-8636 and CMIS lower memory).
      const present = await lease.bus.probe(0x50);
      return { present, programmer: lease.bus.info };
    } finally {
      await this.release(lease);
    }
  }

  /**
   * Watches the cage of a programmer: looks every watchIntervalMs (between reads: a read holds the
   * bus for its whole length) and tells `sink` the first state and every change (module seated,
   * pulled, another one in, the programmer gone or back). One watch: a new one ends the old.
   */
  watchStart(choice: ProgrammerChoice, sink: PresenceSink): { watchId: string } {
    this.checkOpen();
    // The previous watch lets its port go before this one looks (a quick switch of programmer or
    // a return to the bench otherwise met its own port still open: PORT_BUSY).
    const previous = this.watch !== null ? this.watchStop(this.watch.id).catch(() => undefined) : Promise.resolve();
    const id = this.deps.newId();
    const controller = new AbortController();
    const signal = controller.signal;
    // An empty cage is looked at more often: the look is one NACKed transaction, and a module
    // pushed in is what the technician waits on. A seated one only needs its pull or swap seen.
    const interval = this.deps.watchIntervalMs ?? 250;
    const emptyInterval = Math.min(interval, this.deps.watchEmptyIntervalMs ?? 100);
    const sleep = this.deps.sleep ?? realSleep;
    const watch: Watch = { id, choice: { ...choice }, controller, last: undefined, done: Promise.resolve() };
    const emit = (e: Omit<PresenceEvent, 'watchId' | 'at'>): void => {
      if (!signal.aborted) sink({ watchId: id, at: this.deps.now(), ...e });
    };
    const run = async (): Promise<void> => {
      let lease: Lease | null = null;
      let lastError: string | null = null;
      await previous;
      try {
        while (!signal.aborted) {
          let wait = watch.last === null ? emptyInterval : interval;
          if (this.portTaken(choice)) {
            // A soak has the programmer (one master per port): let it go and say so once.
            if (lease !== null) {
              const l = lease;
              lease = null;
              await this.release(l).catch(() => undefined);
            }
            if (lastError !== 'SOAK_RUNNING') {
              emit({ state: 'error', module: null, error: { code: 'SOAK_RUNNING', message: `A soak is running on ${choice.path ?? 'this programmer'}; the cage is watched again when it ends.` } });
            }
            lastError = 'SOAK_RUNNING';
            watch.last = null;
            await sleep(Math.max(interval, 500), signal).catch(() => undefined);
            continue;
          }
          try {
            lease ??= await this.acquire(choice, signal);
            const seated = await lease.bus.exclusive((bus) => senseModule(bus, { signal }));
            if (signal.aborted) break;
            if (watch.last === undefined || lastError !== null || !sameModule(watch.last, seated)) {
              watch.last = seated;
              lastError = null;
              emit(seated === null ? { state: 'empty', module: null, error: null } : { state: 'seated', module: seated, error: null });
            }
            wait = seated === null ? emptyInterval : interval;
          } catch (e) {
            if (signal.aborted) break;
            const data = errorData(e);
            if (!isBenchError(e)) this.deps.logError?.('cage watch', e);
            // The programmer went away or is busy: say so once, let the port go, try again slower.
            if (lastError !== data.code) emit({ state: 'error', module: null, error: data });
            lastError = data.code;
            watch.last = null;
            if (lease !== null) {
              const l = lease;
              lease = null;
              await this.release(l).catch(() => undefined);
            }
            wait = Math.max(interval, 1000);
          }
          await sleep(wait, signal).catch(() => undefined);
        }
      } finally {
        if (lease !== null) await this.release(lease).catch(() => undefined);
      }
    };
    watch.done = run();
    this.watch = watch;
    return { watchId: id };
  }

  async watchStop(watchId: string): Promise<{ stopped: boolean }> {
    const w = this.watch;
    if (w === null || w.id !== watchId) return { stopped: false };
    this.watch = null;
    w.controller.abort();
    await w.done;
    return { stopped: true };
  }

  /**
   * A stored run compared with the cage it was read from, when that cage is watched now: stale
   * when it is empty or holds another module. null when nothing says (no watch on that
   * programmer, or the read is not one of this session's).
   */
  staleness(testRunId: number): Staleness | null {
    const read = [...this.reads.values()].find((r) => r.testRunId === testRunId);
    const w = this.watch;
    if (read === undefined || read.choice === null || w === null || w.last === undefined) return null;
    if (programmerKey(read.choice) !== programmerKey(w.choice)) return null;
    const now = w.last;
    const then = seatedOf(read.result.module);
    const stale = now === null || now.serial !== then.serial || now.vendor !== then.vendor || now.partNumber !== then.partNumber;
    return { stale, now };
  }

  /** Main stored the read as a test run: attaching later names the run, and staleness finds the read. */
  markStored(readId: string, testRunId: number): void {
    const r = this.reads.get(readId);
    if (r !== undefined) r.testRunId = testRunId;
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
      // A live monitor on the same port samples a module whose lasers the read turns on and off:
      // the read stops it (the UI says so) rather than let it record that.
      await this.stopMonitorsOn(req.programmer);
      const lease = await this.acquire(req.programmer, controller.signal);
      let raw: ReadResult;
      try {
        raw = await lease.bus.exclusive(async (bus) => {
          try {
            return await this.deps.readModule(bus, { signal: controller.signal, onProgress: (p) => onProgress({ ...p, readId }), asIs: req.asIs === true });
          } finally {
            // The reader raises the clock to what this module allows; the next user (the watch,
            // an SFP limited to 100 kHz) starts from the speed every module keeps up with.
            await Promise.resolve()
              .then(() => bus.setSpeed(100))
              .catch(() => undefined);
          }
        });
      } finally {
        await this.release(lease);
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
    this.deps.checkMonitorable?.(stored.result.module);
    this.checkNotSoaking(choice);
    const monitorId = this.deps.newId();
    const controller = new AbortController();
    const run = async (): Promise<ErrorData | null> => {
      const lease = await this.acquire(choice, controller.signal);
      try {
        // The shared bus: each sample is one transaction in the port's queue, between the watch's
        // looks; a bring-up and its release hold the queue for their whole length, as a read does.
        const exclusive = <T>(fn: (bus: I2cBus) => Promise<T>): Promise<T> => lease.bus.exclusive(fn);
        for await (const reading of this.deps.monitor(lease.bus, { rateHz: req.rateHz, signal: controller.signal, image: stored.image, exclusive })) {
          if (controller.signal.aborted) break;
          sinks.reading({ monitorId, reading });
        }
        return null;
      } finally {
        await this.release(lease);
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

  /**
   * Nobody is at the station any more (signed out): monitors stop (a CMIS module they hold up is
   * put back) and the cage watch lets its port go. The page that started them is gone from the
   * bench, and its own stop would be refused without a session.
   */
  async standDown(): Promise<void> {
    const pending = [...this.monitors.keys()].map((id) => this.monitorStop(id));
    if (this.watch !== null) pending.push(this.watchStop(this.watch.id));
    await Promise.all(pending);
  }

  /** Cancels reads, stops monitors (closing their ports). Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    for (const c of this.inFlight.values()) c.abort();
    const pending = [...this.monitors.values()].map((m) => {
      m.controller.abort();
      return m.done;
    });
    if (this.watch !== null) pending.push(this.watchStop(this.watch.id).then(() => undefined));
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

  /**
   * Gives a programmer to someone else about to open it (a soak): stops its monitors, and the
   * cage watch lets the port go (it waits while the soak runs); resolves once the port is closed.
   */
  async releasePort(choice: ProgrammerChoice): Promise<void> {
    const key = programmerKey(choice);
    // Covers the moment between this call and the soak showing as running (portBusy).
    this.handedOver.set(key, Date.now() + HAND_OVER_MS);
    await this.stopMonitorsOn(choice);
    const until = Date.now() + HAND_OVER_MS;
    while (this.ports.has(key) && Date.now() < until) await realSleep(20);
    // The last user's close may still be under way: the port is free once it has finished.
    await this.closing.get(key)?.catch(() => undefined);
  }

  private portTaken(choice: ProgrammerChoice): boolean {
    const key = programmerKey(choice);
    if (this.deps.portBusy?.(choice)) {
      // The soak holds it now: it says when it is done, the hand-over need not.
      this.handedOver.delete(key);
      return true;
    }
    const until = this.handedOver.get(key);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.handedOver.delete(key);
    return false;
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
