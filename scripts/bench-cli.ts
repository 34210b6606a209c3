// bench:cli: the wall time of one `decode` and one `check` of an image file with the built
// command line (out/cli/optic-bench.cjs), beside `node -e 0` measured in the same run and
// interleaved with it, so a loaded machine moves both. Prints human lines and ends with one JSON
// line. The target (issue 11) is at most 300 ms wall for one decode or check on this machine class.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const bin = path.join(root, 'bin/optic-bench.cjs');
const bundle = path.join(root, 'out/cli/optic-bench.cjs');
const image = path.join(root, 'resources/modules/good-10g-sr.hex');
const runs = Number(process.env.BENCH_CLI_RUNS ?? process.argv[2] ?? 15);

function wall(args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function stats(xs: number[]): { median: number; p90: number; min: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  return { median: Math.round(at(0.5)), p90: Math.round(at(0.9)), min: Math.round(s[0] ?? Number.NaN) };
}

function main(): void {
  if (!existsSync(bundle)) {
    process.stderr.write('out/cli/optic-bench.cjs is missing: run npm run build:cli (or npm run build) first\n');
    process.exit(1);
  }
  const cases: Record<string, string[]> = {
    'node -e 0': ['-e', '0'],
    decode: [bin, 'decode', image],
    'decode --json': [bin, 'decode', image, '--json'],
    check: [bin, 'check', image],
    'check --json': [bin, 'check', image, '--json'],
    // The bundle without the launcher (bin/optic-bench.cjs): what its is-the-build-stale walk costs.
    'check, bundle': [bundle, 'check', image],
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  // One warm-up round (file cache), then interleaved rounds.
  for (const args of Object.values(cases)) wall(args);
  for (let i = 0; i < runs; i++) for (const [name, args] of Object.entries(cases)) times[name]?.push(wall(args));
  const result: Record<string, { median: number; p90: number; min: number }> = {};
  for (const [name, xs] of Object.entries(times)) result[name] = stats(xs);
  const ref = result['node -e 0']?.median ?? 0;
  process.stdout.write(`bench:cli: ${runs} interleaved runs each, ${path.relative(root, image)}\n`);
  for (const [name, s] of Object.entries(result)) {
    const over = name === 'node -e 0' ? '' : ` (node start-up + ${s.median - ref} ms)`;
    process.stdout.write(`  ${name.padEnd(15)} median ${String(s.median).padStart(4)} ms  p90 ${String(s.p90).padStart(4)} ms  min ${String(s.min).padStart(4)} ms${over}\n`);
  }
  const worst = Math.max(...['decode', 'decode --json', 'check', 'check --json'].map((k) => result[k]?.median ?? 0));
  process.stdout.write(`  target: decode and check at most 300 ms wall: ${worst <= 300 ? 'met' : 'NOT met'} (worst median ${worst} ms)\n`);
  process.stdout.write(
    JSON.stringify({ bench: 'cli', runs, referenceMs: ref, decodeMs: result.decode?.median, checkMs: result.check?.median, decodeJsonMs: result['decode --json']?.median, checkJsonMs: result['check --json']?.median, targetMs: 300, met: worst <= 300, detail: result }) + '\n',
  );
}

main();
