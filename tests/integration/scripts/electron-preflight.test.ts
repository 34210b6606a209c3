// `npm start` before electron-vite (issue 12 item 13): an install that skipped Electron's binary
// must say what is missing, how to get it and where the command line is, and exit non-zero,
// instead of electron-vite's bare "Error: Electron uninstall". Run as npm runs it (tsx, a child
// process) against fake electron package directories, since this machine's own may have a binary.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkElectron } from '../../../scripts/electron-preflight';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A fake node_modules/electron: the package, and optionally path.txt, dist/ and the executable. */
function fakeElectron(parts: { pathTxt?: boolean; dist?: boolean; exe?: boolean }): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fake-electron-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0' }));
  if (parts.pathTxt) writeFileSync(path.join(dir, 'path.txt'), 'electron');
  if (parts.dist) mkdirSync(path.join(dir, 'dist'));
  if (parts.exe) {
    writeFileSync(path.join(dir, 'dist', 'electron'), '#!/bin/sh\n');
    chmodSync(path.join(dir, 'dist', 'electron'), 0o755);
  }
  return dir;
}

const env = { ...process.env };
delete env.ELECTRON_OVERRIDE_DIST_PATH;
const run = (dir: string, extraEnv: Record<string, string> = {}) =>
  spawnSync(process.execPath, [TSX, 'scripts/electron-preflight.ts', '--electron-dir', dir], { cwd: ROOT, encoding: 'utf8', env: { ...env, ...extraEnv } });

describe('electron preflight (npm start)', () => {
  it.each([
    ['no path.txt (ELECTRON_SKIP_BINARY_DOWNLOAD=1)', { pathTxt: false }, 'path.txt is missing'],
    ['path.txt but no dist/ (download removed)', { pathTxt: true }, 'dist is missing'],
    ['dist/ without the executable', { pathTxt: true, dist: true }, 'is missing (dist/ is incomplete)'],
  ])('%s: names what is missing, both ways to get it and the CLI, exits 1', (_name, parts, detail) => {
    const r = run(fakeElectron(parts));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Electron's binary is not installed");
    expect(r.stderr).toContain(detail);
    expect(r.stderr).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
    expect(r.stderr).toContain('node node_modules/electron/install.js');
    expect(r.stderr).toContain('npm run -s cli -- --help');
    expect(r.stderr).not.toContain('Electron uninstall');
  });

  it('a complete install passes silently with status 0, so npm start goes on to electron-vite', () => {
    const r = run(fakeElectron({ pathTxt: true, dist: true, exe: true }));
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('');
  });

  it('a directory without the electron package says the package itself is missing (npm install --omit=dev)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'no-electron-'));
    dirs.push(dir);
    const r = run(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('the electron package is not installed');
  });

  it('ELECTRON_OVERRIDE_DIST_PATH is honoured as electron itself does: found there passes, missing there names the variable', () => {
    const dir = fakeElectron({ pathTxt: true });
    const elsewhere = fakeElectron({ pathTxt: true, dist: true, exe: true });
    expect(checkElectron(dir, { ELECTRON_OVERRIDE_DIST_PATH: path.join(elsewhere, 'dist') })).toEqual({ ok: true, executable: path.join(elsewhere, 'dist', 'electron') });
    const bad = checkElectron(dir, { ELECTRON_OVERRIDE_DIST_PATH: path.join(dir, 'nowhere') });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.detail).toContain('ELECTRON_OVERRIDE_DIST_PATH');
  });

  it('the start and dev scripts run the preflight before electron-vite', async () => {
    const pkg = (await import('../../../package.json', { with: { type: 'json' } })).default as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toMatch(/^tsx scripts\/electron-preflight\.ts && electron-vite preview$/);
    expect(pkg.scripts.dev).toMatch(/^tsx scripts\/electron-preflight\.ts && electron-vite dev$/);
  });
});
