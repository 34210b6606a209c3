// Timing model shared by the emulators and the `bench:read` reference figure.
//   link byte:   Bus Pirate 10 bits at its serial speed (115200 baud: 86.8 us); USB-ISS ~1 us (full-speed USB)
//   I2C:         9 bit times a byte at the set clock, 1 bit time per START / repeated START / STOP
//   turnaround:  paid once whenever the device has gone idle (all input processed, all output sent)
//                and new input arrives: 2 ms Bus Pirate, 1 ms USB-ISS.
// Costs add up serially (no overlap of receive, I2C and transmit): simple, and the same
// rule is used for the ideal, so measured/ideal compares like with like.
// A Bus Pirate v3 also has a 4-byte UART receive FIFO the firmware does not read while it works
// (bus-pirate.ts): a host that respects it has one command in flight, so each command is a turnaround.

export type EmulatorKind = 'buspirate' | 'usbiss';

export interface LinkProfile {
  byteMs: number;
  turnaroundMs: number;
}

export const BP_DEFAULT_BAUD = 115_200;
/** Time of one byte (start, 8 data, stop) on a UART at `baud`, ms. */
export const uartByteMs = (baud: number): number => (10 / baud) * 1000;

export const LINK: Record<EmulatorKind, LinkProfile> = {
  buspirate: { byteMs: uartByteMs(BP_DEFAULT_BAUD), turnaroundMs: 2 },
  usbiss: { byteMs: 0.001, turnaroundMs: 1 },
};

export interface EmulatorStats {
  /** Modeled device-side time since the last reset, ms (idle time between host requests not counted). */
  deviceTimeMs: number;
  bytesFromHost: number;
  bytesToHost: number;
  /** Bytes clocked on the I2C bus, address bytes included. */
  i2cBytes: number;
  turnarounds: number;
  /** Protocol commands the firmware executed. */
  commands: number;
  /** Current I2C clock, Hz. */
  i2cClockHz: number;
  /** Highest clock a byte was actually moved at since the last reset, Hz (0 if none). */
  maxI2cClockHz: number;
  /** START sent and no STOP since (a Bus Pirate 0x08 NACK leaves the bus like this). */
  i2cBusBusy: boolean;
  /** Bus Pirate v3: host bytes lost because they arrived with the 4-byte receive FIFO full. */
  rxOverruns: number;
  /** Serial speed the programmer's UART runs at now (Bus Pirate), baud. */
  linkBaud: number;
  /** Writes the module took into non-volatile memory (a bench must cause none). */
  nvmWrites: number;
}

/**
 * Device-side clock. `cursor` is the real time (performance.now ms) at which the device will have
 * finished everything queued so far; replies are emitted at the cursor, so real timeouts see the
 * modeled latency multiplied by `timeScale`.
 */
export class Timeline {
  cursor: number;
  deviceTimeMs = 0;
  turnarounds = 0;
  private outputPending = 0;

  constructor(
    public link: LinkProfile,
    readonly timeScale: number,
    readonly now: () => number,
  ) {
    this.cursor = now();
  }

  /** The UART changed speed (Bus Pirate raw-BRG menu): bytes take this long from now on. */
  setByteMs(ms: number): void {
    this.link = { ...this.link, byteMs: ms };
  }

  idle(): boolean {
    return this.outputPending === 0 && this.now() >= this.cursor;
  }

  /** New input arrived; returns true if it paid a turnaround. */
  input(extraTurnaroundMs = 0): boolean {
    const now = this.now();
    if (this.idle()) {
      this.cursor = now;
      this.turnarounds++;
      this.spend(this.link.turnaroundMs + extraTurnaroundMs);
      return true;
    }
    return false;
  }

  spend(ms: number): void {
    this.deviceTimeMs += ms;
    this.cursor = Math.max(this.cursor, this.now()) + ms * this.timeScale;
  }

  linkBytes(n: number): void {
    this.spend(n * this.link.byteMs);
  }

  /** Output scheduled / flushed bookkeeping, so idle() waits for the last byte out. */
  outputQueued(n: number): void {
    this.outputPending += n;
  }
  outputSent(n: number): void {
    this.outputPending -= n;
  }
}

/** One programmer-level operation of a read, for the ideal. */
export type IdealOp =
  | { op: 'read'; addr7: number; offset: number; length: number; /** the pointer is already there */ continues?: boolean }
  | { op: 'write'; addr7: number; offset: number; data: number[] }
  /** The programmer's own I2C-clock command (Bus Pirate 6x -> 01; USB-ISS 5A 02 mode 04 -> FF 00); later ops run at `hz`. */
  | { op: 'clock'; hz: number };

export interface IdealOptions {
  /** I2C clock at the start, Hz (a 'clock' op changes it). Default 100 kHz: every module starts there. */
  i2cHz?: number;
  /** Bus Pirate serial speed, baud (default 115200). */
  baud?: number;
  /**
   * 'one-command' (Bus Pirate v3: its 4-byte receive FIFO allows one command in flight, so every
   * command frame is a turnaround) or 'pipelined' (USB flow control: one turnaround a batch).
   * Default: one-command for the Bus Pirate, pipelined for the USB-ISS.
   */
  pacing?: 'one-command' | 'pipelined';
}

/** Splits a read so no chunk is longer than `max` nor crosses a 128-byte boundary. */
export function chunkRead(offset: number, length: number, max: number): { offset: number; length: number }[] {
  const out: { offset: number; length: number }[] = [];
  let o = offset;
  let left = length;
  while (left > 0) {
    const n = Math.min(left, max, 128 - (o % 128));
    out.push({ offset: o, length: n });
    o += n;
    left -= n;
  }
  return out;
}

/** A command frame as the model costs it: link bytes both ways and I2C bit times. */
interface Frame {
  link: number;
  bits: number;
}

function frames(kind: EmulatorKind, op: IdealOp): Frame[] {
  if (op.op === 'clock') return [{ link: kind === 'buspirate' ? 2 : 6, bits: 0 }];
  if (op.op === 'write') {
    const bits = 1 + 9 * (2 + op.data.length) + 1;
    // Bus Pirate: 08 WH WL RH RL A0 off data..., reply 01. USB-ISS: 55 A0 reg n data..., reply status.
    return [{ link: kind === 'buspirate' ? 7 + op.data.length + 1 : 4 + op.data.length + 1, bits }];
  }
  const out: Frame[] = [];
  const max = kind === 'buspirate' ? 128 : 60;
  chunkRead(op.offset, op.length, max).forEach((c, i) => {
    if (kind === 'buspirate') {
      // The portable two-step read: set the pointer (unless it is already there), then a
      // current-address read; every chunk after the first continues where the last ended.
      if (!(op.continues || i > 0)) out.push({ link: 7 + 1, bits: 1 + 9 * 2 + 1 });
      out.push({ link: 6 + 1 + c.length, bits: 1 + 9 * (1 + c.length) + 1 });
    } else {
      // 55 A1 off n -> n bytes: START addrW reg RESTART addrR data STOP.
      out.push({ link: 4 + c.length, bits: 1 + 18 + 1 + 9 * (1 + c.length) + 1 });
    }
  });
  return out;
}

/**
 * The fastest the model allows for the given batches of operations: the batches are what any
 * reader must do one after another (it cannot know what to read before it has identified the
 * module); within a batch a pipelining link pays one turnaround, a one-command link one per frame.
 */
export function idealTimeMs(kind: EmulatorKind, batches: IdealOp[][], opts: IdealOptions = {}): number {
  const byteMs = kind === 'buspirate' ? uartByteMs(opts.baud ?? BP_DEFAULT_BAUD) : LINK.usbiss.byteMs;
  let bitMs = 1000 / (opts.i2cHz ?? 100_000);
  const pacing = opts.pacing ?? (kind === 'buspirate' ? 'one-command' : 'pipelined');
  let t = 0;
  for (const batch of batches) {
    let n = 0;
    for (const op of batch) {
      for (const f of frames(kind, op)) {
        t += f.link * byteMs + f.bits * bitMs;
        n++;
      }
      if (op.op === 'clock') bitMs = 1000 / op.hz;
    }
    if (n > 0) t += (pacing === 'one-command' ? n : 1) * LINK[kind].turnaroundMs;
  }
  return t;
}

/** A page read with its select checked: select (CMIS: bank and page in one 2-byte write), read the select back, then the page from where that left the pointer. */
export function idealPageRead(family: 'sff8636' | 'cmis', page: number, bank = 0): IdealOp[] {
  return family === 'cmis'
    ? [
        { op: 'write', addr7: 0x50, offset: 126, data: [bank, page] },
        { op: 'read', addr7: 0x50, offset: 126, length: 2 },
        { op: 'read', addr7: 0x50, offset: 128, length: 128, continues: true },
      ]
    : [
        { op: 'write', addr7: 0x50, offset: 127, data: [page] },
        { op: 'read', addr7: 0x50, offset: 127, length: 1 },
        { op: 'read', addr7: 0x50, offset: 128, length: 128, continues: true },
      ];
}

export interface IdealRead {
  addr7: number;
  offset: number;
  length: number;
}

/** One batch of plain reads (and single-byte writes), pipelined: the single-turnaround figure. */
export function idealReadTimeMs(kind: EmulatorKind, reads: IdealRead[], opts: IdealOptions & { writes?: { addr7: number; offset: number; data: number[] }[] } = {}): number {
  const ops: IdealOp[] = [...(opts.writes ?? []).map((w) => ({ op: 'write' as const, ...w })), ...reads.map((r) => ({ op: 'read' as const, ...r }))];
  return idealTimeMs(kind, [ops], { pacing: 'pipelined', ...opts });
}
