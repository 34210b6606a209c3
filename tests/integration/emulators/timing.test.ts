import { describe, expect, it } from 'vitest';
import { chunkRead, idealReadTimeMs, LINK } from '../../support/emulators';

describe('ideal read time (the bench:read reference)', () => {
  it('never lets a chunk cross a 128-byte boundary', () => {
    expect(chunkRead(120, 20, 60)).toEqual([{ offset: 120, length: 8 }, { offset: 128, length: 12 }]);
    expect(chunkRead(0, 256, 128)).toEqual([{ offset: 0, length: 128 }, { offset: 128, length: 128 }]);
  });

  it('Bus Pirate: one turnaround + 15 link bytes and 2 I2C transactions per 128-byte chunk + data', () => {
    const bitMs = 0.01; // 100 kHz
    const perChunk = (n: number): number => (15 + n) * LINK.buspirate.byteMs + (20 + 11 + 9 * n) * bitMs;
    expect(idealReadTimeMs('buspirate', [{ addr7: 0x50, offset: 0, length: 256 }])).toBeCloseTo(2 + 2 * perChunk(128), 9);
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
