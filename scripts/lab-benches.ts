// Starts bench processes (scripts/lab-bench-worker.ts) against one lab server and collects what
// they print: the four-bench concurrency test and `npm run bench:lab` share it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export type WorkerEvent = Record<string, unknown> & { ev: string };

export interface BenchProcess {
  station: string;
  child: ChildProcess;
  events: WorkerEvent[];
  /** Resolves when the worker printed {"ev":"ready"}. */
  ready: Promise<void>;
  /** Resolves with the exit code when the worker ends. */
  exited: Promise<number>;
  go(): void;
  stderr(): string;
}

export interface BenchSpec {
  station: string;
  /** The lab server for this bench: postgres://USER@HOST:PORT/DB (a relay's port for a bench to cut off). */
  url: string;
  password: string;
  dir: string;
  args?: string[];
}

const WORKER = path.join(__dirname, 'lab-bench-worker.ts');

export function startBench(spec: BenchSpec): BenchProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, '--db', spec.url, '--station', spec.station, '--dir', spec.dir, ...(spec.args ?? [])], {
    env: { ...process.env, PGPASSWORD: spec.password },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const events: WorkerEvent[] = [];
  let err = '';
  let markReady: () => void = () => undefined;
  let failReady: (e: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  readline.createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    let e: WorkerEvent;
    try {
      e = JSON.parse(line) as WorkerEvent;
    } catch {
      return;
    }
    events.push(e);
    if (e.ev === 'ready') markReady();
    if (e.ev === 'fatal') failReady(new Error(`${spec.station}: ${String(e.message)}`));
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
    if (err.length > 20_000) err = err.slice(-20_000);
  });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  void exited.then((code) => failReady(new Error(`${spec.station} exited (${code}) before it was ready: ${err.slice(-2000)}`)));
  return {
    station: spec.station,
    child,
    events,
    ready,
    exited,
    go: () => child.stdin?.write('go\n'),
    stderr: () => err,
  };
}

/** Nearest-rank percentile. */
export function p95(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(0.95 * s.length) - 1)] ?? null;
}
