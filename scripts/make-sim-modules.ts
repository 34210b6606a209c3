// Generates the simulated module library in resources/modules/: one ethtool-layout hex file per
// module plus index.json (name, description, expected outcome). Run once and commit the output
// (`npx tsx scripts/make-sim-modules.ts`); the app reads the files and needs no builder.
// Images come from the decoders' builder (main/sff/image-builder.ts), so checksums are right by
// construction and every field is in engineering units.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SimulatedModuleInfo } from '../preload/contract/hardware';
import type { Thresholds } from '../preload/contract/module';
import { formatEthtoolHex } from '../main/sff/image-file';
import { buildQsfpImage, buildSfpImage, type SfpImageSpec } from '../main/sff/image-builder';

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
}

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

mkdirSync(OUT, { recursive: true });
const index: SimulatedModuleInfo[] = LIBRARY.map(({ image, ...info }) => {
  const file = `${info.name}.hex`;
  writeFileSync(path.join(OUT, file), formatEthtoolHex(image));
  return { ...info, file };
});
// Last, so the bench never picks it as its default module: the socket with nothing seated.
const EMPTY_NOTE = 'No module in the socket: every two-wire address NACKs, 0x50 first, as a bare SFP/QSFP cage does.';
writeFileSync(path.join(OUT, 'empty-socket.json'), JSON.stringify({ present: false, note: EMPTY_NOTE }, null, 2) + '\n');
index.push({ name: 'empty-socket', kind: 'empty', description: EMPTY_NOTE, expected: 'NO_MODULE: "No module detected", seat the module and press Read again', file: 'empty-socket.json' });
writeFileSync(path.join(OUT, 'index.json'), JSON.stringify(index, null, 2) + '\n');
console.log(`wrote ${index.length} modules to ${path.relative(process.cwd(), OUT)}`);
