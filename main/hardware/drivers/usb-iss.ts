// Devantech USB-ISS in I2C mode, as documented in programmers.md §2.1. Each command frame is
// written whole (the firmware drops a frame that arrives with a gap); the frames of a batch are
// concatenated into one write and the replies, whose lengths are all known, read as one.
import type { ProgrammerInfo } from '../../../preload/contract/hardware';
import { BenchError } from '../../errors';
import { checkAborted, noModule, noisyLine, notResponding, readFailed } from '../hw-errors';
import type { Transport } from '../transport/transport';
import { BusBase, StepGuard, checkAddr, type BusCallOptions, type I2cOp } from './i2c-bus';

const ISS_CMD = 0x5a;
const ISS_VERSION = 0x01;
const ISS_MODE = 0x02;
const I2C_AD1 = 0x55;
const I2C_TEST = 0x58;
const MODULE_ID = 0x07;
/** I2C_AD1 carries at most 60 data bytes either way. */
export const ISS_MAX_CHUNK = 60;
/** Vendor guidance: wait up to 500 ms for a reply. */
const REPLY_TIMEOUT_MS = 500;
// Mode bytes: hardware MSSP I2C where it exists (cleaner than bit-bang), bit-bang for 20/50 kHz.
const MODES: readonly [number, number][] = [
  [1000, 0x80],
  [400, 0x70],
  [100, 0x60],
  [50, 0x30],
  [20, 0x20],
];
// io_type for I/O1/I/O2 in I2C mode, as in the vendor's example frame `5A 02 60 04`.
const IO_TYPE = 0x04;

export interface UsbIssOptions {
  speedKhz?: number;
  /**
   * Concatenate the frames of a batch into one write (default). With false, each frame waits
   * for its reply before the next is sent, the vendor's conservative recipe.
   */
  pipeline?: boolean;
}

interface Frame {
  bytes: Buffer;
  replyLength: number;
  op: number;
  kind: 'test' | 'read' | 'write';
  /** Where a read chunk lands in its op's result. */
  at: number;
}

export class UsbIssBus extends BusBase {
  readonly info: ProgrammerInfo;
  /** I2C_H_1000KHZ, the fastest hardware mode (usb_iss_tech.htm mode byte 0x80). */
  readonly maxSpeedKhz = 1000;
  private readonly t: Transport;
  private speedKhz: number;
  private readonly pipeline: boolean;
  firmware = 0;

  constructor(transport: Transport, opts: UsbIssOptions = {}) {
    super();
    this.t = transport;
    this.speedKhz = opts.speedKhz ?? 100;
    this.pipeline = opts.pipeline ?? true;
    this.info = { kind: 'usbiss', description: `Devantech USB-ISS on ${transport.path}`, path: transport.path };
  }

  /** `5A 01` -> module id 7, firmware version, current mode. */
  async checkVersion(signal?: AbortSignal): Promise<void> {
    await this.t.write(Uint8Array.of(ISS_CMD, ISS_VERSION));
    let r: Buffer;
    try {
      r = await this.t.read(3, { timeoutMs: REPLY_TIMEOUT_MS, signal });
    } catch (e) {
      if (e instanceof BenchError && e.code === 'PROGRAMMER_NOT_RESPONDING') {
        throw notResponding(this.t.path, 'no reply to the USB-ISS version request');
      }
      throw e;
    }
    if (r[0] !== MODULE_ID) {
      throw notResponding(this.t.path, `the version reply ${r.toString('hex')} is not a USB-ISS (module id 7)`);
    }
    this.firmware = r[1] ?? 0;
    this.info.description = `Devantech USB-ISS firmware ${this.firmware} on ${this.t.path}`;
    // Provenance as the unit said it: module id, firmware version and the mode it was in.
    this.info.identity = `USB-ISS module id ${r[0]}, firmware ${this.firmware}, mode 0x${(r[2] ?? 0).toString(16).padStart(2, '0')}`;
  }

  /**
   * Sets the fastest I2C mode not above `khz` and returns its clock. A mode the firmware refuses
   * (`00 05`, e.g. 1 MHz on an early firmware) falls back to the next slower one.
   */
  async setSpeed(khz: number, signal?: AbortSignal): Promise<number> {
    let last = '';
    for (const [k, mode] of MODES) {
      if (k > khz && k !== MODES[MODES.length - 1]![0]) continue;
      await this.t.write(Uint8Array.of(ISS_CMD, ISS_MODE, mode, IO_TYPE));
      const r = await this.t.read(2, { timeoutMs: REPLY_TIMEOUT_MS, signal });
      if (r[0] === 0xff && r[1] === 0x00) {
        this.speedKhz = k;
        return k;
      }
      last = `mode 0x${mode.toString(16)} (reply ${r.toString('hex')})`;
    }
    throw notResponding(this.t.path, `the USB-ISS refused every I2C mode, last ${last}`);
  }

  get clockKhz(): number {
    return this.speedKhz;
  }

  private frames(ops: readonly I2cOp[]): Frame[] {
    const frames: Frame[] = [];
    // AD1 reads carry no status: a missing module reads as 0xFF. I2C_TEST (fw >= 5) first tells
    // absence from a module whose bytes happen to be 0xFF.
    if (this.firmware >= 5) {
      const addrs = new Set(ops.filter((o) => o.op === 'read').map((o) => o.addr));
      for (const a of addrs) frames.push({ bytes: Buffer.from([I2C_TEST, a << 1]), replyLength: 1, op: -1, kind: 'test', at: 0 });
    }
    ops.forEach((op, index) => {
      checkAddr(op.addr);
      if (op.op === 'read') {
        if (op.length < 1 || op.offset + op.length > 256) throw new BenchError('INVALID_INPUT', `read ${op.offset}+${op.length}`);
        for (let at = 0; at < op.length; at += ISS_MAX_CHUNK) {
          const n = Math.min(ISS_MAX_CHUNK, op.length - at);
          frames.push({ bytes: Buffer.from([I2C_AD1, (op.addr << 1) | 1, op.offset + at, n]), replyLength: n, op: index, kind: 'read', at });
        }
      } else {
        for (let at = 0; at < op.data.length; at += ISS_MAX_CHUNK) {
          const part = op.data.subarray(at, at + ISS_MAX_CHUNK);
          frames.push({
            bytes: Buffer.concat([Buffer.from([I2C_AD1, op.addr << 1, op.offset + at, part.length]), Buffer.from(part)]),
            replyLength: 1,
            op: index,
            kind: 'write',
            at,
          });
        }
      }
    });
    return frames;
  }

  private readonly step = new StepGuard();

  execute(ops: readonly I2cOp[], opts: BusCallOptions = {}): Promise<Uint8Array[]> {
    return this.step.run(this.t, opts, (o) => this.recover(o), () => this.run(ops, opts));
  }

  private async run(ops: readonly I2cOp[], opts: BusCallOptions): Promise<Uint8Array[]> {
    const { signal } = opts;
    const frames = this.frames(ops);
    const results: Uint8Array[] = ops.map((op) => new Uint8Array(op.op === 'read' ? op.length : 0));
    const replies: Buffer[] = [];
    const i2cMs = (bytes: number): number => (bytes * 9) / this.speedKhz;
    if (this.pipeline) {
      const out = Buffer.concat(frames.map((f) => f.bytes));
      const total = frames.reduce((s, f) => s + f.replyLength, 0);
      const busBytes = frames.reduce((s, f) => s + f.replyLength + f.bytes.length, 0);
      await this.t.write(out);
      const all = await this.t.read(total, { timeoutMs: Math.ceil(REPLY_TIMEOUT_MS + 2 * i2cMs(busBytes) + 5 * frames.length), signal });
      let p = 0;
      for (const f of frames) {
        replies.push(all.subarray(p, p + f.replyLength));
        p += f.replyLength;
      }
    } else {
      for (const f of frames) {
        checkAborted(signal);
        await this.t.write(f.bytes);
        replies.push(await this.t.read(f.replyLength, { timeoutMs: REPLY_TIMEOUT_MS + Math.ceil(2 * i2cMs(f.replyLength + f.bytes.length)), signal }));
      }
    }
    let absent = false;
    frames.forEach((f, i) => {
      const r = replies[i] ?? Buffer.alloc(0);
      if (f.kind === 'test') {
        if (r[0] === 0x00) absent = true;
      } else if (f.kind === 'write') {
        if (r[0] === 0x00) absent = true;
      } else {
        results[f.op]?.set(r, f.at);
      }
    });
    if (absent) throw noModule(this.t.path);
    return results;
  }

  async probe(addr: number, opts: BusCallOptions = {}): Promise<boolean> {
    checkAddr(addr);
    if (this.firmware < 5) {
      throw readFailed(`USB-ISS firmware ${this.firmware} has no I2C_TEST command (needs 5 or later)`);
    }
    await this.t.write(Uint8Array.of(I2C_TEST, addr << 1));
    const r = await this.t.read(1, { timeoutMs: REPLY_TIMEOUT_MS, signal: opts.signal });
    return r[0] !== 0x00;
  }

  /** Re-sync (§4.6): let the line go quiet >= 50 ms so the firmware drops any half frame, then `5A 01`. */
  async recover(opts: BusCallOptions = {}): Promise<void> {
    await this.resync(opts);
    this.step.markInStep();
  }

  private async resync(opts: BusCallOptions): Promise<void> {
    // A reply that was late (a busy host, a slow hub) can still come after the quiet window and
    // be read as the version reply: the unit was known to be a USB-ISS, so go quiet and ask again.
    for (let attempt = 0; ; attempt++) {
      if (!(await this.t.settle(60, 400))) throw noisyLine(this.t.path);
      checkAborted(opts.signal);
      try {
        await this.checkVersion(opts.signal);
        return;
      } catch (e) {
        if (attempt >= 2 || !(e instanceof BenchError) || e.code !== 'PROGRAMMER_NOT_RESPONDING') throw e;
      }
    }
  }

  /** The USB-ISS keeps no session state worth undoing: I2C mode idle is its sane state. */
  async close(): Promise<void> {
    await this.t.close();
  }
}

/** Version check (module id 7) and I2C mode set (hardware 100 kHz) on an open transport. */
export async function openUsbIss(transport: Transport, opts: UsbIssOptions & { signal?: AbortSignal } = {}): Promise<UsbIssBus> {
  const bus = new UsbIssBus(transport, opts);
  try {
    // A previous session may have left half a frame: a quiet period resets the command sync.
    await transport.drain(60, 1000);
    await bus.checkVersion(opts.signal);
    await bus.setSpeed(opts.speedKhz ?? 100, opts.signal);
  } catch (e) {
    await transport.close();
    throw e;
  }
  return bus;
}
