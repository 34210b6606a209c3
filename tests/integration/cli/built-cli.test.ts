// The built command line (scripts/build-cli.ts, esbuild): a private build, spawned as people run
// it, prints exactly what main() prints in-process, exits with the same codes, and the launcher
// (bin/optic-bench.cjs) falls back to the sources rather than run a stale build.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// Relative to the repository (the working directory of both runs), so the titles read well.
const MODULES = 'resources/modules';
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
let dir: string;
let bundle: string;

beforeAll(() => {
  // Inside the repository (test-output/ is ignored) so the packages left external resolve from node_modules.
  mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
  dir = mkdtempSync(path.join(ROOT, 'test-output', 'built-cli-'));
  bundle = path.join(dir, 'optic-bench.cjs');
  const b = spawnSync(process.execPath, [TSX, 'scripts/build-cli.ts', '--outfile', bundle], { cwd: ROOT, encoding: 'utf8' });
  expect(b.status, b.stderr).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spawnBuilt = (argv: string[]) => spawnSync(process.execPath, [bundle, ...argv], { cwd: ROOT, encoding: 'utf8' });

describe('the built CLI', () => {
  it.each([
    ['decode', path.join(MODULES, 'good-10g-sr.hex'), '--json'],
    ['check', path.join(MODULES, 'weak-tx.hex')],
    ['check', path.join(MODULES, 'copper-no-ddm.hex'), '--json'],
    ['warranty', '--dump', path.join(MODULES, 'weak-tx.hex'), '--delivered', '2025-06-01', '--notified', '2025-07-01', '--cause', 'non-human', '--json'],
  ])('%s %s … prints what main() prints in-process', async (...argv: string[]) => {
    const built = spawnBuilt(argv);
    const inProcess = await runCli(argv);
    expect(built.status).toBe(inProcess.code);
    expect(built.stdout).toBe(inProcess.out);
    expect(built.stderr).toBe('');
  });

  it('exits 1 with the coded error on stderr and nothing on stdout', () => {
    const r = spawnBuilt(['check', '/no/such/file.hex']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('FILE_NOT_FOUND');
  });

  it('the launcher runs the sources, and says so, when the build is older than them', () => {
    // A checkout of its own (bin/ beside out/cli, the sources linked in) whose bundle is ancient.
    const fakeRoot = mkdtempSync(path.join(ROOT, 'test-output', 'launcher-'));
    try {
      mkdirSync(path.join(fakeRoot, 'bin'));
      mkdirSync(path.join(fakeRoot, 'out', 'cli'), { recursive: true });
      copyFileSync(path.join(ROOT, 'bin/optic-bench.cjs'), path.join(fakeRoot, 'bin/optic-bench.cjs'));
      copyFileSync(bundle, path.join(fakeRoot, 'out/cli/optic-bench.cjs'));
      for (const d of ['main', 'preload', 'node_modules', 'resources', 'package.json']) symlinkSync(path.join(ROOT, d), path.join(fakeRoot, d));
      utimesSync(path.join(fakeRoot, 'out/cli/optic-bench.cjs'), new Date('2001-01-01'), new Date('2001-01-01'));
      const r = spawnSync(process.execPath, [path.join(fakeRoot, 'bin/optic-bench.cjs'), 'decode', path.join(MODULES, 'good-10g-sr.hex'), '--json'], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stderr).toContain('the build is older than the sources');
      expect(JSON.parse(r.stdout)).toMatchObject({ standard: 'SFF-8472' });
    } finally {
      rmSync(fakeRoot, { recursive: true, force: true });
    }
  }, 60_000);
});
