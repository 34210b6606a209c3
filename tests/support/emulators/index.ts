// Protocol emulators of the Bus Pirate (firmware 6) and the Devantech USB-ISS on a real
// pseudo-terminal pair, backed by module images and a timing model. See README.md.
import { performance } from 'node:perf_hooks';
import { SerialPort } from 'serialport';
import { BusPirateFirmware, type BusPirateState } from './bus-pirate';
import type { Device, Firmware } from './device';
import { LiveModule, type LiveOptions } from './live';
import { I2cBus, moduleKindOf, type ModuleBehaviour } from './module-target';
import { createPtyPair, type PtyPair } from './pty';
import { LINK, Timeline, uartByteMs, type EmulatorKind, type EmulatorStats } from './timing';
import { UsbIssFirmware } from './usb-iss';

export { createPtyPair, type PtyPair } from './pty';
export type { BusPirateState } from './bus-pirate';
export { idealReadTimeMs, idealTimeMs, idealPageRead, chunkRead, uartByteMs, LINK, type EmulatorKind, type EmulatorStats, type IdealRead, type IdealOp, type IdealOptions } from './timing';
export { buildTargets, moduleKindOf, type ModuleBehaviour } from './module-target';
export { LiveModule, type LiveOptions, type ScriptedFault } from './live';
export type { CmisBehaviour } from './cmis-target';

/**
 * 'stale-08' (Bus Pirate only) puts the firmware into raw I2C mode in the middle of an 0x08 that
 * still wants `staleBytes` payload bytes, as if a previous session died mid-command (§1.2).
 */
export type FaultMode = 'no-module' | 'unplug' | 'garbage' | 'slow' | 'stale-08';

export interface FaultOptions {
  /** 'unplug': bytes of host traffic still served before the port vanishes (0 or absent = now). */
  afterBytes?: number;
  /** 'slow': extra latency added to every turnaround, modeled ms (default 200). */
  extraMs?: number;
  /** 'garbage': PRNG seed (default 1). */
  seed?: number;
  /** 'stale-08': payload bytes the stuck 0x08 still expects (default 4000). */
  staleBytes?: number;
}

export interface StartOptions {
  kind: EmulatorKind;
  /** Module image in the ethtool layout; null = empty cage. */
  image: Uint8Array | null;
  fault?: FaultMode;
  faultOptions?: FaultOptions;
  /** Bus Pirate only: where the firmware is when the driver opens the port. Default 'terminal'. */
  initialState?: BusPirateState;
  /** 'stale-08': payload bytes the stuck 0x08 still expects (default 4000). */
  staleBytes?: number;
  /** Real delay per modeled ms (default 1). 0 = reply at once (turnaround accounting gets approximate). */
  timeScale?: number;
  /**
   * Module power-on delay before its 2-wire bus answers, modeled ms (SFF-8472 t_serial; default 300).
   * Paid after the Bus Pirate switches its PSU on, and after insertModule() into a powered cage.
   */
  moduleReadyMs?: number;
  hardware?: 'v3' | 'v4';
  /** USB-ISS: a partial frame older than this (real ms) is dropped. Default 5. */
  gapMs?: number;
  /** Bus Pirate: firmware version the banner gives (default "v6.1 r1676"; "v5.4" has no raw-BRG speed menu). */
  firmware?: string;
  /** Bus Pirate v3 receive FIFO overflow: 'deaf' (default, as the device) or 'drop'. */
  overrun?: 'deaf' | 'drop';
  /** How the module behaves: CMIS state machine times, stuck states, faults; SFF-8636 low power. Durations in modeled ms. */
  module?: ModuleBehaviour;
  /** Fastest I2C clock the module keeps up with, Hz; faster bytes are NACKed and read 0xFF. */
  moduleMaxClockHz?: number;
  /** Monitor noise and scripted intermittent faults (live.ts), timed from the emulator's start. */
  live?: LiveOptions;
}

export interface EmulatorHandle {
  devicePath: string;
  kind: EmulatorKind;
  stats(): EmulatorStats;
  resetStats(): void;
  setFault(f: FaultMode | null, opts?: FaultOptions): void;
  insertModule(image: Uint8Array | null): void;
  /** Closes the emulator's end and kills socat: the device path disappears. */
  unplug(): Promise<void>;
  close(): Promise<void>;
  /** Commands seen, oldest first (for assertions). */
  log(): string[];
  /** The CMIS module's state machine and control bytes, when the module is CMIS (for assertions). */
  cmis(): { state: number; control(page: number | null, bank: number, offset: number): number } | null;
  /**
   * Starts monitor noise and scripted faults (live.ts) on the module now in the cage; the script's
   * times count from this call. Returns the live module (its `resets`) and the start as epoch ms.
   */
  script(opts: LiveOptions): { live: LiveModule; startedAtMs: number };
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startEmulator(opts: StartOptions): Promise<EmulatorHandle> {
  const pty: PtyPair = await createPtyPair();
  const port = new SerialPort({ path: pty.emulatorPath, baudRate: 115200, autoOpen: false });
  try {
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  } catch (err) {
    await pty.close();
    throw err;
  }

  const timeScale = opts.timeScale ?? 1;
  const now = (): number => performance.now();
  let timeline = new Timeline(LINK[opts.kind], timeScale, now);
  const entries: string[] = [];
  const counters = { bytesFromHost: 0, bytesToHost: 0, commands: 0, i2cBase: 0, maxHz: 0, rxOverruns: 0, nvmBase: 0 };
  let linkBaud = 115_200;
  let clockHz = 100_000;
  let fault: FaultMode | null = null;
  let faultOpts: FaultOptions = {};
  let unplugCountdown: number | null = null;
  let rand = mulberry32(1);
  let noiseTimer: NodeJS.Timeout | null = null;
  let gone = false;
  let currentImage = opts.image;

  const bus = new I2cBus(
    (bits) => {
      timeline.spend((bits * 1000) / clockHz);
      if (bits >= 8) counters.maxHz = Math.max(counters.maxHz, clockHz);
    },
    now,
    // The USB-ISS's module has its own 3.3 V supply and the ISS's on-board pull-ups.
    opts.kind === 'usbiss' ? { powered: true, pullups: true } : { powered: false, pullups: false },
    (e) => {
      if (e === 'restart') entries.push('i2c-bus:repeated-start');
    },
  );
  bus.behaviour = opts.module ?? {};
  bus.timeScale = timeScale;
  bus.maxClockHz = opts.moduleMaxClockHz ?? null;
  bus.insert(opts.image);

  // Output: bytes leave at the modeled time, in order, one port.write per due batch.
  const queue: { at: number; bytes: number[] }[] = [];
  let flushTimer: NodeJS.Timeout | null = null;
  const flush = (): void => {
    flushTimer = null;
    const t = now();
    const out: number[] = [];
    while (queue.length > 0 && queue[0]!.at <= t + 0.05) out.push(...queue.shift()!.bytes);
    if (out.length > 0 && !gone) {
      port.write(Buffer.from(out));
      counters.bytesToHost += out.length;
    }
    timeline.outputSent(out.length);
    if (queue.length > 0) flushTimer = setTimeout(flush, Math.max(0, queue[0]!.at - now()));
  };
  const send = (bytes: number[]): void => {
    timeline.linkBytes(bytes.length);
    timeline.outputQueued(bytes.length);
    queue.push({ at: timeline.cursor, bytes });
    if (flushTimer === null) flushTimer = setTimeout(flush, Math.max(0, timeline.cursor - now()));
  };

  const device: Device = {
    bus,
    get timeline() {
      return timeline;
    },
    tx: (bytes) => send(typeof bytes === 'string' ? Array.from(Buffer.from(bytes, 'latin1')) : Array.from(bytes)),
    log: (e) => entries.push(e),
    command: () => {
      counters.commands++;
    },
    setI2cClock: (hz) => {
      clockHz = hz;
      bus.clockHz = hz;
    },
    moduleReadyMs: (opts.moduleReadyMs ?? 300) * timeScale,
    setLinkBaud: (baud) => {
      linkBaud = baud;
      if (opts.kind === 'buspirate') timeline.setByteMs(uartByteMs(baud));
    },
    rxOverrun: () => {
      counters.rxOverruns++;
    },
  };

  let firmware: Firmware =
    opts.kind === 'buspirate'
      ? new BusPirateFirmware(device, { initialState: opts.initialState ?? 'terminal', hardware: opts.hardware, staleBytes: opts.staleBytes, firmware: opts.firmware, overrun: opts.overrun })
      : new UsbIssFirmware(device, { gapMs: opts.gapMs, now });

  const stopNoise = (): void => {
    if (noiseTimer) clearInterval(noiseTimer);
    noiseTimer = null;
  };
  const randomBytes = (n: number): number[] => Array.from({ length: n }, () => Math.floor(rand() * 256));

  const unplug = async (reason = 'unplug'): Promise<void> => {
    if (gone) return;
    gone = true;
    entries.push(reason);
    stopNoise();
    if (flushTimer) clearTimeout(flushTimer);
    if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    await pty.close();
  };

  const setFault = (f: FaultMode | null, o: FaultOptions = {}): void => {
    const moduleChanged = (fault === 'no-module') !== (f === 'no-module');
    fault = f;
    faultOpts = o;
    stopNoise();
    unplugCountdown = null;
    entries.push(`fault:${f ?? 'none'}`);
    if (moduleChanged) bus.insert(f === 'no-module' ? null : currentImage, device.moduleReadyMs);
    if (f === 'garbage') {
      rand = mulberry32(o.seed ?? 1);
      // Spontaneous noise on the line, whether or not the host talks.
      noiseTimer = setInterval(() => {
        if (!gone) send(randomBytes(1 + Math.floor(rand() * 4)));
      }, 25);
    } else if (f === 'stale-08') {
      if (opts.kind !== 'buspirate') throw new Error("'stale-08' is a Bus Pirate state");
      firmware = new BusPirateFirmware(device, { initialState: 'stale-08', hardware: opts.hardware, staleBytes: o.staleBytes ?? 4000, firmware: opts.firmware, overrun: opts.overrun });
    } else if (f === 'unplug') {
      if (!o.afterBytes) void unplug();
      else unplugCountdown = o.afterBytes;
    }
  };

  port.on('data', (chunk: Buffer) => {
    if (gone) return;
    let data = new Uint8Array(chunk);
    counters.bytesFromHost += data.length;
    if (unplugCountdown !== null) {
      if (data.length >= unplugCountdown) {
        data = data.subarray(0, unplugCountdown);
        unplugCountdown = 0;
      } else unplugCountdown -= data.length;
    }
    if (data.length > 0) {
      // A turnaround (USB and FTDI latency) delays when the bytes reach the programmer's UART.
      const paid = timeline.input(fault === 'slow' ? (faultOpts.extraMs ?? 200) : 0);
      if (fault === 'garbage') {
        timeline.linkBytes(data.length);
        send(randomBytes(data.length));
      } else {
        firmware.feed(data, paid ? timeline.cursor : now());
      }
    }
    if (unplugCountdown === 0) void unplug();
  });
  port.on('error', () => {
    /* the driver side vanishing is not the emulator's failure */
  });

  if (opts.fault) setFault(opts.fault, opts.faultOptions);

  const script = (o: LiveOptions): { live: LiveModule; startedAtMs: number } => {
    const live = new LiveModule(currentImage ? moduleKindOf(currentImage) : 'sfp', o, now);
    bus.live.current = live;
    const startedAtMs = Date.now();
    live.start(() => {
      entries.push('module:reset');
      bus.resetTargets();
    });
    return { live, startedAtMs };
  };
  if (opts.live) script(opts.live);

  return {
    devicePath: pty.devicePath,
    kind: opts.kind,
    stats: () => ({
      deviceTimeMs: timeline.deviceTimeMs,
      bytesFromHost: counters.bytesFromHost,
      bytesToHost: counters.bytesToHost,
      i2cBytes: bus.i2cBytes - counters.i2cBase,
      turnarounds: timeline.turnarounds,
      commands: counters.commands,
      i2cClockHz: clockHz,
      maxI2cClockHz: counters.maxHz,
      i2cBusBusy: bus.busy,
      rxOverruns: counters.rxOverruns,
      linkBaud,
      nvmWrites: bus.nvmWrites - counters.nvmBase,
    }),
    resetStats: () => {
      const fresh = new Timeline(timeline.link, timeScale, now);
      // Keep the device's place in time: a reset does not make a busy device idle.
      fresh.cursor = timeline.cursor;
      fresh.outputQueued(queue.reduce((n, q) => n + q.bytes.length, 0));
      timeline = fresh;
      counters.bytesFromHost = 0;
      counters.bytesToHost = 0;
      counters.commands = 0;
      counters.i2cBase = bus.i2cBytes;
      counters.maxHz = 0;
      counters.rxOverruns = 0;
      counters.nvmBase = bus.nvmWrites;
    },
    setFault,
    insertModule: (image) => {
      currentImage = image;
      entries.push(image ? 'module:inserted' : 'module:removed');
      if (fault !== 'no-module') bus.insert(image, device.moduleReadyMs);
    },
    unplug: () => unplug(),
    close: () => unplug('closed'),
    log: () => [...entries],
    cmis: () => bus.cmis,
    script,
  };
}
