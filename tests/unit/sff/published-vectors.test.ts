// FBOSS, vyatta-dataplane and robustness images from ../shared/vectors: every expectation below
// quotes the folder's decoded.txt (or source.txt for the robustness images, which have no oracle).
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../../main/sff/index';
import { concat, vectorBytes } from './vectors';

/** Equal within the printed precision of the reference value (its number of decimals). */
function near(actual: number | undefined, printed: string): void {
  const decimals = printed.includes('.') ? printed.split('.')[1]!.length : 0;
  expect(actual).toBeDefined();
  expect(Math.abs((actual ?? NaN) - Number(printed))).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
}
const codes = (m: { problems: { code: string }[] }): string[] => m.problems.map((p) => p.code);

describe('FBOSS QSFP28 CWDM4 (qsfp-cwdm4/decoded.txt)', () => {
  const split = concat(
    vectorBytes('fboss-sff-test-vectors/qsfp-cwdm4/lower_page00.hex'),
    vectorBytes('fboss-sff-test-vectors/qsfp-cwdm4/upper_page00.hex'),
    new Uint8Array(256),
    vectorBytes('fboss-sff-test-vectors/qsfp-cwdm4/upper_page03.hex'),
  );
  const flat384 = vectorBytes('fboss-sff-test-vectors/qsfp-cwdm4/flat_lower+page00+page03_384B.hex');

  it.each([
    ['ethtool 640-byte layout (page 03h at 512)', split],
    ['the 384-byte lower+00h+03h concatenation', flat384],
  ])('%s: identity, monitors, thresholds, lane flags', (_name, image) => {
    const m = decodeModule(image);
    expect(m.standard).toBe('SFF-8636');
    expect(m.identifier.code).toBe(0x0d);
    expect(m.compliance).toContain('100G CWDM4');
    expect(m.lengths.om3M).toBe(100);
    expect(m.vendor.name).toBe('FACETEST');
    const d = m.diagnostics!;
    near(d.temperatureC, '31.015625');
    near(d.supplyVoltageV, '3.2989');
    ['10.28', '8.738', '17.476', '26.214'].forEach((v, i) => near(d.lanes[i]?.txBiasMa, v));
    ['1.6705', '1.6962', '1.7219', '1.7476'].forEach((v, i) => near(d.lanes[i]?.txPowerMw, v));
    ['0.4643', '0.9012', '0.4913', '0.4626'].forEach((v, i) => near(d.lanes[i]?.rxPowerMw, v));
    const t = d.thresholds!;
    const set = (s: { highAlarm: number; lowAlarm: number; highWarning: number; lowWarning: number }): number[] =>
      [s.highAlarm, s.lowAlarm, s.highWarning, s.lowWarning];
    const expectSet = (actual: number[], printed: string[]): void => printed.forEach((p, i) => near(actual[i], p));
    expectSet(set(t.temperatureC), ['75', '-5', '70', '0']);
    expectSet(set(t.supplyVoltageV), ['3.80', '2.84', '3.45', '3.15']);
    expectSet(set(t.rxPowerMw), ['0.6683', '0.7197', '0.7711', '0.437']);
    expectSet(set(t.txPowerMw), ['0.4386', '1.3124', '2.1862', '3.06']);
    expectSet(set(t.txBiasMa), ['0.034', '17.51', '34.986', '52.462']);
    // Per-lane flags as printed in decoded.txt, lanes 1-4.
    const lanes = (kind: 'alarms' | 'warnings', name: string): number[] =>
      [1, 2, 3, 4].map((l) => (d.flags[kind].includes(`${name}Lane${l}`) ? 1 : 0));
    expect(lanes('alarms', 'txPowerHigh')).toEqual([1, 0, 0, 0]);
    expect(lanes('alarms', 'txPowerLow')).toEqual([1, 1, 0, 0]);
    expect(lanes('warnings', 'txPowerHigh')).toEqual([0, 0, 0, 1]);
    expect(lanes('warnings', 'txPowerLow')).toEqual([0, 1, 0, 1]);
    expect(lanes('alarms', 'rxPowerHigh')).toEqual([1, 0, 1, 0]);
    expect(lanes('alarms', 'rxPowerLow')).toEqual([1, 1, 1, 0]);
    expect(lanes('warnings', 'rxPowerHigh')).toEqual([0, 0, 1, 1]);
    expect(lanes('warnings', 'rxPowerLow')).toEqual([0, 1, 1, 1]);
    expect(lanes('alarms', 'txBiasHigh')).toEqual([1, 0, 0, 1]);
    expect(lanes('alarms', 'txBiasLow')).toEqual([1, 1, 0, 1]);
    expect(lanes('warnings', 'txBiasHigh')).toEqual([0, 0, 1, 0]);
    expect(lanes('warnings', 'txBiasLow')).toEqual([0, 1, 1, 0]);
    // Vcc flags 0,0,1,1 as printed. decoded.txt also prints temperature flags 1,1,0,0, but lower
    // byte 6 of this very fixture is 0x00 (no temperature flag set): the bytes win.
    expect(d.flags.warnings).toEqual(expect.arrayContaining(['supplyVoltageHigh', 'supplyVoltageLow']));
    expect(d.flags.alarms.filter((f) => f.startsWith('supplyVoltage') || f.startsWith('temperature'))).toEqual([]);
    expect(image[6]).toBe(0x00);
    // Media signals Rx_Los 1,1,0,1 and Tx_Fault 0,0,1,1.
    expect(d.status?.rxLosLanes).toEqual([true, true, false, true]);
    expect(d.status?.txFaultLanes).toEqual([false, false, true, true]);
  });

  it('the 384-byte concatenation is named as a non-standard layout, not silently accepted', () => {
    expect(decodeModule(flat384).problems.find((p) => p.code === 'LAYOUT_NONSTANDARD')?.offset).toBe(256);
    expect(codes(decodeModule(split))).not.toContain('LAYOUT_NONSTANDARD');
  });
});

describe('FBOSS SFP 10G-LR (sfp-10g/decoded.txt): lower halves of A0h and A2h', () => {
  const a0 = vectorBytes('fboss-sff-test-vectors/sfp-10g/a0_lower128.hex');
  const a2 = vectorBytes('fboss-sff-test-vectors/sfp-10g/a2_lower128.hex');
  const image = concat(a0, new Uint8Array(128), a2, new Uint8Array(128));

  it('decodes identity and live values at the SFF-8472 scaling', () => {
    const m = decodeModule(image);
    expect(m.compliance).toContain('10GBASE-LR');
    expect(m.vendor.name).toBe('FACETEST');
    const d = m.diagnostics!;
    near(d.temperatureC, '18.203125');
    near(d.supplyVoltageV, '2.2136');
    near(d.lanes[0]?.txBiasMa, '79.224');
    near(d.lanes[0]?.txPowerMw, '5.6849');
    near(d.lanes[0]?.rxPowerMw, '0.8755');
    // A2 110 = 0x86: Rx_Los, Tx_Fault, TxDisable.
    expect(d.status).toMatchObject({ rxLos: true, txFault: true, txDisable: true });
  });
});

describe('vyatta OEM SFP-10G-SR-IT (vyatta-oem-sfp-10g-sr-it/decoded.txt)', () => {
  // dump.hex is the C array as in the vyatta source: the parser reads it as it is.
  const image = vectorBytes('vyatta-oem-sfp-10g-sr-it/dump.hex');

  it('reads the C-array dump as the same 512 bytes as a0.hex + a2.hex', () => {
    expect(image).toEqual(concat(vectorBytes('vyatta-oem-sfp-10g-sr-it/a0.hex'), vectorBytes('vyatta-oem-sfp-10g-sr-it/a2.hex')));
  });

  it('decodes identity and diagnostics as vyatta asserts', () => {
    const m = decodeModule(image);
    expect(m.identifier.name).toBe('SFP/SFP+/SFP28');
    expect(m.compliance).toContain('10GBASE-SR');
    expect(m.connector.name).toBe('LC');
    expect(m.vendor).toMatchObject({ name: 'OEMOEMOEMOEMOEMO', partNumber: 'SFP-10G-SR-IT', serialNumber: 'WQ160412A115', oui: '00:8b:21' });
    expect(m.details?.['diagnosticType']).toEqual(['implemented', 'internallyCalibrated', 'rxPowerAverage']); // 104 = 0x68
    // "2015-16-10": month 16 does not exist, so no ISO date, and the problem is named.
    expect(m.vendor.dateCode.slice(0, 6)).toBe('151610');
    expect(m.vendor.manufactureDate).toBeNull();
    expect(codes(m)).toContain('DATE_CODE_INVALID');
    const d = m.diagnostics!;
    near(d.temperatureC, '44.3477');
    near(d.supplyVoltageV, '3.3034');
    near(d.lanes[0]?.rxPowerMw, '0.0001');
    near(d.lanes[0]?.txPowerMw, '0.597');
    near(d.thresholds?.rxPowerMw.highAlarm, '1');
    expect(d.flags).toEqual({ alarms: ['rxPowerLow'], warnings: ['rxPowerLow'] });
  });

  it('names the bad CC_BASE but still decodes; CC_EXT and CC_DMI are valid (source.txt)', () => {
    const m = decodeModule(image);
    expect(m.checksums.base?.ok).toBe(false);
    expect(m.checksums.extended?.ok).toBe(true);
    expect(m.checksums.diagnostics?.ok).toBe(true);
    const p = m.problems.find((x) => x.code === 'CHECKSUM_BASE')!;
    expect(p.offset).toBe(63);
    expect(p.message).toMatch(/^checksum CC_BASE stored 0x24 computed 0x[0-9a-f]{2}$/);
  });

  it('the first 256 bytes alone (SFF-8079 case): same identity, no diagnostics, the absence named', () => {
    const m = decodeModule(image.subarray(0, 256));
    expect(m.vendor.partNumber).toBe('SFP-10G-SR-IT');
    expect(m.diagnostics).toBeNull();
    expect(m.problems.find((p) => p.code === 'A2H_ABSENT')?.message).toBe('image is 256 bytes; A2h diagnostics absent');
  });
});

describe('robustness images (no oracle: no crash, and what is wrong is named)', () => {
  it('Intel E10GSFPSRX, good read: decodes with "Intel Corp" and no problems', () => {
    const m = decodeModule(vectorBytes('robustness/intel-e10gsfpsrx-ftlx8574d3bnl/dump_ice_correct.hex'));
    expect(m.vendor.name).toBe('Intel Corp');
    expect(m.diagnostics).not.toBeNull();
    expect(m.problems).toEqual([]);
  });

  it('the same module read through bnxt (corrupted): checksums named, byte 92 = 0 so no A2h', () => {
    const m = decodeModule(vectorBytes('robustness/intel-e10gsfpsrx-ftlx8574d3bnl/dump_bnxt_CORRUPTED.hex'));
    expect(m.connector.code).toBe(0xf3);
    expect(m.connector.name).toMatch(/Vendor specific/);
    expect(m.diagnostics).toBeNull();
    expect(codes(m)).toEqual(expect.arrayContaining(['CHECKSUM_BASE', 'CHECKSUM_EXT']));
  });

  it('OEM SFP-10G-T8 (i2cdump): a copper module claiming 10GBASE-SR with no wavelength is flagged', () => {
    const dump = vectorBytes('robustness/oem-sfp-10g-t8/dump_i2cdump.txt');
    const split = concat(vectorBytes('robustness/oem-sfp-10g-t8/a0.hex'), vectorBytes('robustness/oem-sfp-10g-t8/a2.hex'));
    expect(dump).toEqual(split); // two consecutive i2cdumps (0x50, 0x51) become A0h + A2h
    const m = decodeModule(split);
    expect(m.compliance).toContain('10GBASE-SR');
    expect(codes(m)).toContain('COMPLIANCE_INCONSISTENT');
    // Collector's figures in source.txt: 66.20 C, 3.2714 V, 6.000 mA, 0.5010 mW.
    near(m.diagnostics?.temperatureC, '66.20');
    near(m.diagnostics?.supplyVoltageV, '3.2714');
    near(m.diagnostics?.lanes[0]?.txBiasMa, '6.000');
    near(m.diagnostics?.lanes[0]?.txPowerMw, '0.5010');
  });

  it('KAIAM QSFP+ 40G-LR4 (hexdump -C): paged module without page 03h, thresholds null and named', () => {
    const image = vectorBytes('robustness/kaiam-xqx2502-qsfp-40g-lr4/dump_hexdumpC.txt');
    expect(image).toEqual(vectorBytes('robustness/kaiam-xqx2502-qsfp-40g-lr4/dump_256.hex'));
    const m = decodeModule(image);
    expect(m.vendor.serialNumber).toBe('KD70201159');
    expect(m.vendor.manufactureDate).toBe('2017-02-01');
    expect(m.diagnostics?.thresholds).toBeNull();
    expect(codes(m)).toContain('PAGE_03H_ABSENT');
    near(m.diagnostics?.temperatureC, '48.64');
    near(m.diagnostics?.supplyVoltageV, '3.3339');
  });
});
