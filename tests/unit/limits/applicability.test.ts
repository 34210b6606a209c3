// Applicability before judgment (issue 11): only what the module says it has is judged, lasers
// only when meant to be on, OMA only against OMA limits, the supply as the bench's; an incomplete
// run says why and what to do, and is never within spec. Images are built byte for byte by the
// image builder (so the decoders' declarations are exercised too) or are the shared vectors.
import { describe, expect, it } from 'vitest';
import type { Evaluation, LaserBringUp, ParameterName, TestSetup } from '../../../preload/contract/limits';
import type { DecodedModule } from '../../../preload/contract/module';
import { evaluateModule } from '../../../main/limits/index';
import { loadLimitLibrary } from '../../../main/limits/library';
import { decodeModule } from '../../../main/sff/index';
import { buildQsfpImage, buildSfpImage, DEFAULT_THRESHOLDS } from '../../../main/sff/image-builder';
import { vectorBytes } from '../sff/vectors';
import { AT, diagnostics, lane, profile, qsfp28, sfp } from './fixtures';

const LIBRARY = loadLimitLibrary(new URL('../../../resources/limits/', import.meta.url).pathname);
const TODAY = new Date('2026-12-05T12:00:00Z');

function judge(image: Uint8Array | DecodedModule, setup: Partial<TestSetup> = {}, at = TODAY): Evaluation {
  const m = image instanceof Uint8Array ? decodeModule(image) : image;
  return evaluateModule(m, { profiles: LIBRARY, setup: { rxLightSource: false, ...setup }, at });
}
const lanesOf = (e: Evaluation, p: ParameterName) => e.verdicts.filter((v) => v.parameter === p);
const codesOf = (e: Evaluation, p: ParameterName) => lanesOf(e, p).map((v) => `${v.status}:${v.reasonCode}`);
const dead = [0, 1, 2, 3].map(() => ({ txBiasMa: 0, txPowerMw: 0, rxPowerMw: 0 }));
const laser = (outcome: LaserBringUp['outcome'], detail = ''): LaserBringUp => ({ outcome, detail, writes: [] });

describe('a module is judged only on what it says it has', () => {
  it('a 100G passive DAC reading zero everywhere is not "no light": no laser, nothing judges its signal path, incomplete (external test)', () => {
    const dac = buildQsfpImage({ deviceTechnology: 0x0a, compliance: ['100GBASE-CR4'], diagnosticType: 0x00, revision: 0x08, diagnostics: { lanes: dead, temperatureC: 0, supplyVoltageV: 0 } });
    const e = judge(dac, { rxLightSource: true });
    expect(e.verdicts.filter((v) => v.reasonCode === 'no-light')).toEqual([]);
    expect(codesOf(e, 'txPowerDbm')).toEqual(Array(4).fill('not-applicable:no-laser'));
    expect(lanesOf(e, 'txPowerDbm')[0]?.reason).toBe('Tx power not applicable: passive copper cable: no laser');
    expect(codesOf(e, 'rxPowerDbm')).toEqual(Array(4).fill('not-applicable:no-laser'));
    expect([e.overall, e.withinSpec]).toEqual(['incomplete', false]);
    expect(e.incomplete?.map((r) => r.code)).toEqual(['no-signal-path']);
    expect(e.nextSteps).toEqual(['external-test']);
  });

  it('the real 100G DAC of the issue (ONL entry 33) and a breakout DAC with monitored temperature are never failed', () => {
    for (const entry of ['33-Amphenol-NDAAFF-C103', '40-CISCO_OEM-QSFP-4SFP+-CU2M']) {
      const e = judge(vectorBytes(`onl-sff-db/entries/${entry}/dump.hex`), { rxLightSource: true, imageSource: 'programmer' });
      expect(e.overall).toBe('incomplete');
      expect(e.verdicts.some((v) => v.status === 'fail')).toBe(false);
    }
  });

  it('Tx power not monitored (byte 220 bit 2 clear) with every lane at 0 is "not monitored", never "no light"; the bias is still judged', () => {
    const img = buildQsfpImage({ diagnosticType: 0x38, diagnostics: { lanes: [0, 1, 2, 3].map(() => ({ txBiasMa: 7, txPowerMw: 0, rxPowerMw: 0.5 })) } });
    const e = judge(img);
    expect(codesOf(e, 'txPowerDbm')).toEqual(Array(4).fill('not-applicable:not-monitored'));
    expect(lanesOf(e, 'txPowerDbm')[0]?.reason).toContain('SFF-8636 byte 220 bit 2 clear');
    expect(codesOf(e, 'txBiasMa')).toEqual(Array(4).fill('pass:within'));
    expect(e.overall).toBe('pass');
  });

  it('Tx power monitored and zero on a lane of an optic that should be lit is still a failure ("no light")', () => {
    const lanes = [0, 1, 2, 3].map((i) => ({ txBiasMa: i === 2 ? 0 : 7, txPowerMw: i === 2 ? 0 : 0.8, rxPowerMw: 0.5 }));
    const e = judge(buildQsfpImage({ diagnostics: { lanes, txFaultLanes: [false, false, true, false] } }), { imageSource: 'programmer' });
    expect(lanesOf(e, 'txPowerDbm')[2]).toMatchObject({ status: 'fail', reasonCode: 'no-light', reasonArgs: { lane: 3, cause: 'tx-fault' } });
    expect(e.overall).toBe('fail');
  });

  it('every lane at 0 mA with Tx power not monitored cannot tell off from failed: not measured, unless TX_FAULT says which', () => {
    const quiet = judge(buildQsfpImage({ diagnosticType: 0x38, diagnostics: { lanes: dead } }));
    expect(codesOf(quiet, 'txBiasMa')).toEqual(Array(4).fill('not-measured:bias-unconfirmed'));
    expect(quiet.overall).toBe('incomplete');
    const faulted = judge(buildQsfpImage({ diagnosticType: 0x38, diagnostics: { lanes: dead, txFaultLanes: [true, false, false, false] } }));
    expect(lanesOf(faulted, 'txBiasMa')[0]).toMatchObject({ status: 'fail', reasonCode: 'tx-fault' });
    expect(faulted.overall).toBe('fail');
  });

  it('a module whose media nobody declared and whose Tx power is 0 is not failed as "no light"', () => {
    const unknown = sfp({
      compliance: [],
      wavelengthNm: null,
      diagnostics: diagnostics({ lanes: [lane({ txPowerMw: 0, txPowerDbm: null })] }),
      declarations: { media: 'unknown', hasLaser: true, monitors: { temperature: true, supplyVoltage: true, txBias: true, txPower: true, rxPower: true }, rxPowerMeasurement: 'average', flatMemory: null, powerClass: null, sources: [] },
    });
    const e = evaluateModule(unknown, { profiles: [profile()], setup: { rxLightSource: false }, at: AT });
    expect(codesOf(e, 'txPowerDbm')).toEqual(['not-measured:no-light-media-unknown']);
    expect(e.overall).toBe('incomplete');
  });

  it('a CMIS lane whose data path is not activated is not applicable, the others are judged', () => {
    const lanes = [lane(), lane({ dataPathActive: false, txPowerMw: 0, txPowerDbm: null }), lane(), lane()];
    const m = qsfp28({
      standard: 'CMIS',
      diagnostics: diagnostics({ lanes }),
      declarations: { media: 'optical', hasLaser: true, monitors: { temperature: true, supplyVoltage: true, txBias: true, txPower: true, rxPower: true }, rxPowerMeasurement: 'average', flatMemory: false, powerClass: 3, sources: ['test'] },
    });
    const e = evaluateModule(m, { profiles: [profile()], setup: { rxLightSource: false }, at: AT });
    expect(lanesOf(e, 'txPowerDbm').map((v) => v.status)).toEqual(['pass', 'not-applicable', 'pass', 'pass']);
    expect(lanesOf(e, 'txPowerDbm')[1]?.reason).toContain('data path not activated');
  });

  it('a run stored before declarations existed is judged conservatively: a "Passive cable" with zeros is not failed', () => {
    const old = sfp({ compliance: ['Passive cable'], wavelengthNm: null, diagnostics: diagnostics({ lanes: [lane({ txBiasMa: 0, txPowerMw: 0, txPowerDbm: null })] }) });
    const e = evaluateModule(old, { profiles: [profile()], setup: { rxLightSource: false }, at: AT });
    expect(codesOf(e, 'txPowerDbm')).toEqual(['not-applicable:no-laser']);
    expect(e.overall).toBe('incomplete');
  });
});

describe('lasers are judged only when they were meant to be on', () => {
  const lowPower = (powerControl: number) => buildQsfpImage({ extIdentifier: 0xc0, powerControl, diagnostics: { lanes: dead } });

  it('a class 4 module held in low power by byte 93, read from a file: "lasers were off", not "no light"', () => {
    const e = judge(lowPower(0x03));
    expect(codesOf(e, 'txPowerDbm')).toEqual(Array(4).fill('not-measured:lasers-off'));
    expect(lanesOf(e, 'txBiasMa')[0]?.reason).toBe('Tx bias not measured: the lasers were off (low-power mode: SFF-8636 byte 93 keeps a power class 4 module in low power)');
    expect([e.overall, e.nextSteps]).toEqual(['incomplete', ['read-on-bench']]);
  });

  it('the same module with the LPMode pin deciding (byte 93 = 0) and every lane dark: lasers off as well', () => {
    expect(codesOf(judge(lowPower(0x00)), 'txPowerDbm')).toEqual(Array(4).fill('not-measured:lasers-off'));
  });

  it('the robustness 40G-LR4 (28 mA of "bias" in forced low power, Tx power not monitored) is not failed', () => {
    const e = judge(vectorBytes('robustness/kaiam-xqx2502-qsfp-40g-lr4/dump_256.hex'));
    expect(e.verdicts.filter((v) => v.status === 'fail')).toEqual([]);
    expect(e.incomplete?.map((r) => r.code)).toEqual(['lasers-off']);
  });

  it('brought up by the reader ("done"), dark lanes are "no light": a dead laser fails', () => {
    const e = judge(lowPower(0x03), { laser: laser('done', 'byte 93 set to 01h, waited 300 ms, restored'), imageSource: 'programmer' });
    expect(codesOf(e, 'txPowerDbm')).toEqual(Array(4).fill('fail:no-light'));
    expect(e.overall).toBe('fail');
  });

  it.each(['refused', 'timeout', 'fault'] as const)('a bring-up that was %s leaves the laser parameters not measured with that reason', (outcome) => {
    const e = judge(lowPower(0x03), { laser: laser(outcome, 'byte 93 write NACKed'), imageSource: 'programmer' });
    expect(codesOf(e, 'txPowerDbm')).toEqual(Array(4).fill('not-measured:laser-bring-up'));
    expect(lanesOf(e, 'txPowerDbm')[0]?.reason).toContain('byte 93 write NACKed');
    expect(e.nextSteps).toEqual(['read-again', 'external-test']);
  });

  it('read as-is with the lasers off: not measured, "read again with the lasers powered up"', () => {
    const e = judge(buildQsfpImage({ diagnostics: { lanes: dead } }), { laser: laser('as-is', 'read without powering up'), imageSource: 'programmer' });
    expect(codesOf(e, 'txPowerDbm')).toEqual(Array(4).fill('not-measured:lasers-off'));
    expect(e.nextSteps).toEqual(['power-up']);
  });

  it('Tx disabled by software is reported as such: SFF-8472 A2h byte 110 bit 6, SFF-8636 byte 86 per lane', () => {
    const sfpOff = judge(buildSfpImage({ diagnostics: { txPowerMw: 0, txBiasMa: 0, status: { softTxDisable: true } } }));
    expect(codesOf(sfpOff, 'txPowerDbm')).toEqual(['not-measured:tx-disabled']);
    expect(lanesOf(sfpOff, 'txPowerDbm')[0]?.reason).toContain('A2h byte 110 bit 6');
    const lanes = [0, 1, 2, 3].map((i) => ({ txBiasMa: i === 1 ? 0 : 7, txPowerMw: i === 1 ? 0 : 0.8, rxPowerMw: 0.5 }));
    const qsfpOff = judge(buildQsfpImage({ softTxDisable: 0x02, diagnostics: { lanes } }));
    expect(codesOf(qsfpOff, 'txPowerDbm')).toEqual(['pass:within', 'not-measured:tx-disabled', 'pass:within', 'pass:within']);
    expect(qsfpOff.nextSteps).toEqual(['read-again']);
  });
});

describe('Rx power reported as OMA is judged only against OMA limits', () => {
  const omaSfp = (thresholds = DEFAULT_THRESHOLDS) => buildSfpImage({ diagnostics: { rxPowerMeasurement: 'oma', rxPowerMw: 0.2, thresholds } });
  const blank = { highAlarm: 0, lowAlarm: 0, highWarning: 0, lowWarning: 0 };

  it('with a profile OMA figure (10GBASE-SR v2: sensitivity -11.1 dBm OMA) it is judged as "Rx power (OMA)"', () => {
    const e = judge(omaSfp({ ...DEFAULT_THRESHOLDS, rxPowerMw: blank }), { rxLightSource: true });
    expect(lanesOf(e, 'rxPowerDbm')).toEqual([]);
    expect(lanesOf(e, 'rxPowerOmaDbm')[0]).toMatchObject({ status: 'pass', limit: { min: -11.1, max: null }, limitSource: 'profile ieee-10gbase-sr v2 (IEEE 802.3 clause 52.5)' });
  });

  it('under profile v1 (no OMA figure) and without usable module thresholds it is not measured, never judged against average limits', () => {
    const e = judge(omaSfp({ ...DEFAULT_THRESHOLDS, rxPowerMw: blank }), { rxLightSource: true }, AT);
    expect(e.profile?.version).toBe(1);
    expect(lanesOf(e, 'rxPowerOmaDbm')[0]).toMatchObject({ status: 'not-measured', reasonCode: 'oma-no-limit' });
    expect(e.incomplete?.map((r) => r.code)).toEqual(['oma-no-limit']);
  });

  it("the module's own Rx thresholds are in the unit it reports, so they judge an OMA reading", () => {
    const e = judge(omaSfp(), { rxLightSource: true }, AT);
    expect(lanesOf(e, 'rxPowerOmaDbm')[0]).toMatchObject({ status: 'pass', limitSource: 'module thresholds' });
  });
});

describe('the supply is the bench\'s', () => {
  it('Vcc outside its limit makes the run incomplete ("check the programmer\'s supply"), even with a parameter out of spec', () => {
    const e = judge(buildSfpImage({ diagnostics: { supplyVoltageV: 2.9, txPowerMw: 0.1 } }), { imageSource: 'programmer' });
    expect(lanesOf(e, 'supplyVoltageV')[0]).toMatchObject({ status: 'not-measured', reasonCode: 'supply-out-of-range', value: 2.9 });
    expect(lanesOf(e, 'supplyVoltageV')[0]?.reason).toContain("the programmer's 3.3 V supply is out of range");
    expect(lanesOf(e, 'txPowerDbm')[0]?.status).toBe('fail');
    expect([e.overall, e.withinSpec, e.nextSteps?.[0]]).toEqual(['incomplete', false, 'check-supply']);
  });

  it('a supply in its warning band is shown on its row but does not make the module marginal', () => {
    const e = judge(buildSfpImage({ diagnostics: { supplyVoltageV: 3.43 } }), { rxLightSource: true });
    expect(lanesOf(e, 'supplyVoltageV')[0]?.status).toBe('marginal');
    expect(e.overall).toBe('pass');
  });

  it('without a profile or module figure the supply is judged against the SFF host supply 3.3 V +/- 5 %', () => {
    const m = sfp({ compliance: [], diagnostics: diagnostics({ supplyVoltageV: 3.6, thresholds: null }) });
    const v = evaluateModule(m, { profiles: [], setup: { rxLightSource: false }, at: AT }).verdicts.find((x) => x.parameter === 'supplyVoltageV');
    expect(v).toMatchObject({ status: 'not-measured', reasonCode: 'supply-out-of-range', limit: { min: 3.135, max: 3.465 } });
  });
});

describe('incomplete, pass and what the run names', () => {
  it('Rx power without a light source is the technician\'s choice: named in notJudged, and the run still passes', () => {
    const e = judge(buildSfpImage());
    expect(e.notJudged).toEqual(['rxPowerDbm']);
    expect(e.overall).toBe('pass');
    expect(e.setup).toEqual({ rxLightSource: false });
  });

  it('nothing measured is incomplete with "read again" for a module not ready, and never within spec', () => {
    const e = judge(buildQsfpImage({ dataNotReady: true }));
    expect([e.overall, e.withinSpec, e.nextSteps]).toEqual(['incomplete', false, ['read-again']]);
  });

  it('only a fault fails: a wrong checksum confirmed by a second read, not one in a file read once', () => {
    const img = buildSfpImage({ corruptChecksums: ['base'] });
    expect(judge(img, { rxLightSource: true }).overall).toBe('incomplete');
    expect(judge(img, { rxLightSource: true }).nextSteps).toEqual(['read-on-bench']);
    expect(judge(img, { rxLightSource: true, imageSource: 'programmer' }).overall).toBe('fail');
  });

  it('findings never fail: an odd date code and non-printable lot bytes leave a healthy module passing, listed apart', () => {
    const img = buildSfpImage({ vendor: { dateCode: '20190312' } });
    const e = judge(img, { rxLightSource: true });
    expect(e.overall).toBe('pass');
    expect(e.findings?.map((f) => [f.check, f.reasonCode])).toEqual([['dateCodeValid', 'date-code-layout']]);
  });
});
