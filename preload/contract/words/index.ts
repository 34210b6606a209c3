// The words of a verdict, shared by the screen (renderer) and the paper (main/reports): status
// and overall words, parameter and check names, the reason of every verdict, integrity check,
// finding and incomplete run, the next steps, and the warranty decision's words, in English and
// Simplified Chinese. One module both sides import, so the bench and a printed report say the
// same thing for every verdict. Pure: no DOM, no node:*, no i18n runtime (each side passes the
// `t` of its own i18next instance, loaded with WORD_RESOURCES).
//
// main/limits stores each reason twice: an English sentence (kept for runs stored before the
// codes) and a code with its figures; these functions word the code and fall back to the
// stored sentence only when a run predates it.
import type { TFunction } from 'i18next';
import type { Finding, IncompleteReason, IntegrityCheck, IntegrityCheckName, IntegrityStatus, NextStep, OverallVerdict, ParameterName, ParameterVerdict, VerdictStatus } from '../limits';
import type { EvidenceNeed } from '../warranty';
import moduleEn from './locales/en/module.json';
import reasonsEn from './locales/en/reasons.json';
import verdictEn from './locales/en/verdict.json';
import warrantyEn from './locales/en/warranty.json';
import moduleZh from './locales/zh-CN/module.json';
import reasonsZh from './locales/zh-CN/reasons.json';
import soakEn from './locales/en/soak.json';
import soakZh from './locales/zh-CN/soak.json';
import verdictZh from './locales/zh-CN/verdict.json';
import warrantyZh from './locales/zh-CN/warranty.json';

/** i18next resources of the shared words, per language and namespace. */
// soak: the words of soak runs (issue 15): event kinds and details, phases, how a soak ended, the
// bench panel's labels; the report prints the same.
export const WORD_RESOURCES = {
  en: { verdict: verdictEn, reasons: reasonsEn, warranty: warrantyEn, module: moduleEn, soak: soakEn },
  'zh-CN': { verdict: verdictZh, reasons: reasonsZh, warranty: warrantyZh, module: moduleZh, soak: soakZh },
} as const;
export const WORD_NAMESPACES = ['verdict', 'reasons', 'warranty', 'module', 'soak'] as const;
export type WordLanguage = keyof typeof WORD_RESOURCES;

/** The t of an i18next instance that has WORD_RESOURCES loaded (the renderer's, or main's own). */
export type Translate = TFunction;

// The symbols and the shown digits of each unit; the digits main judges each unit at (main/limits
// PARAMETERS): a reason never shows a value rounded past its verdict.
const UNIT_SYMBOL: Record<ParameterVerdict['unit'], string> = { degC: '°C', V: 'V', mA: 'mA', dBm: 'dBm' };
const SHOWN_DIGITS: Record<ParameterVerdict['unit'], number> = { degC: 1, V: 3, mA: 2, dBm: 2 };
const JUDGED_DIGITS: Record<ParameterVerdict['unit'], number> = { degC: 2, V: 4, mA: 3, dBm: 2 };

export const unitSymbol = (u: ParameterVerdict['unit']): string => UNIT_SYMBOL[u];

function formatDay(isoDay: string, lng: string): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? isoDay : new Intl.DateTimeFormat(lng, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(d);
}

function numberIn(lng: string, min: number, max: number): (v: number) => string {
  const f = new Intl.NumberFormat(lng, { minimumFractionDigits: min, maximumFractionDigits: Math.max(min, max) });
  return (v) => f.format(v);
}

export const parameterName = (t: Translate, p: ParameterName): string => t(`verdict:parameter.${p}`);
export const statusWord = (t: Translate, s: VerdictStatus): string => t(`verdict:status.${s}`);
export const overallWord = (t: Translate, s: OverallVerdict): string => t(`verdict:overall.${s}`);
export const integrityStatusWord = (t: Translate, s: IntegrityStatus): string => t(`verdict:integrityStatus.${s}`);
export const checkName = (t: Translate, c: IntegrityCheckName): string => t(`verdict:check.${c}`);
export const nextStepWords = (t: Translate, s: NextStep | EvidenceNeed): string => t(`warranty:need.${s}`);

/** The reason of one parameter verdict, in the language of `t`. */
export function verdictReason(t: Translate, lng: string, v: ParameterVerdict): string {
  const code = v.reasonCode;
  if (code === undefined) return v.reason;
  const a = v.reasonArgs ?? {};
  const digits = JUDGED_DIGITS[v.unit];
  const value = numberIn(lng, SHOWN_DIGITS[v.unit], digits);
  // Limits read as written in the profile ("-7.3"), not padded to the value's digits.
  const limit = numberIn(lng, 0, digits);
  const bound = (x: number | null | undefined) => (x === null || x === undefined ? t('reasons:parameter.unbounded') : limit(x));
  const base = { param: parameterName(t, v.parameter), unit: UNIT_SYMBOL[v.unit] };
  const kind = a.limitKind === 'alarm' ? 'alarm' : 'spec';
  const laneKey = (k: string): string => (a.lane == null ? `reasons:parameter.${k}` : `reasons:parameter.${k}_lane`);
  switch (code) {
    case 'within':
    case 'below-min':
    case 'above-max':
    case 'below-warn':
    case 'above-warn':
      return t(`reasons:parameter.${code}_${kind}`, { ...base, value: a.value === undefined ? '—' : value(a.value), bound: bound(a.bound), min: bound(a.min), max: bound(a.max) });
    case 'no-limit':
      return t('reasons:parameter.no-limit', { ...base, value: a.value === undefined ? '—' : value(a.value), missing: t(`reasons:missing.${a.missing ?? 'no-thresholds'}`) });
    case 'not-a-number':
      return t('reasons:parameter.not-a-number', { ...base, raw: a.raw ?? '' });
    case 'no-light':
      return t(laneKey('no-light'), { ...base, lane: a.lane, mw: a.mw === undefined ? '—' : numberIn(lng, 0, 4)(a.mw), cause: t(`reasons:cause.${a.cause ?? 'unknown'}`) });
    case 'rx-no-light':
    case 'tx-fault':
    case 'data-path-inactive':
      return t(laneKey(code), { ...base, lane: a.lane });
    case 'no-light-media-unknown':
      return t(laneKey(code), { ...base, lane: a.lane, mw: a.mw === undefined ? '—' : numberIn(lng, 0, 4)(a.mw) });
    case 'no-laser':
      return t(v.parameter === 'txBiasMa' || v.parameter === 'txPowerDbm' ? 'reasons:parameter.no-laser' : 'reasons:parameter.no-laser_rx', { ...base, media: t(`verdict:media.${a.media ?? 'unknown'}`) });
    case 'not-monitored':
      return t(laneKey('not-monitored'), { ...base, lane: a.lane, source: a.source ?? '' });
    case 'lasers-off':
      return t(`reasons:parameter.lasers-off_${a.mode === 'low-power' || a.mode === 'pin' ? a.mode : 'as-is'}`, { ...base, powerClass: a.powerClass ?? '?' });
    case 'laser-bring-up':
      return t('reasons:parameter.laser-bring-up', { ...base, outcome: t(`verdict:laserOutcome.${a.outcome ?? 'refused'}`), detail: a.detail ?? '' });
    case 'tx-disabled':
      return t(`reasons:parameter.tx-disabled_${a.by === 'pin' ? 'pin' : 'software'}`, { ...base, source: a.source ?? '' });
    case 'supply-out-of-range':
    case 'oma-no-limit':
      return t(`reasons:parameter.${code}`, { ...base, value: a.value === undefined ? '—' : value(a.value), min: bound(a.min), max: bound(a.max) });
    case 'monitors-not-decoded':
      return t('reasons:parameter.monitors-not-decoded', { ...base, standard: a.standard ?? '' });
    case 'no-diagnostics':
    case 'diagnostics-address-change':
    case 'data-not-ready':
    case 'rx-no-source':
    case 'no-ddm':
    case 'bias-unconfirmed':
      return t(`reasons:parameter.${code}`, base);
    default:
      // A code from a newer build: its stored sentence still says why.
      return v.reason;
  }
}

const CHECKSUM_LABEL: Partial<Record<IntegrityCheckName, string>> = { checksumBase: 'CC_BASE', checksumExtended: 'CC_EXT', checksumDiagnostics: 'CC_DMI' };
const hexByte = (n: number | undefined) => (n === undefined ? '—' : `0x${n.toString(16).padStart(2, '0')}`);

/** The reason of one integrity check (a finding is one too), in the language of `t`. */
export function integrityReason(t: Translate, lng: string, c: Pick<IntegrityCheck, 'check' | 'reason' | 'reasonCode' | 'reasonArgs'>): string {
  const code = c.reasonCode;
  if (code === undefined) return c.reason;
  const a = c.reasonArgs ?? {};
  const label = CHECKSUM_LABEL[c.check] ?? c.check;
  const list = (keys: string | undefined) =>
    new Intl.ListFormat(lng, { type: 'conjunction' }).format((keys ?? '').split(',').filter((k) => k !== '').map((k) => t(`reasons:field.${k}`, { defaultValue: k })));
  const day = (d: string | undefined) => (d === undefined ? '—' : formatDay(d, lng));
  const nm = (n: number | undefined) => (n === undefined ? '—' : numberIn(lng, 0, 2)(n));
  const claimed = a.claimed === undefined || a.claimed === '' ? t('reasons:integrity.noInterface') : a.claimed;
  switch (code) {
    case 'checksum-ok':
    case 'checksum-mismatch':
    case 'checksum-unconfirmed':
    case 'checksum-not-in-image':
    case 'checksum-no-a2h':
    case 'checksum-not-separate':
      return t(`reasons:integrity.${code}`, { label, stored: hexByte(a.stored), computed: hexByte(a.computed), standard: a.standard ?? '' });
    case 'vendor-fields-ok':
      return t('reasons:integrity.vendor-fields-ok');
    case 'vendor-fields-bad': {
      const parts: string[] = [];
      if ((a.nonPrintable ?? '') !== '') parts.push(t('reasons:integrity.nonPrintable', { fields: list(a.nonPrintable) }));
      if ((a.blank ?? '') !== '') parts.push(t('reasons:integrity.blank', { fields: list(a.blank) }));
      return parts.length === 0 ? c.reason : parts.join(lng.startsWith('zh') ? '；' : '; ');
    }
    case 'date-code-ok':
    case 'date-code-invalid':
    case 'date-code-future':
    case 'date-code-blank':
      return t(`reasons:integrity.${code}`, { raw: a.raw ?? '', date: day(a.date), on: day(a.on) });
    case 'date-code-layout':
      return t('reasons:integrity.date-code-layout', { raw: a.raw ?? '', date: day(a.date), layout: t(`reasons:layout.${a.layout ?? 'YYYYMMDD'}`, { defaultValue: a.layout ?? '' }) });
    case 'lot-code-nonprintable':
      return t('reasons:integrity.lot-code-nonprintable', { raw: a.raw ?? '', date: day(a.date), bytes: a.bytes ?? '' });
    case 'wavelength-no-window':
      return t(a.nm === undefined ? 'reasons:integrity.wavelength-no-window' : 'reasons:integrity.wavelength-no-window_nm', { nm: nm(a.nm), claimed });
    case 'wavelength-not-in-image':
      return t('reasons:integrity.wavelength-not-in-image');
    case 'wavelength-missing':
    case 'wavelength-fits':
    case 'wavelength-mismatch':
      return t(`reasons:integrity.${code}`, { nm: nm(a.nm), expected: a.expected ?? '' });
    case 'identifier-ok':
    case 'identifier-unknown':
    case 'identifier-undecodable':
      return t(`reasons:integrity.${code}`, { code: hexByte(a.code), name: a.name ?? '', standard: a.standard ?? '' });
    default:
      return c.reason;
  }
}

/** A finding in the language of `t` (its check's name is checkName). */
export function findingReason(t: Translate, lng: string, f: Finding): string {
  return integrityReason(t, lng, f);
}

/** Why a run is incomplete, in the language of `t`. */
export function incompleteReason(t: Translate, r: IncompleteReason): string {
  const a = r.args ?? {};
  const key = `verdict:incomplete.${r.code}`;
  const words = t(key, { standard: a.standard ?? '', outcome: a.outcome === undefined ? '' : t(`verdict:laserOutcome.${a.outcome}`), media: t(`verdict:media.${a.media ?? 'unknown'}`), defaultValue: r.reason });
  return words === key ? r.reason : words;
}

/**
 * Where a verdict's limit came from, in the language of `t`. main/limits writes it as data-like
 * English ("profile ieee-10gbase-sr v1 (IEEE 802.3 clause 52.5), commercial case temperature",
 * "module thresholds", "none"); the profile id and its clause stay as written, being identifiers
 * and a citation. Anything else (a future form) is shown as stored.
 */
export function limitSourceWords(t: Translate, source: string): string {
  if (source === 'module thresholds') return t('reasons:source.moduleThresholds');
  if (source === 'none') return t('reasons:source.none');
  if (source === 'host supply 3.3 V +/- 5 % (SFF-8419 / SFF-8679)') return t('reasons:source.hostSupply');
  const m = /^profile (\S+ v\d+ \(.*\))(?:, (commercial|extended|industrial) case temperature)?$/.exec(source);
  if (m === null || m[1] === undefined) return source;
  if (m[2] === undefined) return t('reasons:source.profile', { profile: m[1] });
  return t('reasons:source.profileWithClass', { profile: m[1], tempClass: t(`reasons:source.class.${m[2]}`) });
}

// ---- the module's own state: alarm and warning flags, CMIS states (issue 12, issue 13 item 7) ----

/** The monitored quantities whose flags the decoders name "<quantity>High" / "<quantity>LowLane2". */
export const FLAG_QUANTITIES = ['temperature', 'supplyVoltage', 'txBias', 'txPower', 'rxPower'] as const;
export type FlagQuantity = (typeof FLAG_QUANTITIES)[number];

export interface ParsedFlag {
  quantity: FlagQuantity;
  direction: 'High' | 'Low';
  lane: number | null;
}

/**
 * A decoder flag name ("temperatureHigh", "rxPowerLowLane2": SFF-8472 A2h 112-117, SFF-8636
 * bytes 6-14, CMIS byte 9 and page 11h) as its parts; null for a name of another shape.
 */
export function parseFlagName(name: string): ParsedFlag | null {
  const m = /^(temperature|supplyVoltage|txBias|txPower|rxPower)(High|Low)(?:Lane(\d+))?$/.exec(name);
  if (m === null) return null;
  return { quantity: m[1] as FlagQuantity, direction: m[2] as 'High' | 'Low', lane: m[3] === undefined ? null : Number(m[3]) };
}

/** One alarm or warning flag in words: "Temperature high alarm", "Rx power low warning, lane 2". */
export function flagWords(t: Translate, name: string, kind: 'alarm' | 'warning'): string {
  const f = parseFlagName(name);
  if (f === null) return name;
  const quantity = t(`module:quantity.${f.quantity}`);
  return t(`module:flag.${f.direction}_${kind}${f.lane === null ? '' : '_lane'}`, { quantity, lane: f.lane ?? '' });
}

/**
 * The raised flags of a reading in words, each once: a value past its alarm threshold is past
 * its warning threshold too, and the module raises both; the alarm says it all (the monitor once
 * printed "temperatureHigh, temperatureHigh").
 */
export function raisedFlagWords(t: Translate, flags: { alarms: readonly string[]; warnings: readonly string[] }): string[] {
  const alarms = new Set(flags.alarms);
  return [...[...alarms].map((n) => flagWords(t, n, 'alarm')), ...[...new Set(flags.warnings)].filter((n) => !alarms.has(n)).map((n) => flagWords(t, n, 'warning'))];
}

/** A CMIS page 11h lane flag ("txFault", "rxLos", ...) in words. */
export const laneFlagWords = (t: Translate, name: string): string => t(`module:laneFlag.${name}`, { defaultValue: name });
/** A CMIS latched module flag ("moduleStateChanged", "aux2HighAlarm", ...) in words. */
export const moduleFlagWords = (t: Translate, name: string): string => t(`module:moduleFlag.${name}`, { defaultValue: name });

/** A coded state in words; a code the words do not know shows its code and the decoder's name. */
function codeWords(t: Translate, table: string, c: { code: number; name: string }): string {
  const key = `module:${table}.${c.code}`;
  const words = t(key, { defaultValue: '' });
  return words === '' || words === key ? t('module:unknownCode', { code: c.code, name: c.name }) : words;
}
/** CMIS module state (byte 3) in words. */
export const moduleStateWords = (t: Translate, c: { code: number; name: string }): string => codeWords(t, 'moduleState', c);
/** CMIS data path state (page 11h) in words; `short` for a lane grid cell. */
export const dataPathStateWords = (t: Translate, c: { code: number; name: string }, short = false): string => codeWords(t, short ? 'dataPathShort' : 'dataPathState', c);
/** CMIS module fault cause (byte 41) in words. */
export const faultCauseWords = (t: Translate, c: { code: number; name: string }): string => codeWords(t, 'faultCause', c);

/**
 * How the limit profile was chosen (main/limits resolveProfile writes "requested", "module
 * thresholds", "part number PN", "interface NAME") in the language of `t`; the part number and
 * the interface name are identifiers and stay as written.
 */
export function matchedByWords(t: Translate, how: string): string {
  if (how === 'requested') return t('module:matchedBy.requested');
  if (how === 'module thresholds') return t('module:matchedBy.moduleThresholds');
  const pn = /^part number (.*)$/.exec(how);
  if (pn !== null) return t('module:matchedBy.partNumber', { pn: pn[1] ?? '' });
  const iface = /^interface (.*)$/.exec(how);
  // SFF-8024's "A/B" names reach here as "A or B" (cmis-tables interfaceShortName): the names stay, the "or" is the page's.
  if (iface !== null) return t('module:matchedBy.interface', { name: (iface[1] ?? '').split(' or ').join(t('module:matchedBy.or')) });
  return how;
}

/**
 * A programmer as its driver named it (main/hardware/drivers: the description and the identity
 * from its banner, English, stored with every run as provenance), in the language of `t`. The
 * forms the drivers write are recognised and said again from their parts; any other text (an
 * older run, a driver not known here) is shown as stored.
 */
export function programmerWords(t: Translate, text: string): string {
  let m = /^Bus Pirate \(binary I2C\) on (.+)$/.exec(text);
  if (m) return t('module:programmer.busPirateOn', { path: m[1], interpolation: { escapeValue: false } });
  m = /^Devantech USB-ISS on (.+)$/.exec(text);
  if (m) return t('module:programmer.usbIssOn', { path: m[1], interpolation: { escapeValue: false } });
  m = /^Simulated bench \((.+)\)$/.exec(text) ?? /^simulated bench, module (.+)$/.exec(text);
  if (m) return t('module:programmer.simulated', { name: m[1], interpolation: { escapeValue: false } });
  if (text === 'BBIO1 (binary mode 1)') return t('module:programmer.bbio1');
  m = /^USB-ISS module id (\d+), firmware ([^,]+), mode (0x[0-9a-f]+)$/.exec(text);
  if (m) return t('module:programmer.usbIss', { id: m[1], firmware: m[2], mode: m[3], interpolation: { escapeValue: false } });
  m = /^Bus Pirate ([^,]+)(?:, firmware ([^,]+))?(?:, bootloader ([^,]+))?$/.exec(text);
  if (m && m[1] !== '(hardware not stated)') {
    const parts = [t('module:programmer.busPirate', { hardware: m[1], interpolation: { escapeValue: false } })];
    if (m[2] !== undefined) parts.push(t('module:programmer.firmware', { version: m[2], interpolation: { escapeValue: false } }));
    if (m[3] !== undefined) parts.push(t('module:programmer.bootloader', { version: m[3], interpolation: { escapeValue: false } }));
    return parts.join(t('module:programmer.separator'));
  }
  return text;
}
