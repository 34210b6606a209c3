// Locale formatting for the reports: dates and numbers through Intl, so zh-CN prints
// "2026年3月2日 17:00" and en "2 Mar 2026, 17:00" from the same stored ISO strings.
import type { LimitRange, ParameterName, ParameterVerdict } from '../../preload/contract/limits';
import { PARAMETERS } from '../limits/index';
import type { ReportLang } from './strings';

export interface ReportFormat {
  /** An instant (ISO with Z/offset) in the report's time zone, date and time. */
  instant(iso: string | Date | null | undefined): string;
  /** A calendar date "YYYY-MM-DD" as the locale writes dates (no time-zone shift). */
  day(isoDate: string | null | undefined): string;
  /** A measured value at the resolution it was judged with. */
  value(parameter: ParameterName, v: number | null | undefined): string;
  unit(u: ParameterVerdict['unit']): string;
  limit(parameter: ParameterName, r: LimitRange | null, side: 'min' | 'max'): string;
  warnBand(parameter: ParameterName, r: LimitRange | null): string;
  integer(n: number): string;
}

const DASH = '—';
// en-GB writes day month year unambiguously ("2 Mar 2026"); en-US's "3/2/2026" is read two ways.
const INTL_LOCALE: Record<ReportLang, string> = { en: 'en-GB', 'zh-CN': 'zh-CN' };

export function reportFormat(lang: ReportLang, timeZone?: string): ReportFormat {
  const locale = INTL_LOCALE[lang];
  const tz = timeZone === undefined ? {} : { timeZone };
  const instantFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', hourCycle: 'h23', ...tz });
  const dayFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const intFmt = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const num = (parameter: ParameterName, v: number): string => {
    const d = PARAMETERS[parameter].decimals;
    return (Math.round(v * 10 ** d) / 10 ** d).toFixed(d);
  };
  const limitNum = (v: number | null | undefined): string => (v === null || v === undefined ? DASH : String(v));
  return {
    instant(iso) {
      if (iso === null || iso === undefined) return DASH;
      const d = iso instanceof Date ? iso : new Date(iso);
      return Number.isNaN(d.getTime()) ? String(iso) : instantFmt.format(d);
    },
    day(isoDate) {
      if (isoDate === null || isoDate === undefined || isoDate === '') return DASH;
      const d = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? isoDate : dayFmt.format(d);
    },
    value: (parameter, v) => (v === null || v === undefined ? DASH : num(parameter, v)),
    unit: (u) => (u === 'degC' ? '°C' : u),
    limit: (_parameter, r, side) => (r === null ? DASH : limitNum(side === 'min' ? r.min : r.max)),
    warnBand(_parameter, r) {
      if (r === null) return DASH;
      const lo = r.warnMin ?? null;
      const hi = r.warnMax ?? null;
      if (lo === null && hi === null) return DASH;
      return `${lo === null ? '−∞' : String(lo)} … ${hi === null ? '+∞' : String(hi)}`;
    },
    integer: (n) => intFmt.format(n),
  };
}
