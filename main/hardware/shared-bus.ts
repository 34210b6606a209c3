// One open programmer shared by the bench's users of one port: the cage watch, reads and the live
// monitor (issue 12). A serial programmer answers one master, and opening a Bus Pirate costs most
// of a second (its banner), so the bench keeps the port open while the cage is watched and runs
// every transaction through one queue: a read takes the bus for its whole length (page selects,
// bring-up and restore must not be interleaved with anything), the watch for one look, the
// monitor for one sample at a time.
import { BenchError } from '../errors';
import type { BusCallOptions, I2cBus, I2cOp } from './drivers/i2c-bus';

/** Errors after which the port cannot be trusted: the next user opens it again. */
const PORT_GONE = new Set(['PROGRAMMER_UNPLUGGED', 'PORT_NOT_FOUND', 'PORT_OPEN_FAILED', 'PROGRAMMER_NOT_RESPONDING']);

export class SharedBus implements I2cBus {
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Set once a user saw the port go away: the owner drops this bus and opens the port again. */
  broken = false;

  constructor(private readonly inner: I2cBus) {}

  get info(): I2cBus['info'] {
    return this.inner.info;
  }

  get maxSpeedKhz(): number {
    return this.inner.maxSpeedKhz;
  }

  /**
   * Runs `fn` with the programmer to itself: no other user's transaction goes in between. `fn`
   * must use the bus it is given, never this shared one (which would wait for itself).
   */
  exclusive<T>(fn: (bus: I2cBus) => Promise<T>): Promise<T> {
    const run = this.tail.then(async () => {
      if (this.closed) throw new BenchError('CANCELLED', 'The programmer was closed.');
      try {
        return await fn(this.inner);
      } catch (e) {
        if (e instanceof BenchError && PORT_GONE.has(e.code)) this.broken = true;
        throw e;
      }
    });
    // The queue goes on whatever this user's outcome.
    this.tail = run.catch(() => undefined);
    return run;
  }

  execute(ops: readonly I2cOp[], opts?: BusCallOptions): Promise<Uint8Array[]> {
    return this.exclusive((b) => b.execute(ops, opts));
  }

  writeThenRead(addr: number, write: Uint8Array, readLength: number, opts?: BusCallOptions): Promise<Uint8Array> {
    return this.exclusive((b) => b.writeThenRead(addr, write, readLength, opts));
  }

  readMany(reads: readonly { addr: number; offset: number; length: number }[], opts?: BusCallOptions): Promise<Uint8Array[]> {
    return this.exclusive((b) => b.readMany(reads, opts));
  }

  selectPage(addr: number, page: number, opts?: BusCallOptions): Promise<number> {
    return this.exclusive((b) => b.selectPage(addr, page, opts));
  }

  probe(addr: number, opts?: BusCallOptions): Promise<boolean> {
    return this.exclusive((b) => b.probe(addr, opts));
  }

  setSpeed(khz: number): Promise<number> {
    return this.exclusive((b) => b.setSpeed(khz));
  }

  recover(opts?: BusCallOptions): Promise<void> {
    return this.exclusive((b) => b.recover(opts));
  }

  private closing: Promise<void> | null = null;

  /** Closes the programmer once the transactions queued before it are done (once, however often asked). Never throws. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.tail.catch(() => undefined);
      this.closed = true;
      await this.inner.close();
    })();
    return this.closing;
  }
}
