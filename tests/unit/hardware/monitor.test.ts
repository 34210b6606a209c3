import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkMonitorable, monitorWith } from '../../../main/hardware/monitor';
import { SimulatedBus } from '../../../main/hardware/drivers/simulated';
import type { BusCallOptions, I2cOp } from '../../../main/hardware/drivers/i2c-bus';
import { loadSimulatedSocket } from '../../../main/hardware/sim-library';
import { buildCmisImage } from '../../../main/sff/cmis-builder';
import { parseImage } from '../../../main/sff/image-text';
import { decodeModule } from '../../../main/sff/index';
import { liveMonitorUnavailable, monitorUnavailableFor } from '../../../preload/contract/live-monitor';
import type { LiveReading } from '../../../preload/contract/hardware';
import { makeQsfpImage, makeSfpImage } from './fake-devices';
import { requireVectors, vectorBytes } from '../sff/vectors';

const MODULES = new URL('../../../resources/modules/', import.meta.url);
const library = (name: string): Uint8Array => parseImage(readFileSync(new URL(`${name}.hex`, MODULES))).bytes;
const decode = decodeModule;
const noWait = async (): Promise<void> => undefined;

class CountingBus extends SimulatedBus {
  batches: I2cOp[][] = [];
  override execute(ops: readonly I2cOp[], opts?: BusCallOptions): Promise<Uint8Array[]> {
    this.batches.push([...ops]);
    return super.execute(ops, opts);
  }
}

/** The lower page's byte 3 as the module shows it now: bits 3-1 are the CMIS module state. */
async function cmisState(bus: SimulatedBus): Promise<number> {
  const [b] = await bus.execute([{ op: 'read', addr: 0x50, offset: 3, length: 1 }]);
  return ((b?.[0] ?? 0) >> 1) & 0x07;
}

async function collect(gen: AsyncGenerator<LiveReading, void, void>): Promise<LiveReading[]> {
  const out: LiveReading[] = [];
  for await (const r of gen) out.push(r);
  return out;
}

describe('live monitor: SFF-8472 and SFF-8636', () => {
  it('an SFP: only A2h 96-117, one transaction a sample, decoded with the fresh bytes', async () => {
    // Why: every 16-bit value must be coherent (SFF-8472 4.1) and the reading must be the module's now, not the read's.
    const image = makeSfpImage();
    const bus = new CountingBus({ image });
    const live = new Uint8Array(image);
    live[256 + 96] = 41;
    bus.insert(live);
    const got = await collect(monitorWith(bus, { rateHz: 10, image, decode, maxSamples: 3, sleep: noWait }));
    expect(got.map((r) => r.temperatureC)).toEqual([41, 41, 41]);
    expect(bus.batches).toEqual(Array(3).fill([{ op: 'read', addr: 0x51, offset: 96, length: 22 }]));
  });

  it('an SFF-8636 module is read again (held up when it needs it), then sampled from lower 2-57 alone', async () => {
    // Why: a power class 4 QSFP28 has its lasers off once a read has put byte 93 back; the monitor must hold it up like a soak.
    const image = library('qsfp28-lr4-class4');
    const bus = new CountingBus({ image });
    const lasers: string[] = [];
    const got = await collect(monitorWith(bus, { rateHz: 10, image, decode, maxSamples: 2, sleep: noWait, onLasers: (what) => lasers.push(what) }));
    expect(got[0]!.lanes).toHaveLength(4);
    expect(got.every((r) => r.lanes.every((l) => l.txBiasMa > 0))).toBe(true);
    // Before the samples the read, after them the release: byte 93 as the module had it.
    const samples = bus.batches.filter((b) => b.length === 1 && b[0]!.op === 'read' && b[0]!.offset === 2 && b[0]!.length === 56);
    expect(samples).toEqual(Array(2).fill([{ op: 'read', addr: 0x50, offset: 2, length: 56 }]));
    expect(lasers).toEqual(['held', 'released']);
    const [b93] = await bus.execute([{ op: 'read', addr: 0x50, offset: 93, length: 1 }]);
    expect(b93![0]).toBe(image[93]);
  });

  it('the stream ends quietly when the signal aborts (stopping the monitor is not an error)', async () => {
    const ac = new AbortController();
    let n = 0;
    for await (const _r of monitorWith(new SimulatedBus({ image: makeSfpImage() }), { rateHz: 10, image: makeSfpImage(), decode, signal: ac.signal })) {
      if (++n === 2) ac.abort();
    }
    expect(n).toBe(2);
  });

  it('a module pulled out while monitored ends the stream with NO_MODULE', async () => {
    const bus = new SimulatedBus({ image: makeSfpImage() });
    const gen = monitorWith(bus, { rateHz: 10, image: makeSfpImage(), decode, sleep: noWait });
    await gen.next();
    bus.insert(null);
    await expect(gen.next()).rejects.toMatchObject({ code: 'NO_MODULE' });
  });

  it('keeps the chosen period and refuses more than 10 samples a second', async () => {
    let now = 0;
    const waits: number[] = [];
    const opts = {
      image: makeSfpImage(),
      decode,
      now: () => now,
      sleep: async (ms: number): Promise<void> => {
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
    const opts = { image: makeSfpImage(), decode, sleep: noWait };
    for (const rateHz of [1e-9, 0, -1, Number.NaN, 1 / 61]) {
      const it = monitorWith(new SimulatedBus({ image: makeSfpImage() }), { ...opts, rateHz });
      await expect(it.next()).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    const waits: number[] = [];
    let now = 0;
    const slow = { image: makeSfpImage(), decode, now: () => now, sleep: async (ms: number): Promise<void> => { waits.push(ms); now += ms; } };
    for await (const _r of monitorWith(new SimulatedBus({ image: makeSfpImage() }), { ...slow, rateHz: 1 / 60, maxSamples: 2 })) now += 0;
    expect(waits).toEqual([60_000]);
  });
});

describe('live monitor: CMIS', () => {
  it('an 800G OSFP is brought up, eight lit lanes sampled from page 11h with the select in every sample, and put back in low power at the end', async () => {
    // Why: CMIS monitoring was refused (lasers up only for a read); the cage watch selects page 00h between samples.
    const { image, behaviour } = await loadSimulatedSocket('osfp-800g-dr8');
    const bus = new CountingBus({ image: image!, behaviour });
    expect(await cmisState(bus)).toBe(1);
    const lasers: string[] = [];
    const got = await collect(monitorWith(bus, { rateHz: 10, image: image!, decode, maxSamples: 3, sleep: noWait, onLasers: (w) => lasers.push(w) }));
    expect(got).toHaveLength(3);
    expect(got[0]!.lanes).toHaveLength(8);
    expect(got.every((r) => r.lanes.every((l) => l.txBiasMa > 1 && l.txPowerDbm !== null && l.txPowerDbm > -10))).toBe(true);
    const samples = bus.batches.filter((b) => b.some((op) => op.op === 'read' && op.offset === 128 && op.length === 74));
    expect(samples).toHaveLength(3);
    // Page 11h of bank 0 selected, then lower 3-17, the select bytes and 11h 128-201 read, in one transaction.
    expect(samples[0]).toEqual([
      { op: 'read', addr: 0x50, offset: 3, length: 15 },
      { op: 'write', addr: 0x50, offset: 126, data: Uint8Array.of(0, 0x11) },
      { op: 'read', addr: 0x50, offset: 126, length: 2 },
      { op: 'read', addr: 0x50, offset: 128, length: 74, continues: true },
    ]);
    expect(lasers).toEqual(['held', 'released']);
    expect(await cmisState(bus)).toBe(1);
  });

  it('a cancel part-way puts the module back as a read leaves it', async () => {
    // Why: stop, cancel, the page gone and a hand-over all abort the same signal; none may leave the lasers up.
    const { image, behaviour } = await loadSimulatedSocket('qsfpdd-400g-dr4');
    const bus = new SimulatedBus({ image: image!, behaviour });
    const ac = new AbortController();
    let n = 0;
    for await (const r of monitorWith(bus, { rateHz: 10, image: image!, decode, signal: ac.signal })) {
      expect(r.lanes.every((l) => l.txBiasMa > 1)).toBe(true);
      expect(await cmisState(bus)).toBe(3);
      if (++n === 2) ac.abort();
    }
    expect(await cmisState(bus)).toBe(1);
  });

  it('a module that resets while monitored is brought up again, and the reset itself is not plotted', async () => {
    // Why: a held module back at its power-on controls would otherwise be plotted dark until the monitor is restarted.
    const { image, behaviour } = await loadSimulatedSocket('qsfpdd-400g-dr4');
    const bus = new SimulatedBus({ image: image!, behaviour });
    const lasers: string[] = [];
    const got: LiveReading[] = [];
    for await (const r of monitorWith(bus, { rateHz: 10, image: image!, decode, maxSamples: 4, sleep: noWait, onLasers: (w) => lasers.push(w) })) {
      got.push(r);
      // A power cycle: the module is seated anew, in ModuleLowPwr with its default controls.
      if (got.length === 2) bus.insert(image!, behaviour);
    }
    expect(got.every((r) => r.lanes.every((l) => l.txBiasMa > 1))).toBe(true);
    expect(lasers).toEqual(['held', 'lost', 'held', 'released']);
    expect(await cmisState(bus)).toBe(1);
  });

  it('another module in the cage than the one read: MODULE_CHANGED, and nothing left held', async () => {
    // Why: a monitor started on a stale result must not plot another module's values under the first one's serial.
    const { image, behaviour } = await loadSimulatedSocket('qsfpdd-400g-dr4');
    const other = await loadSimulatedSocket('osfp-800g-dr8');
    const bus = new SimulatedBus({ image: other.image!, behaviour: other.behaviour });
    await expect(collect(monitorWith(bus, { rateHz: 10, image: image!, decode, maxSamples: 1, sleep: noWait }))).rejects.toMatchObject({ code: 'MODULE_CHANGED' });
    expect(await cmisState(bus)).toBe(1);
    void behaviour;
  });
});

describe('a module with nothing live to show is refused with what it lacks', () => {
  const reason = (img: Uint8Array): string | null => liveMonitorUnavailable(decodeModule(img));

  it('names the missing SFF-8472 diagnostics of the library copper DAC, not "a file"', () => {
    // Why: the copper SFP read from the programmer was told it needed "a module read from a programmer".
    expect(reason(library('copper-no-ddm'))).toBe('no-ddm');
    expect(monitorUnavailableFor({ source: 'programmer', module: decodeModule(library('copper-no-ddm')) })).toBe('no-ddm');
    expect(monitorUnavailableFor({ source: 'file', module: decodeModule(library('good-10g-sr')) })).toBe('file');
  });

  it('an SFP behind an address-change sequence, a QSFP declaring no monitors, a flat CMIS cable', () => {
    expect(reason(makeSfpImage({ addressChange: true }))).toBe('address-change');
    // A passive copper QSFP (byte 147 technology Ah) with byte 220 = 0 and no values: nothing implemented.
    const dac = makeQsfpImage(true);
    dac.fill(0, 22, 28);
    dac[147] = 0xa0;
    expect(reason(dac)).toBe('no-monitors');
    expect(reason(buildCmisImage({ flatMemory: true }))).toBe('flat-memory');
  });

  it('the ONL module images (../shared/vectors): copper SFPs lack diagnostics, flat CMIS cables have no lane monitors, copper QSFPs are refused only when they declare no monitor, optics and AOCs are offered', () => {
    // Why: real modules from other vendors, not only this project's library; a copper DAC is the case.
    const seen = new Set<string>();
    for (const entry of readdirSync(`${requireVectors()}onl-sff-db/entries`)) {
      const m = decodeModule(vectorBytes(`onl-sff-db/entries/${entry}/dump.hex`));
      const media = m.declarations?.media;
      const why = liveMonitorUnavailable(m);
      // A copper QSFP may still declare temperature and supply monitors (byte 220): it is offered then.
      const declared = Object.values(m.declarations?.monitors ?? {}).some(Boolean);
      const copper = m.standard === 'SFF-8472' ? 'no-ddm' : m.standard === 'CMIS' && m.declarations?.flatMemory ? 'flat-memory' : declared ? null : 'no-monitors';
      if (media === 'passive-copper') expect([entry, why]).toEqual([entry, copper]);
      else if (m.standard === 'SFF-8636') expect([entry, why]).toEqual([entry, null]);
      seen.add(`${m.standard} ${media} ${why}`);
    }
    expect(seen).toContain('SFF-8472 passive-copper no-ddm');
    expect(seen).toContain('SFF-8636 passive-copper no-monitors');
    expect(seen).toContain('SFF-8636 passive-copper null');
    expect(seen).toContain('CMIS passive-copper flat-memory');
    expect(seen).toContain('SFF-8636 active-optical-cable null');
  });

  it('every library module a programmer can read and that has monitors is offered', () => {
    for (const name of ['good-10g-sr', 'weak-tx', 'external-cal', 'qsfp28-sr4', 'qsfp28-lr4-class4', 'qsfpdd-400g-dr4', 'osfp-800g-dr8', 'qsfp112-100g-fr1', 'qsfpdd-400g-fr4-dead-lane']) {
      expect([name, reason(library(name))]).toEqual([name, null]);
    }
  });

  it('the monitor itself refuses before touching the bus, with the reason in the details', async () => {
    const bus = new CountingBus({ image: library('copper-no-ddm') });
    const err = await monitorWith(bus, { rateHz: 1, image: library('copper-no-ddm'), decode }).next().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'MODULE_UNSUPPORTED', details: { reason: 'no-ddm' } });
    expect((err as Error).message).toMatch(/no digital diagnostics/);
    expect(bus.batches).toEqual([]);
    expect(() => checkMonitorable(decodeModule(buildCmisImage({ flatMemory: true })))).toThrow(/flat memory/);
  });
});
