// SFF-8472 bit tables: options (A0h 64-65), enhanced options (93), diagnostic monitoring type
// (92), the compliance revision (94), and the alarm/warning flag layout of A2h 112-113 / 116-117.
import type { ImageReader } from './reader';

type BitNames = Readonly<Record<number, string>>;

/** A0h bytes 64-65 as one 16-bit value (byte 64 = bits 15-8), SFF-8472 Table 8-3. */
const OPTIONS: BitNames = {
  13: 'highPowerLevel4', 12: 'pagingImplemented', 11: 'retimerOrCdr', 10: 'cooledLaser',
  9: 'powerLevel2', 8: 'linearReceiverOutput', 7: 'receiverDecisionThreshold', 6: 'tunableTransmitter',
  5: 'rateSelect', 4: 'txDisable', 3: 'txFault', 2: 'rxLosInverted', 1: 'rxLos',
};
/** A0h byte 93, Table 8-6. */
const ENHANCED_OPTIONS: BitNames = {
  7: 'alarmWarningFlags', 6: 'softTxDisable', 5: 'softTxFault', 4: 'softRxLos',
  3: 'softRateSelect', 2: 'applicationSelect', 1: 'softRateSelectSff8431',
};
/** A0h byte 92, Table 8-5. */
const DIAGNOSTIC_TYPE: BitNames = {
  7: 'legacy', 6: 'implemented', 5: 'internallyCalibrated', 4: 'externallyCalibrated',
  3: 'rxPowerAverage', 2: 'addressChangeRequired',
};
const TABLES = { options: OPTIONS, enhancedOptions: ENHANCED_OPTIONS, diagnosticType: DIAGNOSTIC_TYPE };

/** The names of the set bits of `value` under one of the tables above. */
export function sff8472OptionBits(value: number, table: keyof typeof TABLES): string[] {
  return Object.entries(TABLES[table])
    .filter(([bit]) => ((value >> Number(bit)) & 1) === 1)
    .sort((a, b) => Number(b[0]) - Number(a[0]))
    .map(([, name]) => name);
}

/** A0h byte 94, Table 8-8. */
export const SFF8472_REVISIONS: Readonly<Record<number, string>> = {
  0x00: 'not specified',
  0x01: 'Rev 9.3',
  0x02: 'Rev 9.5',
  0x03: 'Rev 10.2',
  0x04: 'Rev 10.4',
  0x05: 'Rev 11.0',
  0x06: 'Rev 11.3',
  0x07: 'Rev 11.4',
  0x08: 'Rev 12.3',
  0x09: 'Rev 12.4',
};

/** Alarm and warning flag layout shared by A2h 112-113 and 116-117 (Table 9-12). */
export const SFF8472_FLAG_BITS: readonly { byte: 0 | 1; bit: number; name: string }[] = [
  { byte: 0, bit: 7, name: 'temperatureHigh' },
  { byte: 0, bit: 6, name: 'temperatureLow' },
  { byte: 0, bit: 5, name: 'supplyVoltageHigh' },
  { byte: 0, bit: 4, name: 'supplyVoltageLow' },
  { byte: 0, bit: 3, name: 'txBiasHigh' },
  { byte: 0, bit: 2, name: 'txBiasLow' },
  { byte: 0, bit: 1, name: 'txPowerHigh' },
  { byte: 0, bit: 0, name: 'txPowerLow' },
  { byte: 1, bit: 7, name: 'rxPowerHigh' },
  { byte: 1, bit: 6, name: 'rxPowerLow' },
];

export function sff8472Flags(r: ImageReader, offset: number): string[] {
  return SFF8472_FLAG_BITS.filter((f) => r.bit(offset + f.byte, f.bit)).map((f) => f.name);
}
