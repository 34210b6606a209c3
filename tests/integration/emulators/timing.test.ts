import { describe, expect, it } from 'vitest';
import { chunkRead, idealReadTimeMs, idealTimeMs, LINK } from '../../support/emulators';

describe('ideal read time (the bench:read reference)', () => {
  it('never lets a chunk cross a 128-byte boundary', () => {
    expect(chunkRead(120, 20, 60)).toEqual([{ offset: 120, length: 8 }, { offset: 128, length: 12 }]);
    expect(chunkRead(0, 256, 128)).toEqual([{ offset: 0, length: 128 }, { offset: 128, length: 128 }]);
  });

  it('Bus Pirate pipelined (v4): one turnaround; the first chunk sets the pointer, the next continues from it', async () => {
    const bitMs = 0.01; // 100 kHz
    const first = (15 + 128) * LINK.buspirate.byteMs + (20 + 11 + 9 * 128) * bitMs;
    const next = (7 + 128) * LINK.buspirate.byteMs + (11 + 9 * 128) * bitMs;
    expect(idealReadTimeMs('buspirate', [{ addr7: 0x50, offset: 0, length: 256 }])).toBeCloseTo(2 + first + next, 9);
  });

  it('Bus Pirate v3 (one command in flight): a turnaround per command frame', () => {
    const ops = [{ op: 'read' as const, addr7: 0x50, offset: 0, length: 256 }];
    const piped = idealTimeMs('buspirate', [ops], { pacing: 'pipelined' });
    expect(idealTimeMs('buspirate', [ops]) - piped).toBeCloseTo(2 * 2, 9); // three frames: two more turnarounds
  });

  it('a clock op makes the rest of the plan run at its clock; batches pay their own turnarounds', () => {
    const read = { op: 'read' as const, addr7: 0x50, offset: 0, length: 60 };
    const slow = idealTimeMs('usbiss', [[read], [read]]);
    const fast = idealTimeMs('usbiss', [[read], [{ op: 'clock', hz: 400_000 }], [read]]);
    const bits = 1 + 18 + 1 + 9 * 61 + 1;
    expect(slow).toBeCloseTo(2 + 2 * (64 * 0.001 + bits * 0.01), 9);
    expect(fast).toBeCloseTo(3 + 2 * 64 * 0.001 + 6 * 0.001 + bits * 0.01 + bits * 0.0025, 9);
  });

  it('USB-ISS: 60-byte chunks (I2C_AD1 maximum), so a 128-byte half page takes three', () => {
    const t = idealReadTimeMs('usbiss', [{ addr7: 0x50, offset: 0, length: 128 }]);
    const bits = [60, 60, 8].reduce((s, n) => s + 1 + 18 + 1 + 9 * (1 + n) + 1, 0);
    expect(t).toBeCloseTo(1 + (3 * 4 + 128) * 0.001 + bits * 0.01, 9);
  });

  it('page-select writes are pipelined into the same single turnaround', () => {
    const base = idealReadTimeMs('usbiss', [{ addr7: 0x50, offset: 128, length: 128 }]);
    const withSelect = idealReadTimeMs('usbiss', [{ addr7: 0x50, offset: 128, length: 128 }], {
      writes: [{ addr7: 0x50, offset: 127, data: [3] }],
    });
    expect(withSelect - base).toBeCloseTo(6 * 0.001 + (2 + 27) * 0.01, 9);
  });
});
