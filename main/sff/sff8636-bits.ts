// SFF-8636 bit tables a technician reads in words: options (page 00h bytes 193-195), diagnostic
// monitoring type (220), enhanced options (221), power class (129, 107), the power control byte
// (93) and rate select (141, 195, 221, 87-88). Table numbers are those of SFF-8636 Rev 2.10a.
import type { ImageReader } from './reader';

type BitNames = Readonly<Record<number, string>>;

/** Byte 193 bits 4-0 (Table 6-22). */
const OPTIONS_193: BitNames = {
  4: 'txInputAdaptiveEqualizerFreeze', 3: 'txInputEqualizationAutoAdaptive', 2: 'txInputEqualizationProgrammable',
  1: 'rxOutputEmphasisProgrammable', 0: 'rxOutputAmplitudeProgrammable',
};
/** Byte 194 (Table 6-22). */
const OPTIONS_194: BitNames = {
  7: 'txCdrOnOffControl', 6: 'rxCdrOnOffControl', 5: 'txCdrLossOfLockFlag', 4: 'rxCdrLossOfLockFlag',
  3: 'rxSquelchDisable', 2: 'rxOutputDisable', 1: 'txSquelchDisable', 0: 'txSquelch',
};
/** Byte 195 (Table 6-22). */
const OPTIONS_195: BitNames = {
  7: 'page02h', 6: 'page01h', 5: 'rateSelect', 4: 'txDisable', 3: 'txFault', 2: 'txSquelchReducesAveragePower', 1: 'txLos', 0: 'pages20hTo21h',
};
/** Byte 220 (Table 6-23); bit 3 clear means OMA (or no Rx monitor). */
const DIAGNOSTIC_TYPE: BitNames = { 5: 'temperatureMonitor', 4: 'supplyVoltageMonitor', 3: 'rxPowerAverage', 2: 'txPowerMonitor' };
/** Byte 221 (Table 6-24). */
const ENHANCED_OPTIONS: BitNames = { 4: 'initializationCompleteFlag', 3: 'extendedRateSelect', 2: 'applicationSelectTable', 1: 'tcReadinessFlag' };

function names(value: number, table: BitNames): string[] {
  return Object.entries(table)
    .filter(([bit]) => ((value >> Number(bit)) & 1) === 1)
    .sort((a, b) => Number(b[0]) - Number(a[0]))
    .map(([, n]) => n);
}

export const sff8636Options = (r: ImageReader): string[] => [...names(r.u8(193), OPTIONS_193), ...names(r.u8(194), OPTIONS_194), ...names(r.u8(195), OPTIONS_195)];
export const sff8636DiagnosticType = (v: number): string[] => names(v, DIAGNOSTIC_TYPE);
export const sff8636EnhancedOptions = (v: number): string[] => names(v, ENHANCED_OPTIONS);

/** Byte 129 bits 7-6: classes 1-4 (Table 6-16). */
const CLASS_W = [1.5, 2.0, 2.5, 3.5];
/** Byte 129 bits 1-0 with bits 7-6 = 11: classes 5-7. */
const HIGH_CLASS_W = [3.5, 4.0, 4.5, 5.0];

export interface PowerClass {
  powerClass: number;
  /** Maximum power in W; class 8 gives it in byte 107 (0.1 W units), null when that byte is 0. */
  maxPowerW: number | null;
}

/**
 * Byte 129 (Table 6-16) and byte 107: bit 5 is class 8 whatever the other bits say (read it
 * first: a table keyed on the masked byte misses class 8); bits 1-0 select classes 5-7 only when
 * bits 7-6 are 11; otherwise bits 7-6 are classes 1-4.
 */
export function sff8636PowerClass(r: ImageReader): PowerClass {
  const b = r.u8(129);
  if ((b & 0x20) !== 0) {
    const w = r.u8(107);
    return { powerClass: 8, maxPowerW: w === 0 ? null : w / 10 };
  }
  const low = b >> 6;
  const high = b & 0x03;
  if (low === 3 && high !== 0) return { powerClass: 4 + high, maxPowerW: HIGH_CLASS_W[high] ?? null };
  return { powerClass: low + 1, maxPowerW: CLASS_W[low] ?? null };
}

export interface PowerControl {
  /** Byte 93 bit 0: 1 = bits 1-3 rule, 0 = the LPMode pin rules. */
  powerOverride: boolean;
  /** Bit 1: 1 = low power (with override). */
  powerSet: boolean;
  /** Bit 2: classes 5-7 may draw their full power. */
  highPowerClassEnable: boolean;
  /** Bit 3: class 8 may draw its full power. */
  class8Enable: boolean;
  /** Bit 7: software reset (self-clearing; set in an image means it was caught mid-reset). */
  softwareReset: boolean;
}

export function sff8636PowerControl(v: number): PowerControl {
  return {
    powerOverride: (v & 0x01) !== 0,
    powerSet: (v & 0x02) !== 0,
    highPowerClassEnable: (v & 0x04) !== 0,
    class8Enable: (v & 0x08) !== 0,
    softwareReset: (v & 0x80) !== 0,
  };
}

/**
 * Whether the control bytes leave the lasers on. SFF-8636 section 6.2.7 / Table 6-10: with
 * Power_override set, Power_set decides; without it the LPMode pin decides (not in the image).
 * A class 5-7 (8) module stays at class 4 power until bit 2 (bit 3) is set, and may not run its
 * lasers. Class 1 has no low-power state to leave.
 */
export function sff8636PowerMode(pc: PowerClass, ctl: PowerControl): 'low-power' | 'high-power' | 'pin' | undefined {
  if (pc.powerClass <= 1) return undefined;
  if (!ctl.powerOverride) return 'pin';
  if (ctl.powerSet) return 'low-power';
  if (pc.powerClass >= 5 && pc.powerClass <= 7 && !ctl.highPowerClassEnable) return 'low-power';
  if (pc.powerClass === 8 && !ctl.class8Enable) return 'low-power';
  return 'high-power';
}

export interface RateSelect {
  /** Byte 195 bit 5. */
  implemented: boolean;
  /** Byte 221 bits 3-2: extended rate select (controls in 87-88) or the application select table (page 01h, controls 89-92). */
  method: 'extended' | 'application-table' | 'none';
  /** Byte 141 bits 1-0 as stored when extended (the rate select version code of Table 6-18). */
  extendedVersionCode: number | null;
  /** Bytes 87 / 88: the current Rx / Tx rate select of each lane (2 bits, lane 1 = bits 1-0). */
  rxLanes: number[];
  txLanes: number[];
}

export function sff8636RateSelect(r: ImageReader): RateSelect {
  const implemented = r.bit(195, 5);
  const enh = r.u8(221);
  const method = (enh & 0x08) !== 0 ? 'extended' : (enh & 0x04) !== 0 ? 'application-table' : 'none';
  const lanes = (v: number): number[] => [0, 1, 2, 3].map((i) => (v >> (2 * i)) & 0x03);
  return {
    implemented,
    method,
    extendedVersionCode: method === 'extended' ? r.u8(141) & 0x03 : null,
    rxLanes: lanes(r.u8(87)),
    txLanes: lanes(r.u8(88)),
  };
}
