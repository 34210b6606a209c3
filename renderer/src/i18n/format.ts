// Locale formatting in one place: dates, numbers and the units of the verdict table. Intl does
// the locale work; this file only decides precision per unit and how "no value" reads.
import type { Language } from './index';

export type Unit = 'degC' | 'V' | 'mA' | 'dBm' | 'mW' | 'nm' | 'm' | 'ms' | 'B' | '%';

const UNIT_SYMBOL: Record<Unit, string> = {
  degC: '°C', V: 'V', mA: 'mA', dBm: 'dBm', mW: 'mW', nm: 'nm', m: 'm', ms: 'ms', B: 'B', '%': '%',
};

/** Digits a bench technician needs: enough to see a margin, no false precision. */
const UNIT_DIGITS: Record<Unit, number> = {
  degC: 1, V: 3, mA: 2, dBm: 2, mW: 4, nm: 0, m: 0, ms: 0, B: 0, '%': 1,
};

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(lng: string, digits: number): Intl.NumberFormat {
  const key = `${lng}|${digits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lng, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    numberFormats.set(key, f);
  }
  return f;
}

export function unitSymbol(unit: Unit): string {
  return UNIT_SYMBOL[unit];
}

export function unitDigits(unit: Unit): number {
  return UNIT_DIGITS[unit];
}

export function formatNumber(value: number, lng: Language | string, digits = 0): string {
  return numberFormat(lng, digits).format(value);
}

/** "−7.31 dBm"; null (not measured) renders as an em dash so an empty cell is never mistaken for 0. */
export function formatValue(value: number | null | undefined, unit: Unit, lng: Language | string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${formatNumber(value, lng, UNIT_DIGITS[unit])} ${UNIT_SYMBOL[unit]}`;
}

type DateInput = number | string | Date;
function toDate(input: DateInput): Date {
  return input instanceof Date ? input : new Date(input);
}

export function formatDate(input: DateInput, lng: Language | string): string {
  const d = toDate(input);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(lng, { year: 'numeric', month: 'long', day: 'numeric' }).format(d);
}

export function formatDateTime(input: DateInput, lng: Language | string): string {
  const d = toDate(input);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'medium' }).format(d);
}

export function formatTime(input: DateInput, lng: Language | string): string {
  const d = toDate(input);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(lng, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(d);
}
