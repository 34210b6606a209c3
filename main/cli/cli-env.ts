// What every CLI command takes from its surroundings: who runs it and which version of the app.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Who acts, for the audit trail: OPTIC_BENCH_ACTOR, else the login name. */
export function defaultActor(): string {
  return process.env.OPTIC_BENCH_ACTOR ?? os.userInfo().username;
}

/** The app's version from its package.json (found from this file, whatever the working directory). */
export function cliAppVersion(): string {
  if (process.env.npm_package_name === 'optic-bench' && process.env.npm_package_version) return process.env.npm_package_version;
  let dir = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'optic-bench' && pkg.version) return pkg.version;
    } catch {
      // not here: keep walking up
    }
    dir = path.dirname(dir);
  }
  return 'unknown';
}
