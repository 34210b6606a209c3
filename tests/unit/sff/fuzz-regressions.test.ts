// Every case a randomised search found, kept as a fixed test: each file in fuzz-regressions/ is
// an image (hex) that once broke a property of fuzz-properties.ts. `npm run fuzz` writes them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../../main/sff/index';
import { parseImage } from '../../../main/sff/image-text';
import { checkImage } from './fuzz-properties';

const DIR = path.join(__dirname, 'fuzz-regressions');
const files = readdirSync(DIR).filter((f) => f.endsWith('.hex')).sort();

describe('fuzz regressions (one image per case a search found)', () => {
  it('holds at least the first case: an external-calibration float decoded as -0', () => {
    expect(files).toContain('external-cal-negative-zero.hex');
  });

  it.each(files)('%s keeps every property', (file) => {
    checkImage(parseImage(readFileSync(path.join(DIR, file))).bytes);
  });

  it('the -0 case: an Rx_PWR(0) of -0.0 comes out as 0, never -0 (JSON would turn it into 0)', () => {
    const m = decodeModule(parseImage(readFileSync(path.join(DIR, 'external-cal-negative-zero.hex'))).bytes);
    const constants = m.details?.calibrationConstants as Record<string, number>;
    expect(Object.is(constants.rxPwr0, 0)).toBe(true);
  });
});
