// The live monitor on the bench: the module's real-time block sampled at up to 10 Hz and decoded
// into readings for the page, for every family a programmer reads (SFF-8472, SFF-8636, CMIS).
//
// It rides on the soak's machinery rather than keeping its own: what a sample reads is the soak
// layout of the family (soak-layout.ts: SFF-8472 A2h 96-117, SFF-8636 lower 2-57, CMIS lower
// 3-17 and page 11h of every bank), issued as the soak issues it (soak.ts sampleOps), each block
// in one transaction so every 16-bit value is coherent (SFF-8472 section 4.1). Each sample is
// patched into a copy of the image and decoded by the module's own decoder, so calibration and
// flag names have one source.
//
// Keeping the module up. A CMIS module, or an SFF-8636 module of power class 2 and up, has its
// lasers off once a read has put its controls back, so sampling it after the read would show dark
// lanes. Like a soak, the monitor reads such a module again with `holdLasers` (module-reader.ts:
// the same audited control-write path as every read) and, when it ends for any reason (stopped,
// cancelled, the page gone, the port handed to a read or a soak, an error), puts the controls
// back exactly as a read does after itself, and the I2C clock back to 100 kHz. An SFP needs no
// bring-up: its samples are taken against the image of the read.
import type { LaserBringUp } from '../../preload/contract/limits';
import type { LiveReading } from '../../preload/contract/hardware';
import { liveMonitorUnavailable } from '../../preload/contract/live-monitor';
import type { DecodedModule } from '../../preload/contract/module';
import { BenchError } from '../errors';
import type { I2cBus } from './drivers/i2c-bus';
import { isTransient } from './hw-errors';
import { readModuleWith, type HeldRead } from './module-reader';
import { sampleOps } from './soak';
import { blockImageOffset, familyOfImage, soakLayout } from './soak-layout';
import { sleep as realSleep } from './transport/transport';
import { MONITOR_MAX_RATE_HZ, MONITOR_MIN_RATE_HZ } from '../../preload/contract/hardware';

export interface MonitorOptions {
  /** Samples per second, at most 10. */
  rateHz: number;
  signal?: AbortSignal | undefined;
  /** The full image of the read being monitored (ethtool layout or the paged image). */
  image: Uint8Array;
  decode: (image: Uint8Array) => DecodedModule;
  /** Stop after this many samples (default: until the signal aborts). */
  maxSamples?: number;
  /**
   * Runs `fn` with the programmer to itself (SharedBus.exclusive on the bench): the bring-up read
   * and the release must not be interleaved with the cage watch's looks. Default: `fn(bus)`.
   */
  exclusive?: <T>(fn: (bus: I2cBus) => Promise<T>) => Promise<T>;
  /** The module was brought up for the monitor ('held') and put back at its end ('released'), or could not be ('lost'). */
  onLasers?: (what: 'held' | 'released' | 'lost', record: LaserBringUp | null, note: string) => void;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Serial, vendor and part number as the decoder gives them: the module to monitor is the one read. */
const identityOf = (m: DecodedModule): string => `${m.vendor.name.trim()}|${m.vendor.partNumber.trim()}|${m.vendor.serialNumber.trim()}`;

export function toLiveReading(module: DecodedModule, timestamp: number): LiveReading {
  const d = module.diagnostics;
  if (d === null) throw new BenchError('MODULE_UNSUPPORTED', 'This module reports no diagnostics.');
  return {
    timestamp,
    temperatureC: d.temperatureC,
    supplyVoltageV: d.supplyVoltageV,
    lanes: d.lanes.map((l) => ({ txBiasMa: l.txBiasMa, txPowerMw: l.txPowerMw, txPowerDbm: l.txPowerDbm, rxPowerMw: l.rxPowerMw, rxPowerDbm: l.rxPowerDbm })),
    alarms: [...d.flags.alarms],
    warnings: [...d.flags.warnings],
  };
}

const REFUSALS: Record<string, string> = {
  'address-change': 'This SFP keeps its diagnostics behind an address-change sequence (A0h byte 92 bit 2), which the bench does not perform: nothing live can be read.',
  'no-ddm': 'This SFP has no digital diagnostics (A0h byte 92 bit 6 clear): it reports no temperature, supply, bias or optical power to follow.',
  'flat-memory': 'This CMIS module has flat memory (byte 2 bit 7, a passive copper cable as a rule): it has no lane monitors (page 11h) to follow.',
  'no-monitors': 'The module declares no monitors (SFF-8636 byte 220, CMIS page 01h bytes 159-160): nothing live to follow.',
  'no-lane-monitors': 'The read holds no lane monitors (CMIS page 11h): read the module again, then start the monitor.',
  'no-diagnostics': 'This module reports no real-time diagnostics to follow.',
};

/** MODULE_UNSUPPORTED naming what the module lacks, or nothing when it has something live to show. */
export function checkMonitorable(module: DecodedModule): void {
  const reason = liveMonitorUnavailable(module);
  if (reason !== null) throw new BenchError('MODULE_UNSUPPORTED', REFUSALS[reason] ?? REFUSALS['no-diagnostics']!, { reason });
}

/**
 * Yields one LiveReading per period until the signal aborts (the stream then just ends: a
 * stopped monitor is not an error). A transfer error gets one resync and retry; a second one, an
 * unplugged programmer or a removed module end the stream with that error. Whatever ends it, a
 * module brought up for it is put back first.
 */
export async function* monitorWith(bus: I2cBus, opts: MonitorOptions): AsyncGenerator<LiveReading, void, void> {
  // A vanishing rate (1e-9 Hz) once made a period beyond setTimeout's 2^31 ms, which Node runs at
  // once: the bound below keeps every period a timer can honour.
  if (!(opts.rateHz >= MONITOR_MIN_RATE_HZ && opts.rateHz <= MONITOR_MAX_RATE_HZ)) {
    throw new BenchError('INVALID_INPUT', `monitor rate ${opts.rateHz} Hz: choose from one sample a minute to ${MONITOR_MAX_RATE_HZ} per second`);
  }
  const read0 = opts.decode(opts.image);
  checkMonitorable(read0);
  const family = familyOfImage(opts.image);
  const exclusive = opts.exclusive ?? (<T>(fn: (b: I2cBus) => Promise<T>): Promise<T> => fn(bus));
  const { signal } = opts;
  let image = opts.image;
  let held: HeldRead | null = null;
  /** Reads the module again with its lasers held: the start, and after a reset put it back at its defaults. */
  const holdUp = async (why: string): Promise<void> => {
    const again = await exclusive(async (b) => {
      try {
        return await readModuleWith(b, { decode: opts.decode, signal, holdLasers: true });
      } finally {
        // The reader raised the clock to what the module allows; the cage watch starts from 100 kHz.
        await Promise.resolve()
          .then(() => b.setSpeed(100))
          .catch(() => undefined);
      }
    });
    const hold = again.release ? again : null;
    if (identityOf(again.module) !== identityOf(read0)) {
      if (hold) await release(hold, exclusive, opts, 'another module is in the programmer');
      throw new BenchError('MODULE_CHANGED', `Another module is in the programmer now (${again.module.vendor.partNumber.trim()}, serial ${again.module.vendor.serialNumber.trim()}): read it before monitoring.`, {
        serial: again.module.vendor.serialNumber.trim(),
      });
    }
    held = hold;
    image = again.image;
    if (hold) opts.onLasers?.('held', again.laser ?? null, why);
  };
  if (family !== 'sff8472') await holdUp('brought up for the live monitor');
  try {
    yield* sample(bus, image, opts, {
      // A CMIS module held in ModuleReady that shows another state has reset (a power glitch, a
      // fault) and is back at its power-on controls: bring it up again, as a soak does.
      lost: family === 'cmis' && held !== null
        ? async (state: number): Promise<boolean> => {
            opts.onLasers?.('lost', null, `the module left ModuleReady (state ${state}): its controls went back to their power-on values`);
            held = null;
            await holdUp('brought up again after the module reset');
            return held !== null;
          }
        : null,
    });
  } finally {
    const h = held as HeldRead | null;
    if (h) await release(h, exclusive, opts, 'end of the live monitor');
  }
}

async function release(held: HeldRead, exclusive: NonNullable<MonitorOptions['exclusive']>, opts: MonitorOptions, why: string): Promise<void> {
  try {
    const record = await exclusive(async (b) => {
      try {
        return await held.release!(b);
      } finally {
        await Promise.resolve()
          .then(() => b.setSpeed(100))
          .catch(() => undefined);
      }
    });
    opts.onLasers?.('released', record, why);
  } catch (e) {
    // A module pulled (or a programmer unplugged) meanwhile takes its control bytes with it.
    opts.onLasers?.('lost', null, `The control bytes could not be put back (${(e as Error).message}); a power cycle of the module restores them.`);
  }
}

/** CMIS module state ModuleReady (byte 3 bits 3-1, CMIS 5.2 Table 8-7). */
const MODULE_READY = 3;

async function* sample(
  bus: I2cBus,
  image: Uint8Array,
  opts: MonitorOptions,
  held: { lost: ((state: number) => Promise<boolean>) | null },
): AsyncGenerator<LiveReading, void, void> {
  const layout = soakLayout(image, opts.decode(image));
  // The paged image's lower page starts at byte 8: byte 1 of the module (the CMIS revision) is at 9.
  const cmisRev = layout.family === 'cmis' ? (image[9] ?? 0x40) : 0x40;
  const { ops, take } = sampleOps(layout, cmisRev, true);
  const at = layout.blocks.map((b) => blockImageOffset(layout, image, b));
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? realSleep;
  const period = 1000 / opts.rateHz;
  const work = new Uint8Array(image);
  const { signal } = opts;
  let next = now();
  for (let n = 0; opts.maxSamples === undefined || n < opts.maxSamples; n++) {
    if (signal?.aborted) return;
    let replies: Uint8Array[] | undefined;
    for (let attempt = 0; attempt < 2 && replies === undefined; attempt++) {
      try {
        if (attempt > 0) await bus.recover({ signal });
        replies = await bus.execute(ops, { signal });
      } catch (e) {
        if (e instanceof BenchError && e.code === 'CANCELLED') return;
        if (!isTransient(e) || attempt === 1) throw e;
      }
    }
    if (replies === undefined) return;
    const stamp = now();
    const got = take.map((ri) => replies[ri] ?? new Uint8Array(0));
    // All ones: a programmer that cannot see a NACK reads an empty cage so (module-reader.ts).
    if (got.every((g) => g.every((b) => b === 0xff))) throw new BenchError('NO_MODULE', 'The module no longer answers: it was pulled, or lost power.');
    const stateAt = layout.signs.moduleState?.at;
    const state = stateAt === undefined ? MODULE_READY : ((got[0]?.[stateAt] ?? 0) >> 1) & 0x07;
    if (held.lost !== null && state !== MODULE_READY) {
      // Not plotted: a sample of a module on its way down or back up is the reset, not the module.
      // Once only when the bring-up does not take (refused, timed out): then the module is shown as it is.
      const lost = held.lost;
      held.lost = null;
      if (await lost(state)) held.lost = lost;
      continue;
    }
    got.forEach((bytes, i) => {
      const off = at[i];
      if (off !== null && off !== undefined) work.set(bytes, off);
    });
    yield toLiveReading(opts.decode(work), stamp);
    if (opts.maxSamples !== undefined && n + 1 >= opts.maxSamples) return;
    next += period;
    const wait = next - now();
    if (wait < 0) next = now();
    else {
      try {
        await sleep(wait, signal);
      } catch {
        return;
      }
    }
  }
}
