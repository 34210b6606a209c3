import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { moduleReadOptionsSchema, type ProgrammerKind, type ReadResult } from '../../../preload/contract/hardware';
import { BenchError } from '../../errors';
import { notResponding } from '../../hardware/hw-errors';
import { openProgrammer, readModule, type SerialBinding } from '../../hardware/index';
import { formatImageText, formatModuleText } from '../../sff/image-file';

/**
 * Opening the programmer ends within this, whatever it does: the 10 s bound minus the
 * process start (tsx, serialport, 1-2.5 s here) and closing the port. The read itself then has
 * what is left as its transfer budget, plus the waits the module advertises while its lasers come
 * up (module-reader.ts), each capped by the bench.
 */
export const READ_BUDGET_MS = 6000;

interface ReadCliOptions {
  driver: ProgrammerKind;
  port?: string;
  module?: string;
  json?: boolean;
  out?: string;
  asIs?: boolean;
  clock?: 'fastest' | 'standard';
  link?: 'fastest' | 'standard';
}

/** The decode report (as `decode` prints it) under lines saying who read it and what the lasers did, plus the reader's notes. */
export function formatReadResult(r: ReadResult): string {
  const head = `Read by ${r.programmer.description} in ${r.durationMs} ms (${r.image.length} bytes)\n`;
  const who = r.programmer.identity ? `Programmer: ${r.programmer.identity}\n` : '';
  const laser = r.laser ? `Lasers: ${r.laser.outcome}: ${r.laser.detail}\n` : '';
  const notes = r.notes.map((n) => `Read note: ${n.message}\n`).join('');
  const body = formatModuleText(r.module);
  return head + who + laser + body + (body.endsWith('\n') ? '' : '\n') + notes;
}

/**
 * `read --driver buspirate|usbiss|sim [--port PATH] [--module NAME] [--as-is] [--json] [--out FILE]`.
 * Exit 0 only for a complete read; --out is written only then.
 */
export function registerRead(program: Command, binding?: SerialBinding): void {
  program
    .command('read')
    .description('Read the module in a programmer (or the simulated bench) and decode it')
    .addOption(new Option('--driver <kind>', 'programmer').choices(['buspirate', 'usbiss', 'sim']).makeOptionMandatory())
    .option('--port <path>', 'serial port of the programmer (not needed for sim)')
    .option('--module <name>', 'sim only: module from the simulated library')
    .option('--as-is', 'read the module as it sits: do not bring its lasers up (no control byte is written)')
    .addOption(new Option('--clock <speed>', 'I2C clock: the fastest the module allows, or 100 kHz').choices(['fastest', 'standard']).default('fastest'))
    .addOption(new Option('--link <speed>', 'Bus Pirate v3 serial speed: the fastest the firmware allows, or 115200').choices(['fastest', 'standard']).default('fastest'))
    .option('--json', 'print the decoded module as JSON with the raw image as hex under "raw"')
    .option('--out <file>', 'write the raw image as text (ethtool hex layout; CMIS pages under "# page 0xNN") when the read completes')
    .action(async (opts: ReadCliOptions) => {
      if (opts.driver !== 'sim' && !opts.port) {
        throw new BenchError('INVALID_INPUT', `--port is required with --driver ${opts.driver} (list ports with: npm run -s cli -- ports)`);
      }
      const readOptions = moduleReadOptionsSchema.parse({ asIs: opts.asIs === true });
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
          busPirate: { linkSpeed: opts.link === 'standard' ? 115200 : 'fastest' },
          ...(binding ? { binding } : {}),
        });
        // From here the reader's own deadline rules: what is left of the budget for the transfers,
        // plus the module's advertised bring-up times.
        clearTimeout(timer);
        try {
          result = await readModule(bus, {
            signal: ac.signal,
            timeoutMs: Math.max(1000, READ_BUDGET_MS - (Date.now() - started)),
            asIs: readOptions.asIs ?? false,
            clock: opts.clock ?? 'fastest',
          });
        } finally {
          await bus.close();
        }
      } catch (e) {
        if (timedOut && e instanceof BenchError && e.code === 'CANCELLED') {
          throw notResponding(opts.port ?? 'the simulated bench', `opening it did not finish within ${READ_BUDGET_MS / 1000} s`);
        }
        throw e;
      } finally {
        clearTimeout(timer);
        process.removeListener('SIGINT', onSigint);
      }
      if (opts.out) await writeFile(opts.out, formatImageText(result.image));
      if (opts.json) {
        const out = { ...result.module, raw: Buffer.from(result.image).toString('hex'), readNotes: result.notes, laser: result.laser ?? null, programmer: result.programmer };
        process.stdout.write(JSON.stringify(out, null, 2) + '\n');
      } else {
        process.stdout.write(formatReadResult(result));
      }
    });
}
