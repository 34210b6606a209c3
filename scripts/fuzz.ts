// npm run fuzz: a longer randomised search for decoder and judgement bugs than CI runs. The
// seed comes from the clock (or --seed N) and is printed first, so any run can be repeated.
// A failure prints the shrunk case and saves its image in tests/unit/sff/fuzz-regressions/,
// where fuzz-regressions.test.ts checks it on every test run from then on.
//   npm run fuzz [-- --seed N] [--runs N]
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { propertyOf, SEARCHES, toHexLines } from '../tests/unit/sff/fuzz-properties';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const seed = Number(arg('seed') ?? Date.now() % 0x7fffffff);
const runs = Number(arg('runs') ?? 20_000);
const dir = path.resolve(__dirname, '../tests/unit/sff/fuzz-regressions');

process.stdout.write(`fuzz: seed ${seed}, ${runs} runs per search (repeat with: npm run fuzz -- --seed ${seed} --runs ${runs})\n`);
let failed = 0;
const started = Date.now();
for (const [name, search] of Object.entries(SEARCHES)) {
  const t0 = Date.now();
  const result = fc.check(propertyOf(search), { seed, numRuns: runs });
  if (!result.failed) {
    process.stdout.write(`  ok    ${name} (${runs} runs, ${Date.now() - t0} ms)\n`);
    continue;
  }
  failed++;
  const value = result.counterexample?.[0] as never;
  const image = search.image(value);
  const file = path.join(dir, `${name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 40)}-seed-${seed}.hex`);
  const why = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
  writeFileSync(file, `# Found by npm run fuzz (seed ${seed}, search "${name}", after ${result.numRuns} runs): ${why.split('\n')[0]}\n${toHexLines(image)}`);
  process.stdout.write(`  FAIL  ${name}: ${why.split('\n')[0]}\n        ${image.length} bytes saved as ${path.relative(process.cwd(), file)} (now a fixed regression test)\n`);
}
process.stdout.write(
  JSON.stringify({ fuzz: 'decoder+judgement', seed, runsPerSearch: runs, searches: Object.keys(SEARCHES).length, failed, ms: Date.now() - started }) + '\n',
);
process.exit(failed === 0 ? 0 : 1);
