// How the statistics split a period into whole months (from the aggregates) and the partial months
// at its ends (from the case table): a month taken whole that the period only partly covers, or a
// partial month read twice, would count cases outside the period or count them twice.
import { describe, expect, it } from 'vitest';
import { monthPlan } from '../../../main/services/statistics';
import { durationBinLows } from '../../../main/db/migrations/1764700000000-statistics-aggregates';

describe('monthPlan', () => {
  it('no bounds: every month whole, nothing read from the case table', () => {
    expect(monthPlan(null, null)).toEqual({ whole: { fromMonth: null, toMonth: null, range: { from: null, to: null } }, edges: [] });
  });

  it('bounds on month starts: whole months only', () => {
    expect(monthPlan('2026-01-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z')).toEqual({
      whole: { fromMonth: '2026-01', toMonth: '2026-04', range: { from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' } },
      edges: [],
    });
  });

  it('bounds inside months: the partial months are edges, the months between whole', () => {
    expect(monthPlan('2025-12-31T23:59:59.999Z', '2026-03-01T00:00:00.001Z')).toEqual({
      whole: { fromMonth: '2026-01', toMonth: '2026-03', range: { from: '2026-01-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' } },
      edges: [
        { from: '2025-12-31T23:59:59.999Z', to: '2026-01-01T00:00:00.000Z' },
        { from: '2026-03-01T00:00:00.000Z', to: '2026-03-01T00:00:00.001Z' },
      ],
    });
  });

  it('a period inside one month (or empty, or reversed) is read from the case table alone', () => {
    expect(monthPlan('2026-02-03T00:00:00.000Z', '2026-02-20T00:00:00.000Z')).toEqual({ whole: null, edges: [{ from: '2026-02-03T00:00:00.000Z', to: '2026-02-20T00:00:00.000Z' }] });
    expect(monthPlan('2026-05-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z')?.whole).toBeNull();
  });

  it('December rolls into the next year; one-sided bounds keep the other side open', () => {
    expect(monthPlan('2025-12-15T00:00:00.000Z', null)).toEqual({
      whole: { fromMonth: '2026-01', toMonth: null, range: { from: '2026-01-01T00:00:00.000Z', to: null } },
      edges: [{ from: '2025-12-15T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' }],
    });
    expect(monthPlan(null, '2026-02-10T00:00:00.000Z')).toEqual({
      whole: { fromMonth: null, toMonth: '2026-02', range: { from: null, to: '2026-02-01T00:00:00.000Z' } },
      edges: [{ from: '2026-02-01T00:00:00.000Z', to: '2026-02-10T00:00:00.000Z' }],
    });
  });

  it("bounds toISOString writes beyond year 9999 are not split (they compare as text before every year's digits)", () => {
    expect(monthPlan('+010000-01-01T00:00:00.000Z', null)).toBeNull();
    expect(monthPlan(null, '+010000-01-01T00:00:00.000Z')).toBeNull();
    expect(monthPlan('9999-12-15T00:00:00.000Z', null)).toEqual({ whole: null, edges: [{ from: '9999-12-15T00:00:00.000Z', to: null }] });
  });
});

describe('duration bins', () => {
  it('start with one bin for every negative value, then every second to 63, then 2 % wide (whole seconds), strictly increasing to 2^53', () => {
    const lows = durationBinLows();
    expect(lows.slice(0, 3)).toEqual([Number.MIN_SAFE_INTEGER, 0, 1]);
    expect(lows[64]).toBe(63);
    for (let i = 66; i < lows.length; i++) {
      expect(lows[i]).toBeGreaterThan(lows[i - 1] as number);
      expect(lows[i]).toBeLessThanOrEqual(Math.max((lows[i - 1] as number) + 1, Math.ceil((lows[i - 1] as number) * 1.02)));
    }
    expect(lows[lows.length - 1]).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
    expect(lows.length).toBeLessThan(2000);
  });
});
