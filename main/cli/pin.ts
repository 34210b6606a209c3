// PINs on the command line: never an argument (it would sit in the shell history and in every
// process listing). The acting person's PIN comes from OPTIC_BENCH_PIN or a prompt on the
// terminal with echo off; a new person's PIN comes from standard input (a pipe, or typed twice).
import readline from 'node:readline';
import { BenchError } from '../errors';
import { pinSchema } from '../../preload/contract/records';

export interface PinIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

const defaultIo = (): PinIo => ({ stdin: process.stdin, stderr: process.stderr, env: process.env });

function checkPin(pin: string, whose: string): string {
  const r = pinSchema.safeParse(pin);
  if (!r.success) throw new BenchError('INVALID_INPUT', `${whose}: a PIN is 4 to 12 digits`, { field: 'pin' });
  return r.data;
}

/** One line typed on the terminal without echo. */
function promptHidden(io: PinIo, question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: io.stdin, output: io.stderr, terminal: true });
    const out = io.stderr as NodeJS.WritableStream & { write: (s: string) => boolean };
    // readline echoes through _writeToOutput; muting it hides the digits while keeping the prompt.
    const muted = rl as unknown as { _writeToOutput: (s: string) => void };
    out.write(question);
    muted._writeToOutput = () => undefined;
    rl.once('line', (line) => {
      out.write('\n');
      rl.close();
      resolve(line.trim());
    });
    rl.once('SIGINT', () => {
      rl.close();
      reject(new BenchError('CANCELLED', 'cancelled at the PIN prompt'));
    });
  });
}

/** All of standard input when it is not a terminal: the first line. */
function readFirstLine(io: PinIo): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    io.stdin.setEncoding?.('utf8');
    io.stdin.on('data', (chunk: string | Buffer) => {
      data += String(chunk);
    });
    io.stdin.once('end', () => resolve((data.split(/\r?\n/)[0] ?? '').trim()));
    io.stdin.once('error', reject);
  });
}

/** The PIN of `--actor NAME`: OPTIC_BENCH_PIN, else a hidden prompt; never an argument. */
export async function actorPin(actor: string, io: PinIo = defaultIo()): Promise<string> {
  const fromEnv = io.env.OPTIC_BENCH_PIN;
  if (fromEnv !== undefined && fromEnv !== '') return checkPin(fromEnv, 'OPTIC_BENCH_PIN');
  if (io.stdin.isTTY !== true) {
    throw new BenchError('PIN_INVALID', `the PIN of ${actor} is needed: set OPTIC_BENCH_PIN, or run the command in a terminal to be asked for it`);
  }
  return checkPin(await promptHidden(io, `PIN of ${actor}: `), `the PIN of ${actor}`);
}

/** A new person's PIN from standard input: the first line of a pipe, or typed twice on a terminal. */
export async function newPersonPin(name: string, io: PinIo = defaultIo()): Promise<string> {
  if (io.stdin.isTTY !== true) return checkPin(await readFirstLine(io), `the new PIN of ${name} (standard input)`);
  const first = checkPin(await promptHidden(io, `New PIN for ${name}: `), `the new PIN of ${name}`);
  const again = await promptHidden(io, 'Repeat the new PIN: ');
  if (again !== first) throw new BenchError('INVALID_INPUT', 'the two PINs differ; nothing was changed', { field: 'pin' });
  return first;
}
