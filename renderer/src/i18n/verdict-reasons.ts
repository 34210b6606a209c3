// Verdict and integrity reasons in the reader's language. main/limits stores each reason twice:
// an English sentence (kept for reports and older runs) and a code with its figures; the UI
// words the code through i18n with locale numbers, and shows the stored sentence only when a
// run predates the codes.
import type { TFunction } from 'i18next';
import type { IntegrityCheck, IntegrityCheckName, ParameterVerdict } from '../../../preload/contract/limits';

// Kept free of ./index (import.meta.glob) so node unit tests can load it; the symbols and the
// shown digits are those of ./format's verdict units.
const UNIT_SYMBOL: Record<ParameterVerdict['unit'], string> = { degC: '°C', V: 'V', mA: 'mA', dBm: 'dBm' };
const SHOWN_DIGITS: Record<ParameterVerdict['unit'], number> = { degC: 1, V: 3, mA: 2, dBm: 2 };
/** Digits main judges each unit at (main/limits PARAMETERS): a reason never shows a value rounded past its verdict. */
const JUDGED_DIGITS: Record<ParameterVerdict['unit'], number> = { degC: 2, V: 4, mA: 3, dBm: 2 };

function formatDay(isoDay: string, lng: string): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? isoDay : new Intl.DateTimeFormat(lng, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(d);
}

function numberIn(lng: string, min: number, max: number): (v: number) => string {
  const f = new Intl.NumberFormat(lng, { minimumFractionDigits: min, maximumFractionDigits: Math.max(min, max) });
  return (v) => f.format(v);
}

/** The reason of one parameter verdict, in the language of `t` (namespaces reasons and bench). */
export function verdictReason(t: TFunction, lng: string, v: ParameterVerdict): string {
  const code = v.reasonCode;
  if (code === undefined) return v.reason;
  const a = v.reasonArgs ?? {};
  const digits = JUDGED_DIGITS[v.unit];
  const value = numberIn(lng, SHOWN_DIGITS[v.unit], digits);
  // Limits read as written in the profile ("-7.3"), not padded to the value's digits.
  const limit = numberIn(lng, 0, digits);
  const bound = (x: number | null | undefined) => (x === null || x === undefined ? t('reasons:parameter.unbounded') : limit(x));
  const base = { param: t(`bench:parameter.${v.parameter}`), unit: UNIT_SYMBOL[v.unit] };
  const kind = a.limitKind === 'alarm' ? 'alarm' : 'spec';
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
      return t(a.lane == null ? 'reasons:parameter.no-light' : 'reasons:parameter.no-light_lane', {
        ...base,
        lane: a.lane,
        mw: a.mw === undefined ? '—' : numberIn(lng, 0, 4)(a.mw),
        cause: t(`reasons:cause.${a.cause ?? 'unknown'}`),
      });
    case 'rx-no-light':
      return t(a.lane == null ? 'reasons:parameter.rx-no-light' : 'reasons:parameter.rx-no-light_lane', { ...base, lane: a.lane });
    case 'no-diagnostics':
    case 'diagnostics-address-change':
    case 'data-not-ready':
    case 'rx-no-source':
      return t(`reasons:parameter.${code}`, base);
    default:
      // A code from a newer build: its stored sentence still says why.
      return v.reason;
  }
}

const CHECKSUM_LABEL: Partial<Record<IntegrityCheckName, string>> = { checksumBase: 'CC_BASE', checksumExtended: 'CC_EXT', checksumDiagnostics: 'CC_DMI' };
const hexByte = (n: number | undefined) => (n === undefined ? '—' : `0x${n.toString(16).padStart(2, '0')}`);

/** The reason of one integrity check, in the language of `t`. */
export function integrityReason(t: TFunction, lng: string, c: IntegrityCheck): string {
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
      return t(`reasons:integrity.${code}`, { raw: a.raw ?? '', date: day(a.date), on: day(a.on) });
    case 'wavelength-no-window':
      return t(a.nm === undefined ? 'reasons:integrity.wavelength-no-window' : 'reasons:integrity.wavelength-no-window_nm', { nm: nm(a.nm), claimed });
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

/**
 * Where a verdict's limit came from, in the language of `t`. main/limits writes it as data-like
 * English ("profile ieee-10gbase-sr v1 (IEEE 802.3 clause 52.5), commercial case temperature",
 * "module thresholds", "none"); the profile id and its clause stay as written, being identifiers
 * and a citation. Anything else (a future form) is shown as stored.
 */
export function limitSourceWords(t: TFunction, source: string): string {
  if (source === 'module thresholds') return t('reasons:source.moduleThresholds');
  if (source === 'none') return t('reasons:source.none');
  const m = /^profile (\S+ v\d+ \(.*\))(?:, (commercial|extended|industrial) case temperature)?$/.exec(source);
  if (m === null || m[1] === undefined) return source;
  if (m[2] === undefined) return t('reasons:source.profile', { profile: m[1] });
  return t('reasons:source.profileWithClass', { profile: m[1], tempClass: t(`reasons:source.class.${m[2]}`) });
}
