// The bench's live monitor (issue 12 item 10) through the real drivers over real pseudo-terminals
// against the independent emulators, as the bench runs it: the cage watch looking at the same port
// between samples, a CMIS module brought up for the monitor and put back (low power, page 10h
// defaults, no EEPROM write) however the monitor ends: stopped, a read on the port, the port
// handed to a soak, the app quitting.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../support/emulators';
import { monitor, openProgrammer, osBinding, readModule } from '../../../main/hardware/index';
import { checkMonitorable } from '../../../main/hardware/monitor';
import { BenchSession, type ProgrammerChoice } from '../../../main/services/bench-session';
import { decodeModule } from '../../../main/sff/index';
import { parseImage } from '../../../main/sff/image-text';
import { evaluateModule } from '../../../main/limits/evaluate';
import { loadLimitLibrary } from '../../../main/limits/library';
import type { MonitorEndedEvent, PresenceEvent } from '../../../preload/contract/api';
import type { LiveReading } from '../../../preload/contract/hardware';

const MODULES = new URL('../../../resources/modules/', import.meta.url);
const image = (name: string): Uint8Array => parseImage(readFileSync(new URL(`${name}.hex`, MODULES))).bytes;
const profiles = loadLimitLibrary(new URL('../../../resources/limits/', import.meta.url).pathname);
// Short but advertised-consistent CMIS times (modeled ms), as in cmis-bring-up.test.ts.
const TIMES = { powerUpMs: 150, dpInitMs: 80, txOnMs: 40, powerDownMs: 40, dpDeinitMs: 20, txOffMs: 20 };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.().catch(() => undefined);
});

function session(): BenchSession {
  const s = new BenchSession({
    openProgrammer: (choice, signal) => openProgrammer({ kind: choice.kind, path: choice.path, binding: osBinding(), signal, busPirate: { linkSpeed: 115200 } }),
    readModule: (bus, o) => readModule(bus, { signal: o.signal, onProgress: o.onProgress, asIs: o.asIs ?? false }),
    monitor: (bus, o) => monitor(bus, o),
    checkMonitorable,
    decode: decodeModule,
    evaluate: (module, setup) => evaluateModule(module, { profiles, setup: { rxLightSource: setup.rxLightSource, imageSource: setup.imageSource }, at: setup.at }),
    parseImage: (b) => parseImage(b),
    readFile: () => Promise.reject(new Error('no files here')),
    now: Date.now,
    newId: randomUUID,
  });
  cleanups.push(() => s.close());
  return s;
}

async function emulator(kind: 'buspirate' | 'usbiss', img: Uint8Array): Promise<EmulatorHandle> {
  const emu = await startEmulator({ kind, image: img, moduleReadyMs: 0, module: { cmis: TIMES }, ...(kind === 'buspirate' ? { initialState: 'terminal' as const } : {}) });
  cleanups.push(() => emu.close());
  return emu;
}

/** A started monitor: its readings as they come and a promise of its end. */
function startMonitor(s: BenchSession, readId: string): { readings: LiveReading[]; ended: Promise<MonitorEndedEvent>; monitorId: string } {
  const readings: LiveReading[] = [];
  let done!: (e: MonitorEndedEvent) => void;
  const ended = new Promise<MonitorEndedEvent>((r) => (done = r));
  const { monitorId } = s.monitorStart({ readId, rateHz: 5 }, { reading: (e) => readings.push(e.reading), ended: (e) => done(e) });
  return { readings, ended, monitorId };
}

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The module as a read leaves it: ModuleLowPwr, byte 26 and page 10h's controls at their defaults, no EEPROM write. */
function asAReadLeavesIt(emu: EmulatorHandle, byte26: number): void {
  const m = emu.cmis()!;
  expect(m.state).toBe(1);
  expect(m.control(null, 0, 26)).toBe(byte26);
  expect(m.control(0x10, 0, 128)).toBe(0x00);
  expect(m.control(0x10, 0, 130)).toBe(0x00);
  expect(emu.stats().nvmWrites).toBe(0);
}

describe('the live monitor of a CMIS module, beside the cage watch', () => {
  it('Bus Pirate, QSFP-DD 400G-DR4: held up while it runs (four lit lanes), put back when stopped', async () => {
    // Why: CMIS monitoring was refused; the monitor must show lit lanes and leave the module as a read does.
    const emu = await emulator('buspirate', image('qsfpdd-400g-dr4'));
    const byte26 = emu.cmis()!.control(null, 0, 26);
    const s = session();
    const choice: ProgrammerChoice = { kind: 'buspirate', path: emu.devicePath };
    const cage: PresenceEvent[] = [];
    s.watchStart(choice, (e) => cage.push(e));
    await until('the cage watch to see the module', () => cage.some((e) => e.state === 'seated'));
    const read = await s.read({ programmer: choice, rxLightSource: true }, () => undefined);
    expect(read.module.diagnostics!.lanes).toHaveLength(4);
    asAReadLeavesIt(emu, byte26);

    const m = startMonitor(s, read.readId);
    await until('three readings', () => m.readings.length >= 3);
    expect(emu.cmis()!.state).toBe(3);
    for (const r of m.readings) {
      expect(r.lanes).toHaveLength(4);
      expect(r.lanes.every((l) => l.txBiasMa > 1 && (l.txPowerDbm ?? -40) > -5)).toBe(true);
    }
    // The watch kept looking meanwhile and saw the same module (no pull, no change invented).
    expect(cage.filter((e) => e.state !== 'seated')).toEqual([]);
    expect(await s.monitorStop(m.monitorId)).toEqual({ stopped: true });
    expect((await m.ended).error).toBeNull();
    asAReadLeavesIt(emu, byte26);
  }, 60_000);

  it('USB-ISS, OSFP 800G-DR8: a read on the same port stops the monitor first; the read and the module are as without it', async () => {
    // Why: the port handed to a read must not leave the module held, and the read must not see the monitor's page selects.
    const emu = await emulator('usbiss', image('osfp-800g-dr8'));
    const byte26 = emu.cmis()!.control(null, 0, 26);
    const s = session();
    const choice: ProgrammerChoice = { kind: 'usbiss', path: emu.devicePath };
    const first = await s.read({ programmer: choice, rxLightSource: true }, () => undefined);
    const m = startMonitor(s, first.readId);
    await until('two readings', () => m.readings.length >= 2);
    expect(m.readings[0]!.lanes).toHaveLength(8);
    const second = await s.read({ programmer: choice, rxLightSource: true }, () => undefined);
    expect((await m.ended).error).toBeNull();
    expect(s.activeMonitors).toBe(0);
    expect(second.module.cmis!.moduleState.name).toBe('ModuleReady');
    expect(second.module.diagnostics!.lanes.every((l) => l.txBiasMa > 1)).toBe(true);
    asAReadLeavesIt(emu, byte26);
  }, 60_000);

  it('the port handed to a soak, and the app quitting, each put the module back before they return', async () => {
    // Why: releasePort (a soak about to open the port) and close() (app quit) end monitors too.
    const emu = await emulator('usbiss', image('qsfpdd-400g-dr4'));
    const byte26 = emu.cmis()!.control(null, 0, 26);
    const s = session();
    const choice: ProgrammerChoice = { kind: 'usbiss', path: emu.devicePath };
    const read = await s.read({ programmer: choice, rxLightSource: true }, () => undefined);
    const a = startMonitor(s, read.readId);
    await until('a reading', () => a.readings.length >= 1);
    await s.releasePort(choice);
    expect(s.activeMonitors).toBe(0);
    asAReadLeavesIt(emu, byte26);
    const b = startMonitor(s, read.readId);
    await until('a reading', () => b.readings.length >= 1);
    expect(emu.cmis()!.state).toBe(3);
    await s.close();
    expect((await b.ended).error).toBeNull();
    asAReadLeavesIt(emu, byte26);
  }, 60_000);

  it('signing out stands the bench down: the monitor ends, the module is put back, the watch lets the port go', async () => {
    // Why: the page's own stop is refused once nobody is signed in; a CMIS module must not stay up for nobody.
    const emu = await emulator('usbiss', image('qsfpdd-400g-dr4'));
    const byte26 = emu.cmis()!.control(null, 0, 26);
    const s = session();
    const choice: ProgrammerChoice = { kind: 'usbiss', path: emu.devicePath };
    const cage: PresenceEvent[] = [];
    s.watchStart(choice, (e) => cage.push(e));
    const read = await s.read({ programmer: choice, rxLightSource: true }, () => undefined);
    const m = startMonitor(s, read.readId);
    await until('a reading', () => m.readings.length >= 1);
    await s.standDown();
    expect((await m.ended).error).toBeNull();
    asAReadLeavesIt(emu, byte26);
    // The port is free: another program (the command line) can open it now.
    const other = await openProgrammer({ kind: 'usbiss', path: emu.devicePath, binding: osBinding() });
    await other.close();
  }, 60_000);

  it('a copper SFP read from the programmer is refused with what it lacks, before its port is touched', async () => {
    // Why: the copper SFP was told it needed "a module read from a programmer, not a file".
    const emu = await emulator('usbiss', image('copper-no-ddm'));
    const s = session();
    const read = await s.read({ programmer: { kind: 'usbiss', path: emu.devicePath }, rxLightSource: true }, () => undefined);
    emu.resetStats();
    expect(() => s.monitorStart({ readId: read.readId, rateHz: 1 }, { reading: () => undefined, ended: () => undefined })).toThrow(
      expect.objectContaining({ code: 'MODULE_UNSUPPORTED', details: { reason: 'no-ddm' } }),
    );
    expect(emu.stats().bytesToHost).toBe(0);
  }, 60_000);
});
