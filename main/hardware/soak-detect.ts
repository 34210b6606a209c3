// Events found as they happen (issue 15 item 2), from the module's bytes at the programmer's pace
// and nothing else: the detector never knows what a test scripted. Pure and streaming: one call
// per sample attempt, in time order; the same code runs live and when a stored series is replayed.
//
// Rules (docs/soak.md "Events"):
//   flag   a flag going from clear to set (and its end when it clears). The first good sample is
//          the baseline: a flag already set then is the module's state, not an event. Latched
//          flags (SFF-8636, CMIS) set in a sample latched since the sample before.
//   limit  a value outside the limit the start read was judged by (fail band: a fault; warning
//          band: shown only). Leaving needs a margin (LIMIT_HYSTERESIS) so noise on a limit is
//          one event, not one per sample. A dark laser (no dBm value) is below any minimum.
//   step   optical power moving more than powerStepDb, or bias more than biasStepPercent (at least
//          biasStepMinMa), between the sample and any sample of the last stepWindowMs.
//   gap    sample attempts that failed: the module not acknowledging (a fault: the module stopped
//          answering), or the programmer timing out or gone (the bench's, not a fault).
//   reset  the module's own signs of a restart: Data_Not_Ready set again, SFF-8636's
//          initialisation-complete flag, CMIS module state leaving ModuleReady, a page select
//          back at 00h, control bytes the bench set found cleared. Until the module is back
//          (rebaseline), its other readings are the reset's consequences and make no events.
// Rx flags, limits and steps are faults only with light on the receiver (the start read's setup);
// bench-dependent flags (Tx LOS, CDR loss of lock: no host signal on a bench) never are.
import type { LimitRange, SoakThresholds } from '../../preload/contract/limits';
import { SOAK_THRESHOLD_DEFAULTS } from '../../preload/contract/limits';
import { MAX_STORED_EVENTS, type SoakChannelStats, type SoakEvent, type SoakEventKind, type SoakGap, type SoakGapCause, type SoakResetSign } from '../../preload/contract/soak';
import type { SoakLayout } from './soak-layout';

/** Margin back inside a limit before a limit event ends, per unit. */
export const LIMIT_HYSTERESIS: Record<SoakChannelStats['unit'], number> = { degC: 0.5, V: 0.01, mA: 0.1, dBm: 0.2 };

export interface DetectorSetup {
  layout: SoakLayout;
  /** Per channel (layout order): the judged limit, or null (not judged: no limit events). */
  limits: (LimitRange | null)[];
  /** Rx power was judged (a light source or loopback on the receiver). */
  rxJudged: boolean;
  thresholds?: SoakThresholds;
  /**
   * The bench holds the module up (CMIS, SFF-8636 class 2+): after a reset it brings it back and
   * calls rebaseline(). Otherwise (SFP, class 1) the module comes back on its own.
   */
  held?: boolean;
}

type LimitState = 'ok' | 'warn-low' | 'warn-high' | 'low' | 'high';

const FLAG_PARAMETER: Record<string, string> = { temperature: 'temperatureC', supplyVoltage: 'supplyVoltageV', txBias: 'txBiasMa', txPower: 'txPowerDbm', rxPower: 'rxPowerDbm' };

function flagParameter(name: string): string | null {
  const m = /^(temperature|supplyVoltage|txBias|txPower|rxPower)(High|Low)(Alarm|Warning)$/.exec(name);
  return m ? (FLAG_PARAMETER[m[1]!] ?? null) : null;
}

export interface SampleView {
  /** Values per channel in layout order (NaN: no light / no value). */
  values: Float64Array;
  /** One bit per layout flag. */
  flags: Uint8Array;
  /** The raw sample (for the reset signs). */
  bytes: Uint8Array;
}

export class SoakDetector {
  readonly events: SoakEvent[] = [];
  readonly gaps: SoakGap[] = [];
  readonly notListed: Partial<Record<SoakEventKind, number>> = {};
  private readonly th: Required<SoakThresholds>;
  private readonly layout: SoakLayout;
  private readonly limits: (LimitRange | null)[];
  private readonly rxJudged: boolean;
  /** See DetectorSetup.held. */
  held: boolean;
  private baseline = true;
  private recovering: SoakEvent | null = null;
  private lastT: number | null = null;
  private phase: number | null = null;
  private flagPrev: Uint8Array;
  private readonly flagOpen: (SoakEvent | null)[];
  private readonly limitState: LimitState[];
  private readonly limitOpen: (SoakEvent | null)[];
  private readonly stepRing: { t: number; v: number }[][];
  private dnrPrev = 0;
  private statePrev = -1;
  private openGap: { ev: SoakEvent | null; gap: SoakGap } | null = null;
  /** Fault events, in order (what fails the soak). */
  readonly faults: SoakEvent[] = [];
  eventCount = 0;
  /** Running statistics per channel (good samples only). */
  readonly stats: { n: number; noLight: number; min: number; max: number; sum: number }[];

  constructor(setup: DetectorSetup) {
    this.layout = setup.layout;
    this.limits = setup.limits;
    this.rxJudged = setup.rxJudged;
    this.held = setup.held ?? false;
    this.th = { ...SOAK_THRESHOLD_DEFAULTS, ...stripUndefined(setup.thresholds ?? {}) };
    this.flagPrev = new Uint8Array(setup.layout.flags.length);
    this.flagOpen = setup.layout.flags.map(() => null);
    this.limitState = setup.layout.channels.map(() => 'ok');
    this.limitOpen = setup.layout.channels.map(() => null);
    this.stepRing = setup.layout.channels.map(() => []);
    this.stats = setup.layout.channels.map(() => ({ n: 0, noLight: 0, min: Infinity, max: -Infinity, sum: 0 }));
  }

  get thresholds(): Required<SoakThresholds> {
    return this.th;
  }

  /** The phase the following events happen in (index into the soak's phases). */
  setPhase(index: number): void {
    this.phase = index;
  }

  /** True while a reset is being recovered from (the sampler brings the module back up). */
  get inReset(): boolean {
    return this.recovering !== null;
  }

  private emit(t: number, kind: SoakEventKind, parameter: string | null, lane: number | null, detail: string, fault: boolean, extra: { value?: number | null; limit?: number | null } = {}): SoakEvent {
    const ev: SoakEvent = { atMs: t, kind, parameter, lane, detail, fault, sinceMs: this.lastT, endMs: null, value: extra.value ?? null, limit: extra.limit ?? null, phase: this.phase };
    this.eventCount++;
    if (fault) this.faults.push(ev);
    if (this.events.length < MAX_STORED_EVENTS) this.events.push(ev);
    else this.notListed[kind] = (this.notListed[kind] ?? 0) + 1;
    return ev;
  }

  /** A sample attempt that failed. Returns the gap event when this attempt opened one. */
  failed(t: number, cause: SoakGapCause): SoakEvent | null {
    let opened: SoakEvent | null = null;
    if (this.openGap === null) {
      const gap: SoakGap = { atMs: t, durationMs: 0, cause, attempts: 0 };
      this.gaps.push(gap);
      opened = this.emit(t, 'gap', null, null, cause, cause === 'module-nack');
      this.openGap = { ev: opened, gap };
    }
    const g = this.openGap;
    g.gap.attempts++;
    if (cause === 'programmer-unplugged' && g.gap.cause !== 'programmer-unplugged') {
      // The programmer went away: the gap is the bench's, whatever the first attempt saw.
      g.gap.cause = cause;
      if (g.ev) {
        g.ev.detail = cause;
        if (g.ev.fault) {
          g.ev.fault = false;
          const i = this.faults.indexOf(g.ev);
          if (i >= 0) this.faults.splice(i, 1);
        }
      }
    }
    g.gap.durationMs = t - g.gap.atMs;
    this.lastT = t;
    return opened;
  }

  private closeGap(t: number): void {
    if (!this.openGap) return;
    const g = this.openGap;
    g.gap.durationMs = t - g.gap.atMs;
    if (g.ev) {
      g.ev.endMs = t;
      g.ev.value = g.gap.durationMs;
    }
    this.openGap = null;
  }

  /** The bench paused sampling (bringing the module back after a reset). */
  paused(t: number): void {
    this.lastT = t;
  }

  /** A reset seen by the sampler itself (control bytes it set found cleared). */
  resetSeen(t: number, sign: SoakResetSign): SoakEvent | null {
    if (this.recovering) return null;
    this.closeAll(t);
    this.recovering = this.emit(t, 'reset', null, null, sign, true);
    return this.recovering;
  }

  /** The module is back up after a reset: the next good sample is a new baseline. */
  rebaseline(t: number): void {
    if (this.recovering) this.recovering.endMs = t;
    this.recovering = null;
    this.baseline = true;
    for (const r of this.stepRing) r.length = 0;
  }

  private closeAll(t: number): void {
    this.flagOpen.forEach((e, i) => {
      if (e) e.endMs = t;
      this.flagOpen[i] = null;
    });
    this.limitOpen.forEach((e, i) => {
      if (e) e.endMs = t;
      this.limitOpen[i] = null;
      this.limitState[i] = 'ok';
    });
  }

  /** Reset signs in the sample's bytes, if any (null: none). */
  private resetSign(s: SampleView): SoakResetSign | null {
    const sg = this.layout.signs;
    for (const p of sg.pageSelect) {
      if (s.bytes[p.at] !== p.bank || s.bytes[p.at + 1] !== 0x11) return 'page-select-lost';
    }
    if (sg.moduleState) {
      const st = ((s.bytes[sg.moduleState.at] ?? 0) >> 1) & 0x07;
      // ModuleReady (3) at the baseline; leaving it for LowPwr, PwrUp or PwrDn is a restart.
      if (!this.baseline && this.statePrev === 3 && (st === 1 || st === 2 || st === 4)) return 'module-state';
    }
    if (sg.initComplete && ((s.bytes[sg.initComplete.at] ?? 0) >> sg.initComplete.bit) & 1 && !this.baseline) return 'init-complete';
    if (sg.dataNotReady) {
      const dnr = ((s.bytes[sg.dataNotReady.at] ?? 0) >> sg.dataNotReady.bit) & 1;
      if (dnr === 1 && this.dnrPrev === 0 && !this.baseline) return 'data-not-ready';
    }
    return null;
  }

  /**
   * A good sample. Returns the events it opened. `valid` false: the sample's bytes cannot be
   * trusted as monitors (a page select lost), so only the reset is taken from it.
   */
  good(t: number, s: SampleView): SoakEvent[] {
    const out: SoakEvent[] = [];
    this.closeGap(t);
    const sign = this.resetSign(s);
    const sg = this.layout.signs;
    if (sg.dataNotReady) this.dnrPrev = ((s.bytes[sg.dataNotReady.at] ?? 0) >> sg.dataNotReady.bit) & 1;
    if (sg.moduleState) {
      const st = ((s.bytes[sg.moduleState.at] ?? 0) >> 1) & 0x07;
      if (st === 5 && this.statePrev !== 5 && !this.recovering) out.push(this.emit(t, 'flag', null, null, 'moduleFault', true));
      this.statePrev = st;
    }
    if (sign !== null && !this.recovering) {
      this.closeAll(t);
      this.recovering = this.emit(t, 'reset', null, null, sign, true);
      out.push(this.recovering);
    }
    if (this.recovering) {
      // SFP and class-1 SFF-8636 modules come back on their own: Data_Not_Ready clear again, the
      // page select and module state as they were. The sampler rebaselines held modules itself.
      const back = sign === null && this.dnrPrev === 0 && (sg.moduleState === null || this.statePrev === 3);
      if (back && !this.held) this.rebaseline(t);
      else {
        this.lastT = t;
        return out;
      }
    }
    this.tally(s.values);
    if (this.baseline) {
      this.flagPrev = new Uint8Array(s.flags);
      this.baseline = false;
    } else {
      this.flags(t, s.flags, out);
    }
    this.limitsAndSteps(t, s.values, out);
    this.lastT = t;
    return out;
  }

  private tally(values: Float64Array): void {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      const st = this.stats[i]!;
      if (Number.isNaN(v)) {
        st.noLight++;
        continue;
      }
      st.n++;
      st.sum += v;
      if (v < st.min) st.min = v;
      if (v > st.max) st.max = v;
    }
  }

  private flags(t: number, bits: Uint8Array, out: SoakEvent[]): void {
    const f = this.layout.flags;
    for (let i = 0; i < f.length; i++) {
      const now = bits[i]!;
      const was = this.flagPrev[i]!;
      if (now === was) continue;
      this.flagPrev[i] = now;
      const flag = f[i]!;
      if (now === 1) {
        const fault = !flag.benchDependent && flag.level !== 'warning' && (!flag.receiver || this.rxJudged);
        const ev = this.emit(t, 'flag', flagParameter(flag.name), flag.lane, flag.name, fault);
        this.flagOpen[i] = ev;
        out.push(ev);
      } else {
        const ev = this.flagOpen[i];
        if (ev) ev.endMs = t;
        this.flagOpen[i] = null;
      }
    }
  }

  private limitsAndSteps(t: number, values: Float64Array, out: SoakEvent[]): void {
    const chs = this.layout.channels;
    for (let i = 0; i < chs.length; i++) {
      const ch = chs[i]!;
      const v = values[i]!;
      const receiver = ch.parameter === 'rxPowerDbm';
      const lim = this.limits[i] ?? null;
      if (lim) {
        const x = Number.isNaN(v) ? (ch.unit === 'dBm' ? -Infinity : null) : v;
        if (x !== null) {
          const h = LIMIT_HYSTERESIS[ch.unit];
          const prev = this.limitState[i]!;
          const state = limitState(x, lim, prev, h);
          if (state !== prev) {
            const open = this.limitOpen[i];
            if (open) open.endMs = t;
            this.limitOpen[i] = null;
            this.limitState[i] = state;
            if (state !== 'ok') {
              const detail = state === 'low' ? 'below-min' : state === 'high' ? 'above-max' : state === 'warn-low' ? 'below-warn-min' : 'above-warn-max';
              const limit = state === 'low' ? lim.min : state === 'high' ? lim.max : state === 'warn-low' ? (lim.warnMin ?? null) : (lim.warnMax ?? null);
              const fault = (state === 'low' || state === 'high') && (!receiver || this.rxJudged);
              const ev = this.emit(t, 'limit', ch.parameter, ch.lane, detail, fault, { value: Number.isFinite(x) ? x : null, limit });
              this.limitOpen[i] = ev;
              out.push(ev);
            }
          }
        }
      }
      if (ch.parameter === 'txPowerDbm' || ch.parameter === 'rxPowerDbm' || ch.parameter === 'txBiasMa') this.step(t, i, v, out);
    }
  }

  private step(t: number, i: number, v: number, out: SoakEvent[]): void {
    const ring = this.stepRing[i]!;
    if (Number.isNaN(v)) {
      // No light: the limit and flags speak for it; the next light starts a new reference.
      ring.length = 0;
      return;
    }
    while (ring.length > 0 && ring[0]!.t < t - this.th.stepWindowMs) ring.shift();
    const ch = this.layout.channels[i]!;
    let hit: { delta: number } | null = null;
    for (const r of ring) {
      const d = v - r.v;
      const over = ch.parameter === 'txBiasMa' ? Math.abs(d) > Math.max((this.th.biasStepPercent / 100) * Math.abs(r.v), this.th.biasStepMinMa) : Math.abs(d) > this.th.powerStepDb;
      if (over && (hit === null || Math.abs(d) > Math.abs(hit.delta))) hit = { delta: d };
    }
    if (hit) {
      const fault = ch.parameter !== 'rxPowerDbm' || this.rxJudged;
      out.push(this.emit(t, 'step', ch.parameter, ch.lane, hit.delta < 0 ? 'down' : 'up', fault, { value: Math.round(hit.delta * 1000) / 1000 }));
      // The new level is the reference from now on: one step, one event.
      ring.length = 0;
    }
    ring.push({ t, v });
  }

  /** Ends what is still open at the end of the soak (gaps end there; flags and limits stay open). */
  finish(t: number): void {
    if (this.openGap) {
      this.openGap.gap.durationMs = t - this.openGap.gap.atMs;
      if (this.openGap.ev) this.openGap.ev.value = this.openGap.gap.durationMs;
      this.openGap = null;
    }
  }

  channelStats(): { n: number; noLight: number; min: number | null; max: number | null; mean: number | null }[] {
    return this.stats.map((s) => ({ n: s.n, noLight: s.noLight, min: s.n > 0 ? s.min : null, max: s.n > 0 ? s.max : null, mean: s.n > 0 ? s.sum / s.n : null }));
  }
}

function limitState(x: number, lim: LimitRange, prev: LimitState, h: number): LimitState {
  const { min, max } = lim;
  const wmin = lim.warnMin ?? null;
  const wmax = lim.warnMax ?? null;
  // Entering a band needs the value past its edge; staying needs it not back inside by h.
  const below = (edge: number | null, stay: boolean): boolean => edge !== null && (stay ? x < edge + h : x < edge);
  const above = (edge: number | null, stay: boolean): boolean => edge !== null && (stay ? x > edge - h : x > edge);
  if (below(min, prev === 'low')) return 'low';
  if (above(max, prev === 'high')) return 'high';
  if (below(wmin, prev === 'warn-low' || prev === 'low')) return 'warn-low';
  if (above(wmax, prev === 'warn-high' || prev === 'high')) return 'warn-high';
  return 'ok';
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
