import { describe, expect, it } from 'vitest';
import { liveBlock, monitorWith } from '../../../main/hardware/monitor';
import { SimulatedBus } from '../../../main/hardware/drivers/simulated';
import type { BusCallOptions, I2cOp } from '../../../main/hardware/drivers/i2c-bus';
import type { DecodedModule } from '../../../preload/contract/module';
import { BenchError } from '../../../main/errors';
import { makeQsfpImage, makeSfpImage } from './fake-devices';
import { buildCmisImage } from '../../../main/sff/cmis-builder';

// Stand-in decoder: temperature = A2h byte 96 (SFP) or lower byte 22 (QSFP), so a test can see
// that fresh bytes were patched into the image before decoding.
const decode = (img: Uint8Array): DecodedModule =>
  ({
    diagnostics: {
      temperatureC: img[0] === 0x03 ? (img[256 + 96] ?? 0) : (img[22] ?? 0),
      supplyVoltageV: 3.3,
      lanes: [{ txBiasMa: 6, txPowerMw: 0.5, txPowerDbm: -3, rxPowerMw: 0.4, rxPowerDbm: -4 }],
      flags: { alarms: [], warnings: [] },
    },
  }) as unknown as DecodedModule;

class CountingBus extends SimulatedBus {
  ops: I2cOp[] = [];
  override execute(ops: readonly I2cOp[], opts?: BusCallOptions): Promise<Uint8Array[]> {
    this.ops.push(...ops);
    return super.execute(ops, opts);
  }
}

describe('monitor', () => {
  it('re-reads only SFF-8472 A2h 96-117 in one transaction (coherent 16-bit values)', async () => {
    const image = makeSfpImage();
    const bus = new CountingBus({ image });
    const live = new Uint8Array(image);
    live[256 + 96] = 41;
    bus.insert(live);
    const got = [];
    for await (const r of monitorWith(bus, { rateHz: 10, image, decode, maxSamples: 3, sleep: async () => {} })) got.push(r);
    expect(got.map((r) => r.temperatureC)).toEqual([41, 41, 41]);
    expect(bus.ops).toEqual(Array(3).fill({ op: 'read', addr: 0x51, offset: 96, length: 22 }));
  });

  it('re-reads only the SFF-8636 lower page monitors 3-57', () => {
    expect(liveBlock(makeQsfpImage())).toEqual({ addr: 0x50, offset: 3, length: 55, imageOffset: 3 });
  });

  it('refuses a module without diagnostics (no A2h) instead of inventing readings', () => {
    expect(() => liveBlock(makeSfpImage({ ddm: false }))).toThrow(BenchError);
  });

  // A soak on a CMIS module would read lanes whose lasers the read has already switched back off.
  it('refuses a CMIS (paged) image with MODULE_UNSUPPORTED and says why, instead of streaming dark lanes', () => {
    let err: unknown;
    try {
      liveBlock(buildCmisImage({}));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BenchError);
    expect((err as BenchError).code).toBe('MODULE_UNSUPPORTED');
    expect((err as BenchError).message).toMatch(/CMIS/);
  });

  it('keeps the chosen period and refuses more than 10 samples a second', async () => {
    let now = 0;
    const waits: number[] = [];
    const opts = { image: makeSfpImage(), decode, now: () => now, sleep: async (ms: number): Promise<void> => {
        waits.push(ms);
        now += ms;
      },
    };
    for await (const _r of monitorWith(new SimulatedBus({ image: makeSfpImage() }), { ...opts, rateHz: 4, maxSamples: 3 })) now += 10;
    expect(waits).toEqual([240, 240]);
    const it11 = monitorWith(new SimulatedBus({ image: makeSfpImage() }), { ...opts, rateHz: 11 });
    await expect(it11.next()).rejects.toThrow(/to 10 per second/);
  });

  it('refuses a vanishing rate whose period no timer can honour (1e-9 Hz once sampled ~700 times a second)', async () => {
    const opts = { image: makeSfpImage(), decode, sleep: async (): Promise<void> => undefined };
    for (const rateHz of [1e-9, 0, -1, Number.NaN, 1 / 61]) {
      const it = monitorWith(new SimulatedBus({ image: makeSfpImage() }), { ...opts, rateHz });
      await expect(it.next()).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    // One sample a minute is the slowest rate, and it waits the full minute.
    const waits: number[] = [];
    let now = 0;
    const slow = { image: makeSfpImage(), decode, now: () => now, sleep: async (ms: number): Promise<void> => { waits.push(ms); now += ms; } };
    for await (const _r of monitorWith(new SimulatedBus({ image: makeSfpImage() }), { ...slow, rateHz: 1 / 60, maxSamples: 2 })) now += 0;
    expect(waits).toEqual([60_000]);
  });

  it('ends the stream quietly when the signal aborts (stopping a soak is not an error)', async () => {
    const ac = new AbortController();
    let n = 0;
    for await (const _r of monitorWith(new SimulatedBus({ image: makeSfpImage() }), { rateHz: 10, image: makeSfpImage(), decode, signal: ac.signal })) {
      if (++n === 2) ac.abort();
    }
    expect(n).toBe(2);
  });

  it('a module pulled out during the soak ends the stream with NO_MODULE', async () => {
    const bus = new SimulatedBus({ image: makeSfpImage() });
    const gen = monitorWith(bus, { rateHz: 10, image: makeSfpImage(), decode, sleep: async () => {} });
    await gen.next();
    bus.insert(null);
    await expect(gen.next()).rejects.toMatchObject({ code: 'NO_MODULE' });
  });
});
