#!/usr/bin/env node
// The headless command line over the same services the app uses: `npm run -s cli -- <command>`.
// Each command lives in main/cli/commands/<name>.ts and registers itself on the program.
import { Command, CommanderError } from 'commander';
import { BenchError } from '../errors';
import { registerDecode } from './commands/decode';
import { registerRecords } from './commands/records';
import { registerPorts } from './commands/ports';
import { registerRead } from './commands/read';
import { registerCheck } from './commands/check';
import { registerWarranty } from './commands/warranty';
import { registerExport } from './commands/export';
import { registerReport } from './commands/report';
import { registerEvidence } from './commands/evidence';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('optic-bench')
    .description('Optic Bench: read, decode and judge SFP/QSFP modules; repair records and reports.')
    .showHelpAfterError()
    .exitOverride();
  registerDecode(program);
  registerRecords(program);
  registerPorts(program);
  registerRead(program);
  registerCheck(program);
  registerWarranty(program);
  registerExport(program);
  registerReport(program);
  registerEvidence(program);
  return program;
}

/** Exit codes: 0 ok, 1 a coded failure, 2 bad usage. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof BenchError) {
      process.stderr.write(`error ${e.code}: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`error INTERNAL: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}

const isEntry = process.argv[1] !== undefined && /cli[\\/]index\.[cm]?[jt]s$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then(
    // Exit once stdout has drained: a large --json object piped to another tool must not be cut.
    (code) => process.stdout.write('', () => process.exit(code)),
    (e: unknown) => {
      process.stderr.write(`error INTERNAL: ${String(e)}\n`);
      process.exit(1);
    },
  );
}
