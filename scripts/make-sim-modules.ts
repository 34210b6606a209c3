// Generates the simulated module library in resources/modules/: one ethtool-layout hex file per
// module plus index.json (name, description, expected outcome). Run once and commit the output
// (`npx tsx scripts/make-sim-modules.ts`); the app reads the files and needs no builder.
// Images come from the decoders' builder (main/sff/image-builder.ts), so checksums are right by
// construction and every field is in engineering units.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SimulatedModuleInfo } from '../preload/contract/hardware';
import type { Thresholds } from '../preload/contract/module';
import type { SimBehaviour } from '../main/hardware/sim-module';
import { formatImageText } from '../main/sff/image-file';
import { buildQsfpImage, buildSfpImage, type SfpImageSpec } from '../main/sff/image-builder';
import { buildCmisImage, type CmisImageSpec, type CmisLaneSpec } from '../main/sff/cmis-builder';

const OUT = path.resolve(__dirname, '..', 'resources', 'modules');

const dbm = (d: number): number => 10 ** (d / 10); // mW

// Thresholds of a 10GBASE-SR part (IEEE 802.3 clause 52 Tx -7.3..-1 dBm, Rx sensitivity -9.9 dBm).
const SR_THRESHOLDS: Thresholds = {
  temperatureC: { highAlarm: 75, lowAlarm: -5, highWarning: 70, lowWarning: 0 },
  supplyVoltageV: { highAlarm: 3.63, lowAlarm: 2.97, highWarning: 3.465, lowWarning: 3.135 },
  txBiasMa: { highAlarm: 15, lowAlarm: 1, highWarning: 12, lowWarning: 2 },
  txPowerMw: { highAlarm: dbm(0), lowAlarm: dbm(-9.5), highWarning: dbm(-1), lowWarning: dbm(-7.3) },
  rxPowerMw: { highAlarm: dbm(0), lowAlarm: dbm(-11.9), highWarning: dbm(-1), lowWarning: dbm(-9.9) },
};

const SR4_THRESHOLDS: Thresholds = {
  temperatureC: { highAlarm: 75, lowAlarm: -5, highWarning: 70, lowWarning: 0 },
  supplyVoltageV: { highAlarm: 3.63, lowAlarm: 2.97, highWarning: 3.465, lowWarning: 3.135 },
  txBiasMa: { highAlarm: 12, lowAlarm: 1, highWarning: 10, lowWarning: 2 },
  txPowerMw: { highAlarm: dbm(3.5), lowAlarm: dbm(-10.4), highWarning: dbm(2.4), lowWarning: dbm(-8.4) },
  rxPowerMw: { highAlarm: dbm(2.4), lowAlarm: dbm(-13.3), highWarning: dbm(2.4), lowWarning: dbm(-10.3) },
};

const GOOD_LIVE = { temperatureC: 35.5, supplyVoltageV: 3.3, txBiasMa: 6.5, txPowerMw: dbm(-2.5), rxPowerMw: dbm(-3.5) };

function sr(serialNumber: string, dateCode: string, diagnostics: SfpImageSpec['diagnostics'], extra: Partial<SfpImageSpec> = {}): Uint8Array {
  return buildSfpImage({
    compliance: ['10GBASE-SR'],
    nominalBitRateMbd: 10300,
    wavelengthNm: 850,
    vendor: { name: 'OPTIC BENCH', partNumber: 'OB-SFP10G-SR', revision: 'A', serialNumber, dateCode },
    diagnostics,
    ...extra,
  });
}

interface Entry extends Omit<SimulatedModuleInfo, 'file'> {
  image: Uint8Array;
  behaviour?: SimBehaviour;
}

// ---- CMIS (QSFP-DD, OSFP, QSFP112) ----

// Module thresholds of a 100 Gb/s-per-lane single-mode part: Tx and Rx warnings at the IEEE 802.3
// clause 124 / 140 minimum average powers (-2.9 dBm launch, -5.9 dBm receive for DR).
const DR_THRESHOLDS: Thresholds = {
  temperatureC: { highAlarm: 75, lowAlarm: -5, highWarning: 70, lowWarning: 0 },
  supplyVoltageV: { highAlarm: 3.63, lowAlarm: 2.97, highWarning: 3.465, lowWarning: 3.135 },
  txBiasMa: { highAlarm: 120, lowAlarm: 10, highWarning: 110, lowWarning: 20 },
  txPowerMw: { highAlarm: dbm(6), lowAlarm: dbm(-6.9), highWarning: dbm(4), lowWarning: dbm(-2.9) },
  rxPowerMw: { highAlarm: dbm(6), lowAlarm: dbm(-9.9), highWarning: dbm(4), lowWarning: dbm(-5.9) },
};
const FR4_THRESHOLDS: Thresholds = {
  ...DR_THRESHOLDS,
  txPowerMw: { highAlarm: dbm(5.5), lowAlarm: dbm(-7.2), highWarning: dbm(3.5), lowWarning: dbm(-3.2) },
  rxPowerMw: { highAlarm: dbm(5.5), lowAlarm: dbm(-11.2), highWarning: dbm(3.5), lowWarning: dbm(-7.2) },
};
const SR8_THRESHOLDS: Thresholds = {
  ...DR_THRESHOLDS,
  txBiasMa: { highAlarm: 15, lowAlarm: 2, highWarning: 13, lowWarning: 3 },
  txPowerMw: { highAlarm: dbm(5), lowAlarm: dbm(-8.5), highWarning: dbm(4), lowWarning: dbm(-6.5) },
  rxPowerMw: { highAlarm: dbm(5), lowAlarm: dbm(-10.4), highWarning: dbm(4), lowWarning: dbm(-8.4) },
};

const lane = (biasMa: number, txDbm: number, rxDbm: number, flags?: string[]): CmisLaneSpec => ({
  txBiasMa: biasMa,
  txPowerMw: dbm(txDbm),
  rxPowerMw: dbm(rxDbm),
  ...(flags ? { flags } : {}),
});

// Times the simulated modules take: well inside the durations their page 01h advertises.
const CMIS_TIMES: SimBehaviour = { powerUpMs: 400, dataPathInitMs: 250, txTurnOnMs: 100, powerDownMs: 100 };

function qsfpDd400gDr4(serialNumber: string, extra: Partial<CmisImageSpec> = {}): Uint8Array {
  return buildCmisImage({
    identifier: 0x18,
    maxTwiSpeedCode: 1, // 1 MHz two-wire
    applications: [
      { host: 0x11, media: 0x1c, hostLanes: 8, mediaLanes: 4 }, // 400GAUI-8 / 400GBASE-DR4
      { host: 0x0d, media: 0x14, hostLanes: 2, mediaLanes: 1, hostStarts: [1, 3, 5, 7], mediaStarts: [1, 2, 3, 4] }, // 4 x 100GBASE-DR
    ],
    vendor: { name: 'OPTIC BENCH', partNumber: 'OB-QDD-400G-DR4', revision: 'A1', serialNumber, dateCode: '250310AA' },
    mediaTechnology: 0x06,
    connector: 0x0c,
    lengths: { smfKm: 0.5 },
    wavelengthNm: 1311,
    powerClass: 6,
    maxPowerW: 12,
    biasMultiplier: 2,
    durations: { powerUp: 6, powerDown: 4, dpInit: 5, dpDeinit: 4, txOn: 4, txOff: 4 },
    temperatureC: 41.5,
    supplyVoltageV: 3.29,
    thresholds: DR_THRESHOLDS,
    lanes: [lane(62, 1.6, -1.2), lane(60, 1.4, -1.0), lane(63, 1.7, -1.4), lane(61, 1.5, -1.1)],
    ...extra,
  });
}

function osfp800gDr8(serialNumber: string, lanes: CmisLaneSpec[], extra: Partial<CmisImageSpec> = {}): Uint8Array {
  return buildCmisImage({
    identifier: 0x19,
    revision: 0x52,
    maxTwiSpeedCode: 1, // 1 MHz
    applications: [
      { host: 0x51, media: 0x56, hostLanes: 8, mediaLanes: 8 }, // 800GAUI-8 S / 800GBASE-DR8
      { host: 0x4f, media: 0x1c, hostLanes: 4, mediaLanes: 4, hostStarts: [1, 5], mediaStarts: [1, 5] }, // 2 x 400GBASE-DR4
    ],
    vendor: { name: 'OPTIC BENCH', partNumber: 'OB-OSFP-800G-DR8', revision: 'B0', serialNumber, dateCode: '250622AB' },
    firmware: { active: [4, 2], inactive: [4, 1], hardware: [2, 0] },
    mediaTechnology: 0x06,
    connector: 0x0d, // MPO 2x16
    lengths: { smfKm: 0.5 },
    wavelengthNm: 1311,
    powerClass: 8,
    maxPowerW: 16.5,
    biasMultiplier: 2,
    durations: { powerUp: 6, powerDown: 4, dpInit: 5, dpDeinit: 4, txOn: 4, txOff: 4 },
    temperatureC: 47.25,
    supplyVoltageV: 3.31,
    thresholds: DR_THRESHOLDS,
    lanes,
    vdm: {
      observables: [
        ...lanes.map((_, i) => ({ type: 4, lane: i + 1, value: 48 + i * 0.25, thresholds: { highAlarm: 80, lowAlarm: 5, highWarning: 75, lowWarning: 10 } })),
        ...lanes.map((_, i) => ({ type: 5, lane: i + 1, value: 20.5 - (i === 5 && lanes[5]!.txPowerMw < dbm(-2.9) ? 3 : 0) })),
        ...lanes.map((_, i) => ({ type: 15, lane: i + 1, value: i === 5 && lanes[5]!.txPowerMw < dbm(-2.9) ? 2.1e-4 : 3.4e-7 })),
        ...lanes.map((_, i) => ({ type: 7, lane: i + 1, value: 0.95 })),
      ],
    },
    ...extra,
  });
}

const DR8_GOOD: CmisLaneSpec[] = [
  lane(64, 1.8, -0.9), lane(62, 1.6, -1.1), lane(65, 1.9, -0.8), lane(63, 1.7, -1.0),
  lane(61, 1.5, -1.2), lane(64, 1.8, -0.9), lane(62, 1.6, -1.1), lane(63, 1.7, -1.0),
];

const LIBRARY: Entry[] = [
  {
    name: 'good-10g-sr',
    kind: 'sfp',
    description: 'Healthy SFP+ 10GBASE-SR, 850 nm, internally calibrated diagnostics.',
    expected: 'pass: every value inside 10GBASE-SR limits, checksums good, no flags',
    image: sr('SIM0001', '230911AA', { ...GOOD_LIVE, thresholds: SR_THRESHOLDS }),
  },
  {
    name: 'weak-tx',
    kind: 'sfp',
    description: 'SFP+ 10GBASE-SR whose laser has aged: Tx power -7.8 dBm, below the -7.3 dBm minimum.',
    expected: 'fail: Tx power low (warning flag set, below the 10GBASE-SR minimum)',
    image: sr('SIM0002', '220405AB', { ...GOOD_LIVE, txBiasMa: 11.2, txPowerMw: dbm(-7.8), rxPowerMw: dbm(-3.6), thresholds: SR_THRESHOLDS, warnings: ['txPowerLow'] }),
  },
  {
    name: 'hot-module',
    kind: 'sfp',
    description: 'SFP+ 10GBASE-SR running at 76.5 degC, above the 70 degC commercial range.',
    expected: 'fail: temperature high (alarm and warning flags set)',
    image: sr('SIM0003', '210118AC', { ...GOOD_LIVE, temperatureC: 76.5, thresholds: SR_THRESHOLDS, alarms: ['temperatureHigh'], warnings: ['temperatureHigh'] }),
  },
  {
    name: 'failed-laser',
    kind: 'sfp',
    description: 'SFP+ 10GBASE-SR with a dead laser: no Tx bias, no light, TX_FAULT asserted, alarms set.',
    expected: 'fail: Tx power "no light", Tx bias low and Tx power low alarms, TX_FAULT',
    image: sr('SIM0004', '200722AD', {
      ...GOOD_LIVE,
      txBiasMa: 0,
      txPowerMw: 0,
      rxPowerMw: dbm(-3.4),
      thresholds: SR_THRESHOLDS,
      alarms: ['txBiasLow', 'txPowerLow'],
      warnings: ['txBiasLow', 'txPowerLow'],
      status: { txFault: true },
    }),
  },
  {
    name: 'corrupted-checksum',
    kind: 'sfp',
    description: 'SFP+ 10GBASE-SR whose stored CC_BASE (A0h byte 63) is wrong in the EEPROM.',
    expected: 'complete read (exit 0) with the CC_BASE checksum problem reported; values otherwise good',
    image: sr('SIM0005', '230301AE', { ...GOOD_LIVE, thresholds: SR_THRESHOLDS }, { corruptChecksums: ['base'] }),
  },
  {
    name: 'external-cal',
    kind: 'sfp',
    description: 'SFP+ 10GBASE-SR with externally calibrated diagnostics (raw counts plus slopes, offsets and Rx polynomial in A2h 56-91).',
    expected: 'pass once calibrated: 35.5 degC, 3.3 V, 6.5 mA, Tx -2.5 dBm, Rx -3.5 dBm',
    image: sr('SIM0006', '190610AF', {
      ...GOOD_LIVE,
      thresholds: SR_THRESHOLDS,
      calibration: {
        external: {
          txBiasSlope: 2,
          txBiasOffset: 0,
          txPowerSlope: 1,
          txPowerOffset: 500,
          temperatureSlope: 1,
          temperatureOffset: -512,
          voltageSlope: 1,
          voltageOffset: 0,
          rxPower: [100, 0.8, 0, 0, 0],
        },
      },
    }),
  },
  {
    name: 'qsfp28-sr4',
    kind: 'qsfp',
    description: 'Healthy QSFP28 100GBASE-SR4, four lanes, thresholds on page 03h.',
    expected: 'pass: four lanes inside 100GBASE-SR4 limits',
    image: buildQsfpImage({
      compliance: ['100GBASE-SR4'],
      wavelengthNm: 850,
      vendor: { name: 'OPTIC BENCH', partNumber: 'OB-QSFP28-SR4', revision: 'A0', serialNumber: 'SIM0007', dateCode: '240212AG' },
      diagnostics: {
        temperatureC: 38.2,
        supplyVoltageV: 3.29,
        thresholds: SR4_THRESHOLDS,
        lanes: [
          { txBiasMa: 7.1, txPowerMw: dbm(-0.8), rxPowerMw: dbm(-1.9) },
          { txBiasMa: 7.3, txPowerMw: dbm(-1.1), rxPowerMw: dbm(-2.2) },
          { txBiasMa: 6.9, txPowerMw: dbm(-0.6), rxPowerMw: dbm(-1.7) },
          { txBiasMa: 7.0, txPowerMw: dbm(-1.0), rxPowerMw: dbm(-2.5) },
        ],
      },
    }),
  },
  {
    name: 'copper-no-ddm',
    kind: 'sfp',
    description: 'SFP+ passive copper cable (3 m DAC) without diagnostics: A0h only.',
    expected: 'identity only: no diagnostics to judge, no A2h read',
    image: buildSfpImage({
      compliance: ['Passive cable'],
      nominalBitRateMbd: 10300,
      lengths: { copperM: 3 },
      vendor: { name: 'OPTIC BENCH', partNumber: 'OB-DAC10G-3M', revision: 'A', serialNumber: 'SIM0008', dateCode: '230101AH' },
      diagnostics: null,
    }),
  },
  {
    name: 'hostile-vendor-name',
    kind: 'sfp',
    // The 16-byte ASCII vendor field cannot hold `<img src=x onerror=alert(1)>` (28 characters):
    // it carries the longest executable markup that fits, and the part number another tag.
    description: 'SFP+ whose vendor name is HTML markup (<svg onload=a()>): for escaping tests in the UI and reports.',
    expected: 'pass; the vendor name must be shown as text, never interpreted as HTML',
    image: sr('SIM0009', '230911AI', { ...GOOD_LIVE, thresholds: SR_THRESHOLDS }, {
      vendor: { name: '<svg onload=a()>', partNumber: '<img src=x>', revision: 'A', serialNumber: '"><b>SIM0009', dateCode: '230911AI' },
    }),
  },
];

/** A QSFP28 100GBASE-LR4 of power class 4 (3.5 W): it starts in low power with its lasers off. */
function qsfp28Lr4Class4(): Uint8Array {
  const img = buildQsfpImage({
    compliance: ['100GBASE-LR4'],
    wavelengthNm: 1310,
    deviceTechnology: 0x4,
    lengths: { smfKm: 10 },
    vendor: { name: 'OPTIC BENCH', partNumber: 'OB-QSFP28-LR4', revision: 'A0', serialNumber: 'SIM0010', dateCode: '240506AJ' },
    diagnostics: {
      temperatureC: 44.1,
      supplyVoltageV: 3.3,
      thresholds: {
        temperatureC: { highAlarm: 75, lowAlarm: -5, highWarning: 70, lowWarning: 0 },
        supplyVoltageV: { highAlarm: 3.63, lowAlarm: 2.97, highWarning: 3.465, lowWarning: 3.135 },
        txBiasMa: { highAlarm: 90, lowAlarm: 10, highWarning: 80, lowWarning: 20 },
        txPowerMw: { highAlarm: dbm(5.5), lowAlarm: dbm(-6.3), highWarning: dbm(4.5), lowWarning: dbm(-4.3) },
        rxPowerMw: { highAlarm: dbm(5.5), lowAlarm: dbm(-13.6), highWarning: dbm(4.5), lowWarning: dbm(-10.6) },
      },
      lanes: [
        { txBiasMa: 48, txPowerMw: dbm(1.2), rxPowerMw: dbm(-2.5) },
        { txBiasMa: 51, txPowerMw: dbm(0.9), rxPowerMw: dbm(-2.8) },
        { txBiasMa: 49, txPowerMw: dbm(1.1), rxPowerMw: dbm(-2.4) },
        { txBiasMa: 50, txPowerMw: dbm(1.0), rxPowerMw: dbm(-2.9) },
      ],
    },
  });
  // Page 00h byte 129 bits 7-6 = 11: power class 4 (SFF-8636 Table 6-16); CC_BASE follows.
  img[129] = 0xc0;
  let sum = 0;
  for (let i = 128; i <= 190; i++) sum += img[i]!;
  img[191] = sum & 0xff;
  return img;
}

LIBRARY.push(
  {
    name: 'qsfp28-lr4-class4',
    kind: 'qsfp',
    description: 'QSFP28 100GBASE-LR4 of power class 4 (3.5 W): in low power with its lasers off until byte 93 sets high power.',
    expected: 'pass after bring-up: byte 93 set to high power, four lanes inside 100GBASE-LR4 limits, byte 93 put back',
    image: qsfp28Lr4Class4(),
    behaviour: { powerUpMs: 300 },
  },
  {
    name: 'qsfpdd-400g-dr4',
    kind: 'cmis',
    description: 'Healthy QSFP-DD 400GBASE-DR4 (CMIS 5.2): starts in ModuleLowPwr; four media lanes at about +1.5 dBm.',
    expected: 'pass after bring-up: ModuleReady, application 1 activated on host lanes 1-8, four lanes inside 400GBASE-DR4 limits',
    image: qsfpDd400gDr4('SIMQDD0001'),
    behaviour: CMIS_TIMES,
  },
  {
    name: 'qsfpdd-400g-fr4-dead-lane',
    kind: 'cmis',
    description: 'QSFP-DD 400G-FR4 whose lane 3 laser is dead: no bias, no light, Tx fault latched.',
    expected: 'fail: lane 3 Tx power "no light" and Tx bias low alarm, Tx fault on lane 3; lanes 1, 2, 4 pass',
    image: buildCmisImage({
      identifier: 0x18,
      applications: [{ host: 0x11, media: 0x1d, hostLanes: 8, mediaLanes: 4 }], // 400GAUI-8 / 400G-FR4
      vendor: { name: 'OPTIC BENCH', partNumber: 'OB-QDD-400G-FR4', revision: 'A0', serialNumber: 'SIMQDD0002', dateCode: '240918AC' },
      mediaTechnology: 0x04,
      connector: 0x07, // LC
      lengths: { smfKm: 2 },
      wavelengthNm: 1301,
      wavelengthToleranceNm: 40,
      powerClass: 6,
      maxPowerW: 12,
      biasMultiplier: 2,
      durations: { powerUp: 6, powerDown: 4, dpInit: 5, dpDeinit: 4, txOn: 4, txOff: 4 },
      temperatureC: 45.0,
      thresholds: FR4_THRESHOLDS,
      lanes: [lane(58, 1.1, -2.0), lane(57, 0.9, -2.2), { txBiasMa: 0, txPowerMw: 0, rxPowerMw: dbm(-2.1), flags: ['txFault'] }, lane(59, 1.2, -1.9)],
      alarms: ['txBiasLowLane3', 'txPowerLowLane3'],
      warnings: ['txBiasLowLane3', 'txPowerLowLane3'],
    }),
    behaviour: CMIS_TIMES,
  },
  {
    name: 'qsfpdd-400g-sr8-stuck-lowpwr',
    kind: 'cmis',
    description: 'QSFP-DD 400GBASE-SR8 that stays in ModuleLowPwr when low power is released (a failed power-up circuit).',
    expected: 'laser bring-up "timeout": stuck in ModuleLowPwr past its 1 s power-up time; identity read, laser parameters not measured, byte 26 put back',
    image: buildCmisImage({
      identifier: 0x18,
      applications: [{ host: 0x11, media: 0x10, hostLanes: 8, mediaLanes: 8 }], // 400GAUI-8 / 400GBASE-SR8
      mediaType: 0x01,
      mediaTechnology: 0x00,
      vendor: { name: 'OPTIC BENCH', partNumber: 'OB-QDD-400G-SR8', revision: 'A0', serialNumber: 'SIMQDD0003', dateCode: '230704AD' },
      connector: 0x0d,
      lengths: { om3M: 70, om4M: 100, om5M: 100 },
      wavelengthNm: 850,
      powerClass: 5,
      maxPowerW: 10,
      durations: { powerUp: 6, powerDown: 4, dpInit: 5, dpDeinit: 4, txOn: 4, txOff: 4 },
      thresholds: SR8_THRESHOLDS,
      lanes: Array.from({ length: 8 }, () => lane(7.5, 0.5, -1.5)),
    }),
    behaviour: { ...CMIS_TIMES, stuckIn: 'ModuleLowPwr' },
  },
  {
    name: 'qsfpdd-400g-dr4-fault',
    kind: 'cmis',
    description: 'QSFP-DD 400GBASE-DR4 that goes to ModuleFault while powering up: TEC runaway (byte 41 = 1).',
    expected: 'laser bring-up "fault": ModuleFault, TEC runaway; laser parameters not measured, byte 26 put back',
    image: qsfpDd400gDr4('SIMQDD0004'),
    behaviour: { ...CMIS_TIMES, faultCause: 1 },
  },
  {
    name: 'osfp-800g-dr8',
    kind: 'cmis',
    description: 'Healthy OSFP 800GBASE-DR8 (CMIS 5.2, 1 MHz two-wire): eight media lanes, VDM laser temperature, eSNR, pre-FEC BER.',
    expected: 'pass after bring-up: eight lanes inside 800GBASE-DR8 limits, VDM values shown',
    image: osfp800gDr8('SIMOSFP0001', DR8_GOOD),
    behaviour: CMIS_TIMES,
  },
  {
    name: 'osfp-800g-dr8-weak-lane',
    kind: 'cmis',
    description: 'OSFP 800GBASE-DR8 whose lane 6 laser has aged: Tx power -3.6 dBm, below the -2.9 dBm minimum, bias up.',
    expected: 'fail: lane 6 Tx power below the 800GBASE-DR8 minimum (warning flag set), pre-FEC BER up on lane 6; other lanes pass',
    image: osfp800gDr8('SIMOSFP0002', DR8_GOOD.map((l, i) => (i === 5 ? lane(96, -3.6, -1.1) : l)), { warnings: ['txPowerLowLane6'] }),
    behaviour: CMIS_TIMES,
  },
  {
    name: 'qsfp112-100g-fr1',
    kind: 'cmis',
    description: 'QSFP112 100G-FR / 100GBASE-FR1 (identifier 1Eh, CMIS 5.0): one media lane on host lane 1.',
    expected: 'pass after bring-up: one lane inside 100GBASE-FR1 limits',
    image: buildCmisImage({
      identifier: 0x1e,
      revision: 0x50,
      applications: [{ host: 0x4b, media: 0x15, hostLanes: 1, mediaLanes: 1 }], // 100GAUI-1-S / 100G-FR
      vendor: { name: 'OPTIC BENCH', partNumber: 'OB-Q112-100G-FR1', revision: 'A0', serialNumber: 'SIMQ1120001', dateCode: '250201AE' },
      mediaTechnology: 0x04,
      connector: 0x07,
      lengths: { smfKm: 2 },
      wavelengthNm: 1311,
      powerClass: 3,
      maxPowerW: 3.5,
      durations: { powerUp: 6, powerDown: 4, dpInit: 5, dpDeinit: 4, txOn: 4, txOff: 4 },
      thresholds: FR4_THRESHOLDS,
      lanes: [lane(55, 1.0, -1.8)],
    }),
    behaviour: CMIS_TIMES,
  },
);

mkdirSync(OUT, { recursive: true });
const index: SimulatedModuleInfo[] = LIBRARY.map(({ image, behaviour, ...info }) => {
  const file = `${info.name}.hex`;
  // Flat images in ethtool's layout; CMIS pages as ethtool text with "# page 0xNN" sections.
  writeFileSync(path.join(OUT, file), formatImageText(image));
  return { ...info, file, ...(behaviour ? { behaviour } : {}) };
});
// Soak training (issue 15): library modules that misbehave now and then, over the same images.
// Times count from when the module is seated; `everyMs` repeats a fault.
const SOAK_LIBRARY: Array<Omit<SimulatedModuleInfo, 'file'> & { from: string; behaviour: SimBehaviour }> = [
  {
    name: 'intermittent-los-10g-sr',
    kind: 'sfp',
    from: 'good-10g-sr',
    description: 'The healthy SFP+ 10GBASE-SR, except that its receiver loses the signal for 50 ms every 30 s (from 20 s after seating).',
    expected: 'pass on a single read; a soak with a light source shows an Rx LOS flag every 30 s and fails',
    behaviour: { live: { noise: true, faults: [{ kind: 'los-glitch', atMs: 20_000, durationMs: 50, everyMs: 30_000 }] } },
  },
  {
    name: 'tx-drop-10g-sr',
    kind: 'sfp',
    from: 'good-10g-sr',
    description: 'SFP+ 10GBASE-SR whose laser output drops 3 dB 45 s after seating and stays there.',
    expected: 'pass on a read in the first 45 s; a soak shows a Tx power step of -3 dB and fails',
    behaviour: { live: { noise: true, faults: [{ kind: 'tx-step', atMs: 45_000, db: -3 }] } },
  },
  {
    name: 'warm-reset-qsfp28-lr4',
    kind: 'qsfp',
    from: 'qsfp28-lr4-class4',
    description: 'QSFP28 100GBASE-LR4 (power class 4) that warms by 0.1 degC a second after seating and resets at 6 degC above its start.',
    expected: 'pass on a read; a soak of a minute or more shows the module going silent and resetting, and fails',
    behaviour: { powerUpMs: 300, live: { noise: true, faults: [{ kind: 'warm-reset', atMs: 0, rampCPerS: 0.1, resetAtC: 50, resetMs: 400 }] } },
  },
  {
    name: 'flaky-contact-qsfpdd-400g-dr4',
    kind: 'cmis',
    from: 'qsfpdd-400g-dr4',
    description: 'QSFP-DD 400GBASE-DR4 that stops acknowledging for 300 ms every 40 s (from 25 s after seating), as a module with a cracked joint does.',
    expected: 'pass on a read; a soak shows read gaps with the module not acknowledging, and fails',
    behaviour: { ...CMIS_TIMES, live: { noise: true, faults: [{ kind: 'nack-burst', atMs: 25_000, durationMs: 300, everyMs: 40_000 }] } },
  },
];
for (const { from, behaviour, ...info } of SOAK_LIBRARY) index.push({ ...info, file: `${from}.hex`, behaviour } as SimulatedModuleInfo);
// Last, so the bench never picks it as its default module: the socket with nothing seated.
const EMPTY_NOTE = 'No module in the socket: every two-wire address NACKs, 0x50 first, as a bare SFP/QSFP cage does.';
writeFileSync(path.join(OUT, 'empty-socket.json'), JSON.stringify({ present: false, note: EMPTY_NOTE }, null, 2) + '\n');
index.push({ name: 'empty-socket', kind: 'empty', description: EMPTY_NOTE, expected: 'NO_MODULE: "No module detected", seat the module and press Read again', file: 'empty-socket.json' });
writeFileSync(path.join(OUT, 'index.json'), JSON.stringify(index, null, 2) + '\n');
console.log(`wrote ${index.length} modules to ${path.relative(process.cwd(), OUT)}`);
