// Property tests: decodeModule never throws and always returns a value the contract schema
// accepts, for random bytes of every length and for real images with random damage.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodedModuleSchema } from '../../../preload/contract/module-schema';
import { decodeModule } from '../../../main/sff/index';
import { formatModuleText } from '../../../main/sff/image-file';
import { buildQsfpImage, buildSfpImage } from '../../../main/sff/image-builder';
import { vectorBytes } from './vectors';

function checkShape(image: Uint8Array): void {
  const m = decodeModule(image);
  const parsed = decodedModuleSchema.safeParse(m);
  if (!parsed.success) throw new Error(`shape: ${parsed.error.message}`);
  // JSON must round-trip (no NaN/Infinity sneaking into --json output as null).
  expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  expect(typeof formatModuleText(m)).toBe('string');
}

const seeds: Uint8Array[] = [
  buildSfpImage(),
  buildSfpImage({ diagnostics: { calibration: { external: { txBiasSlope: 1, txBiasOffset: 0, txPowerSlope: 1, txPowerOffset: 0, temperatureSlope: 1, temperatureOffset: 0, voltageSlope: 1, voltageOffset: 0, rxPower: [0, 1, 0, 0, 0] } } } }),
  buildQsfpImage(),
  buildQsfpImage({ flatMemory: true }),
  vectorBytes('vyatta-oem-sfp-10g-sr-it/dump.hex'),
  vectorBytes('fboss-sff-test-vectors/qsfp-cwdm4/flat_lower+page00+page03_384B.hex'),
];

// Identifiers that steer the decoder into each path, to make random images reach deep code.
const interestingId = fc.constantFrom(0x00, 0x03, 0x0b, 0x0c, 0x0d, 0x11, 0x18, 0x1e, 0x06, 0x7f, 0xff);

describe('decodeModule under random input', () => {
  it('random bytes of any length up to 700: never throws, always the contract shape', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), interestingId, (bytes, id) => {
        if (bytes.length > 0) bytes[0] = id;
        checkShape(bytes);
      }),
      { numRuns: 3000 },
    );
  });

  it('ethtool-sized random images (128/256/384/512/640) with a steering identifier', () => {
    fc.assert(
      fc.property(fc.constantFrom(128, 256, 384, 512, 640), interestingId, fc.integer(), (len, id, seed) => {
        const img = new Uint8Array(len);
        let x = seed | 1;
        for (let i = 0; i < len; i++) {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          img[i] = x & 0xff;
        }
        img[0] = id;
        if (len > 128) img[128] = id;
        checkShape(img);
      }),
      { numRuns: 3000 },
    );
  });

  it('real and built images with random byte damage and random truncation', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 40 }),
        fc.option(fc.nat(), { nil: undefined }),
        (seed, edits, cut) => {
          const img = seed.slice();
          for (const [at, v] of edits) img[at % img.length] = v;
          checkShape(cut === undefined ? img : img.subarray(0, cut % (img.length + 1)));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
