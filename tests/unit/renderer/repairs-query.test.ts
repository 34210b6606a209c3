// The pure pieces between the Repairs / Supervision screens and the records channels.
import { describe, expect, it } from 'vitest';
import { CaseListQuerySchema } from '../../../preload/contract/records';
import { nextDay, rmaNumbersFor, toListQuery } from '../../../renderer/src/features/repairs/case-query';
import type { CaseListFilters } from '../../../renderer/src/features/repairs/types';
import { weekSeed } from '../../../renderer/src/features/supervision/week-seed';

const EMPTY: CaseListFilters = { status: null, customerId: null, technicianId: null, partNumber: null, from: null, to: null, search: '', sort: 'notified-desc' };

describe('toListQuery', () => {
  it('sends no filter for empty fields, so main does not reject an empty search string', () => {
    const q = toListQuery({ ...EMPTY, search: '   ' }, null, 500);
    expect(q).toEqual({ filters: {}, sort: 'notified-desc', limit: 500, cursor: null });
    expect(CaseListQuerySchema.safeParse(q).success).toBe(true);
  });

  it('turns the inclusive "to" date of the filter bar into the exclusive bound the service uses', () => {
    const q = toListQuery({ ...EMPTY, from: '2026-01-01', to: '2026-01-31' }, null, 500);
    expect(q.filters).toEqual({ from: '2026-01-01', to: '2026-02-01' });
  });

  it('passes every filter the bar offers in the shape the contract validates', () => {
    const q = toListQuery({ status: 'closed', customerId: 3, technicianId: 7, partNumber: 'OB-SFP10G-SR', from: null, to: null, search: ' OB01 ', sort: 'notified-asc' }, 'cursor-1', 500);
    expect(q).toEqual({ filters: { status: ['closed'], customerId: 3, technicianId: 7, partNumber: 'OB-SFP10G-SR', search: 'OB01' }, sort: 'notified-asc', limit: 500, cursor: 'cursor-1' });
    expect(CaseListQuerySchema.safeParse(q).success).toBe(true);
  });
});

describe('nextDay', () => {
  it('crosses month, year and leap-day boundaries by the calendar, not by 24 h of local time', () => {
    expect(nextDay('2026-01-31')).toBe('2026-02-01');
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
    expect(nextDay('2027-02-28')).toBe('2027-03-01');
  });
});

describe('rmaNumbersFor', () => {
  it('keeps a single module on the RMA as typed', () => {
    expect(rmaNumbersFor('RMA-7', 1)).toEqual(['RMA-7']);
  });

  it('numbers several modules so they sort and share the RMA prefix', () => {
    expect(rmaNumbersFor('RMA-7', 3)).toEqual(['RMA-7-01', 'RMA-7-02', 'RMA-7-03']);
    // 100 modules need three digits, or -100 would sort before -11.
    expect(rmaNumbersFor('R', 100)[99]).toBe('R-100');
    expect(rmaNumbersFor('R', 100)[0]).toBe('R-001');
  });
});

describe('weekSeed', () => {
  it('is the ISO week: the whole week gives the same seed, the next week another', () => {
    // 2026-11-23 is a Monday, ISO week 48.
    const monday = weekSeed(new Date(2026, 10, 23));
    expect(monday).toBe(202648);
    expect(weekSeed(new Date(2026, 10, 29))).toBe(202648);
    expect(weekSeed(new Date(2026, 10, 30))).toBe(202649);
  });

  it('puts the days around New Year in the ISO year of their Thursday', () => {
    // 2027-01-01 is a Friday: it belongs to 2026-W53.
    expect(weekSeed(new Date(2027, 0, 1))).toBe(202653);
    // 2024-12-30 is a Monday: week 1 of 2025.
    expect(weekSeed(new Date(2024, 11, 30))).toBe(202501);
  });
});
