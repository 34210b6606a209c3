// Live monitoring for the soak view: re-read only the real-time diagnostic bytes, each block in
// ONE transaction so every 16-bit value is coherent (SFF-8472 §4.1: the module guarantees
// coherency only inside one read), and decode them with the module's own calibration by
// patching them into a copy of the full image.
import type { LiveReading } from '../../preload/contract/hardware';
import type { DecodedModule } from '../../preload/contract/module';
import { BenchError } from '../errors';
import type { I2cBus } from './drivers/i2c-bus';
import { isTransient } from './hw-errors';
import { hasPagedMagic } from '../sff/paged-image';
import { ADDR_A0, ADDR_A2, familyOf } from './module-reader';
import { sleep as realSleep } from './transport/transport';
import { MONITOR_MAX_RATE_HZ, MONITOR_MIN_RATE_HZ } from '../../preload/contract/hardware';

export interface MonitorOptions {
  /** Samples per second, at most 10. */
  rateHz: number;
  signal?: AbortSignal | undefined;
  /** The full image from readModule (ethtool layout), for calibration and thresholds. */
  image: Uint8Array;
  decode: (image: Uint8Array) => DecodedModule;
  /** Stop after this many samples (default: until the signal aborts). */
  maxSamples?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Where the real-time bytes live: image offset, I2C address and register offset, length. */
export interface LiveBlock {
  addr: number;
  offset: number;
  length: number;
  imageOffset: number;
}

export function liveBlock(image: Uint8Array): LiveBlock {
  const family = hasPagedMagic(image) ? 'cmis' : familyOf(image[0] ?? 0);
  if (family === 'cmis') {
    // CMIS lane monitors live in page 11h and are only meaningful with the data paths up, which a
    // read brings about and then undoes; a soak would have to hold the module up meanwhile.
    throw new BenchError(
      'MODULE_UNSUPPORTED',
      'Live monitoring of CMIS modules (QSFP-DD, OSFP, QSFP112) is not available: their lasers are brought up only for the length of a read. Read again for current values.',
    );
  }
  // SFF-8472 A2h 96-117: real-time values, status/control, alarm and warning flags.
  if (family === 'sff8472' && image.length >= 512) return { addr: ADDR_A2, offset: 96, length: 22, imageOffset: 256 + 96 };
  // SFF-8636 lower page 3-57: latched flags, temperature, Vcc, per-lane Rx power, bias, Tx power.
  if (family === 'sff8636') return { addr: ADDR_A0, offset: 3, length: 55, imageOffset: 3 };
  throw new BenchError('MODULE_UNSUPPORTED', 'This module has no live diagnostics to monitor (no SFF-8472 A2h or SFF-8636 monitors).');
}

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

/**
 * Yields one LiveReading per period until the signal aborts (the stream then just ends: a
 * stopped soak is not an error). A transfer error gets one resync and retry; a second one, an
 * unplugged programmer or a removed module end the stream with that error.
 */
export async function* monitorWith(bus: I2cBus, opts: MonitorOptions): AsyncGenerator<LiveReading, void, void> {
  // A vanishing rate (1e-9 Hz) once made a period beyond setTimeout's 2^31 ms, which Node runs at
  // once: the bound below keeps every period a timer can honour.
  if (!(opts.rateHz >= MONITOR_MIN_RATE_HZ && opts.rateHz <= MONITOR_MAX_RATE_HZ)) {
    throw new BenchError('INVALID_INPUT', `monitor rate ${opts.rateHz} Hz: choose from one sample a minute to ${MONITOR_MAX_RATE_HZ} per second`);
  }
  const block = liveBlock(opts.image);
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? realSleep;
  const period = 1000 / opts.rateHz;
  const work = new Uint8Array(opts.image);
  const { signal } = opts;
  let next = now();
  for (let n = 0; opts.maxSamples === undefined || n < opts.maxSamples; n++) {
    if (signal?.aborted) return;
    let bytes: Uint8Array | undefined;
    for (let attempt = 0; attempt < 2 && bytes === undefined; attempt++) {
      try {
        if (attempt > 0) await bus.recover({ signal });
        [bytes] = await bus.execute([{ op: 'read', addr: block.addr, offset: block.offset, length: block.length }], { signal });
      } catch (e) {
        if (e instanceof BenchError && e.code === 'CANCELLED') return;
        if (!isTransient(e) || attempt === 1) throw e;
      }
    }
    if (bytes === undefined) return;
    const stamp = now();
    work.set(bytes, block.imageOffset);
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
