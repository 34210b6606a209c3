// Property tests: decodeModule and evaluateModule never throw and always return values the
// contract accepts and JSON keeps unchanged (no -0, NaN, Infinity), for random bytes of every
// length and real images with random damage. CI runs them with a fixed seed, printed in the test
// names, so a failure here reproduces anywhere; `npm run fuzz` searches with fresh seeds.
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { propertyOf, SEARCHES } from './fuzz-properties';

/** The CI seed: change it only together with a reason (a found case goes to fuzz-regressions/ instead). */
export const FUZZ_SEED = 20261205;
const RUNS = 1500;

describe(`decodeModule and evaluateModule under random input (fast-check seed ${FUZZ_SEED}, ${RUNS} runs each)`, () => {
  for (const [name, search] of Object.entries(SEARCHES)) {
    it(`${name} (seed ${FUZZ_SEED})`, () => {
      fc.assert(propertyOf(search), { seed: FUZZ_SEED, numRuns: RUNS });
    });
  }
});
