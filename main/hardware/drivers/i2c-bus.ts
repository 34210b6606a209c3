// The one interface every programmer implements (bus-pirate, usb-iss, simulated). The module
// reader speaks only this; nothing above it knows which programmer is attached.
import type { ProgrammerInfo } from '../../../preload/contract/hardware';
import { BenchError } from '../../errors';
import { checkAborted, readFailed } from '../hw-errors';

/** One I2C transaction at a 7-bit address: a register read (pointer write, then read) or write. */
export type I2cOp =
  | {
      op: 'read';
      addr: number;
      offset: number;
      length: number;
      /**
       * The module's address pointer already stands at `offset`: the op before it in the same batch
       * read or wrote up to offset - 1 at this address. A programmer may then skip setting the
       * pointer (Bus Pirate: one current-address read instead of two commands).
       */
      continues?: boolean;
    }
  | { op: 'write'; addr: number; offset: number; data: Uint8Array };

export interface BusCallOptions {
  signal?: AbortSignal | undefined;
}

export interface I2cBus {
  readonly info: ProgrammerInfo;
  /**
   * Runs the operations in order, pipelined as far as the programmer allows (one write of all
   * the command frames, one read of the total reply). Returns one array per op (empty for a
   * write). Throws NO_MODULE when the module does not acknowledge, READ_FAILED or
   * PROGRAMMER_NOT_RESPONDING on a transfer problem (worth a retry after recover()),
   * PROGRAMMER_UNPLUGGED, CANCELLED.
   */
  execute(ops: readonly I2cOp[], opts?: BusCallOptions): Promise<Uint8Array[]>;
  /** Write `write` (register pointer, 1..2 bytes) then read `readLength` bytes, as one logical transaction. */
  writeThenRead(addr: number, write: Uint8Array, readLength: number, opts?: BusCallOptions): Promise<Uint8Array>;
  /** Several register reads, pipelined. */
  readMany(reads: readonly { addr: number; offset: number; length: number }[], opts?: BusCallOptions): Promise<Uint8Array[]>;
  /** Writes the page select byte (127) and reads it back; returns the page the module now shows. */
  selectPage(addr: number, page: number, opts?: BusCallOptions): Promise<number>;
  /** True when a device acknowledges its address. */
  probe(addr: number, opts?: BusCallOptions): Promise<boolean>;
  /** Fastest bus clock the programmer can set, kHz. */
  readonly maxSpeedKhz: number;
  /** Bus clock in kHz; the programmer picks its nearest supported setting not above it and returns it. */
  setSpeed(khz: number): Promise<number>;
  /** Re-synchronises with the programmer after a transfer error (garbage, lost reply). */
  recover(opts?: BusCallOptions): Promise<void>;
  /** Leaves the programmer in a sane state and closes the port. Never throws. */
  close(): Promise<void>;
}

export function checkAddr(addr: number): void {
  if (!Number.isInteger(addr) || addr < 0 || addr > 0x7f) throw new BenchError('INVALID_INPUT', `bad 7-bit I2C address ${addr}`);
}

/** The convenience methods, written once over execute(). */
export abstract class BusBase implements I2cBus {
  abstract readonly info: ProgrammerInfo;
  abstract execute(ops: readonly I2cOp[], opts?: BusCallOptions): Promise<Uint8Array[]>;
  abstract probe(addr: number, opts?: BusCallOptions): Promise<boolean>;
  abstract readonly maxSpeedKhz: number;
  abstract setSpeed(khz: number): Promise<number>;
  abstract recover(opts?: BusCallOptions): Promise<void>;
  abstract close(): Promise<void>;

  async writeThenRead(addr: number, write: Uint8Array, readLength: number, opts?: BusCallOptions): Promise<Uint8Array> {
    if (write.length !== 1) throw new BenchError('INVALID_INPUT', 'writeThenRead takes a one-byte register pointer');
    const [out] = await this.execute([{ op: 'read', addr, offset: write[0] ?? 0, length: readLength }], opts);
    return out ?? new Uint8Array(0);
  }

  readMany(reads: readonly { addr: number; offset: number; length: number }[], opts?: BusCallOptions): Promise<Uint8Array[]> {
    return this.execute(reads.map((r) => ({ op: 'read' as const, ...r })), opts);
  }

  async selectPage(addr: number, page: number, opts?: BusCallOptions): Promise<number> {
    const res = await this.execute(
      [
        { op: 'write', addr, offset: 127, data: Uint8Array.of(page) },
        { op: 'read', addr, offset: 127, length: 1 },
      ],
      opts,
    );
    return res[1]?.[0] ?? -1;
  }
}

/**
 * Keeps a serial programmer's replies lined up with its commands. A batch that was interrupted
 * (timeout, cancel, garbage) leaves replies in flight and the programmer possibly mid-frame: the
 * next batch re-synchronises first instead of misreading. Shared by the serial drivers.
 */
export class StepGuard {
  private outOfStep = false;

  /** Called by a driver's recover() once the programmer is known to be in step again. */
  markInStep(): void {
    this.outOfStep = false;
  }

  async run<T>(
    t: { pending(): number; readonly path: string },
    opts: BusCallOptions,
    recover: (opts: BusCallOptions) => Promise<void>,
    batch: () => Promise<T>,
  ): Promise<T> {
    checkAborted(opts.signal);
    if (this.outOfStep) {
      await recover(opts);
    }
    this.outOfStep = true;
    try {
      // Bytes nobody asked for, before or after a batch, mean the replies cannot be trusted to
      // line up with the commands (noise, or a reply from an interrupted batch).
      if (t.pending() > 0) throw readFailed(`unexpected bytes from the programmer on ${t.path} before a command`);
      const r = await batch();
      if (t.pending() > 0) throw readFailed(`the programmer on ${t.path} sent more bytes than the replies hold`);
      this.outOfStep = false;
      return r;
    } catch (e) {
      // A clean NACK is in step; anything else is not.
      if (e instanceof BenchError && e.code === 'NO_MODULE') this.outOfStep = false;
      throw e;
    }
  }
}
