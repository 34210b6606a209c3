// Builds the command line to plain JavaScript (out/cli/optic-bench.cjs), so `optic-bench` and
// `npm run -s cli` start in Node directly instead of compiling TypeScript on every run (2.1-2.4 s
// before, nearly all of it start-up). Packages the app depends on at run time stay external and
// are required only by the command that needs them (main/cli/index.ts loads one command);
// build-time packages (i18next) are bundled, as electron-vite does for the app.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

/**
 * zod re-exports its 50 message locales as `z.locales` (about 400 KiB of the bundle); the app
 * words errors itself and uses zod's English default only, which zod imports on its own. Parsing
 * the others cost a `check` ~40 ms of start-up (bench:cli), so the bundle keeps English alone.
 */
const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /[\\/]locales[\\/]index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: path.join(path.dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({ contents: `export { default as en } from ${JSON.stringify(args.path)};`, loader: 'js', resolveDir: path.dirname(args.path) }));
  },
};

async function main(): Promise<void> {
  const started = Date.now();
  // `--outfile PATH` builds elsewhere (tests build a private copy inside the repository, so the
  // external packages still resolve from its node_modules, and never race `npm run build`).
  const at = process.argv.indexOf('--outfile');
  const outfile = path.resolve(root, at >= 0 && process.argv[at + 1] ? process.argv[at + 1]! : 'out/cli/optic-bench.cjs');
  const rel = path.relative(root, outfile).split(path.sep).join('/');
  const result = await build({
    entryPoints: [path.join(root, 'main/cli/bin.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // zod is bundled too: one parse of the parts the contract uses beats requiring all of it (bench:cli).
    external: Object.keys(pkg.dependencies).filter((d) => d !== 'zod'),
    jsx: 'automatic',
    sourcemap: true,
    banner: { js: '#!/usr/bin/env node' },
    legalComments: 'none',
    metafile: true,
    plugins: [zodEnglishOnly],
    logLevel: 'warning',
  });
  const out = result.metafile.outputs[rel];
  process.stdout.write(`${rel}: ${Math.round((out?.bytes ?? 0) / 1024)} KiB in ${Date.now() - started} ms\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`build-cli failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
