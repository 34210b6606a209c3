// Limit profiles as data: validation of untrusted profile JSON (shipped or imported) and the
// version/effective-date rules. Pure: the file system stays in library.ts.
import { LimitProfileSchema, type LimitProfile } from '../../preload/contract/limits';
import { BenchError } from '../errors';

/**
 * Validates one parsed JSON document (a profile or an array of profiles) from `origin` (a file
 * name, "import"...). LIMIT_PROFILE_INVALID names the origin, the profile and the bad field.
 */
export function parseLimitProfiles(json: unknown, origin: string): LimitProfile[] {
  const items = Array.isArray(json) ? json : [json];
  return items.map((item, index) => {
    const parsed = LimitProfileSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(profile)';
      const id = typeof item === 'object' && item !== null && 'id' in item ? String((item as { id: unknown }).id) : `#${index + 1}`;
      throw new BenchError('LIMIT_PROFILE_INVALID', `limit profile ${id} in ${origin}: ${where}: ${issue?.message ?? 'invalid'}`, {
        origin,
        profile: id,
        path: where,
      });
    }
    return parsed.data as LimitProfile;
  });
}

/** Refuses two profiles with the same id and version: a version is never rewritten, only superseded. */
export function checkUniqueVersions(profiles: readonly LimitProfile[]): void {
  const seen = new Set<string>();
  for (const p of profiles) {
    const key = `${p.id}@${p.version}`;
    if (seen.has(key)) {
      throw new BenchError('LIMIT_PROFILE_DUPLICATE', `limit profile ${p.id} version ${p.version} is defined twice`, { id: p.id, version: p.version });
    }
    seen.add(key);
  }
}

/** True when `p` applies on the ISO date `on` (effectiveFrom and effectiveTo both inclusive). */
export function isEffective(p: LimitProfile, on: string): boolean {
  if (p.effectiveFrom !== null && p.effectiveFrom > on) return false;
  if (p.effectiveTo !== undefined && p.effectiveTo !== null && p.effectiveTo < on) return false;
  return true;
}

/** Per id, the newest version effective on `on`; ids with no effective version are left out. */
export function effectiveProfiles(profiles: readonly LimitProfile[], on: string): LimitProfile[] {
  const newest = new Map<string, LimitProfile>();
  for (const p of profiles) {
    if (!isEffective(p, on)) continue;
    const current = newest.get(p.id);
    if (current === undefined || p.version > current.version) newest.set(p.id, p);
  }
  return [...newest.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** "profile ieee-10gbase-sr v1 (IEEE 802.3 clause 52.5)": the limitSource of a verdict. */
export function describeProfile(p: LimitProfile): string {
  return `profile ${p.id} v${p.version} (${p.clause ?? p.source})`;
}
