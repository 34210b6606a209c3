// Integrity of the identity data: checksums, printable vendor fields, a real date code, a
// wavelength that fits the claimed interface, an identifier SFF-8024 knows. Pure.
import type { IntegrityCheck, IntegrityReasonCode, LimitProfile } from '../../preload/contract/limits';
import type { Checksum, DecodedModule } from '../../preload/contract/module';
import { effectiveProfiles } from './profiles';

export interface IntegrityContext {
  /** The profile judging the module (its wavelength window wins when it has one). */
  profile: LimitProfile | null;
  /** The whole library: windows of every interface the module claims. */
  profiles: readonly LimitProfile[];
  /** ISO date of the judgement: a date code after it is impossible. */
  on: string;
}

interface Absent {
  words: string;
  code: IntegrityReasonCode;
  standard?: string;
}

function checksumCheck(check: IntegrityCheck['check'], label: string, c: Checksum | null, absent: Absent): IntegrityCheck {
  if (c === null) {
    return { check, status: 'not-applicable', reason: `${label}: ${absent.words}`, reasonCode: absent.code, reasonArgs: absent.standard === undefined ? {} : { standard: absent.standard } };
  }
  const hex = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;
  return c.ok
    ? { check, status: 'pass', reason: `${label} ${hex(c.stored)} matches`, reasonCode: 'checksum-ok', reasonArgs: { stored: c.stored } }
    : {
        check,
        status: 'fail',
        reason: `${label} stored ${hex(c.stored)} but the bytes sum to ${hex(c.computed)}: EEPROM content corrupted or badly programmed`,
        reasonCode: 'checksum-mismatch',
        reasonArgs: { stored: c.stored, computed: c.computed },
      };
}

const PRINTABLE = /^[\x20-\x7e]*$/;

function vendorFieldsCheck(m: DecodedModule): IntegrityCheck {
  const check = 'vendorFieldsPrintable';
  const fields: [string, string, string][] = [
    ['vendor name', m.vendor.name, 'vendorName'],
    ['part number', m.vendor.partNumber, 'partNumber'],
    ['revision', m.vendor.revision, 'revision'],
    ['serial number', m.vendor.serialNumber, 'serialNumber'],
  ];
  // The decoder replaces non-printable bytes by "?" and reports them; both are checked so a
  // module decoded elsewhere (IPC import, stored JSON) is judged the same way.
  const decoderSaw = m.problems.filter((p) => p.code === 'FIELD_NONPRINTABLE').map((p) => p.message);
  const bad = fields.filter(([, v]) => !PRINTABLE.test(v)).map(([n]) => `${n} has non-printable characters`);
  // SFF-8472 / SFF-8636: vendor name, part number and serial number are required fields; a
  // blank one leaves a repair record without the module's identity.
  const empty = fields.filter(([n, v]) => n !== 'revision' && v.trim() === '').map(([n]) => `${n} is blank`);
  const problems = [...decoderSaw, ...bad, ...empty];
  if (problems.length > 0) {
    // The decoder's messages name the field ("part number has non-printable byte ...").
    const nonPrintable = fields
      .filter(([n, v]) => !PRINTABLE.test(v) || decoderSaw.some((msg) => msg.includes(n)))
      .map(([, , key]) => key);
    const blank = fields.filter(([n, v]) => n !== 'revision' && v.trim() === '').map(([, , key]) => key);
    return { check, status: 'fail', reason: problems.join('; '), reasonCode: 'vendor-fields-bad', reasonArgs: { nonPrintable: nonPrintable.join(','), blank: blank.join(',') } };
  }
  return { check, status: 'pass', reason: 'vendor name, part number, revision and serial number are printable ASCII and present', reasonCode: 'vendor-fields-ok', reasonArgs: {} };
}

function dateCodeCheck(m: DecodedModule, on: string): IntegrityCheck {
  const check = 'dateCodeValid';
  const raw = m.vendor.dateCode;
  if (m.vendor.manufactureDate === null) {
    return { check, status: 'fail', reason: `date code ${JSON.stringify(raw)} is not a valid YYMMDD date`, reasonCode: 'date-code-invalid', reasonArgs: { raw } };
  }
  const date = m.vendor.manufactureDate;
  if (date > on) {
    return { check, status: 'fail', reason: `date code ${JSON.stringify(raw)} (${date}) is after the test date ${on}`, reasonCode: 'date-code-future', reasonArgs: { raw, date, on } };
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
  if (m.wavelengthNm === null) {
    return { check, status: 'fail', reason: `no laser wavelength given, expected ${expected}`, reasonCode: 'wavelength-missing', reasonArgs: { expected: expectedArg } };
  }
  const wl = m.wavelengthNm;
  return windows.some((w) => wl >= w.min && wl <= w.max)
    ? { check, status: 'pass', reason: `${wl} nm fits ${expected}`, reasonCode: 'wavelength-fits', reasonArgs: { nm: wl, expected: expectedArg } }
    : { check, status: 'fail', reason: `${wl} nm does not fit ${expected}`, reasonCode: 'wavelength-mismatch', reasonArgs: { nm: wl, expected: expectedArg } };
}

function identifierCheck(m: DecodedModule): IntegrityCheck {
  const check = 'identifierKnown';
  const { code, name } = m.identifier;
  const label = `identifier 0x${code.toString(16).padStart(2, '0')} (${name})`;
  if (code === 0 || /^(Reserved|Vendor specific|Unknown)/i.test(name)) {
    return { check, status: 'fail', reason: `${label} is not a module type SFF-8024 defines`, reasonCode: 'identifier-unknown', reasonArgs: { code, name } };
  }
  if (m.standard === 'unknown') {
    return { check, status: 'fail', reason: `${label} is an SFF-8024 type the bench cannot decode`, reasonCode: 'identifier-undecodable', reasonArgs: { code, name } };
  }
  return { check, status: 'pass', reason: `${label}, decoded as ${m.standard}`, reasonCode: 'identifier-ok', reasonArgs: { code, name, standard: m.standard } };
}

export function checkIntegrity(m: DecodedModule, ctx: IntegrityContext): IntegrityCheck[] {
  const diagAbsent: Absent =
    m.standard === 'SFF-8472'
      ? { words: 'no diagnostics page (A2h) in this module', code: 'checksum-no-a2h' }
      : { words: `${m.standard} has no separate diagnostics checksum`, code: 'checksum-not-separate', standard: m.standard };
  const notInImage: Absent = { words: 'not in the image', code: 'checksum-not-in-image' };
  return [
    checksumCheck('checksumBase', 'CC_BASE', m.checksums.base, notInImage),
    checksumCheck('checksumExtended', 'CC_EXT', m.checksums.extended, notInImage),
    checksumCheck('checksumDiagnostics', 'CC_DMI', m.checksums.diagnostics, diagAbsent),
    vendorFieldsCheck(m),
    dateCodeCheck(m, ctx.on),
    wavelengthCheck(m, ctx),
    identifierCheck(m),
  ];
}
