// A soak run (issue 15): the module's real-time block sampled at a chosen rate, up to what the
// link allows, for a set time; every attempt kept with its time; events found as they happen.
// Used by the bench (main/services/soak.ts) and the command line (main/cli/commands/soak.ts);
// where the samples go (journal, CSV, memory) is the caller's, through hooks.
//
// Keeping the module up. A CMIS module, or an SFF-8636 module of power class 2 and up, has its
// lasers off in low power; the reader brings them up only for the length of a read. A soak reads
// the module once with `holdLasers` (module-reader.ts), so the bring-up goes through the same
// audited control-write path and stays in place, and puts every control byte back when it ends:
// completed, stopped, cancelled, on an error, on app quit (the caller aborts the signal and awaits
// the run), and after an unplugged programmer comes back. A module that resets meanwhile is back
// at its power-on defaults: the soak records the reset and brings it up again the same way.
// What cannot be put back (the programmer never came back; the app was killed) is said so.
//
// Pacing: samples are planned on a fixed grid (start + k / rate). A sample that starts late (a
// loaded host, a garbage collection, a timer that fired late) pushes the slots behind it; they are
// taken as soon as possible but never closer than half a period to the sample before, so a short
// stall is made up within a few samples instead of lowering the achieved rate, and nothing bursts.
// Slots more than CATCH_UP_MS behind (a programmer timeout, an unplug) are dropped: that time is a
// gap, not a backlog.
//
// Short glitches of real-time status. An SFP's Rx LOS and Tx fault (A2h byte 110) are states, not
// latched flags: a glitch shows only in a read made while it lasts. On a perfect grid a 50 ms glitch
// at 20 Hz holds exactly one sample, but any lateness of that sample (a loaded host) lets it slip
// between two. So when the link has the time, the status byte alone is read again half a period
// after each sample (statusWatch); when it differs from the sample before, a full sample is taken
// at once, off the grid, and stored like any other. Everything kept is still what a full sample
// read; the probe itself is not stored and decides nothing but when to read. Latched flags
// (SFF-8636, CMIS) need no probe: the next sample sees them.
//
// The link's ceiling: before the first sample the sample's own transactions are timed, and a rate
// the link cannot carry for this module (more than LINK_DUTY of the period) is refused before the
// soak begins (SOAK_RATE_TOO_HIGH, with the rate it can carry), rather than falling short silently.
import type { LaserBringUp } from '../../preload/contract/limits';
import type { DecodedModule } from '../../preload/contract/module';
import { SOAK_MAX_RATE_HZ, type SoakEndReason, type SoakEvent, type SoakGapCause, type SoakResetSign } from '../../preload/contract/soak';
import { BenchError } from '../errors';
import type { I2cBus, I2cOp } from './drivers/i2c-bus';
import { isTransient } from './hw-errors';
import { readModuleWith, type HeldRead } from './module-reader';
import { SoakDetector, type DetectorSetup } from './soak-detect';
import { SampleDecoder, flagBits, soakLayout, type SoakLayout } from './soak-layout';
import { SAMPLE_STATUS, encodeFrame, seriesHeader, type SampleRecord, type SampleStatus } from './soak-series';
import { sleep as realSleep } from './transport/transport';

/** What the link carries for this module's sample, timed before the soak begins. */
export interface SoakLinkCheck {
  /** The fastest of the timed samples' transactions, ms (a loaded host only adds to it). */
  sampleMs: number;
  /** The highest rate the soak accepts on this link for this module (LINK_DUTY of the period). */
  maxHz: number;
  /** Whether the unlatched status byte is read again half a period after each sample (statusWatch). */
  statusProbe: boolean;
}

export interface SoakStartInfo {
  read: HeldRead;
  link: SoakLinkCheck;
  layout: SoakLayout;
  /** Epoch ms of the soak's time zero (the first sample's planned time). */
  startedAtMs: number;
  /** The series header for this layout (soak-series.ts). */
  header: Uint8Array;
  detector: SoakDetector;
  decoder: SampleDecoder;
}

export interface SoakHooks {
  /** The start read is done, the module held up; sampling starts next. May throw to refuse (the run ends before any sample). */
  started?(info: SoakStartInfo): void | Promise<void>;
  /** Every attempt, in order; `values` for good samples (layout channel order, NaN: no light). */
  sample?(rec: SampleRecord, values: Float64Array | null, events: SoakEvent[]): void;
  /** About once a second of soak time: the attempts since the last frame, encoded (soak-series.ts). */
  frame?(frame: Uint8Array, samples: number): void | Promise<void>;
  /** A control-write record: the start's bring-up, each re-bring-up, each release. */
  laser?(what: 'bring-up' | 'release' | 'lost', record: LaserBringUp | null, note: string): void;
  /** The state the bench is in, for the screen. */
  state?(s: 'running' | 'waiting-for-programmer' | 'recovering'): void;
}

export interface SoakRunOptions {
  /** Opens the programmer (again after an unplug). */
  open(signal: AbortSignal): Promise<I2cBus>;
  decode(image: Uint8Array): DecodedModule;
  /** The judged limit of each channel and whether Rx is judged, from the start read. */
  judge(read: HeldRead, layout: SoakLayout): Pick<DetectorSetup, 'limits' | 'rxJudged' | 'thresholds'>;
  rateHz: number;
  durationMs: number;
  signal: AbortSignal;
  /** How long an unplugged programmer may stay away before the soak ends (default 120 s). */
  resumeWithinMs?: number;
  /** Read the unlatched status byte between samples where the link has room (default true; see statusWatch). */
  statusProbe?: boolean;
  /** Read options for the start read and every re-bring-up (clock). */
  clock?: 'fastest' | 'standard';
  hooks?: SoakHooks;
  /** Monotonic ms (performance.now) and epoch ms; sleep. */
  now?: () => number;
  epochNow?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface SoakOutcome {
  endReason: SoakEndReason;
  endDetail: string | null;
  /** Soak time at the end, ms. */
  endMs: number;
  startedAtMs: number;
  samples: number;
  failedSamples: number;
  /** Sample interval deviations from the period, ms (for the jitter figure). */
  intervalErrors: number[];
  detector: SoakDetector;
  layout: SoakLayout;
  read: HeldRead;
  lasers: { what: 'bring-up' | 'release' | 'lost'; atMs: number; record: LaserBringUp | null; note: string }[];
}

const serialOf = (m: DecodedModule): string => `${m.vendor.name.trim()}|${m.vendor.partNumber.trim()}|${m.vendor.serialNumber.trim()}`;

function gapCause(e: unknown): SoakGapCause | null {
  if (!(e instanceof BenchError)) return null;
  if (e.code === 'NO_MODULE') return 'module-nack';
  if (e.code === 'PROGRAMMER_UNPLUGGED') return 'programmer-unplugged';
  if (isTransient(e) || e.code === 'PROGRAMMER_NOT_RESPONDING') return 'programmer-timeout';
  return null;
}

/**
 * The ops of one sample, and how the replies make the sample's bytes. `selectEachSample`: select
 * page 11h (and its bank) in every sample even for one bank, for a sampler that shares the bus
 * with the cage watch, which puts the module back on page 00h between samples (the live monitor).
 */
export function sampleOps(layout: SoakLayout, cmisRev: number, selectEachSample = false): { ops: I2cOp[]; take: number[] } {
  const ops: I2cOp[] = [];
  const take: number[] = [];
  const multiBank = layout.family === 'cmis' && (layout.signs.pageSelect.length > 1 || selectEachSample);
  for (const b of layout.blocks) {
    if (b.bank !== null && b.offset === 126 && multiBank) {
      // Each bank's page 11h in turn (CMIS 4.0+: bank and page in one 2-byte write).
      if (cmisRev < 0x40) {
        ops.push({ op: 'write', addr: b.addr, offset: 126, data: Uint8Array.of(b.bank) }, { op: 'write', addr: b.addr, offset: 127, data: Uint8Array.of(0x11) });
      } else ops.push({ op: 'write', addr: b.addr, offset: 126, data: Uint8Array.of(b.bank, 0x11) });
    }
    take.push(ops.length);
    // Page 11h follows its select bytes: the pointer already stands at 128.
    ops.push(b.offset === 128 && b.bank !== null ? { op: 'read', addr: b.addr, offset: 128, length: b.length, continues: true } : { op: 'read', addr: b.addr, offset: b.offset, length: b.length });
  }
  return { ops, take };
}

/**
 * The share of a period a sample may take. The rest absorbs jitter, the byte-93 check of a held
 * SFF-8636 module once a second, and the catch-up of a late sample (half a period apart).
 */
export const LINK_DUTY = 0.8;
/** Sample transactions timed before the soak begins; the fastest decides (see checkLink). */
export const LINK_PROBES = 8;
/** Slots a late sample left behind are made up if they are at most this far behind; older ones are dropped. */
export const CATCH_UP_MS = 250;

/** The highest rate (0.1 Hz steps) a link that takes `sampleMs` a sample carries. */
export function linkMaxHz(sampleMs: number): number {
  return Math.min(SOAK_MAX_RATE_HZ, Math.floor((10 * LINK_DUTY * 1000) / Math.max(sampleMs, 0.1)) / 10);
}

/** The status bytes a probe reads between samples, and the bits of each that matter. */
export interface StatusWatch {
  ops: I2cOp[];
  /** Per op: where its byte sits in the sample, and the bits compared. */
  bytes: { at: number; mask: number }[];
}

/**
 * The unlatched status flags of a layout, as one-byte reads (null: none, or none readable without
 * a page select). An SFP: A2h byte 110, Tx fault, Rx LOS and Data_Ready_Bar.
 */
export function statusWatch(layout: SoakLayout): StatusWatch | null {
  const masks = new Map<number, number>();
  for (const f of layout.flags) if (!f.latched && f.level === 'status') masks.set(f.at, (masks.get(f.at) ?? 0) | (1 << f.bit));
  const dnr = layout.signs.dataNotReady;
  if (dnr && masks.has(dnr.at)) masks.set(dnr.at, masks.get(dnr.at)! | (1 << dnr.bit));
  const ops: I2cOp[] = [];
  const bytes: StatusWatch['bytes'] = [];
  for (const [at, mask] of [...masks].sort((a, b) => a[0] - b[0])) {
    const block = layout.blocks.find((b) => at >= b.at && at < b.at + b.length);
    if (!block || block.bank !== null) continue;
    ops.push({ op: 'read', addr: block.addr, offset: block.offset + (at - block.at), length: 1 });
    bytes.push({ at, mask });
  }
  return ops.length > 0 ? { ops, bytes } : null;
}

/** Whether the probe's replies show a status other than the sample's. */
export function statusChanged(watch: StatusWatch, replies: readonly Uint8Array[], sample: Uint8Array): boolean {
  return watch.bytes.some((b, i) => (((replies[i]?.[0] ?? 0) ^ (sample[b.at] ?? 0)) & b.mask) !== 0);
}

/** Rounds of probes at most: a refusal is re-timed after a pause before it stands (see checkLink). */
export const LINK_ROUNDS = 3;

/**
 * Times the sample's own transactions (they read the same bytes a sample reads, and are not kept).
 * The fastest decides: a busy host only adds to the time a sample takes, and the question is what
 * the link carries (the median, 50 ms, refused 20 Hz for a 2-Mbaud Bus Pirate that takes 9 ms on a
 * quieter host: that host was under a load of 13). A rate the first round refuses is timed again
 * after a pause, up to LINK_ROUNDS rounds, so a moment's load on the host does not refuse a soak the
 * link carries; a link that is really too slow is refused after about three rounds of its samples.
 */
async function checkLink(bus: I2cBus, ops: readonly I2cOp[], signal: AbortSignal, now: () => number, rateHz: number, sleep: (ms: number, signal?: AbortSignal) => Promise<void>): Promise<SoakLinkCheck> {
  let fastest = Infinity;
  for (let round = 0; round < LINK_ROUNDS; round++) {
    if (round > 0) await sleep(100, signal);
    for (let i = 0; i < LINK_PROBES; i++) {
      const a = now();
      await bus.execute(ops, { signal });
      fastest = Math.min(fastest, now() - a);
    }
    if (linkMaxHz(fastest) >= rateHz) break;
  }
  const sampleMs = Math.round(fastest * 100) / 100;
  return { sampleMs, maxHz: linkMaxHz(sampleMs), statusProbe: false };
}

/** The fastest of a few status probes, ms (how long a probe keeps the link). */
async function timeProbe(bus: I2cBus, ops: readonly I2cOp[], signal: AbortSignal, now: () => number): Promise<number> {
  let fastest = Infinity;
  for (let i = 0; i < 4; i++) {
    const a = now();
    await bus.execute(ops, { signal });
    fastest = Math.min(fastest, now() - a);
  }
  return fastest;
}

/**
 * Plans the slot after the one that starts at `startAt` (slot `k` - 1 of the grid): its grid time,
 * but never less than half a period after this start (a late sample's pushed-back slots catch up at
 * that spacing); slots more than CATCH_UP_MS behind are given up. Returns the next slot's index and time.
 */
export function planNext(t0: number, period: number, k: number, startAt: number): { k: number; at: number } {
  let slot = k;
  let at = t0 + slot * period;
  if (startAt < at) return { k: slot, at: Math.max(at, startAt + period / 2) };
  const behind = Math.floor((startAt - at) / period) + 1;
  const keep = Math.max(1, Math.floor(CATCH_UP_MS / period));
  if (behind > keep) {
    slot += behind - keep;
    at = t0 + slot * period;
  }
  return { k: slot, at: Math.max(at, startAt + period / 2) };
}

export async function runSoak(o: SoakRunOptions): Promise<SoakOutcome> {
  const now = o.now ?? (() => performance.now());
  const epochNow = o.epochNow ?? Date.now;
  const sleep = o.sleep ?? realSleep;
  const hooks = o.hooks ?? {};
  const period = 1000 / o.rateHz;
  const resumeWithin = o.resumeWithinMs ?? 120_000;
  const { signal } = o;
  const lasers: SoakOutcome['lasers'] = [];

  let bus: I2cBus | null = await o.open(signal);
  const readHeld = async (b: I2cBus): Promise<HeldRead> => readModuleWith(b, { decode: o.decode, signal, holdLasers: true, clock: o.clock ?? 'fastest' });
  let read: HeldRead;
  try {
    read = await readHeld(bus);
  } catch (e) {
    await bus.close();
    throw e;
  }
  let hold: HeldRead | null = read.release ? read : null;
  const identity = serialOf(read.module);
  let layout: SoakLayout;
  try {
    layout = soakLayout(read.image, read.module);
  } catch (e) {
    if (hold?.release) await hold.release().catch(() => undefined);
    await bus.close();
    throw e;
  }
  const decoder = new SampleDecoder(layout, read.image, o.decode);
  const judged = o.judge(read, layout);
  const detector = new SoakDetector({ layout, ...judged, held: hold !== null });
  // The paged image's lower page starts at byte 8: byte 1 of the module (the CMIS revision) is at 9.
  const cmisRev = layout.family === 'cmis' ? (read.image[9] ?? 0x40) : 0x40;
  const header = seriesHeader(layout);
  const holdByte93 = (): number | null => {
    if (layout.family !== 'sff8636' || !hold?.laser) return null;
    const w = hold.laser.writes.find((x) => x.page === 0 && x.offset === 93);
    return w ? w.written : null;
  };
  const { ops, take } = sampleOps(layout, cmisRev);
  const selectSingleBank = async (b: I2cBus): Promise<void> => {
    const ps = layout.signs.pageSelect;
    if (ps.length !== 1) return;
    const bank = ps[0]!.bank;
    const w: I2cOp[] = cmisRev < 0x40 ? [{ op: 'write', addr: 0x50, offset: 126, data: Uint8Array.of(bank) }, { op: 'write', addr: 0x50, offset: 127, data: Uint8Array.of(0x11) }] : [{ op: 'write', addr: 0x50, offset: 126, data: Uint8Array.of(bank, 0x11) }];
    await b.execute(w, { signal });
  };

  if (hold) {
    lasers.push({ what: 'bring-up', atMs: 0, record: read.laser ?? null, note: 'start read' });
    hooks.laser?.('bring-up', read.laser ?? null, 'start read');
  }
  let link: SoakLinkCheck;
  let watch: StatusWatch | null = null;
  let watchMs = 0;
  try {
    await selectSingleBank(bus);
    link = await checkLink(bus, ops, signal, now, o.rateHz, sleep);
    if (o.rateHz > link.maxHz) {
      throw new BenchError(
        'SOAK_RATE_TOO_HIGH',
        `The ${read.programmer.description} takes about ${link.sampleMs} ms to read one sample of this module, so it carries at most ${link.maxHz} samples a second (asked ${o.rateHz}). Choose ${link.maxHz} or fewer.`,
        { requestedHz: o.rateHz, maxHz: link.maxHz, sampleMs: link.sampleMs },
      );
    }
    // The status probe runs only where it fits beside the samples in the link's share of a period.
    const candidate = o.statusProbe === false ? null : statusWatch(layout);
    if (candidate) {
      const probeMs = await timeProbe(bus, candidate.ops, signal, now);
      if (link.sampleMs + probeMs <= LINK_DUTY * period) {
        watch = candidate;
        watchMs = probeMs;
        link = { ...link, statusProbe: true };
      }
    }
  } catch (e) {
    if (hold?.release) await hold.release(bus).catch(() => undefined);
    await bus.close();
    throw e;
  }
  const t0 = now();
  const startedAtMs = epochNow();
  try {
    if (hooks.started) await hooks.started({ read, link, layout, startedAtMs, header, detector, decoder });
  } catch (e) {
    // Refused before the first sample (the journal could not be written): nothing is left held.
    if (hold?.release) await hold.release(bus).catch(() => undefined);
    await bus.close();
    throw e;
  }
  let endReason: SoakEndReason = 'completed';
  const moduleChanged = (): boolean => endReason === 'module-changed';
  let endDetail: string | null = null;
  // Soak time in whole ms: what events, gaps and the stored series carry.
  const end = (): number => Math.round(now() - t0);
  let samples = 0;
  let failedSamples = 0;
  const intervalErrors: number[] = [];
  let pending: SampleRecord[] = [];
  let frameStart = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const f = encodeFrame(pending, layout.sampleBytes);
    const n = pending.length;
    pending = [];
    await hooks.frame?.(f, n);
  };
  const values = new Float64Array(layout.channels.length);
  const bits = new Uint8Array(layout.flags.length);
  const record = (t: number, status: SampleStatus, bytes: Uint8Array | null, evs: SoakEvent[], vals: Float64Array | null): void => {
    const rec: SampleRecord = { t: Math.round(t), status, bytes };
    pending.push(rec);
    hooks.sample?.(rec, vals, evs);
  };

  /** Reads the module again with the lasers held (after a reset or a reconnect); false when it is not there yet. */
  const bringBack = async (why: string): Promise<boolean> => {
    if (!bus) return false;
    let again: HeldRead;
    try {
      again = await readHeld(bus);
    } catch (e) {
      const cause = gapCause(e);
      if (cause === null) throw e;
      const t = end();
      const ev = detector.failed(t, cause);
      failedSamples++;
      record(t, cause === 'module-nack' ? SAMPLE_STATUS.moduleNack : cause === 'programmer-unplugged' ? SAMPLE_STATUS.unplugged : SAMPLE_STATUS.programmerError, null, ev ? [ev] : [], null);
      if (cause === 'programmer-unplugged') throw e;
      return false;
    }
    if (serialOf(again.module) !== identity) {
      endReason = 'module-changed';
      endDetail = `Another module is in the programmer now (${again.module.vendor.name.trim()} ${again.module.vendor.partNumber.trim()}, serial ${again.module.vendor.serialNumber.trim()}).`;
      if (again.release) await again.release().catch(() => undefined);
      return false;
    }
    if (again.release) {
      // It was down (a reset or a power cycle put its controls back to defaults): the new hold replaces the old one.
      if (hold) lasers.push({ what: 'lost', atMs: Math.round(end()), record: null, note: `${why}: the module's control bytes went back to their power-on values` });
      hook('lost', null, `${why}: the module's control bytes went back to their power-on values`);
      hold = again;
      lasers.push({ what: 'bring-up', atMs: Math.round(end()), record: again.laser ?? null, note: why });
      hook('bring-up', again.laser ?? null, why);
    }
    detector.held = hold !== null;
    await selectSingleBank(bus);
    detector.rebaseline(end());
    return true;
  };
  const hook = (what: 'bring-up' | 'release' | 'lost', rec: LaserBringUp | null, note: string): void => hooks.laser?.(what, rec, note);
  /** Sleeps until `at` on the soak's clock; false when the soak was stopped meanwhile. */
  const waitUntil = async (at: number): Promise<boolean> => {
    const ms = at - now();
    if (ms > 0) {
      try {
        await sleep(ms, signal);
      } catch {
        return false;
      }
    }
    return !signal.aborted;
  };

  try {
    hooks.state?.('running');
    let k = 0;
    let next = t0;
    let lastT: number | null = null;
    let recovering = false;
    let lastControlCheck = -Infinity;
    // The last good sample's bytes (what a status probe compares with), and the slot already probed before.
    let lastGood: Uint8Array | null = null;
    let probedBefore = -Infinity;
    while (!signal.aborted) {
      if (next - t0 >= o.durationMs) break;
      // Off the grid: a status probe half a period after the last sample saw the status change.
      let offGrid = false;
      if (watch && bus && !recovering && lastGood && probedBefore !== next) {
        probedBefore = next;
        if (!(await waitUntil(next - period / 2))) break;
        if (now() + 2 * watchMs < next) {
          try {
            offGrid = statusChanged(watch, await bus.execute(watch.ops, { signal }), lastGood);
          } catch (e) {
            if (e instanceof BenchError && e.code === 'CANCELLED') break;
            // The module or the programmer failed the probe: the sample comes now and records it.
            offGrid = true;
          }
        }
      }
      let planned = now();
      if (!offGrid) {
        if (!(await waitUntil(next))) break;
        planned = next;
        ({ k, at: next } = planNext(t0, period, k + 1, now()));
      }
      if (!bus) {
        // Waiting for the programmer to come back.
        try {
          bus = await o.open(signal);
        } catch (e) {
          if (signal.aborted) break;
          const t = end();
          const ev = detector.failed(t, 'programmer-unplugged');
          failedSamples++;
          record(t, SAMPLE_STATUS.unplugged, null, ev ? [ev] : [], null);
          const gap = detector.gaps[detector.gaps.length - 1];
          if (gap && t - gap.atMs >= resumeWithin) {
            endReason = 'programmer-lost';
            endDetail = `The programmer did not come back within ${Math.round(resumeWithin / 1000)} s (${(e as Error).message}).`;
            break;
          }
          // Try again a second later, not at the sample rate.
          next = Math.max(next, now() + 1000);
          continue;
        }
        try {
          if (!(await bringBack('the programmer came back'))) {
            if (moduleChanged()) break;
            continue;
          }
          hooks.state?.('running');
        } catch (e) {
          if (gapCause(e) === 'programmer-unplugged') {
            await bus?.close().catch(() => undefined);
            bus = null;
            continue;
          }
          throw e;
        }
      }
      if (recovering) {
        if (!(await bringBack('the module reset').catch(async (e: unknown) => {
          if (gapCause(e) !== 'programmer-unplugged') throw e;
          await bus?.close().catch(() => undefined);
          bus = null;
          hooks.state?.('waiting-for-programmer');
          return false;
        }))) {
          if (moduleChanged()) break;
          continue;
        }
        recovering = false;
        hooks.state?.('running');
      }
      const checkControls = holdByte93() !== null && planned - lastControlCheck >= 1000;
      const batch = checkControls ? [...ops, { op: 'read' as const, addr: 0x50, offset: 93, length: 1 }] : ops;
      let replies: Uint8Array[];
      try {
        replies = await bus.execute(batch, { signal });
      } catch (e) {
        if (e instanceof BenchError && e.code === 'CANCELLED') break;
        const cause = gapCause(e);
        if (cause === null) throw e;
        const t = end();
        const ev = detector.failed(t, cause);
        failedSamples++;
        lastT = null;
        lastGood = null;
        record(t, cause === 'module-nack' ? SAMPLE_STATUS.moduleNack : cause === 'programmer-unplugged' ? SAMPLE_STATUS.unplugged : SAMPLE_STATUS.programmerError, null, ev ? [ev] : [], null);
        if (cause === 'programmer-unplugged') {
          await bus.close().catch(() => undefined);
          bus = null;
          hooks.state?.('waiting-for-programmer');
        } else if (cause === 'programmer-timeout') {
          await bus.recover({ signal }).catch(() => undefined);
        }
        continue;
      }
      const t = end();
      // Kept until the frame is written (about a second): a fresh array per sample.
      const bytes = new Uint8Array(layout.sampleBytes);
      for (let bi = 0; bi < take.length; bi++) {
        const reply = replies[take[bi]!];
        if (reply) bytes.set(reply, layout.blocks[bi]!.at);
      }
      if (checkControls) lastControlCheck = planned;
      // All ones: a programmer that cannot see a NACK reads a silent bus as FFh (module-reader.ts).
      if (allOnes(bytes)) {
        const ev = detector.failed(t, 'module-nack');
        failedSamples++;
        lastGood = null;
        record(t, SAMPLE_STATUS.moduleNack, null, ev ? [ev] : [], null);
        continue;
      }
      decoder.values(bytes, values);
      flagBits(layout, bytes, bits);
      const evs = detector.good(t, { values, flags: bits, bytes });
      if (checkControls) {
        const b93 = replies[replies.length - 1]?.[0];
        const want = holdByte93();
        if (want !== null && b93 !== undefined && b93 !== want) {
          const ev = detector.resetSeen(t, 'controls-lost' satisfies SoakResetSign);
          if (ev) evs.push(ev);
        }
      }
      samples++;
      // The jitter figure is the grid's: an off-grid sample is neither measured nor a reference.
      if (!offGrid) {
        if (lastT !== null) intervalErrors.push(t - lastT - period);
        lastT = t;
      }
      lastGood = bytes;
      record(t, SAMPLE_STATUS.good, bytes, evs, values);
      if (detector.inReset && hold !== null) {
        // A held module that reset is at its power-on defaults: bring it back up before sampling on.
        recovering = true;
        lastGood = null;
        record(end(), SAMPLE_STATUS.paused, null, [], null);
        detector.paused(end());
        hooks.state?.('recovering');
        lastT = null;
      }
      if (t - frameStart >= 1000) {
        frameStart = t;
        await flush();
      }
    }
    if (signal.aborted && endReason === 'completed') endReason = 'stopped';
  } catch (e) {
    endReason = 'error';
    endDetail = e instanceof Error ? e.message : String(e);
  } finally {
    const tEnd = end();
    detector.finish(tEnd);
    await flush().catch(() => undefined);
    if (hold?.release) {
      if (bus) {
        try {
          const rec = await hold.release(bus);
          lasers.push({ what: 'release', atMs: Math.round(tEnd), record: rec, note: 'end of the soak' });
          hook('release', rec, 'end of the soak');
        } catch (e) {
          const note = `The control bytes could not be put back (${(e as Error).message}); a power cycle of the module restores them.`;
          lasers.push({ what: 'lost', atMs: Math.round(tEnd), record: null, note });
          hook('lost', null, note);
        }
      } else {
        const note = 'The programmer is gone: the control bytes the soak set stay until the module is power-cycled.';
        lasers.push({ what: 'lost', atMs: Math.round(tEnd), record: null, note });
        hook('lost', null, note);
      }
    }
    await bus?.close().catch(() => undefined);
  }
  return { endReason, endDetail, endMs: Math.round(end()), startedAtMs, samples, failedSamples, intervalErrors, detector, layout, read, lasers };
}

function allOnes(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] !== 0xff) return false;
  return true;
}

/** p99 of absolute values (0 for none). */
export function p99Abs(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const a = xs.map((x) => Math.abs(x)).sort((p, q) => p - q);
  return a[Math.min(a.length - 1, Math.floor(0.99 * a.length))]!;
}
