// Issue 16: 89 bytes of hexdump text ("*" then a far offset) became a 16 MiB image (9 s, 523 MB
// in decode). A parsed image is capped a few kilobytes above the largest module layout.
import { describe, expect, it } from 'vitest';
import { MAX_PARSED_IMAGE_BYTES, parseImage } from '../../../main/sff/image-text';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('parsed image size cap', () => {
  it('refuses a hexdump whose "*" line would expand to 16 MiB, at once and naming the line', () => {
    const dump = '00000000  03 04 07 10 00 00 00 20  40 0c 00 01 0a 00 00 00  |................|\n*\n01000000\n';
    expect(dump.length).toBeLessThan(100);
    const started = Date.now();
    expect(() => parseImage(text(dump))).toThrow(expect.objectContaining({ code: 'IMAGE_UNPARSEABLE', message: expect.stringContaining('line 3') }));
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('still expands "*" within a real layout (640 bytes of a QSFP image)', () => {
    const dump = '00000000  0d 05 ff ff ff ff ff ff  ff ff ff ff ff ff ff ff  |................|\n*\n00000280\n';
    expect(parseImage(text(dump)).bytes.length).toBe(640);
  });

  it('refuses raw binary files larger than the cap, and accepts one at the cap', () => {
    expect(() => parseImage(new Uint8Array(MAX_PARSED_IMAGE_BYTES + 1).fill(0xff))).toThrow(expect.objectContaining({ code: 'IMAGE_UNPARSEABLE' }));
    expect(parseImage(new Uint8Array(MAX_PARSED_IMAGE_BYTES).fill(0xff)).bytes.length).toBe(MAX_PARSED_IMAGE_BYTES);
  });

  it('refuses a long plain hex listing past the cap', () => {
    const line = Array.from({ length: 16 }, () => 'ab').join(' ');
    const listing = Array.from({ length: MAX_PARSED_IMAGE_BYTES / 16 + 1 }, () => line).join('\n');
    expect(() => parseImage(text(listing))).toThrow(expect.objectContaining({ code: 'IMAGE_UNPARSEABLE' }));
  });
});
