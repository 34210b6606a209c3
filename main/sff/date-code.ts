// Date codes as modules write them. SFF-8472 A0h bytes 84-91, SFF-8636 bytes 212-219 and CMIS
// page 00h bytes 182-189 all define "YYMMDD" (years 2000-2099) plus two vendor lot characters.
// Modules in the field also write "YYYYMMDD" (CMIS entry 54 of the ONL set: "20190312"), pad or
// separate with spaces, and leave unprogrammed lot bytes at 0xFF. None of that is a module fault:
// the decoder reads the date where it can, and says what was odd so it becomes a finding, not a
// failure. Pure; shared by the decoders and the warranty (its date-code fallback).
export type { DateCodeLayout };

import type { DateCodeLayout } from '../../preload/contract/module';

export interface DateCode {
  /** The printable characters, trimmed; non-printable bytes shown as "?" (what a technician compares against a label). */
  text: string;
  /** ISO date, or null when no layout gives a real date. */
  date: string | null;
  layout: DateCodeLayout;
  /** The lot characters after the date, trimmed ("" when none). */
  lot: string;
  /** Lot bytes that are neither printable ASCII nor padding (NUL, space): 0xFF of an unprogrammed EEPROM, control bytes. */
  lotNonPrintable: number[];
  /** Non-printable bytes inside the date digits themselves. */
  dateNonPrintable: number[];
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isPrintable = (c: number): boolean => c >= 0x20 && c <= 0x7e;
const isPadding = (c: number): boolean => c === 0x20 || c === 0x00;

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** "YYYY-MM-DD" when the parts make a real calendar date, else null. */
export function isoDateOf(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function digits(bytes: readonly number[]): string {
  return String.fromCharCode(...bytes);
}

function yymmdd(d: string): string | null {
  return isoDateOf(2000 + Number(d.slice(0, 2)), Number(d.slice(2, 4)), Number(d.slice(4, 6)));
}

/**
 * Reads the eight date-code bytes (fewer when the image stops early). Order of trust: the
 * standard's YYMMDD; then YYYYMMDD (only when YYMMDD is not a real date, so a standard code is
 * never reinterpreted); then the first six digits once spaces and - / . separators are removed.
 */
export function parseDateCode(raw: readonly number[]): DateCode {
  const bytes = raw.slice(0, 8);
  const text = bytes
    .map((c) => (isPrintable(c) ? String.fromCharCode(c) : c === 0x00 ? ' ' : '?'))
    .join('')
    .trim();
  const base = { text, lot: '', lotNonPrintable: [] as number[], dateNonPrintable: [] as number[] };
  if (bytes.every((c) => isPadding(c) || c === 0xff)) return { ...base, date: null, layout: 'blank' };

  const lotOf = (from: number): Pick<DateCode, 'lot' | 'lotNonPrintable'> => {
    const lot = bytes.slice(from);
    return {
      lot: lot.filter(isPrintable).map((c) => String.fromCharCode(c)).join('').trim(),
      lotNonPrintable: lot.filter((c) => !isPrintable(c) && !isPadding(c)),
    };
  };

  const six = bytes.slice(0, 6);
  if (six.length === 6 && six.every(isDigit)) {
    const date = yymmdd(digits(six));
    if (date !== null) return { ...base, ...lotOf(6), date, layout: 'YYMMDD' };
  }
  if (bytes.length === 8 && bytes.every(isDigit)) {
    const d = digits(bytes);
    const year = Number(d.slice(0, 4));
    const date = year >= 1990 && year <= 2099 ? isoDateOf(year, Number(d.slice(4, 6)), Number(d.slice(6, 8))) : null;
    if (date !== null) return { ...base, date, layout: 'YYYYMMDD' };
  }
  // Separated or space-padded dates ("15 05 24", "15-05-24"): the digits in order, separators dropped.
  const kept: number[] = [];
  let used = 0;
  for (const c of bytes) {
    if (kept.length === 6) break;
    used++;
    if (isDigit(c)) kept.push(c);
    else if (c === 0x20 || c === 0x2d || c === 0x2f || c === 0x2e) continue;
    else break;
  }
  if (kept.length === 6 && used > 6) {
    const date = yymmdd(digits(kept));
    if (date !== null) return { ...base, ...lotOf(used), date, layout: 'separated' };
  }
  return { ...base, date: null, layout: 'unreadable', dateNonPrintable: six.filter((c) => !isPrintable(c)) };
}

/** The same reading from text (the CLI's --date-code, a stored dateCode string). */
export function parseDateCodeText(text: string): DateCode {
  return parseDateCode([...text.slice(0, 8)].map((ch) => ch.charCodeAt(0) & 0xff));
}
