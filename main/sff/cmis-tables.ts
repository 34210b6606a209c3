// Code tables CMIS modules use: SFF-8024 Rev 4.11 Tables 4-5 to 4-11 (host and media interface
// IDs of the application advertisement, module media type) and CMIS 5.2 code tables (module and
// data-path states, configuration status, fault cause, media interface technology, duration
// codes, VDM observable types). Data only; lookups of absent codes go through codeName, which names
// the gap. Names as SFF-8024 and CMIS print them, so they compare with ethtool and SONiC output.
import type { CodeName } from '../../preload/contract/module';
import { codeName } from './sff8024';

/** SFF-8024 Table 4-5, host electrical interface IDs. */
export const HOST_INTERFACES: Readonly<Record<number, string>> = {
  0x00: 'Undefined',
  0x01: '1000BASE-CX (Clause 39)',
  0x02: 'XAUI (Clause 47)',
  0x03: 'XFI (SFF INF-8071i)',
  0x04: 'SFI (SFF-8431)',
  0x05: '25GAUI C2M (Annex 109B)',
  0x06: 'XLAUI C2M (Annex 83B)',
  0x07: 'XLPPI (Annex 86A)',
  0x08: 'LAUI-2 C2M (Annex 135C)',
  0x09: '50GAUI-2 C2M (Annex 135E)',
  0x0a: '50GAUI-1 C2M (Annex 135G)',
  0x0b: 'CAUI-4 C2M (Annex 83E)',
  0x0c: '100GAUI-4 C2M (Annex 135E)',
  0x0d: '100GAUI-2 C2M (Annex 135G)',
  0x0e: '200GAUI-8 C2M (Annex 120C)',
  0x0f: '200GAUI-4 C2M (Annex 120E)',
  0x10: '400GAUI-16 C2M (Annex 120C)',
  0x11: '400GAUI-8 C2M (Annex 120E)',
  0x13: '10GBASE-CX4 (Clause 54)',
  0x14: '25GBASE-CR CA-L (Clause 110)',
  0x15: '25GBASE-CR CA-S (Clause 110)',
  0x16: '25GBASE-CR CA-N (Clause 110)',
  0x17: '40GBASE-CR4 (Clause 85)',
  0x18: '50GBASE-CR (Clause 126)',
  0x19: '100GBASE-CR10 (Clause 85)',
  0x1a: '100GBASE-CR4 (Clause 92)',
  0x1b: '100GBASE-CR2 (Clause 136)',
  0x1c: '200GBASE-CR4 (Clause 136)',
  0x1d: '400G CR8',
  0x1e: '1000BASE-T (Clause 40)',
  0x1f: '2.5GBASE-T (Clause 126)',
  0x20: '5GBASE-T (Clause 126)',
  0x21: '10GBASE-T (Clause 55)',
  0x22: '25GBASE-T (Clause 113)',
  0x23: '40GBASE-T (Clause 113)',
  0x24: '50GBASE-T (Placeholder)',
  0x25: '8GFC (FC-PI-4)',
  0x26: '10GFC (10GFC)',
  0x27: '16GFC (FC-PI-5)',
  0x28: '32GFC (FC-PI-6)',
  0x29: '64GFC (FC-PI-7)',
  0x2a: '128GFC (FC-PI-6P)',
  0x2b: '256GFC (FC-PI-7P)',
  0x2c: 'IB SDR (Arch.Spec.Vol.2)',
  0x2d: 'IB DDR (Arch.Spec.Vol.2)',
  0x2e: 'IB QDR (Arch.Spec.Vol.2)',
  0x2f: 'IB FDR (Arch.Spec.Vol.2)',
  0x30: 'IB EDR (Arch.Spec.Vol.2)',
  0x31: 'IB HDR (Arch.Spec.Vol.2)',
  0x32: 'IB NDR',
  0x33: 'E.96 (CPRI Specification V7.0)',
  0x34: 'E.99 (CPRI Specification V7.0)',
  0x35: 'E.119 (CPRI Specification V7.0)',
  0x36: 'E.238 (CPRI Specification V7.0)',
  0x37: 'OTL3.4 (ITU-T G.709/Y.1331 G.Sup58)',
  0x38: 'OTL4.10 (ITU-T G.709/Y.1331 G.Sup58)',
  0x39: 'OTL4.4 (ITU-T G.709/Y.1331 G.Sup58)',
  0x3a: 'OTLC.4 (ITU-T G.709.1/Y.1331 G.Sup58)',
  0x3b: 'FOIC1.4 (ITU-T G.709.1/Y.1331 G.Sup58)',
  0x3c: 'FOIC1.2 (ITU-T G.709.1/Y.1331 G.Sup58)',
  0x3d: 'FOIC2.8 (ITU-T G.709.1/Y.1331 G.Sup58)',
  0x3e: 'FOIC2.4 (ITU-T G.709.1/Y.1331 G.Sup58)',
  0x3f: 'FOIC4.16 (ITU-T G.709.1 G.Sup58)',
  0x40: 'FOIC4.8 (ITU-T G.709.1 G.Sup58)',
  0x41: 'CAUI-4 C2M (Annex 83E) without FEC',
  0x42: 'CAUI-4 C2M (Annex 83E) with RS(528,514) FEC',
  0x43: '50GBASE-CR2 (Ethernet Technology Consortium) with RS(528,514) (Clause 91) FEC',
  0x44: '50GBASE-CR2 (Ethernet Technology Consortium) with BASE-R (Clause 74), Fire code FEC',
  0x45: '50GBASE-CR2 (Ethernet Technology Consortium) with no FEC',
  0x46: '100GBASE-CR1 (Clause 162)',
  0x47: '200GBASE-CR2 (Clause 162)',
  0x48: '400GBASE-CR4 (Clause 162)',
  0x49: '800G-ETC-CR8',
  0x4a: '128GFC (FC-PI-8)',
  0x4b: '100GAUI-1-S C2M (Annex 120G)',
  0x4c: '100GAUI-1-L C2M (Annex 120G)',
  0x4d: '200GAUI-2-S C2M (Annex 120G)',
  0x4e: '200GAUI-2-L C2M (Annex 120G)',
  0x4f: '400GAUI-4-S C2M (Annex 120G)',
  0x50: '400GAUI-4-L C2M (Annex 120G)',
  0x51: '800GAUI-8 S C2M (Annex 120G)',
  0x52: '800GAUI-8 L C2M (Annex 120G)',
  0x53: 'OTL4.2',
  0xff: 'End of list',
};

/** SFF-8024 Table 4-6, MMF media interface IDs (media type 01h). */
export const MMF_MEDIA_INTERFACES: Readonly<Record<number, string>> = {
  0x00: 'Undefined',
  0x01: '10GBASE-SW (Clause 52)',
  0x02: '10GBASE-SR (Clause 52)',
  0x03: '25GBASE-SR (Clause 112)',
  0x04: '40GBASE-SR4 (Clause 86)',
  0x05: '40GE SWDM4 MSA Spec',
  0x06: '40GE BiDi',
  0x07: '50GBASE-SR (Clause 138)',
  0x08: '100GBASE-SR10 (Clause 86)',
  0x09: '100GBASE-SR4 (Clause 95)',
  0x0a: '100GE SWDM4 MSA Spec',
  0x0b: '100GE BiDi',
  0x0c: '100GBASE-SR2 (Clause 138)',
  0x0d: '100G-SR (Placeholder)',
  0x0e: '200GBASE-SR4 (Clause 138)',
  0x0f: '400GBASE-SR16 (Clause 123)',
  0x10: '400GBASE-SR8 (Clause 138)',
  0x11: '400G-SR4 (Placeholder)',
  0x12: '800G-SR8 (Placeholder)',
  0x13: '8GFC-MM (FC-PI-4)',
  0x14: '10GFC-MM (10GFC)',
  0x15: '16GFC-MM (FC-PI-5)',
  0x16: '32GFC-MM (FC-PI-6)',
  0x17: '64GFC-MM (FC-PI 7)',
  0x18: '128GFC-MM4 (FC-PI-6P)',
  0x19: '256GFC-MM4 (FC-PI-7P)',
  0x1a: '400GBASE-SR4.2 (Clause 150) (400GE BiDi)',
  0x1b: '200G-SR2 (Clause 167)',
  0x1c: '128GFC-MM (FC-PI-8)',
  0x1d: '100G-VR1 (Clause 167)',
  0x1e: '200G-VR2 (Clause 167)',
  0x1f: '400G-VR4 (Clause 167)',
  0x20: '800G-VR8 (Placeholder)',
};

/** SFF-8024 Table 4-7, SMF media interface IDs (media type 02h). */
export const SMF_MEDIA_INTERFACES: Readonly<Record<number, string>> = {
  0x00: 'Undefined',
  0x01: '10GBASE-LW (Cl 52)',
  0x02: '10GBASE-EW (Cl 52)',
  0x03: '10G-ZW',
  0x04: '10GBASE-LR (Cl 52)',
  0x05: '10GBASE-ER (Cl 52)',
  0x06: '10G-ZR',
  0x07: '25GBASE-LR (Cl 114)',
  0x08: '25GBASE-ER (Cl 114)',
  0x09: '40GBASE-LR4 (Cl 87)',
  0x0a: '40GBASE-FR (Cl 89)',
  0x0b: '50GBASE-FR (Cl 139)',
  0x0c: '50GBASE-LR (Cl 139)',
  0x0d: '100GBASE-LR4 (Cl 88)',
  0x0e: '100GBASE-ER4 (Cl 88)',
  0x0f: '100G PSM4 MSA Spec',
  0x10: '100G CWDM4 MSA Spec',
  0x11: '100G 4WDM-10 MSA Spec',
  0x12: '100G 4WDM-20 MSA Spec',
  0x13: '100G 4WDM-40 MSA Spec',
  0x14: '100GBASE-DR (Cl 140)',
  0x15: '100G-FR/100GBASE-FR1 (Cl 140)',
  0x16: '100G-LR/100GBASE-LR1 (Cl 140)',
  0x17: '200GBASE-DR4 (Cl 121)',
  0x18: '200GBASE-FR4 (Cl 122)',
  0x19: '200GBASE-LR4 (Cl 122)',
  0x1a: '400GBASE-FR8 (Cl 122)',
  0x1b: '400GBASE-LR8 (Cl 122)',
  0x1c: '400GBASE-DR4 (Cl 124)',
  0x1d: '400G-FR4/400GBASE-FR4 (Cl 151)',
  0x1e: '400G-LR4-10',
  0x1f: '8GFC-SM (FC-PI-4)',
  0x20: '10GFC-SM (10GFC)',
  0x21: '16GFC-SM (FC-PI-5)',
  0x22: '32GFC-SM (FC-PI-6)',
  0x23: '64GFC-SM (FC-PI-7)',
  0x24: '128GFC-PSM4 (FC-PI-6P)',
  0x25: '256GFC-PSM4 (FC-PI-7P)',
  0x26: '128GFC-CWDM4 (FC-PI-6P)',
  0x27: '256GFC-CWDM4 (FC-PI-7P)',
  0x2c: '4I1-9D1F (G.959.1)',
  0x2d: '4L1-9C1F (G.959.1)',
  0x2e: '4L1-9D1F (G.959.1)',
  0x2f: 'C4S1-9D1F (G.695)',
  0x30: 'C4S1-4D1F (G.695)',
  0x31: '4I1-4D1F (G.959.1)',
  0x32: '8R1-4D1F (G.959.1)',
  0x33: '8I1-4D1F (G.959.1)',
  0x34: '100G CWDM4-OCP',
  0x38: '10G-SR',
  0x39: '10G-LR',
  0x3a: '25G-SR',
  0x3b: '25G-LR',
  0x3c: '10G-LR-BiDi',
  0x3d: '25G-LR-BiDi',
  0x3e: '400ZR, DWDM, amplified',
  0x3f: '400ZR, Single Wavelength, Unamplified',
  0x40: '50GBASE-ER (Cl 139)',
  0x41: '200GBASE-ER4 (Cl 122)',
  0x42: '400GBASE-ER8 (Cl 122)',
  0x43: '400GBASE-LR4-6 (Cl 151)',
  0x44: '100GBASE-ZR (Cl 154)',
  0x45: '128GFC-SM (FC-PI-8)',
  0x46: 'ZR400-OFEC-16QAM',
  0x47: 'ZR300-OFEC-8QAM',
  0x48: 'ZR200-OFEC-QPSK',
  0x49: 'ZR100-OFEC-QPSK',
  0x4a: '100G-LR1-20',
  0x4b: '100G-ER1-30',
  0x4c: '100G-ER1-40',
  0x4d: '400GBASE-ZR (Cl 156)',
  0x4e: '10GBASE-BR (Cl 158)',
  0x4f: '25GBASE-BR (Cl 159)',
  0x50: '50GBASE-BR (Cl 160)',
  0x51: 'FOIC1.4-DO (G.709.3/Y.1331.3)',
  0x52: 'FOIC2.8-DO (G.709.3/Y.1331.3)',
  0x53: 'FOIC4.8-DO (G.709.3/Y.1331.3)',
  0x54: 'FOIC2.4-DO (G.709.3/Y.1331.3)',
  0x55: '400GBASE-DR4-2 (placeholder)',
  0x56: '800GBASE-DR8 (placeholder)',
  0x57: '800GBASE-DR8-2 (placeholder)',
};

/** SFF-8024 Table 4-8, passive copper cable and passive loopback media interface IDs (media type 03h). */
export const PASSIVE_COPPER_MEDIA_INTERFACES: Readonly<Record<number, string>> = {
  0x00: 'Undefined',
  0x01: 'Copper cable',
  0xbf: 'Passive Loopback module',
};

/** SFF-8024 Table 4-9, active cable assembly and active loopback media interface IDs (media type 04h). */
export const ACTIVE_CABLE_MEDIA_INTERFACES: Readonly<Record<number, string>> = {
  0x00: 'Undefined',
  0x01: 'Active Cable assembly with BER < 10^-12',
  0x02: 'Active Cable assembly with BER < 5x10^-5',
  0x03: 'Active Cable assembly with BER < 2.6x10^-4',
  0x04: 'Active Cable assembly with BER < 10^-6',
  0xbf: 'Active Loopback module',
};

/** SFF-8024 Table 4-10, BASE-T media interface IDs (media type 05h). */
export const BASE_T_MEDIA_INTERFACES: Readonly<Record<number, string>> = {
  0x00: 'Undefined',
  0x01: '1000BASE-T (Clause 40)',
  0x02: '2.5GBASE-T (Clause 126)',
  0x03: '5GBASE-T (Clause 126)',
  0x04: '10GBASE-T (Clause 55)',
  0x05: '25GBASE-T (Clause 113)',
  0x06: '40GBASE-T (Clause 113)',
  0x07: '50GBASE-T (Placeholder)',
};

/** SFF-8024 Table 4-11 (CMIS lower page byte 85), module media type. */
export const MEDIA_TYPES: Readonly<Record<number, string>> = {
  0x00: 'Undefined',
  0x01: 'Optical interfaces: MMF',
  0x02: 'Optical interfaces: SMF',
  0x03: 'Passive copper cables',
  0x04: 'Active cables',
  0x05: 'BASE-T',
};

/** The media interface table byte 85 selects; null for an undefined or reserved media type. */
export function mediaInterfaceTable(mediaType: number): Readonly<Record<number, string>> | null {
  switch (mediaType) {
    case 0x01:
      return MMF_MEDIA_INTERFACES;
    case 0x02:
      return SMF_MEDIA_INTERFACES;
    case 0x03:
      return PASSIVE_COPPER_MEDIA_INTERFACES;
    case 0x04:
      return ACTIVE_CABLE_MEDIA_INTERFACES;
    case 0x05:
      return BASE_T_MEDIA_INTERFACES;
    default:
      return null;
  }
}

export function mediaInterfaceName(mediaType: number, id: number): CodeName {
  const table = mediaInterfaceTable(mediaType);
  if (table === null) return { code: id, name: `Media interface 0x${id.toString(16).padStart(2, '0')} (media type ${mediaType} undefined)` };
  return codeName(table, id);
}

/**
 * The interface name a limit profile matches: the table name without its clause note, with
 * SFF-8024's "A/B" spelled "A or B" ("100G-FR/100GBASE-FR1 (Cl 140)" -> "100G-FR or 100GBASE-FR1").
 */
export function interfaceShortName(name: string): string {
  return name
    .replace(/\s*\((?:Cl(?:ause)?\.? [^)]*|placeholder|Placeholder|Annex [^)]*)\)/g, '')
    .replace(/\s*\([^)]*\)\s*$/, '')
    .split('/')
    .map((s) => s.trim())
    .join(' or ');
}

/** CMIS 5.2 Table 8-6, module state (byte 3 bits 3-1). */
export const MODULE_STATES: Readonly<Record<number, string>> = {
  1: 'ModuleLowPwr',
  2: 'ModulePwrUp',
  3: 'ModuleReady',
  4: 'ModulePwrDn',
  5: 'ModuleFault',
};
export const MODULE_STATE = { lowPower: 1, powerUp: 2, ready: 3, powerDown: 4, fault: 5 } as const;

/** CMIS 5.2 Table 8-15, module fault cause (byte 41). */
export const FAULT_CAUSES: Readonly<Record<number, string>> = {
  0: 'No fault detected / not supported',
  1: 'TEC runaway',
  2: 'Data memory corrupted',
  3: 'Program memory corrupted',
};

/** CMIS 5.2 Table 8-90, data path state (page 11h bytes 128-131, a nibble per host lane). */
export const DATA_PATH_STATES: Readonly<Record<number, string>> = {
  1: 'DataPathDeactivated',
  2: 'DataPathInit',
  3: 'DataPathDeinit',
  4: 'DataPathActivated',
  5: 'DataPathTxTurnOn',
  6: 'DataPathTxTurnOff',
  7: 'DataPathInitialized',
};
export const DP_STATE = { deactivated: 1, init: 2, deinit: 3, activated: 4, txTurnOn: 5, txTurnOff: 6, initialized: 7 } as const;

/** CMIS 5.2 Table 8-91, configuration command status (page 11h bytes 202-205). */
export const CONFIG_STATUSES: Readonly<Record<number, string>> = {
  0: 'ConfigUndefined',
  1: 'ConfigSuccess',
  2: 'ConfigRejected',
  3: 'ConfigRejectedInvalidAppSel',
  4: 'ConfigRejectedInvalidDataPath',
  5: 'ConfigRejectedInvalidSI',
  6: 'ConfigRejectedLaneInUse',
  7: 'ConfigRejectedPartialDataPath',
  12: 'ConfigInProgress',
};
export const CONFIG_STATUS = { undefined: 0, success: 1, inProgress: 12 } as const;

/** CMIS 5.2 Table 8-24 (page 00h byte 212), media interface technology. */
export const MEDIA_TECHNOLOGIES: Readonly<Record<number, string>> = {
  0x00: '850 nm VCSEL',
  0x01: '1310 nm VCSEL',
  0x02: '1550 nm VCSEL',
  0x03: '1310 nm FP',
  0x04: '1310 nm DFB',
  0x05: '1550 nm DFB',
  0x06: '1310 nm EML',
  0x07: '1550 nm EML',
  0x08: 'Others',
  0x09: '1490 nm DFB',
  0x0a: 'Copper cable unequalized',
  0x0b: 'Copper cable passive equalized',
  0x0c: 'Copper cable, near and far end limiting active equalizers',
  0x0d: 'Copper cable, far end limiting active equalizers',
  0x0e: 'Copper cable, near end limiting active equalizers',
  0x0f: 'Copper cable, linear active equalizers',
  0x10: 'C-band tunable laser',
  0x11: 'L-band tunable laser',
};

/** Copper media technologies (0Ah-0Fh) carry no laser. */
export function isCopperTechnology(code: number): boolean {
  return code >= 0x0a && code <= 0x0f;
}

/**
 * CMIS 5.2 Table 8-47, maximum duration codes (page 01h bytes 144, 167, 168): the upper bound of
 * each code is the host's deadline. Code 0 is "less than 1 ms", 14-15 reserved.
 */
export const DURATION_CODE_MS: readonly (number | null)[] = [
  1, 5, 10, 50, 100, 500, 1_000, 5_000, 10_000, 60_000, 300_000, 600_000, 3_000_000, 6_000_000, null, null,
];

/**
 * CMIS 5.2 Table 8-171, VDM observable types the bench decodes: name, unit, encoding and scale
 * (the same scales SONiC's cmis.py uses). F16: exponent bits 15-11, mantissa bits 10-0,
 * value = m x 10^(e - 24).
 */
export interface VdmType {
  name: string;
  unit: string;
  encoding: 'U16' | 'S16' | 'F16';
  scale: number;
}
export const VDM_TYPES: Readonly<Record<number, VdmType>> = {
  1: { name: 'Laser age', unit: '%', encoding: 'U16', scale: 1 },
  2: { name: 'TEC current', unit: '%', encoding: 'S16', scale: 100 / 32767 },
  3: { name: 'Laser frequency error', unit: 'MHz', encoding: 'S16', scale: 10 },
  4: { name: 'Laser temperature', unit: 'degC', encoding: 'S16', scale: 1 / 256 },
  5: { name: 'eSNR, media input', unit: 'dB', encoding: 'U16', scale: 1 / 256 },
  6: { name: 'eSNR, host input', unit: 'dB', encoding: 'U16', scale: 1 / 256 },
  7: { name: 'PAM4 level transition parameter, media input', unit: 'dB', encoding: 'U16', scale: 1 / 256 },
  8: { name: 'PAM4 level transition parameter, host input', unit: 'dB', encoding: 'U16', scale: 1 / 256 },
  9: { name: 'Pre-FEC BER minimum, media input', unit: 'ratio', encoding: 'F16', scale: 1 },
  10: { name: 'Pre-FEC BER minimum, host input', unit: 'ratio', encoding: 'F16', scale: 1 },
  11: { name: 'Pre-FEC BER maximum, media input', unit: 'ratio', encoding: 'F16', scale: 1 },
  12: { name: 'Pre-FEC BER maximum, host input', unit: 'ratio', encoding: 'F16', scale: 1 },
  13: { name: 'Pre-FEC BER average, media input', unit: 'ratio', encoding: 'F16', scale: 1 },
  14: { name: 'Pre-FEC BER average, host input', unit: 'ratio', encoding: 'F16', scale: 1 },
  15: { name: 'Pre-FEC BER current value, media input', unit: 'ratio', encoding: 'F16', scale: 1 },
  16: { name: 'Pre-FEC BER current value, host input', unit: 'ratio', encoding: 'F16', scale: 1 },
  17: { name: 'Errored frames minimum, media input', unit: 'ratio', encoding: 'F16', scale: 1 },
  18: { name: 'Errored frames minimum, host input', unit: 'ratio', encoding: 'F16', scale: 1 },
  19: { name: 'Errored frames maximum, media input', unit: 'ratio', encoding: 'F16', scale: 1 },
  20: { name: 'Errored frames maximum, host input', unit: 'ratio', encoding: 'F16', scale: 1 },
  21: { name: 'Errored frames average, media input', unit: 'ratio', encoding: 'F16', scale: 1 },
  22: { name: 'Errored frames average, host input', unit: 'ratio', encoding: 'F16', scale: 1 },
  23: { name: 'Errored frames current value, media input', unit: 'ratio', encoding: 'F16', scale: 1 },
  24: { name: 'Errored frames current value, host input', unit: 'ratio', encoding: 'F16', scale: 1 },
  128: { name: 'Modulator bias X/I', unit: '%', encoding: 'U16', scale: 100 / 65535 },
  129: { name: 'Modulator bias X/Q', unit: '%', encoding: 'U16', scale: 100 / 65535 },
  130: { name: 'Modulator bias Y/I', unit: '%', encoding: 'U16', scale: 100 / 65535 },
  131: { name: 'Modulator bias Y/Q', unit: '%', encoding: 'U16', scale: 100 / 65535 },
  132: { name: 'Modulator bias X phase', unit: '%', encoding: 'U16', scale: 100 / 65535 },
  133: { name: 'Modulator bias Y phase', unit: '%', encoding: 'U16', scale: 100 / 65535 },
  134: { name: 'CD, high granularity, short link', unit: 'ps/nm', encoding: 'S16', scale: 1 },
  135: { name: 'CD, low granularity, long link', unit: 'ps/nm', encoding: 'S16', scale: 20 },
  136: { name: 'DGD', unit: 'ps', encoding: 'U16', scale: 0.01 },
  137: { name: 'SOPMD', unit: 'ps^2', encoding: 'U16', scale: 0.01 },
  138: { name: 'PDL', unit: 'dB', encoding: 'U16', scale: 0.1 },
  139: { name: 'OSNR', unit: 'dB', encoding: 'U16', scale: 0.1 },
  140: { name: 'eSNR', unit: 'dB', encoding: 'U16', scale: 0.1 },
  141: { name: 'CFO', unit: 'MHz', encoding: 'S16', scale: 1 },
  142: { name: 'EVM modem', unit: '%', encoding: 'U16', scale: 100 / 65535 },
  143: { name: 'Tx power', unit: 'dBm', encoding: 'S16', scale: 0.01 },
  144: { name: 'Rx total power', unit: 'dBm', encoding: 'S16', scale: 0.01 },
  145: { name: 'Rx signal power', unit: 'dBm', encoding: 'S16', scale: 0.01 },
  146: { name: 'SOP rate of change', unit: 'krad/s', encoding: 'U16', scale: 1 },
  147: { name: 'MER', unit: 'dB', encoding: 'U16', scale: 0.1 },
};

/** CMIS F16 (section 8.22.3): exponent bits 15-11, mantissa bits 10-0, value m x 10^(e - 24). */
export function decodeF16(raw: number): number {
  const e = (raw >> 11) & 0x1f;
  const m = raw & 0x7ff;
  return m * 10 ** (e - 24);
}

/** The F16 nearest `value` (builders and simulations): the largest mantissa that fits keeps precision. */
export function encodeF16(value: number): number {
  if (!(value > 0)) return 0;
  for (let e = 31; e >= 0; e--) {
    const m = Math.round(value / 10 ** (e - 24));
    if (m <= 0x7ff && m >= 0x0cd) return (e << 11) | m;
  }
  return Math.min(0x7ff, Math.round(value * 1e24));
}
