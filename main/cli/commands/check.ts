import { Option, type Command } from 'commander';
import type { ProgrammerKind } from '../../../preload/contract/hardware';
import { TEMPERATURE_CLASSES, type Evaluation, type LimitRange, type TemperatureClass } from '../../../preload/contract/limits';
import type { DecodedModule } from '../../../preload/contract/module';
import { BenchError } from '../../errors';
import { openProgrammer, readModule, type SerialBinding } from '../../hardware/index';
import { evaluateModule } from '../../limits/index';
import { defaultLimitsDir, loadLimitLibrary } from '../../limits/library';
import { decodeModule } from '../../sff/index';
import { loadImageFile } from '../../sff/image-file';
import { READ_BUDGET_MS } from './read';

interface CheckCliOptions {
  driver?: ProgrammerKind;
  port?: string;
  module?: string;
  profile?: string;
  rxLight?: boolean;
  tempClass?: TemperatureClass;
  limits?: string;
  json?: boolean;
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

export function formatCheckText(r: CheckResult): string {
  const m = r.module;
  const e = r.evaluation;
  const lines: string[] = [];
  lines.push(`Module:   ${m.identifier.name}  ${m.vendor.name}  PN ${m.vendor.partNumber}  SN ${m.vendor.serialNumber}`);
  lines.push(`Source:   ${r.input.kind === 'file' ? r.input.path : r.input.description}`);
  lines.push(`Profile:  ${e.profile ? `${e.profile.id} v${e.profile.version} (${e.profile.source})` : 'none: module thresholds'}; matched by ${e.matchedBy}`);
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
  const notes = e.verdicts.filter((v) => v.status !== 'pass');
  if (notes.length > 0) {
    lines.push('');
    for (const v of notes) lines.push(`${v.status}: ${v.reason}`);
  }
  lines.push('');
  lines.push('Integrity:');
  for (const c of e.integrity) lines.push(`  ${pad(c.status.toUpperCase(), 14)} ${pad(c.check, 21)} ${c.reason}`);
  lines.push('');
  lines.push(`Verdict:  ${e.overall.toUpperCase()}${e.withinSpec ? '' : ' (not within spec)'}`);
  return lines.join('\n') + '\n';
}

async function readFromProgrammer(opts: CheckCliOptions, binding: SerialBinding | undefined): Promise<{ image: Uint8Array; description: string }> {
  const kind = opts.driver as ProgrammerKind;
  if (kind !== 'sim' && !opts.port) {
    throw new BenchError('INVALID_INPUT', `--port is required with --driver ${kind} (list ports with: npm run -s cli -- ports)`);
  }
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), READ_BUDGET_MS);
  const onSigint = (): void => ac.abort();
  process.once('SIGINT', onSigint);
  try {
    const bus = await openProgrammer({ kind, path: opts.port, module: opts.module, signal: ac.signal, ...(binding ? { binding } : {}) });
    try {
      const result = await readModule(bus, { signal: ac.signal, timeoutMs: READ_BUDGET_MS });
      return { image: result.image, description: result.programmer.description };
    } finally {
      await bus.close();
    }
  } finally {
    clearTimeout(timer);
    process.removeListener('SIGINT', onSigint);
  }
}

/**
 * `check FILE | --driver buspirate|usbiss|sim [--port PATH] [--module NAME] [--profile ID]
 * [--rx-light] [--temp-class C] [--limits DIR] [--json]`: decode and judge. Exit 0 whenever the
 * check ran, whatever the verdict (it is printed); errors (no file, no programmer, bad profile) exit 1.
 */
export function registerCheck(program: Command, deps: { binding?: SerialBinding; now?: () => Date } = {}): void {
  program
    .command('check [file]')
    .description('Decode a module (image file or programmer) and judge it against spec limits')
    .addOption(new Option('--driver <kind>', 'read from a programmer instead of a file').choices(['buspirate', 'usbiss', 'sim']))
    .option('--port <path>', 'serial port of the programmer (not needed for sim)')
    .option('--module <name>', 'sim only: module from the simulated library')
    .option('--profile <id>', 'limit profile to use ("ieee-10gbase-sr", or a pinned version "ieee-10gbase-sr@1")')
    .option('--rx-light', 'a light source or loopback is attached: judge Rx power')
    .addOption(new Option('--temp-class <class>', 'case temperature class').choices([...TEMPERATURE_CLASSES]))
    .option('--limits <dir>', 'limit library directory (default: the shipped resources/limits)')
    .option('--json', 'print {"input", "module", "evaluation"} as one JSON object')
    .action(async (file: string | undefined, opts: CheckCliOptions) => {
      if ((file === undefined) === (opts.driver === undefined)) {
        throw new BenchError('INVALID_INPUT', 'give either an image FILE or --driver buspirate|usbiss|sim, not both or neither');
      }
      // Load the limits first: a broken library or unknown profile must not cost a module read.
      const profiles = loadLimitLibrary(defaultLimitsDir(opts.limits));
      let image: Uint8Array;
      let input: CheckResult['input'];
      if (file !== undefined) {
        image = (await loadImageFile(file)).bytes;
        input = { kind: 'file', path: file };
      } else {
        const read = await readFromProgrammer(opts, deps.binding);
        image = read.image;
        input = { kind: 'programmer', description: read.description };
      }
      const module = decodeModule(image);
      const evaluation = evaluateModule(module, {
        profiles,
        profileId: opts.profile,
        setup: { rxLightSource: opts.rxLight === true },
        at: (deps.now ?? (() => new Date()))(),
        temperatureClass: opts.tempClass,
      });
      const result: CheckResult = { input, module, evaluation };
      process.stdout.write(opts.json === true ? JSON.stringify(result, null, 2) + '\n' : formatCheckText(result));
    });
}
