// The headless command line over the same services the app uses: `optic-bench <command>` (built
// JavaScript, bin/optic-bench.cjs) or `npm run -s cli -- <command>`. Each command lives in
// main/cli/commands/<name>.ts and registers itself on the program.
//
// People script this over thousands of dumps, so start-up is most of a `decode` or `check`:
// only the module of the command being run is loaded (TypeORM, sqlite3, serialport, React and
// playwright stay out of a decode). A name the table does not know loads every command, so a
// command added without a line here still works, only slower.
import { Command, CommanderError } from 'commander';
import { BenchError } from '../errors';
import { classifyDatabaseError } from '../db/lab-errors';

type Registrar = (program: Command) => void;

/** Which commands each module registers, and how to load it. Add a command: add its names here. */
export const COMMANDS: ReadonlyArray<{ names: readonly string[]; load: () => Promise<Registrar> }> = [
  { names: ['decode'], load: async () => (await import('./commands/decode')).registerDecode },
  { names: ['check'], load: async () => (await import('./commands/check')).registerCheck },
  { names: ['warranty'], load: async () => (await import('./commands/warranty')).registerWarranty },
  { names: ['read'], load: async () => (await import('./commands/read')).registerRead },
  { names: ['soak'], load: async () => (await import('./commands/soak')).registerSoak },
  { names: ['ports'], load: async () => (await import('./commands/ports')).registerPorts },
  { names: ['db-info', 'backup', 'restore', 'import-deliveries', 'cases', 'case', 'stats'], load: async () => (await import('./commands/records')).registerRecords },
  { names: ['export'], load: async () => (await import('./commands/export')).registerExport },
  { names: ['report'], load: async () => (await import('./commands/report')).registerReport },
  { names: ['audit', 'technicians'], load: async () => (await import('./commands/evidence')).registerEvidence },
  { names: ['migrate', 'db'], load: async () => (await import('./commands/lab')).registerLab },
];

function newProgram(): Command {
  return new Command()
    .name('optic-bench')
    .description('Optic Bench: read, decode and judge SFP/QSFP modules; repair records and reports.')
    .showHelpAfterError()
    .exitOverride();
}

/** The program with every command registered (help, and names the table does not know). */
export async function buildProgram(): Promise<Command> {
  const program = newProgram();
  for (const c of COMMANDS) (await c.load())(program);
  return program;
}

/** The program with only the command `argv` names (all of them for help or an unknown name). */
export async function programFor(argv: readonly string[]): Promise<Command> {
  const name = argv.find((a) => !a.startsWith('-'));
  const entry = name === undefined ? undefined : COMMANDS.find((c) => c.names.includes(name));
  if (entry === undefined) return buildProgram();
  const program = newProgram();
  (await entry.load())(program);
  return program;
}

/** Exit codes: 0 ok, 1 a coded failure, 2 bad usage. */
export async function main(argv: string[]): Promise<number> {
  try {
    const program = await programFor(argv);
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
    const coded = classifyDatabaseError(e);
    if (coded !== null) {
      process.stderr.write(`error ${coded.code}: ${coded.message}\n`);
      return 1;
    }
    process.stderr.write(`error INTERNAL: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}

/** Runs main and exits once stdout has drained: a large --json object piped to another tool must not be cut. */
export function run(argv: string[]): void {
  main(argv).then(
    (code) => process.stdout.write('', () => process.exit(code)),
    (e: unknown) => {
      process.stderr.write(`error INTERNAL: ${String(e)}\n`);
      process.exit(1);
    },
  );
}

const isEntry = process.argv[1] !== undefined && /cli[\\/]index\.[cm]?[jt]s$/.test(process.argv[1]);
if (isEntry) run(process.argv.slice(2));
