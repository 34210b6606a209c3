// Verdicts for one decoded module. Applicability comes first (DESIGN.md "Applicability before
// judgment"): what the module declares it has (media, monitors, OMA or average Rx power, power
// class) decides which parameters apply; only those are judged, each against its limit (profile
// figure, else the module's own alarm/warning thresholds). The overall verdict keeps faults,
// findings, "not applicable" and "could not be judged" apart all the way to the warranty
// decision: see docs/verdicts.md. Pure: the clock comes in as `at`, the profiles as data.
import type {
  Evaluation,
  IncompleteReason,
  IntegrityCheck,
  LimitKind,
  LimitProfile,
  LimitRange,
  MissingLimitCode,
  NextStep,
  NoLightCause,
  OverallVerdict,
  ParameterName,
  ParameterReasonCode,
  ParameterVerdict,
  ReasonArgs,
  TemperatureClass,
  TestSetup,
  VerdictStatus,
} from '../../preload/contract/limits';
import { NEXT_STEPS } from '../../preload/contract/limits';
import type { DecodedModule, Declarations, Diagnostics, MediaKind, ThresholdSet } from '../../preload/contract/module';
import { checkIntegrity, findingsOf } from './integrity';
import { describeProfile } from './profiles';
import { isoDay, resolveProfile } from './resolve';

export interface EvaluateOptions {
  profiles: readonly LimitProfile[];
  /** Force a profile: "ieee-10gbase-sr" or a pinned version "ieee-10gbase-sr@1". */
  profileId?: string;
  setup: TestSetup;
  /** When the module is judged (profile effective dates, date code not in the future); now when absent. */
  at?: Date;
  /** Case temperature class to judge temperature by; the profile's default class when absent. */
  temperatureClass?: TemperatureClass;
}

interface ParameterInfo {
  label: string;
  unit: ParameterVerdict['unit'];
  /**
   * Values are judged at the resolution they are shown with (finer than every module's LSB
   * allows to matter): a reading shown as "-7.30 dBm" must not fail a -7.3 dBm limit because
   * 10*log10(0.1862 mW) is -7.3001. Exactly at a limit is within it.
   */
  decimals: number;
}

export const PARAMETERS: Readonly<Record<ParameterName, ParameterInfo>> = {
  temperatureC: { label: 'Temperature', unit: 'degC', decimals: 2 },
  supplyVoltageV: { label: 'Supply voltage', unit: 'V', decimals: 4 },
  txBiasMa: { label: 'Tx bias', unit: 'mA', decimals: 3 },
  txPowerDbm: { label: 'Tx power', unit: 'dBm', decimals: 2 },
  rxPowerDbm: { label: 'Rx power', unit: 'dBm', decimals: 2 },
  rxPowerOmaDbm: { label: 'Rx power (OMA)', unit: 'dBm', decimals: 2 },
};

/** The parameters a read of the laser path judges: one of them must be judged for a run to pass. */
const SIGNAL_PATH: ReadonlySet<ParameterName> = new Set(['txBiasMa', 'txPowerDbm', 'rxPowerDbm', 'rxPowerOmaDbm']);

/**
 * The host supply every SFP / QSFP module is specified on (SFF-8419 section 3.4 and SFF-8679
 * section 4: 3.3 V +/- 5 %). On the bench that supply is the programmer's: it judges the bench,
 * not the module, and stands in only when neither a profile nor the module gives a Vcc limit.
 */
export const HOST_SUPPLY_LIMIT: LimitRange = { min: 3.135, max: 3.465 };
const HOST_SUPPLY_SOURCE = 'host supply 3.3 V +/- 5 % (SFF-8419 / SFF-8679)';

function round(v: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round(v * f) / f;
  // -0 would print as "-0.00" and turn into 0 in JSON: a reading that rounds to zero is zero.
  return Object.is(r, -0) ? 0 : r;
}

function fmt(v: number, decimals: number): string {
  return round(v, decimals).toFixed(decimals);
}

interface ResolvedLimit {
  limit: LimitRange | null;
  source: string;
  /** "spec" for a profile figure, "alarm" for the module's own thresholds. */
  kind: LimitKind;
  /** Why there is no limit, when limit is null. */
  missing?: string;
  missingCode?: MissingLimitCode;
}

function mwToDbm(mw: number): number | null {
  return mw > 0 ? round(10 * Math.log10(mw), 2) : null;
}

/**
 * The module's thresholds as a limit range, or why they cannot serve: blank A2h thresholds (all
 * zero) and inverted alarms are common on cheap modules and would fail or pass everything.
 */
function rangeFromThresholds(t: ThresholdSet, toUnit: (v: number) => number | null): { range: LimitRange | null; why?: string; code?: MissingLimitCode } {
  const values = [t.highAlarm, t.lowAlarm, t.highWarning, t.lowWarning];
  if (values.some((v) => !Number.isFinite(v))) return { range: null, why: 'the module thresholds are not numbers', code: 'thresholds-not-numbers' };
  if (values.every((v) => v === 0)) return { range: null, why: 'the module thresholds are blank (all zero)', code: 'thresholds-blank' };
  if (t.highAlarm < t.lowAlarm) return { range: null, why: 'the module thresholds are inconsistent (high alarm below low alarm)', code: 'thresholds-inverted' };
  const min = toUnit(t.lowAlarm);
  const max = toUnit(t.highAlarm);
  let warnMin = toUnit(t.lowWarning);
  let warnMax = toUnit(t.highWarning);
  // Warnings outside the alarms would turn "marginal" into nonsense: keep the alarms only.
  if (warnMin !== null && ((min !== null && warnMin < min) || (max !== null && warnMin > max))) warnMin = null;
  if (warnMax !== null && ((max !== null && warnMax > max) || (min !== null && warnMax < min))) warnMax = null;
  if (warnMin !== null && warnMax !== null && warnMin > warnMax) {
    warnMin = null;
    warnMax = null;
  }
  return { range: { min, max, warnMin, warnMax } };
}

function moduleThresholdLimit(parameter: ParameterName, d: Diagnostics | null): ResolvedLimit {
  const source = 'module thresholds';
  const th = d?.thresholds ?? null;
  if (th === null) return { limit: null, source: 'none', kind: 'alarm', missing: 'the module reports no alarm/warning thresholds', missingCode: 'no-thresholds' };
  const identity = (v: number): number => v;
  // Rx thresholds are in the unit the module reports Rx power in (SFF-8472 Table 9-5, SFF-8636
  // page 03h): OMA thresholds for an OMA monitor, so they judge OMA readings.
  const pick = {
    temperatureC: () => rangeFromThresholds(th.temperatureC, identity),
    supplyVoltageV: () => rangeFromThresholds(th.supplyVoltageV, identity),
    txBiasMa: () => rangeFromThresholds(th.txBiasMa, identity),
    txPowerDbm: () => rangeFromThresholds(th.txPowerMw, mwToDbm),
    rxPowerDbm: () => rangeFromThresholds(th.rxPowerMw, mwToDbm),
    rxPowerOmaDbm: () => rangeFromThresholds(th.rxPowerMw, mwToDbm),
  }[parameter]();
  if (pick.range === null) return { limit: null, source: 'none', kind: 'alarm', missing: pick.why ?? 'no usable thresholds', missingCode: pick.code ?? 'no-thresholds' };
  return { limit: pick.range, source, kind: 'alarm' };
}

function profileLimit(parameter: ParameterName, profile: LimitProfile | null, cls: TemperatureClass | undefined): ResolvedLimit | null {
  if (profile === null) return null;
  if (parameter === 'temperatureC') {
    const def = profile.defaultTemperatureClass ?? 'commercial';
    const wanted = cls ?? def;
    const range = profile.temperatureClasses?.[wanted] ?? (wanted === def ? profile.limits.temperatureC : undefined);
    if (range === undefined) return null;
    return { limit: range, source: `${describeProfile(profile)}, ${wanted} case temperature`, kind: 'spec' };
  }
  const range = profile.limits[parameter];
  return range === undefined ? null : { limit: range, source: describeProfile(profile), kind: 'spec' };
}

function limitFor(parameter: ParameterName, profile: LimitProfile | null, d: Diagnostics | null, cls: TemperatureClass | undefined): ResolvedLimit {
  const found = profileLimit(parameter, profile, cls) ?? moduleThresholdLimit(parameter, d);
  if (parameter === 'supplyVoltageV' && found.limit === null) return { limit: HOST_SUPPLY_LIMIT, source: HOST_SUPPLY_SOURCE, kind: 'spec' };
  return found;
}

function describeRange(r: LimitRange, unit: string): string {
  const lo = r.min === null ? '-inf' : String(r.min);
  const hi = r.max === null ? '+inf' : String(r.max);
  return `${lo} to ${hi} ${unit}`;
}

/** A reason in words (stored, English) and the same reason as a code with its figures (translated by the UI). */
export interface Reason {
  reason: string;
  reasonCode: ParameterReasonCode;
  reasonArgs: ReasonArgs;
}

/** pass / marginal / fail of a finite value against a limit; the words say which bound and why. */
export function judgeValue(
  parameter: ParameterName,
  value: number,
  limit: LimitRange,
  kind: LimitKind = 'spec',
): { status: Exclude<VerdictStatus, 'not-measured' | 'not-applicable'> } & Reason {
  const { label, unit, decimals } = PARAMETERS[parameter];
  const v = round(value, decimals);
  const shown = `${label} ${fmt(value, decimals)} ${unit}`;
  const r = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : round(x, decimals));
  const min = r(limit.min);
  const max = r(limit.max);
  const warnMin = r(limit.warnMin);
  const warnMax = r(limit.warnMax);
  const lowWord = kind === 'spec' ? 'spec minimum' : "the module's low alarm";
  const highWord = kind === 'spec' ? 'spec maximum' : "the module's high alarm";
  if (min !== null && v < min) return { status: 'fail', reason: `${shown} below ${lowWord} ${min} ${unit}`, reasonCode: 'below-min', reasonArgs: { value: v, bound: min, limitKind: kind } };
  if (max !== null && v > max) return { status: 'fail', reason: `${shown} above ${highWord} ${max} ${unit}`, reasonCode: 'above-max', reasonArgs: { value: v, bound: max, limitKind: kind } };
  const within = `within ${kind === 'spec' ? 'spec' : 'the module alarms'} ${describeRange({ min, max }, unit)}`;
  if (warnMin !== null && v < warnMin) {
    return { status: 'marginal', reason: `${shown} below warning ${warnMin} ${unit}, ${within}`, reasonCode: 'below-warn', reasonArgs: { value: v, bound: warnMin, min, max, limitKind: kind } };
  }
  if (warnMax !== null && v > warnMax) {
    return { status: 'marginal', reason: `${shown} above warning ${warnMax} ${unit}, ${within}`, reasonCode: 'above-warn', reasonArgs: { value: v, bound: warnMax, min, max, limitKind: kind } };
  }
  return { status: 'pass', reason: `${shown} ${within}`, reasonCode: 'within', reasonArgs: { value: v, min, max, limitKind: kind } };
}

// ---- what the module declares ----

const OUTCOME_WORDS: Readonly<Record<'refused' | 'timeout' | 'fault', string>> = { refused: 'refused', timeout: 'timed out', fault: 'module fault while coming up' };

const MEDIA_WORDS: Readonly<Record<MediaKind, string>> = {
  optical: 'optical module',
  'active-optical-cable': 'active optical cable',
  'passive-copper': 'passive copper cable',
  'active-copper': 'active copper cable',
  'base-t': 'BASE-T (copper) module',
  unknown: 'media not declared',
};

/**
 * Declarations for a module that carries none (a run stored before decoders filled them, or a
 * CMIS module before its decoder does): derived from what was decoded, conservatively. A module
 * whose monitors the bench did not read is taken to have them (they apply, and are not measured);
 * a media nobody declared keeps "unknown", which never turns a zero reading into "no light".
 */
export function deriveDeclarations(m: DecodedModule): Declarations {
  const text = m.compliance.join(' | ');
  let media: MediaKind = 'unknown';
  if (/AOC|Active Optical/i.test(text)) media = 'active-optical-cable';
  else if (/ACC|Active Copper|Copper Active/i.test(text)) media = 'active-copper';
  else if (/Passive cable|CR\d?\b|CA-25G|1000BASE-CX|Copper Passive|twin axial/i.test(text)) media = 'passive-copper';
  else if (/BASE-T\b/i.test(text)) media = 'base-t';
  else if (m.wavelengthNm !== null) media = 'optical';
  const d = m.diagnostics;
  const notRead = m.standard === 'CMIS' || m.standard === 'unknown' || m.problems.some((p) => ['A2H_ABSENT', 'A2H_ADDRESS_CHANGE', 'IMAGE_TRUNCATED'].includes(p.code));
  const has = d !== null || notRead;
  const laser = media === 'optical' || media === 'active-optical-cable' || media === 'unknown';
  const details = m.details ?? {};
  return {
    media,
    hasLaser: laser,
    monitors: { temperature: has, supplyVoltage: has, txBias: has && laser, txPower: has && laser, rxPower: has && laser },
    rxPowerMeasurement: d?.rxPowerMeasurement ?? 'average',
    flatMemory: typeof details.flatMemory === 'boolean' ? details.flatMemory : null,
    powerClass: typeof details.powerClass === 'number' ? details.powerClass : null,
    sources: ['derived by the bench from the decoded module (no declarations were stored with it)'],
  };
}

/** Where "this monitor is not there" comes from, in the standard's words. */
const SFF8636_MONITOR_BIT: Partial<Record<ParameterName, string>> = { temperatureC: 'bit 5', supplyVoltageV: 'bit 4', txPowerDbm: 'bit 2' };

function notMonitoredSource(standard: DecodedModule['standard'], parameter: ParameterName): string {
  if (standard === 'SFF-8636') {
    const bit = SFF8636_MONITOR_BIT[parameter];
    return bit === undefined ? 'not declared by the module' : `SFF-8636 byte 220 ${bit} clear`;
  }
  if (standard === 'SFF-8472') return 'SFF-8472 A0h byte 92 bit 6 clear';
  if (standard === 'CMIS') return 'not advertised (CMIS page 01h bytes 159-160)';
  return 'not declared by the module';
}

// ---- the parameter verdicts ----

/** Rx power as the module reports it: OMA is its own parameter, judged only by OMA limits. */
function rxParameterOf(decl: Declarations): ParameterName {
  return decl.rxPowerMeasurement === 'oma' && decl.monitors.rxPower ? 'rxPowerOmaDbm' : 'rxPowerDbm';
}

interface Ctx {
  m: DecodedModule;
  d: Diagnostics | null;
  decl: Declarations;
  setup: TestSetup;
  lim: (p: ParameterName) => ResolvedLimit;
}

function verdict(parameter: ParameterName, lane: number | null, value: number | null, lim: ResolvedLimit | null, status: VerdictStatus, why: Reason): ParameterVerdict {
  return {
    parameter,
    lane,
    value,
    unit: PARAMETERS[parameter].unit,
    status,
    limit: lim?.limit ?? null,
    limitSource: lim?.source ?? 'none',
    reason: why.reason,
    reasonCode: why.reasonCode,
    reasonArgs: why.reasonArgs,
  };
}

function judged(parameter: ParameterName, lane: number | null, value: number, lim: ResolvedLimit): ParameterVerdict {
  const { label, unit, decimals } = PARAMETERS[parameter];
  if (!Number.isFinite(value)) {
    return verdict(parameter, lane, null, lim, 'not-measured', {
      reason: `${label} reading is not a number (${String(value)})`,
      reasonCode: 'not-a-number',
      reasonArgs: { raw: String(value) },
    });
  }
  if (lim.limit === null) {
    // Measured but nothing to judge it by: say so rather than pass it.
    return verdict(parameter, lane, round(value, decimals), lim, 'not-measured', {
      reason: `${label} ${fmt(value, decimals)} ${unit} not judged: no limit (no profile figure and ${lim.missing ?? 'no module thresholds'})`,
      reasonCode: 'no-limit',
      reasonArgs: { value: round(value, decimals), missing: lim.missingCode ?? 'no-thresholds' },
    });
  }
  const j = judgeValue(parameter, value, lim.limit, lim.kind);
  return verdict(parameter, lane, round(value, decimals), lim, j.status, j);
}

function laneWord(lane: number | null): string {
  return lane === null ? '' : ` (lane ${lane})`;
}

/** Why a parameter does not apply to this module, or null when it does. */
function notApplicable(ctx: Ctx, p: ParameterName, lane: number | null): Reason | null {
  const { decl, m } = ctx;
  const label = PARAMETERS[p].label;
  const laserParam = SIGNAL_PATH.has(p);
  if (laserParam && !decl.hasLaser) {
    const media = MEDIA_WORDS[decl.media];
    return { reason: `${label} not applicable: ${media}: no laser${p === 'txBiasMa' || p === 'txPowerDbm' ? '' : ' and no receiver optics'}`, reasonCode: 'no-laser', reasonArgs: { media: decl.media } };
  }
  const monitored = {
    temperatureC: decl.monitors.temperature,
    supplyVoltageV: decl.monitors.supplyVoltage,
    txBiasMa: decl.monitors.txBias,
    txPowerDbm: decl.monitors.txPower,
    rxPowerDbm: decl.monitors.rxPower,
    rxPowerOmaDbm: decl.monitors.rxPower,
  }[p];
  if (!monitored) {
    const noDdm = m.standard === 'SFF-8472' && !Object.values(decl.monitors).some(Boolean);
    if (noDdm) return { reason: `${label} not applicable: the module has no digital diagnostics (SFF-8472 A0h byte 92 bit 6 clear)`, reasonCode: 'no-ddm', reasonArgs: {} };
    const source = notMonitoredSource(m.standard, p);
    return { reason: `${label} not applicable: not monitored by the module (${source})${laneWord(lane)}`, reasonCode: 'not-monitored', reasonArgs: { source, lane } };
  }
  return null;
}

const allZero = (d: Diagnostics): boolean => d.lanes.every((l) => l.txBiasMa === 0 && l.txPowerMw === 0);

/**
 * Why the laser readings of lane `i` are not valid readings of a working laser, or null when
 * they are. The bench judges lasers only when they were meant to be on: the reader brought the
 * module up, or nothing needed bringing up. SFF-8636 byte 93 / the LPMode pin (low power: lasers
 * off), a software or pin Tx disable, and a bring-up that failed all make "no light" meaningless.
 */
function laserBlocked(ctx: Ctx, i: number): Reason | null {
  const { d, m, setup } = ctx;
  if (d === null) return null;
  const outcome = setup.laser?.outcome ?? 'unknown';
  if (outcome === 'refused' || outcome === 'timeout' || outcome === 'fault') {
    const detail = setup.laser?.detail ?? '';
    return {
      reason: `not measured: the lasers could not be brought up (${OUTCOME_WORDS[outcome]}: ${detail})`,
      reasonCode: 'laser-bring-up',
      reasonArgs: { outcome, detail },
    };
  }
  const st = d.status ?? {};
  const soft = m.standard === 'SFF-8472' ? st.softTxDisable === true : (st.softTxDisableLanes?.[i] ?? st.txDisable === true);
  if (soft) {
    const where = m.standard === 'SFF-8472' ? 'SFF-8472 A2h byte 110 bit 6' : 'SFF-8636 byte 86';
    return { reason: `not measured: Tx disabled by software (${where})`, reasonCode: 'tx-disabled', reasonArgs: { by: 'software', source: where, lane: d.lanes.length > 1 ? i + 1 : null } };
  }
  if (m.standard === 'SFF-8472' && st.txDisable === true) {
    return { reason: 'not measured: TX_DISABLE asserted (A2h byte 110 bit 7): the laser is held off', reasonCode: 'tx-disabled', reasonArgs: { by: 'pin', lane: null } };
  }
  if (outcome === 'done' || outcome === 'not-needed') return null;
  const pc = ctx.decl.powerClass;
  if (outcome === 'as-is' && allZero(d)) {
    return { reason: 'not measured: the lasers were off (low-power mode; read as-is, without powering up)', reasonCode: 'lasers-off', reasonArgs: { mode: 'as-is', powerClass: pc } };
  }
  if (st.powerMode === 'low-power') {
    return {
      reason: `not measured: the lasers were off (low-power mode: SFF-8636 byte 93 keeps a power class ${pc ?? '?'} module in low power)`,
      reasonCode: 'lasers-off',
      reasonArgs: { mode: 'low-power', powerClass: pc },
    };
  }
  if (st.powerMode === 'pin' && allZero(d)) {
    return {
      reason: `not measured: the lasers were off (low-power mode: power class ${pc ?? '?'}, byte 93 leaves it to the LPMode pin, and no lane shows bias or power)`,
      reasonCode: 'lasers-off',
      reasonArgs: { mode: 'pin', powerClass: pc },
    };
  }
  return null;
}

function withLabel(p: ParameterName, why: Reason): Reason {
  return { ...why, reason: `${PARAMETERS[p].label} ${why.reason}` };
}

function laneVerdicts(ctx: Ctx, i: number, lane: number | null): ParameterVerdict[] {
  const { d, decl, setup, lim } = ctx;
  if (d === null) return [];
  const l = d.lanes[i];
  if (l === undefined) return [];
  const rxParam = rxParameterOf(decl);
  const params: ParameterName[] = ['txBiasMa', 'txPowerDbm', rxParam];
  if (l.dataPathActive === false) {
    return params.map((p) =>
      verdict(p, lane, null, null, 'not-applicable', { reason: `${PARAMETERS[p].label} not applicable: data path not activated${laneWord(lane)}`, reasonCode: 'data-path-inactive', reasonArgs: { lane } }),
    );
  }
  const blocked = laserBlocked(ctx, i);
  const out: ParameterVerdict[] = [];
  const st = d.status ?? {};
  const txFault = st.txFault === true || st.txFaultLanes?.[i] === true;

  // Tx bias.
  const biasNa = notApplicable(ctx, 'txBiasMa', lane);
  if (biasNa !== null) out.push(verdict('txBiasMa', lane, null, null, 'not-applicable', biasNa));
  else if (blocked !== null) out.push(verdict('txBiasMa', lane, null, lim('txBiasMa'), 'not-measured', withLabel('txBiasMa', blocked)));
  else if (!decl.monitors.txPower && d.lanes.every((x) => x.txBiasMa === 0)) {
    // Nothing else on the lane says whether the laser runs: 0 mA everywhere is a dead module, a
    // laser held off, or a module that does not report bias. TX_FAULT is the one thing that says.
    out.push(
      txFault
        ? verdict('txBiasMa', lane, 0, lim('txBiasMa'), 'fail', { reason: `Tx bias: TX_FAULT asserted${lane === null ? '' : ` on lane ${lane}`} and no bias current`, reasonCode: 'tx-fault', reasonArgs: { lane } })
        : verdict('txBiasMa', lane, 0, lim('txBiasMa'), 'not-measured', {
            reason: 'Tx bias not judged: every lane reads 0 mA and Tx power is not monitored (laser off, failed, or bias not reported)',
            reasonCode: 'bias-unconfirmed',
            reasonArgs: {},
          }),
    );
  } else out.push(judged('txBiasMa', lane, l.txBiasMa, lim('txBiasMa')));

  // Tx power.
  const txNa = notApplicable(ctx, 'txPowerDbm', lane);
  if (txNa !== null) out.push(verdict('txPowerDbm', lane, null, null, 'not-applicable', txNa));
  else if (blocked !== null) out.push(verdict('txPowerDbm', lane, null, lim('txPowerDbm'), 'not-measured', withLabel('txPowerDbm', blocked)));
  else if (l.txPowerDbm === null) {
    if (decl.media === 'unknown') {
      out.push(
        verdict('txPowerDbm', lane, null, lim('txPowerDbm'), 'not-measured', {
          reason: `Tx power: no light${lane === null ? '' : ` on lane ${lane}`} (${l.txPowerMw} mW), but the module does not say it has a laser (media not declared)`,
          reasonCode: 'no-light-media-unknown',
          reasonArgs: { lane, mw: l.txPowerMw },
        }),
      );
    } else {
      const cause: NoLightCause = txFault ? 'tx-fault' : 'unknown';
      const why = cause === 'tx-fault' ? 'TX_FAULT asserted: laser failed' : 'laser off or failed';
      out.push(verdict('txPowerDbm', lane, null, lim('txPowerDbm'), 'fail', { reason: `Tx power: no light${laneWord(lane)} (${l.txPowerMw} mW; ${why})`, reasonCode: 'no-light', reasonArgs: { lane, mw: l.txPowerMw, cause } }));
    }
  } else out.push(judged('txPowerDbm', lane, l.txPowerDbm, lim('txPowerDbm')));

  // Rx power, average or OMA (never one judged by the other's limits).
  const rxNa = notApplicable(ctx, rxParam, lane);
  const rxLim = lim(rxParam);
  if (rxNa !== null) out.push(verdict(rxParam, lane, null, null, 'not-applicable', rxNa));
  else if (!setup.rxLightSource) {
    out.push(verdict(rxParam, lane, null, rxLim, 'not-measured', { reason: `${PARAMETERS[rxParam].label} not measured: no light source or loopback attached`, reasonCode: 'rx-no-source', reasonArgs: {} }));
  } else if (blocked !== null && blocked.reasonCode !== 'tx-disabled') {
    // Low power or a failed bring-up turns the receiver off too; a disabled transmitter does not.
    out.push(verdict(rxParam, lane, null, rxLim, 'not-measured', withLabel(rxParam, blocked)));
  } else if (l.rxPowerDbm === null) {
    out.push(verdict(rxParam, lane, null, rxLim, 'fail', { reason: `${PARAMETERS[rxParam].label}: no light received${laneWord(lane)} although a light source or loopback is attached`, reasonCode: 'rx-no-light', reasonArgs: { lane } }));
  } else if (rxParam === 'rxPowerOmaDbm' && rxLim.limit === null) {
    out.push(
      verdict(rxParam, lane, round(l.rxPowerDbm, 2), rxLim, 'not-measured', {
        reason: `Rx power (OMA) ${fmt(l.rxPowerDbm, 2)} dBm not judged: the module reports OMA and neither the profile nor the module gives an OMA limit (average-power limits do not apply)`,
        reasonCode: 'oma-no-limit',
        reasonArgs: { value: round(l.rxPowerDbm, 2) },
      }),
    );
  } else out.push(judged(rxParam, lane, l.rxPowerDbm, rxLim));
  return out;
}

function supplyVerdict(ctx: Ctx): ParameterVerdict {
  const d = ctx.d as Diagnostics;
  const lim = ctx.lim('supplyVoltageV');
  const v = judged('supplyVoltageV', null, d.supplyVoltageV, lim);
  if (v.status !== 'fail' || lim.limit === null) return v;
  // On the bench the module's Vcc is the programmer's supply: out of range says the bench is
  // wrong, not the module, and every other reading taken under it is suspect.
  const value = round(d.supplyVoltageV, PARAMETERS.supplyVoltageV.decimals);
  return verdict('supplyVoltageV', null, value, lim, 'not-measured', {
    reason: `Supply voltage ${fmt(value, 4)} V outside ${describeRange(lim.limit, 'V')}: the programmer's 3.3 V supply is out of range; check it and read again (not a module fault)`,
    reasonCode: 'supply-out-of-range',
    reasonArgs: { value, min: lim.limit.min, max: lim.limit.max },
  });
}

function parameterVerdicts(ctx: Ctx): ParameterVerdict[] {
  const { d, m, decl } = ctx;
  const rxParam = rxParameterOf(decl);
  const order: ParameterName[] = ['temperatureC', 'supplyVoltageV', 'txBiasMa', 'txPowerDbm', rxParam];

  const notMeasuredAll = (reason: string, reasonCode: ParameterReasonCode, args: ReasonArgs = {}): ParameterVerdict[] =>
    order.map((p) => {
      const na = notApplicable(ctx, p, null);
      if (na !== null) return verdict(p, null, null, null, 'not-applicable', na);
      return verdict(p, null, null, ctx.lim(p), 'not-measured', { reason: `${PARAMETERS[p].label} not measured: ${reason}`, reasonCode, reasonArgs: args });
    });
  if (d === null) {
    if (m.standard === 'CMIS' || m.standard === 'unknown') {
      return notMeasuredAll(`the bench does not read this module's monitors (${m.standard})`, 'monitors-not-decoded', { standard: m.standard });
    }
    return m.problems.some((p) => p.code === 'A2H_ADDRESS_CHANGE')
      ? notMeasuredAll('diagnostics need an address-change sequence the bench does not perform', 'diagnostics-address-change')
      : notMeasuredAll('the module has diagnostics but they are not in this image (not read)', 'no-diagnostics');
  }
  if (d.status?.dataNotReady === true) {
    return notMeasuredAll('the module reports data not ready, so its readings are not valid yet', 'data-not-ready');
  }

  const out: ParameterVerdict[] = [];
  const tNa = notApplicable(ctx, 'temperatureC', null);
  out.push(tNa !== null ? verdict('temperatureC', null, null, null, 'not-applicable', tNa) : judged('temperatureC', null, d.temperatureC, ctx.lim('temperatureC')));
  const vNa = notApplicable(ctx, 'supplyVoltageV', null);
  out.push(vNa !== null ? verdict('supplyVoltageV', null, null, null, 'not-applicable', vNa) : supplyVerdict(ctx));
  const multi = d.lanes.length > 1;
  d.lanes.forEach((_, i) => out.push(...laneVerdicts(ctx, i, multi ? i + 1 : null)));
  return out;
}

// ---- the overall verdict ----

function stepsOrdered(steps: Iterable<NextStep>): NextStep[] {
  const set = new Set(steps);
  return NEXT_STEPS.filter((s) => set.has(s));
}

function incompleteReasons(ctx: Ctx, verdicts: readonly ParameterVerdict[], integrity: readonly IntegrityCheck[]): IncompleteReason[] {
  const fromFile = ctx.setup.imageSource !== 'programmer';
  const out: IncompleteReason[] = [];
  const add = (r: IncompleteReason): void => {
    if (!out.some((x) => x.code === r.code)) out.push(r);
  };
  const nm = verdicts.filter((v) => v.status === 'not-measured' && v.reasonCode !== 'rx-no-source');
  const supply = nm.find((v) => v.reasonCode === 'supply-out-of-range');
  if (supply !== undefined) {
    add({ code: 'supply-out-of-range', reason: supply.reason, args: supply.reasonArgs ?? {}, steps: ['check-supply'] });
  }
  const std = ctx.m.standard;
  for (const v of nm) {
    switch (v.reasonCode) {
      case 'data-not-ready':
        add({ code: 'data-not-ready', reason: 'the module reports data not ready: its monitors are not valid yet', args: {}, steps: ['read-again'] });
        break;
      case 'no-diagnostics':
        add({ code: 'monitors-not-read', reason: 'the module has diagnostics but they are not in this image', args: { standard: std }, steps: ['read-on-bench'] });
        break;
      case 'diagnostics-address-change':
        add({ code: 'diagnostics-address-change', reason: 'the diagnostics need an address-change sequence the bench does not perform', args: {}, steps: ['external-test'] });
        break;
      case 'monitors-not-decoded':
        add({ code: 'monitors-not-decoded', reason: `the bench does not read this module's monitors (${std})`, args: { standard: std }, steps: ['external-test'] });
        break;
      case 'lasers-off':
        add({ code: 'lasers-off', reason: 'the lasers were off (low-power mode), so laser parameters could not be judged', args: v.reasonArgs ?? {}, steps: [fromFile ? 'read-on-bench' : 'power-up'] });
        break;
      case 'laser-bring-up':
        add({ code: 'laser-bring-up', reason: 'the lasers could not be brought up', args: v.reasonArgs ?? {}, steps: ['read-again', 'external-test'] });
        break;
      case 'tx-disabled':
        add({ code: 'tx-disabled', reason: 'Tx was disabled, so laser parameters could not be judged', args: { by: v.reasonArgs?.by ?? 'software' }, steps: ['read-again'] });
        break;
      case 'no-limit': {
        const names = [...new Set(nm.filter((x) => x.reasonCode === 'no-limit').map((x) => x.parameter))].join(',');
        // Thresholds absent from a file (QSFP page 03h not dumped) are there on the module.
        const absent = nm.some((x) => x.reasonCode === 'no-limit' && x.reasonArgs?.missing === 'no-thresholds');
        add({ code: 'no-limit', reason: `measured without a limit to judge by (${names})`, args: { name: names }, steps: [absent && fromFile ? 'read-on-bench' : 'external-test'] });
        break;
      }
      case 'oma-no-limit':
        add({ code: 'oma-no-limit', reason: 'Rx power is reported as OMA and no OMA limit applies', args: {}, steps: ['external-test'] });
        break;
      case 'bias-unconfirmed':
        add({ code: 'bias-unconfirmed', reason: 'no lane shows bias current and Tx power is not monitored', args: {}, steps: ['external-test'] });
        break;
      case 'no-light-media-unknown':
        add({ code: 'no-light-media-unknown', reason: 'no light, but the module does not say it has a laser', args: {}, steps: ['external-test'] });
        break;
      case 'not-a-number':
        add({ code: 'data-not-ready', reason: 'a monitor reading is not a number', args: {}, steps: ['read-again'] });
        break;
      default:
        break;
    }
  }
  const unconfirmed = integrity.filter((c) => c.status === 'unconfirmed');
  if (unconfirmed.length > 0) {
    add({
      code: 'checksum-unconfirmed',
      reason: 'a stored checksum is wrong in this image, which was read only once: read the module on the bench to tell corrupted memory from a bad read',
      args: { name: unconfirmed.map((c) => c.check).join(',') },
      steps: ['read-on-bench'],
    });
  }
  const signal = verdicts.filter((v) => SIGNAL_PATH.has(v.parameter));
  const judgedSignal = signal.some((v) => v.status === 'pass' || v.status === 'marginal' || v.status === 'fail');
  const blockedSignal = signal.some((v) => v.status === 'not-measured' && v.reasonCode !== 'rx-no-source');
  if (!judgedSignal && !blockedSignal) {
    // Nothing in the read shows the signal path works: a passive cable, a module without
    // diagnostics, Tx power not monitored and no light source. Temperature and the bench's own
    // supply voltage say nothing about it.
    const rxPossible = signal.some((v) => v.reasonCode === 'rx-no-source');
    add({
      code: 'no-signal-path',
      reason: `nothing the read shows judges the signal path (${MEDIA_WORDS[ctx.decl.media]}${rxPossible ? '; Rx power needs a light source' : ''})`,
      args: { media: ctx.decl.media },
      steps: rxPossible ? ['attach-light-source', 'external-test'] : ['external-test'],
    });
  }
  return out;
}

function overallOf(verdicts: readonly ParameterVerdict[], integrity: readonly IntegrityCheck[], incomplete: readonly IncompleteReason[]): OverallVerdict {
  // A confirmed fault (corrupted memory) stands whatever else was or was not measured.
  if (integrity.some((c) => c.status === 'fail')) return 'fail';
  // Under a bad supply no reading is the module's: a parameter out of spec is not evidence.
  if (incomplete.some((r) => r.code === 'supply-out-of-range')) return 'incomplete';
  if (verdicts.some((v) => v.status === 'fail')) return 'fail';
  if (incomplete.length > 0) return 'incomplete';
  // A supply in its warning band is the bench's margin, not the module's: shown on its row only.
  if (verdicts.some((v) => v.status === 'marginal' && v.parameter !== 'supplyVoltageV')) return 'marginal';
  return 'pass';
}

/**
 * Judges a decoded module. Throws LIMIT_PROFILE_NOT_FOUND only when opts.profileId names a
 * profile that does not exist (or has no effective version); otherwise always returns verdicts.
 */
export function evaluateModule(module: DecodedModule, opts: EvaluateOptions): Evaluation {
  const at = opts.at ?? new Date();
  const { profile, matchedBy } = resolveProfile(module, opts.profiles, { profileId: opts.profileId, at });
  const d = module.diagnostics;
  const ctx: Ctx = {
    m: module,
    d,
    decl: module.declarations ?? deriveDeclarations(module),
    setup: opts.setup,
    lim: (p) => limitFor(p, profile, d, opts.temperatureClass),
  };
  const verdicts = parameterVerdicts(ctx);
  const integrity = checkIntegrity(module, { profile, profiles: opts.profiles, on: isoDay(at), imageSource: opts.setup.imageSource ?? 'file' });
  const reasons = incompleteReasons(ctx, verdicts, integrity);
  const overall = overallOf(verdicts, integrity, reasons);
  const incomplete = overall === 'incomplete' ? reasons : [];
  return {
    profile: profile === null ? null : { id: profile.id, version: profile.version, name: profile.name, source: profile.source },
    matchedBy,
    verdicts,
    integrity,
    overall,
    // The warranty's "within spec": every parameter that applies measured and inside its limits
    // (marginal included). Incomplete is not within spec, and not a failure either.
    withinSpec: overall === 'pass' || overall === 'marginal',
    findings: findingsOf(integrity),
    incomplete,
    nextSteps: stepsOrdered(incomplete.flatMap((r) => r.steps)),
    notJudged: [...new Set(verdicts.filter((v) => v.reasonCode === 'rx-no-source').map((v) => v.parameter))],
    setup: opts.setup,
  };
}
