// Timing model shared by the emulators and the `bench:read` reference figure.
//   link byte:   Bus Pirate 10 bits at 115200 baud (86.8 us); USB-ISS ~1 us (full-speed USB into the MCU)
//   I2C:         9 bit times a byte at the set clock, 1 bit time per START / repeated START / STOP
//   turnaround:  paid once whenever the device has gone idle (all input processed, all output sent)
//                and new input arrives: 2 ms Bus Pirate, 1 ms USB-ISS.
// Costs add up serially (no overlap of receive, I2C and transmit): simple, and the same
// rule is used for the ideal, so measured/ideal compares like with like.

export type EmulatorKind = 'buspirate' | 'usbiss';

export interface LinkProfile {
  byteMs: number;
  turnaroundMs: number;
}

export const LINK: Record<EmulatorKind, LinkProfile> = {
  buspirate: { byteMs: (10 / 115200) * 1000, turnaroundMs: 2 },
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
    readonly link: LinkProfile,
    readonly timeScale: number,
    readonly now: () => number,
  ) {
    this.cursor = now();
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

export interface IdealRead {
  addr7: number;
  offset: number;
  length: number;
}

export interface IdealOptions {
  /** I2C clock for the read, Hz. Default 100 kHz (SFF-8472 maximum). */
  i2cHz?: number;
  /** Single-target writes pipelined with the reads (QSFP page selects), each `data.length` bytes. */
  writes?: { addr7: number; offset: number; data: number[] }[];
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

/**
 * Fastest read of the same bytes the model allows: every command in one host write, so exactly
 * one turnaround. Bus Pirate: the portable two-step read (`08 00 02 00 00 A0 off` then
 * `08 00 01 00 N A1`) in chunks of up to 128 bytes. USB-ISS: `55 A1 off N` in chunks of up to 60
 * bytes, the protocol maximum of I2C_AD1 (the vendor's buffer limit), so no driver can do better.
 */
export function idealReadTimeMs(kind: EmulatorKind, reads: IdealRead[], opts: IdealOptions = {}): number {
  const link = LINK[kind];
  const bitMs = 1000 / (opts.i2cHz ?? 100_000);
  let linkBytes = 0;
  let i2cBits = 0;
  for (const w of opts.writes ?? []) {
    if (kind === 'buspirate') {
      linkBytes += 5 + 2 + w.data.length + 1; // 08 WH WL RH RL A0 off data..., reply 01
    } else {
      linkBytes += 4 + w.data.length + 1; // 55 A0 reg n data..., reply status
    }
    i2cBits += 1 + 9 * (2 + w.data.length) + 1;
  }
  for (const r of reads) {
    const max = kind === 'buspirate' ? 128 : 60;
    for (const c of chunkRead(r.offset, r.length, max)) {
      if (kind === 'buspirate') {
        linkBytes += 7 + 1; // set pointer, reply 01
        i2cBits += 1 + 9 * 2 + 1;
        linkBytes += 6 + 1 + c.length; // current-address read, reply 01 + data
        i2cBits += 1 + 9 * (1 + c.length) + 1;
      } else {
        linkBytes += 4 + c.length;
        i2cBits += 1 + 9 * 2 + 1 + 9 * (1 + c.length) + 1; // START addrW reg RESTART addrR data STOP
      }
    }
  }
  return link.turnaroundMs + linkBytes * link.byteMs + i2cBits * bitMs;
}
