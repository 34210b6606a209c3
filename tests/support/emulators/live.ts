// Live module behaviour for soak tests (issue 15 item 7): monitor noise and intermittent faults
// scripted by time, applied to the module's real-time bytes as a programmer reads them. Written
// from sff-8472.md, sff-8636.md and cmis.md (where each monitor and flag lives, which flags latch),
// never from the bench's detector: the emulator only changes bytes; finding the events is the
// bench's job.
//
//   los-glitch   Rx LOS asserted and Rx power dark on a lane for durationMs (default 50)
//   tx-step      Tx power of a lane scaled by `db` (default -3 dB) from atMs (for durationMs, or on)
//   tx-fault     Tx fault on a lane for durationMs
//   nack-burst   the module acknowledges nothing for durationMs
//   warm-reset   the temperature climbs `rampCPerS` from atMs; at `resetAtC` the module resets:
//                silent for resetMs, then its power-on state (volatile controls back to defaults,
//                SFF-8636 initialisation-complete latched, Data_Not_Ready for dnrMs); the ramp ends
//   temperature  the temperature offset by `deltaC` from atMs (for durationMs, or on)
// Times are ms from the moment the script starts (EmulatorHandle.script()); lanes are 1-based.
export type ScriptedFault =
  | { kind: 'los-glitch'; atMs: number; durationMs?: number; lane?: number }
  | { kind: 'tx-step'; atMs: number; db?: number; durationMs?: number; lane?: number }
  | { kind: 'tx-fault'; atMs: number; durationMs: number; lane?: number }
  | { kind: 'nack-burst'; atMs: number; durationMs: number }
  | { kind: 'warm-reset'; atMs: number; rampCPerS?: number; resetAtC: number; resetMs?: number; dnrMs?: number }
  | { kind: 'temperature'; atMs: number; deltaC: number; durationMs?: number };

export interface LiveOptions {
  faults?: ScriptedFault[];
  /** ADC noise on the monitors (a few LSBs), from a fixed seed: a real module is never still. */
  noise?: boolean;
  seed?: number;
}

export type LiveKind = 'sfp' | 'qsfp' | 'cmis';

/** The live overlay the module's targets consult on every read, once a script runs. */
export interface LiveRef {
  current: LiveModule | null;
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

type Monitor = { q: 'temp' | 'vcc' | 'bias' | 'tx' | 'rx'; lane: number | null };
type Flag = { f: 'rxLos' | 'txFault' | 'initComplete' | 'dnr'; lane: number | null; bit: number; latched: boolean };

/** Where each monitor and flag is, by family: [register offset] for the address / page that holds it. */
function monitorAt(kind: LiveKind, addr7: number, page: number, offset: number): { m: Monitor; hi: boolean } | null {
  const pair = (base: number, q: Monitor['q'], lanes: number | null): { m: Monitor; hi: boolean } | null => {
    const span = lanes === null ? 2 : 2 * lanes;
    if (offset < base || offset >= base + span) return null;
    const i = offset - base;
    return { m: { q, lane: lanes === null ? null : (i >> 1) + 1 }, hi: i % 2 === 0 };
  };
  if (kind === 'sfp') {
    if (addr7 !== 0x51) return null;
    return pair(96, 'temp', null) ?? pair(98, 'vcc', null) ?? pair(100, 'bias', 1) ?? pair(102, 'tx', 1) ?? pair(104, 'rx', 1);
  }
  if (kind === 'qsfp') {
    if (offset >= 128) return null;
    return pair(22, 'temp', null) ?? pair(26, 'vcc', null) ?? pair(34, 'rx', 4) ?? pair(42, 'bias', 4) ?? pair(50, 'tx', 4);
  }
  if (offset < 128) return pair(14, 'temp', null) ?? pair(16, 'vcc', null);
  if (page !== 0x11) return null;
  return pair(154, 'tx', 8) ?? pair(170, 'bias', 8) ?? pair(186, 'rx', 8);
}

function flagsAt(kind: LiveKind, addr7: number, page: number, offset: number): Flag[] {
  if (kind === 'sfp') {
    if (addr7 !== 0x51 || offset !== 110) return [];
    return [
      { f: 'rxLos', lane: 1, bit: 1, latched: false },
      { f: 'txFault', lane: 1, bit: 2, latched: false },
      { f: 'dnr', lane: null, bit: 0, latched: false },
    ];
  }
  if (kind === 'qsfp') {
    if (offset === 2) return [{ f: 'dnr', lane: null, bit: 0, latched: false }];
    if (offset === 3) return [1, 2, 3, 4].map((l) => ({ f: 'rxLos' as const, lane: l, bit: l - 1, latched: true }));
    if (offset === 4) return [1, 2, 3, 4].map((l) => ({ f: 'txFault' as const, lane: l, bit: l - 1, latched: true }));
    if (offset === 6) return [{ f: 'initComplete', lane: null, bit: 0, latched: true }];
    return [];
  }
  if (page !== 0x11) return [];
  if (offset === 147) return [1, 2, 3, 4, 5, 6, 7, 8].map((l) => ({ f: 'rxLos' as const, lane: l, bit: l - 1, latched: true }));
  if (offset === 135) return [1, 2, 3, 4, 5, 6, 7, 8].map((l) => ({ f: 'txFault' as const, lane: l, bit: l - 1, latched: true }));
  return [];
}

/** How long a fault lasts, ms (Infinity: from its time on). */
function windowMs(f: ScriptedFault): number {
  if (f.kind === 'los-glitch') return f.durationMs ?? 50;
  if (f.kind === 'tx-step' || f.kind === 'temperature') return f.durationMs ?? Infinity;
  if (f.kind === 'warm-reset') return Infinity;
  return f.durationMs;
}

/** The live overlay one module carries; the bus asks it whether the module answers at all. */
export class LiveModule {
  private t0: number | null = null;
  private readonly faults: ScriptedFault[];
  private readonly rand: () => number;
  private resetDone = false;
  private silentUntil = -Infinity;
  private dnrUntil = -Infinity;
  private initLatched = false;
  private pendingLow: { key: string; value: number } | null = null;
  /** Per latched flag byte: when it was last read (flags latched since then show). */
  private readonly lastRead = new Map<string, number>();
  private onReset: (() => void) | null = null;
  /** Times the module reset (for assertions). */
  resets: number[] = [];

  constructor(
    private readonly kind: LiveKind,
    private readonly opts: LiveOptions,
    private readonly now: () => number,
  ) {
    this.faults = opts.faults ?? [];
    this.rand = mulberry32(opts.seed ?? 7);
  }

  /** Starts the script's clock (times in the script count from now). */
  start(resetHook: () => void): void {
    this.t0 = this.now();
    this.onReset = resetHook;
  }

  private elapsed(): number | null {
    return this.t0 === null ? null : this.now() - this.t0;
  }

  private matching(kind: ScriptedFault['kind'], lane: number | null): ScriptedFault[] {
    return this.faults.filter((f) => {
      if (f.kind !== kind) return false;
      const fl = 'lane' in f ? (f.lane ?? 1) : null;
      return lane === null || fl === null || fl === lane;
    });
  }

  private active(kind: ScriptedFault['kind'], lane: number | null, t: number): ScriptedFault[] {
    return this.matching(kind, lane).filter((f) => t >= f.atMs && t < f.atMs + windowMs(f));
  }

  /** Whether a fault window overlapped (since, t]: what a latched flag keeps. */
  private overlapped(kind: ScriptedFault['kind'], lane: number | null, since: number, t: number): boolean {
    return this.matching(kind, lane).some((f) => f.atMs <= t && f.atMs + windowMs(f) > since);
  }

  private temperatureOffset(t: number): number {
    let d = 0;
    for (const f of this.faults) {
      if (f.kind === 'temperature' && t >= f.atMs && (f.durationMs === undefined || t < f.atMs + f.durationMs)) d += f.deltaC;
      if (f.kind === 'warm-reset' && !this.resetDone && t >= f.atMs) d += ((f.rampCPerS ?? 1) * (t - f.atMs)) / 1000;
    }
    return d;
  }

  /** Called on every bus access: runs the warm reset when the temperature gets there. */
  tick(baseTempC: number): void {
    const t = this.elapsed();
    if (t === null || this.resetDone) return;
    for (const f of this.faults) {
      if (f.kind !== 'warm-reset' || t < f.atMs) continue;
      if (baseTempC + this.temperatureOffset(t) >= f.resetAtC) {
        this.resetDone = true;
        const at = this.now();
        this.resets.push(t);
        this.silentUntil = at + (f.resetMs ?? 300);
        this.dnrUntil = this.silentUntil + (f.dnrMs ?? 100);
        this.initLatched = true;
        this.onReset?.();
      }
    }
  }

  /** False while the module does not acknowledge (a NACK burst, a reset in progress). */
  answers(): boolean {
    const t = this.elapsed();
    if (this.now() < this.silentUntil) return false;
    if (t === null) return true;
    return this.active('nack-burst', null, t).length === 0;
  }

  /** The byte a read returns at `offset` (of address addr7, page/bank for CMIS) instead of `v`. */
  byte(addr7: number, page: number, bank: number, offset: number, v: number, peek: (offset: number) => number): number {
    const t = this.elapsed();
    const mon = monitorAt(this.kind, addr7, page, offset);
    if (mon) {
      const key = `${addr7}/${page}/${bank}/${offset - (mon.hi ? 0 : 1)}`;
      if (!mon.hi) {
        const p = this.pendingLow;
        this.pendingLow = null;
        if (p && p.key === key) return p.value;
      }
      const base16 = mon.hi ? (v << 8) | peek(offset + 1) : (peek(offset - 1) << 8) | v;
      const lane = mon.m.lane === null ? null : mon.m.lane + 8 * (this.kind === 'cmis' ? bank : 0);
      const out = this.monitor(mon.m.q, lane, base16, t);
      if (mon.hi) {
        this.pendingLow = { key, value: out & 0xff };
        return out >> 8;
      }
      return out & 0xff;
    }
    const flags = flagsAt(this.kind, addr7, page, offset);
    if (flags.length === 0) return v;
    let out = v;
    const rk = `${addr7}/${page}/${bank}/${offset}`;
    const since = this.lastRead.get(rk) ?? 0;
    for (const f of flags) {
      const lane = f.lane === null ? null : f.lane + 8 * (this.kind === 'cmis' ? bank : 0);
      let on = false;
      if (f.f === 'dnr') on = this.now() < this.dnrUntil;
      else if (f.f === 'initComplete') {
        on = this.initLatched;
        this.initLatched = false;
      } else if (t !== null) {
        const kind = f.f === 'rxLos' ? 'los-glitch' : 'tx-fault';
        on = f.latched ? this.overlapped(kind, lane, since, t) : this.active(kind, lane, t).length > 0;
      }
      if (on) out |= 1 << f.bit;
    }
    if (t !== null) this.lastRead.set(rk, t);
    return out;
  }

  private monitor(q: Monitor['q'], lane: number | null, base: number, t: number | null): number {
    let v = q === 'temp' ? (base >= 0x8000 ? base - 0x10000 : base) : base;
    if (this.opts.noise) {
      // A few LSBs: 0.02 degC, 0.2 mV, 0.1 % of bias and of optical power.
      const r = this.rand() * 2 - 1;
      if (q === 'temp') v += Math.round(r * 5);
      else if (q === 'vcc') v += Math.round(r * 2);
      else if (v > 0) v = Math.round(v * (1 + r * 0.002));
    }
    if (t !== null) {
      if (q === 'temp') v += Math.round(this.temperatureOffset(t) * 256);
      if (q === 'tx') for (const f of this.active('tx-step', lane, t)) v = Math.round(v * 10 ** (((f as { db?: number }).db ?? -3) / 10));
      if (q === 'rx' && this.active('los-glitch', lane, t).length > 0) v = 0;
    }
    if (q === 'temp') return (Math.max(-32768, Math.min(32767, v)) + 0x10000) & 0xffff;
    return Math.max(0, Math.min(0xffff, v));
  }
}
