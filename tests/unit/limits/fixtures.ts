// Hand-built DecodedModule objects: the limits core is judged on exact values, independent of
// the decoders (which have their own tests), and on the real vector images separately.
import type { LimitProfile } from '../../../preload/contract/limits';
import type { DecodedModule, Diagnostics, LaneReading } from '../../../preload/contract/module';

export function lane(over: Partial<LaneReading> = {}): LaneReading {
  return { txBiasMa: 6.5, txPowerMw: 0.5623, txPowerDbm: -2.5, rxPowerMw: 0.4467, rxPowerDbm: -3.5, ...over };
}

export function diagnostics(over: Partial<Diagnostics> = {}): Diagnostics {
  return {
    calibration: 'internal',
    rxPowerMeasurement: 'average',
    temperatureC: 35.5,
    supplyVoltageV: 3.3,
    lanes: [lane()],
    thresholds: {
      temperatureC: { highAlarm: 75, lowAlarm: -5, highWarning: 70, lowWarning: 0 },
      supplyVoltageV: { highAlarm: 3.63, lowAlarm: 2.97, highWarning: 3.465, lowWarning: 3.135 },
      txBiasMa: { highAlarm: 15, lowAlarm: 1, highWarning: 12, lowWarning: 2 },
      txPowerMw: { highAlarm: 1, lowAlarm: 0.1122, highWarning: 0.7943, lowWarning: 0.1862 },
      rxPowerMw: { highAlarm: 1, lowAlarm: 0.0646, highWarning: 0.7943, lowWarning: 0.1023 },
    },
    flags: { alarms: [], warnings: [] },
    status: { txDisable: false, softTxDisable: false, txFault: false, rxLos: false, dataNotReady: false },
    ...over,
  };
}

export function sfp(over: Partial<DecodedModule> = {}): DecodedModule {
  return {
    standard: 'SFF-8472',
    identifier: { code: 0x03, name: 'SFP/SFP+/SFP28' },
    connector: { code: 0x07, name: 'LC' },
    encoding: { code: 0x06, name: '64B/66B' },
    compliance: ['10GBASE-SR'],
    nominalBitRateMbd: 10300,
    wavelengthNm: 850,
    lengths: { smfKm: 0, smfM: 0, om1M: 30, om2M: 80, om3M: 300, om4M: 400, copperM: 0 },
    vendor: {
      name: 'OPTIC BENCH',
      oui: '00:90:65',
      partNumber: 'OB-SFP10G-SR',
      revision: 'A',
      serialNumber: 'T0001',
      dateCode: '230911AA',
      manufactureDate: '2023-09-11',
    },
    checksums: {
      base: { stored: 0xdf, computed: 0xdf, ok: true },
      extended: { stored: 0xf6, computed: 0xf6, ok: true },
      diagnostics: { stored: 0xf5, computed: 0xf5, ok: true },
    },
    diagnostics: diagnostics(),
    problems: [],
    ...over,
  };
}

export function qsfp28(over: Partial<DecodedModule> = {}): DecodedModule {
  return sfp({
    standard: 'SFF-8636',
    identifier: { code: 0x11, name: 'QSFP28' },
    compliance: ['100GBASE-SR4'],
    vendor: { ...sfp().vendor, partNumber: 'OB-QSFP28-SR4' },
    checksums: { base: { stored: 1, computed: 1, ok: true }, extended: { stored: 2, computed: 2, ok: true }, diagnostics: null },
    diagnostics: diagnostics({ lanes: [lane(), lane(), lane(), lane()] }),
    ...over,
  });
}

export function profile(over: Partial<LimitProfile> = {}): LimitProfile {
  return {
    id: 'test-10gbase-sr',
    version: 1,
    name: 'test 10GBASE-SR',
    source: 'IEEE Std 802.3 clause 52.5',
    clause: 'IEEE 802.3 clause 52.5',
    effectiveFrom: '2020-01-01',
    effectiveTo: null,
    match: { interfaces: ['10GBASE-SR'] },
    limits: {
      temperatureC: { min: 0, max: 70, warnMin: 5, warnMax: 65 },
      supplyVoltageV: { min: 3.135, max: 3.465, warnMin: 3.2, warnMax: 3.4 },
      txPowerDbm: { min: -7.3, max: -1.0, warnMin: -6.3, warnMax: -1.5 },
      rxPowerDbm: { min: -9.9, max: -1.0, warnMin: -8.9, warnMax: -1.5 },
    },
    wavelengthNm: { min: 840, max: 860 },
    ...over,
  };
}

export const AT = new Date('2026-11-26T12:00:00Z');
