// Which limit profile judges a module: the requested one, else by part number, else by the
// interface its compliance codes claim, else none (the module's own thresholds). Pure.
import type { LimitProfile } from '../../preload/contract/limits';
import type { DecodedModule } from '../../preload/contract/module';
import { BenchError } from '../errors';
import { effectiveProfiles } from './profiles';

export interface ResolveOptions {
  /** "ieee-10gbase-sr" (newest version effective at `at`) or "ieee-10gbase-sr@2" (that version, whatever its dates). */
  profileId?: string;
  /** The instant the judgement is for (the test run's time); effective dates are compared as UTC calendar dates. */
  at?: Date;
}

export interface Resolution {
  profile: LimitProfile | null;
  /** "requested", "part number OB-SFP10G-SR", "interface 10GBASE-SR" or "module thresholds". */
  matchedBy: string;
}

/** The UTC calendar date of `at`, as profile dates are written ("2026-11-26"). */
export function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * A compliance entry names one interface ("10GBASE-SR") or, for shared SFF-8024 extended codes,
 * several ("100GBASE-SR4 or 25GBASE-SR"). Returns 2 for an exact match, 1 for one of several, 0 for none.
 */
function interfaceMatch(complianceEntry: string, iface: string): number {
  const a = complianceEntry.trim().toUpperCase();
  const b = iface.trim().toUpperCase();
  if (a === b) return 2;
  const parts = a.split(/\s*(?:,|\bOR\b)\s*/).map((s) => s.trim());
  return parts.includes(b) ? 1 : 0;
}

function partNumberScore(p: LimitProfile, partNumber: string): number {
  let best = 0;
  for (const pattern of p.match.partNumbers ?? []) {
    // Patterns are validated as regexes by the schema; case-insensitive because vendors are not consistent.
    if (new RegExp(pattern, 'i').test(partNumber)) best = Math.max(best, pattern.length);
  }
  return best;
}

export function resolveProfile(module: DecodedModule, profiles: readonly LimitProfile[], opts: ResolveOptions = {}): Resolution {
  const on = isoDay(opts.at ?? new Date());

  if (opts.profileId !== undefined && opts.profileId !== '') {
    const [id, versionText] = opts.profileId.split('@');
    const sameId = profiles.filter((p) => p.id === id);
    if (sameId.length === 0) {
      const known = [...new Set(profiles.map((p) => p.id))].sort().join(', ');
      throw new BenchError('LIMIT_PROFILE_NOT_FOUND', `no limit profile ${JSON.stringify(id)}; known profiles: ${known || 'none'}`, {
        profileId: opts.profileId,
      });
    }
    if (versionText !== undefined) {
      const version = Number(versionText);
      const pinned = sameId.find((p) => p.version === version);
      if (pinned === undefined) {
        throw new BenchError('LIMIT_PROFILE_NOT_FOUND', `limit profile ${id} has no version ${versionText}; versions: ${sameId.map((p) => p.version).join(', ')}`, {
          profileId: opts.profileId,
        });
      }
      return { profile: pinned, matchedBy: 'requested' };
    }
    const effective = effectiveProfiles(sameId, on)[0];
    if (effective === undefined) {
      throw new BenchError('LIMIT_PROFILE_NOT_FOUND', `limit profile ${id} has no version effective on ${on}`, { profileId: opts.profileId, on });
    }
    return { profile: effective, matchedBy: 'requested' };
  }

  const candidates = effectiveProfiles(profiles, on);

  const partNumber = module.vendor.partNumber.trim();
  if (partNumber !== '') {
    let best: { p: LimitProfile; score: number } | null = null;
    for (const p of candidates) {
      const score = partNumberScore(p, partNumber);
      // The longest matching pattern is the most specific; ties keep the first id in order.
      if (score > 0 && (best === null || score > best.score)) best = { p, score };
    }
    if (best !== null) return { profile: best.p, matchedBy: `part number ${partNumber}` };
  }

  const multiLane = (module.diagnostics?.lanes.length ?? 0) > 1 || module.standard === 'SFF-8636' || module.standard === 'CMIS';
  let bestIface: { p: LimitProfile; iface: string; rank: number } | null = null;
  module.compliance.forEach((entry, order) => {
    for (const p of candidates) {
      for (const iface of p.match.interfaces ?? []) {
        const m = interfaceMatch(entry, iface);
        if (m === 0) continue;
        // Exact names beat shared codes; a per-lane profile suits a multi-lane module and vice
        // versa ("100GBASE-SR4 or 25GBASE-SR" on a QSFP28 is the SR4); earlier compliance entries win.
        const rank = m * 1000 + ((p.perLane ?? false) === multiLane ? 100 : 0) - order;
        if (bestIface === null || rank > bestIface.rank) bestIface = { p, iface, rank };
      }
    }
  });
  const found = bestIface as { p: LimitProfile; iface: string; rank: number } | null;
  if (found !== null) return { profile: found.p, matchedBy: `interface ${found.iface}` };

  return { profile: null, matchedBy: 'module thresholds' };
}
