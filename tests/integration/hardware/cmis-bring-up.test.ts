// CMIS modules read by the real drivers over real pseudo-terminals against the independent
// emulators (tests/support/emulators/cmis-target.ts): paging and banks, the laser bring-up
// through the module and data-path state machines, and every way it can go wrong (stuck in a
// state, a module fault, refused controls, a data path that never activates), with the control
// bytes put back each time, no EEPROM write, and no byte lost to the Bus Pirate's receive FIFO.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle, type StartOptions } from '../../support/emulators';
import { openProgrammer, osBinding, readModule, type I2cBus } from '../../../main/hardware/index';
import { loadSimulatedModule } from '../../../main/hardware/sim-library';
import { buildCmisImage, type CmisImageSpec } from '../../../main/sff/cmis-builder';
import { decodeModule } from '../../../main/sff/index';
import { buildQsfpImage } from '../../../main/sff/image-builder';

const KINDS = ['buspirate', 'usbiss'] as const;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.().catch(() => {});
});

async function emulator(opts: StartOptions): Promise<EmulatorHandle> {
  const emu = await startEmulator({ moduleReadyMs: 0, ...opts });
  cleanups.push(() => emu.close());
  return emu;
}

async function open(kind: (typeof KINDS)[number], path: string): Promise<I2cBus> {
  // The Bus Pirate stays at 115200 here: the speed change has its own test below.
  const bus = await openProgrammer({ kind, path, binding: osBinding(), busPirate: { linkSpeed: 115200 } });
  cleanups.unshift(() => bus.close());
  return bus;
}

const dbm = (d: number): number => 10 ** (d / 10);
// Short but advertised-consistent times (page 01h codes 4 = 100 ms, 5 = 500 ms, 6 = 1 s).
const TIMES = { powerUpMs: 150, dpInitMs: 80, txOnMs: 40, powerDownMs: 40, dpDeinitMs: 20, txOffMs: 20 };

function dr4(extra: Partial<CmisImageSpec> = {}): Uint8Array {
  return buildCmisImage({
    applications: [{ host: 0x11, media: 0x1c, hostLanes: 8, mediaLanes: 4 }],
    lanes: [0, 1, 2, 3].map((i) => ({ txBiasMa: 60 + i, txPowerMw: dbm(1 + i / 10), rxPowerMw: dbm(-1.5) })),
    biasMultiplier: 2,
    durations: { powerUp: 6, powerDown: 4, dpInit: 5, dpDeinit: 4, txOn: 4, txOff: 4 },
    ...extra,
  });
}

describe.each(KINDS)('CMIS through the emulated %s', (kind) => {
  it('brings a module up from ModuleLowPwr, reads every lane lit, and leaves it as it found it', async () => {
    const image = dr4();
    const emu = await emulator({ kind, image, module: { cmis: TIMES } });
    const r = await readModule(await open(kind, emu.devicePath));
    expect(r.laser?.outcome).toBe('done');
    expect(r.module.standard).toBe('CMIS');
    expect(r.module.cmis?.moduleState.name).toBe('ModuleReady');
    expect(r.module.diagnostics?.lanes.map((l) => l.dataPathActive)).toEqual([true, true, true, true]);
    expect(r.module.diagnostics?.lanes.map((l) => Number(l.txBiasMa.toFixed(1)))).toEqual([60, 61, 62, 63]);
    expect(r.module.cmis?.pages.map((p) => p.page)).toEqual([0x00, 0x01, 0x02, 0x10, 0x11]);
    // Every control byte back, by the module's own account: low power again, defaults in page 10h.
    expect(r.laser?.writes.every((w) => w.restored)).toBe(true);
    const m = emu.cmis()!;
    expect(m.state).toBe(1);
    expect(m.control(null, 0, 26)).toBe(0x40);
    expect(m.control(0x10, 0, 128)).toBe(0x00);
    expect(m.control(0x10, 0, 130)).toBe(0x00);
    expect(emu.stats().nvmWrites).toBe(0);
    expect(emu.stats().rxOverruns).toBe(0);
  });

  it('reads as is on request: no control write at all, lasers off, the state named', async () => {
    const emu = await emulator({ kind, image: dr4(), module: { cmis: TIMES } });
    const r = await readModule(await open(kind, emu.devicePath), { asIs: true });
    expect(r.laser).toMatchObject({ outcome: 'as-is', writes: [] });
    expect(r.laser?.detail).toMatch(/ModuleLowPwr/);
    expect(r.module.diagnostics?.lanes.every((l) => l.dataPathActive === false && l.txBiasMa === 0)).toBe(true);
    expect(emu.cmis()!.control(null, 0, 26)).toBe(0x40);
    expect(emu.log().some((e) => /iss:55 A0 1A|08 w=3 r=0 \[A0 1A/.test(e))).toBe(false);
  });

  it('a module stuck in ModuleLowPwr: timeout after its advertised power-up time, in words, controls put back', async () => {
    const emu = await emulator({ kind, image: dr4(), module: { cmis: { ...TIMES, stuckIn: 'ModuleLowPwr' } } });
    const started = Date.now();
    const r = await readModule(await open(kind, emu.devicePath));
    expect(r.laser?.outcome).toBe('timeout');
    expect(r.laser?.detail).toMatch(/stayed in ModuleLowPwr.*advertised at most 1000 ms/);
    expect(Date.now() - started).toBeLessThan(6000);
    expect(r.laser?.writes.length).toBeGreaterThan(0);
    expect(r.laser?.writes.every((w) => w.restored)).toBe(true);
    expect(emu.cmis()!.control(null, 0, 26)).toBe(0x40);
  });

  it('a module that faults while powering up: the fault cause of byte 41 in words', async () => {
    const emu = await emulator({ kind, image: dr4(), module: { cmis: { ...TIMES, faultCause: 1 } } });
    const r = await readModule(await open(kind, emu.devicePath));
    expect(r.laser?.outcome).toBe('fault');
    expect(r.laser?.detail).toMatch(/ModuleFault.*TEC runaway \(byte 41 = 0x01\)/);
    expect(r.module.cmis?.moduleFaultCause?.name).toBe('TEC runaway');
    expect(r.module.problems.map((p) => p.code)).toContain('MODULE_FAULT');
  });

  it('a data path that never leaves DataPathInit: timeout naming the state and the lane', async () => {
    const emu = await emulator({ kind, image: dr4(), module: { cmis: { ...TIMES, stuckIn: 'DataPathInit' } } });
    const r = await readModule(await open(kind, emu.devicePath));
    expect(r.laser?.outcome).toBe('timeout');
    expect(r.laser?.detail).toMatch(/DataPathInit on host lane 1/);
    expect(r.laser?.writes.every((w) => w.restored)).toBe(true);
  });

  it('a module that ignores control writes: refused, naming the byte', async () => {
    const emu = await emulator({ kind, image: dr4(), module: { cmis: { ...TIMES, refuseControl: true } } });
    const r = await readModule(await open(kind, emu.devicePath));
    expect(r.laser?.outcome).toBe('refused');
    expect(r.laser?.detail).toMatch(/page 10h byte 128/);
    expect(emu.stats().nvmWrites).toBe(0);
  });

  it('two banks: lanes 9-16 come from page 11h bank 1, and both banks are brought up', async () => {
    const image = dr4({
      banks: 2,
      applications: [{ host: 0x11, media: 0x1c, hostLanes: 8, mediaLanes: 4 }],
      lanes: Array.from({ length: 12 }, (_, i) => ({ txBiasMa: 50 + i, txPowerMw: dbm(1), rxPowerMw: dbm(-1) })),
    });
    const emu = await emulator({ kind, image, module: { cmis: TIMES } });
    const r = await readModule(await open(kind, emu.devicePath));
    expect(r.laser?.outcome).toBe('done');
    expect(r.module.cmis?.pages.filter((p) => p.page === 0x11).map((p) => p.bank)).toEqual([0, 1]);
    // Four media lanes in each bank: lanes 1-4 and 9-12.
    expect(r.module.cmis?.lanes.map((l) => l.lane)).toEqual([1, 2, 3, 4, 9, 10, 11, 12]);
    expect(r.module.diagnostics?.lanes.map((l) => Math.round(l.txBiasMa))).toEqual([50, 51, 52, 53, 58, 59, 60, 61]);
  });

  it('the I2C clock rises to what byte 2 advertises (1 MHz on the USB-ISS, the Bus Pirate at its 400 kHz), and falls back to 100 kHz when the module cannot keep up', async () => {
    const image = dr4({ maxTwiSpeedCode: 1 });
    const emu = await emulator({ kind, image, module: { cmis: TIMES } });
    const r = await readModule(await open(kind, emu.devicePath), { asIs: true });
    expect(emu.stats().maxI2cClockHz).toBe(kind === 'usbiss' ? 1_000_000 : 400_000);
    expect(r.notes.map((n) => n.code)).not.toContain('I2C_CLOCK_LOWERED');

    const slow = await emulator({ kind, image, module: { cmis: TIMES }, moduleMaxClockHz: 100_000 });
    const r2 = await readModule(await open(kind, slow.devicePath), { asIs: true });
    expect(r2.notes.map((n) => n.code)).toContain('I2C_CLOCK_LOWERED');
    expect(r2.module.vendor.serialNumber).toBe(decodeModule(image).vendor.serialNumber);
  });

  it('the simulated 800G module from the library reads through the emulator with its VDM pages', async () => {
    const { image } = await loadSimulatedModule('osfp-800g-dr8');
    const emu = await emulator({ kind, image, module: { cmis: TIMES } });
    const r = await readModule(await open(kind, emu.devicePath));
    expect(r.laser?.outcome).toBe('done');
    expect(r.module.diagnostics?.lanes).toHaveLength(8);
    expect(r.module.cmis?.vdm?.observables.filter((o) => o.type.code === 4)).toHaveLength(8);
    expect(emu.stats().rxOverruns).toBe(0);
  });
});

describe('SFF-8636 low power through the emulators', () => {
  it.each(KINDS)('%s: a power class 4 QSFP28 is set to high power by byte 93, read with its lasers on, and 93 put back', async (kind) => {
    const image = buildQsfpImage({
      compliance: ['100GBASE-LR4'],
      diagnostics: { lanes: [0, 1, 2, 3].map(() => ({ txBiasMa: 40, txPowerMw: dbm(1), rxPowerMw: dbm(-2) })) },
    });
    image[129] = 0xc0; // power class 4
    let sum = 0;
    for (let i = 128; i <= 190; i++) sum += image[i]!;
    image[191] = sum & 0xff;
    const emu = await emulator({ kind, image, module: { sff8636: { highPowerMs: 100 } } });
    const r = await readModule(await open(kind, emu.devicePath));
    expect(r.laser?.outcome).toBe('done');
    expect(r.laser?.writes).toEqual([{ page: 0, bank: 0, offset: 93, before: 0, written: 0x01, restored: true }]);
    expect(r.module.diagnostics?.lanes.map((l) => Math.round(l.txBiasMa))).toEqual([40, 40, 40, 40]);
    expect(emu.stats().nvmWrites).toBe(0);
  });
});

describe('Bus Pirate serial speed', () => {
  it('firmware 6.1 on a v3 leaves 115200 for 2 Mbaud (flashrom), reads without overrun, and close() returns it to 115200', async () => {
    const emu = await emulator({ kind: 'buspirate', image: dr4(), module: { cmis: TIMES } });
    const bus = await openProgrammer({ kind: 'buspirate', path: emu.devicePath, binding: osBinding() });
    expect(emu.stats().linkBaud).toBe(2_000_000);
    expect(bus.info.identity).toMatch(/Bus Pirate v3\.b, firmware v6\.1/);
    const r = await readModule(bus, { asIs: true });
    expect(r.module.standard).toBe('CMIS');
    expect(emu.stats().rxOverruns).toBe(0);
    await bus.close();
    expect(emu.stats().linkBaud).toBe(115_200);
  });

  it('firmware 5.4 has no raw-BRG menu: the link stays at 115200 and the read works', async () => {
    const emu = await emulator({ kind: 'buspirate', image: dr4(), firmware: 'v5.4 r900', module: { cmis: TIMES } });
    const bus = await open('buspirate', emu.devicePath);
    expect(emu.stats().linkBaud).toBe(115_200);
    const r = await readModule(bus, { asIs: true });
    expect(r.module.standard).toBe('CMIS');
  });

  it('a v4 (native USB) is not tuned and pipelines its batches', async () => {
    const emu = await emulator({ kind: 'buspirate', image: dr4(), hardware: 'v4', module: { cmis: TIMES } });
    const bus = await openProgrammer({ kind: 'buspirate', path: emu.devicePath, binding: osBinding() });
    cleanups.unshift(() => bus.close());
    expect(emu.stats().linkBaud).toBe(115_200);
    emu.resetStats();
    await readModule(bus, { asIs: true });
    // Pipelined batches: far fewer turnarounds than commands.
    expect(emu.stats().turnarounds).toBeLessThan(emu.stats().commands / 4);
  });
});
