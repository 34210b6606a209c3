// The limit library on disk: resources/limits/*.json (one profile or an array of versions per
// file), validated by the contract's zod schema at load. The only file of main/limits that touches node:*.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LimitProfile } from '../../preload/contract/limits';
import { BenchError } from '../errors';
import { checkUniqueVersions, parseLimitProfiles } from './profiles';

export { resolveProfile, type ResolveOptions, type Resolution } from './resolve';

/** Loads and validates every *.json in `dir`, in file-name order. */
export function loadLimitLibrary(dir: string): LimitProfile[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.json')).sort();
  } catch (e) {
    throw new BenchError('LIMIT_LIBRARY_UNREADABLE', `cannot read the limit library ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { dir });
  }
  const profiles: LimitProfile[] = [];
  for (const f of files) {
    const file = path.join(dir, f);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new BenchError('LIMIT_PROFILE_INVALID', `limit profile file ${f} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, { origin: file });
    }
    profiles.push(...parseLimitProfiles(json, f));
  }
  checkUniqueVersions(profiles);
  return profiles;
}

/**
 * Finds resources/limits: an explicit dir as given, else OPTIC_BENCH_RESOURCES, Electron's resourcesPath, or
 * the first ancestor of this file (source tree or bundled out/main) that has it.
 */
export function defaultLimitsDir(explicit?: string): string {
  // An explicit dir is taken as given: a wrong path must fail loudly, not fall back to the default.
  if (explicit) return explicit;
  const candidates: string[] = [];
  if (process.env.OPTIC_BENCH_RESOURCES) candidates.push(path.join(process.env.OPTIC_BENCH_RESOURCES, 'limits'));
  const rp = (process as { resourcesPath?: string }).resourcesPath;
  if (rp) candidates.push(path.join(rp, 'limits'), path.join(rp, 'resources', 'limits'));
  let dir = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (let i = 0; i < 6; i++) {
    candidates.push(path.join(dir, 'resources', 'limits'));
    dir = path.dirname(dir);
  }
  candidates.push(path.join(process.cwd(), 'resources', 'limits'));
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new BenchError('LIMIT_LIBRARY_UNREADABLE', 'the limit library (resources/limits) is missing from this installation', {});
  return found;
}
