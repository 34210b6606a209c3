// The byte pipe a programmer driver talks through (DESIGN habit 6). Drivers never see serialport:
// tests hand them a mock binding or a real pseudo-terminal, the app hands them the OS binding.

export interface ReadOptions {
  /** Give up after this many milliseconds (every wait on hardware has a deadline). */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

export interface WriteOptions {
  drain?: boolean;
}

export interface Transport {
  readonly path: string;
  readonly isOpen: boolean;
  open(): Promise<void>;
  /**
   * Writes the whole buffer as ONE write call and waits until the OS has taken it. Devantech
   * firmware drops a frame that arrives with a gap, so a frame is never split by the caller.
   * `drain`: also wait until the bytes have left the host (tcdrain), for bytes paced by time
   * rather than by a reply (a Bus Pirate's zeros 10 ms apart, its stale-frame blocks): without it
   * a busy host or a USB-serial bridge can deliver two writes as one burst.
   */
  write(data: Uint8Array, opts?: WriteOptions): Promise<void>;
  /**
   * Resolves with exactly `n` bytes, accumulated across as many 'data' events as it takes: a
   * 'data' event is not a reply. Rejects with PROGRAMMER_NOT_RESPONDING at the deadline (the
   * bytes received so far stay buffered), PROGRAMMER_UNPLUGGED when the port goes away,
   * CANCELLED when the signal aborts.
   */
  read(n: number, opts: ReadOptions): Promise<Buffer>;
  /** Bytes received and not yet read: after a complete reply there should be none. */
  pending(): number;
  /** Waits up to `timeoutMs` for at least one byte, then returns everything buffered (maybe empty). */
  readAvailable(opts: ReadOptions): Promise<Buffer>;
  /**
   * Discards input until the line has been quiet for `quietMs` (or `maxMs` passed) and returns
   * what was discarded. Used instead of an OS flush, which is unreliable with FTDI on Linux.
   */
  drain(quietMs: number, maxMs: number): Promise<Buffer>;
  close(): Promise<void>;
  /** The host side's serial speed now. */
  readonly baudRate: number;
  /**
   * Changes the host side's serial speed (termios / the FTDI divisor). Rejects with
   * PORT_OPEN_FAILED when the OS or the adapter cannot set it; the old speed then stays.
   */
  setBaudRate(baud: number): Promise<void>;
  /**
   * Drains, then tells whether the line is now quiet: false when bytes still arrive after
   * `maxMs` (a continuous stream no resync can get through).
   */
  settle(quietMs: number, maxMs: number): Promise<boolean>;
  /** Called once when the port closes by itself (unplugged) or fails; not on close(). */
  onLost(listener: (error: Error) => void): () => void;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
