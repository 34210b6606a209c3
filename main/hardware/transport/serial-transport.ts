// Transport over a serialport 13 binding, injected: the OS binding in the app, a mock binding in
// unit tests, the same OS binding on a socat pseudo-terminal in integration tests.
//
// Cost per transaction (issue 15's CPU goal). A soak at 20 samples a second through a Bus Pirate is
// 40 command round trips a second. Through SerialPortStream each one cost a write and a tcdrain in
// libuv's thread pool, and each reply a read that returned EAGAIN, a poll and a second thread-pool
// read, with the stream's buffering on top: about 1.5 ms of CPU per round trip, half of it in
// thread-pool threads and the kernel. Here, where the binding gives its descriptor and poller (the
// Linux and macOS bindings, whose descriptor is opened O_NONBLOCK), bytes move with one write(2)
// and one read(2) per arriving chunk on the loop thread, woken by the binding's own poller (epoll):
// nothing waits in the thread pool and nothing can block. Other bindings (Windows, the mock) go
// through the binding's read and write, with the same buffering and deadlines.
//
// No tcdrain after a command: every protocol here waits for the reply to a frame before it sends
// the next (programmers.md §1.6 pacing, §2.1 one frame in flight), so the reply says the bytes
// arrived, and a drain round trip only cost time. Bytes paced by time instead (a Bus Pirate's zeros
// 10 ms apart, its stale-frame blocks) ask for the drain (`write(data, { drain: true })`): queued
// without it, a busy host or socat delivered two blocks as one burst and overran the v3's 4-byte
// FIFO. A speed change and close() drain too.
import { writeSync, readSync } from 'node:fs';
import type { SerialPortStream } from '@serialport/stream';
import { BenchError } from '../../errors';
import { cancelled, notResponding, unplugged } from '../hw-errors';
import type { ReadOptions, Transport, WriteOptions } from './transport';

/** The serialport binding (OS binding, MockBinding, ...) as SerialPortStream accepts it. */
export type SerialBinding = ConstructorParameters<typeof SerialPortStream>[0]['binding'];
type PortBinding = Awaited<ReturnType<SerialBinding['open']>>;

export interface SerialTransportOptions {
  path: string;
  binding: SerialBinding;
  /** 115200 for the Bus Pirate; ignored by CDC-ACM devices (v4, USB-ISS) but harmless. */
  baudRate?: number;
  /**
   * 'auto' (default): the descriptor directly where the binding offers it, else the binding's
   * read and write. 'binding': always the binding's (the reference the bench measures against).
   */
  io?: 'auto' | 'binding';
}

interface Waiter {
  need: number | 'any';
  resolve: (b: Buffer) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  signal: AbortSignal | undefined;
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

// libuv's poll flags (uv.h UV_READABLE, UV_WRITABLE), which the binding's poller takes as they are.
const UV_READABLE = 1;
const UV_WRITABLE = 2;

/** The part of bindings-cpp's Linux/Darwin port the direct path uses (both declare these public). */
interface UnixPort {
  fd: number | null;
  poller: {
    poll(flag: number): void;
    on(event: 'readable' | 'writable', listener: (err: Error | null) => void): unknown;
    removeListener(event: 'readable' | 'writable', listener: (err: Error | null) => void): unknown;
  };
}

function unixPortOf(port: PortBinding): UnixPort | null {
  const p = port as unknown as Partial<UnixPort>;
  return typeof p.fd === 'number' && typeof p.poller?.poll === 'function' && typeof p.poller.on === 'function' && typeof p.poller.removeListener === 'function' ? (p as UnixPort) : null;
}

const errnoOf = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | null)?.code;
const wouldBlock = (e: unknown): boolean => {
  const c = errnoOf(e);
  return c === 'EAGAIN' || c === 'EWOULDBLOCK' || c === 'EINTR';
};

/** Where a reply's bytes wait: one growing buffer read into in place, consumed from the front. */
class InputBuffer {
  store: Buffer = Buffer.allocUnsafe(4096);
  head = 0;
  tail = 0;

  get length(): number {
    return this.tail - this.head;
  }

  /** Room for at least `n` more bytes at the tail (moves the unread bytes to the front first). */
  reserve(n: number): void {
    if (this.head === this.tail) {
      this.head = 0;
      this.tail = 0;
    }
    if (this.store.length - this.tail >= n) return;
    if (this.head > 0) {
      this.store.copyWithin(0, this.head, this.tail);
      this.tail -= this.head;
      this.head = 0;
    }
    if (this.store.length - this.tail >= n) return;
    const grown = Buffer.allocUnsafe(Math.max(this.store.length * 2, this.tail + n));
    this.store.copy(grown, 0, 0, this.tail);
    this.store = grown;
  }

  append(chunk: Uint8Array): void {
    this.reserve(chunk.length);
    this.store.set(chunk, this.tail);
    this.tail += chunk.length;
  }

  /** A copy of the first `n` bytes, consumed: callers keep replies while the store is reused. */
  take(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    this.store.copy(out, 0, this.head, this.head + n);
    this.head += n;
    if (this.head === this.tail) {
      this.head = 0;
      this.tail = 0;
    }
    return out;
  }

  clear(): void {
    this.head = 0;
    this.tail = 0;
  }
}

const EMPTY = Buffer.alloc(0);

export class SerialTransport implements Transport {
  readonly path: string;
  private readonly binding: SerialBinding;
  private readonly io: 'auto' | 'binding';
  private baud: number;
  private port: PortBinding | null = null;
  private unix: UnixPort | null = null;
  private readonly input = new InputBuffer();
  private waiter: Waiter | null = null;
  private lostError: BenchError | null = null;
  private closing = false;
  private writeBlocked: (() => void) | null = null;
  private readonly lostListeners = new Set<(e: Error) => void>();
  /**
   * The signal this transport listens to. A soak passes the same one to every read, hundreds a
   * second: one listener for its life instead of one added and removed per read.
   */
  private listening: AbortSignal | null = null;
  private readonly onAbort = (): void => {
    const w = this.waiter;
    if (!w?.signal?.aborted) return;
    this.clearWaiter(w);
    w.reject(cancelled());
  };

  constructor(opts: SerialTransportOptions) {
    this.path = opts.path;
    this.binding = opts.binding;
    this.baud = opts.baudRate ?? 115200;
    this.io = opts.io ?? 'auto';
  }

  get isOpen(): boolean {
    return this.port !== null && this.port.isOpen && this.lostError === null;
  }

  /** 'direct' when bytes move through the descriptor on the loop thread, 'binding' otherwise. */
  get ioPath(): 'direct' | 'binding' {
    return this.unix ? 'direct' : 'binding';
  }

  async open(): Promise<void> {
    let port: PortBinding;
    try {
      // SerialPortStream's defaults, given explicitly: 8N1, no flow control (a Bus Pirate v3's
      // RTS/CTS lines are not flow control, programmers.md), an exclusive lock, DTR dropped on close.
      port = await this.binding.open({
        path: this.path,
        baudRate: this.baud,
        dataBits: 8,
        stopBits: 1,
        parity: 'none',
        rtscts: false,
        xon: false,
        xoff: false,
        xany: false,
        hupcl: true,
        lock: true,
      });
    } catch (e) {
      throw openError(this.path, e instanceof Error ? e : new Error(String(e)));
    }
    this.port = port;
    this.closing = false;
    this.unix = this.io === 'auto' ? unixPortOf(port) : null;
    if (this.unix) {
      this.unix.poller.on('readable', this.onReadable);
      this.unix.poller.on('writable', this.onWritable);
      this.arm();
    } else {
      void this.pumpBinding(port);
    }
  }

  // ---- the direct path ----

  /** Asks the poller for the next readable (and, while a write waits, writable) moment. */
  private arm(): void {
    if (!this.unix || this.closing || this.lostError) return;
    // The poller starts exactly the events named, replacing what it watched: name both when both are wanted.
    this.unix.poller.poll(UV_READABLE | (this.writeBlocked ? UV_WRITABLE : 0));
  }

  private readonly onReadable = (err: Error | null): void => {
    const unix = this.unix;
    if (!unix || this.closing) return;
    if (err) {
      // The poller cancels its watch with an error when the port closes; any other error is the device.
      if ((err as { canceled?: boolean }).canceled !== true) this.markLost();
      return;
    }
    if (unix.fd === null) return;
    this.input.reserve(4096);
    let n: number;
    try {
      n = readSync(unix.fd, this.input.store, this.input.tail, this.input.store.length - this.input.tail, null);
    } catch (e) {
      if (wouldBlock(e)) {
        this.arm();
        return;
      }
      // EIO (a pseudo-terminal whose other end closed), ENXIO / EBADF (a USB device gone).
      this.markLost();
      return;
    }
    // A terminal in raw mode with VMIN 1 reads 0 bytes only after a hang-up.
    if (n === 0) {
      this.markLost();
      return;
    }
    this.input.tail += n;
    if (this.received()) this.arm();
  };

  private readonly onWritable = (err: Error | null): void => {
    if (err && (err as { canceled?: boolean }).canceled !== true && !this.closing) this.markLost();
    const resume = this.writeBlocked;
    this.writeBlocked = null;
    resume?.();
  };

  // ---- the binding's path ----

  /** Reads through the binding for as long as this port is open: a read is always waiting, as a flowing stream's is. */
  private async pumpBinding(port: PortBinding): Promise<void> {
    const scratch = Buffer.allocUnsafe(16 * 1024);
    while (this.port === port && !this.closing && this.lostError === null) {
      let got: number;
      try {
        got = (await port.read(scratch, 0, scratch.length)).bytesRead;
      } catch (e) {
        if ((e as { canceled?: boolean }).canceled !== true) this.markLost();
        return;
      }
      if (this.port !== port || this.closing) return;
      if (got === 0) {
        this.markLost();
        return;
      }
      this.input.append(scratch.subarray(0, got));
      if (!this.received()) return;
    }
  }

  /** New bytes are in: enforce the cap, hand a waiting read its reply. False when the transport ended. */
  private received(): boolean {
    if (this.lostError !== null) return false;
    if (this.input.length > MAX_PENDING_INPUT_BYTES) {
      this.input.clear();
      this.fail(
        new BenchError('PROGRAMMER_NOISY_LINE', `The port ${this.path} sent more than ${MAX_PENDING_INPUT_BYTES / 1024} KiB nobody asked for: it is not a programmer answering, or its line is noisy. Check the port and the cable.`, {
          path: this.path,
        }),
      );
      return false;
    }
    this.serviceWaiter();
    return true;
  }

  get baudRate(): number {
    return this.baud;
  }

  async setBaudRate(baud: number): Promise<void> {
    const port = this.ensureOpen();
    try {
      // What was written goes out at the old speed before the line changes.
      await port.drain();
      await port.update({ baudRate: baud });
    } catch (e) {
      throw new BenchError('PORT_OPEN_FAILED', `The port ${this.path} cannot run at ${baud} baud: ${e instanceof Error ? e.message : String(e)}`, { path: this.path, baud });
    }
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
      w.reject(error);
    }
    const resume = this.writeBlocked;
    this.writeBlocked = null;
    resume?.();
    for (const l of this.lostListeners) l(error);
  }

  onLost(listener: (error: Error) => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  private ensureOpen(): PortBinding {
    if (this.lostError) throw this.lostError;
    if (!this.port || !this.port.isOpen || this.closing) throw new BenchError('INTERNAL', `port ${this.path} is not open`);
    return this.port;
  }

  async write(data: Uint8Array, opts: WriteOptions = {}): Promise<void> {
    if (!opts.drain) return this.put(data);
    // Paced bytes go the binding's way (its write, then tcdrain), as every write did before the
    // direct path: a Bus Pirate's stale-frame recovery is timed against that spacing (its 4096
    // zeros in two-byte blocks must neither overrun the FIFO nor take longer than a few seconds).
    await this.putThroughBinding(data);
    await this.drainOutput(2000 + data.byteLength);
  }

  /** Waits until what was written has left the host, within `ms`. */
  private async drainOutput(ms: number): Promise<void> {
    const port = this.ensureOpen();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        port.drain().catch(() => {
          this.markLost();
          throw this.lostError ?? unplugged(this.path);
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(notResponding(this.path, 'it does not take the data written')), ms);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async put(data: Uint8Array): Promise<void> {
    this.ensureOpen();
    if (data.byteLength === 0) return;
    const unix = this.unix;
    if (unix) {
      let off = 0;
      // Even a write has a deadline: a wedged USB device may never take the data.
      const deadline = Date.now() + 2000 + data.byteLength;
      for (;;) {
        if (unix.fd === null || this.closing) throw this.lostError ?? unplugged(this.path);
        try {
          // One write(2) for the whole frame: the tty layer hands it to the driver in one piece
          // (the USB-ISS drops a frame that arrives with a gap, programmers.md §2.1).
          off += writeSync(unix.fd, data, off, data.byteLength - off);
        } catch (e) {
          if (!wouldBlock(e)) {
            this.markLost();
            throw this.lostError ?? unplugged(this.path);
          }
        }
        if (off >= data.byteLength) return;
        // The driver's buffer is full: wait until it takes more, within the deadline.
        await this.waitWritable(deadline);
      }
    }
    await this.putThroughBinding(data);
  }

  private async putThroughBinding(data: Uint8Array): Promise<void> {
    const port = this.ensureOpen();
    if (data.byteLength === 0) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(notResponding(this.path, 'it does not accept data')), 2000 + data.byteLength);
      port.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength)).then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        (e: unknown) => {
          clearTimeout(timer);
          if ((e as { canceled?: boolean }).canceled !== true) this.markLost();
          reject(this.lostError ?? unplugged(this.path));
        },
      );
    });
  }

  private waitWritable(deadline: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.writeBlocked = null;
        this.arm();
        reject(notResponding(this.path, 'it does not accept data'));
      }, Math.max(1, deadline - Date.now()));
      this.writeBlocked = () => {
        clearTimeout(timer);
        if (this.lostError) reject(this.lostError);
        else resolve();
      };
      this.arm();
    });
  }

  private serviceWaiter(): void {
    const w = this.waiter;
    if (!w) return;
    const out = this.takeFor(w.need);
    if (out === null) return;
    this.clearWaiter(w);
    w.resolve(out);
  }

  /** The reply a read of `need` gets from what is buffered now, or null when it must wait. */
  private takeFor(need: number | 'any'): Buffer | null {
    if (need === 'any') return this.input.length === 0 ? null : this.input.take(this.input.length);
    return this.input.length >= need ? this.input.take(need) : null;
  }

  private clearWaiter(w: Waiter): void {
    clearTimeout(w.timer);
    if (this.waiter === w) this.waiter = null;
  }

  private listenTo(signal: AbortSignal): void {
    if (this.listening === signal) return;
    this.listening?.removeEventListener('abort', this.onAbort);
    signal.addEventListener('abort', this.onAbort);
    this.listening = signal;
  }

  private wait(need: number | 'any', opts: ReadOptions): Promise<Buffer> {
    if (this.lostError) return Promise.reject(this.lostError);
    if (opts.signal?.aborted) return Promise.reject(cancelled());
    if (this.waiter) return Promise.reject(new BenchError('INTERNAL', 'concurrent reads on one transport'));
    // Most replies are complete by the time they are asked for (a status byte and its data arrive
    // together): no deadline timer or abort listener for those.
    const ready = this.takeFor(need);
    if (ready !== null) return Promise.resolve(ready);
    return new Promise<Buffer>((resolve, reject) => {
      const w: Waiter = {
        need,
        resolve,
        reject,
        signal: opts.signal,
        timer: setTimeout(() => {
          this.clearWaiter(w);
          if (need === 'any') resolve(EMPTY);
          else reject(notResponding(this.path, `expected ${need} bytes within ${opts.timeoutMs} ms, got ${this.input.length}`));
        }, opts.timeoutMs),
      };
      if (opts.signal) this.listenTo(opts.signal);
      this.waiter = w;
    });
  }

  read(n: number, opts: ReadOptions): Promise<Buffer> {
    if (n === 0) return Promise.resolve(EMPTY);
    return this.wait(n, opts);
  }

  pending(): number {
    return this.input.length;
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
    const port = this.port;
    const w = this.waiter;
    if (w) {
      this.clearWaiter(w);
      w.reject(new BenchError('CANCELLED', 'port closed'));
    }
    this.listening?.removeEventListener('abort', this.onAbort);
    this.listening = null;
    if (!port || !port.isOpen || this.closing) {
      this.closing = true;
      this.port = null;
      return;
    }
    // The last command (a Bus Pirate's 0F back to its terminal) goes out before the port closes;
    // bounded, as a wedged device may never take it.
    if (this.lostError === null) await Promise.race([port.drain().catch(() => undefined), new Promise((r) => setTimeout(r, 200))]);
    this.closing = true;
    const unix = this.unix;
    if (unix) {
      unix.poller.removeListener('readable', this.onReadable);
      unix.poller.removeListener('writable', this.onWritable);
    }
    const resume = this.writeBlocked;
    this.writeBlocked = null;
    resume?.();
    this.port = null;
    this.unix = null;
    this.input.clear();
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 1000);
      port.close().then(
        () => {
          clearTimeout(t);
          resolve();
        },
        () => {
          clearTimeout(t);
          resolve();
        },
      );
    });
  }
}
