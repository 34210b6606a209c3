// The Optic Bench paged image layout (version 1), shared by main (main/sff/paged-image.ts encodes
// and decodes it) and the renderer (the hex view names its pages). The layout itself is described
// in main/sff/paged-image.ts and docs/architecture.md "Paged module images". Pure.

/** "OBPG": 4Fh is no SFF-8024 identifier, so no flat image starts with it. */
export const PAGED_MAGIC: readonly number[] = [0x4f, 0x42, 0x50, 0x47];
export const PAGED_VERSION = 1;
/** Magic, version, page count, two reserved bytes. */
export const PAGED_HEADER = 8;
export const PAGE_SIZE = 128;
/** Where the lower page (module bytes 0-127) sits. */
export const PAGED_LOWER_AT = PAGED_HEADER;
/** Where the first page record starts; each record is page, bank, then 128 bytes. */
export const PAGED_RECORDS_AT = PAGED_HEADER + PAGE_SIZE;
export const PAGED_RECORD = 2 + PAGE_SIZE;

/** One region of a paged image: its header, its lower page, or one upper page record. */
export interface PagedRegion {
  /** 'header', 'lower', or the page as messages name it: "11h", "11h bank 1". */
  id: string;
  /** Upper page number; null for the header and the lower page. */
  page: number | null;
  bank: number;
  /** Offsets in the image, end exclusive (a record includes its two page/bank bytes). */
  start: number;
  end: number;
}

/** "11h", "11h bank 1". */
export function pagedPageName(page: number, bank = 0): string {
  const p = `${page.toString(16).toUpperCase().padStart(2, '0')}h`;
  return bank === 0 ? p : `${p} bank ${bank}`;
}

/**
 * The regions of a paged image, read from its header and record bytes, or null when the bytes
 * are not a well-formed version-1 paged image (wrong magic or version, length not 136 + 130 N).
 */
export function pagedRegions(byteAt: (offset: number) => number, length: number): PagedRegion[] | null {
  if (length < PAGED_RECORDS_AT || PAGED_MAGIC.some((b, i) => byteAt(i) !== b) || byteAt(4) !== PAGED_VERSION) return null;
  const n = byteAt(5);
  if (length !== PAGED_RECORDS_AT + PAGED_RECORD * n) return null;
  const out: PagedRegion[] = [
    { id: 'header', page: null, bank: 0, start: 0, end: PAGED_HEADER },
    { id: 'lower', page: null, bank: 0, start: PAGED_LOWER_AT, end: PAGED_LOWER_AT + PAGE_SIZE },
  ];
  for (let i = 0; i < n; i++) {
    const start = PAGED_RECORDS_AT + PAGED_RECORD * i;
    const page = byteAt(start);
    const bank = byteAt(start + 1);
    out.push({ id: pagedPageName(page, bank), page, bank, start, end: start + PAGED_RECORD });
  }
  return out;
}
