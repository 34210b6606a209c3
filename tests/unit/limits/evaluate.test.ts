import { describe, expect, it } from 'vitest';
import type { Evaluation, ParameterName } from '../../../preload/contract/limits';
import type { DecodedModule } from '../../../preload/contract/module';
import { evaluateModule, judgeValue } from '../../../main/limits/index';
import { AT, diagnostics, lane, profile, qsfp28, sfp } from './fixtures';

const LIGHT = { rxLightSource: true };

function evaluate(m: DecodedModule, rxLight = true, profiles = [profile()]): Evaluation {
  return evaluateModule(m, { profiles, setup: { rxLightSource: rxLight }, at: AT });
}

function verdictOf(e: Evaluation, parameter: ParameterName, laneNo: number | null = null) {
  const v = e.verdicts.find((x) => x.parameter === parameter && x.lane === laneNo);
  if (!v) throw new Error(`no verdict for ${parameter} lane ${laneNo}`);
  return v;
}

describe('judgeValue: boundaries (exactly at a limit is within it)', () => {
  const txLimit = { min: -7.3, max: -1.0, warnMin: -6.3, warnMax: -1.5 };
  it.each([
    [-7.31, 'fail'],
    [-7.3, 'marginal'],
    [-6.31, 'marginal'],
    [-6.3, 'pass'],
    [-2.5, 'pass'],
    [-1.5, 'pass'],
    [-1.49, 'marginal'],
    [-1.0, 'marginal'],
    [-0.99, 'fail'],
  ])('Tx power %s dBm against -7.3..-1.0 (warn -6.3..-1.5) is %s', (value, status) => {
    expect(judgeValue('txPowerDbm', value, txLimit).status).toBe(status);
  });

  it('judges at the displayed resolution: -7.3001 dBm (10log10 of 0.1862 mW) is at the limit, not below it', () => {
    expect(judgeValue('txPowerDbm', 10 * Math.log10(0.1862), txLimit).status).toBe('marginal');
    expect(judgeValue('txPowerDbm', -7.306, txLimit).status).toBe('fail');
  });

  it('supply voltage at exactly 3.135 V and 3.465 V is within spec', () => {
    const v = { min: 3.135, max: 3.465, warnMin: 3.2, warnMax: 3.4 };
    expect(judgeValue('supplyVoltageV', 3.135, v).status).toBe('marginal');
    expect(judgeValue('supplyVoltageV', 3.465, v).status).toBe('marginal');
    expect(judgeValue('supplyVoltageV', 3.1349, v).status).toBe('fail');
    expect(judgeValue('supplyVoltageV', 3.4651, v).status).toBe('fail');
  });

  it('an unbounded side never fails, and a range without warnings has no marginal', () => {
    expect(judgeValue('temperatureC', 1000, { min: 0, max: null }).status).toBe('pass');
    expect(judgeValue('temperatureC', 69.99, { min: 0, max: 70 }).status).toBe('pass');
  });

  it('says which bound was crossed, with the value and the limit', () => {
    const r = judgeValue('txPowerDbm', -7.8, txLimit);
    expect(r.reason).toBe('Tx power -7.80 dBm below spec minimum -7.3 dBm');
    expect(judgeValue('temperatureC', 66, { min: 0, max: 70, warnMin: 5, warnMax: 65 }).reason).toContain('above warning 65 degC');
  });
});

describe('evaluateModule: parameter verdicts', () => {
  it('a healthy SFP passes every parameter against the profile and names the profile as source', () => {
    const e = evaluate(sfp());
    expect(e.overall).toBe('pass');
    expect(e.withinSpec).toBe(true);
    expect(e.verdicts.map((v) => [v.parameter, v.status])).toEqual([
      ['temperatureC', 'pass'],
      ['supplyVoltageV', 'pass'],
      ['txBiasMa', 'pass'],
      ['txPowerDbm', 'pass'],
      ['rxPowerDbm', 'pass'],
    ]);
    expect(verdictOf(e, 'txPowerDbm').limitSource).toBe('profile test-10gbase-sr v1 (IEEE 802.3 clause 52.5)');
    expect(e.profile).toEqual({ id: 'test-10gbase-sr', version: 1, name: 'test 10GBASE-SR', source: 'IEEE Std 802.3 clause 52.5' });
  });

  it('a marginal parameter makes the module marginal but still within spec (for the warranty NFF rule)', () => {
    const e = evaluate(sfp({ diagnostics: diagnostics({ temperatureC: 67 }) }));
    expect(verdictOf(e, 'temperatureC').status).toBe('marginal');
    expect(e.overall).toBe('marginal');
    expect(e.withinSpec).toBe(true);
  });

  it('temperature exactly 70 degC is marginal (inside spec), 70.01 fails', () => {
    expect(verdictOf(evaluate(sfp({ diagnostics: diagnostics({ temperatureC: 70 }) })), 'temperatureC').status).toBe('marginal');
    const hot = evaluate(sfp({ diagnostics: diagnostics({ temperatureC: 70.01 }) }));
    expect(verdictOf(hot, 'temperatureC').status).toBe('fail');
    expect(hot.overall).toBe('fail');
    expect(hot.withinSpec).toBe(false);
  });

  it('judges temperature by the requested case class when the profile has it', () => {
    const p = profile({ temperatureClasses: { commercial: { min: 0, max: 70 }, industrial: { min: -40, max: 85 } } });
    const m = sfp({ diagnostics: diagnostics({ temperatureC: 80 }) });
    expect(verdictOf(evaluateModule(m, { profiles: [p], setup: LIGHT, at: AT }), 'temperatureC').status).toBe('fail');
    const ind = evaluateModule(m, { profiles: [p], setup: LIGHT, at: AT, temperatureClass: 'industrial' });
    expect(verdictOf(ind, 'temperatureC').status).toBe('pass');
    expect(verdictOf(ind, 'temperatureC').limitSource).toContain('industrial');
  });

  it('zero Tx power is "no light" and fails, never a number', () => {
    const e = evaluate(sfp({ diagnostics: diagnostics({ lanes: [lane({ txPowerMw: 0, txPowerDbm: null, txBiasMa: 0 })] }) }));
    const tx = verdictOf(e, 'txPowerDbm');
    expect(tx.status).toBe('fail');
    expect(tx.value).toBeNull();
    expect(tx.reason).toContain('no light');
    expect(tx.reason).toContain('laser off or failed');
    expect(e.overall).toBe('fail');
  });

  it('TX_DISABLE asserted holds the laser off: Tx is not measured (never "no light") and the run is incomplete', () => {
    const d = diagnostics({ lanes: [lane({ txPowerMw: 0, txPowerDbm: null })], status: { txDisable: true } });
    const e = evaluate(sfp({ diagnostics: d }));
    const tx = verdictOf(e, 'txPowerDbm');
    expect([tx.status, tx.reasonCode, tx.reasonArgs?.by]).toEqual(['not-measured', 'tx-disabled', 'pin']);
    expect(tx.reason).toContain('TX_DISABLE');
    expect(tx.reason).not.toContain('no light');
    expect(e.overall).toBe('incomplete');
  });

  it('Rx power is not measured without a light source, whatever the module reads', () => {
    const e = evaluate(sfp({ diagnostics: diagnostics({ lanes: [lane({ rxPowerDbm: -30 })] }) }), false);
    const rx = verdictOf(e, 'rxPowerDbm');
    expect(rx.status).toBe('not-measured');
    expect(rx.reason).toContain('no light source or loopback attached');
    expect(e.overall).toBe('pass');
  });

  it('with a light source attached, zero Rx power fails as "no light received"', () => {
    const e = evaluate(sfp({ diagnostics: diagnostics({ lanes: [lane({ rxPowerMw: 0, rxPowerDbm: null })] }) }));
    expect(verdictOf(e, 'rxPowerDbm')).toMatchObject({ status: 'fail', value: null });
    expect(verdictOf(e, 'rxPowerDbm').reason).toContain('no light received');
  });

  it('Rx power below the receiver sensitivity fails, at it is within', () => {
    expect(verdictOf(evaluate(sfp({ diagnostics: diagnostics({ lanes: [lane({ rxPowerDbm: -9.9 })] }) })), 'rxPowerDbm').status).toBe('marginal');
    expect(verdictOf(evaluate(sfp({ diagnostics: diagnostics({ lanes: [lane({ rxPowerDbm: -9.91 })] }) })), 'rxPowerDbm').status).toBe('fail');
  });

  it('Tx bias has no IEEE figure: it is judged from the module thresholds, at their exact values', () => {
    const at = (ma: number) => verdictOf(evaluate(sfp({ diagnostics: diagnostics({ lanes: [lane({ txBiasMa: ma })] }) })), 'txBiasMa');
    expect(at(6.5)).toMatchObject({ status: 'pass', limitSource: 'module thresholds', limit: { min: 1, max: 15, warnMin: 2, warnMax: 12 } });
    expect(at(1).status).toBe('marginal');
    expect(at(0.998).status).toBe('fail');
    expect(at(12).status).toBe('pass');
    expect(at(12.002).status).toBe('marginal');
    expect(at(15.002).status).toBe('fail');
    expect(at(0.998).reason).toContain("module's low alarm");
  });

  it('blank (all-zero) module thresholds are no limit: bias is reported unjudged, not passed or failed', () => {
    const d = diagnostics();
    const blank = { highAlarm: 0, lowAlarm: 0, highWarning: 0, lowWarning: 0 };
    const e = evaluate(sfp({ diagnostics: { ...d, thresholds: { ...d.thresholds!, txBiasMa: blank } } }));
    const v = verdictOf(e, 'txBiasMa');
    expect(v.status).toBe('not-measured');
    expect(v.value).toBe(6.5);
    expect(v.reason).toContain('blank');
  });

  it('without any profile every parameter falls back to the module thresholds (mW thresholds in dBm)', () => {
    const e = evaluate(sfp({ compliance: ['Unallocated'] }), true, [profile()]);
    expect(e.profile).toBeNull();
    expect(e.matchedBy).toBe('module thresholds');
    const tx = verdictOf(e, 'txPowerDbm');
    expect(tx.limitSource).toBe('module thresholds');
    // 0.1122 mW = -9.50 dBm, 1 mW = 0 dBm, 0.1862 mW = -7.30 dBm, 0.7943 mW = -1.00 dBm
    expect(tx.limit).toEqual({ min: -9.5, max: 0, warnMin: -7.3, warnMax: -1 });
    expect(tx.status).toBe('pass');
  });

  it('a zero low-alarm power threshold (0 mW) means unbounded below, not -Infinity', () => {
    const d = diagnostics();
    const th = { ...d.thresholds!, txPowerMw: { highAlarm: 1, lowAlarm: 0, highWarning: 0.7943, lowWarning: 0 } };
    const e = evaluate(sfp({ compliance: [], diagnostics: { ...d, thresholds: th } }));
    expect(verdictOf(e, 'txPowerDbm').limit).toEqual({ min: null, max: 0, warnMin: null, warnMax: -1 });
  });

  it('judges each lane of a multi-lane module separately and numbers the lanes', () => {
    const lanes = [lane(), lane({ txPowerDbm: -8.5, txPowerMw: 0.1413 }), lane(), lane({ rxPowerDbm: 2.5 })];
    const sr4 = profile({ id: 'test-sr4', match: { interfaces: ['100GBASE-SR4'] }, perLane: true, limits: { txPowerDbm: { min: -8.4, max: 2.4 }, rxPowerDbm: { min: -10.3, max: 2.4 } } });
    const e = evaluate(qsfp28({ diagnostics: diagnostics({ lanes }) }), true, [sr4]);
    expect(e.verdicts.filter((v) => v.parameter === 'txPowerDbm').map((v) => [v.lane, v.status])).toEqual([
      [1, 'pass'],
      [2, 'fail'],
      [3, 'pass'],
      [4, 'pass'],
    ]);
    expect(verdictOf(e, 'rxPowerDbm', 4).status).toBe('fail');
    expect(verdictOf(e, 'txBiasMa', 3).status).toBe('pass');
    expect(e.overall).toBe('fail');
  });

  it('a module without diagnostics: every parameter not applicable, nothing judged, so incomplete; a confirmed checksum fault still fails it', () => {
    const m = sfp({ diagnostics: null, checksums: { ...sfp().checksums, base: { stored: 0, computed: 1, ok: false }, diagnostics: null } });
    const e = evaluate(m);
    expect(e.verdicts).toHaveLength(5);
    for (const v of e.verdicts) {
      expect(v.status).toBe('not-applicable');
      expect(v.reason).toContain('no digital diagnostics');
    }
    // Read from a file, the wrong checksum is unconfirmed: more evidence, not a fault.
    expect(e.overall).toBe('incomplete');
    expect(e.integrity.find((c) => c.check === 'checksumBase')?.status).toBe('unconfirmed');
    const read = evaluateModule(m, { profiles: [profile()], setup: { rxLightSource: true, imageSource: 'programmer' }, at: AT });
    expect(read.overall).toBe('fail');
    expect(read.withinSpec).toBe(false);
  });

  it('a module reporting data-not-ready is not judged on stale readings', () => {
    const e = evaluate(sfp({ diagnostics: diagnostics({ temperatureC: 120, status: { dataNotReady: true } }) }));
    expect(e.verdicts.every((v) => v.status === 'not-measured')).toBe(true);
    expect(verdictOf(e, 'temperatureC').reason).toContain('data not ready');
  });

  it('a NaN reading (broken external calibration) is reported, not passed', () => {
    const e = evaluate(sfp({ diagnostics: diagnostics({ supplyVoltageV: Number.NaN }) }));
    expect(verdictOf(e, 'supplyVoltageV').status).toBe('not-measured');
  });

  it('an unreadable date code is a finding, not a failure: the module still passes, and the finding is listed apart', () => {
    const e = evaluate(sfp({ vendor: { ...sfp().vendor, manufactureDate: null, dateCode: '231399' } }));
    expect(e.verdicts.every((v) => v.status === 'pass')).toBe(true);
    expect(e.overall).toBe('pass');
    expect(e.withinSpec).toBe(true);
    expect(e.findings?.map((f) => [f.check, f.reasonCode])).toEqual([['dateCodeValid', 'date-code-invalid']]);
  });

  it('a confirmed checksum fault alone fails the module (corrupted memory), and withinSpec follows it', () => {
    const m = sfp({ checksums: { ...sfp().checksums, extended: { stored: 0x10, computed: 0x11, ok: false } } });
    const e = evaluateModule(m, { profiles: [profile()], setup: { rxLightSource: true, imageSource: 'programmer' }, at: AT });
    expect(e.verdicts.every((v) => v.status === 'pass')).toBe(true);
    expect(e.overall).toBe('fail');
    expect(e.withinSpec).toBe(false);
  });
});
