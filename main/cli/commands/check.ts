import { Option, type Command } from 'commander';
import type { ProgrammerKind } from '../../../preload/contract/hardware';
import { TEMPERATURE_CLASSES, type Evaluation, type LaserBringUp, type LimitRange, type TemperatureClass, type TestSetup } from '../../../preload/contract/limits';
import type { DecodedModule } from '../../../preload/contract/module';
import { BenchError } from '../../errors';
// Types only: the hardware layer (serialport) is loaded when --driver asks for it, so a check of
// a file starts without it (the CLI is scripted over thousands of dumps).
import type { SerialBinding } from '../../hardware/index';
import { evaluateModule } from '../../limits/index';
import { defaultLimitsDir, loadLimitLibrary } from '../../limits/library';
import { decodeModule } from '../../sff/index';
import { loadImageFile } from '../../sff/image-file';
import { WORD_RESOURCES } from '../../../preload/contract/words/index';

/** The command line speaks English: the shared words' English next steps (the app and reports say the same). */
export const NEXT_STEP_WORDS: Readonly<Record<string, string>> = WORD_RESOURCES.en.warranty.need;

export interface CheckCliOptions {
  driver?: ProgrammerKind;
  port?: string;
  module?: string;
  profile?: string;
  lightSource?: boolean;
  /** The earlier spelling of --light-source, kept for scripts. */
  rxLight?: boolean;
  tempClass?: TemperatureClass;
  limits?: string;
  json?: boolean;
  /** Read the module as it sits: no laser bring-up, no control byte written (as `read --as-is`). */
  asIs?: boolean;
}

export interface CheckResult {
  /** Where the image came from: a file path or the programmer's description. */
  input: { kind: 'file'; path: string } | { kind: 'programmer'; description: string };
  module: DecodedModule;
  evaluation: Evaluation;
}

function rangeText(r: LimitRange | null): string {
  if (r === null) return '-';
  const b = (v: number | null | undefined, inf: string): string => (v === null || v === undefined ? inf : String(v));
  const spec = `${b(r.min, '-inf')}..${b(r.max, '+inf')}`;
  const warn = r.warnMin != null || r.warnMax != null ? ` (warn ${b(r.warnMin, '-inf')}..${b(r.warnMax, '+inf')})` : '';
  return spec + warn;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** The reasons of the verdicts with `status`, each once (four lanes often say the same thing). */
function reasonsOf(e: Evaluation, status: string): string[] {
  return [...new Set(e.verdicts.filter((v) => v.status === status).map((v) => v.reason))];
}

export function formatCheckText(r: CheckResult): string {
  const m = r.module;
  const e = r.evaluation;
  const lines: string[] = [];
  lines.push(`Module:   ${m.identifier.name}  ${m.vendor.name}  PN ${m.vendor.partNumber}  SN ${m.vendor.serialNumber}`);
  lines.push(`Source:   ${r.input.kind === 'file' ? r.input.path : r.input.description}`);
  if (m.declarations !== undefined) lines.push(`Declares: ${m.declarations.sources.join('; ')}`);
  lines.push(`Profile:  ${e.profile ? `${e.profile.id} v${e.profile.version} (${e.profile.source})` : 'none: module thresholds'}; matched by ${e.matchedBy}`);
  if (e.setup?.laser !== undefined) lines.push(`Lasers:   ${e.setup.laser.outcome}: ${e.setup.laser.detail}`);
  lines.push('');
  const rows = e.verdicts.map((v) => [
    v.status.toUpperCase(),
    v.parameter + (v.lane === null ? '' : ` lane ${v.lane}`),
    v.value === null ? '-' : `${Number(v.value.toFixed(4))} ${v.unit}`,
    rangeText(v.limit),
    v.limitSource,
  ]);
  const header = ['STATUS', 'PARAMETER', 'VALUE', 'LIMIT', 'SOURCE'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  for (const row of [header, ...rows]) lines.push(row.map((c, i) => pad(c, widths[i] ?? 0)).join('  ').trimEnd());
  const faults = e.integrity.filter((c) => c.status === 'fail');
  const sections: Array<[string, string[]]> = [
    ['Failures', [...reasonsOf(e, 'fail'), ...faults.map((c) => `${c.check}: ${c.reason}`)]],
    ['Marginal', reasonsOf(e, 'marginal')],
    ['Not measured', reasonsOf(e, 'not-measured')],
    ['Not applicable', reasonsOf(e, 'not-applicable')],
    // Findings are listed apart from failures: identity oddities, never a fault by themselves.
    ['Findings (not failures)', (e.findings ?? []).map((f) => `${f.check}: ${f.reason}`)],
  ];
  for (const [title, items] of sections) {
    if (items.length === 0) continue;
    lines.push('', `${title}:`);
    for (const item of items) lines.push(`  - ${item}`);
  }
  lines.push('');
  lines.push('Integrity:');
  for (const c of e.integrity) lines.push(`  ${pad(c.status.toUpperCase(), 14)} ${pad(c.check, 21)} ${c.reason}`);
  lines.push('');
  lines.push(`Verdict:  ${e.overall.toUpperCase()}${e.withinSpec ? '' : ' (not within spec)'}`);
  for (const reason of e.incomplete ?? []) lines.push(`  incomplete: ${reason.reason}`);
  if ((e.nextSteps ?? []).length > 0) lines.push(`Next:     ${(e.nextSteps ?? []).map((s) => NEXT_STEP_WORDS[s]).join('; ')}`);
  if ((e.notJudged ?? []).length > 0) lines.push(`Not judged by choice: ${(e.notJudged ?? []).join(', ')} (no light source or loopback attached)`);
  return lines.join('\n') + '\n';
}

async function readFromProgrammer(opts: CheckCliOptions, binding: SerialBinding | undefined, budgetMs?: number): Promise<{ image: Uint8Array; description: string; laser?: LaserBringUp }> {
  const kind = opts.driver as ProgrammerKind;
  if (kind !== 'sim' && !opts.port) {
    throw new BenchError('INVALID_INPUT', `--port is required with --driver ${kind} (list ports with: npm run -s cli -- ports)`);
  }
  const [{ openProgrammer, readModule }, { READ_BUDGET_MS }, { notResponding }] = await Promise.all([
    import('../../hardware/index'),
    import('./read'),
    import('../../hardware/hw-errors'),
  ]);
  const budget = budgetMs ?? READ_BUDGET_MS;
  const started = Date.now();
  const ac = new AbortController();
  let timedOut = false;
  // The budget bounds opening the programmer; the read then runs on the reader's own deadline,
  // which grows by the waits a CMIS module advertises for its bring-up (module power-up, data
  // path init, Tx turn-on): a flat 6 s once cut an 800G module's bring-up short.
  const timer = setTimeout(() => {
    timedOut = true;
    ac.abort();
  }, budget);
  const onSigint = (): void => ac.abort();
  process.once('SIGINT', onSigint);
  try {
    const bus = await openProgrammer({ kind, path: opts.port, module: opts.module, signal: ac.signal, ...(binding ? { binding } : {}) });
    clearTimeout(timer);
    try {
      const result = await readModule(bus, { signal: ac.signal, timeoutMs: Math.max(1000, budget - (Date.now() - started)), asIs: opts.asIs === true });
      return { image: result.image, description: result.programmer.description, ...(result.laser !== undefined ? { laser: result.laser } : {}) };
    } finally {
      await bus.close();
    }
  } catch (e) {
    if (timedOut && e instanceof BenchError && e.code === 'CANCELLED') {
      throw notResponding(opts.port ?? 'the simulated bench', `opening it did not finish within ${budget / 1000} s`);
    }
    throw e;
  } finally {
    clearTimeout(timer);
    process.removeListener('SIGINT', onSigint);
  }
}

/** Where the image of a check comes from, decoded and judged: shared by `check` and `warranty --dump`. */
export interface CheckDeps {
  binding?: SerialBinding;
  now?: () => Date;
  /** The budget for opening the programmer (default READ_BUDGET_MS); tests shorten it. */
  readBudgetMs?: number;
}

export async function runCheck(file: string | undefined, opts: CheckCliOptions, deps: CheckDeps = {}): Promise<CheckResult> {
  if ((file === undefined) === (opts.driver === undefined)) {
    throw new BenchError('INVALID_INPUT', 'give either an image FILE or --driver buspirate|usbiss|sim, not both or neither');
  }
  if (file !== undefined && opts.asIs === true) {
    throw new BenchError('INVALID_INPUT', '--as-is is how a module is read from a programmer (no laser bring-up); an image file is judged as it was dumped');
  }
  // Load the limits first: a broken library or unknown profile must not cost a module read.
  const profiles = loadLimitLibrary(defaultLimitsDir(opts.limits));
  let image: Uint8Array;
  let input: CheckResult['input'];
  const setup: TestSetup = { rxLightSource: opts.lightSource === true || opts.rxLight === true };
  if (file !== undefined) {
    image = (await loadImageFile(file)).bytes;
    input = { kind: 'file', path: file };
    setup.imageSource = 'file';
  } else {
    const read = await readFromProgrammer(opts, deps.binding, deps.readBudgetMs);
    image = read.image;
    input = { kind: 'programmer', description: read.description };
    // The reader confirms a wrong checksum with a second read, and says how it brought the lasers up.
    setup.imageSource = 'programmer';
    if (read.laser !== undefined) setup.laser = read.laser;
  }
  const module = decodeModule(image);
  const evaluation = evaluateModule(module, {
    profiles,
    profileId: opts.profile,
    setup,
    at: (deps.now ?? (() => new Date()))(),
    temperatureClass: opts.tempClass,
  });
  return { input, module, evaluation };
}

/** The options `check` and `warranty --dump` share. */
export function addJudgeOptions(cmd: Command): Command {
  return cmd
    .option('--profile <id>', 'limit profile to use ("ieee-10gbase-sr", or a pinned version "ieee-10gbase-sr@1")')
    .option('--light-source', 'a light source or loopback is attached: judge Rx power')
    .addOption(new Option('--rx-light', 'the same as --light-source').hideHelp())
    .addOption(new Option('--temp-class <class>', 'case temperature class').choices([...TEMPERATURE_CLASSES]))
    .option('--limits <dir>', 'limit library directory (default: the shipped resources/limits)');
}

/**
 * `check FILE | --driver buspirate|usbiss|sim [--port PATH] [--module NAME] [--as-is] [--profile ID]
 * [--light-source] [--temp-class C] [--limits DIR] [--json]`: decode and judge. Exit 0 whenever
 * the check ran, whatever the verdict (pass, marginal, fail or incomplete: it is printed);
 * errors (no file, no programmer, bad profile) exit 1.
 */
export function registerCheck(program: Command, deps: CheckDeps = {}): void {
  const cmd = program
    .command('check [file]')
    .description('Decode a module (image file or programmer) and judge it: pass, marginal, fail or incomplete')
    .addOption(new Option('--driver <kind>', 'read from a programmer instead of a file').choices(['buspirate', 'usbiss', 'sim']))
    .option('--port <path>', 'serial port of the programmer (not needed for sim)')
    .option('--module <name>', 'sim only: module from the simulated library')
    .option('--as-is', 'read the module as it sits: do not bring its lasers up (no control byte is written); laser parameters of a module in low power are then not measured');
  addJudgeOptions(cmd)
    .option('--json', 'print {"input", "module", "evaluation"} as one JSON object')
    .action(async (file: string | undefined, opts: CheckCliOptions) => {
      const result = await runCheck(file, opts, deps);
      process.stdout.write(opts.json === true ? JSON.stringify(result, null, 2) + '\n' : formatCheckText(result));
    });
}
