// Runs the command line in-process with stdout and stderr captured, as every CLI test needs:
// faster than spawning tsx, and the exit code is main()'s return value.
import { main } from '../../main/cli/index';

export interface CliRun {
  code: number;
  out: string;
  err: string;
  /** Wall time of the command, for tests that check a failure ends promptly. */
  ms: number;
}

export async function runCli(argv: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const ow = process.stdout.write.bind(process.stdout);
  const ew = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((c: string | Uint8Array) => ((out += String(c)), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => ((err += String(c)), true)) as typeof process.stderr.write;
  const started = Date.now();
  try {
    const code = await main(argv);
    return { code, out, err, ms: Date.now() - started };
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
    // A command that set process.exitCode must not decide the test runner's own exit code.
    process.exitCode = undefined;
  }
}
