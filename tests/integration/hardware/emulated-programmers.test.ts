// The real drivers on real pseudo-terminals against the independent protocol emulators
// (tests/support/emulators): right bytes for both programmers and both module kinds, and every
// fault ending promptly with the right code.
import { afterEach, describe, expect, it } from 'vitest';
import { SerialPort } from 'serialport';
import { startEmulator, type EmulatorHandle } from '../../support/emulators';
import { openProgrammer, osBinding, readModule, type I2cBus } from '../../../main/hardware/index';
import { BenchError } from '../../../main/errors';
import { makeQsfpImage, makeSfpImage } from '../../unit/hardware/fake-devices';
import { monitorWith } from '../../../main/hardware/monitor';
import { decodeModule } from '../../../main/sff/index';

const KINDS = ['buspirate', 'usbiss'] as const;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.().catch(() => {});
});

async function emulator(opts: Parameters<typeof startEmulator>[0]): Promise<EmulatorHandle> {
  const emu = await startEmulator(opts);
  cleanups.push(() => emu.close());
  return emu;
}

async function open(kind: (typeof KINDS)[number], path: string): Promise<I2cBus> {
  const bus = await openProgrammer({ kind, path, binding: osBinding() });
  cleanups.unshift(() => bus.close());
  return bus;
}

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string; ms: number }> {
  const started = Date.now();
  try {
    await p;
  } catch (e) {
    return { code: e instanceof BenchError ? e.code : `raw:${String(e)}`, message: e instanceof Error ? e.message : String(e), ms: Date.now() - started };
  }
  return { code: 'resolved', message: '', ms: Date.now() - started };
}

/** The QSFP image the reader can reproduce: pages 01h/02h are not read, so they stay zero. */
const qsfp = makeQsfpImage();

describe.each(KINDS)('%s over a pseudo-terminal', (kind) => {
  it('reads an SFP (A0h + A2h) byte for byte', async () => {
    const image = makeSfpImage();
    const emu = await emulator({ kind, image });
    const r = await readModule(await open(kind, emu.devicePath));
    expect(Buffer.from(r.image).equals(Buffer.from(image))).toBe(true);
    expect(r.programmer.kind).toBe(kind);
  });

  it('reads a QSFP28 (lower, page 00h, page 03h) byte for byte', async () => {
    const emu = await emulator({ kind, image: qsfp });
    const r = await readModule(await open(kind, emu.devicePath));
    expect(r.image.length).toBe(640);
    expect(Buffer.from(r.image).equals(Buffer.from(qsfp))).toBe(true);
  });

  it('an empty cage is NO_MODULE, within seconds', async () => {
    const emu = await emulator({ kind, image: null });
    const f = await failure(open(kind, emu.devicePath).then((b) => readModule(b)));
    expect(f.code).toBe('NO_MODULE');
    expect(f.ms).toBeLessThan(10_000);
  });

  it('a programmer unplugged mid-read is PROGRAMMER_UNPLUGGED, not a hang', async () => {
    const emu = await emulator({ kind, image: makeSfpImage() });
    const bus = await open(kind, emu.devicePath);
    emu.setFault('unplug', { afterBytes: 20 });
    const f = await failure(readModule(bus));
    expect(f.code).toBe('PROGRAMMER_UNPLUGGED');
    expect(f.ms).toBeLessThan(10_000);
  });

  it('garbage on the line never yields wrong bytes: a coded failure in time, and a good read once the line is clean', async () => {
    const image = makeSfpImage();
    const emu = await emulator({ kind, image });
    const bus = await open(kind, emu.devicePath);
    emu.setFault('garbage', { seed: 7 });
    const started = Date.now();
    const first = await readModule(bus).then(
      (r) => ({ ok: Buffer.from(r.image).equals(Buffer.from(image)), code: 'ok' }),
      (e: unknown) => ({ ok: true, code: e instanceof BenchError ? e.code : 'raw' }),
    );
    expect(first.ok).toBe(true);
    expect(['ok', 'READ_FAILED', 'PROGRAMMER_NOT_RESPONDING']).toContain(first.code);
    expect(Date.now() - started).toBeLessThan(10_000);
    emu.setFault(null);
    const r = await readModule(bus);
    expect(Buffer.from(r.image).equals(Buffer.from(image))).toBe(true);
  });

  it('a missing port is PORT_NOT_FOUND and names the port', async () => {
    const f = await failure(openProgrammer({ kind, path: '/dev/ttyOPTIC-NOPE', binding: osBinding() }));
    expect(f.code).toBe('PORT_NOT_FOUND');
    expect(f.message).toContain('/dev/ttyOPTIC-NOPE');
  });

  it('a port held by another program is PORT_BUSY', async () => {
    const emu = await emulator({ kind, image: makeSfpImage() });
    const other = new SerialPort({ path: emu.devicePath, baudRate: 115200, autoOpen: false });
    await new Promise<void>((res, rej) => other.open((e) => (e ? rej(e) : res())));
    cleanups.push(() => new Promise<void>((res) => other.close(() => res())));
    const f = await failure(openProgrammer({ kind, path: emu.devicePath, binding: osBinding() }));
    expect(f.code).toBe('PORT_BUSY');
  });

  it('the wrong kind of programmer on the port is PROGRAMMER_NOT_RESPONDING, within seconds', async () => {
    const emu = await emulator({ kind, image: makeSfpImage() });
    const other = kind === 'buspirate' ? 'usbiss' : 'buspirate';
    const f = await failure(openProgrammer({ kind: other, path: emu.devicePath, binding: osBinding() }));
    expect(f.code).toBe('PROGRAMMER_NOT_RESPONDING');
    expect(f.ms).toBeLessThan(10_000);
  });
});

describe('Bus Pirate entry from any state', () => {
  it.each(['terminal', 'binary', 'i2c', 'stale-08'] as const)('starts from %s and reads the right bytes', async (initialState) => {
    const image = makeSfpImage();
    const emu = await emulator({ kind: 'buspirate', image, initialState });
    const started = Date.now();
    const r = await readModule(await open('buspirate', emu.devicePath));
    expect(Buffer.from(r.image).equals(Buffer.from(image))).toBe(true);
    // Stale-08 recovery feeds up to 4 KiB of zeros a FIFO's worth at a time, paced by timers a
    // loaded host stretches: a bound that says "ends", not a speed measurement (bench:read has those).
    expect(Date.now() - started).toBeLessThan(initialState === 'stale-08' ? 30_000 : 10_000);
  }, 40_000);

  it('a second session after close() starts cleanly (the unit was left sane)', async () => {
    const image = makeSfpImage();
    const emu = await emulator({ kind: 'buspirate', image });
    const first = await openProgrammer({ kind: 'buspirate', path: emu.devicePath, binding: osBinding() });
    await readModule(first);
    await first.close();
    const r = await readModule(await open('buspirate', emu.devicePath));
    expect(Buffer.from(r.image).equals(Buffer.from(image))).toBe(true);
  });
});

describe('USB-ISS stale half frame', () => {
  it('a half frame left by a previous session is dropped by the quiet period and the read is right', async () => {
    const image = makeSfpImage();
    const emu = await emulator({ kind: 'usbiss', image });
    const raw = new SerialPort({ path: emu.devicePath, baudRate: 115200, autoOpen: false });
    await new Promise<void>((res, rej) => raw.open((e) => (e ? rej(e) : res())));
    await new Promise<void>((res) => raw.write(Buffer.from([0x55, 0xa1]), () => raw.drain(() => res())));
    await new Promise<void>((res) => raw.close(() => res()));
    const r = await readModule(await open('usbiss', emu.devicePath));
    expect(Buffer.from(r.image).equals(Buffer.from(image))).toBe(true);
  });
});

describe('module changes at the bench', () => {
  it('a module pushed into a powered Bus Pirate cage is read once it is past t_serial', async () => {
    const image = makeSfpImage();
    const emu = await emulator({ kind: 'buspirate', image: null });
    const bus = await open('buspirate', emu.devicePath);
    expect((await failure(readModule(bus))).code).toBe('NO_MODULE');
    emu.insertModule(image);
    const r = await readModule(bus);
    expect(Buffer.from(r.image).equals(Buffer.from(image))).toBe(true);
  });
});

describe('live monitoring over a pseudo-terminal', () => {
  it.each(KINDS)('%s: yields readings at the chosen rate from the real-time bytes only', async (kind) => {
    const image = makeSfpImage();
    const emu = await emulator({ kind, image });
    const bus = await open(kind, emu.devicePath);
    const decode = decodeModule;
    emu.resetStats();
    const started = Date.now();
    const temps: number[] = [];
    for await (const r of monitorWith(bus, { rateHz: 10, image, decode, maxSamples: 3 })) temps.push(r.temperatureC);
    expect(temps).toEqual([36, 36, 36]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    // 22 real-time bytes per sample, nothing else (plus the USB-ISS presence byte).
    expect(emu.stats().bytesToHost).toBeLessThanOrEqual(3 * (22 + 3));
  });
});

describe('a sluggish programmer', () => {
  it.each(KINDS)('%s with 200 ms extra latency on every turnaround still reads the right bytes', async (kind) => {
    const image = makeSfpImage();
    const emu = await emulator({ kind, image, fault: 'slow', faultOptions: { extraMs: 200 } });
    const started = Date.now();
    const r = await readModule(await open(kind, emu.devicePath));
    expect(Buffer.from(r.image).equals(Buffer.from(image))).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
