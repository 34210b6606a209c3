// npm run lint:security: Doyensec's Electronegativity over the shipped sources (main/, preload/,
// renderer/ and package.json), failing on any finding above INFORMATIONAL or any file it could
// not parse. Its own CLI is not used: it exits 0 whatever it finds, breaks against the hoisted
// commander 14, and fetches translations from the internet on every start; the runner it wraps
// is called directly with that download replaced by an immediate "offline" answer.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const SCANNED = ['main', 'preload', 'renderer', 'package.json'];

interface Level {
  value: number;
  name: string;
}
interface Issue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: Level;
  confidence: Level;
  description: string;
  manualReview?: boolean;
}
interface RunResult {
  globalChecks: number;
  atomicChecks: number;
  errors: { file: string; message: string; tolerable?: boolean }[];
  issues: Issue[];
}

/** Keeps the scanner off the network: its translation download answers "offline" at once. */
function blockTranslationDownload(require: NodeJS.Require): void {
  const i18nFile = require.resolve('@doyensec/electronegativity/dist/locales/i18n.js');
  const gotFile = require.resolve('got', { paths: [path.dirname(i18nFile)] });
  const offline = (): Promise<never> => Promise.reject(new Error('offline: translations are not downloaded'));
  const stub = new Module(gotFile);
  stub.filename = gotFile;
  stub.loaded = true;
  stub.exports = Object.assign(offline, { default: offline });
  (Module as unknown as { _cache: Record<string, Module> })._cache[gotFile] = stub;
}

export async function scan(root: string = ROOT): Promise<RunResult> {
  const require = createRequire(__filename);
  blockTranslationDownload(require);
  // A copy holding only what ships, so tests/, scripts/ and build output are not judged as app code.
  const input = mkdtempSync(path.join(os.tmpdir(), 'optic-bench-electronegativity-'));
  try {
    for (const entry of SCANNED) cpSync(path.join(root, entry), path.join(input, entry), { recursive: true });
    const runnerModule = require('@doyensec/electronegativity/dist/runner.js') as { default?: unknown } | ((...a: unknown[]) => Promise<RunResult>);
    const run = (typeof runnerModule === 'function' ? runnerModule : runnerModule.default) as (opts: Record<string, unknown>, forCli: boolean) => Promise<RunResult>;
    const quiet = console.log;
    console.log = () => undefined; // the i18n module prints its "could not retrieve" line
    try {
      return await run(
        {
          input,
          output: undefined,
          isSarif: false,
          customScan: [],
          excludeFromScan: [],
          severitySet: undefined,
          confidenceSet: undefined,
          isRelative: true,
          isVerbose: true,
          electronUpgrade: undefined,
          electronVersionOverride: undefined,
          parserPlugins: [],
        },
        false,
      );
    } finally {
      console.log = quiet;
    }
  } finally {
    rmSync(input, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const result = await scan();
  const blocking = result.issues.filter((i) => i.severity.value > 0);
  const info = result.issues.filter((i) => i.severity.value === 0);
  const parseErrors = result.errors.filter((e) => !e.tolerable);
  console.log(`electronegativity: ${result.atomicChecks} atomic + ${result.globalChecks} global checks over ${SCANNED.join(', ')}`);
  for (const i of [...blocking, ...info]) {
    console.log(`  ${i.severity.name.padEnd(13)} ${i.confidence.name.padEnd(9)} ${i.id}  ${i.file}:${i.location.line}:${i.location.column}${i.manualReview ? '  (manual review)' : ''}`);
    console.log(`      ${i.description}`);
  }
  for (const e of parseErrors) console.log(`  PARSE ERROR   ${e.file}: ${e.message}`);
  console.log(`${blocking.length} findings above informational, ${info.length} informational, ${parseErrors.length} files not parsed`);
  if (blocking.length > 0 || parseErrors.length > 0) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
