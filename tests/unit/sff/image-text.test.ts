// Reading module images from text: every layout a technician is likely to paste, and errors that
// name the line for anything else.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BenchError } from '../../../main/errors';
import { formatEthtoolHex, loadImageFile, parseImage } from '../../../main/sff/image-file';
import { buildSfpImage } from '../../../main/sff/image-builder';

/** fast-check runs with a fixed seed in CI (printed in the test name); `npm run fuzz` explores. */
const PROPERTY_SEED = 20261205;

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return e instanceof BenchError ? `${e.code}: ${e.message}` : `not a BenchError: ${String(e)}`;
  }
  return 'no error';
};

describe('parseImage', () => {
  it('binary content is taken as raw bytes', () => {
    const img = buildSfpImage();
    expect(parseImage(img)).toEqual({ bytes: img, format: 'raw' });
  });

  it(`formatEthtoolHex output parses back to the same bytes (any length) (seed ${PROPERTY_SEED})`, () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 700 }), (bytes) => {
        expect(parseImage(text(formatEthtoolHex(bytes)))).toEqual({ bytes, format: 'ethtool-hex' });
      }),
      { seed: PROPERTY_SEED, numRuns: 300 },
    );
  });

  it('ethtool -m hex on, with spaces instead of tabs and CRLF line ends', () => {
    const r = parseImage(text('Offset  Values\r\n------  ------\r\n0x0000:  03 04 07\r\n0x0003:  10 00\r\n'));
    expect(Array.from(r.bytes)).toEqual([3, 4, 7, 0x10, 0]);
    expect(r.format).toBe('ethtool-hex');
  });

  it('plain hex pairs and C arrays read as "hex"', () => {
    expect(Array.from(parseImage(text('03 04 07\n10 ff\n')).bytes)).toEqual([3, 4, 7, 0x10, 0xff]);
    expect(Array.from(parseImage(text('x[3] = {\n\t0x03, 0x04,\n\t0x07 };\n}; \n'.replace(' };', ','))).bytes)).toEqual([3, 4, 7]);
  });

  it('hexdump -C with a "*" repeat line expands the repeat up to the next offset', () => {
    const s = ['00000000  01 02 03 04 05 06 07 08  09 0a 0b 0c 0d 0e 0f 10  |................|', '00000010  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|', '*', '00000030  ff ff ff ff ff ff ff ff  ff ff ff ff ff ff ff ff  |................|', '00000040'].join('\n');
    const b = parseImage(text(s)).bytes;
    expect(b.length).toBe(64);
    expect(b[0x2f]).toBe(0);
    expect(b[0x30]).toBe(0xff);
  });

  it('empty files and files without bytes are IMAGE_EMPTY', () => {
    expect(code(() => parseImage(new Uint8Array()))).toMatch(/^IMAGE_EMPTY/);
    expect(code(() => parseImage(text('\n# nothing here\n')))).toMatch(/^IMAGE_EMPTY/);
  });

  it('unreadable text is IMAGE_UNPARSEABLE naming the line and the token', () => {
    expect(code(() => parseImage(text('03 04\n03 zz 07\n')))).toBe('IMAGE_UNPARSEABLE: line 2: "zz" is not a hex byte in "03 zz 07"');
    expect(code(() => parseImage(text('hello world\n')))).toMatch(/^IMAGE_UNPARSEABLE: line 1:/);
  });

  it('an ethtool offset that skips bytes is refused rather than silently shifting fields', () => {
    expect(code(() => parseImage(text('0x0000: 03 04\n0x0010: 05\n')))).toMatch(/^IMAGE_UNPARSEABLE: line 2: offset 0x10/);
  });
});

describe('loadImageFile', () => {
  it('a missing file is FILE_NOT_FOUND naming the path', async () => {
    await expect(loadImageFile('/nonexistent/module.hex')).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', message: expect.stringContaining('/nonexistent/module.hex') });
  });

  it('reads a raw file from disk as raw bytes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sff-'));
    const file = path.join(dir, 'a.bin');
    const img = buildSfpImage();
    writeFileSync(file, img);
    const r = await loadImageFile(file);
    expect(r.format).toBe('raw');
    expect(Array.from(r.bytes)).toEqual(Array.from(img));
  });
});
