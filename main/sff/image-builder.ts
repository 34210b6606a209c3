// Pure builders of valid module images (checksums right) from a typed spec, for tests and the
// simulated bench. The inverse of decodeModule: `decodeModule(buildSfpImage(spec))` gives back the
// spec's values, quantised to the raw units (1/256 degC, 100 uV, 2 uA, 0.1 uW).
//
// Spec in short (every field optional, defaults make a healthy internally calibrated module):
//   vendor:       { name, oui "00:90:65", partNumber, revision, serialNumber, dateCode "230911" }
//   compliance:   names exactly as the decoder prints them: bit names of SFF8472_COMPLIANCE /
//                 SFF8636_COMPLIANCE ("10GBASE-SR", "Passive cable", "40GBASE-SR4") or SFF-8024
//                 extended names ("25GBASE-SR" for SFP, "100GBASE-SR4", "100G CWDM4" for QSFP).
//   identifier, connector, encoding: SFF-8024 codes; nominalBitRateMbd (SFP: > 25400 uses
//                 byte 12 = FFh and byte 66 in 250 MBd units); wavelengthNm; lengths (metres).
//   diagnostics:  null for a module without DDM, else engineering units:
//                 { temperatureC, supplyVoltageV, txBiasMa, txPowerMw, rxPowerMw (SFP), or
//                   lanes: [{ txBiasMa, txPowerMw, rxPowerMw }] x4 (QSFP),
//                   thresholds (the contract's Thresholds), alarms / warnings (the decoder's flag
//                   names, e.g. "txPowerLow", "rxPowerLowLane2"), status (SFP byte 110 bits),
//                   rxPowerMeasurement, calibration: 'internal' | { external constants } (SFP) }
//   corruptChecksums: ['base' | 'extended' | 'diagnostics'] stores a wrong checksum on purpose.
//   QSFP only: flatMemory (256-byte image, no page 03h) else 640 bytes with thresholds on page 03h.
import type { Lengths, Thresholds, ThresholdSet } from '../../preload/contract/module';
import { SFF8472_COMPLIANCE, SFF8636_COMPLIANCE } from './compliance';
import { EXTENDED_COMPLIANCE } from './sff8024';
import { SFF8472_FLAG_BITS } from './sff8472-bits';
import { A0, A2, A2_BASE, DIAG_TYPE } from './sff8472';
import { LOWER, PAGE00, PAGE03 } from './sff8636';

export interface VendorSpec {
  name?: string;
  oui?: string;
  partNumber?: string;
  revision?: string;
  serialNumber?: string;
  dateCode?: string;
}

/** SFF-8472 external calibration constants (A2h 56-91): slopes 8.8 unsigned, offsets signed 16. */
export interface ExternalCalibrationSpec {
  txBiasSlope: number;
  txBiasOffset: number;
  txPowerSlope: number;
  txPowerOffset: number;
  temperatureSlope: number;
  temperatureOffset: number;
  voltageSlope: number;
  voltageOffset: number;
  /** Rx_PWR(0) .. Rx_PWR(4): Rx power [0.1 uW] = sum c[i] x raw^i. Must be increasing over 0..65535. */
  rxPower: [number, number, number, number, number];
}

export interface SfpDiagnosticsSpec {
  temperatureC?: number;
  supplyVoltageV?: number;
  txBiasMa?: number;
  txPowerMw?: number;
  rxPowerMw?: number;
  thresholds?: Thresholds;
  alarms?: string[];
  warnings?: string[];
  status?: { txDisable?: boolean; softTxDisable?: boolean; txFault?: boolean; rxLos?: boolean; dataNotReady?: boolean };
  rxPowerMeasurement?: 'average' | 'oma';
  calibration?: 'internal' | { external: ExternalCalibrationSpec };
  /** Sets A0h byte 92 bit 2 (the decoder then refuses to read A2h). */
  addressChangeRequired?: boolean;
  /** Enhanced options bit 7; default true. */
  flagsImplemented?: boolean;
}

export interface CommonSpec {
  identifier?: number;
  connector?: number;
  encoding?: number;
  compliance?: string[];
  nominalBitRateMbd?: number;
  wavelengthNm?: number;
  lengths?: Partial<Lengths>;
  vendor?: VendorSpec;
  corruptChecksums?: ('base' | 'extended' | 'diagnostics')[];
}

export interface SfpImageSpec extends CommonSpec {
  diagnostics?: SfpDiagnosticsSpec | null;
}

export interface QsfpLaneSpec {
  txBiasMa: number;
  txPowerMw: number;
  rxPowerMw: number;
}
export interface QsfpDiagnosticsSpec {
  temperatureC?: number;
  supplyVoltageV?: number;
  lanes?: QsfpLaneSpec[];
  thresholds?: Thresholds;
  alarms?: string[];
  warnings?: string[];
  rxPowerMeasurement?: 'average' | 'oma';
  rxLosLanes?: boolean[];
  txFaultLanes?: boolean[];
}
export interface QsfpImageSpec extends CommonSpec {
  flatMemory?: boolean;
  /** Byte 147 bits 7-4 (SFF-8636 Table 6-19); default 0 (850 nm VCSEL). */
  deviceTechnology?: number;
  diagnostics?: QsfpDiagnosticsSpec;
  /** Byte 1, revision compliance; default 07h (Rev 2.5-2.7). */
  revision?: number;
  /** Byte 129 as stored (power class bits 7-6, 5 and 1-0); default 00h (class 1). */
  extIdentifier?: number;
  /** Byte 107, class 8 maximum power in 0.1 W. */
  class8PowerDeciW?: number;
  /** Byte 93, the power control byte (override, set, high-power-class enables). */
  powerControl?: number;
  /** Byte 86 bits 3-0: Tx disabled by software, lane 1 = bit 0. */
  softTxDisable?: number;
  /** Byte 220 as stored; default 3Ch with average Rx (temperature, Vcc, average Rx, Tx power). */
  diagnosticType?: number;
  /** Byte 2 bit 0: Data_Not_Ready. */
  dataNotReady?: boolean;
}

/** Thresholds of a healthy 10GBASE-SR style module, a convenient default. */
export const DEFAULT_THRESHOLDS: Thresholds = {
  temperatureC: { highAlarm: 75, lowAlarm: -5, highWarning: 70, lowWarning: 0 },
  supplyVoltageV: { highAlarm: 3.6, lowAlarm: 3.0, highWarning: 3.5, lowWarning: 3.1 },
  txBiasMa: { highAlarm: 15, lowAlarm: 2, highWarning: 12, lowWarning: 3 },
  txPowerMw: { highAlarm: 1.0, lowAlarm: 0.1585, highWarning: 0.7943, lowWarning: 0.1995 },
  rxPowerMw: { highAlarm: 1.0, lowAlarm: 0.0501, highWarning: 0.7943, lowWarning: 0.0631 },
};

// ---- byte writers ----

class Writer {
  constructor(readonly img: Uint8Array) {}
  u8(at: number, v: number): void {
    this.img[at] = v & 0xff;
  }
  u16(at: number, v: number): void {
    const x = Math.max(0, Math.min(0xffff, Math.round(v)));
    this.img[at] = x >> 8;
    this.img[at + 1] = x & 0xff;
  }
  s16(at: number, v: number): void {
    const x = Math.max(-0x8000, Math.min(0x7fff, Math.round(v)));
    this.u16(at, x < 0 ? x + 0x10000 : x);
  }
  f32(at: number, v: number): void {
    const view = new DataView(this.img.buffer, this.img.byteOffset);
    view.setFloat32(at, v, false);
  }
  ascii(at: number, len: number, text: string): void {
    for (let i = 0; i < len; i++) this.img[at + i] = i < text.length ? text.charCodeAt(i) & 0x7f : 0x20;
  }
  oui(at: number, oui: string): void {
    oui.split(':').slice(0, 3).forEach((h, i) => this.u8(at + i, parseInt(h, 16) || 0));
  }
  setBit(at: number, bit: number): void {
    this.img[at] = (this.img[at] ?? 0) | (1 << bit);
  }
  checksum(from: number, to: number, at: number, corrupt: boolean): void {
    let s = 0;
    for (let i = from; i <= to; i++) s += this.img[i] ?? 0;
    this.u8(at, (s & 0xff) ^ (corrupt ? 0x5a : 0));
  }
}

const DEFAULT_VENDOR: Required<VendorSpec> = {
  name: 'OPTIC BENCH', oui: '00:90:65', partNumber: 'OB-TEST', revision: 'A', serialNumber: 'SIM0001', dateCode: '230911',
};

function unknownName(name: string): never {
  throw new Error(`image builder: compliance name "${name}" is in no table`);
}

/** Set the compliance bits and extended code for `names`; returns the extended code (0 if none). */
function writeCompliance(w: Writer, names: string[], table: typeof SFF8472_COMPLIANCE, ff: 'sfp' | 'qsfp'): number {
  let ext = 0;
  for (const name of names) {
    const bit = table.find((c) => c.name === name);
    if (bit !== undefined) {
      w.setBit(bit.byte, bit.bit);
      continue;
    }
    const code = Object.entries(EXTENDED_COMPLIANCE).find(([, e]) => (e[ff] ?? e.name) === name)?.[0];
    if (code === undefined) unknownName(name);
    ext = Number(code);
  }
  return ext;
}

// Engineering units -> raw units (SFF-8472 section 9.2).
const RAW = {
  temperature: (c: number): number => c * 256,
  voltage: (v: number): number => v * 10000,
  bias: (ma: number): number => ma * 500,
  power: (mw: number): number => mw * 10000,
};

/** Encoders from engineering units to what the module stores (raw counts when externally calibrated). */
function encoders(cal: SfpDiagnosticsSpec['calibration']) {
  if (cal === undefined || cal === 'internal') {
    return { temperature: RAW.temperature, voltage: RAW.voltage, bias: RAW.bias, txPower: RAW.power, rxPower: RAW.power };
  }
  const e = cal.external;
  const inv = (slope: number, offset: number, raw: (x: number) => number) => (x: number) => (raw(x) - offset) / slope;
  const poly = (r: number): number => e.rxPower.reduce((s, c, i) => s + c * r ** i, 0);
  return {
    temperature: inv(e.temperatureSlope, e.temperatureOffset, RAW.temperature),
    voltage: inv(e.voltageSlope, e.voltageOffset, RAW.voltage),
    bias: inv(e.txBiasSlope, e.txBiasOffset, RAW.bias),
    txPower: inv(e.txPowerSlope, e.txPowerOffset, RAW.power),
    // Invert the Rx polynomial by bisection over the 16-bit count (it must be increasing).
    rxPower: (mw: number): number => {
      const target = RAW.power(mw);
      let lo = 0;
      let hi = 0xffff;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (poly(mid) < target) lo = mid;
        else hi = mid;
      }
      return Math.abs(poly(lo) - target) <= Math.abs(poly(hi) - target) ? lo : hi;
    },
  };
}

function writeThresholdSet(w: Writer, at: number, t: ThresholdSet, enc: (v: number) => number, signed = false): void {
  [t.highAlarm, t.lowAlarm, t.highWarning, t.lowWarning].forEach((v, i) => (signed ? w.s16(at + 2 * i, enc(v)) : w.u16(at + 2 * i, enc(v))));
}

/** An SFF-8472 image: 512 bytes (A0h + A2h) with diagnostics, 256 bytes (A0h) with `diagnostics: null`. */
export function buildSfpImage(spec: SfpImageSpec = {}): Uint8Array {
  const diag = spec.diagnostics === undefined ? {} : spec.diagnostics;
  const img = new Uint8Array(diag === null ? 256 : 512);
  const w = new Writer(img);
  const v = { ...DEFAULT_VENDOR, ...spec.vendor };
  const compliance = spec.compliance ?? ['10GBASE-SR'];
  const cable = compliance.includes('Passive cable') || compliance.includes('Active cable');
  w.u8(A0.identifier, spec.identifier ?? 0x03);
  w.u8(A0.extIdentifier, 0x04);
  w.u8(A0.connector, spec.connector ?? (cable ? 0x21 : 0x07));
  w.u8(A0.extCompliance, writeCompliance(w, compliance, SFF8472_COMPLIANCE, 'sfp'));
  w.u8(A0.encoding, spec.encoding ?? 0x06);
  const rate = spec.nominalBitRateMbd ?? 10300;
  if (rate > 25400) {
    w.u8(A0.nominalRate, 0xff);
    w.u8(A0.maxRate, Math.round(rate / 250));
  } else {
    w.u8(A0.nominalRate, Math.round(rate / 100));
  }
  const l = spec.lengths ?? (cable ? { copperM: 1 } : { om2M: 80, om1M: 30, om3M: 300 });
  w.u8(A0.smfKm, l.smfKm ?? 0);
  w.u8(A0.smf100m, (l.smfM ?? 0) / 100);
  w.u8(A0.om2_10m, (l.om2M ?? 0) / 10);
  w.u8(A0.om1_10m, (l.om1M ?? 0) / 10);
  w.u8(A0.om4OrCopper, cable ? (l.copperM ?? 0) : (l.om4M ?? 0) / 10);
  w.u8(A0.om3_10m, (l.om3M ?? 0) / 10);
  w.ascii(A0.vendorName, 16, v.name);
  w.oui(A0.vendorOui, v.oui);
  w.ascii(A0.vendorPn, 16, v.partNumber);
  w.ascii(A0.vendorRev, 4, v.revision);
  if (!cable) w.u16(A0.wavelength, spec.wavelengthNm ?? 850);
  w.ascii(A0.vendorSn, 16, v.serialNumber);
  w.ascii(A0.dateCode, 8, v.dateCode);
  w.u8(A0.complianceRev, 0x08);
  const corrupt = new Set(spec.corruptChecksums ?? []);
  if (diag !== null) {
    const external = diag.calibration !== undefined && diag.calibration !== 'internal';
    w.setBit(A0.diagType, DIAG_TYPE.implemented);
    w.setBit(A0.diagType, external ? DIAG_TYPE.external : DIAG_TYPE.internal);
    if ((diag.rxPowerMeasurement ?? 'average') === 'average') w.setBit(A0.diagType, DIAG_TYPE.average);
    if (diag.addressChangeRequired === true) w.setBit(A0.diagType, DIAG_TYPE.addressChange);
    if (diag.flagsImplemented !== false) w.setBit(A0.enhancedOptions, 7);
    writeA2(w, diag);
    w.checksum(A2_BASE, A2_BASE + 94, A2_BASE + A2.ccDmi, corrupt.has('diagnostics'));
  }
  w.checksum(0, 62, A0.ccBase, corrupt.has('base'));
  w.checksum(64, 94, A0.ccExt, corrupt.has('extended'));
  return img;
}

function writeA2(w: Writer, d: SfpDiagnosticsSpec): void {
  const a = (o: number): number => A2_BASE + o;
  const enc = encoders(d.calibration);
  if (d.calibration !== undefined && d.calibration !== 'internal') {
    const e = d.calibration.external;
    A2.rxPwrCoefficients.forEach((o, i) => w.f32(a(o), e.rxPower[i] ?? 0));
    const so = (o: number, slope: number, offset: number): void => {
      w.u16(a(o), slope * 256);
      w.s16(a(o + 2), offset);
    };
    so(A2.slopeOffset.bias, e.txBiasSlope, e.txBiasOffset);
    so(A2.slopeOffset.txPower, e.txPowerSlope, e.txPowerOffset);
    so(A2.slopeOffset.temperature, e.temperatureSlope, e.temperatureOffset);
    so(A2.slopeOffset.voltage, e.voltageSlope, e.voltageOffset);
  }
  const t = d.thresholds ?? DEFAULT_THRESHOLDS;
  writeThresholdSet(w, a(A2.thresholds.temperature), t.temperatureC, enc.temperature, true);
  writeThresholdSet(w, a(A2.thresholds.voltage), t.supplyVoltageV, enc.voltage);
  writeThresholdSet(w, a(A2.thresholds.bias), t.txBiasMa, enc.bias);
  writeThresholdSet(w, a(A2.thresholds.txPower), t.txPowerMw, enc.txPower);
  writeThresholdSet(w, a(A2.thresholds.rxPower), t.rxPowerMw, enc.rxPower);
  w.s16(a(A2.temperature), enc.temperature(d.temperatureC ?? 35));
  w.u16(a(A2.voltage), enc.voltage(d.supplyVoltageV ?? 3.3));
  w.u16(a(A2.bias), enc.bias(d.txBiasMa ?? 6.5));
  w.u16(a(A2.txPower), enc.txPower(d.txPowerMw ?? 0.5));
  w.u16(a(A2.rxPower), enc.rxPower(d.rxPowerMw ?? 0.45));
  const s = d.status ?? {};
  const status = (s.txDisable ? 0x80 : 0) | (s.softTxDisable ? 0x40 : 0) | (s.txFault ? 0x04 : 0) | (s.rxLos ? 0x02 : 0) | (s.dataNotReady ? 0x01 : 0);
  w.u8(a(A2.status), status);
  for (const [names, base] of [[d.alarms ?? [], A2.alarms], [d.warnings ?? [], A2.warnings]] as const) {
    for (const n of names) {
      const f = SFF8472_FLAG_BITS.find((x) => x.name === n);
      if (f === undefined) throw new Error(`image builder: flag "${n}" is not an SFF-8472 flag`);
      w.setBit(a(base + f.byte), f.bit);
    }
  }
}

const QSFP_FLAG = /^(temperature|supplyVoltage|txBias|txPower|rxPower)(High|Low)(?:Lane([1-4]))?$/;
const QSFP_FLAG_BYTES: Record<string, number> = {
  temperature: LOWER.tempFlags, supplyVoltage: LOWER.vccFlags,
  txBias: LOWER.txBiasFlags, txPower: LOWER.txPowerFlags, rxPower: LOWER.rxPowerFlags,
};

function writeQsfpFlag(w: Writer, name: string, kind: 'alarm' | 'warning'): void {
  const m = QSFP_FLAG.exec(name);
  if (m === null) throw new Error(`image builder: flag "${name}" is not an SFF-8636 flag`);
  const [, what = '', hl, lane] = m;
  // Bits within a nibble: 3 high alarm, 2 low alarm, 1 high warning, 0 low warning.
  const bitInNibble = (kind === 'alarm' ? 2 : 0) + (hl === 'High' ? 1 : 0);
  const base = QSFP_FLAG_BYTES[what] ?? 0;
  if (lane === undefined) {
    w.setBit(base, 4 + bitInNibble);
  } else {
    const l = Number(lane) - 1;
    w.setBit(base + (l >> 1), (l % 2 === 0 ? 4 : 0) + bitInNibble);
  }
}

/** An SFF-8636 image: 640 bytes (lower + pages 00h-03h), or 256 when `flatMemory`. */
export function buildQsfpImage(spec: QsfpImageSpec = {}): Uint8Array {
  const flat = spec.flatMemory === true;
  const img = new Uint8Array(flat ? 256 : 640);
  const w = new Writer(img);
  const v = { ...DEFAULT_VENDOR, ...spec.vendor };
  const id = spec.identifier ?? 0x11;
  const compliance = spec.compliance ?? ['100GBASE-SR4'];
  w.u8(LOWER.identifier, id);
  w.u8(LOWER.revision, spec.revision ?? 0x07);
  if (flat) w.setBit(LOWER.status, 2);
  if (spec.dataNotReady === true) w.setBit(LOWER.status, 0);
  w.u8(PAGE00.identifier, id);
  w.u8(PAGE00.extIdentifier, spec.extIdentifier ?? 0x00);
  if (spec.class8PowerDeciW !== undefined) w.u8(107, spec.class8PowerDeciW);
  if (spec.powerControl !== undefined) w.u8(LOWER.powerControl, spec.powerControl);
  if (spec.softTxDisable !== undefined) w.u8(LOWER.txDisable, spec.softTxDisable & 0x0f);
  const ext = writeCompliance(w, compliance, SFF8636_COMPLIANCE, 'qsfp');
  if (ext !== 0) {
    w.setBit(131, 7);
    w.u8(PAGE00.extCompliance, ext);
  }
  const tech = spec.deviceTechnology ?? 0;
  const cable = tech >= 0x0a;
  w.u8(PAGE00.connector, spec.connector ?? (cable ? 0x23 : 0x0c));
  w.u8(PAGE00.encoding, spec.encoding ?? 0x07);
  const rate = spec.nominalBitRateMbd ?? 25500;
  if (rate > 25400) {
    w.u8(PAGE00.nominalRate, 0xff);
    w.u8(PAGE00.nominalRate250, Math.round(rate / 250));
  } else {
    w.u8(PAGE00.nominalRate, Math.round(rate / 100));
  }
  const l = spec.lengths ?? (cable ? { copperM: 1 } : { om3M: 70, om4M: 100 });
  w.u8(PAGE00.smfKm, l.smfKm ?? 0);
  w.u8(PAGE00.om3_2m, (l.om3M ?? 0) / 2);
  w.u8(PAGE00.om2M, l.om2M ?? 0);
  w.u8(PAGE00.om1M, l.om1M ?? 0);
  w.u8(PAGE00.copperOrOm4, cable ? (l.copperM ?? 0) : (l.om4M ?? 0) / 2);
  w.u8(PAGE00.deviceTech, tech << 4);
  w.ascii(PAGE00.vendorName, 16, v.name);
  w.oui(PAGE00.vendorOui, v.oui);
  w.ascii(PAGE00.vendorPn, 16, v.partNumber);
  w.ascii(PAGE00.vendorRev, 2, v.revision);
  if (!cable) w.u16(PAGE00.wavelength, (spec.wavelengthNm ?? 850) * 20);
  w.ascii(PAGE00.vendorSn, 16, v.serialNumber);
  w.ascii(PAGE00.dateCode, 8, v.dateCode);
  const d = spec.diagnostics ?? {};
  // Byte 220: bits 5-4 temperature/Vcc monitoring, bit 3 average Rx power, bit 2 Tx power.
  w.u8(PAGE00.diagType, spec.diagnosticType ?? 0x34 | ((d.rxPowerMeasurement ?? 'average') === 'average' ? 0x08 : 0));
  w.s16(LOWER.temperature, RAW.temperature(d.temperatureC ?? 35));
  w.u16(LOWER.voltage, RAW.voltage(d.supplyVoltageV ?? 3.3));
  const lanes = d.lanes ?? [0, 1, 2, 3].map(() => ({ txBiasMa: 7, txPowerMw: 0.8, rxPowerMw: 0.7 }));
  lanes.slice(0, 4).forEach((x, i) => {
    w.u16(LOWER.txBias + 2 * i, RAW.bias(x.txBiasMa));
    w.u16(LOWER.txPower + 2 * i, RAW.power(x.txPowerMw));
    w.u16(LOWER.rxPower + 2 * i, RAW.power(x.rxPowerMw));
  });
  (d.rxLosLanes ?? []).forEach((on, i) => on && w.setBit(LOWER.los, i));
  (d.txFaultLanes ?? []).forEach((on, i) => on && w.setBit(LOWER.fault, i));
  for (const n of d.alarms ?? []) writeQsfpFlag(w, n, 'alarm');
  for (const n of d.warnings ?? []) writeQsfpFlag(w, n, 'warning');
  if (!flat) {
    const p = (addr: number): number => 512 + addr - 128;
    const t = d.thresholds ?? DEFAULT_THRESHOLDS;
    writeThresholdSet(w, p(PAGE03.temperature), t.temperatureC, RAW.temperature, true);
    writeThresholdSet(w, p(PAGE03.voltage), t.supplyVoltageV, RAW.voltage);
    writeThresholdSet(w, p(PAGE03.rxPower), t.rxPowerMw, RAW.power);
    writeThresholdSet(w, p(PAGE03.txBias), t.txBiasMa, RAW.bias);
    writeThresholdSet(w, p(PAGE03.txPower), t.txPowerMw, RAW.power);
  }
  const corrupt = new Set(spec.corruptChecksums ?? []);
  w.checksum(128, 190, PAGE00.ccBase, corrupt.has('base'));
  w.checksum(192, 222, PAGE00.ccExt, corrupt.has('extended'));
  return img;
}
