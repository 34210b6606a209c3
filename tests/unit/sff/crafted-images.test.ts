// Images built with main/sff/image-builder.ts for the cases no public vector covers: build ->
// decode must give back the spec (within one raw unit), and each odd case must be named.
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../../main/sff/index';
import { buildQsfpImage, buildSfpImage, DEFAULT_THRESHOLDS, type ExternalCalibrationSpec } from '../../../main/sff/image-builder';
import { SFF8472_FLAG_BITS } from '../../../main/sff/sff8472-bits';

// One raw unit of each quantity: the most a round trip may lose.
const UNIT = { c: 1 / 256, v: 1e-4, ma: 2e-3, mw: 1e-4 };
const within = (actual: number | undefined, expected: number, unit: number): void => {
  expect(Math.abs((actual ?? NaN) - expected)).toBeLessThanOrEqual(unit / 2 + 1e-9);
};

describe('SFP round trip (buildSfpImage -> decodeModule)', () => {
  it('a healthy 10GBASE-SR module comes back as specified, with valid checksums and no problems', () => {
    const m = decodeModule(
      buildSfpImage({
        vendor: { name: 'FINISAR CORP.', partNumber: 'FTLX8571D3BCL', serialNumber: 'ABC123', dateCode: '230911', oui: '00:90:65', revision: 'A' },
        diagnostics: { temperatureC: 36.5, supplyVoltageV: 3.301, txBiasMa: 6.4, txPowerMw: 0.5012, rxPowerMw: 0.4467 },
      }),
    );
    expect(m.problems).toEqual([]);
    expect(m.standard).toBe('SFF-8472');
    expect(m.compliance).toEqual(['10GBASE-SR']);
    expect(m.nominalBitRateMbd).toBe(10300);
    expect(m.wavelengthNm).toBe(850);
    expect(m.lengths).toEqual({ smfKm: 0, smfM: 0, om1M: 30, om2M: 80, om3M: 300, om4M: 0, copperM: 0 });
    expect(m.vendor).toEqual({ name: 'FINISAR CORP.', oui: '00:90:65', partNumber: 'FTLX8571D3BCL', revision: 'A', serialNumber: 'ABC123', dateCode: '230911', manufactureDate: '2023-09-11', dateCodeLayout: 'YYMMDD' });
    expect([m.checksums.base?.ok, m.checksums.extended?.ok, m.checksums.diagnostics?.ok]).toEqual([true, true, true]);
    const d = m.diagnostics!;
    within(d.temperatureC, 36.5, UNIT.c);
    within(d.supplyVoltageV, 3.301, UNIT.v);
    within(d.lanes[0]?.txBiasMa, 6.4, UNIT.ma);
    within(d.lanes[0]?.txPowerMw, 0.5012, UNIT.mw);
    within(d.lanes[0]?.rxPowerMw, 0.4467, UNIT.mw);
    expect(d.lanes[0]?.txPowerDbm).toBeCloseTo(10 * Math.log10(0.5012), 6);
    for (const [k, set] of Object.entries(DEFAULT_THRESHOLDS)) {
      const got = d.thresholds![k as keyof typeof DEFAULT_THRESHOLDS];
      for (const f of ['highAlarm', 'lowAlarm', 'highWarning', 'lowWarning'] as const) within(got[f], set[f], 1e-3);
    }
  });

  it('negative temperatures decode as signed (module and thresholds), e.g. an industrial module at -40 C', () => {
    const m = decodeModule(buildSfpImage({ diagnostics: { temperatureC: -40.25, thresholds: { ...DEFAULT_THRESHOLDS, temperatureC: { highAlarm: 90, lowAlarm: -45, highWarning: 85, lowWarning: -40 } } } }));
    within(m.diagnostics?.temperatureC, -40.25, UNIT.c);
    expect(m.diagnostics?.thresholds?.temperatureC.lowAlarm).toBe(-45);
  });

  it('zero optical power is "no light": mW 0 and dBm null, never -Infinity', () => {
    const d = decodeModule(buildSfpImage({ diagnostics: { txPowerMw: 0, rxPowerMw: 0 } })).diagnostics!;
    expect(d.lanes[0]).toMatchObject({ txPowerMw: 0, txPowerDbm: null, rxPowerMw: 0, rxPowerDbm: null });
  });

  it('every alarm and warning flag set comes back by name, in the standard order', () => {
    const all = SFF8472_FLAG_BITS.map((f) => f.name);
    const d = decodeModule(buildSfpImage({ diagnostics: { alarms: all, warnings: all } })).diagnostics!;
    expect(d.flags.alarms).toEqual(all);
    expect(d.flags.warnings).toEqual(all);
    expect(all).toContain('temperatureHigh');
    expect(all).toContain('rxPowerLow');
  });

  it('flags are ignored when enhanced options bit 7 says they are not implemented', () => {
    const d = decodeModule(buildSfpImage({ diagnostics: { alarms: ['txPowerLow'], flagsImplemented: false } })).diagnostics!;
    expect(d.flags).toEqual({ alarms: [], warnings: [] });
  });

  it('status bits of A2h byte 110 decode one by one', () => {
    const d = decodeModule(buildSfpImage({ diagnostics: { status: { txDisable: true, rxLos: true } } })).diagnostics!;
    expect(d.status).toEqual({ txDisable: true, softTxDisable: false, txFault: false, rxLos: true, dataNotReady: false });
  });

  it('byte 12 = FFh: the nominal rate comes from byte 66 in 250 MBd units (25.78 GBd SFP28)', () => {
    const img = buildSfpImage({ compliance: ['25GBASE-SR'], nominalBitRateMbd: 25750 });
    expect(img[12]).toBe(0xff);
    const m = decodeModule(img);
    expect(m.nominalBitRateMbd).toBe(103 * 250);
    expect(m.compliance).toEqual(['25GBASE-SR']);
  });

  it('a passive DAC has copper length, no wavelength, and no diagnostics', () => {
    const m = decodeModule(buildSfpImage({ compliance: ['Passive cable'], lengths: { copperM: 3 }, diagnostics: null }));
    expect(m.lengths.copperM).toBe(3);
    expect(m.wavelengthNm).toBeNull();
    expect(m.diagnostics).toBeNull();
    expect(m.connector.name).toBe('Copper pigtail');
    expect(m.problems).toEqual([]);
  });

  it('each corrupted checksum is named with stored and computed values and its offset', () => {
    const m = decodeModule(buildSfpImage({ corruptChecksums: ['base', 'extended', 'diagnostics'] }));
    expect(m.problems.map((p) => [p.code, p.offset])).toEqual([
      ['CHECKSUM_BASE', 63],
      ['CHECKSUM_EXT', 95],
      ['CHECKSUM_DMI', 256 + 95],
    ]);
    expect(m.problems[0]?.message).toMatch(/^checksum CC_BASE stored 0x[0-9a-f]{2} computed 0x[0-9a-f]{2}$/);
  });

  it('address change required (byte 92 bit 2): diagnostics are not guessed, the reason is named', () => {
    const m = decodeModule(buildSfpImage({ diagnostics: { addressChangeRequired: true } }));
    expect(m.diagnostics).toBeNull();
    expect(m.problems.map((p) => p.code)).toEqual(['A2H_ADDRESS_CHANGE']);
  });
});

describe('SFF-8472 external calibration', () => {
  const cal: ExternalCalibrationSpec = {
    txBiasSlope: 1.5, txBiasOffset: -100, txPowerSlope: 0.75, txPowerOffset: 20,
    temperatureSlope: 1.25, temperatureOffset: -256, voltageSlope: 0.5, voltageOffset: 1000,
    rxPower: [5, 0.8, 1e-6, 0, 0],
  };

  it('applies slope x raw + offset and the Rx polynomial (spec formula, unrounded) to values and thresholds', () => {
    const img = buildSfpImage({ diagnostics: { calibration: { external: cal }, temperatureC: 45, supplyVoltageV: 3.25, txBiasMa: 8, txPowerMw: 0.6, rxPowerMw: 0.3 } });
    const m = decodeModule(img);
    const d = m.diagnostics!;
    expect(d.calibration).toBe('external');
    // Hand computation from the stored raw counts, independent of the decoder's code.
    const u16 = (o: number): number => (img[256 + o]! << 8) | img[256 + o + 1]!;
    expect(d.temperatureC).toBeCloseTo((1.25 * u16(96) - 256) / 256, 10);
    expect(d.supplyVoltageV).toBeCloseTo((0.5 * u16(98) + 1000) / 10000, 10);
    expect(d.lanes[0]!.txBiasMa).toBeCloseTo((1.5 * u16(100) - 100) / 500, 10);
    expect(d.lanes[0]!.txPowerMw).toBeCloseTo((0.75 * u16(102) + 20) / 10000, 10);
    const rx = u16(104);
    expect(d.lanes[0]!.rxPowerMw).toBeCloseTo((5 + 0.8 * rx + 1e-6 * rx * rx) / 10000, 6);
    within(d.temperatureC, 45, 1.25 / 256);
    within(d.lanes[0]?.rxPowerMw, 0.3, 2e-4);
    // Thresholds are raw counts too: the default 75 C high alarm survives the conversion.
    within(d.thresholds?.temperatureC.highAlarm, 75, 1.25 / 256);
    within(d.thresholds?.txBiasMa.highAlarm, 15, 1.5 * UNIT.ma);
    expect((m.details?.['calibrationConstants'] as Record<string, number>)['tSlope']).toBe(1.25);
  });

  it('reads the Rx coefficients as big-endian IEEE-754 floats at A2h 56..72', () => {
    const img = buildSfpImage({ diagnostics: { calibration: { external: { ...cal, rxPower: [0, 1, 0, 0, 0] } } } });
    // Rx_PWR(1) = 1.0f = 3f 80 00 00 at A2h 68.
    expect(Array.from(img.subarray(256 + 68, 256 + 72))).toEqual([0x3f, 0x80, 0, 0]);
    const c = decodeModule(img).details?.['calibrationConstants'] as Record<string, number>;
    expect([c['rxPwr0'], c['rxPwr1'], c['rxPwr2'], c['rxPwr3'], c['rxPwr4']]).toEqual([0, 1, 0, 0, 0]);
  });
});

describe('QSFP round trip (buildQsfpImage -> decodeModule)', () => {
  const lanes = [
    { txBiasMa: 7.1, txPowerMw: 0.81, rxPowerMw: 0.72 },
    { txBiasMa: 7.2, txPowerMw: 0.82, rxPowerMw: 0 },
    { txBiasMa: 7.3, txPowerMw: 0.83, rxPowerMw: 0.74 },
    { txBiasMa: 7.4, txPowerMw: 0.84, rxPowerMw: 0.75 },
  ];

  it('paged QSFP28 (640 bytes): four lanes, page 03h thresholds, per-lane flags with lane suffix', () => {
    const img = buildQsfpImage({ diagnostics: { temperatureC: -3.5, lanes, alarms: ['rxPowerLowLane2', 'temperatureLow'], warnings: ['txBiasHighLane4'], rxLosLanes: [false, true, false, false] } });
    expect(img.length).toBe(640);
    const m = decodeModule(img);
    expect(m.problems).toEqual([]);
    expect(m.identifier).toEqual({ code: 0x11, name: 'QSFP28' });
    expect(m.compliance).toEqual(['100GBASE-SR4']);
    expect(m.nominalBitRateMbd).toBe(25500);
    const d = m.diagnostics!;
    within(d.temperatureC, -3.5, UNIT.c);
    lanes.forEach((l, i) => {
      within(d.lanes[i]?.txBiasMa, l.txBiasMa, UNIT.ma);
      within(d.lanes[i]?.rxPowerMw, l.rxPowerMw, UNIT.mw);
    });
    expect(d.lanes[1]?.rxPowerDbm).toBeNull();
    expect(d.flags).toEqual({ alarms: ['temperatureLow', 'rxPowerLowLane2'], warnings: ['txBiasHighLane4'] });
    expect(d.status?.rxLosLanes).toEqual([false, true, false, false]);
    within(d.thresholds?.rxPowerMw.lowAlarm, DEFAULT_THRESHOLDS.rxPowerMw.lowAlarm, UNIT.mw);
  });

  it('flat memory (byte 2 bit 2): 256 bytes is complete, thresholds null, and no page-03h problem', () => {
    const m = decodeModule(buildQsfpImage({ flatMemory: true, deviceTechnology: 0x0a, compliance: ['100GBASE-CR4'], lengths: { copperM: 2 } }));
    expect(m.problems).toEqual([]);
    expect(m.diagnostics?.thresholds).toBeNull();
    expect(m.lengths.copperM).toBe(2);
    expect(m.wavelengthNm).toBeNull();
    expect(m.details?.['flatMemory']).toBe(true);
  });

  it('a paged module cut to 256 bytes says page 03h is missing', () => {
    const m = decodeModule(buildQsfpImage().subarray(0, 256));
    expect(m.problems.map((p) => p.code)).toEqual(['PAGE_03H_ABSENT']);
  });
});

describe('truncated and unknown images decode as far as they go', () => {
  const full = buildSfpImage();
  it.each([0, 1, 20, 63, 64, 95, 96, 127, 128, 144, 255, 256, 300, 383, 511])('SFP image cut to %i bytes', (n) => {
    const m = decodeModule(full.subarray(0, n));
    const said = m.problems.map((p) => p.code);
    if (n < 512 && n !== 256) expect(said.some((c) => c === 'IMAGE_TRUNCATED' || c === 'IMAGE_LENGTH_UNUSUAL')).toBe(true);
    // 256 bytes is a whole A0h read: not truncated, but the declared diagnostics are missing.
    if (n === 256) expect(said).toEqual(['A2H_ABSENT']);
    if (n >= 64) expect(m.checksums.base?.ok).toBe(true);
    if (n < 64) expect(m.checksums.base).toBeNull();
  });

  it('144 bytes: the missing A2h is named in the words of the issue', () => {
    expect(decodeModule(full.subarray(0, 144)).problems.map((p) => p.message)).toContain('image is 144 bytes; A2h diagnostics absent');
  });

  it('identifier 00h with nothing at 128: "identifier 0x00 unknown"', () => {
    const m = decodeModule(new Uint8Array(256));
    expect(m.standard).toBe('unknown');
    expect(m.problems).toEqual([{ code: 'IDENTIFIER_UNKNOWN', message: 'identifier 0x00 unknown', offset: 0 }]);
  });

  it('a known identifier without a decoder (XFP) is named as unsupported, not unknown', () => {
    const img = new Uint8Array(256);
    img[0] = 0x06;
    expect(decodeModule(img).problems[0]?.code).toBe('IDENTIFIER_UNSUPPORTED');
  });

  it('non-printable vendor characters are shown as "?" and named with their offset', () => {
    const img = buildSfpImage({ diagnostics: null });
    img[22] = 0x07;
    const m = decodeModule(img);
    expect(m.vendor.name).toBe('OP?IC BENCH');
    expect(m.problems.find((p) => p.code === 'FIELD_NONPRINTABLE')?.offset).toBe(22);
  });
});
