// Run by `npm start`, `npm run dev` and `npm run preview` before electron-vite (issue 12 item 13).
// An install made with ELECTRON_SKIP_BINARY_DOWNLOAD=1 (or offline, as many labs are) has the
// electron package but no binary; electron-vite then ends in "Error: Electron uninstall", which
// says neither what is missing nor what to do. This names the missing piece, the two ways to get
// it, and the command line, which needs no Electron, for the meantime; and exits non-zero.
//
// It looks the way node_modules/electron/index.js does (path.txt names the executable under
// dist/, ELECTRON_OVERRIDE_DIST_PATH replaces dist/) but never requires that file: requiring it
// starts a download when the binary is missing, which hangs on an offline bench.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type ElectronCheck =
  | { ok: true; executable: string }
  | { ok: false; missing: string; detail: string };

export function checkElectron(electronDir: string, env: NodeJS.ProcessEnv = process.env): ElectronCheck {
  if (!existsSync(path.join(electronDir, 'package.json'))) {
    return { ok: false, missing: 'the electron package', detail: `${electronDir} has no package.json (npm install was not run, or was run with --omit=dev)` };
  }
  const pathFile = path.join(electronDir, 'path.txt');
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const exe = path.join(override, rel || 'electron');
    return existsSync(exe)
      ? { ok: true, executable: exe }
      : { ok: false, missing: "Electron's binary", detail: `ELECTRON_OVERRIDE_DIST_PATH points to ${override}, which has no ${rel || 'electron'}` };
  }
  if (!rel) {
    return { ok: false, missing: "Electron's binary", detail: `${pathFile} is missing: the binary was never downloaded (the install ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or the download failed)` };
  }
  const dist = path.join(electronDir, 'dist');
  if (!existsSync(dist)) return { ok: false, missing: "Electron's binary", detail: `${dist} is missing (the download was removed or never unpacked)` };
  const exe = path.join(dist, rel);
  if (!existsSync(exe)) return { ok: false, missing: "Electron's binary", detail: `${exe} is missing (dist/ is incomplete)` };
  return { ok: true, executable: exe };
}

export function explain(check: Extract<ElectronCheck, { ok: false }>): string {
  return [
    `Optic Bench cannot start its window: ${check.missing} is not installed.`,
    `  ${check.detail}.`,
    '',
    'To get it (needs the network once):',
    '  - reinstall without ELECTRON_SKIP_BINARY_DOWNLOAD (unset it first):  npm ci',
    '  - or fetch just the binary:  node node_modules/electron/install.js',
    '',
    'Meanwhile the command line works without Electron (read a programmer, decode, check, warranty, soak, records):',
    '  npm run -s cli -- --help',
    '',
  ].join('\n');
}

function main(argv: string[]): number {
  const i = argv.indexOf('--electron-dir');
  const root = fileURLToPath(new URL('../', import.meta.url));
  const dir = i >= 0 && argv[i + 1] ? path.resolve(argv[i + 1]!) : path.join(root, 'node_modules', 'electron');
  const check = checkElectron(dir);
  if (check.ok) return 0;
  process.stderr.write(explain(check));
  return 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
