import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chunkReads, readModuleWith } from '../../../main/hardware/module-reader';
import { SimulatedBus } from '../../../main/hardware/drivers/simulated';
import type { BusCallOptions, I2cBus, I2cOp } from '../../../main/hardware/drivers/i2c-bus';
import { BenchError } from '../../../main/errors';
import type { DecodedModule } from '../../../preload/contract/module';
import { makeSfpA0, makeSfpA2, sum } from './fake-devices';
import { buildCmisImage } from '../../../main/sff/cmis-builder';
import { decodeModule } from '../../../main/sff/index';

/** fast-check runs with a fixed seed in CI (printed in the test name); `npm run fuzz` explores. */
const PROPERTY_SEED = 20261205;

// The reader's logic does not depend on the decoder; a stand-in keeps these tests about reading.
const decode = (image: Uint8Array): DecodedModule => ({ standard: 'unknown', problems: [], imageLength: image.length }) as unknown as DecodedModule;

function sfpImage(opts: Parameters<typeof makeSfpA0>[0] = {}): Uint8Array {
  const a0 = makeSfpA0(opts);
  if (opts.ddm === false) return a0;
  const img = new Uint8Array(512);
  img.set(a0, 0);
  img.set(makeSfpA2(), 256);
  return img;
}

function qsfpImage(flat = false): Uint8Array {
  const img = new Uint8Array(640);
  img[0] = 0x11;
  img[2] = flat ? 0x04 : 0x00;
  img[128] = 0x11;
  img.set(Buffer.from('QSFP VENDOR     ', 'ascii'), 148);
  img[191] = sum(img, 128, 190);
  img[223] = sum(img, 192, 222);
  img[512] = 0x4b; // page 03h: temperature high alarm MSB
  return flat ? img.subarray(0, 256) : img;
}

/** Wraps a bus, recording batches and injecting faults. */
class SpyBus implements I2cBus {
  batches: I2cOp[][] = [];
  recovers = 0;
  constructor(
    private readonly inner: I2cBus,
    private readonly fault: (batchIndex: number, ops: readonly I2cOp[], result: Uint8Array[]) => void = () => {},
  ) {}
  get info() {
    return this.inner.info;
  }
  async execute(ops: readonly I2cOp[], opts?: BusCallOptions): Promise<Uint8Array[]> {
    this.batches.push([...ops]);
    const r = await this.inner.execute(ops, opts);
    this.fault(this.batches.length - 1, ops, r);
    return r;
  }
  writeThenRead = (a: number, w: Uint8Array, n: number) => this.inner.writeThenRead(a, w, n);
  readMany = (r: { addr: number; offset: number; length: number }[]) => this.inner.readMany(r);
  selectPage = (a: number, p: number) => this.inner.selectPage(a, p);
  probe = (a: number) => this.inner.probe(a);
  get maxSpeedKhz() {
    return this.inner.maxSpeedKhz;
  }
  setSpeed = (k: number) => this.inner.setSpeed(k);
  recover = async () => {
    this.recovers++;
  };
  close = () => this.inner.close();
}

const reads = (b: I2cOp[][]) => b.flat().filter((o): o is Extract<I2cOp, { op: 'read' }> => o.op === 'read');

describe('chunkReads', () => {
  it(`never crosses a 128-byte boundary and covers the range exactly, for any range and chunk size (seed ${PROPERTY_SEED})`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 256 }), fc.integer({ min: 1, max: 128 }), (start, len, size) => {
        const end = Math.min(256, start + len);
        const parts = chunkReads(0x50, start, end, size);
        let at = start;
        for (const p of parts) {
          expect(p.offset).toBe(at);
          expect(p.length).toBeLessThanOrEqual(size);
          expect(Math.floor(p.offset / 128)).toBe(Math.floor((p.offset + p.length - 1) / 128));
          at += p.length;
        }
        expect(at).toBe(end);
      }),
      { seed: PROPERTY_SEED },
    );
  });
});

describe('readModuleWith', () => {
  it('reads SFP A0h and A2h (DDM implemented) into the 512-byte ethtool layout', async () => {
    const img = sfpImage();
    const bus = new SpyBus(new SimulatedBus({ image: img }));
    const r = await readModuleWith(bus, { decode });
    expect([...r.image]).toEqual([...img]);
    expect(reads(bus.batches).every((o) => Math.floor(o.offset / 128) === Math.floor((o.offset + o.length - 1) / 128))).toBe(true);
    expect(r.notes).toEqual([]);
  });

  it('does not touch A2h when A0h byte 92 says diagnostics are not implemented', async () => {
    const bus = new SpyBus(new SimulatedBus({ image: sfpImage({ ddm: false }) }));
    const r = await readModuleWith(bus, { decode });
    expect(r.image.length).toBe(256);
    expect(reads(bus.batches).some((o) => o.addr === 0x51)).toBe(false);
  });

  it('reports "address change required" instead of guessing at A2h', async () => {
    const bus = new SpyBus(new SimulatedBus({ image: sfpImage({ addressChange: true }) }));
    const r = await readModuleWith(bus, { decode });
    expect(r.image.length).toBe(256);
    expect(r.notes.map((n) => n.code)).toContain('ADDRESS_CHANGE_REQUIRED');
    expect(reads(bus.batches).some((o) => o.addr === 0x51)).toBe(false);
  });

  it('reads QSFP lower page, page 00h and page 03h through verified page selects, and leaves page 00h selected', async () => {
    const img = qsfpImage();
    const bus = new SpyBus(new SimulatedBus({ image: img }));
    const r = await readModuleWith(bus, { decode });
    expect(r.image.length).toBe(640);
    expect([...r.image.subarray(0, 256)]).toEqual([...img.subarray(0, 256)]);
    expect(r.image[512]).toBe(0x4b);
    const writes = bus.batches.flat().filter((o) => o.op === 'write');
    expect(writes.map((w) => (w.op === 'write' ? [w.offset, ...w.data] : []))).toEqual([[127, 0], [127, 3], [127, 0]]);
  });

  it('reads only page 00h of a flat-memory QSFP', async () => {
    const bus = new SpyBus(new SimulatedBus({ image: qsfpImage(true) }));
    const r = await readModuleWith(bus, { decode });
    expect(r.image.length).toBe(256);
    expect(bus.batches.flat().some((o) => o.op === 'write' && o.data[0] === 3)).toBe(false);
  });

  it('a stored checksum that is really wrong is a complete read, confirmed by a second read', async () => {
    const bus = new SpyBus(new SimulatedBus({ image: sfpImage({ badBase: true }) }));
    const r = await readModuleWith(bus, { decode });
    expect(r.image.length).toBe(512);
    expect(r.notes.map((n) => n.code)).toEqual(['CHECKSUM_CONFIRMED']);
    expect(r.notes[0]?.offset).toBe(63);
  });

  it('a checksum failure from a corrupted transfer is cured by the second read', async () => {
    const img = sfpImage();
    // First batch (identify) returns one flipped byte, as noise on the line would.
    const bus = new SpyBus(new SimulatedBus({ image: img }), (i, _ops, res) => {
      const first = res[0];
      if (i === 0 && first) first[20] = (first[20] ?? 0) ^ 0x01;
    });
    const r = await readModuleWith(bus, { decode });
    expect([...r.image]).toEqual([...img]);
    expect(r.notes.map((n) => n.code)).toEqual(['TRANSFER_ERROR_CORRECTED']);
  });

  it('retries a transfer error a bounded number of times, then fails with READ_FAILED', async () => {
    let calls = 0;
    const bus = new SpyBus(new SimulatedBus({ image: sfpImage() }), () => {
      calls++;
      throw new BenchError('READ_FAILED', 'garbage');
    });
    const e = await readModuleWith(bus, { decode, retries: 2 }).catch((x: unknown) => x);
    expect((e as BenchError).code).toBe('READ_FAILED');
    expect(calls).toBe(3);
    expect(bus.recovers).toBe(2);
  });

  it('gives NO_MODULE for an empty socket after a few spaced retries, quickly', async () => {
    const started = Date.now();
    const e = await readModuleWith(new SimulatedBus({ image: null }), { decode }).catch((x: unknown) => x);
    expect((e as BenchError).code).toBe('NO_MODULE');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('cancels with CANCELLED when the signal aborts mid-read', async () => {
    const ac = new AbortController();
    const bus = new SimulatedBus({ image: sfpImage(), realisticDelay: true });
    const p = readModuleWith(bus, { decode, signal: ac.signal, onProgress: (pr) => pr.phase === 'A0h' && ac.abort() });
    const e = await p.catch((x: unknown) => x);
    expect((e as BenchError).code).toBe('CANCELLED');
  });

  it('reports progress up to the planned total', async () => {
    const seen: string[] = [];
    let last = { bytesRead: 0, bytesTotal: 0 };
    await readModuleWith(new SimulatedBus({ image: sfpImage() }), { decode, onProgress: (p) => (seen.push(p.phase), (last = p)) });
    expect(seen[0]).toBe('identify');
    expect(seen.at(-1)).toBe('done');
    expect(last.bytesRead).toBe(512);
    expect(last.bytesTotal).toBe(512);
  });

  it('refuses an unknown identifier with MODULE_UNSUPPORTED', async () => {
    const img = sfpImage();
    img[0] = 0x42;
    const e = await readModuleWith(new SimulatedBus({ image: img }), { decode }).catch((x: unknown) => x);
    expect((e as BenchError).code).toBe('MODULE_UNSUPPORTED');
  });
});

describe('readModuleWith on a simulated CMIS module', () => {
  const cmis = (): Uint8Array => buildCmisImage({ lanes: [0, 1, 2, 3].map(() => ({ txBiasMa: 50, txPowerMw: 1, rxPowerMw: 0.8 })) });
  const fast = { powerUpMs: 30, dataPathInitMs: 20, txTurnOnMs: 10, powerDownMs: 10, dataPathDeinitMs: 10, txTurnOffMs: 10 };
  const byte26 = async (bus: I2cBus): Promise<number> => (await bus.execute([{ op: 'read', addr: 0x50, offset: 26, length: 1 }]))[0]![0]!;

  // A technician may want the module exactly as it came back: the read must then write nothing but page selects.
  it('as is: the only writes are the bank and page selects (bytes 126-127), and the outcome says so', async () => {
    const bus = new SpyBus(new SimulatedBus({ image: cmis(), behaviour: fast }));
    const r = await readModuleWith(bus, { decode: decodeModule, asIs: true });
    const writes = bus.batches.flat().filter((o): o is Extract<I2cOp, { op: 'write' }> => o.op === 'write');
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.every((w) => w.offset === 126 || w.offset === 127)).toBe(true);
    expect(r.laser).toMatchObject({ outcome: 'as-is', writes: [] });
  });

  // Cancelling must never leave a module powered up with its lasers on in the technician's hand.
  it('cancelled during the bring-up (after low power was released): CANCELLED, and byte 26 is back to what it was', async () => {
    const sim = new SimulatedBus({ image: cmis(), behaviour: fast });
    const before = await byte26(sim);
    const ac = new AbortController();
    const seen: string[] = [];
    const onProgress = (p: { phase: string; message: string }): void => {
      seen.push(p.message);
      if (p.phase === 'bring-up' && p.message.startsWith('configuring application')) ac.abort();
    };
    const e = await readModuleWith(sim, { decode: decodeModule, signal: ac.signal, onProgress }).catch((x: unknown) => x);
    expect(seen.some((m) => m.startsWith('releasing low power'))).toBe(true);
    expect((e as BenchError).code).toBe('CANCELLED');
    expect(await byte26(sim)).toBe(before);
  });

  it('a full read brings the module up, records each control write as restored, and causes no EEPROM write', async () => {
    const sim = new SimulatedBus({ image: cmis(), behaviour: fast });
    const before = await byte26(sim);
    const r = await readModuleWith(sim, { decode: decodeModule });
    expect(r.laser?.outcome).toBe('done');
    expect(r.laser?.writes.length).toBeGreaterThan(0);
    expect(r.laser?.writes.every((w) => w.restored)).toBe(true);
    expect(r.module.diagnostics?.lanes.every((l) => l.dataPathActive)).toBe(true);
    expect(await byte26(sim)).toBe(before);
    expect(sim.nvmWrites).toBe(0);
  });
});
