// Intermittent faults and monitor noise for the simulated bench (issue 15 item 7), so training and
// demonstrations can soak a module that misbehaves: scripted by time from the moment the module
// is seated, optionally repeating. It changes the module's bytes as a read sees them and nothing
// else; the soak finds the events from those bytes. (The protocol emulators in tests/support
// model the same faults independently, for the tests.)
import type { SimMemory } from './sim-module';

export type SimFault =
  | { kind: 'los-glitch'; atMs: number; durationMs?: number; lane?: number; everyMs?: number }
  | { kind: 'tx-step'; atMs: number; db?: number; durationMs?: number; lane?: number; everyMs?: number }
  | { kind: 'tx-fault'; atMs: number; durationMs: number; lane?: number; everyMs?: number }
  | { kind: 'nack-burst'; atMs: number; durationMs: number; everyMs?: number }
  | { kind: 'warm-reset'; atMs: number; rampCPerS?: number; resetAtC: number; resetMs?: number };

export interface SimLive {
  faults?: SimFault[];
  /** A few LSBs of noise on the monitors, as a real module's ADCs show. */
  noise?: boolean;
}

type Family = 'sfp' | 'qsfp' | 'cmis';

/** The fault's window containing t, if any: [start, end) of its current repetition. */
function windowAt(f: SimFault, t: number): boolean {
  if (t < f.atMs) return false;
  const dur = f.kind === 'los-glitch' ? (f.durationMs ?? 50) : f.kind === 'warm-reset' ? Infinity : (f.durationMs ?? Infinity);
  const since = f.kind !== 'warm-reset' && f.everyMs ? (t - f.atMs) % f.everyMs : t - f.atMs;
  return since < dur;
}

/** Whether a window of the fault overlapped (since, t]. */
function overlapped(f: SimFault, since: number, t: number): boolean {
  if (windowAt(f, t)) return true;
  const dur = f.kind === 'los-glitch' ? (f.durationMs ?? 50) : f.kind === 'warm-reset' ? Infinity : (f.durationMs ?? Infinity);
  if (f.kind !== 'warm-reset' && f.everyMs) {
    const k = Math.floor((t - f.atMs) / f.everyMs);
    const start = f.atMs + k * f.everyMs;
    return k >= 0 && start > since && start <= t + dur;
  }
  return f.atMs <= t && f.atMs + dur > since;
}

const laneOf = (f: SimFault): number => ('lane' in f ? (f.lane ?? 1) : 1);

/** Wraps a simulated module's memory with the script; `reset` puts the module back to its power-on state. */
export class LiveSimMemory implements SimMemory {
  private readonly t0: number;
  private seed = 12345;
  private silentUntil = -Infinity;
  private dnrUntil = -Infinity;
  private initLatched = false;
  private resetDone = false;
  private readonly lastRead = new Map<string, number>();

  private mem: SimMemory;

  /** `make` builds the module at its power-on state: at the start, and again when it resets. */
  constructor(
    private readonly make: () => SimMemory,
    private readonly family: Family,
    private readonly live: SimLive,
    private readonly now: () => number,
    private readonly baseTempC: number,
  ) {
    this.mem = make();
    this.t0 = now();
  }

  get nvmWrites(): number {
    return this.mem.nvmWrites;
  }

  private t(): number {
    return this.now() - this.t0;
  }

  private rand(): number {
    // xorshift32: deterministic noise, the same every run.
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed / 4294967296;
  }

  private ramp(t: number): number {
    let d = 0;
    for (const f of this.live.faults ?? []) if (f.kind === 'warm-reset' && !this.resetDone && t >= f.atMs) d += ((f.rampCPerS ?? 1) * (t - f.atMs)) / 1000;
    return d;
  }

  private tick(): void {
    const t = this.t();
    if (this.resetDone) return;
    for (const f of this.live.faults ?? []) {
      if (f.kind === 'warm-reset' && t >= f.atMs && this.baseTempC + this.ramp(t) >= f.resetAtC) {
        this.resetDone = true;
        this.silentUntil = this.now() + (f.resetMs ?? 300);
        this.dnrUntil = this.silentUntil + 100;
        this.initLatched = true;
        this.mem = this.make();
      }
    }
  }

  private answering(): boolean {
    this.tick();
    if (this.now() < this.silentUntil) return false;
    const t = this.t();
    return !(this.live.faults ?? []).some((f) => f.kind === 'nack-burst' && windowAt(f, t));
  }

  acks(addr: number): boolean {
    return this.answering() && this.mem.acks(addr);
  }

  write(addr: number, offset: number, data: Uint8Array): boolean {
    return this.answering() && this.mem.write(addr, offset, data);
  }

  read(addr: number, offset: number, length: number): Uint8Array | null {
    if (!this.answering()) return null;
    const out = this.mem.read(addr, offset, length);
    if (out === null) return null;
    const page = this.family === 'cmis' ? (this.mem.read(0x50, 127, 1)?.[0] ?? 0) : 0;
    const bank = this.family === 'cmis' ? (this.mem.read(0x50, 126, 1)?.[0] ?? 0) : 0;
    const t = this.t();
    for (const m of this.monitors(addr, page, bank)) {
      const i = m.at - offset;
      if (i < 0 || i + 1 >= length) continue;
      const raw = ((out[i] ?? 0) << 8) | (out[i + 1] ?? 0);
      const v = this.monitor(m.q, m.lane, raw, t);
      out[i] = v >> 8;
      out[i + 1] = v & 0xff;
    }
    for (const fl of this.flags(addr, page, bank)) {
      const i = fl.at - offset;
      if (i < 0 || i >= length) continue;
      const key = `${addr}/${page}/${bank}/${fl.at}`;
      const since = this.lastRead.get(key) ?? 0;
      let on = false;
      if (fl.f === 'dnr') on = this.now() < this.dnrUntil;
      else if (fl.f === 'init') {
        on = this.initLatched;
        this.initLatched = false;
      } else {
        const kind = fl.f === 'rxLos' ? 'los-glitch' : 'tx-fault';
        const fs = (this.live.faults ?? []).filter((f) => f.kind === kind && laneOf(f) === fl.lane);
        on = fs.some((f) => (fl.latched ? overlapped(f, since, t) : windowAt(f, t)));
      }
      if (on) out[i] = (out[i] ?? 0) | (1 << fl.bit);
      this.lastRead.set(key, t);
    }
    return out;
  }

  private monitor(q: 'temp' | 'vcc' | 'bias' | 'tx' | 'rx', lane: number | null, raw: number, t: number): number {
    let v = q === 'temp' && raw >= 0x8000 ? raw - 0x10000 : raw;
    if (this.live.noise) {
      const r = this.rand() * 2 - 1;
      if (q === 'temp') v += Math.round(r * 5);
      else if (q === 'vcc') v += Math.round(r * 2);
      else if (v > 0) v = Math.round(v * (1 + r * 0.002));
    }
    if (q === 'temp') v += Math.round(this.ramp(t) * 256);
    for (const f of this.live.faults ?? []) {
      if (q === 'tx' && f.kind === 'tx-step' && laneOf(f) === lane && windowAt(f, t)) v = Math.round(v * 10 ** ((f.db ?? -3) / 10));
      if (q === 'rx' && f.kind === 'los-glitch' && laneOf(f) === lane && windowAt(f, t)) v = 0;
    }
    if (q === 'temp') return (Math.max(-32768, Math.min(32767, v)) + 0x10000) & 0xffff;
    return Math.max(0, Math.min(0xffff, v));
  }

  private monitors(addr: number, page: number, bank: number): { at: number; q: 'temp' | 'vcc' | 'bias' | 'tx' | 'rx'; lane: number | null }[] {
    const lanes = (base: number, q: 'bias' | 'tx' | 'rx', n: number, laneBase = 0): { at: number; q: typeof q; lane: number }[] =>
      Array.from({ length: n }, (_, i) => ({ at: base + 2 * i, q, lane: laneBase + i + 1 }));
    if (this.family === 'sfp') {
      if (addr !== 0x51) return [];
      return [{ at: 96, q: 'temp', lane: null }, { at: 98, q: 'vcc', lane: null }, ...lanes(100, 'bias', 1), ...lanes(102, 'tx', 1), ...lanes(104, 'rx', 1)];
    }
    if (this.family === 'qsfp') return [{ at: 22, q: 'temp', lane: null }, { at: 26, q: 'vcc', lane: null }, ...lanes(34, 'rx', 4), ...lanes(42, 'bias', 4), ...lanes(50, 'tx', 4)];
    const out: { at: number; q: 'temp' | 'vcc' | 'bias' | 'tx' | 'rx'; lane: number | null }[] = [{ at: 14, q: 'temp', lane: null }, { at: 16, q: 'vcc', lane: null }];
    if (page === 0x11) out.push(...lanes(154, 'tx', 8, 8 * bank), ...lanes(170, 'bias', 8, 8 * bank), ...lanes(186, 'rx', 8, 8 * bank));
    return out;
  }

  private flags(addr: number, page: number, bank: number): { at: number; bit: number; f: 'rxLos' | 'txFault' | 'dnr' | 'init'; lane: number; latched: boolean }[] {
    if (this.family === 'sfp') {
      if (addr !== 0x51) return [];
      return [
        { at: 110, bit: 1, f: 'rxLos', lane: 1, latched: false },
        { at: 110, bit: 2, f: 'txFault', lane: 1, latched: false },
        { at: 110, bit: 0, f: 'dnr', lane: 0, latched: false },
      ];
    }
    if (this.family === 'qsfp') {
      return [
        { at: 2, bit: 0, f: 'dnr', lane: 0, latched: false },
        { at: 6, bit: 0, f: 'init', lane: 0, latched: true },
        ...[1, 2, 3, 4].map((l) => ({ at: 3, bit: l - 1, f: 'rxLos' as const, lane: l, latched: true })),
        ...[1, 2, 3, 4].map((l) => ({ at: 4, bit: l - 1, f: 'txFault' as const, lane: l, latched: true })),
      ];
    }
    if (page !== 0x11) return [];
    return [
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((l) => ({ at: 147, bit: l - 1, f: 'rxLos' as const, lane: 8 * bank + l, latched: true })),
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((l) => ({ at: 135, bit: l - 1, f: 'txFault' as const, lane: 8 * bank + l, latched: true })),
    ];
  }
}
