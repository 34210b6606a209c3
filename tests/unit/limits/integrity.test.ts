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

function statusOf(m: DecodedModule, check: IntegrityCheckName, p = profile()): string {
  const c = checkIntegrity(m, { profile: p, profiles: [p], on: '2026-11-26' }).find((x) => x.check === check);
  return `${c?.status}: ${c?.reason}`;
}

describe('integrity checks on crafted modules', () => {
  it('a checksum mismatch fails with both values; an absent checksum is not applicable', () => {
    const bad = sfp({ checksums: { ...sfp().checksums, extended: { stored: 0x10, computed: 0x11, ok: false } } });
    expect(statusOf(bad, 'checksumExtended')).toBe('fail: CC_EXT stored 0x10 but the bytes sum to 0x11: EEPROM content corrupted or badly programmed');
    expect(statusOf(sfp(), 'checksumBase')).toMatch(/^pass/);
    expect(statusOf(qsfp28(), 'checksumDiagnostics')).toMatch(/^not-applicable: CC_DMI: SFF-8636/);
    expect(statusOf(sfp({ checksums: { ...sfp().checksums, diagnostics: null }, diagnostics: null }), 'checksumDiagnostics')).toMatch(/^not-applicable/);
  });

  it('vendor fields: control characters, decoder-reported non-printable bytes and blank required fields fail', () => {
    expect(statusOf(sfp({ vendor: { ...sfp().vendor, name: 'ACME\u0007' } }), 'vendorFieldsPrintable')).toMatch(/^fail: vendor name has non-printable/);
    const flagged = sfp({ problems: [{ code: 'FIELD_NONPRINTABLE', message: 'vendor serial number has non-printable byte 0xff at offset 70', offset: 70 }] });
    expect(statusOf(flagged, 'vendorFieldsPrintable')).toMatch(/^fail: .*0xff/);
    expect(statusOf(sfp({ vendor: { ...sfp().vendor, serialNumber: '   ' } }), 'vendorFieldsPrintable')).toMatch(/^fail: serial number is blank/);
    // Markup is printable ASCII: escaping it is the UI's job, not a module fault.
    expect(statusOf(sfp({ vendor: { ...sfp().vendor, name: '<svg onload=a()>' } }), 'vendorFieldsPrintable')).toMatch(/^pass/);
    // A blank revision is common and allowed.
    expect(statusOf(sfp({ vendor: { ...sfp().vendor, revision: '' } }), 'vendorFieldsPrintable')).toMatch(/^pass/);
  });

  it('date code: invalid fails, after the test date fails, on the test date passes', () => {
    expect(statusOf(sfp({ vendor: { ...sfp().vendor, dateCode: '230230', manufactureDate: null } }), 'dateCodeValid')).toMatch(/^fail: date code "230230" is not a valid/);
    expect(statusOf(sfp({ vendor: { ...sfp().vendor, dateCode: '261127', manufactureDate: '2026-11-27' } }), 'dateCodeValid')).toMatch(/^fail: .*after the test date/);
    expect(statusOf(sfp({ vendor: { ...sfp().vendor, dateCode: '261126', manufactureDate: '2026-11-26' } }), 'dateCodeValid')).toMatch(/^pass/);
  });

  it('wavelength: inside the window (edges included) passes, outside fails, missing on an optical interface fails', () => {
    expect(statusOf(sfp({ wavelengthNm: 840 }), 'wavelengthConsistent')).toMatch(/^pass/);
    expect(statusOf(sfp({ wavelengthNm: 860 }), 'wavelengthConsistent')).toMatch(/^pass/);
    expect(statusOf(sfp({ wavelengthNm: 1310 }), 'wavelengthConsistent')).toMatch(/^fail: 1310 nm does not fit/);
    expect(statusOf(sfp({ wavelengthNm: null }), 'wavelengthConsistent')).toMatch(/^fail: no laser wavelength/);
  });

  it('wavelength: a copper cable with no window and no wavelength is not applicable', () => {
    const dac = sfp({ compliance: ['Passive cable'], wavelengthNm: null });
    const c = checkIntegrity(dac, { profile: null, profiles: LIBRARY, on: '2026-11-26' }).find((x) => x.check === 'wavelengthConsistent');
    expect(c?.status).toBe('not-applicable');
  });

  it('wavelength: with a part-number profile lacking a window, the claimed interface window from the library still applies', () => {
    const pn = profile({ id: 'pn', match: { partNumbers: ['^OB'] }, wavelengthNm: null });
    const c = checkIntegrity(sfp({ wavelengthNm: 1550 }), { profile: pn, profiles: LIBRARY, on: '2026-11-26' }).find((x) => x.check === 'wavelengthConsistent');
    expect(c?.status).toBe('fail');
    expect(c?.reason).toContain('10GBASE-SR 840-860 nm');
  });

  it('identifier: unknown, reserved and vendor-specific codes fail; known but undecodable types fail too', () => {
    expect(statusOf(sfp({ identifier: { code: 0, name: 'Unknown or unspecified' } }), 'identifierKnown')).toMatch(/^fail/);
    expect(statusOf(sfp({ identifier: { code: 0x7f, name: 'Reserved (0x7f)' } }), 'identifierKnown')).toMatch(/^fail/);
    expect(statusOf(sfp({ identifier: { code: 0x80, name: 'Vendor specific (0x80)' } }), 'identifierKnown')).toMatch(/^fail/);
    expect(statusOf(sfp({ standard: 'unknown', identifier: { code: 0x06, name: 'XFP' } }), 'identifierKnown')).toMatch(/^fail: .*cannot decode/);
    expect(statusOf(qsfp28(), 'identifierKnown')).toMatch(/^pass: identifier 0x11 \(QSFP28\), decoded as SFF-8636/);
  });
});

describe('evaluateModule on the real vector images (decoded by main/sff) with the shipped library', () => {
  function judge(name: string, rxLight = false): Evaluation {
    const image = parseImage(readFileSync(path.join(ROOT, 'resources/modules', `${name}.hex`))).bytes;
    return evaluateModule(decodeModule(image), { profiles: LIBRARY, setup: { rxLightSource: rxLight }, at: AT });
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

  it('the copper cable without diagnostics: nothing measured, identity still checked, overall pass', () => {
    const e = judge('copper-no-ddm');
    expect(e.verdicts.every((v) => v.status === 'not-measured')).toBe(true);
    expect(e.integrity.find((c) => c.check === 'checksumBase')?.status).toBe('pass');
    expect(e.overall).toBe('pass');
    expect(e.matchedBy).toBe('module thresholds');
  });

  it('weak-tx says why in words, with the IEEE clause as the source', () => {
    const tx = judge('weak-tx').verdicts.find((v) => v.parameter === 'txPowerDbm')!;
    expect(tx.reason).toBe('Tx power -7.80 dBm below spec minimum -7.3 dBm');
    expect(tx.limitSource).toBe('profile ieee-10gbase-sr v1 (IEEE 802.3 clause 52.5)');
  });
});
