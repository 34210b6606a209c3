// The Optic Bench paged image: one binary layout for module memory that is a set of pages (lower
// page, then upper pages by page number and bank), used by the reader's result for CMIS modules,
// stored test runs (raw_image), exports (raw_hex) and `--out` dumps (as text, image-text.ts).
// Pure: bytes in, bytes out, no node:*.
//
// Layout, version 1 (all offsets in bytes):
//   0-3    magic "OBPG" (4F 42 50 47). 4Fh is no SFF-8024 identifier, so no flat image starts so.
//   4      layout version, 1
//   5      N, the number of upper pages that follow
//   6-7    reserved, 00 00
//   8-135  lower page (module bytes 0-127)
//   136 +  N records of 130 bytes each, sorted by page then bank: page number, bank number, then
//          the page's 128 bytes (module addresses 128-255 with that page and bank selected)
// The length is therefore exactly 136 + 130 x N. Pages a module does not have, or the reader did
// not read, are simply not there: a decoder asks for a page and learns that it is missing.
//
// SFF-8472 and SFF-8636 images keep ethtool's flat layouts (A0h+A2h; lower+00h, 640 with page 03h
// at 512), which stored runs and the bench already use; flatToPaged/pagedToSff8636Flat convert.
import {
  PAGED_LOWER_AT,
  PAGED_MAGIC,
  PAGED_RECORD,
  PAGED_RECORDS_AT,
  PAGED_VERSION,
  PAGE_SIZE,
  pagedPageName,
  pagedRegions,
  type PagedRegion,
} from '../../preload/contract/paged-image';
import { BenchError } from '../errors';

export { PAGED_HEADER, PAGED_MAGIC, PAGED_VERSION, PAGE_SIZE } from '../../preload/contract/paged-image';
const LOWER_AT = PAGED_LOWER_AT;
const RECORDS_AT = PAGED_RECORDS_AT;
const RECORD = PAGED_RECORD;

export interface PageBlock {
  page: number;
  /** 0 for unbanked pages. */
  bank: number;
  /** The page's 128 bytes (module addresses 128-255). */
  bytes: Uint8Array;
}

export interface PagedImage {
  /** Module bytes 0-127. */
  lower: Uint8Array;
  /** Upper pages, sorted by page then bank, no two with the same page and bank. */
  pages: PageBlock[];
}

function comparePages(a: { page: number; bank: number }, b: { page: number; bank: number }): number {
  return a.page - b.page || a.bank - b.bank;
}

function checkByte(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0 || n > 255) throw new BenchError('INVALID_INPUT', `${what} ${n} is not 0-255`);
}

/** A paged image from parts: checks sizes and duplicates, sorts the pages. */
export function makePagedImage(lower: Uint8Array, pages: readonly PageBlock[]): PagedImage {
  if (lower.length !== PAGE_SIZE) throw new BenchError('INVALID_INPUT', `the lower page must be 128 bytes, not ${lower.length}`);
  const seen = new Set<string>();
  const out: PageBlock[] = [];
  for (const p of pages) {
    checkByte(p.page, 'page');
    checkByte(p.bank, 'bank');
    if (p.bytes.length !== PAGE_SIZE) throw new BenchError('INVALID_INPUT', `page ${pageName(p.page, p.bank)} must be 128 bytes, not ${p.bytes.length}`);
    const key = `${p.page}/${p.bank}`;
    if (seen.has(key)) throw new BenchError('INVALID_INPUT', `page ${pageName(p.page, p.bank)} is given twice`);
    seen.add(key);
    out.push({ page: p.page, bank: p.bank, bytes: new Uint8Array(p.bytes) });
  }
  out.sort(comparePages);
  return { lower: new Uint8Array(lower), pages: out };
}

/** "11h bank 1", "00h": how messages name a page. */
export const pageName = pagedPageName;

export function encodePagedImage(img: PagedImage): Uint8Array {
  const pages = [...img.pages].sort(comparePages);
  if (pages.length > 255) throw new BenchError('INVALID_INPUT', `a paged image holds at most 255 pages, not ${pages.length}`);
  const out = new Uint8Array(RECORDS_AT + RECORD * pages.length);
  out.set(PAGED_MAGIC, 0);
  out[4] = PAGED_VERSION;
  out[5] = pages.length;
  out.set(img.lower.subarray(0, PAGE_SIZE), LOWER_AT);
  pages.forEach((p, i) => {
    const at = RECORDS_AT + RECORD * i;
    out[at] = p.page;
    out[at + 1] = p.bank;
    out.set(p.bytes.subarray(0, PAGE_SIZE), at + 2);
  });
  return out;
}

/** True when the bytes start with the paged-image magic (whether or not the rest is well formed). */
export function hasPagedMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && PAGED_MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * The paged image in `bytes`. Throws IMAGE_UNPARSEABLE saying what is wrong (version, length,
 * duplicate or unsorted page) so a damaged file never decodes as something it is not.
 */
export function decodePagedImage(bytes: Uint8Array): PagedImage {
  const bad = (why: string): BenchError => new BenchError('IMAGE_UNPARSEABLE', `not a valid Optic Bench paged image: ${why}`, { layout: 'paged' });
  if (!hasPagedMagic(bytes)) throw bad('it does not start with "OBPG"');
  if (bytes.length < RECORDS_AT) throw bad(`it is ${bytes.length} bytes, shorter than its header and lower page (136)`);
  if (bytes[4] !== PAGED_VERSION) throw bad(`layout version ${bytes[4]} is not one this bench reads (1)`);
  const n = bytes[5] ?? 0;
  const want = RECORDS_AT + RECORD * n;
  if (bytes.length !== want) throw bad(`it says it holds ${n} pages (${want} bytes) but is ${bytes.length} bytes`);
  const pages: PageBlock[] = [];
  for (let i = 0; i < n; i++) {
    const at = RECORDS_AT + RECORD * i;
    const page = bytes[at] ?? 0;
    const bank = bytes[at + 1] ?? 0;
    const prev = pages[pages.length - 1];
    if (prev && comparePages(prev, { page, bank }) >= 0) throw bad(`page ${pageName(page, bank)} is out of order or repeated (record ${i + 1})`);
    pages.push({ page, bank, bytes: bytes.slice(at + 2, at + 2 + PAGE_SIZE) });
  }
  return { lower: bytes.slice(LOWER_AT, LOWER_AT + PAGE_SIZE), pages };
}

export function findPage(img: PagedImage, page: number, bank = 0): Uint8Array | null {
  return img.pages.find((p) => p.page === page && p.bank === bank)?.bytes ?? null;
}

/**
 * Where module address `address` (0-127 lower, 128-255 upper) of a page lies in the encoded image,
 * or null when the image does not hold that page: the offset problems and the hex view use.
 */
export function pagedOffset(img: PagedImage, address: number, page = 0, bank = 0): number | null {
  if (address < PAGE_SIZE) return LOWER_AT + address;
  const i = img.pages.findIndex((p) => p.page === page && p.bank === bank);
  return i < 0 ? null : RECORDS_AT + RECORD * i + 2 + (address - PAGE_SIZE);
}

/** Where each page sits in the encoded image (for the hex view's page boundaries). */
export function pagedLayout(img: PagedImage): PagedRegion[] {
  const bytes = encodePagedImage(img);
  return pagedRegions((o) => bytes[o] ?? 0, bytes.length) ?? [];
}

/**
 * CMIS pages at their places in ethtool's flat QSFP-DD layout (ethtool qsfp-dd.h, the ioctl era):
 * lower 0-127, 00h 128-255, 01h 256-383, 02h 384-511, 10h 512-639, 11h 640-767. A flat-memory
 * module (byte 2 bit 7) has only the first 256 bytes whatever follows.
 */
export const ETHTOOL_CMIS_FLAT_PAGES: readonly number[] = [0x00, 0x01, 0x02, 0x10, 0x11];

export function pagedFromEthtoolCmis(bytes: Uint8Array): PagedImage {
  const lower = new Uint8Array(PAGE_SIZE);
  lower.set(bytes.subarray(0, PAGE_SIZE));
  const flat = ((bytes[2] ?? 0) & 0x80) !== 0;
  const pages: PageBlock[] = [];
  ETHTOOL_CMIS_FLAT_PAGES.forEach((page, i) => {
    const at = PAGE_SIZE * (i + 1);
    if (bytes.length < at + PAGE_SIZE) return;
    if (flat && page !== 0) return;
    pages.push({ page, bank: 0, bytes: bytes.slice(at, at + PAGE_SIZE) });
  });
  return makePagedImage(lower, pages);
}

/**
 * An SFF-8636 page set in ethtool's flat layout, which main/sff/sff8636.ts decodes: lower + 00h
 * (256 bytes), and 640 bytes with pages 01h-03h at 256/384/512 when page 03h is present (01h and
 * 02h zero when absent, as the reader has always stored them).
 */
export function pagedToSff8636Flat(img: PagedImage): Uint8Array {
  const p03 = findPage(img, 0x03);
  const out = new Uint8Array(p03 ? 640 : 256);
  out.set(img.lower, 0);
  const p00 = findPage(img, 0x00);
  if (p00) out.set(p00, 128);
  if (p03) {
    const p01 = findPage(img, 0x01);
    const p02 = findPage(img, 0x02);
    if (p01) out.set(p01, 256);
    if (p02) out.set(p02, 384);
    out.set(p03, 512);
  }
  return out;
}
