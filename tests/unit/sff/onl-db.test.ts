// The 55 field-captured images of the OpenNetworkLinux sff test database, checked against the
// ONL decoder's expectations (onl_sff_db_expected.json) field by field. ONL also classifies some
// modules from its own vendor/part-number table or heuristics; where the EEPROM compliance codes
// cannot say what ONL says, the exception is listed with its reason.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../../main/sff/index';
import { requireVectors } from './vectors';

interface OnlEntry {
  index: number;
  vendor: string;
  model: string;
  serial: string;
  sfp_type_name: string;
  module_type_name: string;
  media_type_name: string;
  length: number;
  eeprom_len: number;
  eeprom: string;
}

const entries = JSON.parse(readFileSync(requireVectors() + 'onl-sff-db/onl_sff_db_expected.json', 'utf8')) as OnlEntry[];

/** ONL sfp_type_name -> SFF-8024 identifier code. */
const IDENTIFIER: Record<string, number> = { SFP: 0x03, SFP28: 0x03, 'QSFP+': 0x0d, QSFP28: 0x11, 'QSFP-DD': 0x18 };

/** ONL module type -> the compliance name our decoder must list for it. */
const COMPLIANCE: Record<string, string> = {
  '1GBASE-SX': '1000BASE-SX',
  '1GBASE-LR': '1000BASE-LX',
  '1GBASE-T': '1000BASE-T',
  '10GBASE-SR': '10GBASE-SR',
  '10GBASE-CR': 'Passive cable',
  '25GBASE-SR': '25GBASE-SR',
  '25GBASE-CR': 'Passive cable',
  '40GBASE-SR4': '40GBASE-SR4',
  '40GBASE-LR4': '40GBASE-LR4',
  '40GBASE-CR4': '40GBASE-CR4',
  '100GBASE-SR4': '100GBASE-SR4',
  '100GBASE-LR4': '100GBASE-LR4',
  '100GBASE-CR4': '100GBASE-CR4',
  '100G-AOC': '100G AOC',
  '100G-CWDM4': '100G CWDM4',
  '100G-PSM4': '100G PSM4 Parallel SMF',
  // CMIS: the application advertisement's media interface (optics) or host interface (copper).
  '400G-DR4': '400GBASE-DR4',
  '400G-CR8': '400G CR8',
};

/** Entries ONL classifies without EEPROM compliance evidence (source.txt, sff.c heuristics). */
const CLASSIFIED_OUTSIDE_EEPROM: Record<number, string> = {
  8: 'no 10G compliance bit; ONL infers ZR from the wavelength/length',
  9: 'compliance bytes empty; ONL infers SRL from the part number',
  12: 'compliance bytes empty; ONL infers SR2 (BiDi) from vendor/PN',
  13: 'compliance bytes empty; ONL infers SR4 from vendor/PN',
  38: 'compliance bytes empty; ONL infers LM4 from vendor/PN',
  40: 'DAC classified by ONL nonstandard.c PN table',
  41: 'DAC classified by ONL nonstandard.c PN table',
  42: 'DAC classified by ONL nonstandard.c PN table',
  43: 'DAC classified by ONL nonstandard.c PN table',
  46: 'DAC classified by ONL nonstandard.c PN table',
};

/** Entry 40: ONL takes 2 m from the part number (QSFP-4SFP+-CU2M); the EEPROM says 3 m. */
const LENGTH_FROM_PART_NUMBER = new Set([40]);
/** Entry 13: a 10 m AOC (FCBN410QE2C10) that ONL classifies as 40GBASE-SR4 fiber, so it reports no length. */
const AOC_LENGTH_NOT_REPORTED = new Set([13]);

function mediaOf(details: Record<string, unknown> | undefined, standard: string, copperM: number): string {
  if (standard === 'SFF-8636') return String(details?.['deviceTechnology']).startsWith('Copper') ? 'Copper' : 'Fiber';
  if (standard === 'SFF-8472') return details?.['cableTechnology'] != null ? 'Copper' : 'Fiber';
  return copperM > 0 ? 'Copper' : 'Fiber';
}

describe('ONL sff database: 55 field-captured modules decode as the ONL decoder says', () => {
  it('holds all 55 entries (the data-driven cases below would silently shrink otherwise)', () => {
    expect(entries).toHaveLength(55);
  });

  it.each(entries.map((e) => [e.index, e.vendor.trim(), e.model.trim(), e] as const))(
    'entry %i %s %s',
    (_i, _v, _m, e) => {
      const bytes = Uint8Array.from(e.eeprom.split(' ').map((x) => parseInt(x, 16)));
      expect(bytes.length).toBe(e.eeprom_len);
      const m = decodeModule(bytes);
      // ONL keeps the space padding; the contract trims it.
      expect(m.vendor.name).toBe(e.vendor.trim());
      expect(m.vendor.partNumber).toBe(e.model.trim());
      expect(m.vendor.serialNumber).toBe(e.serial.trim());
      expect(m.identifier.code).toBe(IDENTIFIER[e.sfp_type_name]);
      expect(mediaOf(m.details, m.standard, m.lengths.copperM)).toBe(e.media_type_name);
      if (CLASSIFIED_OUTSIDE_EEPROM[e.index] === undefined) {
        expect(m.compliance).toContain(COMPLIANCE[e.module_type_name]);
      }
      if (e.length >= 0 && !LENGTH_FROM_PART_NUMBER.has(e.index)) expect(m.lengths.copperM).toBe(e.length);
      if (e.length < 0 && !AOC_LENGTH_NOT_REPORTED.has(e.index)) expect(m.lengths.copperM).toBe(0);
      if (e.eeprom_len < 256) expect(m.problems.map((p) => p.code)).toContain(e.eeprom_len < 128 ? 'IMAGE_TRUNCATED' : 'IMAGE_LENGTH_UNUSUAL');
    },
  );

  it('entry 05: a blank lower-page identifier is named, and page 00h byte 128 still identifies the QSFP+', () => {
    const e = entries[5]!;
    const m = decodeModule(Uint8Array.from(e.eeprom.split(' ').map((x) => parseInt(x, 16))));
    expect(m.standard).toBe('SFF-8636');
    expect(m.problems.find((p) => p.code === 'IDENTIFIER_MISMATCH')?.offset).toBe(128);
  });

  it('entries 53-54 (CMIS): a flat copper cable has nothing missing; a paged DR4 dumped as 256 bytes names the pages it lacks', () => {
    const [copper, dr4] = [entries[53]!, entries[54]!].map((e) => decodeModule(Uint8Array.from(e.eeprom.split(' ').map((x) => parseInt(x, 16)))));
    expect(copper!.standard).toBe('CMIS');
    expect(copper!.declarations).toMatchObject({ media: 'passive-copper', hasLaser: false, flatMemory: true });
    expect(copper!.problems.filter((p) => p.code === 'PAGE_MISSING')).toEqual([]);
    expect(dr4!.cmis?.applications[0]).toMatchObject({ hostLaneCount: 8, mediaLaneCount: 4, mediaInterface: { code: 0x1c } });
    expect(dr4!.cmis?.missingPages.map((p) => p.page)).toEqual([0x01, 0x02, 0x10, 0x11]);
    expect(dr4!.problems.filter((p) => p.code === 'PAGE_MISSING')).toHaveLength(4);
  });
});
