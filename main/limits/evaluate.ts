// Verdicts for one decoded module: each measured parameter against its limit (profile figure,
// else the module's own alarm/warning thresholds), plus integrity checks of the identity data.
// Pure: the clock comes in as `at`, the profiles as data.
import type {
  Evaluation,
  IntegrityCheck,
  LimitKind,
  LimitProfile,
  MissingLimitCode,
  NoLightCause,
  ParameterReasonCode,
  LimitRange,
  OverallVerdict,
  ParameterName,
  ParameterVerdict,
  ReasonArgs,
  TemperatureClass,
  TestSetup,
  VerdictStatus,
} from '../../preload/contract/limits';
import type { DecodedModule, Diagnostics, ThresholdSet } from '../../preload/contract/module';
import { checkIntegrity } from './integrity';
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
};

const PARAMETER_ORDER: readonly ParameterName[] = ['temperatureC', 'supplyVoltageV', 'txBiasMa', 'txPowerDbm', 'rxPowerDbm'];

function round(v: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
}

function fmt(v: number, decimals: number): string {
  return round(v, decimals).toFixed(decimals);
}

interface ResolvedLimit {
  limit: LimitRange | null;
  source: string;
  /** "spec" for a profile figure, "alarm" for the module's own thresholds. */
  kind: 'spec' | 'alarm';
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
  const pick = {
    temperatureC: () => rangeFromThresholds(th.temperatureC, identity),
    supplyVoltageV: () => rangeFromThresholds(th.supplyVoltageV, identity),
    txBiasMa: () => rangeFromThresholds(th.txBiasMa, identity),
    txPowerDbm: () => rangeFromThresholds(th.txPowerMw, mwToDbm),
    rxPowerDbm: () => rangeFromThresholds(th.rxPowerMw, mwToDbm),
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
  return profileLimit(parameter, profile, cls) ?? moduleThresholdLimit(parameter, d);
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
): { status: Exclude<VerdictStatus, 'not-measured'> } & Reason {
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

function verdict(parameter: ParameterName, lane: number | null, value: number | null, lim: ResolvedLimit, status: VerdictStatus, why: Reason): ParameterVerdict {
  return {
    parameter,
    lane,
    value,
    unit: PARAMETERS[parameter].unit,
    status,
    limit: lim.limit,
    limitSource: lim.source,
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
    return verdict(parameter, lane, value, lim, 'not-measured', {
      reason: `${label} ${fmt(value, decimals)} ${unit} not judged: no limit (no profile figure and ${lim.missing ?? 'no module thresholds'})`,
      reasonCode: 'no-limit',
      reasonArgs: { value: round(value, decimals), missing: lim.missingCode ?? 'no-thresholds' },
    });
  }
  const j = judgeValue(parameter, value, lim.limit, lim.kind);
  return verdict(parameter, lane, value, lim, j.status, j);
}

function laneWord(lane: number | null): string {
  return lane === null ? '' : ` (lane ${lane})`;
}

function parameterVerdicts(module: DecodedModule, profile: LimitProfile | null, opts: EvaluateOptions): ParameterVerdict[] {
  const d = module.diagnostics;
  const cls = opts.temperatureClass;
  const lim = (p: ParameterName): ResolvedLimit => limitFor(p, profile, d, cls);

  const notMeasuredAll = (reason: string, reasonCode: ParameterReasonCode): ParameterVerdict[] =>
    PARAMETER_ORDER.map((p) => verdict(p, null, null, lim(p), 'not-measured', { reason: `${PARAMETERS[p].label} not measured: ${reason}`, reasonCode, reasonArgs: {} }));
  if (d === null) {
    return module.problems.some((p) => p.code === 'A2H_ADDRESS_CHANGE')
      ? notMeasuredAll('diagnostics need an address-change sequence the bench does not perform', 'diagnostics-address-change')
      : notMeasuredAll('the module has no diagnostics (digital diagnostic monitoring not implemented or not read)', 'no-diagnostics');
  }
  if (d.status?.dataNotReady === true) {
    return notMeasuredAll('the module reports data not ready, so its readings are not valid yet', 'data-not-ready');
  }

  const out: ParameterVerdict[] = [judged('temperatureC', null, d.temperatureC, lim('temperatureC')), judged('supplyVoltageV', null, d.supplyVoltageV, lim('supplyVoltageV'))];
  const multi = d.lanes.length > 1;
  d.lanes.forEach((l, i) => {
    const lane = multi ? i + 1 : null;
    out.push(judged('txBiasMa', lane, l.txBiasMa, lim('txBiasMa')));

    const tx = lim('txPowerDbm');
    if (l.txPowerDbm === null) {
      const txFault = d.status?.txFault === true || d.status?.txFaultLanes?.[i] === true;
      const cause: NoLightCause = d.status?.txDisable === true ? 'tx-disable' : txFault ? 'tx-fault' : 'unknown';
      const why = { 'tx-disable': 'TX_DISABLE asserted: laser off', 'tx-fault': 'TX_FAULT asserted: laser failed', unknown: 'laser off or failed' }[cause];
      out.push(verdict('txPowerDbm', lane, null, tx, 'fail', {
        reason: `Tx power: no light${laneWord(lane)} (${l.txPowerMw} mW; ${why})`,
        reasonCode: 'no-light',
        reasonArgs: { lane, mw: l.txPowerMw, cause },
      }));
    } else {
      out.push(judged('txPowerDbm', lane, l.txPowerDbm, tx));
    }

    const rx = lim('rxPowerDbm');
    if (!opts.setup.rxLightSource) {
      out.push(verdict('rxPowerDbm', lane, null, rx, 'not-measured', { reason: 'Rx power not measured: no light source or loopback attached', reasonCode: 'rx-no-source', reasonArgs: {} }));
    } else if (l.rxPowerDbm === null) {
      out.push(verdict('rxPowerDbm', lane, null, rx, 'fail', {
        reason: `Rx power: no light received${laneWord(lane)} although a light source or loopback is attached`,
        reasonCode: 'rx-no-light',
        reasonArgs: { lane },
      }));
    } else {
      out.push(judged('rxPowerDbm', lane, l.rxPowerDbm, rx));
    }
  });
  return out;
}

function overallOf(verdicts: readonly ParameterVerdict[], integrity: readonly IntegrityCheck[]): OverallVerdict {
  if (verdicts.some((v) => v.status === 'fail') || integrity.some((c) => c.status === 'fail')) return 'fail';
  if (verdicts.some((v) => v.status === 'marginal')) return 'marginal';
  return 'pass';
}

/**
 * Judges a decoded module. Throws LIMIT_PROFILE_NOT_FOUND only when opts.profileId names a
 * profile that does not exist (or has no effective version); otherwise always returns verdicts.
 */
export function evaluateModule(module: DecodedModule, opts: EvaluateOptions): Evaluation {
  const at = opts.at ?? new Date();
  const { profile, matchedBy } = resolveProfile(module, opts.profiles, { profileId: opts.profileId, at });
  const verdicts = parameterVerdicts(module, profile, opts);
  const integrity = checkIntegrity(module, { profile, profiles: opts.profiles, on: isoDay(at) });
  const overall = overallOf(verdicts, integrity);
  return {
    profile: profile === null ? null : { id: profile.id, version: profile.version, name: profile.name, source: profile.source },
    matchedBy,
    verdicts,
    integrity,
    overall,
    // A checksum or identity fault is a module fault under the policy as much as a parameter out
    // of spec, so the warranty's "pass" is exactly "nothing failed".
    withinSpec: overall !== 'fail',
  };
}
