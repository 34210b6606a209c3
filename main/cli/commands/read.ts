import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { ProgrammerKind, ReadResult } from '../../../preload/contract/hardware';
import { BenchError } from '../../errors';
import { notResponding } from '../../hardware/hw-errors';
import { openProgrammer, readModule, type SerialBinding } from '../../hardware/index';
import { formatEthtoolHex, formatModuleText } from '../../sff/image-file';

/**
 * Open + read end within this, whatever the programmer does: the 10 s bound minus the
 * process start (tsx, serialport, 1-2.5 s here) and closing the port.
 */
export const READ_BUDGET_MS = 6000;

interface ReadCliOptions {
  driver: ProgrammerKind;
  port?: string;
  module?: string;
  json?: boolean;
  out?: string;
}

/** The decode report (as `decode` prints it) under a line saying who read it, plus the reader's notes. */
export function formatReadResult(r: ReadResult): string {
  const head = `Read by ${r.programmer.description} in ${r.durationMs} ms (${r.image.length} bytes)\n`;
  const notes = r.notes.map((n) => `Read note: ${n.message}\n`).join('');
  return head + formatModuleText(r.module) + (formatModuleText(r.module).endsWith('\n') ? '' : '\n') + notes;
}

/**
 * `read --driver buspirate|usbiss|sim [--port PATH] [--module NAME] [--json] [--out FILE]`.
 * Exit 0 only for a complete read; --out is written only then.
 */
export function registerRead(program: Command, binding?: SerialBinding): void {
  program
    .command('read')
    .description('Read the module in a programmer (or the simulated bench) and decode it')
    .addOption(new Option('--driver <kind>', 'programmer').choices(['buspirate', 'usbiss', 'sim']).makeOptionMandatory())
    .option('--port <path>', 'serial port of the programmer (not needed for sim)')
    .option('--module <name>', 'sim only: module from the simulated library')
    .option('--json', 'print the decoded module as JSON with the raw image as hex under "raw"')
    .option('--out <file>', 'write the raw image (ethtool hex layout) when the read completes')
    .action(async (opts: ReadCliOptions) => {
      if (opts.driver !== 'sim' && !opts.port) {
        throw new BenchError('INVALID_INPUT', `--port is required with --driver ${opts.driver} (list ports with: npm run -s cli -- ports)`);
      }
      const started = Date.now();
      const ac = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        ac.abort();
      }, READ_BUDGET_MS);
      const onSigint = (): void => ac.abort();
      process.once('SIGINT', onSigint);
      let result: ReadResult;
      try {
        const bus = await openProgrammer({
          kind: opts.driver,
          path: opts.port,
          module: opts.module,
          signal: ac.signal,
          ...(binding ? { binding } : {}),
        });
        try {
          result = await readModule(bus, { signal: ac.signal, timeoutMs: Math.max(1000, READ_BUDGET_MS - (Date.now() - started)) });
        } finally {
          await bus.close();
        }
      } catch (e) {
        if (timedOut && e instanceof BenchError && e.code === 'CANCELLED') {
          throw notResponding(opts.port ?? 'the simulated bench', `the read did not finish within ${READ_BUDGET_MS / 1000} s`);
        }
        throw e;
      } finally {
        clearTimeout(timer);
        process.removeListener('SIGINT', onSigint);
      }
      if (opts.out) await writeFile(opts.out, formatEthtoolHex(result.image));
      if (opts.json) {
        const out = { ...result.module, raw: Buffer.from(result.image).toString('hex'), readNotes: result.notes };
        process.stdout.write(JSON.stringify(out, null, 2) + '\n');
      } else {
        process.stdout.write(formatReadResult(result));
      }
    });
}
