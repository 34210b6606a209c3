import { decodeModule } from '../../../main/sff/index';
import { describe, expect, it } from 'vitest';
import { fieldAtOffset, fieldMapFor, pageLabel, PAGES } from '../../../renderer/src/features/bench/field-map';
import { buildCmisImage } from '../../../main/sff/cmis-builder';

describe('hex view field map', () => {
  it('places SFF-8472 A0h fields at the offsets of table 4-1 (vendor name 20-35, CC_BASE 63, SN 68-83)', () => {
    const map = fieldMapFor('SFF-8472', 512);
    expect(fieldAtOffset(map, 20)?.id).toBe('A0h:vendor-name');
    expect(fieldAtOffset(map, 35)?.id).toBe('A0h:vendor-name');
    expect(fieldAtOffset(map, 36)?.id).toBe('A0h:transceiver-ext');
    expect(fieldAtOffset(map, 63)?.id).toBe('A0h:cc-base');
    expect(fieldAtOffset(map, 68)?.id).toBe('A0h:vendor-sn');
    expect(fieldAtOffset(map, 95)?.id).toBe('A0h:cc-ext');
  });

  it('places A2h at 256 in the ethtool layout (temperature A2h 96-97 is image 352-353, CC_DMI 95 is 351)', () => {
    const map = fieldMapFor('SFF-8472', 512);
    expect(fieldAtOffset(map, 256 + 96)?.id).toBe('A2h:temperature');
    expect(fieldAtOffset(map, 256 + 97)?.id).toBe('A2h:temperature');
    expect(fieldAtOffset(map, 256 + 95)?.id).toBe('A2h:cc-dmi');
    expect(fieldAtOffset(map, 256 + 112)?.id).toBe('A2h:alarm-flags');
  });

  it('claims no A2h bytes for a 256-byte image without diagnostics', () => {
    const map = fieldMapFor('SFF-8472', 256);
    expect(map.owner.length).toBe(256);
    expect(map.fields.every((f) => f.end <= 256)).toBe(true);
  });

  it('maps SFF-8636 upper page 00h at 128 and page 03h at 512 (ethtool 640-byte layout)', () => {
    const map = fieldMapFor('SFF-8636', 640);
    expect(fieldAtOffset(map, 22)?.id).toBe('lower:temperature');
    expect(fieldAtOffset(map, 34)?.id).toBe('lower:rx-power-1');
    expect(fieldAtOffset(map, 148)?.id).toBe('00h:vendor-name');
    expect(fieldAtOffset(map, 191)?.id).toBe('00h:cc-base');
    expect(fieldAtOffset(map, 196)?.id).toBe('00h:vendor-sn');
    // Page 03h byte 128 (temperature high alarm) sits at image offset 512.
    expect(fieldAtOffset(map, 512)?.id).toBe('03h:thr-temperature');
    expect(fieldAtOffset(map, 512 + 176 - 128)?.id).toBe('03h:thr-rx-power');
    // Pages 01h/02h are listed but not labelled: nothing is claimed there.
    expect(fieldAtOffset(map, 300)).toBeNull();
  });

  // Overlapping rows would make a byte's label depend on table order: every page table must tile cleanly.
  it.each(Object.entries(PAGES))('page %s: rows are sorted, inside the page and never overlap', (_name, page) => {
    let next = page.firstAddress;
    for (const [addr, len] of page.rows) {
      expect(addr).toBeGreaterThanOrEqual(next);
      expect(len).toBeGreaterThan(0);
      next = addr + len;
    }
    expect(next).toBeLessThanOrEqual(page.firstAddress + page.length);
  });

  it('labels CMIS images by page only, claiming no fields it has not checked', () => {
    const map = fieldMapFor('CMIS', 256);
    expect(map.fields).toEqual([]);
    expect(map.pages.length).toBe(2);
  });

  // A stored CMIS run is the paged image: cutting it every 128 bytes would put page boundaries mid-record.
  it('lays a paged CMIS image out by its own records: header, lower page, then each page and bank', () => {
    const bytes = buildCmisImage({ banks: 2 });
    const hex = Buffer.from(bytes).toString('hex');
    const map = fieldMapFor('CMIS', bytes.length, hex);
    expect(map.pages.map((p) => [p.id, p.start, p.end])).toEqual([
      ['header', 0, 8],
      ['lower', 8, 136],
      ['page-0', 136, 266],
      ['page-1', 266, 396],
      ['page-2', 396, 526],
      ['page-16', 526, 656],
      ['page-16-bank-1', 656, 786],
      ['page-17', 786, 916],
      ['page-17-bank-1', 916, 1046],
    ]);
    expect(map.pages.at(-1)?.end).toBe(bytes.length);
    // The field map names the bytes the decoder reads (issue 13 item 7): the serial of page 00h is
    // where the CMIS decoder finds it, past the record's page and bank bytes.
    const sn = map.fields.find((f) => f.id === 'page-0:vendor-sn')!;
    expect([sn.start, sn.end, sn.address]).toEqual([136 + 2 + (166 - 128), 136 + 2 + (182 - 128), '00h 166-181']);
    expect(Buffer.from(bytes.subarray(sn.start, sn.end)).toString('ascii').trim()).toBe(decodeModule(bytes).vendor.serialNumber);
    expect(map.fields.find((f) => f.id === 'page-17-bank-1:tx-power')).toMatchObject({ start: 916 + 2 + (154 - 128), address: '11h bank 1 154-169' });
    expect(map.fields.find((f) => f.id === 'lower:cmis-module-state')).toMatchObject({ start: 8 + 3, end: 8 + 4 });
    // Every field stays inside its own page record.
    for (const f of map.fields) {
      const page = map.pages.find((p) => p.id === f.page)!;
      expect(f.start >= page.start && f.end <= page.end, f.id).toBe(true);
    }
    const t = (key: string, o: { defaultValue: string; page?: string; bank?: number }): string => `${key}|${o.page ?? ''}|${o.bank ?? ''}`;
    expect(pageLabel(t, map.pages[8]!)).toBe('bench:pageName.pagedBank|11|1');
    expect(pageLabel(t, map.pages[1]!)).toBe('bench:pageName.lower||');
  });

  it('a damaged paged image (length off) falls back to plain 128-byte blocks rather than trusting its records', () => {
    const bytes = buildCmisImage().subarray(0, 300);
    const map = fieldMapFor('CMIS', bytes.length, Buffer.from(bytes).toString('hex'));
    expect(map.pages.map((p) => p.start)).toEqual([0, 128, 256]);
  });
});
