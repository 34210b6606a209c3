// Integrity of the identity data. Two kinds of result, kept apart all the way to the warranty:
// a fault (a stored checksum that is wrong, confirmed by a second read: corrupted memory) fails
// the module; a finding (date code in another layout, non-printable lot or vendor bytes, a
// wavelength that does not fit the claimed interface, an identifier the bench cannot decode) is
// shown and kept in the record but never fails a module by itself. Pure.
import type { Finding, IntegrityCheck, IntegrityReasonCode, LimitProfile } from '../../preload/contract/limits';
import type { Checksum, DecodedModule } from '../../preload/contract/module';
import { parseDateCodeText } from '../sff/date-code';
import { effectiveProfiles } from './profiles';

export interface IntegrityContext {
  /** The profile judging the module (its wavelength window wins when it has one). */
  profile: LimitProfile | null;
  /** The whole library: windows of every interface the module claims. */
  profiles: readonly LimitProfile[];
  /** ISO date of the judgement: a date code after it is impossible. */
  on: string;
  /**
   * 'programmer': the bench reader re-reads a page whose checksum is wrong and keeps it only when
   * two reads agree, so a wrong checksum is the EEPROM's (a fault). 'file' (default): read once
   * by someone else; the same mismatch may be a bad transfer, so it is unconfirmed.
   */
  imageSource?: 'programmer' | 'file';
}

interface Absent {
  words: string;
  code: IntegrityReasonCode;
  standard?: string;
}

const hex = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;

function checksumCheck(check: IntegrityCheck['check'], label: string, c: Checksum | null, absent: Absent, confirmed: boolean): IntegrityCheck {
  if (c === null) {
    return { check, status: 'not-applicable', reason: `${label}: ${absent.words}`, reasonCode: absent.code, reasonArgs: absent.standard === undefined ? {} : { standard: absent.standard } };
  }
  if (c.ok) return { check, status: 'pass', reason: `${label} ${hex(c.stored)} matches`, reasonCode: 'checksum-ok', reasonArgs: { stored: c.stored } };
  return confirmed
    ? {
        check,
        status: 'fail',
        reason: `${label} stored ${hex(c.stored)} but the bytes sum to ${hex(c.computed)}: EEPROM content corrupted or badly programmed`,
        reasonCode: 'checksum-mismatch',
        reasonArgs: { stored: c.stored, computed: c.computed },
      }
    : {
        check,
        status: 'unconfirmed',
        reason: `${label} stored ${hex(c.stored)} but the bytes sum to ${hex(c.computed)} in this image, read once: read the module on the bench to tell corrupted memory from a bad read`,
        reasonCode: 'checksum-unconfirmed',
        reasonArgs: { stored: c.stored, computed: c.computed },
      };
}

const PRINTABLE = /^[\x20-\x7e]*$/;

const VENDOR_FIELDS: ReadonlyArray<[string, keyof DecodedModule['vendor'], string]> = [
  ['vendor name', 'name', 'vendorName'],
  ['part number', 'partNumber', 'partNumber'],
  ['revision', 'revision', 'revision'],
  ['serial number', 'serialNumber', 'serialNumber'],
];

function vendorFieldsCheck(m: DecodedModule): IntegrityCheck {
  const check = 'vendorFieldsPrintable';
  const value = (key: keyof DecodedModule['vendor']): string => String(m.vendor[key] ?? '');
  // The decoder replaces non-printable bytes by "?" and reports them per field; both are checked
  // so a module decoded elsewhere (IPC import, stored JSON) is judged the same way. Only the four
  // vendor fields count here: the date code's lot bytes are the date check's business.
  const decoderSaw = m.problems.filter((p) => p.code === 'FIELD_NONPRINTABLE' && VENDOR_FIELDS.some(([n]) => p.message.startsWith(n)));
  const nonPrintable = VENDOR_FIELDS.filter(([n, k]) => !PRINTABLE.test(value(k)) || decoderSaw.some((p) => p.message.startsWith(n)));
  // SFF-8472 / SFF-8636: vendor name, part number and serial number are required fields; a
  // blank one leaves a repair record without the module's identity.
  const blank = VENDOR_FIELDS.filter(([n, k]) => n !== 'revision' && value(k).trim() === '');
  if (nonPrintable.length === 0 && blank.length === 0) {
    return { check, status: 'pass', reason: 'vendor name, part number, revision and serial number are printable ASCII and present', reasonCode: 'vendor-fields-ok', reasonArgs: {} };
  }
  const words = [...nonPrintable.map(([n]) => `${n} has non-printable characters`), ...blank.map(([n]) => `${n} is blank`)];
  return {
    check,
    status: 'finding',
    reason: words.join('; '),
    reasonCode: 'vendor-fields-bad',
    reasonArgs: { nonPrintable: nonPrintable.map(([, , key]) => key).join(','), blank: blank.map(([, , key]) => key).join(',') },
  };
}

function dateCodeCheck(m: DecodedModule, on: string): IntegrityCheck {
  const check = 'dateCodeValid';
  const raw = m.vendor.dateCode;
  // Decoders from before layouts existed (and the CMIS decoder) leave the layout out: read the text.
  const layout = m.vendor.dateCodeLayout ?? (raw.trim() === '' ? 'blank' : parseDateCodeText(raw).layout);
  const date = m.vendor.manufactureDate;
  if (date === null || layout === 'unreadable' || layout === 'blank') {
    return layout === 'blank'
      ? { check, status: 'finding', reason: 'date code is blank', reasonCode: 'date-code-blank', reasonArgs: {} }
      : { check, status: 'finding', reason: `date code ${JSON.stringify(raw)} is not a valid YYMMDD date (nor YYYYMMDD)`, reasonCode: 'date-code-invalid', reasonArgs: { raw } };
  }
  if (date > on) {
    return { check, status: 'finding', reason: `date code ${JSON.stringify(raw)} (${date}) is after the test date ${on}`, reasonCode: 'date-code-future', reasonArgs: { raw, date, on } };
  }
  if (layout === 'YYYYMMDD' || layout === 'separated') {
    return {
      check,
      status: 'finding',
      reason: `date code ${JSON.stringify(raw)} is written ${layout === 'YYYYMMDD' ? 'as YYYYMMDD' : 'with separators'}, not YYMMDD; read as ${date}`,
      reasonCode: 'date-code-layout',
      reasonArgs: { raw, date, layout },
    };
  }
  const lot = m.vendor.lotNonPrintable ?? [];
  if (lot.length > 0) {
    const bytes = lot.map(hex).join(' ');
    return { check, status: 'finding', reason: `date code ${JSON.stringify(raw)} is ${date}; its lot characters hold non-printable ${bytes}`, reasonCode: 'lot-code-nonprintable', reasonArgs: { raw, date, bytes } };
  }
  return { check, status: 'pass', reason: `date code ${JSON.stringify(raw)} is ${date}`, reasonCode: 'date-code-ok', reasonArgs: { raw, date } };
}

function interfaceClaimed(compliance: readonly string[], iface: string): boolean {
  const b = iface.toUpperCase();
  return compliance.some((c) => c.toUpperCase() === b || c.toUpperCase().split(/\s*(?:,|\bOR\b)\s*/).includes(b));
}

function wavelengthCheck(m: DecodedModule, ctx: IntegrityContext): IntegrityCheck {
  const check = 'wavelengthConsistent';
  const windows: { name: string; min: number; max: number }[] = [];
  if (ctx.profile?.wavelengthNm) windows.push({ name: ctx.profile.name, ...ctx.profile.wavelengthNm });
  else {
    for (const p of effectiveProfiles(ctx.profiles, ctx.on)) {
      if (!p.wavelengthNm) continue;
      const iface = (p.match.interfaces ?? []).find((i) => interfaceClaimed(m.compliance, i));
      if (iface !== undefined) windows.push({ name: iface, ...p.wavelengthNm });
    }
  }
  const claimedArg = m.compliance.join(', ');
  const claimed = m.compliance.length > 0 ? claimedArg : 'no interface';
  if (windows.length === 0) {
    return m.wavelengthNm === null
      ? { check, status: 'not-applicable', reason: `no laser wavelength given and none expected for ${claimed}`, reasonCode: 'wavelength-no-window', reasonArgs: { claimed: claimedArg } }
      : {
          check,
          status: 'not-applicable',
          reason: `${m.wavelengthNm} nm: no expected window known for ${claimed}`,
          reasonCode: 'wavelength-no-window',
          reasonArgs: { nm: m.wavelengthNm, claimed: claimedArg },
        };
  }
  const expected = windows.map((w) => `${w.name} ${w.min}-${w.max} nm`).join(' or ');
  const expectedArg = windows.map((w) => `${w.name} ${w.min}-${w.max} nm`).join(' / ');
  // A dump without CMIS page 01h (many `ethtool -m` captures stop at page 00h) does not carry
  // the wavelength at all: that is the file's gap, not the module's oddity.
  if (m.wavelengthNm === null && m.standard === 'CMIS' && m.problems.some((p) => p.code === 'PAGE_MISSING' && /page 01h/.test(p.message))) {
    return { check, status: 'not-applicable', reason: 'the wavelength is on CMIS page 01h, which is not in the image', reasonCode: 'wavelength-not-in-image', reasonArgs: {} };
  }
  if (m.wavelengthNm === null) {
    return { check, status: 'finding', reason: `no laser wavelength given, expected ${expected}`, reasonCode: 'wavelength-missing', reasonArgs: { expected: expectedArg } };
  }
  const wl = m.wavelengthNm;
  return windows.some((w) => wl >= w.min && wl <= w.max)
    ? { check, status: 'pass', reason: `${wl} nm fits ${expected}`, reasonCode: 'wavelength-fits', reasonArgs: { nm: wl, expected: expectedArg } }
    : { check, status: 'finding', reason: `${wl} nm does not fit ${expected}`, reasonCode: 'wavelength-mismatch', reasonArgs: { nm: wl, expected: expectedArg } };
}

function identifierCheck(m: DecodedModule): IntegrityCheck {
  const check = 'identifierKnown';
  const { code, name } = m.identifier;
  const label = `identifier 0x${code.toString(16).padStart(2, '0')} (${name})`;
  if (code === 0 || /^(Reserved|Vendor specific|Unknown)/i.test(name)) {
    return { check, status: 'finding', reason: `${label} is not a module type SFF-8024 defines`, reasonCode: 'identifier-unknown', reasonArgs: { code, name } };
  }
  if (m.standard === 'unknown') {
    return { check, status: 'finding', reason: `${label} is an SFF-8024 type the bench cannot decode`, reasonCode: 'identifier-undecodable', reasonArgs: { code, name } };
  }
  return { check, status: 'pass', reason: `${label}, decoded as ${m.standard}`, reasonCode: 'identifier-ok', reasonArgs: { code, name, standard: m.standard } };
}

export function checkIntegrity(m: DecodedModule, ctx: IntegrityContext): IntegrityCheck[] {
  const diagAbsent: Absent =
    m.standard === 'SFF-8472'
      ? { words: 'no diagnostics page (A2h) in this module', code: 'checksum-no-a2h' }
      : { words: `${m.standard} has no separate diagnostics checksum`, code: 'checksum-not-separate', standard: m.standard };
  const notInImage: Absent = { words: 'not in the image', code: 'checksum-not-in-image' };
  const confirmed = ctx.imageSource === 'programmer';
  return [
    checksumCheck('checksumBase', 'CC_BASE', m.checksums.base, notInImage, confirmed),
    checksumCheck('checksumExtended', 'CC_EXT', m.checksums.extended, notInImage, confirmed),
    checksumCheck('checksumDiagnostics', 'CC_DMI', m.checksums.diagnostics, diagAbsent, confirmed),
    vendorFieldsCheck(m),
    dateCodeCheck(m, ctx.on),
    wavelengthCheck(m, ctx),
    identifierCheck(m),
  ];
}

/** The findings among the checks, listed apart from failures (every place a verdict is shown lists them). */
export function findingsOf(integrity: readonly IntegrityCheck[]): Finding[] {
  return integrity
    .filter((c) => c.status === 'finding')
    .map((c) => ({ check: c.check, reason: c.reason, reasonCode: c.reasonCode ?? 'vendor-fields-bad', reasonArgs: c.reasonArgs ?? {} }));
}
