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
