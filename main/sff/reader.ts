// Bounds-safe reads over a module image plus the problem list every decoder appends to.
// Absent bytes read as undefined / 0 so a truncated image decodes as far as it goes.
import type { Checksum, Problem, ThresholdSet } from '../../preload/contract/module';
import { parseDateCode, parseDateCodeText, type DateCode } from './date-code';
import { hex2 } from './sff8024';

export class ImageReader {
  readonly problems: Problem[] = [];
  constructor(readonly bytes: Uint8Array) {}

  get length(): number {
    return this.bytes.length;
  }
  has(offset: number, count = 1): boolean {
    return offset >= 0 && offset + count <= this.bytes.length;
  }
  u8(offset: number): number {
    return this.bytes[offset] ?? 0;
  }
  bit(offset: number, bit: number): boolean {
    return ((this.u8(offset) >> bit) & 1) === 1;
  }
  u16(offset: number): number {
    return (this.u8(offset) << 8) | this.u8(offset + 1);
  }
  s16(offset: number): number {
    const v = this.u16(offset);
    return v >= 0x8000 ? v - 0x10000 : v;
  }
  /** IEEE-754 single, big endian (SFF-8472 external calibration Rx power coefficients). */
  f32(offset: number): number {
    const view = new DataView(new ArrayBuffer(4));
    for (let i = 0; i < 4; i++) view.setUint8(i, this.u8(offset + i));
    return view.getFloat32(0, false);
  }
  /**
   * An ASCII field, trimmed of space/NUL padding. Characters outside printable ASCII are shown
   * as "?" and reported, since a technician compares these strings against labels.
   */
  ascii(offset: number, length: number, field: string): string {
    let out = '';
    const end = Math.min(offset + length, this.bytes.length);
    let bad = -1;
    for (let i = offset; i < end; i++) {
      const c = this.u8(i);
      if (c >= 0x20 && c <= 0x7e) out += String.fromCharCode(c);
      else if (c === 0x00) out += ' ';
      else {
        out += '?';
        if (bad < 0) bad = i;
      }
    }
    if (bad >= 0) {
      this.problem('FIELD_NONPRINTABLE', `${field} has non-printable byte 0x${hex2(this.u8(bad))} at offset ${bad}`, bad);
    }
    return out.trim();
  }
  /**
   * The eight date-code bytes read as modules write them (date-code.ts). An odd layout or lot
   * byte is named in the problems (a finding later), never as a non-printable vendor field.
   */
  dateCode(offset: number): DateCode {
    const raw: number[] = [];
    for (let i = offset; i < offset + 8 && i < this.bytes.length; i++) raw.push(this.u8(i));
    const dc = parseDateCode(raw);
    if (!this.has(offset, 6)) return dc;
    if (dc.layout === 'unreadable') {
      this.problem('DATE_CODE_INVALID', `date code "${dc.text}" is not a YYMMDD date (nor YYYYMMDD)`, offset);
    } else if (dc.layout === 'YYYYMMDD' || dc.layout === 'separated') {
      this.problem('DATE_CODE_LAYOUT', `date code "${dc.text}" is written ${dc.layout === 'YYYYMMDD' ? 'as YYYYMMDD' : 'with separators'}, not the standard's YYMMDD; read as ${dc.date ?? '-'}`, offset);
    } else if (dc.layout === 'blank') {
      this.problem('DATE_CODE_BLANK', 'date code is blank', offset);
    }
    if (dc.lotNonPrintable.length > 0) {
      this.problem('LOT_CODE_NONPRINTABLE', `date code lot characters hold non-printable byte${dc.lotNonPrintable.length > 1 ? 's' : ''} ${dc.lotNonPrintable.map((c) => `0x${hex2(c)}`).join(' ')}`, offset + 6);
    }
    return dc;
  }
  oui(offset: number): string {
    return [0, 1, 2].map((i) => hex2(this.u8(offset + i))).join(':');
  }
  /**
   * Checksum byte at `at` = low 8 bits of the sum of [from, to]; null when the image stops before
   * it. A mismatch is reported with `code`.
   */
  checksum(name: string, code: string, from: number, to: number, at: number): Checksum | null {
    if (!this.has(at)) return null;
    let sum = 0;
    for (let i = from; i <= to; i++) sum += this.u8(i);
    const computed = sum & 0xff;
    const stored = this.u8(at);
    const ok = stored === computed;
    if (!ok) this.problem(code, `checksum ${name} stored 0x${hex2(stored)} computed 0x${hex2(computed)}`, at);
    return { stored, computed, ok };
  }
  /** Four 16-bit values in the order high alarm, low alarm, high warning, low warning. */
  thresholdSet(offset: number, convert: (raw: number) => number, signed = false): ThresholdSet {
    const read = (o: number): number => convert(signed ? this.s16(o) : this.u16(o));
    return {
      highAlarm: read(offset),
      lowAlarm: read(offset + 2),
      highWarning: read(offset + 4),
      lowWarning: read(offset + 6),
    };
  }
  problem(code: string, message: string, offset: number | null): void {
    this.problems.push({ code, message, offset });
  }
}

/** dBm from mW; null for zero (or negative, i.e. nonsensical calibrated) power: "no light". */
export function mwToDbm(mw: number): number | null {
  return mw > 0 ? 10 * Math.log10(mw) : null;
}

/**
 * ISO date from a date code as text (SFF-8472 bytes 84-91, SFF-8636 212-219, CMIS 182-189):
 * "YYMMDD" (years 2000-2099 per the standards), else "YYYYMMDD" or a separated form as modules
 * write them (date-code.ts). Null when no layout gives a real date.
 */
export function dateCodeToIso(code: string): string | null {
  return parseDateCodeText(code).date;
}
