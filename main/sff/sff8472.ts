// SFF-8472 (SFP/SFP+/SFP28): A0h serial ID at image offset 0, A2h diagnostics at offset 256
// (the `ethtool -m raw` layout). Offsets below are those of the standard's Tables 4-1 and 9-x.
import type { DecodedModule, Declarations, Diagnostics, LaneReading, Lengths, Thresholds } from '../../preload/contract/module';
import { SFF8472_COMPLIANCE, complianceNames } from './compliance';
import { mediaHasLaser, sff8472Media } from './media';
import type { ImageReader } from './reader';
import { mwToDbm } from './reader';
import { COPPER_CONNECTORS, NO_SEPARABLE_CONNECTOR, CONNECTORS, ENCODINGS_SFF8472, IDENTIFIERS, codeName, extendedComplianceName, hex2 } from './sff8024';
import { sff8472Flags, sff8472OptionBits, SFF8472_REVISIONS } from './sff8472-bits';

/** A0h field offsets (SFF-8472 Table 4-1). */
export const A0 = {
  identifier: 0, extIdentifier: 1, connector: 2, encoding: 11, nominalRate: 12, rateIdentifier: 13,
  smfKm: 14, smf100m: 15, om2_10m: 16, om1_10m: 17, om4OrCopper: 18, om3_10m: 19,
  vendorName: 20, extCompliance: 36, vendorOui: 37, vendorPn: 40, vendorRev: 56, wavelength: 60,
  fcSpeed2: 62, ccBase: 63, options: 64, maxRate: 66, minRate: 67, vendorSn: 68, dateCode: 84,
  diagType: 92, enhancedOptions: 93, complianceRev: 94, ccExt: 95,
} as const;

/** A2h field offsets relative to A2h (SFF-8472 Tables 9-5 .. 9-17). */
export const A2 = {
  thresholds: { temperature: 0, voltage: 8, bias: 16, txPower: 24, rxPower: 32 },
  rxPwrCoefficients: [72, 68, 64, 60, 56] as const, // Rx_PWR(0) .. Rx_PWR(4)
  slopeOffset: { bias: 76, txPower: 80, temperature: 84, voltage: 88 },
  ccDmi: 95,
  temperature: 96, voltage: 98, bias: 100, txPower: 102, rxPower: 104,
  status: 110, alarms: 112, warnings: 116,
} as const;

/** Where A2h starts in an ethtool raw image. */
export const A2_BASE = 256;

// Raw units (SFF-8472 section 9.2): temperature 1/256 degC, Vcc 100 uV, bias 2 uA, power 0.1 uW.
const toC = (raw: number): number => raw / 256;
const toV = (raw: number): number => raw / 10000;
const toMa = (raw: number): number => raw / 500;
const toMw = (raw: number): number => raw / 10000;

/** Diagnostic monitoring type bits (A0h byte 92). */
export const DIAG_TYPE = { legacy: 7, implemented: 6, internal: 5, external: 4, average: 3, addressChange: 2 } as const;

interface Calibration {
  kind: 'internal' | 'external';
  temperature: (raw: number) => number;
  voltage: (raw: number) => number;
  bias: (raw: number) => number;
  txPower: (raw: number) => number;
  rxPower: (raw: number) => number;
  constants: Record<string, number | string> | null;
}

/**
 * SFF-8472 section 9.3: externally calibrated modules report raw A/D counts; the host computes
 * slope (unsigned 8.8) x raw + offset (signed) and a 4th-order float polynomial for Rx power.
 * The full result is kept (no truncation to 16 bits as ethtool does).
 */
function calibration(r: ImageReader, external: boolean): Calibration {
  if (!external) {
    return { kind: 'internal', temperature: toC, voltage: toV, bias: toMa, txPower: toMw, rxPower: toMw, constants: null };
  }
  const at = (o: number): number => A2_BASE + o;
  const so = (o: number): { slope: number; offset: number } => ({ slope: r.u16(at(o)) / 256, offset: r.s16(at(o + 2)) });
  const bias = so(A2.slopeOffset.bias);
  const tx = so(A2.slopeOffset.txPower);
  const temp = so(A2.slopeOffset.temperature);
  const volt = so(A2.slopeOffset.voltage);
  const rx = A2.rxPwrCoefficients.map((o) => r.f32(at(o)));
  const [c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0] = rx;
  // Garbage constants (NaN/Inf floats, overflowing polynomials) must not leak non-numbers into
  // the result: such a value reads as 0 and the problem is named once.
  let reported = false;
  const finite = (v: number): number => {
    if (Number.isFinite(v)) return v;
    if (!reported) {
      reported = true;
      r.problem('CALIBRATION_INVALID', 'external calibration constants give a non-finite value (NaN/infinite Rx_PWR floats?); such values shown as 0', A2_BASE + A2.rxPwrCoefficients[4]);
    }
    return 0;
  };
  return {
    kind: 'external',
    temperature: (raw) => toC(temp.slope * raw + temp.offset),
    voltage: (raw) => toV(volt.slope * raw + volt.offset),
    bias: (raw) => toMa(bias.slope * raw + bias.offset),
    txPower: (raw) => toMw(tx.slope * raw + tx.offset),
    rxPower: (raw) => finite(toMw(c4 * raw ** 4 + c3 * raw ** 3 + c2 * raw ** 2 + c1 * raw + c0)),
    constants: {
      // Non-finite floats kept as strings so the JSON output stays faithful to the bytes.
      ...Object.fromEntries(
        [['rxPwr4', c4], ['rxPwr3', c3], ['rxPwr2', c2], ['rxPwr1', c1], ['rxPwr0', c0]].map(([k, v]) => [k, Number.isFinite(v) ? v : String(v)]),
      ),
      txISlope: bias.slope, txIOffset: bias.offset, txPwrSlope: tx.slope, txPwrOffset: tx.offset,
      tSlope: temp.slope, tOffset: temp.offset, vSlope: volt.slope, vOffset: volt.offset,
    },
  };
}

function lengths(r: ImageReader, cable: boolean): Lengths {
  // Byte 18 is OM4 in 10 m units for optics, copper cable length in metres for cables (rev 11+).
  const b18 = r.u8(A0.om4OrCopper);
  return {
    smfKm: r.u8(A0.smfKm),
    smfM: r.u8(A0.smf100m) * 100,
    om1M: r.u8(A0.om1_10m) * 10,
    om2M: r.u8(A0.om2_10m) * 10,
    om3M: r.u8(A0.om3_10m) * 10,
    om4M: cable ? 0 : b18 * 10,
    copperM: cable ? b18 : 0,
  };
}

function diagnostics(r: ImageReader, diagType: number, flagsImplemented: boolean): Diagnostics {
  const external = ((diagType >> DIAG_TYPE.external) & 1) === 1;
  const cal = calibration(r, external);
  const a = (o: number): number => A2_BASE + o;
  const txPowerMw = cal.txPower(r.u16(a(A2.txPower)));
  const rxPowerMw = cal.rxPower(r.u16(a(A2.rxPower)));
  const lane: LaneReading = {
    txBiasMa: cal.bias(r.u16(a(A2.bias))),
    txPowerMw,
    txPowerDbm: mwToDbm(txPowerMw),
    rxPowerMw,
    rxPowerDbm: mwToDbm(rxPowerMw),
  };
  const t = A2.thresholds;
  const thresholds: Thresholds = {
    temperatureC: r.thresholdSet(a(t.temperature), cal.temperature, true),
    supplyVoltageV: r.thresholdSet(a(t.voltage), cal.voltage),
    txBiasMa: r.thresholdSet(a(t.bias), cal.bias),
    txPowerMw: r.thresholdSet(a(t.txPower), cal.txPower),
    rxPowerMw: r.thresholdSet(a(t.rxPower), cal.rxPower),
  };
  const status = r.u8(a(A2.status));
  return {
    calibration: cal.kind,
    rxPowerMeasurement: ((diagType >> DIAG_TYPE.average) & 1) === 1 ? 'average' : 'oma',
    temperatureC: cal.temperature(r.s16(a(A2.temperature))),
    supplyVoltageV: cal.voltage(r.u16(a(A2.voltage))),
    lanes: [lane],
    thresholds,
    // Enhanced options bit 7: without it bytes 112-117 carry no meaning (SFF-8472 Table 8-6).
    flags: flagsImplemented
      ? { alarms: sff8472Flags(r, a(A2.alarms)), warnings: sff8472Flags(r, a(A2.warnings)) }
      : { alarms: [], warnings: [] },
    status: {
      txDisable: ((status >> 7) & 1) === 1,
      softTxDisable: ((status >> 6) & 1) === 1,
      txFault: ((status >> 2) & 1) === 1,
      rxLos: ((status >> 1) & 1) === 1,
      dataNotReady: (status & 1) === 1,
    },
  };
}

/**
 * What the module says it has (A0h only, so a file without A2h is judged by the same words):
 * byte 92 bit 6 "digital diagnostic monitoring implemented" covers all five monitors (SFF-8472
 * section 8.8 requires them together), bit 3 says how Rx power is reported (1 average, 0 OMA);
 * the media decides whether the laser monitors mean anything.
 */
function declarations(r: ImageReader, diagType: number): Declarations {
  const m = sff8472Media(r);
  const ddm = r.has(A0.diagType) && ((diagType >> DIAG_TYPE.implemented) & 1) === 1;
  const average = ((diagType >> DIAG_TYPE.average) & 1) === 1;
  const words = [
    ddm ? 'diagnostics implemented' : 'no diagnostics',
    ...(ddm ? [((diagType >> DIAG_TYPE.external) & 1) === 1 ? 'externally calibrated' : 'internally calibrated', average ? 'average Rx power' : 'Rx power as OMA'] : []),
    ...(((diagType >> DIAG_TYPE.addressChange) & 1) === 1 ? ['address change required'] : []),
  ];
  return {
    media: m.media,
    hasLaser: mediaHasLaser(m.media),
    monitors: { temperature: ddm, supplyVoltage: ddm, txBias: ddm, txPower: ddm, rxPower: ddm },
    // Without diagnostics byte 92 bit 3 means nothing: no Rx monitor to be OMA.
    rxPowerMeasurement: ddm && !average ? 'oma' : 'average',
    flatMemory: null,
    powerClass: null,
    sources: [`SFF-8472 A0h byte 92 = 0x${hex2(diagType)} (${words.join(', ')})`, m.source],
  };
}

export function decodeSff8472(r: ImageReader): DecodedModule {
  const len = r.length;
  if (len < 128) {
    r.problem('IMAGE_TRUNCATED', `image is ${len} bytes; A0h needs 128, fields past byte ${len - 1} absent`, len);
  }
  const connector = r.u8(A0.connector);
  const byte8 = r.u8(8);
  const compliance = complianceNames(SFF8472_COMPLIANCE, (o) => r.u8(o));
  const ext = extendedComplianceName(r.u8(A0.extCompliance), 'sfp');
  if (ext !== null) compliance.push(ext);
  const cable = (byte8 & 0x0c) !== 0 || COPPER_CONNECTORS.has(connector) || connector === NO_SEPARABLE_CONNECTOR;

  const rateByte = r.u8(A0.nominalRate);
  // Byte 12 = FFh: the rate exceeds 25.4 GBd and byte 66 holds it in 250 MBd units (rev 12).
  const nominalBitRateMbd = rateByte === 0xff ? r.u8(A0.maxRate) * 250 : rateByte === 0 ? null : rateByte * 100;
  const wavelengthRaw = r.u16(A0.wavelength);
  // For SFP+ cables bytes 60-61 hold cable compliance bits, not a wavelength (Table 8-1).
  const wavelengthNm = cable || wavelengthRaw === 0 ? null : wavelengthRaw;

  const dc = r.dateCode(A0.dateCode);
  const vendor = {
    name: r.ascii(A0.vendorName, 16, 'vendor name'),
    oui: r.oui(A0.vendorOui),
    partNumber: r.ascii(A0.vendorPn, 16, 'part number'),
    revision: r.ascii(A0.vendorRev, 4, 'revision'),
    serialNumber: r.ascii(A0.vendorSn, 16, 'serial number'),
    dateCode: dc.text,
    manufactureDate: dc.date,
    dateCodeLayout: dc.layout,
    ...(dc.lotNonPrintable.length > 0 ? { lotNonPrintable: dc.lotNonPrintable } : {}),
  };
  const base = r.checksum('CC_BASE', 'CHECKSUM_BASE', 0, 62, A0.ccBase);
  const extended = r.checksum('CC_EXT', 'CHECKSUM_EXT', 64, 94, A0.ccExt);

  const diagType = r.u8(A0.diagType);
  const enhanced = r.u8(A0.enhancedOptions);
  let diag: Diagnostics | null = null;
  let ccDmi = null;
  const implemented = ((diagType >> DIAG_TYPE.implemented) & 1) === 1;
  if (implemented && r.has(A0.diagType)) {
    if (((diagType >> DIAG_TYPE.addressChange) & 1) === 1) {
      r.problem('A2H_ADDRESS_CHANGE', 'A0h byte 92 bit 2: A2h needs an address-change sequence; diagnostics not decoded', A0.diagType);
    } else if (!r.has(A2_BASE, 128)) {
      // 256 bytes is a complete A0h read (an accepted layout) that simply lacks A2h; shorter is a cut read.
      r.problem(len >= A2_BASE ? 'A2H_ABSENT' : 'IMAGE_TRUNCATED', `image is ${len} bytes; A2h diagnostics absent`, Math.min(len, A2_BASE));
    } else {
      if (((diagType >> DIAG_TYPE.internal) & 1) === 0 && ((diagType >> DIAG_TYPE.external) & 1) === 0) {
        r.problem('CALIBRATION_UNSPECIFIED', 'A0h byte 92 names neither internal nor external calibration; read as internal', A0.diagType);
      }
      diag = diagnostics(r, diagType, ((enhanced >> 7) & 1) === 1);
      ccDmi = r.checksum('CC_DMI', 'CHECKSUM_DMI', A2_BASE, A2_BASE + 94, A2_BASE + A2.ccDmi);
    }
  }
  if (len > 0 && len !== 128 && len !== 256 && len !== 512 && len >= 128) {
    r.problem('IMAGE_LENGTH_UNUSUAL', `image is ${len} bytes; SFF-8472 images are 128, 256 or 512 bytes`, null);
  }
  if (compliance.some((c) => /BASE-[SLE]R/.test(c)) && !cable && r.has(A0.wavelength, 2) && wavelengthRaw === 0) {
    r.problem('COMPLIANCE_INCONSISTENT', `compliance claims ${compliance.join(', ')} but the laser wavelength is 0 nm`, A0.wavelength);
  }

  const cal = diag?.calibration === 'external' ? calibration(r, true).constants : null;
  return {
    standard: 'SFF-8472',
    declarations: declarations(r, diagType),
    identifier: codeName(IDENTIFIERS, r.u8(A0.identifier)),
    connector: codeName(CONNECTORS, connector),
    encoding: codeName(ENCODINGS_SFF8472, r.u8(A0.encoding)),
    compliance,
    nominalBitRateMbd,
    wavelengthNm,
    lengths: lengths(r, cable),
    vendor,
    checksums: { base, extended, diagnostics: ccDmi },
    diagnostics: diag,
    problems: r.problems,
    details: {
      extendedIdentifier: r.u8(A0.extIdentifier),
      extendedIdentifierName: r.u8(A0.extIdentifier) === 0x04 ? 'function defined by two-wire ID only' : `0x${hex2(r.u8(A0.extIdentifier))}`,
      rateIdentifier: r.u8(A0.rateIdentifier),
      maxRatePercent: rateByte === 0xff ? null : r.u8(A0.maxRate),
      minRatePercent: r.u8(A0.minRate),
      options: sff8472OptionBits(r.u16(A0.options), 'options'),
      enhancedOptions: sff8472OptionBits(enhanced, 'enhancedOptions'),
      diagnosticType: sff8472OptionBits(diagType, 'diagnosticType'),
      sff8472Revision: SFF8472_REVISIONS[r.u8(A0.complianceRev)] ?? `0x${hex2(r.u8(A0.complianceRev))} (unknown)`,
      cableTechnology: cable ? ((byte8 & 0x08) !== 0 ? 'active' : (byte8 & 0x04) !== 0 ? 'passive' : 'copper') : null,
      calibrationConstants: cal,
    },
  };
}
