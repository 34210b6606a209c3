// Paged module images as files (issue 13 item 5): ethtool text with `# page 0xNN [bank N]`
// sections (offsets continuing or restarting at 0x80), SONiC eeprom-hexdump, the Optic Bench
// paged binary, and `read --out`'s text, which must read back to the same bytes.
import { describe, expect, it } from 'vitest';
import { BenchError } from '../../../main/errors';
import { formatImageText, parseImage } from '../../../main/sff/image-file';
import { buildCmisImage } from '../../../main/sff/cmis-builder';
import { buildQsfpImage } from '../../../main/sff/image-builder';
import { decodeModule } from '../../../main/sff/index';
import { PAGED_MAGIC, decodePagedImage, encodePagedImage, findPage, makePagedImage, pagedLayout } from '../../../main/sff/paged-image';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function hexRows(bytes: Uint8Array, start: number): string[] {
  const out: string[] = [];
  for (let o = 0; o < bytes.length; o += 16) {
    out.push(`0x${(start + o).toString(16).padStart(4, '0')}:  ${Array.from(bytes.subarray(o, o + 16), (b) => b.toString(16).padStart(2, '0')).join(' ')}`);
  }
  return out;
}

function errorOf(fn: () => unknown): BenchError {
  try {
    fn();
  } catch (e) {
    if (e instanceof BenchError) return e;
    throw e;
  }
  throw new Error('expected a BenchError');
}

const cmis = buildCmisImage({
  banks: 2,
  applications: [{ host: 0x11, media: 0x1c, hostLanes: 8, mediaLanes: 8 }],
  lanes: Array.from({ length: 16 }, (_, i) => ({ txBiasMa: 30 + i, txPowerMw: 1, rxPowerMw: 0.7 })),
  vdm: { observables: [{ type: 4, lane: 1, value: 48 }] },
});
const img = decodePagedImage(cmis);

/** The pages of `img` as ethtool-style text, offsets either continuing the count or restarting at 0x80. */
function pagedText(style: 'continue' | 'restart', header = (p: number, b: number): string => `# page 0x${p.toString(16).padStart(2, '0')}${b ? ` bank ${b}` : ''}`): string {
  const lines = ['Offset\t\tValues', '------\t\t------', ...hexRows(img.lower, 0), ...hexRows(findPage(img, 0)!, 0x80)];
  let at = 0x100;
  for (const p of img.pages.filter((x) => !(x.page === 0 && x.bank === 0))) {
    lines.push(header(p.page, p.bank), ...hexRows(p.bytes, style === 'continue' ? at : 0x80));
    at += 128;
  }
  return lines.join('\n') + '\n';
}

describe('paged ethtool text', () => {
  it('offsets continuing 0x0100, 0x0180 ... give the same paged image as the module read', () => {
    const p = parseImage(text(pagedText('continue')));
    expect(p.variant).toBe('ethtool-paged');
    expect(Buffer.from(p.bytes).equals(Buffer.from(cmis))).toBe(true);
  });

  it('offsets restarting at 0x80 for every page, and "11h"-style numbers with a comma before bank, read the same', () => {
    const alt = pagedText('restart', (p, b) => `# Page ${p.toString(16).padStart(2, '0')}h, bank ${b}`);
    expect(Buffer.from(parseImage(text(alt)).bytes).equals(Buffer.from(cmis))).toBe(true);
  });

  it('banked pages keep their bank: bank 1 of page 11h is not bank 0', () => {
    const back = decodePagedImage(parseImage(text(pagedText('restart'))).bytes);
    expect(Buffer.from(findPage(back, 0x11, 1)!).equals(Buffer.from(findPage(img, 0x11, 1)!))).toBe(true);
    expect(decodeModule(cmis).diagnostics?.lanes).toHaveLength(16);
  });

  it("read --out's text (formatImageText) reads back to the same bytes, VDM pages and banks included", () => {
    const out = formatImageText(cmis);
    expect(out).toMatch(/^# page 0x11 bank 1$/m);
    expect(out).toMatch(/^# page 0x24 bank 0$/m);
    expect(Buffer.from(parseImage(text(out)).bytes).equals(Buffer.from(cmis))).toBe(true);
  });

  it('a page that is missing from the file is decoded around and named', () => {
    const noP02 = pagedText('restart').replace(/# page 0x02\n(?:0x[0-9a-f]{4}:.*\n){8}/, '');
    const m = decodeModule(parseImage(text(noP02)).bytes);
    expect(m.cmis?.missingPages).toContainEqual({ page: 0x02, bank: 0 });
    expect(m.problems.some((p) => p.code === 'PAGE_MISSING' && /02h/.test(p.message))).toBe(true);
    expect(m.diagnostics?.lanes).toHaveLength(16);
  });

  it('SFF-8636 pages in the same text come out in the flat 640-byte ethtool layout the SFF decoder reads', () => {
    const q = buildQsfpImage(); // lower + 00h + 01h + 02h + 03h, 640 bytes
    const lines = [...hexRows(q.subarray(0, 256), 0)];
    for (const n of [1, 2, 3]) lines.push(`# page 0x0${n}`, ...hexRows(q.subarray(128 * (n + 1), 128 * (n + 2)), 0x80));
    const p = parseImage(text(lines.join('\n')));
    expect(Buffer.from(p.bytes).equals(Buffer.from(q))).toBe(true);
    expect(decodeModule(p.bytes).standard).toBe('SFF-8636');
  });

  it('an SFF-8636 file with a page beyond 03h is refused naming the page', () => {
    const q = buildQsfpImage();
    const lines = [...hexRows(q.subarray(0, 256), 0), '# page 0x10', ...hexRows(new Uint8Array(128), 0x80)];
    expect(errorOf(() => parseImage(text(lines.join('\n')))).message).toMatch(/SFF-8636 has pages 00h-03h only, not 10h/);
  });
});

describe('paged ethtool text that is wrong', () => {
  const base = pagedText('restart');

  // A typo in a header must not silently merge two pages into one.
  it('a mistyped page header is IMAGE_UNPARSEABLE naming its line', () => {
    const bad = base.replace('# page 0x01', '# page one');
    const e = errorOf(() => parseImage(text(bad)));
    expect(e.code).toBe('IMAGE_UNPARSEABLE');
    expect(e.message).toMatch(/line \d+: "# page one" is not a page header/);
  });

  it('a page with 112 bytes (a row lost in copying) is refused naming the page and its header line', () => {
    const bad = base.replace(/(# page 0x01\n(?:0x[0-9a-f]{4}:.*\n){7})0x[0-9a-f]{4}:.*\n/, '$1');
    const e = errorOf(() => parseImage(text(bad)));
    expect(e.code).toBe('IMAGE_UNPARSEABLE');
    expect(e.message).toMatch(/page 01h holds 112 bytes; a page is 128/);
  });

  it('the same page twice is refused (which copy would be the module?)', () => {
    const p01 = /# page 0x01\n(?:0x[0-9a-f]{4}:.*\n){8}/.exec(base)![0];
    const e = errorOf(() => parseImage(text(base + p01)));
    expect(e.message).toMatch(/page 01h appears twice/);
  });

  it('an offset inside a page that skips a row is refused rather than shifting every later field', () => {
    const bad = base.replace(/(# page 0x01\n0x0080:.*\n)0x0090:/, '$10x00a0:');
    expect(errorOf(() => parseImage(text(bad))).message).toMatch(/offset 0xa0 does not follow/);
  });

  it('a paged file that starts with fewer than 128 bytes before its first page header is refused', () => {
    const bad = ['0x0000:  18 52 00 00', '# page 0x01', ...hexRows(new Uint8Array(128), 0x80)].join('\n');
    expect(errorOf(() => parseImage(text(bad))).message).toMatch(/lower page and page 00h/);
  });

  it('an SFP identifier with page sections is refused: SFF-8472 memory is A0h + A2h, not pages', () => {
    const lower = new Uint8Array(128);
    lower[0] = 0x03;
    const bad = [...hexRows(lower, 0), ...hexRows(new Uint8Array(128), 0x80), '# page 0x01', ...hexRows(new Uint8Array(128), 0x80)].join('\n');
    expect(errorOf(() => parseImage(text(bad))).message).toMatch(/SFF-8472/);
  });
});

describe('SONiC sfputil show eeprom-hexdump', () => {
  function sonicPage(port: string, pageNo: number, lower: Uint8Array, upper: Uint8Array): string {
    const rows = (b: Uint8Array, start: number): string[] =>
      Array.from({ length: 8 }, (_, r) => {
        const s = b.subarray(16 * r, 16 * r + 16);
        const h = Array.from(s, (x) => x.toString(16).padStart(2, '0'));
        return `        ${(start + 16 * r).toString(16).padStart(8, '0')} ${h.slice(0, 8).join(' ')}  ${h.slice(8).join(' ')} |................|`;
      });
    const name = pageNo === 0 ? '0h' : `${pageNo.toString(16)}h`;
    return [`EEPROM hexdump for port ${port} page ${name}`, '        Lower page 0h', ...rows(lower, 0), '', `        Upper page ${name}`, ...rows(upper, 0x80), ''].join('\n');
  }

  it('several -n PAGE runs of one port pasted together give one paged image holding each page once', () => {
    const dump = [0x00, 0x01, 0x02, 0x10, 0x11].map((n) => `admin@sonic:~$ sudo sfputil show eeprom-hexdump -p Ethernet8 -n ${n}\n` + sonicPage('Ethernet8', n, img.lower, findPage(img, n)!)).join('\n');
    const p = parseImage(text(dump));
    expect(p.variant).toBe('sonic-hexdump');
    const back = decodePagedImage(p.bytes);
    expect(back.pages.map((x) => x.page)).toEqual([0x00, 0x01, 0x02, 0x10, 0x11]);
    expect(Buffer.from(findPage(back, 0x11)!).equals(Buffer.from(findPage(img, 0x11)!))).toBe(true);
  });

  it('dumps of two ports in one file are refused: a file is one module', () => {
    const dump = sonicPage('Ethernet0', 0, img.lower, findPage(img, 0)!) + sonicPage('Ethernet8', 0, img.lower, findPage(img, 0)!);
    const e = errorOf(() => parseImage(text(dump)));
    expect(e.code).toBe('IMAGE_UNPARSEABLE');
    expect(e.message).toMatch(/several ports \(Ethernet0, Ethernet8\)/);
  });

  it('a section cut short is refused naming its header line and the count', () => {
    const dump = sonicPage('Ethernet0', 0, img.lower, findPage(img, 0)!).replace(/\n\s+000000f0 .*\n/, '\n');
    expect(errorOf(() => parseImage(text(dump))).message).toMatch(/line \d+: this section holds 112 bytes, not 128/);
  });
});

describe('the Optic Bench paged binary (OBPG v1)', () => {
  it('starts with "OBPG", version 1; the lower page at bytes 8-135; page records (page, bank, 128 bytes) in page-bank order', () => {
    expect(Array.from(cmis.subarray(0, 4))).toEqual(PAGED_MAGIC);
    expect(cmis[4]).toBe(1);
    expect(Buffer.from(cmis.subarray(8, 136)).equals(Buffer.from(img.lower))).toBe(true);
    const layout = pagedLayout(img);
    expect(layout[1]).toMatchObject({ id: 'lower', start: 8, end: 136 });
    const records = layout.slice(2).map((l) => [l.page, l.bank]);
    expect(records).toEqual([...records].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!));
    expect(cmis.length).toBe(136 + img.pages.length * 130);
  });

  it('a file holding it is taken as is (variant paged-binary)', () => {
    const p = parseImage(cmis);
    expect(p.variant).toBe('paged-binary');
    expect(Buffer.from(p.bytes).equals(Buffer.from(cmis))).toBe(true);
  });

  it('a cut or foreign-version container is IMAGE_UNPARSEABLE, not decoded as garbage', () => {
    expect(errorOf(() => parseImage(cmis.subarray(0, cmis.length - 1))).code).toBe('IMAGE_UNPARSEABLE');
    const v2 = cmis.slice();
    v2[4] = 2;
    expect(errorOf(() => parseImage(v2)).message).toMatch(/version/);
  });

  it('encoding sorts pages and refuses duplicates, so one module has one byte form', () => {
    const shuffled = makePagedImage(img.lower, [...img.pages].reverse());
    expect(Buffer.from(encodePagedImage(shuffled)).equals(Buffer.from(cmis))).toBe(true);
    expect(() => makePagedImage(img.lower, [img.pages[0]!, img.pages[0]!])).toThrow(BenchError);
  });
});
