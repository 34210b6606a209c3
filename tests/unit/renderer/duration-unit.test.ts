// The statistics' turnaround unit follows the size of the figures (issue 12: a fresh lab's axis
// read 0, 0, 0, 0.1 in hours and "Closure, median" said 0 h).
import { describe, expect, it } from 'vitest';
import { durationUnit } from '../../../renderer/src/features/statistics/duration';

const d = (medianS: number | null, p90S: number | null) => ({ count: 1, medianS, p90S });

describe('turnaround unit', () => {
  it.each([
    [d(12, 40), 'seconds'],
    [d(30, 95), 'minutes'],
    [d(600, 5_000), 'minutes'],
    [d(3_600, 5_400), 'hours'],
    [d(3_600, 72 * 3_600), 'hours'],
    [d(86_400, 72 * 3_600 + 1), 'days'],
  ] as const)('%j is read in %s', (s, unit) => {
    expect(durationUnit(s)).toBe(unit);
  });

  it('the largest of first response and closure decides, and nothing measured is seconds (shown as a dash)', () => {
    expect(durationUnit(d(60, 120), d(100_000, 400_000))).toBe('days');
    expect(durationUnit(d(null, null), d(null, null))).toBe('seconds');
  });
});
