// Module images as text: parsing `ethtool -m DEV hex on` output (with `# page 0xNN [bank N]`
// sections for further pages), SONiC's `sfputil show eeprom-hexdump`, plain hex pairs, i2cdump,
// `hexdump -C` and C byte arrays, and the Optic Bench paged image (binary); formatting bytes back
// into the ethtool layout, page sections included. Pure.
import { BenchError } from '../errors';
import { decodePagedImage, encodePagedImage, hasPagedMagic, makePagedImage, pageName, pagedToSff8636Flat, type PageBlock } from './paged-image';
import { moduleFamilyOf } from './sff8024';

export type ImageFormat = 'raw' | 'ethtool-hex' | 'hex';
/**
 * Which paged dialect a file was in, when it was one: ethtool text with page sections, SONiC's
 * eeprom-hexdump, or the Optic Bench paged image. Absent for the flat layouts.
 */
export type ImageVariant = 'ethtool-paged' | 'sonic-hexdump' | 'paged-binary';
export interface ParsedImage {
  /** Flat ethtool layout (SFF-8472, SFF-8636, a flat CMIS dump) or the paged image (CMIS pages). */
  bytes: Uint8Array;
  format: ImageFormat;
  variant?: ImageVariant;
  /** What the parser left out and why (e.g. SFF-8472 A2h pages beyond 00h). */
  notes?: string[];
}

// Lines that carry no bytes: ethtool's "Offset Values" header and dashes, i2cdump's column
// header, shell prompts/commands, C array braces, comments.
const IGNORED_LINES: readonly RegExp[] = [
  /^offset\s+values\s*$/i,
  /^-+\s+-+\s*$/,
  /^(?:[0-9a-f]\s+){15}[0-9a-f]\s+0123456789abcdef\s*$/i,
  /^\S*[$#]\s/,
  /^[\w\s]*\[\s*\d*\s*\]\s*=\s*\{\s*$/,
  /^\}\s*;?\s*$/,
  /^(?:#|\/\/)/,
];

/** `# page 0x11`, `# page 11h bank 1`, `# Page 0x10, bank 0`: a page section header. */
const PAGE_HEADER = /^#\s*page\s+(0x[0-9a-f]{1,2}|[0-9a-f]{1,2}h)\b\s*(?:,?\s*bank\s+(\d{1,3}))?\s*$/i;
/** Anything else starting "# page" is a mistyped header, not a comment to skip silently. */
const PAGE_HEADER_LIKE = /^#\s*page\b/i;

// Page numbers appear as "11h" and, in some SONiC releases, "0x11h".
const SONIC_PORT = /^EEPROM hexdump for port (\S+)(?:\s+page\s+(?:0x)?([0-9a-f]+)h)?\s*$/i;
const SONIC_SECTION = /^(?:(Lower|Upper) page (?:0x)?([0-9a-f]{1,2})h|(A0h) dump|(A2h) dump \((lower|upper) 128 bytes\)(?: page (?:0x)?([0-9a-f]{1,2})h)?)\s*$/i;
const SONIC_LINE = /^([0-9a-f]{8})\s+([0-9a-f\s]*?)\s*(?:\|.*)?$/i;

const PAIR = /^[0-9a-f]{2}$/i;

function isText(content: Uint8Array): boolean {
  for (const c of content) {
    if (c === 0x09 || c === 0x0a || c === 0x0d) continue;
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

function unparseable(message: string, line?: number): BenchError {
  return new BenchError('IMAGE_UNPARSEABLE', message, line === undefined ? undefined : { line });
}

/**
 * The most bytes a parsed image may hold: the largest memory layout the app reads (a CMIS paged
 * image with four banks of lane pages and every VDM page stays under 4 KiB) plus a few kilobytes
 * of slack. A hexdump "*" line once expanded 89 bytes of text into 16 MiB.
 */
export const MAX_PARSED_IMAGE_BYTES = 8 * 1024;

function tooBig(lineNo: number | null, bytes: number): BenchError {
  return new BenchError(
    'IMAGE_UNPARSEABLE',
    `${lineNo === null ? 'the file' : `line ${lineNo}`} makes the image ${bytes} bytes, more than any module memory (${MAX_PARSED_IMAGE_BYTES} bytes at most): not a module dump`,
    { bytes, max: MAX_PARSED_IMAGE_BYTES, ...(lineNo === null ? {} : { line: lineNo }) },
  );
}

function pairs(tokens: string[], lineNo: number, line: string): number[] {
  return tokens.map((t) => {
    if (!PAIR.test(t)) throw unparseable(`line ${lineNo}: "${t}" is not a hex byte in "${line.trim()}"`, lineNo);
    return parseInt(t, 16);
  });
}

interface LineResult {
  bytes: number[];
  offsetLines: number;
  /** Offset the first offset-carrying line gave, or null when the lines carry no offsets. */
  firstOffset: number | null;
}

/**
 * Bytes from lines in the flat layouts. `base` is where the first byte lands for offset checks;
 * with `sectionBase` the first offset may instead be 0x80 (a page dumped on its own) or 0x00, and
 * later offsets are relative to that first one.
 */
function parseLines(lines: readonly { text: string; no: number }[], startCount: number, section: boolean): LineResult {
  const out: number[] = [];
  let offsetLines = 0;
  let firstOffset: number | null = null;
  let base = startCount;
  let repeatPending: number[] | null = null; // hexdump -C "*": repeat the previous line up to the next offset
  let previous: number[] = [];
  let i2cBase = 0;
  for (const { text: raw, no: lineNo } of lines) {
    const line = raw.trim();
    if (line === '' || IGNORED_LINES.some((re) => re.test(line))) continue;
    if (line === '*') {
      repeatPending = previous;
      continue;
    }
    let m: RegExpExecArray | null;
    let offset: number | null = null;
    let body: string;
    if ((m = /^0x([0-9a-f]+):\s*(.*)$/i.exec(line)) !== null) {
      // ethtool -m hex on: "0x0000:  03 04 07 ..."
      offset = parseInt(m[1]!, 16);
      body = m[2]!;
      offsetLines++;
    } else if ((m = /^([0-9a-f]{8})(?:\s+(.*))?$/i.exec(line)) !== null) {
      // hexdump -C: "00000000  0d 05 ... |ascii|"; a bare offset ends the dump.
      offset = parseInt(m[1]!, 16);
      body = (m[2] ?? '').replace(/\|.*\|\s*$/, '');
    } else if ((m = /^([0-9a-f]{2,4}):\s+(.*)$/i.exec(line)) !== null) {
      // i2cdump: "00: 03 04 ... 16 bytes    ascii"
      // Consecutive dumps (0x50 then 0x51) each restart at 00: the second lands at the next 256.
      const local = parseInt(m[1]!, 16);
      if (local === 0 && out.length > 0 && out.length % 256 === 0) i2cBase = out.length;
      offset = i2cBase + local;
      body = m[2]!.split(/\s+/).slice(0, 16).join(' ');
    } else {
      body = line.replace(/0x([0-9a-f]{2})\s*,?/gi, '$1 ').replace(/,/g, ' ');
    }
    if (offset !== null) {
      if (offset > MAX_PARSED_IMAGE_BYTES) throw tooBig(lineNo, offset);
      if (firstOffset === null) {
        firstOffset = offset;
        // A page section's offsets either continue the file's count or restart at 0x80 (or 0).
        if (section && out.length === 0 && (offset === 0x80 || offset === 0x00)) base = offset;
      }
      const at = base + out.length;
      if (repeatPending !== null) {
        while (base + out.length < offset && repeatPending.length > 0) out.push(...repeatPending.slice(0, offset - (base + out.length)));
        repeatPending = null;
      }
      if (offset !== base + out.length) {
        throw unparseable(`line ${lineNo}: offset 0x${offset.toString(16)} does not follow the ${section ? `${out.length} bytes of this page before it (expected 0x${at.toString(16)})` : `${at} bytes before it`}`, lineNo);
      }
    }
    const tokens = body.trim() === '' ? [] : body.trim().split(/\s+/);
    const bytes = pairs(tokens, lineNo, raw);
    out.push(...bytes);
    if (out.length > MAX_PARSED_IMAGE_BYTES) throw tooBig(lineNo, out.length);
    if (bytes.length > 0) previous = bytes;
  }
  return { bytes: out, offsetLines, firstOffset };
}

function parsePageNumber(token: string): number {
  return token.toLowerCase().startsWith('0x') ? parseInt(token.slice(2), 16) : parseInt(token.slice(0, -1), 16);
}

/**
 * The page set a paged text or SONiC dump holds, as the bench keeps it: CMIS (and anything else
 * not SFF-8636) as the paged image, SFF-8636 in ethtool's flat layout.
 */
function fromPages(lower: number[], pages: PageBlock[], what: string): Uint8Array {
  const lowerBytes = Uint8Array.from(lower);
  const img = makePagedImage(lowerBytes, pages);
  const id = lowerBytes[0] ?? 0;
  const upperId = img.pages.find((p) => p.page === 0 && p.bank === 0)?.bytes[0] ?? 0;
  const family = moduleFamilyOf(id) ?? moduleFamilyOf(upperId);
  if (family === 'sff8472') throw unparseable(`${what}: the identifier 0x${id.toString(16).padStart(2, '0')} is an SFP (SFF-8472), whose memory is A0h + A2h, not pages; save it as one flat dump`);
  if (family === 'sff8636') {
    const beyond = img.pages.filter((p) => p.page > 0x03 || p.bank !== 0);
    if (beyond.length > 0) throw unparseable(`${what}: SFF-8636 has pages 00h-03h only, not ${beyond.map((p) => pageName(p.page, p.bank)).join(', ')}`);
    return pagedToSff8636Flat(img);
  }
  return encodePagedImage(img);
}

/** ethtool text whose further pages follow `# page 0xNN [bank N]` lines (issue 13 item 5). */
function parsePagedText(lines: { text: string; no: number }[]): ParsedImage {
  const sections: { page: number | null; bank: number; header: number; lines: { text: string; no: number }[] }[] = [{ page: null, bank: 0, header: 0, lines: [] }];
  for (const l of lines) {
    const t = l.text.trim();
    const m = PAGE_HEADER.exec(t);
    if (m) {
      const page = parsePageNumber(m[1]!);
      const bank = m[2] === undefined ? 0 : Number(m[2]);
      if (bank > 255) throw unparseable(`line ${l.no}: bank ${bank} is not 0-255`, l.no);
      sections.push({ page, bank, header: l.no, lines: [] });
    } else if (PAGE_HEADER_LIKE.test(t)) {
      throw unparseable(`line ${l.no}: "${t}" is not a page header; write "# page 0x11" or "# page 0x11 bank 1"`, l.no);
    } else {
      sections[sections.length - 1]!.lines.push(l);
    }
  }
  const head = parseLines(sections[0]!.lines, 0, false);
  let total = head.bytes.length;
  if (total !== 128 && total !== 256) {
    throw unparseable(`before the first "# page" line the file must hold the lower page and page 00h (256 bytes, or the lower page's 128), not ${total} bytes`, sections[1]?.header);
  }
  const lower = head.bytes.slice(0, 128);
  const pages: PageBlock[] = [];
  if (total === 256) pages.push({ page: 0, bank: 0, bytes: Uint8Array.from(head.bytes.slice(128)) });
  for (const s of sections.slice(1)) {
    const r = parseLines(s.lines, total, true);
    if (r.bytes.length !== 128) {
      throw unparseable(`line ${s.header}: page ${pageName(s.page ?? 0, s.bank)} holds ${r.bytes.length} bytes; a page is 128 (its upper-page bytes 0x80-0xff)`, s.header);
    }
    if (pages.some((p) => p.page === s.page && p.bank === s.bank)) throw unparseable(`line ${s.header}: page ${pageName(s.page ?? 0, s.bank)} appears twice`, s.header);
    pages.push({ page: s.page ?? 0, bank: s.bank, bytes: Uint8Array.from(r.bytes) });
    total += r.bytes.length;
  }
  if (!pages.some((p) => p.page === 0 && p.bank === 0)) throw unparseable('the file has no page 00h: give it after the lower page (256 bytes) or as "# page 0x00"');
  return { bytes: fromPages(lower, pages, 'the paged dump'), format: 'ethtool-hex', variant: 'ethtool-paged' };
}

/** SONiC `sfputil show eeprom-hexdump -p PORT [-n PAGE]`, one port. */
function parseSonic(lines: { text: string; no: number }[]): ParsedImage {
  let port: string | null = null;
  type Section = { kind: 'lower' | 'upper' | 'a0' | 'a2-lower' | 'a2-upper'; page: number; no: number; bytes: number[]; start: number };
  const sections: Section[] = [];
  const notes: string[] = [];
  for (const { text, no } of lines) {
    const t = text.trim();
    if (t === '' || /^\S*[$#]\s/.test(t) || t.startsWith('#') || t.startsWith('//')) continue; // prompts, comments
    let m: RegExpExecArray | null;
    if ((m = SONIC_PORT.exec(t)) !== null) {
      if (port !== null && port !== m[1]) throw unparseable(`line ${no}: the file holds dumps of several ports (${port}, ${m[1]}); keep one module per file`, no);
      port = m[1]!;
      continue;
    }
    if ((m = SONIC_SECTION.exec(t)) !== null) {
      if (m[1]) {
        const upper = m[1].toLowerCase() === 'upper';
        sections.push({ kind: upper ? 'upper' : 'lower', page: parseInt(m[2]!, 16), no, bytes: [], start: upper ? 0x80 : 0 });
      } else if (m[3]) sections.push({ kind: 'a0', page: 0, no, bytes: [], start: 0 });
      else {
        const upper = m[5]!.toLowerCase() === 'upper';
        sections.push({ kind: upper ? 'a2-upper' : 'a2-lower', page: m[6] ? parseInt(m[6], 16) : 0, no, bytes: [], start: upper ? 0x80 : 0 });
      }
      continue;
    }
    if (/^error\b/i.test(t) || /not (?:implemented|detected|applicable)/i.test(t)) {
      notes.push(`line ${no}: SONiC reported "${t}"`);
      sections.pop();
      continue;
    }
    const s = sections[sections.length - 1];
    if ((m = SONIC_LINE.exec(t)) === null || s === undefined) throw unparseable(`line ${no}: "${t}" is not part of a SONiC eeprom-hexdump`, no);
    const offset = parseInt(m[1]!, 16);
    if (offset !== s.start + s.bytes.length) {
      throw unparseable(`line ${no}: offset 0x${offset.toString(16)} does not follow the ${s.bytes.length} bytes of this section (expected 0x${(s.start + s.bytes.length).toString(16)})`, no);
    }
    s.bytes.push(...pairs(m[2]!.trim() === '' ? [] : m[2]!.trim().split(/\s+/), no, text));
  }
  if (sections.length === 0) throw new BenchError('IMAGE_EMPTY', 'the SONiC hexdump holds no page');
  for (const s of sections) {
    const want = s.kind === 'a0' ? 256 : 128;
    if (s.bytes.length !== want) throw unparseable(`line ${s.no}: this section holds ${s.bytes.length} bytes, not ${want}`, s.no);
  }
  if (sections.some((s) => s.kind === 'a0')) {
    // SFF-8472: A0h, A2h lower half, A2h upper half of page 00h, as ethtool lays them out.
    const a0 = sections.find((s) => s.kind === 'a0')!;
    const a2l = sections.find((s) => s.kind === 'a2-lower');
    const a2u = sections.find((s) => s.kind === 'a2-upper' && s.page === 0);
    for (const s of sections.filter((x) => x.kind === 'a2-upper' && x.page !== 0)) notes.push(`A2h page ${pageName(s.page)} (line ${s.no}) is not kept: the SFP layout holds A2h page 00h only`);
    const out = new Uint8Array(a2l ? 512 : 256);
    out.set(a0.bytes, 0);
    if (a2l) {
      out.set(a2l.bytes, 256);
      if (a2u) out.set(a2u.bytes, 384);
    }
    return { bytes: out, format: 'hex', variant: 'sonic-hexdump', ...(notes.length > 0 ? { notes } : {}) };
  }
  const lower = sections.find((s) => s.kind === 'lower');
  if (!lower) throw unparseable('the SONiC hexdump has no "Lower page 0h" section');
  const pages: PageBlock[] = [];
  // Several `-n PAGE` runs pasted together repeat the lower page (its live values differ: the
  // first is kept) and, in later SONiC releases, page 00h (identical, or the file is refused).
  for (const s of sections.filter((x) => x.kind === 'upper')) {
    const same = pages.find((p) => p.page === s.page);
    if (same) {
      if (same.bytes.some((b, i) => b !== s.bytes[i])) throw unparseable(`line ${s.no}: upper page ${pageName(s.page)} appears twice with different bytes`, s.no);
      continue;
    }
    pages.push({ page: s.page, bank: 0, bytes: Uint8Array.from(s.bytes) });
  }
  const bytes = fromPages(lower.bytes, pages, 'the SONiC hexdump');
  return { bytes, format: 'hex', variant: 'sonic-hexdump', ...(notes.length > 0 ? { notes } : {}) };
}

/**
 * Bytes from a file's content: the Optic Bench paged image, raw binary (anything that is not
 * printable text) or one of the text layouts above. Throws IMAGE_EMPTY for no bytes,
 * IMAGE_UNPARSEABLE naming the first line it cannot read.
 */
export function parseImage(content: Uint8Array): ParsedImage {
  if (content.length === 0) throw new BenchError('IMAGE_EMPTY', 'the image file is empty');
  // Text expands at most 3:1 into bytes; a file bigger than that bound cannot be one module.
  if (content.length > MAX_PARSED_IMAGE_BYTES * 8) throw tooBig(null, content.length);
  const parsed = parseImageUnbounded(content);
  if (parsed.bytes.length > MAX_PARSED_IMAGE_BYTES) throw tooBig(null, parsed.bytes.length);
  return parsed;
}

function parseImageUnbounded(content: Uint8Array): ParsedImage {
  if (hasPagedMagic(content)) {
    decodePagedImage(content); // throws IMAGE_UNPARSEABLE naming what is wrong
    return { bytes: new Uint8Array(content), format: 'raw', variant: 'paged-binary' };
  }
  if (!isText(content)) return { bytes: content, format: 'raw' };
  const text = new TextDecoder().decode(content);
  const lines = text.split(/\r?\n/).map((t, i) => ({ text: t, no: i + 1 }));
  if (lines.some((l) => SONIC_PORT.test(l.text.trim()) || SONIC_SECTION.test(l.text.trim()))) return parseSonic(lines);
  if (lines.some((l) => PAGE_HEADER_LIKE.test(l.text.trim()))) return parsePagedText(lines);
  const r = parseLines(lines, 0, false);
  if (r.bytes.length === 0) throw new BenchError('IMAGE_EMPTY', 'the image file holds no bytes');
  return { bytes: Uint8Array.from(r.bytes), format: r.offsetLines > 0 ? 'ethtool-hex' : 'hex' };
}

function hexLines(bytes: Uint8Array, start: number): string[] {
  const lines: string[] = [];
  for (let o = 0; o < bytes.length; o += 16) {
    const row = Array.from(bytes.subarray(o, o + 16), (b) => b.toString(16).padStart(2, '0')).join(' ');
    lines.push(`0x${(start + o).toString(16).padStart(4, '0')}:\t\t${row}`);
  }
  return lines;
}

/** The `ethtool -m DEV hex on` layout: "0x0000:\t\t03 04 07 ..." 16 bytes a line. */
export function formatEthtoolHex(bytes: Uint8Array): string {
  return ['Offset\t\tValues', '------\t\t------', ...hexLines(bytes, 0)].join('\n') + '\n';
}

/**
 * An image as text a person can read and every parser here reads back: flat layouts as ethtool
 * prints them; the paged image as the lower page and page 00h (256 bytes), then each further page
 * under `# page 0xNN` (with `bank N` for banked pages, 10h and up), its bytes at 0x80-0xff.
 */
export function formatImageText(bytes: Uint8Array): string {
  if (!hasPagedMagic(bytes)) return formatEthtoolHex(bytes);
  const img = decodePagedImage(bytes);
  const p00 = img.pages.find((p) => p.page === 0 && p.bank === 0);
  const rest = img.pages.filter((p) => p !== p00);
  const names = img.pages.map((p) => pageName(p.page, p.bank)).join(', ');
  const out = [
    `# Optic Bench paged module image: lower page${p00 ? ' and page 00h' : ''} below, then one section per page (${names || 'none'})`,
    'Offset\t\tValues',
    '------\t\t------',
    ...hexLines(img.lower, 0),
  ];
  if (p00) out.push(...hexLines(p00.bytes, 0x80));
  for (const p of rest) {
    out.push(`# page 0x${p.page.toString(16).padStart(2, '0')}${p.page >= 0x10 || p.bank !== 0 ? ` bank ${p.bank}` : ''}`, ...hexLines(p.bytes, 0x80));
  }
  return out.join('\n') + '\n';
}
