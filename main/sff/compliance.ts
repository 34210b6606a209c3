// Transceiver compliance codes as field maps: one row per defined bit, in the order of the
// standard's table. SFF-8472 Table 5-3 (A0h bytes 3-10) and SFF-8636 Table 6-17 (bytes 131-138).
// Unallocated/reserved bits have no row.

export interface ComplianceBit {
  /** Byte offset in the image (A0h for SFF-8472, upper page 00h address for SFF-8636). */
  byte: number;
  bit: number;
  /** The group of the standard's table the bit belongs to. */
  group: string;
  name: string;
}

function group(byte: number, name: string, bits: Record<number, string>): ComplianceBit[] {
  return Object.entries(bits)
    .map(([bit, n]) => ({ byte, bit: Number(bit), group: name, name: n }))
    .sort((a, b) => b.bit - a.bit);
}

export const SFF8472_COMPLIANCE: readonly ComplianceBit[] = [
  ...group(3, '10G Ethernet', { 7: '10GBASE-ER', 6: '10GBASE-LRM', 5: '10GBASE-LR', 4: '10GBASE-SR' }),
  ...group(3, 'Infiniband', { 3: '1X SX', 2: '1X LX', 1: '1X Copper Active', 0: '1X Copper Passive' }),
  ...group(4, 'ESCON', { 7: 'ESCON MMF, 1310nm LED', 6: 'ESCON SMF, 1310nm Laser' }),
  ...group(4, 'SONET', {
    5: 'OC-192, short reach', 4: 'SONET reach specifier bit 1', 3: 'SONET reach specifier bit 2',
    2: 'OC-48, long reach', 1: 'OC-48, intermediate reach', 0: 'OC-48, short reach',
  }),
  ...group(5, 'SONET', {
    6: 'OC-12, single mode, long reach', 5: 'OC-12, single mode, inter. reach', 4: 'OC-12, short reach',
    2: 'OC-3, single mode, long reach', 1: 'OC-3, single mode, inter. reach', 0: 'OC-3, short reach',
  }),
  ...group(6, 'Ethernet', {
    7: 'BASE-PX', 6: 'BASE-BX10', 5: '100BASE-FX', 4: '100BASE-LX/LX10',
    3: '1000BASE-T', 2: '1000BASE-CX', 1: '1000BASE-LX', 0: '1000BASE-SX',
  }),
  ...group(7, 'Fibre Channel link length', {
    7: 'FC very long distance (V)', 6: 'FC short distance (S)', 5: 'FC intermediate distance (I)',
    4: 'FC long distance (L)', 3: 'FC medium distance (M)',
  }),
  ...group(7, 'Fibre Channel technology', {
    2: 'FC shortwave laser, linear Rx (SA)', 1: 'FC longwave laser (LC)', 0: 'FC electrical inter-enclosure (EL)',
  }),
  ...group(8, 'Fibre Channel technology', {
    7: 'FC electrical intra-enclosure (EL)', 6: 'FC shortwave laser w/o OFC (SN)',
    5: 'FC shortwave laser with OFC (SL)', 4: 'FC longwave laser (LL)',
  }),
  ...group(8, 'SFP+ cable technology', { 3: 'Active cable', 2: 'Passive cable' }),
  ...group(9, 'Fibre Channel transmission media', {
    7: 'FC twin axial pair (TW)', 6: 'FC twisted pair (TP)', 5: 'FC miniature coax (MI)',
    4: 'FC video coax (TV)', 3: 'FC multimode 62.5um (M6)', 2: 'FC multimode 50um (M5, M5E)',
    0: 'FC single mode (SM)',
  }),
  ...group(10, 'Fibre Channel speed', {
    7: 'FC 1200 MBytes/sec', 6: 'FC 800 MBytes/sec', 5: 'FC 1600 MBytes/sec', 4: 'FC 400 MBytes/sec',
    3: 'FC 3200 MBytes/sec', 2: 'FC 200 MBytes/sec', 1: 'FC speed 2 (see byte 62)', 0: 'FC 100 MBytes/sec',
  }),
];

export const SFF8636_COMPLIANCE: readonly ComplianceBit[] = [
  ...group(131, '10/40G/100G Ethernet', {
    6: '10GBASE-LRM', 5: '10GBASE-LR', 4: '10GBASE-SR', 3: '40GBASE-CR4',
    2: '40GBASE-SR4', 1: '40GBASE-LR4', 0: '40G Active Cable (XLPPI)',
  }),
  // Byte 132 bit 3 was added in SFF-8636 Rev 2.x (Table 6-17): 40G OTN.
  ...group(132, 'SONET', { 3: '40G OTN (OTU3B/OTU3C)', 2: 'OC 48, long reach', 1: 'OC 48, intermediate reach', 0: 'OC 48, short reach' }),
  ...group(133, 'SAS/SATA', { 7: 'SAS 24.0 Gbps', 6: 'SAS 12.0 Gbps', 5: 'SAS 6.0 Gbps', 4: 'SAS 3.0 Gbps' }),
  ...group(134, 'Gigabit Ethernet', { 3: '1000BASE-T', 2: '1000BASE-CX', 1: '1000BASE-LX', 0: '1000BASE-SX' }),
  ...group(135, 'Fibre Channel link length', {
    7: 'FC very long distance (V)', 6: 'FC short distance (S)', 5: 'FC intermediate distance (I)',
    4: 'FC long distance (L)', 3: 'FC medium distance (M)',
  }),
  ...group(135, 'Fibre Channel technology', { 1: 'FC longwave laser (LC)', 0: 'FC electrical inter-enclosure (EL)' }),
  ...group(136, 'Fibre Channel technology', {
    7: 'FC electrical intra-enclosure (EL)', 6: 'FC shortwave laser w/o OFC (SN)',
    5: 'FC shortwave laser with OFC (SL)', 4: 'FC longwave laser (LL)',
  }),
  ...group(137, 'Fibre Channel transmission media', {
    7: 'FC twin axial pair (TW)', 6: 'FC shielded twisted pair (TP)', 5: 'FC miniature coax (MI)',
    4: 'FC video coax (TV)', 3: 'FC multimode 62.5um (M6)', 2: 'FC multimode 50um (M5)',
    1: 'FC multimode 50um OM3 (M5E)', 0: 'FC single mode (SM)',
  }),
  ...group(138, 'Fibre Channel speed', {
    7: 'FC 1200 MBytes/sec', 6: 'FC 800 MBytes/sec', 5: 'FC 1600 MBytes/sec', 4: 'FC 400 MBytes/sec',
    3: 'FC 3200 MBytes/sec', 2: 'FC 200 MBytes/sec', 0: 'FC 100 MBytes/sec',
  }),
];

/** SFF-8636 byte 131 bit 7: "extended specification compliance, see byte 192". */
export const SFF8636_EXTENDED_COMPLIANCE_FLAG = { byte: 131, bit: 7 } as const;

/** The names of the bits set in `image` (absent bytes read as 0), in table order. */
export function complianceNames(table: readonly ComplianceBit[], byteAt: (offset: number) => number): string[] {
  return table.filter((c) => (byteAt(c.byte) >> c.bit) & 1).map((c) => c.name);
}
