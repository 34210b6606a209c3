// The properties the decoder and the judgement must keep for any input, shared by the CI test
// (tests/unit/sff/fuzz.test.ts: fixed, printed seed) and `npm run fuzz` (scripts/fuzz.ts: a seed
// from the clock, many more runs). A case `npm run fuzz` finds is saved in fuzz-regressions/
// and checked on every run by fuzz-regressions.test.ts.
import fc from 'fast-check';
import { OVERALL_VERDICTS, type Evaluation } from '../../../preload/contract/limits';
import { decodedModuleSchema } from '../../../preload/contract/module-schema';
import { evaluateModule } from '../../../main/limits/index';
import { loadLimitLibrary } from '../../../main/limits/library';
import { decodeModule } from '../../../main/sff/index';
import { formatModuleText } from '../../../main/sff/format-text';
import { buildQsfpImage, buildSfpImage } from '../../../main/sff/image-builder';
import { vectorBytes } from './vectors';

const LIBRARY = loadLimitLibrary(new URL('../../../resources/limits/', import.meta.url).pathname);
const AT = new Date('2026-11-26T12:00:00Z');

/** Deep equality that tells -0 from 0 and NaN from null: what a JSON round trip must keep. */
function sameAfterJson(value: unknown): string | null {
  const back: unknown = JSON.parse(JSON.stringify(value));
  const walk = (a: unknown, b: unknown, path: string): string | null => {
    if (typeof a === 'number') {
      if (!Number.isFinite(a)) return `${path} is ${String(a)}`;
      if (Object.is(a, -0)) return `${path} is -0`;
      return Object.is(a, b) ? null : `${path}: ${a} came back as ${String(b)}`;
    }
    if (Array.isArray(a)) {
      if (!Array.isArray(b) || a.length !== b.length) return `${path}: array changed`;
      for (let i = 0; i < a.length; i++) {
        const e = walk(a[i], b[i], `${path}[${i}]`);
        if (e !== null) return e;
      }
      return null;
    }
    if (a !== null && typeof a === 'object') {
      if (b === null || typeof b !== 'object') return `${path}: object changed`;
      for (const [k, v] of Object.entries(a)) {
        if (v === undefined) continue;
        const e = walk(v, (b as Record<string, unknown>)[k], path === '' ? k : `${path}.${k}`);
        if (e !== null) return e;
      }
      return null;
    }
    return Object.is(a, b) ? null : `${path} changed`;
  };
  return walk(value, back, '');
}

/**
 * Everything that must hold for one image: the decoder never throws, keeps the contract shape,
 * survives JSON unchanged (no -0, NaN, Infinity), prints; the judgement never throws, is
 * JSON-stable, and an incomplete run is never within spec.
 */
export function checkImage(image: Uint8Array): void {
  const m = decodeModule(image);
  const parsed = decodedModuleSchema.safeParse(m);
  if (!parsed.success) throw new Error(`shape: ${parsed.error.message}`);
  const moduleJson = sameAfterJson(m);
  if (moduleJson !== null) throw new Error(`decoded module not JSON-stable: ${moduleJson}`);
  if (typeof formatModuleText(m) !== 'string') throw new Error('text output');
  for (const rxLightSource of [false, true]) {
    const e: Evaluation = evaluateModule(m, { profiles: LIBRARY, setup: { rxLightSource }, at: AT });
    const evalJson = sameAfterJson(e);
    if (evalJson !== null) throw new Error(`evaluation not JSON-stable: ${evalJson}`);
    if (!(OVERALL_VERDICTS as readonly string[]).includes(e.overall)) throw new Error(`overall ${e.overall}`);
    if (e.withinSpec !== (e.overall === 'pass' || e.overall === 'marginal')) throw new Error(`withinSpec ${e.withinSpec} with overall ${e.overall}`);
    if (e.overall === 'incomplete' && (e.incomplete ?? []).length === 0) throw new Error('incomplete without a reason');
    if (e.overall === 'pass' && e.verdicts.some((v) => v.status === 'fail' || (v.status === 'not-measured' && v.reasonCode !== 'rx-no-source'))) {
      throw new Error('pass with a failed or unmeasured parameter');
    }
  }
}

export const seeds: Uint8Array[] = [
  buildSfpImage(),
  buildSfpImage({ diagnostics: { calibration: { external: { txBiasSlope: 1, txBiasOffset: 0, txPowerSlope: 1, txPowerOffset: 0, temperatureSlope: 1, temperatureOffset: 0, voltageSlope: 1, voltageOffset: 0, rxPower: [0, 1, 0, 0, 0] } } } }),
  buildSfpImage({ compliance: ['Passive cable'], diagnostics: null }),
  buildQsfpImage(),
  buildQsfpImage({ flatMemory: true }),
  buildQsfpImage({ deviceTechnology: 0x0a, compliance: ['100GBASE-CR4'] }),
  vectorBytes('vyatta-oem-sfp-10g-sr-it/dump.hex'),
  vectorBytes('fboss-sff-test-vectors/qsfp-cwdm4/flat_lower+page00+page03_384B.hex'),
  vectorBytes('robustness/kaiam-xqx2502-qsfp-40g-lr4/dump_256.hex'),
  vectorBytes('onl-sff-db/entries/53-Amphenol-NDYYYF-0001/dump.hex'),
];

// Identifiers that steer the decoder into each path, to make random images reach deep code.
const interestingId = fc.constantFrom(0x00, 0x02, 0x03, 0x0b, 0x0c, 0x0d, 0x11, 0x18, 0x1b, 0x1e, 0x20, 0x06, 0x7f, 0xff);

/** One search: an arbitrary and the image each value stands for. */
export interface Search<T> {
  arbitrary: fc.Arbitrary<T>;
  image: (value: T) => Uint8Array;
}

const search = <T,>(arbitrary: fc.Arbitrary<T>, image: (value: T) => Uint8Array): Search<T> => ({ arbitrary, image });

/** The three searches: random bytes, ethtool-sized pseudo-random images, damaged real and built images. */
export const SEARCHES: Record<string, Search<never>> = {
  'random bytes of any length up to 700': search(fc.tuple(fc.uint8Array({ maxLength: 700 }), interestingId), ([bytes, id]) => {
    const img = bytes.slice();
    if (img.length > 0) img[0] = id;
    return img;
  }),
  'ethtool-sized images (128/256/384/512/640) with a steering identifier': search(fc.tuple(fc.constantFrom(128, 256, 384, 512, 640), interestingId, fc.integer()), ([len, id, seed]) => {
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
    return img;
  }),
  'real and built images with random byte damage and random truncation': search(
    fc.tuple(fc.nat(seeds.length - 1), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 40 }), fc.option(fc.nat(), { nil: undefined })),
    ([which, edits, cut]) => {
      const img = (seeds[which] as Uint8Array).slice();
      for (const [at, v] of edits) img[at % img.length] = v;
      return cut === undefined ? img : img.slice(0, cut % (img.length + 1));
    },
  ),
} as unknown as Record<string, Search<never>>;

/** The fast-check property of a search. */
export function propertyOf(s: Search<never>): fc.IPropertyWithHooks<[never]> {
  return fc.property(s.arbitrary, (value) => checkImage(s.image(value)));
}

/** An image as the regression files hold it: hex, 16 bytes a line (parseImage reads it back). */
export function toHexLines(image: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < image.length; i += 16) lines.push([...image.subarray(i, i + 16)].map((b) => b.toString(16).padStart(2, '0')).join(' '));
  return lines.join('\n') + '\n';
}
