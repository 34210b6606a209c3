import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LimitProfileSchema, type LimitProfile } from '../../../preload/contract/limits';
import { BenchError } from '../../../main/errors';
import { parseLimitProfiles } from '../../../main/limits/index';
import { defaultLimitsDir, loadLimitLibrary } from '../../../main/limits/library';
import { profile } from './fixtures';

const SHIPPED = path.resolve(__dirname, '../../../resources/limits');

function errorOf(fn: () => unknown): BenchError {
  try {
    fn();
  } catch (e) {
    if (e instanceof BenchError) return e;
    throw e;
  }
  throw new Error('expected a BenchError');
}

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'limits-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('the shipped limit library', () => {
  const lib = loadLimitLibrary(SHIPPED);
  const byId = new Map(lib.map((p) => [p.id, p]));

  it('loads through the schema and holds the sixteen IEEE interfaces and the CWDM4 MSA, each naming its clause', () => {
    expect([...byId.keys()].sort()).toEqual([
      'ieee-1000base-lx',
      'ieee-1000base-sx',
      'ieee-100gbase-dr',
      'ieee-100gbase-fr1',
      'ieee-100gbase-lr4',
      'ieee-100gbase-sr4',
      'ieee-10gbase-er',
      'ieee-10gbase-lr',
      'ieee-10gbase-sr',
      'ieee-25gbase-sr',
      'ieee-400gbase-dr4',
      'ieee-400gbase-fr4',
      'ieee-400gbase-sr8',
      'ieee-40gbase-lr4',
      'ieee-40gbase-sr4',
      'ieee-800gbase-dr8',
      'msa-100g-cwdm4',
    ]);
    for (const p of lib) {
      expect(p.source).toMatch(p.id.startsWith('msa-') ? /MSA Technical Specification rev \d+\.\d+/ : /IEEE Std 802\.3 clause \d+\.\d+/);
      expect(p.clause).toMatch(p.id.startsWith('msa-') ? /MSA rev \d+\.\d+$/ : /^IEEE 802\.3 clause \d+\.\d+$/);
      expect(p.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(p.version).toBeGreaterThanOrEqual(1);
    }
  });

  // A profile change is a new version: the OMA figures came in as version 2, version 1 is kept
  // exactly as runs judged by it were judged (IEEE 802.3 Tables 52-9/13/17, 95-7, 88-8).
  it.each([
    ['ieee-10gbase-sr', -11.1, null],
    ['ieee-10gbase-lr', -12.6, null],
    ['ieee-10gbase-er', -14.1, null],
    ['ieee-100gbase-sr4', -9.2, 3],
    ['ieee-100gbase-lr4', -8.6, 4.5],
  ])('%s v2 adds Rx OMA %s..%s dBm and keeps v1 without it', (id, min, max) => {
    const [v1, v2] = [1, 2].map((v) => lib.find((p) => p.id === id && p.version === v)!);
    expect(v1?.limits.rxPowerOmaDbm).toBeUndefined();
    expect(v2?.limits.rxPowerOmaDbm).toEqual({ min, max });
    expect({ ...v2?.limits, rxPowerOmaDbm: undefined }).toEqual({ ...v1?.limits, rxPowerOmaDbm: undefined });
  });

  // The figures of shared/domain/sff-8472.md "Spec limits": a typo here would pass or fail modules wrongly.
  it.each([
    ['ieee-1000base-sx', -9.5, 0, -17, 0, 770, 860],
    ['ieee-1000base-lx', -11.5, -3, -19, -3, 1270, 1355],
    ['ieee-10gbase-sr', -7.3, -1.0, -9.9, -1.0, 840, 860],
    ['ieee-10gbase-lr', -8.2, 0.5, -14.4, 0.5, 1260, 1355],
    ['ieee-10gbase-er', -4.7, 4.0, -15.8, -1.0, 1530, 1565],
    ['ieee-25gbase-sr', -8.4, 2.4, -10.3, 2.4, 840, 860],
    ['ieee-100gbase-sr4', -8.4, 2.4, -10.3, 2.4, 840, 860],
    ['ieee-100gbase-lr4', -4.3, 4.5, -10.6, 4.5, 1294, 1311],
    // CMIS interfaces (issue 13): IEEE 802.3 clauses 140.7, 124.7, 151.7 and 138.7, average power per lane.
    ['ieee-100gbase-dr', -2.9, 4.0, -5.9, 4.0, 1304.5, 1317.5],
    ['ieee-100gbase-fr1', -2.4, 4.0, -6.4, 4.0, 1304.5, 1317.5],
    ['ieee-400gbase-dr4', -2.9, 4.0, -5.9, 4.0, 1304.5, 1317.5],
    ['ieee-400gbase-fr4', -3.2, 3.5, -7.2, 3.5, 1264.5, 1337.5],
    ['ieee-400gbase-sr8', -6.5, 4.0, -8.4, 4.0, 840, 860],
    ['ieee-800gbase-dr8', -2.9, 4.0, -5.9, 4.0, 1304.5, 1317.5],
    ['ieee-40gbase-sr4', -7.6, 2.4, -9.5, 2.4, 840, 860],
    ['ieee-40gbase-lr4', -7.0, 2.3, -13.7, 2.3, 1264, 1338],
    ['msa-100g-cwdm4', -6.5, 2.5, -11.5, 2.5, 1264, 1338],
  ])('%s: Tx %s..%s dBm, Rx %s..%s dBm, %s-%s nm', (id, txMin, txMax, rxMin, rxMax, wlMin, wlMax) => {
    const p = byId.get(id)!;
    expect(p.limits.txPowerDbm).toMatchObject({ min: txMin, max: txMax });
    expect(p.limits.rxPowerDbm).toMatchObject({ min: rxMin, max: rxMax });
    expect(p.wavelengthNm).toEqual({ min: wlMin, max: wlMax });
  });

  it('every profile: supply 3.135-3.465 V, commercial 0-70 degC by default, warning bands strictly inside spec', () => {
    for (const p of lib) {
      expect(p.limits.supplyVoltageV).toMatchObject({ min: 3.135, max: 3.465 });
      expect(p.limits.temperatureC).toMatchObject({ min: 0, max: 70 });
      expect(p.temperatureClasses?.extended).toMatchObject({ min: -5, max: 85 });
      expect(p.temperatureClasses?.industrial).toMatchObject({ min: -40, max: 85 });
      for (const [name, r] of Object.entries(p.limits)) {
        // OMA figures are a sensitivity floor (and an overload ceiling): no warning band is claimed for them.
        if (name === 'rxPowerOmaDbm') continue;
        expect(r.warnMin!).toBeGreaterThan(r.min!);
        expect(r.warnMax!).toBeLessThan(r.max!);
      }
      // Bias has no IEEE figure: the module's own thresholds judge it.
      expect(p.limits.txBiasMa).toBeUndefined();
    }
  });

  it('only the multi-lane interfaces are per lane', () => {
    expect([...new Set(lib.filter((p) => p.perLane).map((p) => p.id))].sort()).toEqual([
      'ieee-100gbase-lr4',
      'ieee-100gbase-sr4',
      'ieee-400gbase-dr4',
      'ieee-400gbase-fr4',
      'ieee-400gbase-sr8',
      'ieee-40gbase-lr4',
      'ieee-40gbase-sr4',
      'ieee-800gbase-dr8',
      'msa-100g-cwdm4',
    ]);
  });

  it('defaultLimitsDir finds the shipped library from the source tree', () => {
    expect(loadLimitLibrary(defaultLimitsDir())).toHaveLength(lib.length);
  });
});

describe('loading untrusted profiles', () => {
  const good = (over: Partial<LimitProfile> = {}): string => JSON.stringify(profile(over));

  it('accepts a file holding an array of versions of one profile', () => {
    const dir = dirWith({ 'a.json': `[${good({ version: 1 })}, ${good({ version: 2, effectiveFrom: '2026-01-01' })}]` });
    expect(loadLimitLibrary(dir).map((p) => p.version)).toEqual([1, 2]);
  });

  it('refuses two files defining the same id and version (a version is never rewritten)', () => {
    const dir = dirWith({ 'a.json': good(), 'b.json': good() });
    expect(errorOf(() => loadLimitLibrary(dir)).code).toBe('LIMIT_PROFILE_DUPLICATE');
  });

  it('refuses a file that is not JSON, naming the file', () => {
    const e = errorOf(() => loadLimitLibrary(dirWith({ 'broken.json': '{"id":' })));
    expect(e.code).toBe('LIMIT_PROFILE_INVALID');
    expect(e.message).toContain('broken.json');
  });

  it('refuses a missing library directory', () => {
    expect(errorOf(() => loadLimitLibrary('/nonexistent/limits')).code).toBe('LIMIT_LIBRARY_UNREADABLE');
  });

  it.each([
    ['a warning band outside the spec', { limits: { txPowerDbm: { min: -7.3, max: -1, warnMin: -8, warnMax: -2 } } }, 'warnMin'],
    ['min above max', { limits: { temperatureC: { min: 70, max: 0 } } }, 'above max'],
    ['a part-number pattern that is not a regex', { match: { partNumbers: ['(unclosed'] } }, 'regular expression'],
    ['an impossible effective date format', { effectiveFrom: '01/01/2026' }, 'effectiveFrom'],
    ['effectiveTo before effectiveFrom', { effectiveFrom: '2026-01-01', effectiveTo: '2025-01-01' }, 'effectiveTo'],
    ['an unknown parameter', { limits: { laserTemperatureC: { min: 0, max: 1 } } as never }, 'laserTemperatureC'],
    ['version 0', { version: 0 }, 'version'],
  ])('refuses %s with LIMIT_PROFILE_INVALID naming the problem', (_what, over, words) => {
    const e = errorOf(() => parseLimitProfiles(JSON.parse(good(over as Partial<LimitProfile>)), 'import.json'));
    expect(e.code).toBe('LIMIT_PROFILE_INVALID');
    expect(e.message).toContain('import.json');
    expect(e.message).toContain(words);
  });

  it('the schema round-trips a shipped profile unchanged (no silent field stripping)', () => {
    const p = loadLimitLibrary(SHIPPED)[0]!;
    expect(LimitProfileSchema.parse(JSON.parse(JSON.stringify(p)))).toEqual(p);
  });
});
