import { describe, expect, it } from 'vitest';
import { BenchError } from '../../../main/errors';
import { effectiveProfiles, resolveProfile } from '../../../main/limits/index';
import { AT, profile, qsfp28, sfp } from './fixtures';

const byInterface = profile({ id: 'iface-sr', match: { interfaces: ['10GBASE-SR'] } });
const byPart = profile({ id: 'pn-ob', match: { partNumbers: ['^OB-SFP10G'] } });
const byLongerPart = profile({ id: 'pn-ob-sr', match: { partNumbers: ['^OB-SFP10G-SR$'] } });

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof BenchError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('resolveProfile: match order', () => {
  it('part number beats interface, whatever the order of the library', () => {
    expect(resolveProfile(sfp(), [byInterface, byPart], { at: AT })).toEqual({ profile: byPart, matchedBy: 'part number OB-SFP10G-SR' });
    expect(resolveProfile(sfp(), [byPart, byInterface], { at: AT }).profile?.id).toBe('pn-ob');
  });

  it('the most specific (longest) part-number pattern wins among several', () => {
    expect(resolveProfile(sfp(), [byPart, byLongerPart, byInterface], { at: AT }).profile?.id).toBe('pn-ob-sr');
  });

  it('part-number patterns match case-insensitively (vendors are not consistent)', () => {
    expect(resolveProfile(sfp({ vendor: { ...sfp().vendor, partNumber: 'ob-sfp10g-sr' } }), [byPart], { at: AT }).profile?.id).toBe('pn-ob');
  });

  it('interface when no part number matches, naming the interface', () => {
    const r = resolveProfile(sfp({ vendor: { ...sfp().vendor, partNumber: 'OTHER-1' } }), [byPart, byInterface], { at: AT });
    expect(r).toEqual({ profile: byInterface, matchedBy: 'interface 10GBASE-SR' });
  });

  it('falls back to the module thresholds when nothing matches', () => {
    expect(resolveProfile(sfp({ compliance: ['1000BASE-T'] }), [byInterface], { at: AT })).toEqual({ profile: null, matchedBy: 'module thresholds' });
  });

  it('a shared SFF-8024 code ("100GBASE-SR4 or 25GBASE-SR") picks the per-lane profile for a QSFP28 and the single-lane one for an SFP28', () => {
    const sr4 = profile({ id: 'sr4', perLane: true, match: { interfaces: ['100GBASE-SR4'] } });
    const sr25 = profile({ id: 'sr25', perLane: false, match: { interfaces: ['25GBASE-SR'] } });
    const shared = ['100GBASE-SR4 or 25GBASE-SR'];
    expect(resolveProfile(qsfp28({ compliance: shared }), [sr25, sr4], { at: AT }).profile?.id).toBe('sr4');
    expect(resolveProfile(sfp({ compliance: shared, vendor: { ...sfp().vendor, partNumber: 'X' } }), [sr4, sr25], { at: AT }).profile?.id).toBe('sr25');
  });

  it('an exact compliance name beats a shared one', () => {
    const sr25 = profile({ id: 'sr25', match: { interfaces: ['25GBASE-SR'] } });
    const lr = profile({ id: 'lr', match: { interfaces: ['10GBASE-LR'] } });
    expect(resolveProfile(sfp({ compliance: ['25GBASE-SR or 10GBASE-LR', '10GBASE-LR'] }), [sr25, lr], { at: AT }).profile?.id).toBe('lr');
  });
});

describe('resolveProfile: versions and effective dates', () => {
  const v1 = profile({ id: 'sr', version: 1, effectiveFrom: '2020-01-01', effectiveTo: '2025-12-31' });
  const v2 = profile({ id: 'sr', version: 2, effectiveFrom: '2026-01-01' });
  const v3future = profile({ id: 'sr', version: 3, effectiveFrom: '2027-01-01' });
  const lib = [v3future, v1, v2];

  it('takes the newest version effective on the test date', () => {
    expect(resolveProfile(sfp(), lib, { at: new Date('2026-06-01T00:00:00Z') }).profile?.version).toBe(2);
    expect(resolveProfile(sfp(), lib, { at: new Date('2027-01-01T00:00:00Z') }).profile?.version).toBe(3);
  });

  it('an old test run is re-judged with the version effective then (effectiveTo inclusive)', () => {
    expect(resolveProfile(sfp(), lib, { at: new Date('2025-12-31T23:59:59Z') }).profile?.version).toBe(1);
    expect(resolveProfile(sfp(), lib, { at: new Date('2026-01-01T00:00:00Z') }).profile?.version).toBe(2);
  });

  it('nothing effective yet falls through to the module thresholds', () => {
    expect(resolveProfile(sfp(), lib, { at: new Date('2019-12-31T12:00:00Z') }).profile).toBeNull();
  });

  it('effectiveFrom null means always; the newest such version wins', () => {
    const a = profile({ id: 'x', version: 4, effectiveFrom: null });
    const b = profile({ id: 'x', version: 7, effectiveFrom: null });
    expect(effectiveProfiles([b, a], '1990-01-01').map((p) => p.version)).toEqual([7]);
  });

  it('a requested id gets its newest effective version; a pinned id@version ignores dates', () => {
    expect(resolveProfile(sfp(), lib, { profileId: 'sr', at: new Date('2026-06-01T00:00:00Z') })).toEqual({ profile: v2, matchedBy: 'requested' });
    expect(resolveProfile(sfp(), lib, { profileId: 'sr@3', at: new Date('2026-06-01T00:00:00Z') }).profile).toBe(v3future);
  });

  it('a requested profile wins over a part-number match (the technician overrides)', () => {
    expect(resolveProfile(sfp(), [byPart, byInterface], { profileId: 'iface-sr', at: AT }).profile?.id).toBe('iface-sr');
  });

  it('refuses unknown ids, unknown versions and ids with nothing effective, with LIMIT_PROFILE_NOT_FOUND', () => {
    expect(code(() => resolveProfile(sfp(), lib, { profileId: 'nope', at: AT }))).toBe('LIMIT_PROFILE_NOT_FOUND');
    expect(code(() => resolveProfile(sfp(), lib, { profileId: 'sr@9', at: AT }))).toBe('LIMIT_PROFILE_NOT_FOUND');
    expect(code(() => resolveProfile(sfp(), lib, { profileId: 'sr', at: new Date('2019-01-01T00:00:00Z') }))).toBe('LIMIT_PROFILE_NOT_FOUND');
  });
});
