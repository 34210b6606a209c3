// Generates the simulated module library in resources/modules/: one ethtool-layout hex file per
// module plus index.json (name, description, expected outcome). Run once and commit the output
// (`npx tsx scripts/make-sim-modules.ts`); the app reads the files and needs no builder.
// Field offsets and units: ../shared/domain/sff-8472.md (SFF-8472, SFF-8636).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SimulatedModuleInfo } from '../preload/contract/hardware';
import { formatEthtoolHex } from '../main/sff/image-file';

const OUT = path.resolve(__dirname, '..', 'resources', 'modules');

// ---- encoding helpers ----

function ascii(img: Uint8Array, at: number, len: number, text: string): void {
  for (let i = 0; i < len; i++) img[at + i] = i < text.length ? text.charCodeAt(i) & 0x7f : 0x20;
}
function u16(img: Uint8Array, at: number, v: number): void {
  const x = Math.round(v) & 0xffff;
  img[at] = x >> 8;
  img[at + 1] = x & 0xff;
}
function f32(img: Uint8Array, at: number, v: number): void {
  const b = Buffer.alloc(4);
  b.writeFloatBE(v);
  img.set(b, at);
}
function sum8(img: Uint8Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i <= to; i++) s += img[i] ?? 0;
  return s & 0xff;
}
/** Temperature in 1/256 degC, signed. */
const tRaw = (c: number): number => (Math.round(c * 256) + 0x10000) & 0xffff;
const vRaw = (v: number): number => v * 10000; // 100 uV
const biasRaw = (ma: number): number => ma * 500; // 2 uA
const pRaw = (mw: number): number => mw * 10000; // 0.1 uW
const dbm = (d: number): number => 10 ** (d / 10); // mW

interface Live {
  tempC: number;
  vcc: number;
  lanes: { biasMa: number; txMw: number; rxMw: number }[];
}

interface SfpSpec {
  vendor: string;
  pn: string;
  sn: string;
  date: string;
  copper?: boolean;
  /** null = no diagnostics (A0h only). */
  live: Live | null;
  external?: boolean;
  status?: number;
  alarms?: [number, number];
  warnings?: [number, number];
  corruptBase?: boolean;
}

const SFP_THRESHOLDS = {
  temp: [75, -5, 70, 0],
  vcc: [3.63, 2.97, 3.465, 3.135],
  bias: [15, 1, 12, 2],
  tx: [dbm(0), dbm(-9.5), dbm(-1), dbm(-7.3)],
  rx: [dbm(0), dbm(-11.9), dbm(-1), dbm(-9.9)],
};

// External calibration constants (SFF-8472 §9.3): value = slope * raw + offset; Rx = polynomial.
const EXT = { biasSlope: 2, txSlope: 1, txOffset: 500, tempSlope: 1, tempOffset: -512, vSlope: 1, vOffset: 0, rx1: 0.8, rx0: 100 };

function sfp(spec: SfpSpec): Uint8Array {
  const img = new Uint8Array(spec.live === null ? 256 : 512);
  img[0] = 0x03; // SFP/SFP+
  img[1] = 0x04; // two-wire ID only
  img[2] = spec.copper ? 0x21 : 0x07; // copper pigtail / LC
  if (spec.copper) img[8] = 0x04; // SFP+ passive cable
  else img[3] = 0x10; // 10GBASE-SR
  img[11] = 0x06; // 64B/66B
  img[12] = 103; // 10.3 GBd
  if (spec.copper) img[18] = 3; // 3 m
  else {
    img[16] = 8; // OM2 80 m
    img[17] = 3; // OM1 30 m
    img[19] = 30; // OM3 300 m
  }
  ascii(img, 20, 16, spec.vendor);
  img.set([0x00, 0x90, 0x65], 37);
  ascii(img, 40, 16, spec.pn);
  ascii(img, 56, 4, 'A');
  if (spec.copper) img[60] = 0x01; // SFF-8431 appendix E passive cable compliance
  else u16(img, 60, 850);
  img[63] = (sum8(img, 0, 62) + (spec.corruptBase ? 0x21 : 0)) & 0xff;
  img[65] = 0x1a; // TX_DISABLE, TX_FAULT, LOS implemented
  ascii(img, 68, 16, spec.sn);
  ascii(img, 84, 8, spec.date);
  if (spec.live !== null) {
    img[92] = spec.external ? 0x58 : 0x68; // DDM, external/internal calibration, average power
    img[93] = 0xf0; // alarm/warning flags, soft TX_DISABLE, TX_FAULT, RX_LOS
    img[94] = 0x08; // SFF-8472 rev 12.3
  }
  img[95] = sum8(img, 64, 94);
  if (spec.live === null) return img;

  const a2 = 256;
  const ext = spec.external === true;
  // In externally calibrated modules thresholds and readings are raw A/D counts: invert the constants.
  const tC = (c: number): number => (ext ? (tRaw(c) - (EXT.tempOffset & 0xffff) + 0x10000) & 0xffff : tRaw(c));
  const vC = (v: number): number => vRaw(v);
  const bC = (ma: number): number => (ext ? biasRaw(ma) / EXT.biasSlope : biasRaw(ma));
  const txC = (mw: number): number => (ext ? pRaw(mw) - EXT.txOffset : pRaw(mw));
  const rxC = (mw: number): number => (ext ? (pRaw(mw) - EXT.rx0) / EXT.rx1 : pRaw(mw));
  const th = SFP_THRESHOLDS;
  th.temp.forEach((v, i) => u16(img, a2 + 0 + 2 * i, tC(v)));
  th.vcc.forEach((v, i) => u16(img, a2 + 8 + 2 * i, vC(v)));
  th.bias.forEach((v, i) => u16(img, a2 + 16 + 2 * i, bC(v)));
  th.tx.forEach((v, i) => u16(img, a2 + 24 + 2 * i, txC(v)));
  th.rx.forEach((v, i) => u16(img, a2 + 32 + 2 * i, rxC(v)));
  if (ext) {
    f32(img, a2 + 56, 0);
    f32(img, a2 + 60, 0);
    f32(img, a2 + 64, 0);
    f32(img, a2 + 68, EXT.rx1);
    f32(img, a2 + 72, EXT.rx0);
    u16(img, a2 + 76, EXT.biasSlope * 256);
    u16(img, a2 + 78, 0);
    u16(img, a2 + 80, EXT.txSlope * 256);
    u16(img, a2 + 82, EXT.txOffset);
    u16(img, a2 + 84, EXT.tempSlope * 256);
    u16(img, a2 + 86, EXT.tempOffset & 0xffff);
    u16(img, a2 + 88, EXT.vSlope * 256);
    u16(img, a2 + 90, EXT.vOffset);
  }
  img[a2 + 95] = sum8(img, a2, a2 + 94);
  const l = spec.live;
  const lane = l.lanes[0] ?? { biasMa: 0, txMw: 0, rxMw: 0 };
  u16(img, a2 + 96, tC(l.tempC));
  u16(img, a2 + 98, vC(l.vcc));
  u16(img, a2 + 100, bC(lane.biasMa));
  u16(img, a2 + 102, Math.max(0, txC(lane.txMw)));
  u16(img, a2 + 104, Math.max(0, rxC(lane.rxMw)));
  img[a2 + 110] = spec.status ?? 0;
  img[a2 + 112] = spec.alarms?.[0] ?? 0;
  img[a2 + 113] = spec.alarms?.[1] ?? 0;
  img[a2 + 116] = spec.warnings?.[0] ?? 0;
  img[a2 + 117] = spec.warnings?.[1] ?? 0;
  return img;
}

function qsfp28(spec: { vendor: string; pn: string; sn: string; date: string; live: Live }): Uint8Array {
  const img = new Uint8Array(640);
  img[0] = 0x11; // QSFP28
  img[1] = 0x07; // SFF-8636 rev 2.5+
  img[2] = 0x00; // paged memory, data ready
  u16(img, 22, tRaw(spec.live.tempC));
  u16(img, 26, vRaw(spec.live.vcc));
  spec.live.lanes.forEach((l, i) => {
    u16(img, 34 + 2 * i, pRaw(l.rxMw));
    u16(img, 42 + 2 * i, biasRaw(l.biasMa));
    u16(img, 50 + 2 * i, pRaw(l.txMw));
  });
  const p0 = 128;
  img[p0 + 0] = 0x11;
  img[p0 + 1] = 0xcc; // power class 4 (3.5 W), CLEI, CDR in Tx/Rx
  img[p0 + 2] = 0x0c; // MPO 1x12
  img[p0 + 3] = 0x80; // extended compliance in byte 192
  img[p0 + 11] = 0x07; // 256B/257B
  img[p0 + 12] = 0xff; // see byte 222
  img[p0 + 15] = 35; // OM3 70 m (2 m units)
  img[p0 + 18] = 50; // OM4 100 m (2 m units)
  img[p0 + 19] = 0x00; // 850 nm VCSEL
  ascii(img, p0 + 20, 16, spec.vendor);
  img.set([0x00, 0x90, 0x65], p0 + 37);
  ascii(img, p0 + 40, 16, spec.pn);
  ascii(img, p0 + 56, 2, 'A0');
  u16(img, p0 + 58, 850 * 20);
  u16(img, p0 + 60, 10 * 200);
  img[p0 + 62] = 70; // max case temperature
  img[p0 + 63] = sum8(img, p0, p0 + 62);
  img[p0 + 64] = 0x02; // 100GBASE-SR4
  img[p0 + 67] = 0x00;
  ascii(img, p0 + 68, 16, spec.sn);
  ascii(img, p0 + 84, 8, spec.date);
  img[p0 + 92] = 0x0c; // Rx power average, Tx power monitored
  img[p0 + 93] = 0x10;
  img[p0 + 94] = 103; // 25.78 GBd in 250 MBd units
  img[p0 + 95] = sum8(img, p0 + 64, p0 + 94);
  // page 03h at 512: thresholds (high alarm, low alarm, high warning, low warning).
  const p3 = 512 - 128;
  [75, -5, 70, 0].forEach((v, i) => u16(img, p3 + 128 + 2 * i, tRaw(v)));
  [3.63, 2.97, 3.465, 3.135].forEach((v, i) => u16(img, p3 + 144 + 2 * i, vRaw(v)));
  [dbm(2.4), dbm(-13.3), dbm(2.4), dbm(-10.3)].forEach((v, i) => u16(img, p3 + 176 + 2 * i, pRaw(v)));
  [12, 1, 10, 2].forEach((v, i) => u16(img, p3 + 184 + 2 * i, biasRaw(v)));
  [dbm(3.5), dbm(-10.4), dbm(2.4), dbm(-8.4)].forEach((v, i) => u16(img, p3 + 192 + 2 * i, pRaw(v)));
  return img;
}

// ---- the library ----

const goodLive: Live = { tempC: 35.5, vcc: 3.3, lanes: [{ biasMa: 6.5, txMw: dbm(-2.5), rxMw: dbm(-3.5) }] };

interface Entry extends Omit<SimulatedModuleInfo, 'file'> {
  image: Uint8Array;
}

const LIBRARY: Entry[] = [
  {
    name: 'good-10g-sr',
    kind: 'sfp',
    description: 'Healthy SFP+ 10GBASE-SR, 850 nm, internally calibrated diagnostics.',
    expected: 'pass: every value inside 10GBASE-SR limits, checksums good, no flags',
    image: sfp({ vendor: 'OPTIC BENCH', pn: 'OB-SFP10G-SR', sn: 'SIM0001', date: '230911AA', live: goodLive }),
  },
  {
    name: 'weak-tx',
    kind: 'sfp',
    description: 'SFP+ 10GBASE-SR whose laser has aged: Tx power -7.8 dBm, below the -7.3 dBm minimum.',
    expected: 'fail: Tx power low (warning flag set, below the 10GBASE-SR minimum)',
    image: sfp({
      vendor: 'OPTIC BENCH', pn: 'OB-SFP10G-SR', sn: 'SIM0002', date: '220405AB',
      live: { ...goodLive, lanes: [{ biasMa: 11.2, txMw: dbm(-7.8), rxMw: dbm(-3.6) }] },
      warnings: [0x01, 0x00],
    }),
  },
  {
    name: 'hot-module',
    kind: 'sfp',
    description: 'SFP+ 10GBASE-SR running at 76.5 degC, above the 70 degC commercial range.',
    expected: 'fail: temperature high (alarm and warning flags set)',
    image: sfp({
      vendor: 'OPTIC BENCH', pn: 'OB-SFP10G-SR', sn: 'SIM0003', date: '210118AC',
      live: { ...goodLive, tempC: 76.5 },
      alarms: [0x80, 0x00],
      warnings: [0x80, 0x00],
    }),
  },
  {
    name: 'failed-laser',
    kind: 'sfp',
    description: 'SFP+ 10GBASE-SR with a dead laser: no Tx bias, no light, TX_FAULT asserted, alarms set.',
    expected: 'fail: Tx power "no light", Tx bias low and Tx power low alarms, TX_FAULT',
    image: sfp({
      vendor: 'OPTIC BENCH', pn: 'OB-SFP10G-SR', sn: 'SIM0004', date: '200722AD',
      live: { ...goodLive, lanes: [{ biasMa: 0, txMw: 0, rxMw: dbm(-3.4) }] },
      status: 0x04,
      alarms: [0x05, 0x00],
      warnings: [0x05, 0x00],
    }),
  },
  {
    name: 'corrupted-checksum',
    kind: 'sfp',
    description: 'SFP+ 10GBASE-SR whose stored CC_BASE (A0h byte 63) is wrong in the EEPROM.',
    expected: 'complete read (exit 0) with the CC_BASE checksum problem reported; values otherwise good',
    image: sfp({ vendor: 'OPTIC BENCH', pn: 'OB-SFP10G-SR', sn: 'SIM0005', date: '230301AE', live: goodLive, corruptBase: true }),
  },
  {
    name: 'external-cal',
    kind: 'sfp',
    description: 'SFP+ 10GBASE-SR with externally calibrated diagnostics (raw counts plus slopes, offsets and Rx polynomial in A2h 56-91).',
    expected: 'pass once calibrated: 35.5 degC, 3.3 V, 6.5 mA, Tx -2.5 dBm, Rx -3.5 dBm',
    image: sfp({ vendor: 'OPTIC BENCH', pn: 'OB-SFP10G-SR-EC', sn: 'SIM0006', date: '190610AF', live: goodLive, external: true }),
  },
  {
    name: 'qsfp28-sr4',
    kind: 'qsfp',
    description: 'Healthy QSFP28 100GBASE-SR4, four lanes, thresholds on page 03h.',
    expected: 'pass: four lanes inside 100GBASE-SR4 limits',
    image: qsfp28({
      vendor: 'OPTIC BENCH', pn: 'OB-QSFP28-SR4', sn: 'SIM0007', date: '240212AG',
      live: {
        tempC: 38.2,
        vcc: 3.29,
        lanes: [
          { biasMa: 7.1, txMw: dbm(-0.8), rxMw: dbm(-1.9) },
          { biasMa: 7.3, txMw: dbm(-1.1), rxMw: dbm(-2.2) },
          { biasMa: 6.9, txMw: dbm(-0.6), rxMw: dbm(-1.7) },
          { biasMa: 7.0, txMw: dbm(-1.0), rxMw: dbm(-2.5) },
        ],
      },
    }),
  },
  {
    name: 'copper-no-ddm',
    kind: 'sfp',
    description: 'SFP+ passive copper cable (3 m DAC) without diagnostics: A0h only.',
    expected: 'identity only: no diagnostics to judge, no A2h read',
    image: sfp({ vendor: 'OPTIC BENCH', pn: 'OB-DAC10G-3M', sn: 'SIM0008', date: '230101AH', copper: true, live: null }),
  },
  {
    name: 'hostile-vendor-name',
    kind: 'sfp',
    // The 16-byte ASCII vendor field cannot hold `<img src=x onerror=alert(1)>` (28 characters):
    // it carries the longest executable markup that fits, and the part number another tag.
    description: 'SFP+ whose vendor name is HTML markup (<svg onload=a()>): for escaping tests in the UI and reports.',
    expected: 'pass; the vendor name must be shown as text, never interpreted as HTML',
    image: sfp({ vendor: '<svg onload=a()>', pn: '<img src=x>', sn: '"><b>SIM0009', date: '230911AI', live: goodLive }),
  },
];

mkdirSync(OUT, { recursive: true });
const index: SimulatedModuleInfo[] = LIBRARY.map(({ image, ...info }) => {
  const file = `${info.name}.hex`;
  writeFileSync(path.join(OUT, file), formatEthtoolHex(image));
  return { ...info, file };
});
writeFileSync(path.join(OUT, 'index.json'), JSON.stringify(index, null, 2) + '\n');
console.log(`wrote ${index.length} modules to ${path.relative(process.cwd(), OUT)}`);
