// Bus Pirate v3/v4 in binary (BBIO) raw-I2C mode, as documented in programmers.md §1 and its
// "Reading at the link's limits" section.
//
// Pacing: a v3 reaches its PIC through an FTDI UART with no flow control, and the PIC's receive
// FIFO holds 4 bytes which the firmware does not read while it executes a command; a fifth byte
// sets OERR and the unit goes deaf until reset (flashrom: BBIO cannot survive an input overflow).
// So on a v3 one command is in flight at a time: its whole frame in one write (0x08 reads its
// header and payload back to back), then its whole reply, then the next. A v4 talks native USB
// CDC, which holds the host back while the firmware is busy: its batches go out pipelined.
//
// Speed: firmware 5.5 and later can leave 115200 baud (flashrom's sequence: 0x0F to the terminal,
// menu b / 10 / divisor, a space at the new rate); the I2C clock is the fastest the module allows.
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
/** The PIC24's UART receive FIFO: bytes that may wait while the firmware is busy. */
export const BP_RX_FIFO = 4;
/**
 * Deadline for a short reply (a status byte, a mode string): generous next to the ~2 ms a
 * healthy unit needs, so a sluggish USB stack or hub does not read as "not responding" (§4.6
 * gives ~100 ms per chunk; the USB-ISS vendor gives 500 ms).
 */
const REPLY_MS = 500;
/** Raw-I2C speed commands (§1.4): 0x63 is the firmware's "no delay" profile, nominally 400 kHz. */
const SPEED_CODES: readonly [number, number][] = [
  [400, 0x63],
  [100, 0x62],
  [50, 0x61],
  [5, 0x60],
];
/**
 * Serial speeds a v3 can run (flashrom's list, programmers.md table): baud = 4 MHz / (BRG + 1) in
 * the firmware's raw-BRG menu. Fastest first; 115200 is the power-on speed and the fallback.
 */
export const BP_FAST_BAUDS: readonly { baud: number; divisor: number }[] = [
  { baud: 2_000_000, divisor: 1 },
  { baud: 250_000, divisor: 15 },
  { baud: 230_400, divisor: 16 },
];
export const BP_DEFAULT_BAUD = 115_200;
/**
 * Bytes paced by time, not by a reply (zeros 10 ms apart, stale-frame blocks, menu keys): each
 * write waits until the bytes have left the host, so the pause after it is a pause on the wire
 * (a busy host or a USB-serial bridge otherwise delivers two writes as one burst into the 4-byte FIFO).
 */
const PACED = { drain: true } as const;

/** Ports whose Bus Pirate did not come back at a fast speed: they stay at 115200 in this process. */
const fastBaudFailed = new Set<string>();

export interface BusPirateOptions {
  /** Host serial speed to start at (115200 on v3; v4 ignores it). */
  baudRate?: number;
  /**
   * 'fastest' (default): on a v3 with firmware 5.5 or later, leave 115200 for the fastest speed
   * both the FTDI and the firmware accept, falling back to 115200. A number: stay at that speed.
   */
  linkSpeed?: 'fastest' | number;
  /** I2C clock in kHz set after entry: 100 unless a module is known to do more (§4.1). */
  speedKhz?: number;
  /**
   * Wait after switching the module's power on before the first access: SFF-8472 t_serial
   * (300 ms, Table 8-7), also Linux sfp.c's probe delay. 0 when the module has its own supply.
   */
  powerUpDelayMs?: number;
  /** Read the terminal banner (hardware and firmware version) for provenance. Default true. */
  identify?: boolean;
  /** Injected for tests; defaults to real timers. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

interface Frame {
  bytes: Buffer;
  /** Data bytes that follow an 01 status. */
  dataLength: number;
  /** Index of the op this reply belongs to, or -1 for the pointer-setting half of a read. */
  op: number;
  i2cBytes: number;
}

/** What the terminal banner says (procMenu.c version info; flashrom parses the same lines). */
export interface BusPirateBanner {
  hardware: string | null;
  firmware: string | null;
  /** Firmware version as a number (6.1), for feature checks; null when not stated. */
  firmwareVersion: number | null;
  bootloader: string | null;
  /** v4 and later hardware are native USB (flow controlled); v3 is FTDI UART. */
  nativeUsb: boolean | null;
}

export function parseBanner(text: string): BusPirateBanner {
  const hw = /Bus Pirate (v[0-9][0-9a-z.]*)/i.exec(text)?.[1] ?? null;
  const fw = /Firmware (v[0-9][^\r\n]*?)(?:\s{2,}|\s+Bootloader|\r|\n|$)/i.exec(text)?.[1]?.trim() ?? null;
  const boot = /Bootloader (v[0-9][0-9a-z.]*)/i.exec(text)?.[1] ?? null;
  const num = fw ? /v(\d+)\.(\d+)/.exec(fw) : null;
  const major = hw ? Number(/v(\d+)/.exec(hw)?.[1] ?? NaN) : NaN;
  return {
    hardware: hw,
    firmware: fw,
    firmwareVersion: num ? Number(`${num[1]}.${num[2]}`) : null,
    bootloader: boot,
    nativeUsb: Number.isFinite(major) ? major >= 4 : null,
  };
}

export class BusPirateBus extends BusBase {
  readonly info: ProgrammerInfo;
  readonly maxSpeedKhz = 400;
  private readonly t: Transport;
  private baud: number;
  private speedKhz: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly powerUpDelayMs: number;
  /** When the module may first be accessed after the power was switched on (Date.now ms). */
  private readyAt = 0;
  /** Round trip of the link as first measured (the terminal's answer to Enter), ms: stretches waits on a sluggish link. */
  latencyMs = 0;
  /** One command in flight (v3, or hardware not known yet) or pipelined batches (v4, USB CDC). */
  pacing: 'one-command' | 'pipelined' = 'one-command';
  banner: BusPirateBanner | null = null;

  constructor(transport: Transport, opts: BusPirateOptions = {}) {
    super();
    this.t = transport;
    this.baud = opts.baudRate ?? transport.baudRate ?? BP_DEFAULT_BAUD;
    this.speedKhz = opts.speedKhz ?? 100;
    this.sleep = opts.sleep ?? sleep;
    this.powerUpDelayMs = opts.powerUpDelayMs ?? 300;
    this.info = { kind: 'buspirate', description: `Bus Pirate (binary I2C) on ${transport.path}`, path: transport.path, identity: 'BBIO1 (binary mode 1)' };
  }

  /** Serial speed the link runs at now. */
  get linkBaud(): number {
    return this.baud;
  }

  get clockKhz(): number {
    return this.speedKhz;
  }

  /** Time for n bytes on the serial link, in ms. */
  private linkMs(n: number): number {
    return (n * 10 * 1000) / this.baud;
  }

  /**
   * Enters BBIO from whatever state the unit is in (§1.2): user terminal, already binary,
   * inside raw I2C mode, or stuck mid-0x08 waiting for payload. Scans the stream with a sliding
   * window for "BBIO1" rather than trusting an input flush. Every byte sequence it sends fits
   * the 4-byte receive FIFO or is paced so it cannot overrun it.
   */
  async enterBinary(signal?: AbortSignal, fromTerminal = false): Promise<void> {
    let heardAnything = false;
    const seen: number[] = [];
    const found = (): boolean => Buffer.from(seen).indexOf(BBIO1) >= 0;
    let heardBytes = 0;
    const collect = async (waitMs: number): Promise<boolean> => {
      const got = await this.t.readAvailable({ timeoutMs: waitMs, signal });
      heardBytes += got.length;
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
      // answers the first. Faster zeros overflow the terminal's UART buffer (flashrom), and a
      // zero past the 20th is a command BBIO answers with five bytes: from the terminal exactly
      // 20, however late the answer comes.
      seen.length = 0;
      for (let i = 0; i < 20; i++) {
        checkAborted(signal);
        await this.t.write(Uint8Array.of(0x00), PACED);
        if (await collect(10)) break;
      }
      // A slow link (hub, busy host) may deliver BBIO1 well after the zeros: wait a reply time
      // before concluding the unit is stuck, or phase B floods it with zeros for nothing.
      if (found() || (await collect(REPLY_MS + 2 * this.latencyMs))) {
        if (await settle()) return;
        continue;
      }
      // B: a session died inside 0x08 and the firmware still waits for up to 4096 payload bytes,
      // eating our zeros (flashrom). It reads payload as fast as it comes, but once the stale
      // frame completes it is busy on the bus and then answering: zeros go in blocks that fit
      // the receive FIFO, each after the time the unit needs for the previous block's replies.
      // Half the FIFO: two writes the host happens to deliver back to back (a busy host, a
      // USB-serial bridge's latency timer) still fit, and an overrun would leave it deaf.
      const block = BP_RX_FIFO / 2;
      // Time for the unit to answer a whole block of zeros in BBIO (five bytes of "BBIO1" each).
      const pause = Math.max(1, Math.ceil(this.linkMs(block * 5)));
      const heardBefore = heardBytes;
      for (let sent = 0; sent < MAX_TRANSFER + 8 * block && !found(); sent += block) {
        checkAborted(signal);
        await this.t.write(new Uint8Array(block), PACED);
        const at = Date.now();
        await collect(pause);
        // The stale frame ended and the unit answers: stop feeding it. Its UART is not read while
        // it transmits (five bytes per zero in BBIO), so more blocks now would overrun the FIFO,
        // and an overrun (OERR) leaves a v3 deaf until it is power-cycled.
        if (heardBytes > heardBefore) break;
        // A read returns on the first byte that comes: the unit still gets the whole pause.
        const left = pause - (Date.now() - at);
        if (left > 0) await this.sleep(left, signal).catch(() => checkAborted(signal));
      }
      if (heardBytes > heardBefore && !found()) {
        // Let it finish what it is sending (quiet for 50 ms), then one zero at a time: a zero
        // leaves raw I2C mode, and in BBIO each is answered "BBIO1"; single bytes cannot overrun.
        const until = Date.now() + REPLY_MS;
        for (let n = heardBytes; Date.now() < until && !found(); n = heardBytes) {
          await collect(50 + 2 * this.latencyMs);
          if (heardBytes === n) break;
        }
        for (let i = 0; i < 8 && !found(); i++) {
          checkAborted(signal);
          await this.t.write(Uint8Array.of(0x00), PACED);
          await collect(REPLY_MS / 5 + 2 * this.latencyMs);
        }
      }
      // The unit finishes the stale frame's I2C work before it answers: on a busy host (or a
      // slow hub) the first BBIO1 can come well after the last block, so wait a reply time.
      if (found() || (await collect(REPLY_MS + 2 * this.latencyMs))) {
        if (await settle()) return;
        continue;
      }
      if (fromTerminal && attempt === 0) continue;
      // C: the terminal may sit inside a menu waiting for input: Enter x10, then '#' (reset),
      // one key at a time (each Enter prints a prompt: a burst would overrun the FIFO). A unit
      // that is there answers with a prompt or its reset banner within a few hundred ms.
      for (const key of [...'\r'.repeat(10), '#', '\r']) {
        checkAborted(signal);
        await this.t.write(Buffer.from(key, 'latin1'), PACED);
        if ((await this.t.readAvailable({ timeoutMs: 5, signal })).length > 0) heardAnything = true;
      }
      if ((await this.t.readAvailable({ timeoutMs: REPLY_MS, signal })).length > 0 || heardAnything) {
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

  /** Reads terminal output until `marker` (or the deadline); returns what came. */
  private async readUntil(marker: string, timeoutMs: number, signal?: AbortSignal): Promise<string> {
    let text = '';
    const end = Date.now() + timeoutMs;
    while (!text.includes(marker)) {
      const left = end - Date.now();
      if (left <= 0) break;
      const got = await this.t.readAvailable({ timeoutMs: left, signal });
      text += got.toString('latin1');
    }
    return text;
  }

  /**
   * Is the unit at its user terminal? Enter there prints a prompt; in binary or raw-I2C mode 0x0D
   * is an unknown command answered 00, and a unit stuck in a 0x08 frame eats it as payload. One
   * byte either way, so nothing can overrun; the time to the answer is the link's latency.
   */
  async atTerminal(signal?: AbortSignal): Promise<boolean> {
    if (!(await this.t.settle(50, 800))) throw noisyLine(this.t.path);
    const sent = Date.now();
    await this.t.write(Buffer.from('\r', 'latin1'));
    let text = '';
    const end = sent + REPLY_MS;
    while (Date.now() < end && !/>\s*$/.test(text)) {
      const got = await this.t.readAvailable({ timeoutMs: Math.max(1, end - Date.now()), signal });
      if (got.length === 0) break;
      if (text === '') this.latencyMs = Math.min(1000, Date.now() - sent);
      text += got.toString('latin1');
      // Binary or raw-I2C mode answers the CR with 00 bytes only: no prompt is coming.
      if ([...text].every((c) => c === '\0')) break;
    }
    return /HiZ>|\(\d+\)>|>\s*$/.test(text);
  }

  /**
   * The hardware and firmware version for provenance (the terminal banner, which flashrom parses
   * too), then, when asked and possible, a faster serial speed. From the terminal "i" prints the
   * banner; from binary mode 0x0F returns to the terminal (a v3 resets and prints it, DP binIO.c).
   * Leaves the unit in the terminal; enterBinary() follows.
   */
  async identifyAndTune(opts: { linkSpeed: 'fastest' | number; fromTerminal: boolean; signal?: AbortSignal | undefined }): Promise<void> {
    const { signal } = opts;
    let text = '';
    if (!opts.fromTerminal) {
      await this.t.write(Uint8Array.of(0x0f));
      text = await this.readUntil('HiZ>', 1500 + this.latencyMs, signal);
    }
    if (!/Bus Pirate/i.test(text)) {
      // From the terminal, or a v4, which returns to it without a reset and prints no banner: ask.
      await this.t.drain(20, 200);
      await this.t.write(Buffer.from('i\r', 'latin1'));
      text += await this.readUntil('HiZ>', 1000 + this.latencyMs, signal);
    }
    const banner = parseBanner(text);
    this.banner = banner;
    if (banner.hardware !== null || banner.firmware !== null) {
      this.info.identity = [`Bus Pirate ${banner.hardware ?? '(hardware not stated)'}`, banner.firmware ? `firmware ${banner.firmware}` : null, banner.bootloader ? `bootloader ${banner.bootloader}` : null]
        .filter((x) => x !== null)
        .join(', ');
    }
    if (banner.nativeUsb === true) this.pacing = 'pipelined';
    // Native USB (v4) has no UART to speed up; firmware before 5.5 has no raw-BRG menu (flashrom
    // refuses it too); a port that failed before stays at 115200.
    const fast = opts.linkSpeed === 'fastest' && banner.nativeUsb === false && (banner.firmwareVersion ?? 0) >= 5.5 && !fastBaudFailed.has(this.t.path);
    const wanted = typeof opts.linkSpeed === 'number' ? BP_FAST_BAUDS.filter((b) => b.baud === opts.linkSpeed) : fast ? BP_FAST_BAUDS : [];
    for (const { baud, divisor } of wanted) {
      // The host must be able to follow before the unit is told to switch: try the speed on the
      // port first and come straight back; a unit left at a speed the host cannot set is lost.
      try {
        await this.t.setBaudRate(baud);
        await this.t.setBaudRate(this.baud);
      } catch {
        continue;
      }
      if (await this.switchBaud(baud, divisor, signal)) return;
      fastBaudFailed.add(this.t.path);
      throw notResponding(
        this.t.path,
        `it did not answer at ${baud} baud after the speed change; unplug it and plug it back in (it returns to 115200), and the bench will stay at 115200 on this port`,
      );
    }
  }

  /** Menu b, item 10 (raw BRG), divisor: the unit prints its prompt, switches, and waits for a space. */
  private async switchBaud(baud: number, divisor: number, signal?: AbortSignal): Promise<boolean> {
    await this.t.drain(20, 200);
    await this.t.write(Buffer.from('b\r', 'latin1'));
    const menu = await this.readUntil('>', 1000 + this.latencyMs, signal);
    if (!/10\./.test(menu) && !/\(\d+\)>/.test(menu)) return true; // no speed menu: stay at 115200
    await this.t.write(Buffer.from('10\r', 'latin1'));
    const ask = await this.readUntil('>', 1000 + this.latencyMs, signal);
    if (/syntax error|invalid/i.test(ask)) return true;
    await this.t.write(Buffer.from(`${divisor}\r`, 'latin1'));
    // The firmware drains its prompt before it switches (DP procMenu.c): let it.
    await this.t.drain(30, 300);
    await this.t.setBaudRate(baud);
    this.baud = baud;
    for (let i = 0; i < 15; i++) {
      checkAborted(signal);
      await this.t.write(Buffer.from(' ', 'latin1'), PACED);
      const got = await this.readUntil('HiZ>', 100 + this.latencyMs, signal);
      if (got.includes('HiZ>')) {
        await this.t.drain(20, 200);
        return true;
      }
    }
    return false;
  }

  /** BBIO -> raw I2C, power and pull-ups on, explicit bus speed (the mode starts at MAX, §1.4). */
  async startI2c(signal?: AbortSignal): Promise<void> {
    await this.t.write(Uint8Array.of(0x02));
    const r = await this.t.read(4, { timeoutMs: REPLY_MS, signal });
    if (!r.equals(I2C1)) throw notResponding(this.t.path, `unexpected reply ${r.toString('hex')} when entering I2C mode`);
    // Power and pull-ups on, then the clock: each answers 01 (two bytes in flight fit the FIFO).
    await this.t.write(Uint8Array.of(0x4c, this.speedCode(this.speedKhz)));
    const ok = await this.t.read(2, { timeoutMs: REPLY_MS, signal });
    if (ok[0] !== 0x01 || ok[1] !== 0x01) throw notResponding(this.t.path, `unexpected reply ${ok.toString('hex')} to power and speed in I2C mode`);
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

  async setSpeed(khz: number): Promise<number> {
    const code = this.speedCode(khz);
    await this.t.write(Uint8Array.of(code));
    const r = await this.t.read(1, { timeoutMs: REPLY_MS });
    if (r[0] !== 0x01) throw readFailed(`Bus Pirate refused the speed setting (reply ${r.toString('hex')})`);
    this.speedKhz = SPEED_CODES.find(([, c]) => c === code)?.[0] ?? 5;
    return this.speedKhz;
  }

  private readonly step = new StepGuard();

  execute(ops: readonly I2cOp[], opts: BusCallOptions = {}): Promise<Uint8Array[]> {
    return this.step.run(this.t, opts, (o) => this.recover(o), () => this.run(ops, opts));
  }

  private frames(ops: readonly I2cOp[]): Frame[] {
    const frames: Frame[] = [];
    ops.forEach((op, index) => {
      checkAddr(op.addr);
      const w = op.addr << 1;
      if (op.op === 'read') {
        if (op.length < 1 || op.length > MAX_TRANSFER) throw new BenchError('INVALID_INPUT', `read length ${op.length}`);
        // The portable random read (§1.5): firmware 6 has no repeated start inside 0x08, so set
        // the pointer with one frame (STOP), then do a current-address read with another. When
        // the previous op left the pointer at this offset, the current-address read alone does.
        if (!op.continues) frames.push({ bytes: Buffer.from([0x08, 0x00, 0x02, 0x00, 0x00, w, op.offset & 0xff]), dataLength: 0, op: -1, i2cBytes: 2 });
        frames.push({ bytes: Buffer.from([0x08, 0x00, 0x01, op.length >> 8, op.length & 0xff, w | 1]), dataLength: op.length, op: index, i2cBytes: 1 + op.length });
      } else {
        const n = 2 + op.data.length;
        if (n > MAX_TRANSFER) throw new BenchError('INVALID_INPUT', `write length ${op.data.length}`);
        frames.push({ bytes: Buffer.concat([Buffer.from([0x08, n >> 8, n & 0xff, 0x00, 0x00, w, op.offset & 0xff]), Buffer.from(op.data)]), dataLength: 0, op: index, i2cBytes: n });
      }
    });
    return frames;
  }

  /** Deadline of a reply: link time both ways plus I2C time (9 bits a byte), with wide margins (§4.6). */
  private replyMs(outBytes: number, replyBytes: number, i2cBytes: number, commands: number): number {
    const busMs = (i2cBytes * 9) / this.speedKhz;
    return Math.ceil(REPLY_MS + 2 * (this.linkMs(outBytes + replyBytes) + busMs) + 20 * commands);
  }

  private async run(ops: readonly I2cOp[], opts: BusCallOptions): Promise<Uint8Array[]> {
    const { signal } = opts;
    await this.waitPowerUp(signal);
    const frames = this.frames(ops);
    const results: Uint8Array[] = ops.map(() => new Uint8Array(0));
    const readReply = async (f: Frame, deadline: number): Promise<boolean> => {
      const left = (): number => Math.max(1, deadline - Date.now());
      const [status] = await this.t.read(1, { timeoutMs: left(), signal });
      if (status === 0x01) {
        if (f.dataLength > 0) {
          const data = await this.t.read(f.dataLength, { timeoutMs: left(), signal });
          if (f.op >= 0) results[f.op] = new Uint8Array(data);
        }
        return true;
      }
      if (status === 0x00) return false;
      throw readFailed(`Bus Pirate sent an unexpected status byte 0x${(status ?? 0).toString(16).padStart(2, '0')}: the line is noisy or out of step`, { path: this.t.path });
    };
    let nacked = false;
    if (this.pacing === 'pipelined') {
      // USB CDC (v4): the host's write waits while the unit is busy, so nothing is lost.
      const out = Buffer.concat(frames.map((f) => f.bytes));
      const deadline = Date.now() + this.replyMs(out.length, frames.reduce((s, f) => s + 1 + f.dataLength, 0), frames.reduce((s, f) => s + f.i2cBytes, 0), frames.length);
      await this.t.write(out);
      for (const f of frames) if (!(await readReply(f, deadline))) nacked = true;
    } else {
      // One command in flight: its reply comes back before the next frame leaves (see the top).
      for (const f of frames) {
        checkAborted(signal);
        const deadline = Date.now() + this.replyMs(f.bytes.length, 1 + f.dataLength, f.i2cBytes, 1);
        await this.t.write(f.bytes);
        if (!(await readReply(f, deadline))) {
          nacked = true;
          break;
        }
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
   * prompt and the next session enters binary mode from a known state. On a v3 0F also resets
   * the PIC, which returns it to 115200 baud for the next user (flashrom ends the same way).
   * Best effort: the port may already be gone.
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

/**
 * Opens the binary I2C session on an open transport: BBIO entry, the banner (hardware, firmware)
 * and the fastest serial speed both ends allow, BBIO again, I2C mode, power, 100 kHz.
 */
export async function openBusPirate(transport: Transport, opts: BusPirateOptions & { signal?: AbortSignal } = {}): Promise<BusPirateBus> {
  const bus = new BusPirateBus(transport, opts);
  try {
    // The usual start is the terminal (a clean close() ends there): banner and speed from there,
    // then one entry into binary mode. A unit left in binary mode goes to the terminal and back.
    const terminal = await bus.atTerminal(opts.signal);
    if (!terminal) await bus.enterBinary(opts.signal);
    if (opts.identify ?? true) {
      await bus.identifyAndTune({ linkSpeed: opts.linkSpeed ?? 'fastest', fromTerminal: terminal, signal: opts.signal });
      await bus.enterBinary(opts.signal, true);
    } else if (terminal) {
      await bus.enterBinary(opts.signal, true);
    }
    await bus.startI2c(opts.signal);
  } catch (e) {
    await transport.close();
    throw e;
  }
  return bus;
}
