// Bus Pirate v3/v4 in binary (BBIO) raw-I2C mode, as documented in programmers.md §1.
// Every command frame of a batch goes out in one write and the replies are parsed in order
// (the FT232R latency timer would otherwise cost up to 16 ms per round trip, §1.6).
import type { ProgrammerInfo } from '../../../preload/contract/hardware';
import { BenchError } from '../../errors';
import { checkAborted, noModule, noisyLine, notResponding, readFailed } from '../hw-errors';
import { sleep, type Transport } from '../transport/transport';
import { BusBase, StepGuard, checkAddr, type BusCallOptions, type I2cOp } from './i2c-bus';

const BBIO1 = Buffer.from('BBIO1', 'ascii');
const I2C1 = Buffer.from('I2C1', 'ascii');
// TERMINAL_BUFFER in I2C.c: a larger count is refused before the payload is read, and the
// payload is then parsed as commands (§1.5 step 1).
const MAX_TRANSFER = 4096;
/**
 * Deadline for a short reply (a status byte, a mode string): generous next to the ~2 ms a
 * healthy unit needs, so a sluggish USB stack or hub does not read as "not responding" (§4.6
 * gives ~100 ms per chunk; the USB-ISS vendor gives 500 ms).
 */
const REPLY_MS = 500;
const SPEED_CODES: readonly [number, number][] = [
  [400, 0x63],
  [100, 0x62],
  [50, 0x61],
  [5, 0x60],
];

export interface BusPirateOptions {
  /** Link baud rate, for reply deadlines (115200 on v3; v4 ignores it). */
  baudRate?: number;
  /** I2C clock in kHz set after entry: 100 unless a module is known to do more (§4.1). */
  speedKhz?: number;
  /**
   * Wait after switching the module's power on before the first access: SFF-8472 t_serial
   * (300 ms, Table 8-7), also Linux sfp.c's probe delay. 0 when the module has its own supply.
   */
  powerUpDelayMs?: number;
  /** Injected for tests; defaults to real timers. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

interface Expect {
  /** Data bytes that follow an 01 status. */
  dataLength: number;
  /** Index of the op this reply belongs to, or -1 for the pointer-setting half of a read. */
  op: number;
}

export class BusPirateBus extends BusBase {
  readonly info: ProgrammerInfo;
  private readonly t: Transport;
  private readonly baud: number;
  private speedKhz: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly powerUpDelayMs: number;
  /** When the module may first be accessed after the power was switched on (Date.now ms). */
  private readyAt = 0;

  constructor(transport: Transport, opts: BusPirateOptions = {}) {
    super();
    this.t = transport;
    this.baud = opts.baudRate ?? 115200;
    this.speedKhz = opts.speedKhz ?? 100;
    this.sleep = opts.sleep ?? sleep;
    this.powerUpDelayMs = opts.powerUpDelayMs ?? 300;
    this.info = { kind: 'buspirate', description: `Bus Pirate (binary I2C) on ${transport.path}`, path: transport.path };
  }

  /** Time for n bytes on the serial link, in ms. */
  private linkMs(n: number): number {
    return (n * 10 * 1000) / this.baud;
  }

  /**
   * Enters BBIO from whatever state the unit is in (§1.2): user terminal, already binary,
   * inside raw I2C mode, or stuck mid-0x08 waiting for payload. Scans the stream with a sliding
   * window for "BBIO1" rather than trusting an input flush.
   */
  async enterBinary(signal?: AbortSignal): Promise<void> {
    let heardAnything = false;
    const seen: number[] = [];
    const found = (): boolean => Buffer.from(seen).indexOf(BBIO1) >= 0;
    const collect = async (waitMs: number): Promise<boolean> => {
      const got = await this.t.readAvailable({ timeoutMs: waitMs, signal });
      if (got.length > 0) heardAnything = true;
      for (const b of got) seen.push(b);
      // Only the tail matters for the window; keep memory bounded under a flood.
      if (seen.length > 64) seen.splice(0, seen.length - 64);
      return found();
    };
    const settle = async (): Promise<boolean> => {
      // Extra zeros sent before BBIO1 came back produce more BBIO1s: drain them, then check
      // that exactly one 00 gives exactly one BBIO1, i.e. the stream is in step.
      await this.t.drain(50, 1000);
      checkAborted(signal);
      await this.t.write(Uint8Array.of(0x00));
      try {
        const r = await this.t.read(5, { timeoutMs: REPLY_MS, signal });
        if (r.equals(BBIO1)) return true;
      } catch (e) {
        if (e instanceof BenchError && e.code !== 'PROGRAMMER_NOT_RESPONDING') throw e;
      }
      return false;
    };

    // Leftovers of an earlier session (up to a 4096-byte reply, 355 ms at 115200) drain away; a
    // line that never goes quiet is noise, and no handshake will get through it.
    if (!(await this.t.settle(50, 800))) throw noisyLine(this.t.path);
    for (let attempt = 0; attempt < 2; attempt++) {
      // A: zeros about 10 ms apart; the terminal enters BBIO on the 20th, a binary-mode unit
      // answers the first. Faster zeros overflow the terminal's UART buffer (flashrom).
      seen.length = 0;
      for (let i = 0; i < 25; i++) {
        checkAborted(signal);
        await this.t.write(Uint8Array.of(0x00));
        if (await collect(10)) break;
      }
      // A slow link (hub, busy host) may deliver BBIO1 well after the zeros: wait a reply time
      // before concluding the unit is stuck, or phase B floods it with zeros for nothing.
      if (found() || (await collect(REPLY_MS))) {
        if (await settle()) return;
        continue;
      }
      // B: a session died inside 0x08 and the firmware still waits for up to 4096 payload
      // bytes, eating our zeros (flashrom). Feed zeros in small paced blocks, so that once the
      // stale frame completes only a few extra BBIO1s come back.
      const block = 256;
      for (let sent = 0; sent < MAX_TRANSFER + 2 * block && !found(); sent += block) {
        checkAborted(signal);
        await this.t.write(new Uint8Array(block));
        await collect(Math.ceil(this.linkMs(block)) + 2);
      }
      if (found() || (await collect(50))) {
        if (await settle()) return;
        continue;
      }
      // C: the terminal may sit inside a menu waiting for input: Enter x10, then '#' (reset).
      // A unit that is there answers with a prompt or its reset banner within a few hundred ms;
      // then wait for the banner to finish (about 1 s on v3) and go round again.
      await this.t.write(Buffer.from('\r'.repeat(10) + '#', 'latin1'));
      if ((await this.t.readAvailable({ timeoutMs: REPLY_MS, signal })).length > 0) {
        heardAnything = true;
        await this.sleep(700, signal).catch(() => checkAborted(signal));
        await this.t.drain(50, 1000);
      }
      if ((await this.t.readAvailable({ timeoutMs: 50, signal })).length > 0) throw noisyLine(this.t.path);
      // Silence through all of that: nothing Bus-Pirate-like is listening; do not go round again.
      if (!heardAnything) break;
    }
    throw notResponding(
      this.t.path,
      heardAnything ? 'it answers, but never with the Bus Pirate binary-mode reply "BBIO1"' : 'no reply at all to the Bus Pirate binary-mode handshake',
    );
  }

  /** BBIO -> raw I2C, power and pull-ups on, explicit bus speed (the mode starts at MAX, §1.4). */
  async startI2c(signal?: AbortSignal): Promise<void> {
    const speed = this.speedCode(this.speedKhz);
    await this.t.write(Uint8Array.of(0x02, 0x4c, speed));
    const r = await this.t.read(6, { timeoutMs: REPLY_MS, signal });
    if (!r.subarray(0, 4).equals(I2C1) || r[4] !== 0x01 || r[5] !== 0x01) {
      throw notResponding(this.t.path, `unexpected reply ${r.toString('hex')} when entering I2C mode`);
    }
    this.readyAt = Date.now() + this.powerUpDelayMs;
  }

  private async waitPowerUp(signal?: AbortSignal): Promise<void> {
    const left = this.readyAt - Date.now();
    if (left > 0) await this.sleep(left, signal).catch(() => checkAborted(signal));
  }

  private speedCode(khz: number): number {
    for (const [k, code] of SPEED_CODES) if (khz >= k) return code;
    return 0x60;
  }

  async setSpeed(khz: number): Promise<void> {
    this.speedKhz = khz;
    await this.t.write(Uint8Array.of(this.speedCode(khz)));
    const r = await this.t.read(1, { timeoutMs: REPLY_MS });
    if (r[0] !== 0x01) throw readFailed(`Bus Pirate refused the speed setting (reply ${r.toString('hex')})`);
  }

  private readonly step = new StepGuard();

  execute(ops: readonly I2cOp[], opts: BusCallOptions = {}): Promise<Uint8Array[]> {
    return this.step.run(this.t, opts, (o) => this.recover(o), () => this.run(ops, opts));
  }

  private async run(ops: readonly I2cOp[], opts: BusCallOptions): Promise<Uint8Array[]> {
    const { signal } = opts;
    await this.waitPowerUp(signal);
    const frames: Buffer[] = [];
    const expects: Expect[] = [];
    let i2cBytes = 0;
    ops.forEach((op, index) => {
      checkAddr(op.addr);
      const w = op.addr << 1;
      if (op.op === 'read') {
        if (op.length < 1 || op.length > MAX_TRANSFER) throw new BenchError('INVALID_INPUT', `read length ${op.length}`);
        // The portable random read (§1.5): firmware 6 has no repeated start inside 0x08, so set
        // the pointer with one frame (STOP), then do a current-address read with another.
        frames.push(Buffer.from([0x08, 0x00, 0x02, 0x00, 0x00, w, op.offset & 0xff]));
        expects.push({ dataLength: 0, op: -1 });
        frames.push(Buffer.from([0x08, 0x00, 0x01, op.length >> 8, op.length & 0xff, w | 1]));
        expects.push({ dataLength: op.length, op: index });
        i2cBytes += 3 + op.length;
      } else {
        const n = 2 + op.data.length;
        if (n > MAX_TRANSFER) throw new BenchError('INVALID_INPUT', `write length ${op.data.length}`);
        frames.push(Buffer.concat([Buffer.from([0x08, n >> 8, n & 0xff, 0x00, 0x00, w, op.offset & 0xff]), Buffer.from(op.data)]));
        expects.push({ dataLength: 0, op: index });
        i2cBytes += n;
      }
    });
    const out = Buffer.concat(frames);
    const replyBytes = expects.reduce((s, e) => s + 1 + e.dataLength, 0);
    // Deadline: link time both ways plus I2C time (9 bits a byte) with a wide margin, plus the
    // ~100 ms per chunk of §4.6.
    const busMs = (i2cBytes * 9) / this.speedKhz;
    const timeoutMs = Math.ceil(REPLY_MS + 2 * (this.linkMs(out.length + replyBytes) + busMs) + 20 * expects.length);
    const deadline = Date.now() + timeoutMs;
    await this.t.write(out);

    const results: Uint8Array[] = ops.map(() => new Uint8Array(0));
    let nacked = false;
    for (const e of expects) {
      const left = (): number => Math.max(1, deadline - Date.now());
      const [status] = await this.t.read(1, { timeoutMs: left(), signal });
      if (status === 0x01) {
        if (e.dataLength > 0) {
          const data = await this.t.read(e.dataLength, { timeoutMs: left(), signal });
          if (e.op >= 0) results[e.op] = new Uint8Array(data);
        }
      } else if (status === 0x00) {
        nacked = true;
      } else {
        throw readFailed(`Bus Pirate sent an unexpected status byte 0x${(status ?? 0).toString(16).padStart(2, '0')}: the line is noisy or out of step`, { path: this.t.path });
      }
    }
    if (nacked) {
      // A NACK inside 0x08 returns without STOP (§1.5 step 2): release the bus ourselves.
      await this.t.write(Uint8Array.of(0x03));
      const r = await this.t.read(1, { timeoutMs: REPLY_MS, signal });
      if (r[0] !== 0x01) throw readFailed(`Bus Pirate did not confirm STOP (reply ${r.toString('hex')})`);
      throw noModule(this.t.path);
    }
    return results;
  }

  async probe(addr: number, opts: BusCallOptions = {}): Promise<boolean> {
    checkAddr(addr);
    await this.waitPowerUp(opts.signal);
    // Address-only write: W=1, R=0 (accepted by firmware 6 and the community firmware).
    await this.t.write(Uint8Array.of(0x08, 0x00, 0x01, 0x00, 0x00, addr << 1));
    const [status] = await this.t.read(1, { timeoutMs: REPLY_MS, signal: opts.signal });
    if (status === 0x01) return true;
    if (status !== 0x00) throw readFailed(`Bus Pirate sent an unexpected status byte during a probe`);
    await this.t.write(Uint8Array.of(0x03));
    await this.t.read(1, { timeoutMs: REPLY_MS, signal: opts.signal });
    return false;
  }

  /**
   * Out-of-step recovery: first the cheap check (01 in raw I2C answers "I2C1"); if that fails,
   * the full BBIO entry. The full entry passes through BBIO, which switches the power off and on
   * again (binReset, §1.3), so it is the second resort.
   */
  async recover(opts: BusCallOptions = {}): Promise<void> {
    await this.resync(opts);
    this.step.markInStep();
  }

  private async resync(opts: BusCallOptions): Promise<void> {
    // Bounded: on a line that never goes quiet (noise) waiting longer does not help.
    if (!(await this.t.settle(50, 300))) throw noisyLine(this.t.path);
    checkAborted(opts.signal);
    await this.t.write(Uint8Array.of(0x01));
    try {
      const r = await this.t.read(4, { timeoutMs: REPLY_MS, signal: opts.signal });
      if (r.equals(I2C1)) {
        const extra = await this.t.drain(20, 200);
        if (extra.length === 0) return;
      }
    } catch (e) {
      if (e instanceof BenchError && e.code !== 'PROGRAMMER_NOT_RESPONDING') throw e;
    }
    await this.enterBinary(opts.signal);
    await this.startI2c(opts.signal);
  }

  /**
   * Leaves the unit as a person expects to find it: power and pull-ups off, pins HiZ (00 =
   * BBIO, binReset), then 0F back to the user terminal, so a terminal program opened next shows a
   * prompt and the next session enters binary mode from a known state. Best effort: the port may
   * already be gone.
   */
  async close(): Promise<void> {
    try {
      if (this.t.isOpen) {
        await this.t.write(Uint8Array.of(0x00));
        const r = await this.t.read(5, { timeoutMs: REPLY_MS });
        if (r.equals(BBIO1)) {
          await this.t.write(Uint8Array.of(0x0f));
          await this.t.drain(30, 300);
        }
      }
    } catch {
      // Closing must not fail because the unit is already unplugged or out of step.
    }
    await this.t.close();
  }
}

/** Opens the binary I2C session on an open transport: BBIO entry, I2C mode, power, 100 kHz. */
export async function openBusPirate(transport: Transport, opts: BusPirateOptions & { signal?: AbortSignal } = {}): Promise<BusPirateBus> {
  const bus = new BusPirateBus(transport, opts);
  try {
    await bus.enterBinary(opts.signal);
    await bus.startI2c(opts.signal);
  } catch (e) {
    await transport.close();
    throw e;
  }
  return bus;
}
