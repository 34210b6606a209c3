// Module images as text: parsing `ethtool -m DEV hex on` output, plain hex pairs, i2cdump,
// `hexdump -C` and C byte arrays, and formatting bytes back into the ethtool layout. Pure.
import { BenchError } from '../errors';

export type ImageFormat = 'raw' | 'ethtool-hex' | 'hex';
export interface ParsedImage {
  bytes: Uint8Array;
  format: ImageFormat;
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

const PAIR = /^[0-9a-f]{2}$/i;

function isText(content: Uint8Array): boolean {
  for (const c of content) {
    if (c === 0x09 || c === 0x0a || c === 0x0d) continue;
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

function pairs(tokens: string[], lineNo: number, line: string): number[] {
  return tokens.map((t) => {
    if (!PAIR.test(t)) throw new BenchError('IMAGE_UNPARSEABLE', `line ${lineNo}: "${t}" is not a hex byte in "${line.trim()}"`, { line: lineNo });
    return parseInt(t, 16);
  });
}

/**
 * The most bytes a parsed image may hold: the largest memory layout the app reads (the 640-byte
 * SFF-8636 / CMIS paged image; a CMIS image with its banked pages stays within 2 KiB) plus a few
 * kilobytes of slack. A hexdump "*" line once expanded 89 bytes of text into 16 MiB.
 */
export const MAX_PARSED_IMAGE_BYTES = 8 * 1024;

function tooBig(lineNo: number | null, bytes: number): BenchError {
  return new BenchError(
    'IMAGE_UNPARSEABLE',
    `${lineNo === null ? 'the file' : `line ${lineNo}`} makes the image ${bytes} bytes, more than any module memory (${MAX_PARSED_IMAGE_BYTES} bytes at most): not a module dump`,
    { bytes, max: MAX_PARSED_IMAGE_BYTES, ...(lineNo === null ? {} : { line: lineNo }) },
  );
}

/**
 * Bytes from a file's content: raw binary (anything that is not printable text) or one of the
 * text layouts above. Throws IMAGE_EMPTY for no bytes, IMAGE_UNPARSEABLE naming the first line
 * it cannot read.
 */
export function parseImage(content: Uint8Array): ParsedImage {
  if (content.length === 0) throw new BenchError('IMAGE_EMPTY', 'the image file is empty');
  if (!isText(content)) {
    if (content.length > MAX_PARSED_IMAGE_BYTES) throw tooBig(null, content.length);
    return { bytes: content, format: 'raw' };
  }
  const text = new TextDecoder().decode(content);
  const out: number[] = [];
  let offsetLines = 0;
  let repeatPending: number[] | null = null; // hexdump -C "*": repeat the previous line up to the next offset
  let previous: number[] = [];
  let i2cBase = 0;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const lineNo = i + 1;
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
      if (repeatPending !== null) {
        while (out.length < offset && repeatPending.length > 0) out.push(...repeatPending.slice(0, offset - out.length));
        repeatPending = null;
      }
      if (offset !== out.length) {
        throw new BenchError('IMAGE_UNPARSEABLE', `line ${lineNo}: offset 0x${offset.toString(16)} does not follow the ${out.length} bytes before it`, { line: lineNo });
      }
    }
    const tokens = body.trim() === '' ? [] : body.trim().split(/\s+/);
    const bytes = pairs(tokens, lineNo, raw);
    out.push(...bytes);
    if (out.length > MAX_PARSED_IMAGE_BYTES) throw tooBig(lineNo, out.length);
    if (bytes.length > 0) previous = bytes;
  }
  if (out.length === 0) throw new BenchError('IMAGE_EMPTY', 'the image file holds no bytes');
  return { bytes: Uint8Array.from(out), format: offsetLines > 0 ? 'ethtool-hex' : 'hex' };
}

/** The `ethtool -m DEV hex on` layout: "0x0000:\t\t03 04 07 ..." 16 bytes a line. */
export function formatEthtoolHex(bytes: Uint8Array): string {
  const lines = ['Offset\t\tValues', '------\t\t------'];
  for (let o = 0; o < bytes.length; o += 16) {
    const row = Array.from(bytes.subarray(o, o + 16), (b) => b.toString(16).padStart(2, '0')).join(' ');
    lines.push(`0x${o.toString(16).padStart(4, '0')}:\t\t${row}`);
  }
  return lines.join('\n') + '\n';
}
