// The language-free reason (reasonCode + reasonArgs) next to the English sentence: the UI
// translates from it, so each code must carry the figures the sentence shows, rounded as judged.
import { describe, expect, it } from 'vitest';
import type { Evaluation, IntegrityCheckName, ParameterName } from '../../../preload/contract/limits';
import type { DecodedModule } from '../../../preload/contract/module';
import { checkIntegrity, evaluateModule, judgeValue } from '../../../main/limits/index';
import { AT, diagnostics, lane, profile, qsfp28, sfp } from './fixtures';

const evaluate = (m: DecodedModule, rxLight = true, profiles = [profile()]): Evaluation => evaluateModule(m, { profiles, setup: { rxLightSource: rxLight }, at: AT });
const verdictOf = (e: Evaluation, p: ParameterName, laneNo: number | null = null) => e.verdicts.find((v) => v.parameter === p && v.lane === laneNo)!;
const check = (m: DecodedModule, c: IntegrityCheckName) => checkIntegrity(m, { profile: profile(), profiles: [profile()], on: '2026-11-26', imageSource: 'programmer' }).find((x) => x.check === c)!;

describe('parameter reason codes', () => {
  const tx = { min: -7.3, max: -1.0, warnMin: -6.3, warnMax: -1.5 };

  it.each([
    [-7.8, 'below-min', { value: -7.8, bound: -7.3, limitKind: 'spec' }],
    [-0.5, 'above-max', { value: -0.5, bound: -1, limitKind: 'spec' }],
    [-6.5, 'below-warn', { value: -6.5, bound: -6.3, min: -7.3, max: -1, limitKind: 'spec' }],
    [-1.2, 'above-warn', { value: -1.2, bound: -1.5, min: -7.3, max: -1, limitKind: 'spec' }],
    [-3, 'within', { value: -3, min: -7.3, max: -1, limitKind: 'spec' }],
  ])('Tx power %s dBm gives %s with the bound crossed', (value, code, args) => {
    const r = judgeValue('txPowerDbm', value, tx);
    expect(r.reasonCode).toBe(code);
    expect(r.reasonArgs).toEqual(args);
  });

  it('the value in the args is rounded as judged: -7.3001 dBm is -7.3, at the bound, not below it', () => {
    expect(judgeValue('txPowerDbm', -7.3001, tx)).toMatchObject({ reasonCode: 'below-warn', reasonArgs: { value: -7.3, bound: -6.3 } });
  });

  it('module alarm limits say so (limitKind alarm), an unbounded side is null', () => {
    expect(judgeValue('txBiasMa', 20, { min: null, max: 10 }, 'alarm')).toMatchObject({ reasonCode: 'above-max', reasonArgs: { value: 20, bound: 10, limitKind: 'alarm' } });
    expect(judgeValue('txBiasMa', 5, { min: null, max: 10 }, 'alarm').reasonArgs).toEqual({ value: 5, min: null, max: 10, limitKind: 'alarm' });
  });

  it('no light carries the lane, the mW reading and the cause the module flags', () => {
    const d = diagnostics({ lanes: [lane({ txPowerMw: 0, txPowerDbm: null })], status: { txFault: true } });
    expect(verdictOf(evaluate(sfp({ diagnostics: d })), 'txPowerDbm')).toMatchObject({ reasonCode: 'no-light', reasonArgs: { lane: null, mw: 0, cause: 'tx-fault' } });
    const q = qsfp28({ diagnostics: diagnostics({ lanes: [lane(), lane({ txPowerMw: 0, txPowerDbm: null }), lane(), lane()], status: { txFaultLanes: [false, true, false, false] } }) });
    expect(verdictOf(evaluate(q), 'txPowerDbm', 2)).toMatchObject({ reasonCode: 'no-light', reasonArgs: { lane: 2, cause: 'tx-fault' } });
  });

  it('Rx: no source is not measured (rx-no-source), a source with nothing arriving fails (rx-no-light)', () => {
    expect(verdictOf(evaluate(sfp(), false), 'rxPowerDbm').reasonCode).toBe('rx-no-source');
    const dark = sfp({ diagnostics: diagnostics({ lanes: [lane({ rxPowerMw: 0, rxPowerDbm: null })] }) });
    expect(verdictOf(evaluate(dark), 'rxPowerDbm')).toMatchObject({ reasonCode: 'rx-no-light', reasonArgs: { lane: null } });
  });

  it('nothing measured says why: diagnostics not in the image, no diagnostics at all, data not ready, a NaN reading', () => {
    const notRead = sfp({ diagnostics: null, problems: [{ code: 'A2H_ABSENT', message: 'image is 256 bytes; A2h diagnostics absent', offset: 256 }] });
    expect(evaluate(notRead).verdicts.map((v) => v.reasonCode)).toEqual(Array(5).fill('no-diagnostics'));
    expect(evaluate(sfp({ diagnostics: null })).verdicts.map((v) => v.reasonCode)).toEqual(['no-ddm', 'no-ddm', 'no-ddm', 'no-ddm', 'no-ddm']);
    expect(verdictOf(evaluate(sfp({ diagnostics: diagnostics({ status: { dataNotReady: true } }) })), 'temperatureC').reasonCode).toBe('data-not-ready');
    expect(verdictOf(evaluate(sfp({ diagnostics: diagnostics({ supplyVoltageV: Number.NaN }) })), 'supplyVoltageV')).toMatchObject({ reasonCode: 'not-a-number', reasonArgs: { raw: 'NaN' } });
  });

  it('a reading with no usable limit names why the module thresholds cannot serve', () => {
    const blank = { highAlarm: 0, lowAlarm: 0, highWarning: 0, lowWarning: 0 };
    const d = diagnostics();
    const m = sfp({ diagnostics: { ...d, thresholds: d.thresholds === null ? null : { ...d.thresholds, txBiasMa: blank } } });
    expect(verdictOf(evaluate(m), 'txBiasMa')).toMatchObject({ status: 'not-measured', reasonCode: 'no-limit', reasonArgs: { missing: 'thresholds-blank' } });
  });
});

describe('integrity reason codes', () => {
  it('checksums: ok with the stored byte, a mismatch with both bytes, absent by why', () => {
    expect(check(sfp(), 'checksumBase')).toMatchObject({ reasonCode: 'checksum-ok' });
    const bad = sfp({ checksums: { ...sfp().checksums, extended: { stored: 0x10, computed: 0x11, ok: false } } });
    expect(check(bad, 'checksumExtended')).toMatchObject({ reasonCode: 'checksum-mismatch', reasonArgs: { stored: 0x10, computed: 0x11 } });
    expect(check(qsfp28(), 'checksumDiagnostics')).toMatchObject({ reasonCode: 'checksum-not-separate', reasonArgs: { standard: 'SFF-8636' } });
    expect(check(sfp({ checksums: { ...sfp().checksums, diagnostics: null } }), 'checksumDiagnostics').reasonCode).toBe('checksum-no-a2h');
  });

  it('vendor fields name the non-printable and the blank fields by key, including those the decoder reported', () => {
    const m = sfp({
      vendor: { ...sfp().vendor, name: 'ACME\u0007', serialNumber: ' ' },
      problems: [{ code: 'FIELD_NONPRINTABLE', message: 'part number has non-printable byte 0xff at offset 45', offset: 45 }],
    });
    expect(check(m, 'vendorFieldsPrintable')).toMatchObject({ status: 'finding', reasonCode: 'vendor-fields-bad', reasonArgs: { nonPrintable: 'vendorName,partNumber', blank: 'serialNumber' } });
    expect(check(sfp(), 'vendorFieldsPrintable').reasonCode).toBe('vendor-fields-ok');
  });

  it('date code, wavelength and identifier carry their data', () => {
    expect(check(sfp({ vendor: { ...sfp().vendor, manufactureDate: null, dateCode: '231399' } }), 'dateCodeValid')).toMatchObject({ reasonCode: 'date-code-invalid', reasonArgs: { raw: '231399' } });
    expect(check(sfp({ vendor: { ...sfp().vendor, manufactureDate: '2027-01-01', dateCode: '270101' } }), 'dateCodeValid')).toMatchObject({
      reasonCode: 'date-code-future',
      reasonArgs: { raw: '270101', date: '2027-01-01', on: '2026-11-26' },
    });
    expect(check(sfp({ wavelengthNm: 1310 }), 'wavelengthConsistent')).toMatchObject({ reasonCode: 'wavelength-mismatch', reasonArgs: { nm: 1310, expected: 'test 10GBASE-SR 840-860 nm' } });
    expect(check(sfp({ wavelengthNm: 850 }), 'wavelengthConsistent').reasonCode).toBe('wavelength-fits');
    expect(check(sfp({ identifier: { code: 0, name: 'Unknown or unspecified' } }), 'identifierKnown')).toMatchObject({ reasonCode: 'identifier-unknown', reasonArgs: { code: 0 } });
  });

  it('every verdict and check of a full evaluation has a code, so the UI never falls back for a fresh run', () => {
    const e = evaluate(qsfp28());
    expect(e.verdicts.every((v) => v.reasonCode !== undefined)).toBe(true);
    expect(e.integrity.every((c) => c.reasonCode !== undefined)).toBe(true);
  });
});
