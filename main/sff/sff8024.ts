// SFF-8024 (SFF Module Management Reference Code Tables) as data. Each table is keyed by the
// code stored in the module; lookups of codes a table does not hold go through `codeName`, which
// names the gap instead of guessing.
import type { CodeName } from '../../preload/contract/module';

/** SFF-8024 Table 4-1, Identifier values (A0h byte 0, SFF-8636 bytes 0 and 128, CMIS byte 0). */
export const IDENTIFIERS: Readonly<Record<number, string>> = {
  0x00: 'Unknown or unspecified',
  0x01: 'GBIC',
  0x02: 'Module soldered to motherboard',
  0x03: 'SFP/SFP+/SFP28',
  0x04: '300 pin XBI',
  0x05: 'XENPAK',
  0x06: 'XFP',
  0x07: 'XFF',
  0x08: 'XFP-E',
  0x09: 'XPAK',
  0x0a: 'X2',
  0x0b: 'DWDM-SFP/SFP+ (not using SFF-8472)',
  0x0c: 'QSFP',
  0x0d: 'QSFP+',
  0x0e: 'CXP',
  0x0f: 'Shielded Mini Multilane HD 4X',
  0x10: 'Shielded Mini Multilane HD 8X',
  0x11: 'QSFP28',
  0x12: 'CXP2 (CXP28)',
  0x13: 'CDFP (Style 1/Style 2)',
  0x14: 'Shielded Mini Multilane HD 4X Fanout',
  0x15: 'Shielded Mini Multilane HD 8X Fanout',
  0x16: 'CDFP (Style 3)',
  0x17: 'microQSFP',
  0x18: 'QSFP-DD',
  0x19: 'OSFP 8X',
  0x1a: 'SFP-DD',
  0x1b: 'DSFP',
  0x1c: 'MiniLink 4X',
  0x1d: 'MiniLink 8X',
  0x1e: 'QSFP+ or later with CMIS',
  0x1f: 'SFP-DD with CMIS',
  0x20: 'SFP+ with CMIS',
  0x21: 'OSFP-XD with CMIS',
  0x22: 'OIF-ELSFP with CMIS',
  0x23: 'CDFP (x4 PCIe) with CMIS',
  0x24: 'CDFP (x8 PCIe) with CMIS',
  0x25: 'CDFP (x16 PCIe) with CMIS',
};

/**
 * Which memory map each identifier uses (SFF-8024 Table 4-1 "reference" column). 0x0B is
 * "DWDM-SFP/SFP+ (not using SFF-8472)": its map is the DWDM SFP MSA's, so decoding it as
 * SFF-8472 would read tuning registers as diagnostics; the bench has no decoder for it.
 */
export const SFF8472_IDENTIFIERS: ReadonlySet<number> = new Set([0x02, 0x03]);
export const SFF8636_IDENTIFIERS: ReadonlySet<number> = new Set([0x0c, 0x0d, 0x11]);
export const CMIS_IDENTIFIERS: ReadonlySet<number> = new Set([0x18, 0x19, 0x1b, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25]);

/** The memory map a module uses, from its SFF-8024 identifier: the one table reader and decoder share. */
export type ModuleFamily = 'sff8472' | 'sff8636' | 'cmis';

/** Which memory map an identifier uses; null when the bench has no decoder for it. */
export function moduleFamilyOf(identifier: number): ModuleFamily | null {
  if (SFF8472_IDENTIFIERS.has(identifier)) return 'sff8472';
  if (SFF8636_IDENTIFIERS.has(identifier)) return 'sff8636';
  if (CMIS_IDENTIFIERS.has(identifier)) return 'cmis';
  return null;
}

/** SFF-8024 Table 4-3, Connector types. */
export const CONNECTORS: Readonly<Record<number, string>> = {
  0x00: 'Unknown or unspecified',
  0x01: 'SC',
  0x02: 'Fibre Channel Style 1 copper',
  0x03: 'Fibre Channel Style 2 copper',
  0x04: 'BNC/TNC',
  0x05: 'Fibre Channel coax headers',
  0x06: 'Fiber Jack',
  0x07: 'LC',
  0x08: 'MT-RJ',
  0x09: 'MU',
  0x0a: 'SG',
  0x0b: 'Optical pigtail',
  0x0c: 'MPO 1x12',
  0x0d: 'MPO 2x16',
  0x20: 'HSSDC II',
  0x21: 'Copper pigtail',
  0x22: 'RJ45',
  0x23: 'No separable connector',
  0x24: 'MXC 2x16',
  0x25: 'CS optical connector',
  0x26: 'SN (Mini CS) optical connector',
  0x27: 'MPO 2x12',
  0x28: 'MPO 1x16',
};

/** A cable assembly (DAC or AOC) rather than a pluggable optic. */
export const NO_SEPARABLE_CONNECTOR = 0x23;

/** Connectors that mean an electrical (copper) medium. */
export const COPPER_CONNECTORS: ReadonlySet<number> = new Set([0x02, 0x03, 0x04, 0x05, 0x20, 0x21, 0x22]);

/**
 * SFF-8024 Table 4-2, Encoding values. The table has two columns: codes 04h-06h mean different
 * things for SFF-8472 (Manchester, SONET scrambled, 64B/66B) and for SFF-8436/8636
 * (SONET scrambled, 64B/66B, Manchester).
 */
const ENCODING_COMMON: Readonly<Record<number, string>> = {
  0x00: 'Unspecified',
  0x01: '8B/10B',
  0x02: '4B/5B',
  0x03: 'NRZ',
  0x07: '256B/257B (transcoded FEC-enabled data)',
  0x08: 'PAM4',
};
export const ENCODINGS_SFF8472: Readonly<Record<number, string>> = {
  ...ENCODING_COMMON,
  0x04: 'Manchester',
  0x05: 'SONET Scrambled',
  0x06: '64B/66B',
};
export const ENCODINGS_SFF8636: Readonly<Record<number, string>> = {
  ...ENCODING_COMMON,
  0x04: 'SONET Scrambled',
  0x05: '64B/66B',
  0x06: 'Manchester',
};

/**
 * How a compliance code carries the signal, where the code alone says so (used to decide which
 * laser parameters apply): an AOC has lasers inside the cable, an ACC or a CR cable has none.
 */
export type ComplianceMedia = 'optical' | 'active-optical-cable' | 'passive-copper' | 'active-copper' | 'base-t';

/**
 * SFF-8024 Table 4-4, Extended Specification Compliance Codes (A0h byte 36, SFF-8636 byte 192),
 * as of SFF-8024 Rev 4.11 for the codes a bench meets (ethtool's sff-common list plus 09h).
 * Many codes name a QSFP and an SFP variant ("100GBASE-SR4 or 25GBASE-SR"): `sfp`/`qsfp` hold
 * the variant that applies to each form factor, `name` the table text.
 */
export interface ExtendedCompliance {
  name: string;
  sfp?: string;
  qsfp?: string;
  media?: ComplianceMedia;
}
export const EXTENDED_COMPLIANCE: Readonly<Record<number, ExtendedCompliance>> = {
  0x01: { name: '100G AOC or 25GAUI C2M AOC (BER 5e-5)', qsfp: '100G AOC', sfp: '25G AOC', media: 'active-optical-cable' },
  0x02: { name: '100GBASE-SR4 or 25GBASE-SR', qsfp: '100GBASE-SR4', sfp: '25GBASE-SR', media: 'optical' },
  0x03: { name: '100GBASE-LR4 or 25GBASE-LR', qsfp: '100GBASE-LR4', sfp: '25GBASE-LR', media: 'optical' },
  0x04: { name: '100GBASE-ER4 or 25GBASE-ER', qsfp: '100GBASE-ER4', sfp: '25GBASE-ER', media: 'optical' },
  0x05: { name: '100GBASE-SR10', media: 'optical' },
  0x06: { name: '100G CWDM4', media: 'optical' },
  0x07: { name: '100G PSM4 Parallel SMF', media: 'optical' },
  0x08: { name: '100G ACC or 25GAUI C2M ACC (BER 5e-5)', qsfp: '100G ACC', sfp: '25G ACC', media: 'active-copper' },
  // Withdrawn by the CWDM4 MSA; modules shipped before it still carry it.
  0x09: { name: 'Obsolete (assigned before 100G CWDM4 MSA required FEC)', qsfp: '100G CWDM4 (obsolete code 09h)', media: 'optical' },
  0x0b: { name: '100GBASE-CR4, 25GBASE-CR CA-25G-L or 50GBASE-CR2 with RS-FEC', qsfp: '100GBASE-CR4', sfp: '25GBASE-CR CA-25G-L', media: 'passive-copper' },
  0x0c: { name: '25GBASE-CR CA-25G-S or 50GBASE-CR2 with BASE-R FEC', qsfp: '50GBASE-CR2 with BASE-R FEC', sfp: '25GBASE-CR CA-25G-S', media: 'passive-copper' },
  0x0d: { name: '25GBASE-CR CA-25G-N or 50GBASE-CR2 with no FEC', qsfp: '50GBASE-CR2 with no FEC', sfp: '25GBASE-CR CA-25G-N', media: 'passive-copper' },
  0x0e: { name: '10 Mb/s Single Pair Ethernet', media: 'base-t' },
  0x10: { name: '40GBASE-ER4', media: 'optical' },
  0x11: { name: '4 x 10GBASE-SR', media: 'optical' },
  0x12: { name: '40G PSM4 Parallel SMF', media: 'optical' },
  0x13: { name: 'G959.1 profile P1I1-2D1', media: 'optical' },
  0x14: { name: 'G959.1 profile P1S1-2D2', media: 'optical' },
  0x15: { name: 'G959.1 profile P1L1-2D2', media: 'optical' },
  0x16: { name: '10GBASE-T with SFI electrical interface', media: 'base-t' },
  0x17: { name: '100G CLR4', media: 'optical' },
  0x18: { name: '100G AOC or 25GAUI C2M AOC (BER 1e-12)', qsfp: '100G AOC', sfp: '25G AOC', media: 'active-optical-cable' },
  0x19: { name: '100G ACC or 25GAUI C2M ACC (BER 1e-12)', qsfp: '100G ACC', sfp: '25G ACC', media: 'active-copper' },
  0x1a: { name: '100GE-DWDM2', media: 'optical' },
  0x1b: { name: '100G 1550nm WDM (4 wavelengths)', media: 'optical' },
  0x1c: { name: '10GBASE-T Short Reach (30 meters)', media: 'base-t' },
  0x1d: { name: '5GBASE-T', media: 'base-t' },
  0x1e: { name: '2.5GBASE-T', media: 'base-t' },
  0x1f: { name: '40G SWDM4', media: 'optical' },
  0x20: { name: '100G SWDM4', media: 'optical' },
  0x21: { name: '100G PAM4 BiDi', media: 'optical' },
  0x22: { name: '4WDM-10 MSA', media: 'optical' },
  0x23: { name: '4WDM-20 MSA', media: 'optical' },
  0x24: { name: '4WDM-40 MSA', media: 'optical' },
  0x25: { name: '100GBASE-DR', media: 'optical' },
  0x26: { name: '100G-FR or 100GBASE-FR1', media: 'optical' },
  0x27: { name: '100G-LR or 100GBASE-LR1', media: 'optical' },
  0x30: { name: 'Active Copper Cable with 50GAUI, 100GAUI-2 or 200GAUI-4 C2M (BER 1e-6)', media: 'active-copper' },
  0x31: { name: 'Active Optical Cable with 50GAUI, 100GAUI-2 or 200GAUI-4 C2M (BER 1e-6)', media: 'active-optical-cable' },
  0x32: { name: 'Active Copper Cable with 50GAUI, 100GAUI-2 or 200GAUI-4 C2M (BER 2.6e-4 ACC, 1e-5 AUI)', media: 'active-copper' },
  0x33: { name: 'Active Optical Cable with 50GAUI, 100GAUI-2 or 200GAUI-4 C2M (BER 2.6e-4 AOC, 1e-5 AUI)', media: 'active-optical-cable' },
  0x40: { name: '50GBASE-CR, 100GBASE-CR2 or 200GBASE-CR4', media: 'passive-copper' },
  0x41: { name: '50GBASE-SR, 100GBASE-SR2 or 200GBASE-SR4', media: 'optical' },
  0x42: { name: '50GBASE-FR or 200GBASE-DR4', media: 'optical' },
  0x43: { name: '200GBASE-FR4', media: 'optical' },
  0x44: { name: '200G 1550 nm PSM4', media: 'optical' },
  0x45: { name: '50GBASE-LR', media: 'optical' },
  0x46: { name: '200GBASE-LR4', media: 'optical' },
  // Fibre Channel: EA is an electrical (active) interface, SW / LW short- and long-wave lasers.
  0x50: { name: '64GFC EA' },
  0x51: { name: '64GFC SW', media: 'optical' },
  0x52: { name: '64GFC LW', media: 'optical' },
  0x53: { name: '128GFC EA' },
  0x54: { name: '128GFC SW', media: 'optical' },
  0x55: { name: '128GFC LW', media: 'optical' },
};

/** The name of `code` in `table`, or a name that says the code is not in the table. */
export function codeName(table: Readonly<Record<number, string>>, code: number): CodeName {
  const name = table[code];
  if (name !== undefined) return { code, name };
  if (code >= 0x80) return { code, name: `Vendor specific (0x${hex2(code)})` };
  return { code, name: `Reserved (0x${hex2(code)})` };
}

/**
 * Extended compliance name for a form factor, or null for 00h (unspecified). A code this table
 * does not hold is named as such, not called reserved: later SFF-8024 revisions keep adding codes.
 */
export function extendedComplianceName(code: number, formFactor: 'sfp' | 'qsfp'): string | null {
  if (code === 0) return null;
  const entry = EXTENDED_COMPLIANCE[code];
  if (entry === undefined) return `Extended compliance 0x${hex2(code)} (not in SFF-8024 Rev 4.11 as known to the bench)`;
  return entry[formFactor] ?? entry.name;
}

export function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}
