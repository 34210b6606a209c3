// SFF-8636 (QSFP+/QSFP28): lower page at image offset 0, upper page 00h at 128, and in the
// `ethtool -m raw` 640-byte layout pages 01h, 02h, 03h at 256, 384, 512. Offsets below are the
// standard's addresses (Tables 6-1 .. 6-24); upper-page addresses are 128-255.
import type { DecodedModule, Declarations, Diagnostics, LaneReading, Lengths, Thresholds } from '../../preload/contract/module';
import { SFF8636_COMPLIANCE, SFF8636_EXTENDED_COMPLIANCE_FLAG, complianceNames } from './compliance';
import { mediaHasLaser, sff8636Media } from './media';
import type { ImageReader } from './reader';
import { mwToDbm } from './reader';
import { CONNECTORS, NO_SEPARABLE_CONNECTOR, ENCODINGS_SFF8636, IDENTIFIERS, SFF8636_IDENTIFIERS, codeName, extendedComplianceName, hex2 } from './sff8024';
import {
  sff8636DiagnosticType,
  sff8636EnhancedOptions,
  sff8636Options,
  sff8636PowerClass,
  sff8636PowerControl,
  sff8636PowerMode,
  sff8636RateSelect,
  type PowerClass,
} from './sff8636-bits';

export const LOWER = {
  identifier: 0, revision: 1, status: 2, los: 3, fault: 4, lol: 5, tempFlags: 6, vccFlags: 7,
  rxPowerFlags: 9, txBiasFlags: 11, txPowerFlags: 13,
  temperature: 22, voltage: 26, rxPower: 34, txBias: 42, txPower: 50, txDisable: 86, powerControl: 93,
} as const;

export const PAGE00 = {
  identifier: 128, extIdentifier: 129, connector: 130, encoding: 139, nominalRate: 140, extRateSelect: 141,
  smfKm: 142, om3_2m: 143, om2M: 144, om1M: 145, copperOrOm4: 146, deviceTech: 147,
  vendorName: 148, extModule: 164, vendorOui: 165, vendorPn: 168, vendorRev: 184, wavelength: 186,
  wavelengthTolerance: 188, maxCaseTemp: 190, ccBase: 191, extCompliance: 192, options: 193,
  vendorSn: 196, dateCode: 212, diagType: 220, enhancedOptions: 221, nominalRate250: 222, ccExt: 223,
} as const;

/** Page 03h threshold addresses (Table 6-25), each a set of four 16-bit values. */
export const PAGE03 = { temperature: 128, voltage: 144, rxPower: 176, txBias: 184, txPower: 192 } as const;

/** Status byte 2 (Table 6-2). */
const STATUS = { flatMem: 2, intL: 1, dataNotReady: 0 } as const;

/** Byte 147 bits 7-4, transmitter technology (Table 6-19). */
export const DEVICE_TECHNOLOGY: readonly string[] = [
  '850 nm VCSEL', '1310 nm VCSEL', '1550 nm VCSEL', '1310 nm FP', '1310 nm DFB', '1550 nm DFB',
  '1310 nm EML', '1550 nm EML', 'Other / Undefined', '1490 nm DFB', 'Copper cable unequalized',
  'Copper cable passive equalized', 'Copper cable, near and far end limiting active equalizers',
  'Copper cable, far end limiting active equalizers', 'Copper cable, near end limiting active equalizers',
  'Copper cable, linear active equalizers',
];
const COPPER_TECH_MIN = 0x0a;


/**
 * Per-lane flag layout (bytes 9-14): each byte holds two lanes, the first lane in bits 7-4,
 * in the order high alarm, low alarm, high warning, low warning.
 */
const LANE_FLAG_ORDER = [
  { bit: 3, kind: 'alarms', suffix: 'High' },
  { bit: 2, kind: 'alarms', suffix: 'Low' },
  { bit: 1, kind: 'warnings', suffix: 'High' },
  { bit: 0, kind: 'warnings', suffix: 'Low' },
] as const;

const toC = (raw: number): number => raw / 256;
const toV = (raw: number): number => raw / 10000;
const toMa = (raw: number): number => raw / 500;
const toMw = (raw: number): number => raw / 10000;

export type QsfpLayout = { page00: number; page03: number | null; nonstandard?: string };

/**
 * Where the pages are in the image. ethtool: 256 (lower + 00h) or 640 (lower + 00h..03h). The
 * 384-byte "lower + 00h + 03h" concatenation (FBOSS test fixtures) puts page 03h right after
 * page 00h; it is accepted explicitly and reported as a non-standard layout.
 */
export function qsfpLayout(len: number, flat: boolean): QsfpLayout {
  if (flat) return { page00: 128, page03: null };
  if (len >= 640) return { page00: 128, page03: 512 };
  if (len === 384) return { page00: 128, page03: 256, nonstandard: 'lower page + page 00h + page 03h (384 bytes)' };
  return { page00: 128, page03: null };
}

function laneFlags(r: ImageReader, base: number, name: string, out: { alarms: string[]; warnings: string[] }): void {
  for (let lane = 0; lane < 4; lane++) {
    const byte = r.u8(base + (lane >> 1));
    const nibble = lane % 2 === 0 ? byte >> 4 : byte & 0x0f;
    for (const f of LANE_FLAG_ORDER) {
      if ((nibble >> f.bit) & 1) out[f.kind].push(`${name}${f.suffix}Lane${lane + 1}`);
    }
  }
}

function globalFlags(r: ImageReader, offset: number, name: string, out: { alarms: string[]; warnings: string[] }): void {
  const nibble = r.u8(offset) >> 4;
  for (const f of LANE_FLAG_ORDER) if ((nibble >> f.bit) & 1) out[f.kind].push(`${name}${f.suffix}`);
}

function diagnostics(r: ImageReader, layout: QsfpLayout, pc: PowerClass): Diagnostics {
  const lanes: LaneReading[] = [0, 1, 2, 3].map((i) => {
    const txPowerMw = toMw(r.u16(LOWER.txPower + 2 * i));
    const rxPowerMw = toMw(r.u16(LOWER.rxPower + 2 * i));
    return {
      txBiasMa: toMa(r.u16(LOWER.txBias + 2 * i)),
      txPowerMw,
      txPowerDbm: mwToDbm(txPowerMw),
      rxPowerMw,
      rxPowerDbm: mwToDbm(rxPowerMw),
    };
  });
  let thresholds: Thresholds | null = null;
  if (layout.page03 !== null && r.has(layout.page03, 128)) {
    const p = (addr: number): number => (layout.page03 ?? 0) + addr - 128;
    thresholds = {
      temperatureC: r.thresholdSet(p(PAGE03.temperature), toC, true),
      supplyVoltageV: r.thresholdSet(p(PAGE03.voltage), toV),
      txBiasMa: r.thresholdSet(p(PAGE03.txBias), toMa),
      txPowerMw: r.thresholdSet(p(PAGE03.txPower), toMw),
      rxPowerMw: r.thresholdSet(p(PAGE03.rxPower), toMw),
    };
  }
  const flags = { alarms: [] as string[], warnings: [] as string[] };
  globalFlags(r, LOWER.tempFlags, 'temperature', flags);
  globalFlags(r, LOWER.vccFlags, 'supplyVoltage', flags);
  laneFlags(r, LOWER.txBiasFlags, 'txBias', flags);
  laneFlags(r, LOWER.txPowerFlags, 'txPower', flags);
  laneFlags(r, LOWER.rxPowerFlags, 'rxPower', flags);
  const diagType = r.u8(PAGE00.diagType);
  const laneBits = (offset: number, shift: number): boolean[] => [0, 1, 2, 3].map((i) => r.bit(offset, shift + i));
  return {
    // SFF-8636 monitors are always internally calibrated.
    calibration: 'internal',
    rxPowerMeasurement: ((diagType >> 3) & 1) === 1 ? 'average' : 'oma',
    temperatureC: toC(r.s16(LOWER.temperature)),
    supplyVoltageV: toV(r.u16(LOWER.voltage)),
    lanes,
    thresholds,
    flags,
    status: {
      dataNotReady: r.bit(LOWER.status, STATUS.dataNotReady),
      rxLosLanes: laneBits(LOWER.los, 0),
      txFaultLanes: laneBits(LOWER.fault, 0),
      // Byte 86 is the software Tx_Disable of each lane (SFF-8636 Table 6-9): the host's choice, not a fault.
      txDisable: (r.u8(LOWER.txDisable) & 0x0f) !== 0,
      softTxDisableLanes: laneBits(LOWER.txDisable, 0),
      ...(r.has(LOWER.powerControl) ? withPowerMode(sff8636PowerMode(pc, sff8636PowerControl(r.u8(LOWER.powerControl)))) : {}),
    },
  };
}

function withPowerMode(mode: 'low-power' | 'high-power' | 'pin' | undefined): { powerMode?: 'low-power' | 'high-power' | 'pin' } {
  return mode === undefined ? {} : { powerMode: mode };
}

/** Modules before SFF-8636 Rev 2.8 (byte 1 < 08h) may leave byte 220 bits 5-4 clear yet report temperature and Vcc. */
const REV_2_8 = 0x08;

/**
 * What the module says it has. Byte 220 (Table 6-23): bit 5 temperature and bit 4 supply
 * voltage monitoring, bit 3 Rx power average (clear: OMA), bit 2 Tx power monitoring. Tx bias
 * and Rx power have no "implemented" bit: they are monitors of every optical SFF-8636 module,
 * and mean nothing without a laser (the media, media.ts). Byte 2 bit 2 flat memory; 129 / 107
 * the power class.
 */
function declarations(r: ImageReader, pc: PowerClass, flat: boolean): Declarations {
  const m = sff8636Media(r);
  const laser = mediaHasLaser(m.media);
  const d = r.u8(PAGE00.diagType);
  const rev = r.u8(LOWER.revision);
  const sources = [`SFF-8636 byte 220 = 0x${hex2(d)} (${sff8636DiagnosticType(d).join(', ') || 'no monitors declared'})`, m.source];
  let temperature = (d & 0x20) !== 0;
  let supplyVoltage = (d & 0x10) !== 0;
  if (rev < REV_2_8) {
    // The quirk of old modules: a monitor left undeclared but reporting a value is still a monitor.
    if (!temperature && r.u16(LOWER.temperature) !== 0) {
      temperature = true;
      sources.push(`SFF-8636 byte 1 = 0x${hex2(rev)} (before Rev 2.8): temperature reported without byte 220 bit 5, judged`);
    }
    if (!supplyVoltage && r.u16(LOWER.voltage) !== 0) {
      supplyVoltage = true;
      sources.push(`SFF-8636 byte 1 = 0x${hex2(rev)} (before Rev 2.8): supply voltage reported without byte 220 bit 4, judged`);
    }
  }
  sources.push(`SFF-8636 byte 129 = 0x${hex2(r.u8(PAGE00.extIdentifier))} (power class ${pc.powerClass})`);
  return {
    media: m.media,
    hasLaser: laser,
    monitors: { temperature, supplyVoltage, txBias: laser, txPower: (d & 0x04) !== 0, rxPower: laser },
    rxPowerMeasurement: (d & 0x08) !== 0 ? 'average' : 'oma',
    flatMemory: flat,
    powerClass: pc.powerClass,
    sources,
  };
}

function lengths(r: ImageReader, cable: boolean): Lengths {
  const b146 = r.u8(PAGE00.copperOrOm4);
  return {
    smfKm: r.u8(PAGE00.smfKm),
    smfM: 0,
    om1M: r.u8(PAGE00.om1M),
    om2M: r.u8(PAGE00.om2M),
    om3M: r.u8(PAGE00.om3_2m) * 2,
    // Byte 146: copper or active cable length in 1 m units, otherwise OM4 in 2 m units.
    om4M: cable ? 0 : b146 * 2,
    copperM: cable ? b146 : 0,
  };
}

export function decodeSff8636(r: ImageReader): DecodedModule {
  const len = r.length;
  let idCode = r.u8(LOWER.identifier);
  const upperId = r.u8(PAGE00.identifier);
  if (r.has(PAGE00.identifier) && upperId !== idCode) {
    r.problem('IDENTIFIER_MISMATCH', `lower page identifier 0x${hex2(idCode)} differs from page 00h identifier 0x${hex2(upperId)}`, PAGE00.identifier);
    if (!SFF8636_IDENTIFIERS.has(idCode)) idCode = upperId;
  }
  const flat = r.bit(LOWER.status, STATUS.flatMem);
  const layout = qsfpLayout(len, flat);
  if (len < 256) {
    r.problem('IMAGE_TRUNCATED', `image is ${len} bytes; SFF-8636 lower page + page 00h need 256`, len);
  } else if (layout.nonstandard !== undefined) {
    r.problem('LAYOUT_NONSTANDARD', `image is ${len} bytes, read as ${layout.nonstandard}; ethtool puts page 03h at 512`, 256);
  } else if (len !== 256 && len !== 640) {
    r.problem('IMAGE_LENGTH_UNUSUAL', `image is ${len} bytes; SFF-8636 images are 256 or 640 bytes`, null);
  }
  if (!flat && layout.page03 === null && len >= 256) {
    r.problem('PAGE_03H_ABSENT', `image is ${len} bytes; paged module but page 03h (thresholds) absent`, len);
  }

  const tech = r.u8(PAGE00.deviceTech) >> 4;
  const compliance = complianceNames(SFF8636_COMPLIANCE, (o) => r.u8(o));
  const extCode = r.u8(PAGE00.extCompliance);
  const extendedFlag = r.bit(SFF8636_EXTENDED_COMPLIANCE_FLAG.byte, SFF8636_EXTENDED_COMPLIANCE_FLAG.bit);
  const ext = extendedFlag || extCode !== 0 ? extendedComplianceName(extCode, 'qsfp') : null;
  if (ext !== null) compliance.push(ext);
  // A module with no separable connector is a cable assembly (DAC or AOC): byte 146 is its length.
  const cable =
    tech >= COPPER_TECH_MIN ||
    r.u8(PAGE00.connector) === NO_SEPARABLE_CONNECTOR ||
    compliance.some((c) => /CR4|CR2|Active Cable|AOC|ACC/i.test(c));

  const rate = r.u8(PAGE00.nominalRate);
  // Byte 140 = FFh: rate above 25.4 GBd, byte 222 holds it in 250 MBd units.
  const nominalBitRateMbd = rate === 0xff ? r.u8(PAGE00.nominalRate250) * 250 : rate === 0 ? null : rate * 100;
  const wlRaw = r.u16(PAGE00.wavelength);
  // For copper the bytes 186-189 hold attenuation, not a wavelength (Table 6-20).
  const wavelengthNm = tech >= COPPER_TECH_MIN || wlRaw === 0 ? null : wlRaw / 20;

  const dc = r.dateCode(PAGE00.dateCode);
  const vendor = {
    name: r.ascii(PAGE00.vendorName, 16, 'vendor name'),
    oui: r.oui(PAGE00.vendorOui),
    partNumber: r.ascii(PAGE00.vendorPn, 16, 'part number'),
    revision: r.ascii(PAGE00.vendorRev, 2, 'revision'),
    serialNumber: r.ascii(PAGE00.vendorSn, 16, 'serial number'),
    dateCode: dc.text,
    manufactureDate: dc.date,
    dateCodeLayout: dc.layout,
    ...(dc.lotNonPrintable.length > 0 ? { lotNonPrintable: dc.lotNonPrintable } : {}),
  };
  const base = r.checksum('CC_BASE', 'CHECKSUM_BASE', 128, 190, PAGE00.ccBase);
  const extended = r.checksum('CC_EXT', 'CHECKSUM_EXT', 192, 222, PAGE00.ccExt);

  const extId = r.u8(PAGE00.extIdentifier);
  const pc = sff8636PowerClass(r);
  const control = sff8636PowerControl(r.u8(LOWER.powerControl));
  const diagType = r.u8(PAGE00.diagType);
  const enhanced = r.u8(PAGE00.enhancedOptions);

  return {
    standard: 'SFF-8636',
    declarations: declarations(r, pc, flat),
    identifier: codeName(IDENTIFIERS, idCode),
    connector: codeName(CONNECTORS, r.u8(PAGE00.connector)),
    encoding: codeName(ENCODINGS_SFF8636, r.u8(PAGE00.encoding)),
    compliance,
    nominalBitRateMbd,
    wavelengthNm,
    lengths: lengths(r, cable),
    vendor,
    checksums: { base, extended, diagnostics: null },
    diagnostics: len >= 58 ? diagnostics(r, layout, pc) : null,
    problems: r.problems,
    details: {
      revisionCompliance: r.u8(LOWER.revision),
      flatMemory: flat,
      extendedIdentifier: extId,
      powerClass: pc.powerClass,
      maxPowerW: pc.maxPowerW,
      powerControl: {
        ...control,
        // What the control bytes mean for the lasers (byte 93 with the class); absent for class 1.
        mode: sff8636PowerMode(pc, control) ?? 'not applicable (class 1)',
      },
      cdrInTx: ((extId >> 3) & 1) === 1,
      cdrInRx: ((extId >> 2) & 1) === 1,
      cleiPresent: ((extId >> 4) & 1) === 1,
      deviceTechnology: DEVICE_TECHNOLOGY[tech],
      wavelengthToleranceNm: tech >= COPPER_TECH_MIN ? null : r.u16(PAGE00.wavelengthTolerance) / 200,
      maxCaseTemperatureC: r.u8(PAGE00.maxCaseTemp) || 70,
      diagnosticType: sff8636DiagnosticType(diagType),
      diagnosticTypeByte: diagType,
      enhancedOptions: sff8636EnhancedOptions(enhanced),
      enhancedOptionsByte: enhanced,
      options: sff8636Options(r),
      optionsBytes: [r.u8(PAGE00.options), r.u8(PAGE00.options + 1), r.u8(PAGE00.options + 2)],
      rateSelect: sff8636RateSelect(r),
      layout: layout.page03 === null ? 'lower + page 00h' : layout.page03 === 512 ? 'lower + pages 00h-03h' : layout.nonstandard,
    },
  };
}
