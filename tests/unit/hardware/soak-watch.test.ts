// The soak's status probe on a virtual clock (main/hardware/soak.ts, statusWatch): an SFP's Rx LOS
// is a state, not a latched flag, so a 50 ms glitch at 20 Hz shows only in a read made while it
// lasts. Here the host stalls the one grid sample inside the glitch past its end (what a loaded
// host does); the probe half a period after the sample before sees the status change, and the
// off-grid sample it triggers keeps the glitch. Time is virtual: sleeps and the programmer's pacing
// move the clock, so every run is the same and takes milliseconds. The same soak without the probe
// misses the glitch (it falls between two grid samples), which the test shows too.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SimulatedBus } from '../../../main/hardware/drivers/simulated';
import type { BusCallOptions, I2cOp } from '../../../main/hardware/drivers/i2c-bus';
import { LINK_DUTY, runSoak, statusChanged, statusWatch, type SoakOutcome } from '../../../main/hardware/soak';
import { soakLayout } from '../../../main/hardware/soak-layout';
import { limitsFor, rxJudgedBy } from '../../../main/hardware/soak-summary';
import { evaluateModule } from '../../../main/limits/evaluate';
import { loadLimitLibrary } from '../../../main/limits/library';
import { decodeModule } from '../../../main/sff/index';
import { parseImage } from '../../../main/sff/image-text';
import { BenchError } from '../../../main/errors';
import { noModule } from '../../../main/hardware/hw-errors';

const MODULES = new URL('../../../resources/modules/', import.meta.url);
const image = (file: string): Uint8Array => parseImage(readFileSync(new URL(file, MODULES))).bytes;
const profiles = loadLimitLibrary(new URL('../../../resources/limits/', import.meta.url).pathname);

/** A clock that only moves when something waits; `stall` windows push a wake-up inside them to their end. */
class VirtualClock {
  t = 0;
  stalls: [number, number][] = [];
  now = (): number => this.t;
  /** A timer: wakes late when it falls in a stall (the host was busy). */
  sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) throw new BenchError('CANCELLED', 'cancelled');
    let wake = this.t + Math.max(0, ms);
    for (const [a, b] of this.stalls) if (wake >= a && wake < b) wake = b;
    this.t = wake;
    await Promise.resolve();
  };
  /** The programmer's own time on the wire: never stalled. */
  pace = async (ms: number): Promise<void> => {
    this.t += ms;
    await Promise.resolve();
  };
}

/** The simulated bench's SFP with an Rx LOS glitch (A2h byte 110 bit 1) while the clock is in `glitch`. */
class GlitchingSfp extends SimulatedBus {
  glitch: [number, number] | null = null;
  /** The module acknowledges nothing while the clock is in `silent` (a bad contact). */
  silent: [number, number] | null = null;
  /** Single-byte reads of A2h 110 (status probes), by time. */
  probes: number[] = [];
  constructor(private readonly clock: VirtualClock) {
    super({ name: 'good-10g-sr', image: image('good-10g-sr.hex'), behaviour: { live: { noise: true } }, realisticDelay: true, sleep: (ms) => clock.pace(ms), now: clock.now });
  }
  override async execute(ops: readonly I2cOp[], opts: BusCallOptions = {}): Promise<Uint8Array[]> {
    const at = this.clock.t;
    if (this.silent !== null && at >= this.silent[0] && at < this.silent[1]) throw noModule(null);
    const out = await super.execute(ops, opts);
    const on = this.glitch !== null && at >= this.glitch[0] && at < this.glitch[1];
    ops.forEach((op, i) => {
      if (op.op !== 'read' || op.addr !== 0x51 || op.offset > 110 || op.offset + op.length <= 110) return;
      if (op.offset === 110 && op.length === 1) this.probes.push(at);
      if (on) out[i]![110 - op.offset]! |= 0x02;
    });
    return out;
  }
}

async function soak(
  rateHz: number,
  seconds: number,
  setup: (t0: number, clock: VirtualClock, bus: GlitchingSfp) => void = () => undefined,
  statusProbe = true,
): Promise<{ outcome: SoakOutcome; bus: GlitchingSfp; t0: number }> {
  const clock = new VirtualClock();
  const bus = new GlitchingSfp(clock);
  let t0 = 0;
  const outcome = await runSoak({
    open: async () => bus,
    decode: decodeModule,
    judge: (read, layout) => {
      const ev = evaluateModule(read.module, { profiles, setup: { rxLightSource: true, imageSource: 'programmer' } });
      return { limits: limitsFor(layout, ev), rxJudged: rxJudgedBy(ev) };
    },
    rateHz,
    durationMs: seconds * 1000,
    signal: new AbortController().signal,
    statusProbe,
    now: clock.now,
    epochNow: clock.now,
    sleep: clock.sleep,
    hooks: {
      started: (info) => {
        t0 = info.startedAtMs;
        setup(t0, clock, bus);
      },
    },
  });
  return { outcome, bus, t0 };
}

describe('the status probe between samples', () => {
  it('reads only the unlatched status byte of an SFP (A2h 110: Tx fault, Rx LOS, Data_Ready_Bar); a QSFP28 and a CMIS module latch theirs and get none', () => {
    // Why: the probe is for states a sample can miss; a latched flag waits for the next sample.
    const sfp = image('good-10g-sr.hex');
    const watch = statusWatch(soakLayout(sfp, decodeModule(sfp)));
    expect(watch).toEqual({ ops: [{ op: 'read', addr: 0x51, offset: 110, length: 1 }], bytes: [{ at: 14, mask: 0x07 }] });
    const sample = new Uint8Array(22);
    expect(statusChanged(watch!, [Uint8Array.of(0x00)], sample)).toBe(false);
    expect(statusChanged(watch!, [Uint8Array.of(0x80)], sample)).toBe(false); // TX disable state: not watched
    expect(statusChanged(watch!, [Uint8Array.of(0x02)], sample)).toBe(true);
    for (const file of ['qsfp28-lr4-class4.hex', 'osfp-800g-dr8.hex']) {
      const img = image(file);
      expect(statusWatch(soakLayout(img, decodeModule(img))), file).toBeNull();
    }
  });

  it('a 50 ms LOS glitch whose grid sample a stalled host pushes past its end is caught by the probe, in its sample period', async () => {
    // Why: issue 15's glitch at the Bus Pirate's 20 Hz; any lateness of the one sample inside it lost it
    // (through the emulated Bus Pirate, idle, the grid alone caught 97 and 98 of 100 such glitches).
    let glitchAt = 0;
    const script = (t0: number, clock: VirtualClock, b: GlitchingSfp): void => {
      const g = t0 + 20 * 50; // the grid sample at 1 s
      clock.stalls.push([g - 1, g + 20]); // ... wakes 20 ms late
      b.glitch = [g - 30, g + 20]; // ... and the glitch ends just before it
      glitchAt = g - 30 - t0;
    };
    // The grid alone: the glitch falls between two samples.
    const gridOnly = await soak(20, 3, script, false);
    expect(gridOnly.outcome.detector.events.filter((e) => e.detail === 'rxLos')).toEqual([]);
    expect(gridOnly.bus.probes.filter((t) => t >= gridOnly.t0)).toEqual([]);
    const { outcome, bus } = await soak(20, 3, script);
    const ev = outcome.detector.events.find((e) => e.kind === 'flag' && e.detail === 'rxLos');
    expect(ev, 'an rxLos event').toBeDefined();
    expect(ev!.sinceMs).not.toBeNull();
    // Between the sample before and the sample that saw it, and no later than one period after the glitch began.
    expect(glitchAt).toBeGreaterThanOrEqual(ev!.sinceMs!);
    expect(ev!.atMs).toBeLessThanOrEqual(glitchAt + 50);
    // The off-grid sample is kept like the others and not counted in the grid's jitter.
    expect(outcome.samples).toBe(61);
    expect(Math.max(...outcome.intervalErrors.map(Math.abs))).toBeLessThanOrEqual(20);
    expect(bus.probes.length).toBeGreaterThan(50);
    expect(outcome.endReason).toBe('completed');
  });

  it('a module that stops answering between samples: the failed probe takes the sample at once, and the gap starts there', async () => {
    // Why: a failed probe is a failed read like any other; it is recorded by the sample it brings forward, not swallowed.
    let silentAt = 0;
    const { outcome } = await soak(20, 3, (t0, _clock, b) => {
      const g = t0 + 20 * 50;
      b.silent = [g - 40, g + 160];
      silentAt = g - 40 - t0;
    });
    const gap = outcome.detector.gaps[0];
    expect(gap).toMatchObject({ cause: 'module-nack' });
    // Found by the probe half a period after the sample before (at g - 25), not at the next grid slot (g).
    expect(gap!.atMs).toBeGreaterThanOrEqual(silentAt);
    expect(gap!.atMs).toBeLessThan(silentAt + 25);
    expect(gap!.durationMs).toBeGreaterThanOrEqual(150);
    expect(gap!.durationMs).toBeLessThanOrEqual(250);
    expect(outcome.endReason).toBe('completed');
  });

  it('a clean noisy module: one probe per sample, no off-grid sample, no event', async () => {
    // Why: the probe must not invent samples or events; it only decides when to read.
    const { outcome, bus, t0 } = await soak(20, 3);
    expect(outcome.samples).toBe(60);
    expect(outcome.detector.events).toEqual([]);
    const during = bus.probes.filter((t) => t >= t0);
    expect(during.length).toBe(59);
    // Half a period after each sample's slot.
    for (const t of during) expect((t - t0) % 50).toBeCloseTo(25, 6);
  });

  it('a rate that leaves no room for the probe beside the sample runs without it', async () => {
    // Why: the probe is opportunistic; it never costs the rate the link was asked to carry.
    // Simulated pacing: a sample 2 + 25 x 0.18 = 6.5 ms, a probe 2 + 4 x 0.18 = 2.72 ms; at 100 Hz both need 9.22 ms of 8.
    expect(6.5 + 2.72).toBeGreaterThan(LINK_DUTY * 10);
    const { outcome, bus, t0 } = await soak(100, 1);
    expect(outcome.samples).toBe(100);
    expect(bus.probes.filter((t) => t >= t0)).toEqual([]);
  });
});
