// Transport over serialport 13 with the binding injected: the OS binding in the app, a mock
// binding in unit tests, the same OS binding on a socat pseudo-terminal in integration tests.
import { SerialPortStream } from '@serialport/stream';
import { BenchError } from '../../errors';
import { cancelled, notResponding, unplugged } from '../hw-errors';
import type { ReadOptions, Transport } from './transport';

/** The serialport binding (OS binding, MockBinding, ...) as SerialPortStream accepts it. */
export type SerialBinding = ConstructorParameters<typeof SerialPortStream>[0]['binding'];

export interface SerialTransportOptions {
  path: string;
  binding: SerialBinding;
  /** 115200 for the Bus Pirate; ignored by CDC-ACM devices (v4, USB-ISS) but harmless. */
  baudRate?: number;
}

interface Waiter {
  need: number | 'any';
  resolve: (b: Buffer) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** Maps an OS open error to a coded one that names the port. */
export function openError(path: string, err: Error): BenchError {
  const m = err.message;
  if (/ENOENT|No such file|cannot find|File not found|does not exist/i.test(m)) {
    return new BenchError('PORT_NOT_FOUND', `The port ${path} does not exist. Check the cable and pick the port again (npm run -s cli -- ports).`, { path, cause: m });
  }
  if (/EACCES|Permission denied|Access denied/i.test(m)) {
    return new BenchError('PORT_PERMISSION', `No permission to open ${path}. On Linux add your user to the "dialout" group and log in again.`, { path, cause: m });
  }
  if (/lock|EBUSY|busy|Resource temporarily unavailable/i.test(m)) {
    return new BenchError('PORT_BUSY', `The port ${path} is in use by another program. Close the other program (terminal, another bench window) and try again.`, { path, cause: m });
  }
  return new BenchError('PORT_OPEN_FAILED', `The port ${path} could not be opened: ${m}`, { path, cause: m });
}

/**
 * Bytes held unread at most. The largest legitimate backlog is a few kilobytes (a 4 KiB Bus
 * Pirate bulk read, a stale terminal's echo); a line that keeps sending beyond this is noise (a
 * wrong device, a floating RX line) and would otherwise grow main's memory without bound.
 */
export const MAX_PENDING_INPUT_BYTES = 64 * 1024;

export class SerialTransport implements Transport {
  readonly path: string;
  private readonly binding: SerialBinding;
  private baud: number;
  private port: SerialPortStream | null = null;
  private buf: Buffer = Buffer.alloc(0);
  private waiter: Waiter | null = null;
  private lostError: BenchError | null = null;
  private closing = false;
  private readonly lostListeners = new Set<(e: Error) => void>();

  constructor(opts: SerialTransportOptions) {
    this.path = opts.path;
    this.binding = opts.binding;
    this.baud = opts.baudRate ?? 115200;
  }

  get isOpen(): boolean {
    return this.port?.isOpen === true && this.lostError === null;
  }

  async open(): Promise<void> {
    const port = new SerialPortStream({ binding: this.binding, path: this.path, baudRate: this.baud, autoOpen: false });
    await new Promise<void>((resolve, reject) => {
      port.open((err) => (err ? reject(openError(this.path, err)) : resolve()));
    });
    this.port = port;
    port.on('data', (chunk: Buffer) => {
      if (this.lostError !== null) return;
      if (this.buf.length + chunk.length > MAX_PENDING_INPUT_BYTES) {
        this.buf = Buffer.alloc(0);
        this.fail(
          new BenchError('PROGRAMMER_NOISY_LINE', `The port ${this.path} sent more than ${MAX_PENDING_INPUT_BYTES / 1024} KiB nobody asked for: it is not a programmer answering, or its line is noisy. Check the port and the cable.`, {
            path: this.path,
          }),
        );
        return;
      }
      this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
      this.serviceWaiter();
    });
    // A pseudo-terminal or USB device that disappears surfaces as 'close' with a disconnected
    // error (or an 'error'); either way the pending read must end now, not at its deadline.
    port.on('close', () => this.markLost());
    port.on('error', () => this.markLost());
  }

  get baudRate(): number {
    return this.baud;
  }

  async setBaudRate(baud: number): Promise<void> {
    const port = this.ensureOpen();
    await new Promise<void>((resolve, reject) => {
      port.update({ baudRate: baud }, (err) =>
        err ? reject(new BenchError('PORT_OPEN_FAILED', `The port ${this.path} cannot run at ${baud} baud: ${err.message}`, { path: this.path, baud })) : resolve(),
      );
    });
    this.baud = baud;
  }

  private markLost(): void {
    if (this.closing || this.lostError !== null) return;
    this.fail(unplugged(this.path));
  }

  /** Ends the transport with `error`: the pending read, and every later one, fail with it. */
  private fail(error: BenchError): void {
    this.lostError = error;
    const w = this.waiter;
    if (w) {
      this.clearWaiter(w);
      w.reject(this.lostError);
    }
    for (const l of this.lostListeners) l(this.lostError);
  }

  onLost(listener: (error: Error) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  private ensureOpen(): SerialPortStream {
    if (this.lostError) throw this.lostError;
    if (!this.port || !this.port.isOpen) throw new BenchError('INTERNAL', `port ${this.path} is not open`);
    return this.port;
  }

  async write(data: Uint8Array): Promise<void> {
    const port = this.ensureOpen();
    const chunk = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    await new Promise<void>((resolve, reject) => {
      // Even a write has a deadline: a wedged USB device may never complete it.
      const timer = setTimeout(() => reject(notResponding(this.path, 'it does not accept data')), 2000 + chunk.length);
      const fail = (): void => {
        clearTimeout(timer);
        reject(this.lostError ?? unplugged(this.path));
      };
      port.write(chunk, (err) => {
        if (err) fail();
      });
      port.drain((err) => {
        if (err) fail();
        else {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  private serviceWaiter(): void {
    const w = this.waiter;
    if (!w) return;
    if (w.need === 'any') {
      if (this.buf.length === 0) return;
      const out = this.buf;
      this.buf = Buffer.alloc(0);
      this.clearWaiter(w);
      w.resolve(out);
    } else if (this.buf.length >= w.need) {
      const out = Buffer.from(this.buf.subarray(0, w.need));
      this.buf = this.buf.subarray(w.need);
      this.clearWaiter(w);
      w.resolve(out);
    }
  }

  private clearWaiter(w: Waiter): void {
    clearTimeout(w.timer);
    w.signal?.removeEventListener('abort', w.onAbort);
    if (this.waiter === w) this.waiter = null;
  }

  private wait(need: number | 'any', opts: ReadOptions): Promise<Buffer> {
    if (this.lostError) return Promise.reject(this.lostError);
    if (opts.signal?.aborted) return Promise.reject(cancelled());
    if (this.waiter) return Promise.reject(new BenchError('INTERNAL', 'concurrent reads on one transport'));
    return new Promise<Buffer>((resolve, reject) => {
      const w: Waiter = {
        need,
        resolve,
        reject,
        signal: opts.signal,
        timer: setTimeout(() => {
          this.clearWaiter(w);
          if (need === 'any') resolve(Buffer.alloc(0));
          else reject(notResponding(this.path, `expected ${need} bytes within ${opts.timeoutMs} ms, got ${this.buf.length}`));
        }, opts.timeoutMs),
        onAbort: () => {
          this.clearWaiter(w);
          reject(cancelled());
        },
      };
      opts.signal?.addEventListener('abort', w.onAbort, { once: true });
      this.waiter = w;
      this.serviceWaiter();
    });
  }

  read(n: number, opts: ReadOptions): Promise<Buffer> {
    if (n === 0) return Promise.resolve(Buffer.alloc(0));
    return this.wait(n, opts);
  }

  pending(): number {
    return this.buf.length;
  }

  readAvailable(opts: ReadOptions): Promise<Buffer> {
    return this.wait('any', opts);
  }

  async drain(quietMs: number, maxMs: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    const end = Date.now() + maxMs;
    for (;;) {
      const left = end - Date.now();
      if (left <= 0) break;
      const got = await this.readAvailable({ timeoutMs: Math.min(quietMs, left) });
      if (got.length === 0) break;
      parts.push(got);
    }
    return Buffer.concat(parts);
  }

  async settle(quietMs: number, maxMs: number): Promise<boolean> {
    await this.drain(quietMs, maxMs);
    return (await this.readAvailable({ timeoutMs: quietMs })).length === 0;
  }

  async close(): Promise<void> {
    this.closing = true;
    const port = this.port;
    this.port = null;
    const w = this.waiter;
    if (w) {
      this.clearWaiter(w);
      w.reject(new BenchError('CANCELLED', 'port closed'));
    }
    if (!port || !port.isOpen) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 1000);
      port.close(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}
