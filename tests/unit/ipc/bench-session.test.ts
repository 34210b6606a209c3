// BenchSession's own rules, with the hardware replaced through its deps (habit 9): which reads
// it keeps, one master per serial port, clean close.
import { describe, expect, it } from 'vitest';
import type { LiveReading, ReadResult } from '../../../preload/contract/hardware';
import type { Evaluation } from '../../../preload/contract/limits';
import type { DecodedModule } from '../../../preload/contract/module';
import { BenchError } from '../../../main/errors';
import type { I2cBus } from '../../../main/hardware/drivers/i2c-bus';
import { BenchSession, type BenchSessionDeps, type ProgrammerChoice } from '../../../main/services/bench-session';

const module = { vendor: { name: 'ACME', serialNumber: 'S1' } } as unknown as DecodedModule;
const evaluation = { overall: 'pass' } as Evaluation;

function fakeDeps(log: string[]): BenchSessionDeps {
  let id = 0;
  return {
    openProgrammer: (choice: ProgrammerChoice) => {
      log.push(`open ${choice.kind}:${choice.path ?? choice.module ?? ''}`);
      const bus = {
        info: { kind: choice.kind, description: 'fake', path: choice.path ?? null },
        probe: () => Promise.resolve(true),
        close: () => {
          log.push(`close ${choice.kind}:${choice.path ?? choice.module ?? ''}`);
          return Promise.resolve();
        },
      } as unknown as I2cBus;
      return Promise.resolve(bus);
    },
    readModule: (bus) => Promise.resolve({ image: new Uint8Array([3, 4, 7]), module, programmer: bus.info, durationMs: 5, notes: [] } satisfies ReadResult),
    monitor: async function* (_bus, o) {
      while (!o.signal.aborted) {
        yield { timestamp: 0, temperatureC: 30, supplyVoltageV: 3.3, lanes: [], alarms: [], warnings: [] } satisfies LiveReading;
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    decode: () => module,
    evaluate: () => evaluation,
    parseImage: (c) => ({ bytes: c, format: 'raw' }),
    readFile: () => Promise.resolve(new Uint8Array([1, 2])),
    now: () => 1_700_000_000_000,
    newId: () => `id${++id}`,
    keepReads: 3,
  };
}

const usb = { kind: 'buspirate', path: '/dev/ttyUSB0' } as const;

describe('BenchSession', () => {
  it('keeps the newest reads only, so memory stays bounded over a day of reads', async () => {
    const s = new BenchSession(fakeDeps([]));
    for (let i = 0; i < 5; i++) await s.read({ programmer: { kind: 'sim' }, rxLightSource: false, readId: `r${i}` }, () => undefined);
    expect(() => s.getRead('r0')).toThrow(/no longer available/);
    expect(() => s.getRead('r1')).toThrow(/no longer available/);
    expect(s.getRead('r4').result.rawHex).toBe('030407');
  });

  it('closes the programmer after every read and probe', async () => {
    const log: string[] = [];
    const s = new BenchSession(fakeDeps(log));
    await s.probe(usb);
    await s.read({ programmer: usb, rxLightSource: true }, () => undefined);
    expect(log).toEqual(['open buspirate:/dev/ttyUSB0', 'close buspirate:/dev/ttyUSB0', 'open buspirate:/dev/ttyUSB0', 'close buspirate:/dev/ttyUSB0']);
  });

  it('stops a live monitor on the same serial port before reading (one master per programmer)', async () => {
    const log: string[] = [];
    const s = new BenchSession(fakeDeps(log));
    const first = await s.read({ programmer: usb, rxLightSource: false }, () => undefined);
    const ended: unknown[] = [];
    s.monitorStart({ readId: first.readId, rateHz: 10 }, { reading: () => undefined, ended: (e) => ended.push(e) });
    await new Promise((r) => setTimeout(r, 20));
    expect(s.activeMonitors).toBe(1);
    await s.read({ programmer: usb, rxLightSource: false }, () => undefined);
    expect(s.activeMonitors).toBe(0);
    expect(ended).toHaveLength(1);
    // The monitor's port was closed before the read opened it again.
    const lastOpen = log.lastIndexOf('open buspirate:/dev/ttyUSB0');
    expect(log.slice(lastOpen - 1, lastOpen + 1)).toEqual(['close buspirate:/dev/ttyUSB0', 'open buspirate:/dev/ttyUSB0']);
  });

  it('leaves a monitor on a simulated bench running during another simulated read (no shared port)', async () => {
    const s = new BenchSession(fakeDeps([]));
    const first = await s.read({ programmer: { kind: 'sim' }, rxLightSource: false }, () => undefined);
    s.monitorStart({ readId: first.readId, rateHz: 10 }, { reading: () => undefined, ended: () => undefined });
    await s.read({ programmer: { kind: 'sim' }, rxLightSource: false }, () => undefined);
    expect(s.activeMonitors).toBe(1);
    await s.close();
    expect(s.activeMonitors).toBe(0);
  });

  it('refuses new work after close (the app is quitting)', async () => {
    const s = new BenchSession(fakeDeps([]));
    await s.close();
    await expect(s.read({ programmer: { kind: 'sim' }, rxLightSource: false }, () => undefined)).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('reports a monitor that fails as ended with its coded error', async () => {
    const deps = fakeDeps([]);
    deps.monitor = async function* () {
      yield* [];
      throw new BenchError('PROGRAMMER_UNPLUGGED', 'The programmer was unplugged.');
    };
    const s = new BenchSession(deps);
    const first = await s.read({ programmer: usb, rxLightSource: false }, () => undefined);
    const ended = await new Promise((resolve) => s.monitorStart({ readId: first.readId, rateHz: 1 }, { reading: () => undefined, ended: resolve }));
    expect(ended).toMatchObject({ error: { code: 'PROGRAMMER_UNPLUGGED' } });
  });
});

// Issue 12: the cage is watched, and the screen shows the module in it or nothing. The watch and
// the reads of one port share one open programmer (a Bus Pirate costs most of a second to open).
describe('BenchSession cage watch', () => {
  async function simDeps(log: string[], modules: { current: Uint8Array | null }) {
    const { SimulatedBus } = await import('../../../main/hardware/drivers/simulated');
    const { decodeModule } = await import('../../../main/sff/index');
    const { readModule } = await import('../../../main/hardware/index');
    const deps = fakeDeps(log);
    const buses: InstanceType<typeof SimulatedBus>[] = [];
    deps.openProgrammer = (choice) => {
      log.push(`open ${choice.kind}:${choice.path ?? ''}`);
      const bus = new SimulatedBus({ image: modules.current, name: 'cage' });
      const close = bus.close.bind(bus);
      bus.close = async () => {
        log.push(`close ${choice.kind}:${choice.path ?? ''}`);
        await close();
      };
      buses.push(bus);
      return Promise.resolve(bus);
    };
    deps.readModule = (bus, o) => readModule(bus, { signal: o.signal, asIs: true });
    deps.decode = decodeModule;
    deps.watchIntervalMs = 5;
    deps.sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    return { deps, swap: (image: Uint8Array | null) => buses.forEach((b) => b.insert(image)) };
  }

  async function until<T>(get: () => T | undefined, what: string): Promise<T> {
    for (let i = 0; i < 2000; i++) {
      const v = get();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('hands the port to a soak: the watch closes it before releasePort resolves, waits while the soak runs, and looks again after', async () => {
    const { loadSimulatedModule } = await import('../../../main/hardware/sim-library');
    const good = (await loadSimulatedModule('good-10g-sr')).image;
    const log: string[] = [];
    const { deps } = await simDeps(log, { current: good });
    let soaking = false;
    deps.portBusy = () => soaking;
    const s = new BenchSession(deps);
    const events: Array<{ state: string; code: string | null }> = [];
    s.watchStart(usb, (e) => events.push({ state: e.state, code: e.error?.code ?? null }));
    await until(() => events.find((e) => e.state === 'seated'), 'seated');
    // Why: the soak opens the port itself, and a port still open here is PORT_BUSY for it.
    await s.releasePort(usb);
    expect(log[log.length - 1]).toBe('close buspirate:/dev/ttyUSB0');
    soaking = true;
    await until(() => events.find((e) => e.code === 'SOAK_RUNNING'), 'the watch saying a soak has the port');
    const opensDuringSoak = log.filter((l) => l.startsWith('open')).length;
    // Longer than the watch's pause, so it has seen the soak hold the port.
    await new Promise((r) => setTimeout(r, 700));
    expect(log.filter((l) => l.startsWith('open')).length).toBe(opensDuringSoak);
    soaking = false;
    await until(() => (events.filter((e) => e.state === 'seated').length >= 2 ? true : undefined), 'seated again after the soak');
    await s.close();
  });

  it('says seated with the serial, empty when pulled, and seated again with another serial when another module goes in', async () => {
    const { loadSimulatedModule } = await import('../../../main/hardware/sim-library');
    const good = (await loadSimulatedModule('good-10g-sr')).image;
    const other = (await loadSimulatedModule('qsfp28-sr4')).image;
    const log: string[] = [];
    const cage = { current: good as Uint8Array | null };
    const { deps, swap } = await simDeps(log, cage);
    const s = new BenchSession(deps);
    const events: Array<{ state: string; serial: string | null }> = [];
    s.watchStart(usb, (e) => events.push({ state: e.state, serial: e.module?.serial ?? null }));
    await until(() => events.find((e) => e.state === 'seated'), 'seated');
    swap(null);
    await until(() => events.find((e) => e.state === 'empty'), 'empty');
    swap(other);
    await until(() => events.filter((e) => e.state === 'seated')[1], 'the second module');
    expect(events.map((e) => e.state)).toEqual(['seated', 'empty', 'seated']);
    expect(events[0]?.serial).not.toBe(events[2]?.serial);
    await s.close();
    expect(log.filter((l) => l.startsWith('open'))).toHaveLength(1);
  });

  it('looks at an empty cage more often than at a seated module (a module pushed in is what the bench waits on)', async () => {
    const { loadSimulatedModule } = await import('../../../main/hardware/sim-library');
    const good = (await loadSimulatedModule('good-10g-sr')).image;
    const { deps, swap } = await simDeps([], { current: null });
    deps.watchIntervalMs = 40;
    deps.watchEmptyIntervalMs = 8;
    const waits: number[] = [];
    deps.sleep = (ms) => {
      waits.push(ms);
      return new Promise((r) => setTimeout(r, 1));
    };
    const s = new BenchSession(deps);
    const events: string[] = [];
    s.watchStart(usb, (e) => events.push(e.state));
    await until(() => events.find((e) => e === 'empty'), 'empty');
    await until(() => (waits.length >= 2 ? true : undefined), 'two looks');
    expect(waits.every((w) => w === 8)).toBe(true);
    swap(good);
    await until(() => events.find((e) => e === 'seated'), 'seated');
    const at = waits.length;
    await until(() => (waits.length >= at + 2 ? true : undefined), 'two looks at the module');
    expect(waits.slice(at)).toContain(40);
    expect(waits.slice(at).every((w) => w === 40)).toBe(true);
    await s.close();
  });

  it('a read during the watch uses the open programmer, and a stored read is stale once another module is seated', async () => {
    const { loadSimulatedModule } = await import('../../../main/hardware/sim-library');
    const good = (await loadSimulatedModule('good-10g-sr')).image;
    const weak = (await loadSimulatedModule('weak-tx')).image;
    const log: string[] = [];
    const { deps, swap } = await simDeps(log, { current: good });
    const s = new BenchSession(deps);
    const events: Array<{ state: string; serial: string | null }> = [];
    s.watchStart(usb, (e) => events.push({ state: e.state, serial: e.module?.serial ?? null }));
    await until(() => events.find((e) => e.state === 'seated'), 'seated');
    const read = await s.read({ programmer: usb, rxLightSource: true }, () => undefined);
    s.markStored(read.readId, 42);
    expect(s.staleness(42)).toMatchObject({ stale: false });
    // No second open for the read: the watch's programmer served it.
    expect(log.filter((l) => l.startsWith('open'))).toHaveLength(1);
    swap(weak);
    await until(() => events.filter((e) => e.state === 'seated')[1], 'the swap');
    expect(s.staleness(42)).toMatchObject({ stale: true });
    swap(null);
    await until(() => events.find((e) => e.state === 'empty'), 'empty');
    expect(s.staleness(42)).toEqual({ stale: true, now: null });
    // A run no read of this session made says nothing (it is attached from the case page).
    expect(s.staleness(7)).toBeNull();
    await s.close();
    expect(log.at(-1)).toBe('close buspirate:/dev/ttyUSB0');
  });

  it('a programmer that cannot be opened is said once, and the watch recovers when it can be', async () => {
    const log: string[] = [];
    const { deps } = await simDeps(log, { current: null });
    const open = deps.openProgrammer;
    let fail = true;
    deps.openProgrammer = (choice, signal) => (fail ? Promise.reject(new BenchError('PORT_BUSY', 'busy')) : open(choice, signal));
    const s = new BenchSession(deps);
    const events: Array<{ state: string; code: string | null }> = [];
    s.watchStart(usb, (e) => events.push({ state: e.state, code: e.error?.code ?? null }));
    await until(() => events.find((e) => e.state === 'error'), 'the error');
    fail = false;
    await until(() => events.find((e) => e.state === 'empty'), 'recovery');
    expect(events).toEqual([
      { state: 'error', code: 'PORT_BUSY' },
      { state: 'empty', code: null },
    ]);
    await s.close();
  });

  it('starting a watch ends the one before; stopping frees the port', async () => {
    const log: string[] = [];
    const { deps } = await simDeps(log, { current: null });
    const s = new BenchSession(deps);
    const a: string[] = [];
    const first = s.watchStart(usb, (e) => a.push(e.watchId));
    await until(() => a[0], 'first look');
    const second = s.watchStart({ kind: 'usbiss', path: '/dev/ttyACM0' }, () => undefined);
    expect(await s.watchStop(first.watchId)).toEqual({ stopped: false });
    expect(await s.watchStop(second.watchId)).toEqual({ stopped: true });
    await new Promise((r) => setTimeout(r, 20));
    expect(log.filter((l) => l.startsWith('open')).length).toBe(log.filter((l) => l.startsWith('close')).length);
  });
});
