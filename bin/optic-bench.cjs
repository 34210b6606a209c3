#!/usr/bin/env node
// The `optic-bench` command (package.json "bin", and `npm run -s cli`). It runs the built
// JavaScript (out/cli/optic-bench.cjs, made by `npm run build` / `npm run build:cli`): people
// script it over thousands of dumps, and compiling the TypeScript sources on every run cost
// 2 s of start-up. In a source checkout whose build is missing or older than the sources it
// runs the sources through tsx instead (slow, but never a stale command), and says so once.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bundle = path.join(root, 'out', 'cli', 'optic-bench.cjs');
const sources = [path.join(root, 'main'), path.join(root, 'preload', 'contract')];

/** The newest modification time under the source folders (0 when they are not here: an installed build). */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const s of sources) walk(s);
  return newest;
}

let built = 0;
try {
  built = fs.statSync(bundle).mtimeMs;
} catch {
  built = 0;
}

if (built > 0 && built >= newestSource()) {
  require(bundle);
} else {
  process.stderr.write(`optic-bench: ${built === 0 ? 'no build' : 'the build is older than the sources'}; running the sources (npm run build:cli makes this fast)\n`);
  const { spawnSync } = require('node:child_process');
  const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const r = spawnSync(process.execPath, [tsx, path.join(root, 'main', 'cli', 'index.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status === null ? 1 : r.status);
}
