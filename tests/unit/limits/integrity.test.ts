import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Evaluation, IntegrityCheckName } from '../../../preload/contract/limits';
import type { DecodedModule } from '../../../preload/contract/module';
import { checkIntegrity, evaluateModule } from '../../../main/limits/index';
import { loadLimitLibrary } from '../../../main/limits/library';
import { decodeModule } from '../../../main/sff/index';
import { parseImage } from '../../../main/sff/image-file';
import { AT, profile, qsfp28, sfp } from './fixtures';

const ROOT = path.resolve(__dirname, '../../..');
const LIBRARY = loadLimitLibrary(path.join(ROOT, 'resources/limits'));

function statusOf(m: DecodedModule, check: IntegrityCheckName, p = profile(), imageSource: 'programmer' | 'file' = 'programmer'): string {
  const c = checkIntegrity(m, { profile: p, profiles: [p], on: '2026-11-26', imageSource }).find((x) => x.check === check);
  return `${c?.status}: ${c?.reason}`;
}

describe('integrity checks on crafted modules', () => {
  it('a checksum mismatch confirmed by the bench reader is a fault with both values; read once from a file it is unconfirmed; an absent checksum is not applicable', () => {
    const bad = sfp({ checksums: { ...sfp().checksums, extended: { stored: 0x10, computed: 0x11, ok: false } } });
    expect(statusOf(bad, 'checksumExtended')).toBe('fail: CC_EXT stored 0x10 but the bytes sum to 0x11: EEPROM content corrupted or badly programmed');
    // A dump someone else took may hold a transfer error (robustness/ bnxt read): not yet a fault.
    expect(statusOf(bad, 'checksumExtended', profile(), 'file')).toMatch(/^unconfirmed: CC_EXT stored 0x10 .* read the module on the bench/);
    expect(statusOf(sfp(), 'checksumBase')).toMatch(/^pass/);
    expect(statusOf(qsfp28(), 'checksumDiagnostics')).toMatch(/^not-applicable: CC_DMI: SFF-8636/);
    expect(statusOf(sfp({ checksums: { ...sfp().checksums, diagnostics: null }, diagnostics: null }), 'checksumDiagnostics')).toMatch(/^not-applicable/);
  });

  it('vendor fields: control characters, decoder-reported non-printable bytes and blank required fields are findings, not faults', () => {
    expect(statusOf(sfp({ vendor: { ...sfp().vendor, name: 'ACME\u0007' } }), 'vendorFieldsPrintable')).toMatch(/^finding: vendor name has non-printable/);
    const flagged = sfp({ problems: [{ code: 'FIELD_NONPRINTABLE', message: 'serial number has non-printable byte 0xff at offset 70', offset: 70 }] });
    expect(statusOf(flagged, 'vendorFieldsPrintable')).toMatch(/^finding: serial number has non-printable/);
    // The date code's lot bytes are the date check's business, not a vendor field.
    const lot = sfp({ problems: [{ code: 'FIELD_NONPRINTABLE', message: 'date code has non-printable byte 0xff at offset 91', offset: 91 }] });
    expect(statusOf(lot, 'vendorFieldsPrintable')).toMatch(/^pass/);
    expect(statusOf(sfp({ vendor: { ...sfp().vendor, serialNumber: '   ' } }), 'vendorFieldsPrintable')).toMatch(/^finding: serial number is blank/);
    // Markup is printable ASCII: escaping it is the UI's job, not a module fault.
    expect(statusOf(sfp({ vendor: { ...sfp().vendor, name: '<svg onload=a()>' } }), 'vendorFieldsPrintable')).toMatch(/^pass/);
    // A blank revision is common and allowed.
    expect(statusOf(sfp({ vendor: { ...sfp().vendor, revision: '' } }), 'vendorFieldsPrintable')).toMatch(/^pass/);
  });

  it('date code: invalid, after the test date, another layout or an odd lot byte are findings; a YYMMDD date on the test date passes', () => {
    expect(statusOf(sfp({ vendor: { ...sfp().vendor, dateCode: '230230', manufactureDate: null } }), 'dateCodeValid')).toMatch(/^finding: date code "230230" is not a valid/);
    expect(statusOf(sfp({ vendor: { ...sfp().vendor, dateCode: '261127', manufactureDate: '2026-11-27' } }), 'dateCodeValid')).toMatch(/^finding: .*after the test date/);
    expect(statusOf(sfp({ vendor: { ...sfp().vendor, dateCode: '261126', manufactureDate: '2026-11-26' } }), 'dateCodeValid')).toMatch(/^pass/);
    // A run stored without the layout (or a CMIS decode) is read from the text.
    expect(statusOf(sfp({ vendor: { ...sfp().vendor, dateCode: '20190312', manufactureDate: '2019-03-12' } }), 'dateCodeValid')).toMatch(/^finding: .*as YYYYMMDD.*2019-03-12/);
    expect(statusOf(sfp({ vendor: { ...sfp().vendor, dateCode: '150524 ?', manufactureDate: '2015-05-24', dateCodeLayout: 'YYMMDD', lotNonPrintable: [0xff] } }), 'dateCodeValid')).toMatch(/^finding: .*non-printable 0xff/);
    expect(statusOf(sfp({ vendor: { ...sfp().vendor, dateCode: '', manufactureDate: null } }), 'dateCodeValid')).toMatch(/^finding: date code is blank/);
  });

  it('wavelength: inside the window (edges included) passes; outside it, or missing on an optical interface, is a finding', () => {
    expect(statusOf(sfp({ wavelengthNm: 840 }), 'wavelengthConsistent')).toMatch(/^pass/);
    expect(statusOf(sfp({ wavelengthNm: 860 }), 'wavelengthConsistent')).toMatch(/^pass/);
    expect(statusOf(sfp({ wavelengthNm: 1310 }), 'wavelengthConsistent')).toMatch(/^finding: 1310 nm does not fit/);
    expect(statusOf(sfp({ wavelengthNm: null }), 'wavelengthConsistent')).toMatch(/^finding: no laser wavelength/);
  });

  it('wavelength: a copper cable with no window and no wavelength is not applicable', () => {
    const dac = sfp({ compliance: ['Passive cable'], wavelengthNm: null });
    const c = checkIntegrity(dac, { profile: null, profiles: LIBRARY, on: '2026-11-26' }).find((x) => x.check === 'wavelengthConsistent');
    expect(c?.status).toBe('not-applicable');
  });

  it('wavelength: with a part-number profile lacking a window, the claimed interface window from the library still applies', () => {
    const pn = profile({ id: 'pn', match: { partNumbers: ['^OB'] }, wavelengthNm: null });
    const c = checkIntegrity(sfp({ wavelengthNm: 1550 }), { profile: pn, profiles: LIBRARY, on: '2026-11-26' }).find((x) => x.check === 'wavelengthConsistent');
    expect(c?.status).toBe('finding');
    expect(c?.reason).toContain('10GBASE-SR 840-860 nm');
  });

  it('identifier: unknown, reserved, vendor-specific and undecodable types are findings (the module is not faulty for it)', () => {
    expect(statusOf(sfp({ identifier: { code: 0, name: 'Unknown or unspecified' } }), 'identifierKnown')).toMatch(/^finding/);
    expect(statusOf(sfp({ identifier: { code: 0x7f, name: 'Reserved (0x7f)' } }), 'identifierKnown')).toMatch(/^finding/);
    expect(statusOf(sfp({ identifier: { code: 0x80, name: 'Vendor specific (0x80)' } }), 'identifierKnown')).toMatch(/^finding/);
    expect(statusOf(sfp({ standard: 'unknown', identifier: { code: 0x06, name: 'XFP' } }), 'identifierKnown')).toMatch(/^finding: .*cannot decode/);
    expect(statusOf(qsfp28(), 'identifierKnown')).toMatch(/^pass: identifier 0x11 \(QSFP28\), decoded as SFF-8636/);
  });
});

describe('evaluateModule on the real vector images (decoded by main/sff) with the shipped library', () => {
  // The simulated modules as the bench reader delivers them: read twice where a checksum is wrong.
  function judge(name: string, rxLight = false): Evaluation {
    const image = parseImage(readFileSync(path.join(ROOT, 'resources/modules', `${name}.hex`))).bytes;
    return evaluateModule(decodeModule(image), { profiles: LIBRARY, setup: { rxLightSource: rxLight, imageSource: 'programmer' }, at: AT });
  }
  const failing = (e: Evaluation): string[] => [
    ...e.verdicts.filter((v) => v.status === 'fail').map((v) => v.parameter),
    ...e.integrity.filter((c) => c.status === 'fail').map((c) => c.check),
  ];

  it.each([
    ['good-10g-sr', 'pass', [], 'ieee-10gbase-sr'],
    ['external-cal', 'pass', [], 'ieee-10gbase-sr'],
    ['hostile-vendor-name', 'pass', [], 'ieee-10gbase-sr'],
    ['qsfp28-sr4', 'pass', [], 'ieee-100gbase-sr4'],
    ['weak-tx', 'fail', ['txPowerDbm'], 'ieee-10gbase-sr'],
    ['hot-module', 'fail', ['temperatureC'], 'ieee-10gbase-sr'],
    ['failed-laser', 'fail', ['txBiasMa', 'txPowerDbm'], 'ieee-10gbase-sr'],
    ['corrupted-checksum', 'fail', ['checksumBase'], 'ieee-10gbase-sr'],
  ])('%s -> %s (failing: %j) by %s', (name, overall, fails, profileId) => {
    const e = judge(name, true);
    expect(e.overall).toBe(overall);
    expect(failing(e)).toEqual(fails);
    expect(e.profile?.id).toBe(profileId);
  });

  it('the QSFP28 is judged per lane: four bias, Tx and Rx verdicts', () => {
    const e = judge('qsfp28-sr4', true);
    expect(e.verdicts.filter((v) => v.parameter === 'rxPowerDbm').map((v) => v.lane)).toEqual([1, 2, 3, 4]);
  });

  it('the copper cable without diagnostics: nothing applies but its identity, so the read cannot pass it (incomplete: run an external test)', () => {
    const e = judge('copper-no-ddm');
    expect(e.verdicts.every((v) => v.status === 'not-applicable')).toBe(true);
    expect(e.verdicts.filter((v) => v.reasonCode === 'no-laser').map((v) => v.parameter)).toEqual(['txBiasMa', 'txPowerDbm', 'rxPowerDbm']);
    expect(e.integrity.find((c) => c.check === 'checksumBase')?.status).toBe('pass');
    expect(e.overall).toBe('incomplete');
    expect(e.withinSpec).toBe(false);
    expect(e.nextSteps).toEqual(['external-test']);
    expect(e.matchedBy).toBe('module thresholds');
  });

  it('weak-tx says why in words, with the IEEE clause as the source', () => {
    const tx = judge('weak-tx').verdicts.find((v) => v.parameter === 'txPowerDbm')!;
    expect(tx.reason).toBe('Tx power -7.80 dBm below spec minimum -7.3 dBm');
    expect(tx.limitSource).toBe('profile ieee-10gbase-sr v1 (IEEE 802.3 clause 52.5)');
  });
});
