// `soak --driver ... --port ... (--minutes N | --seconds N) [--rate HZ] [--out FILE] [--json]`
// (issue 15 item 1): samples the module's real-time diagnostics and flags for the time given,
// prints each event as it happens (on stderr with --json), and ends with the summary; with --json
// stdout holds exactly one object: {samples, requestedHz, achievedHz, verdict, events, gaps, ...}.
// --out writes every sample attempt as CSV while the soak runs (a killed soak keeps its rows).
import { open as openFile, type FileHandle } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { SOAK_MAX_DURATION_S, SOAK_MAX_RATE_HZ, SOAK_MIN_RATE_HZ, type SoakEvent } from '../../../preload/contract/soak';
import type { SoakThresholds } from '../../../preload/contract/limits';
import { BenchError } from '../../errors';
import { openProgrammer, type SerialBinding } from '../../hardware/index';
import { runSoak, p99Abs } from '../../hardware/soak';
import { soakCsvHeader, soakCsvRows } from '../../hardware/soak-csv';
import { flagBits } from '../../hardware/soak-layout';
import { buildSummary, limitsFor, rxJudgedBy, soakJson } from '../../hardware/soak-summary';
import type { SampleRecord } from '../../hardware/soak-series';
import { evaluateModule } from '../../limits/index';
import { defaultLimitsDir, loadLimitLibrary } from '../../limits/library';
import { decodeModule } from '../../sff/index';

interface SoakCliOptions {
  driver: 'buspirate' | 'usbiss' | 'sim';
  port?: string;
  module?: string;
  minutes?: string;
  seconds?: string;
  rate: string;
  out?: string;
  json?: boolean;
  lightSource?: boolean;
  profile?: string;
  limits?: string;
  clock?: 'fastest' | 'standard';
  link?: 'fastest' | 'standard';
  resumeWithin: string;
  force?: boolean;
}

function num(v: string, what: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new BenchError('INVALID_INPUT', `${what} ${JSON.stringify(v)} is not a number from ${min} to ${max}`, { field: what });
  return n;
}

function eventLine(e: SoakEvent): string {
  const where = [e.parameter, e.lane === null ? null : `lane ${e.lane}`].filter((x) => x !== null).join(' ');
  const value = e.value === null ? '' : e.kind === 'gap' ? ` (${e.value} ms)` : e.kind === 'step' ? ` (${e.value > 0 ? '+' : ''}${e.value})` : ` (${e.value}${e.limit === null ? '' : `, limit ${e.limit}`})`;
  return `+${(e.atMs / 1000).toFixed(3)} s  ${e.kind} ${e.detail}${where ? ` [${where}]` : ''}${value}${e.fault ? '  FAULT' : ''}\n`;
}

export function registerSoak(program: Command, binding?: SerialBinding): void {
  program
    .command('soak')
    .description('Soak the module: sample its real-time diagnostics and flags for a time, find events, print the summary')
    .addOption(new Option('--driver <kind>', 'programmer').choices(['buspirate', 'usbiss', 'sim']).makeOptionMandatory())
    .option('--port <path>', 'serial port of the programmer (not needed for sim)')
    .option('--module <name>', 'sim only: module from the simulated library (e.g. intermittent-los-10g-sr)')
    .option('--minutes <n>', 'how long to soak, minutes')
    .option('--seconds <n>', 'how long to soak, seconds')
    .option('--rate <hz>', `samples a second (${SOAK_MIN_RATE_HZ}-${SOAK_MAX_RATE_HZ}; the link may allow fewer)`, '20')
    .option('--out <file>', 'write every sample as CSV while the soak runs')
    .option('--force', 'replace an existing --out file')
    .option('--json', 'print one JSON object at the end (events as they happen go to stderr)')
    .option('--light-source', 'a light source or loopback is on the receiver: Rx power, Rx LOS and Rx steps are judged')
    .option('--profile <id>', 'judge against this limit profile instead of the one the module matches')
    .option('--limits <dir>', 'limit library directory (default: the shipped resources/limits)')
    .addOption(new Option('--clock <speed>', 'I2C clock: the fastest the module allows, or 100 kHz').choices(['fastest', 'standard']).default('fastest'))
    .addOption(new Option('--link <speed>', 'Bus Pirate v3 serial speed: the fastest the firmware allows, or 115200').choices(['fastest', 'standard']).default('fastest'))
    .option('--resume-within <s>', 'how long an unplugged programmer may stay away before the soak ends', '120')
    .action(async (opts: SoakCliOptions) => {
      if (opts.driver !== 'sim' && !opts.port) throw new BenchError('INVALID_INPUT', `--port is required with --driver ${opts.driver} (list ports with: npm run -s cli -- ports)`);
      if ((opts.minutes === undefined) === (opts.seconds === undefined)) throw new BenchError('INVALID_INPUT', 'give the soak time as --minutes N or --seconds N (one of them)');
      const durationS = opts.minutes !== undefined ? num(opts.minutes, '--minutes', 1 / 60, SOAK_MAX_DURATION_S / 60) * 60 : num(opts.seconds ?? '', '--seconds', 1, SOAK_MAX_DURATION_S);
      const rateHz = num(opts.rate, '--rate', SOAK_MIN_RATE_HZ, SOAK_MAX_RATE_HZ);
      const resumeWithinMs = num(opts.resumeWithin, '--resume-within', 0, 3600) * 1000;
      const profiles = loadLimitLibrary(defaultLimitsDir(opts.limits));
      let fd: FileHandle | null = null;
      // Writes queue behind each other off the sampling path: an fsync must not delay a sample.
      let writing: Promise<void> = Promise.resolve();
      const write = (text: string): void => {
        const f = fd;
        if (f === null || text === '') return;
        writing = writing.then(async () => {
          await f.write(text);
          await f.datasync();
        });
      };
      if (opts.out) {
        try {
          fd = await openFile(opts.out, opts.force ? 'w' : 'wx', 0o600);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'EEXIST') throw new BenchError('EXPORT_TARGET_EXISTS', `${opts.out} exists: choose another --out or add --force`, { file: opts.out });
          throw new BenchError('EXPORT_WRITE_FAILED', `${opts.out} cannot be written (${code ?? 'error'})`, { file: opts.out });
        }
      }
      const ac = new AbortController();
      // Ctrl-C ends the soak cleanly: controls put back, the summary printed.
      const onSigint = (): void => ac.abort();
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigint);
      const log = (s: string): void => void (opts.json ? process.stderr : process.stdout).write(s);
      let rows: { rec: SampleRecord; values: Float64Array | null; flags: Uint8Array | null }[] = [];
      let csvLayout: Parameters<typeof soakCsvHeader>[0] | null = null;
      let started = 0;
      let seriesBytes = 0;
      const writeRows = (): void => {
        if (fd === null || csvLayout === null || rows.length === 0) return;
        write(soakCsvRows(csvLayout, started, rows));
        rows = [];
      };
      let thresholds: SoakThresholds | undefined;
      let judgedLimits: ReturnType<typeof limitsFor> = [];
      try {
        const outcome = await runSoak({
          open: (signal) =>
            openProgrammer({
              kind: opts.driver,
              path: opts.port,
              module: opts.module,
              signal,
              busPirate: { linkSpeed: opts.link === 'standard' ? 115200 : 'fastest' },
              ...(binding ? { binding } : {}),
            }),
          decode: decodeModule,
          judge: (read, layout) => {
            const evaluation = evaluateModule(read.module, {
              profiles,
              setup: { rxLightSource: opts.lightSource === true, imageSource: 'programmer', ...(read.laser ? { laser: read.laser } : {}) },
              ...(opts.profile ? { profileId: opts.profile } : {}),
            });
            thresholds = profiles.find((p) => p.id === evaluation.profile?.id && p.version === evaluation.profile.version)?.soak;
            judgedLimits = limitsFor(layout, evaluation);
            return { limits: judgedLimits, rxJudged: rxJudgedBy(evaluation), ...(thresholds ? { thresholds } : {}) };
          },
          rateHz,
          durationMs: durationS * 1000,
          signal: ac.signal,
          resumeWithinMs,
          clock: opts.clock ?? 'fastest',
          hooks: {
            started: (info) => {
              started = info.startedAtMs;
              csvLayout = info.layout;
              write(soakCsvHeader(info.layout));
              const m = info.read.module.vendor;
              log(`Soaking ${m.name.trim()} ${m.partNumber.trim()} serial ${m.serialNumber.trim()} on ${info.read.programmer.description} from ${new Date(info.startedAtMs).toISOString()}: ${durationS} s at ${rateHz} Hz (a sample takes ${info.link.sampleMs} ms: the link carries up to ${info.link.maxHz} Hz${info.link.statusProbe ? '; Rx LOS and Tx fault are also read between samples' : ''})\n`);
              if (info.read.laser && info.read.laser.outcome !== 'not-needed') log(`Lasers: ${info.read.laser.outcome}: ${info.read.laser.detail}\n`);
            },
            sample: (rec, values, events) => {
              if (fd !== null && csvLayout !== null) {
                let flags: Uint8Array | null = null;
                if (rec.bytes) {
                  flags = new Uint8Array(csvLayout.flags.length);
                  flagBits(csvLayout, rec.bytes, flags);
                }
                rows.push({ rec, values: values ? new Float64Array(values) : null, flags });
              }
              for (const e of events) log(eventLine(e));
            },
            frame: (f) => {
              seriesBytes += f.length;
              writeRows();
            },
            laser: (what, rec, note) => {
              if (what === 'lost') log(`Controls: ${note}\n`);
              else if (rec && what === 'release') log(`Controls put back: ${rec.writes.every((w) => w.restored) ? 'every byte restored' : 'some bytes not restored (power-cycle the module)'}\n`);
              else if (rec && what === 'bring-up' && note !== 'start read') log(`Lasers up again (${note}): ${rec.outcome}\n`);
            },
            state: (s) => {
              if (s === 'waiting-for-programmer') log(`Programmer gone: waiting up to ${Math.round(resumeWithinMs / 1000)} s for it to come back\n`);
            },
          },
        });
        writeRows();
        const d = outcome.detector;
        const summary = buildSummary({
          startedAtMs: outcome.startedAtMs,
          endMs: outcome.endMs,
          endReason: outcome.endReason,
          endDetail: outcome.endDetail,
          requestedHz: rateHz,
          samples: outcome.samples,
          failedSamples: outcome.failedSamples,
          jitterP99Ms: p99Abs(outcome.intervalErrors),
          layout: outcome.layout,
          limits: judgedLimits,
          stats: d.channelStats(),
          gaps: d.gaps,
          eventCount: d.eventCount,
          notListed: d.notListed,
          faults: d.faults.length,
          seriesBytes,
        });
        if (opts.json) {
          process.stdout.write(JSON.stringify(soakJson(summary, d.events)) + '\n');
        } else {
          process.stdout.write(
            `Soak ${summary.verdict.toUpperCase()}: ${(summary.durationMs / 1000).toFixed(1)} s, ${summary.samples} samples (${summary.achievedHz} Hz of ${rateHz} asked), ` +
              `${summary.failedSamples} failed, ${summary.gaps.length} gap(s), ${summary.events} event(s)${d.faults.length > 0 ? `, ${d.faults.length} showing a fault` : ''}; ended: ${summary.endReason}${summary.endDetail ? ` (${summary.endDetail})` : ''}\n`,
          );
          for (const s of summary.stats) {
            if (s.n === 0 && s.noLight === 0) continue;
            const f = (v: number | null): string => (v === null ? '-' : String(Math.round(v * 1000) / 1000));
            process.stdout.write(`  ${s.parameter}${s.lane === null ? '' : ` lane ${s.lane}`}: min ${f(s.min)} max ${f(s.max)} mean ${f(s.mean)} ${s.unit}${s.noLight > 0 ? ` (${s.noLight} without light)` : ''}\n`);
          }
        }
        if (outcome.endReason === 'error') throw new BenchError('READ_FAILED', `The soak stopped: ${outcome.endDetail ?? 'an error'}`);
      } finally {
        process.removeListener('SIGINT', onSigint);
        process.removeListener('SIGTERM', onSigint);
        await writing.catch(() => undefined);
        if (fd !== null) await fd.close();
      }
    });
}
