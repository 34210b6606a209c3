// Devantech USB-ISS (firmware v9 modeled) in I2C modes: usb_iss_tech.htm + usb_iss_i2c_tech.htm.
// Frames are parsed by their documented lengths; a frame left incomplete for more than `gapMs`
// is dropped, as the vendor says a gap restarts the command synchronisation.
import type { Device, Firmware } from './device';
import { hex } from './device';

const FW_VERSION = 0x09;
const SERIAL = '00012345';
const I2C_MODES: Record<number, number> = {
  0x20: 20_000, 0x30: 50_000, 0x40: 100_000, 0x50: 400_000, 0x60: 100_000, 0x70: 400_000, 0x80: 1_000_000,
};
const OK_STATUS = 0x01; // "non-zero on success"

export interface UsbIssOptions {
  /** How long a partial frame may wait for its next byte before being dropped, real ms. */
  gapMs?: number;
  now: () => number;
}

export class UsbIssFirmware implements Firmware {
  private pending: number[] = [];
  private lastByteAt = 0;
  private mode = 0x40; // power-up mode
  private readonly gapMs: number;

  constructor(
    private readonly dev: Device,
    private readonly opts: UsbIssOptions,
  ) {
    this.gapMs = opts.gapMs ?? 5;
    dev.setI2cClock(I2C_MODES[this.mode] ?? 100_000);
  }

  currentMode(): number {
    return this.mode;
  }

  feed(chunk: Uint8Array, _arrival?: number): void {
    const now = this.opts.now();
    if (this.pending.length > 0 && now - this.lastByteAt > this.gapMs) {
      this.dev.log(`iss:drop incomplete frame ${hex(this.pending)}`);
      this.pending = [];
    }
    this.lastByteAt = now;
    this.dev.timeline.linkBytes(chunk.length);
    this.pending.push(...chunk);
    // I2C_DIRECT has no length field: its frame is the rest of this USB transfer.
    for (;;) {
      const len = this.frameLength(this.pending, true);
      if (len === null || len > this.pending.length) break;
      const frame = this.pending.splice(0, len);
      this.execute(frame);
    }
  }

  /** null = need more bytes to know; 0 never returned. */
  private frameLength(p: number[], chunkEnd: boolean): number | null {
    const cmd = p[0];
    if (cmd === undefined) return null;
    const at = (i: number): number | undefined => p[i];
    switch (cmd) {
      case 0x5a: {
        const sub = at(1);
        if (sub === undefined) return null;
        if (sub !== 0x02) return 2;
        const mode = at(2);
        if (mode === undefined) return null;
        if (mode === 0x01) return 6; // serial: baud divisor (2) + io type
        if ((mode & 0x0f) === 0x01) return 5; // I2C + serial: baud divisor
        return 4;
      }
      case 0x53: {
        const a = at(1);
        if (a === undefined) return null;
        return a & 1 ? 2 : 3;
      }
      case 0x54: {
        const a = at(1);
        const n = at(2);
        if (a === undefined || n === undefined) return null;
        return a & 1 ? 3 : 3 + n;
      }
      case 0x55: {
        const a = at(1);
        const n = at(3);
        if (a === undefined || n === undefined) return null;
        return a & 1 ? 4 : 4 + n;
      }
      case 0x56: {
        const a = at(1);
        const n = at(4);
        if (a === undefined || n === undefined) return null;
        return a & 1 ? 5 : 5 + n;
      }
      case 0x57:
        return chunkEnd ? p.length : null;
      case 0x58:
        return 2;
      default:
        return 1; // unknown command byte: skipped while resynchronising
    }
  }

  private isI2cMode(): boolean {
    return I2C_MODES[this.mode & 0xf0] !== undefined;
  }

  private execute(f: number[]): void {
    const dev = this.dev;
    const b = (i: number): number => f[i] ?? 0;
    dev.command();
    dev.log(`iss:${hex(f.slice(0, 8))}${f.length > 8 ? ' ...' : ''}`);
    switch (b(0)) {
      case 0x5a:
        if (b(1) === 0x01) dev.tx([0x07, FW_VERSION, this.mode]);
        else if (b(1) === 0x03) dev.tx(SERIAL);
        else if (b(1) === 0x02) this.setMode(b(2));
        else dev.tx([0x00, 0x05]);
        return;
      case 0x53:
        if (b(1) & 1) dev.tx([this.readTransaction(b(1), null, 1)[0] ?? 0xff]);
        else dev.tx([this.writeTransaction(b(1), [b(2)]) ? OK_STATUS : 0x00]);
        return;
      case 0x54:
        if (b(2) > 60 || b(2) === 0) {
          // No limit is stated for I2C_AD0; it shares the internal buffer the vendor caps at 60 for AD1.
          dev.tx([0x00]);
          return;
        }
        if (b(1) & 1) dev.tx(this.readTransaction(b(1), null, b(2)));
        else dev.tx([this.writeTransaction(b(1), f.slice(3)) ? OK_STATUS : 0x00]);
        return;
      case 0x55:
        if (b(3) > 60 || b(3) === 0) {
          // The vendor caps I2C_AD1 at 60 bytes (internal buffer) and documents no error code:
          // this model does no I2C traffic and answers one failure byte.
          dev.log(`iss:55 count ${b(3)} over the 60-byte limit`);
          dev.tx([0x00]);
          return;
        }
        if (b(1) & 1) dev.tx(this.readTransaction(b(1), [b(2)], b(3)));
        else dev.tx([this.writeTransaction(b(1), [b(2), ...f.slice(4)]) ? OK_STATUS : 0x00]);
        return;
      case 0x56:
        if (b(1) & 1 ? b(4) > 64 || b(4) === 0 : b(4) > 59 || b(4) === 0) {
          dev.tx([0x00]);
          return;
        }
        if (b(1) & 1) dev.tx(this.readTransaction(b(1), [b(2), b(3)], b(4)));
        else dev.tx([this.writeTransaction(b(1), [b(2), b(3), ...f.slice(5)]) ? OK_STATUS : 0x00]);
        return;
      case 0x57:
        this.direct(f.slice(1));
        return;
      case 0x58: {
        if (!this.isI2cMode()) {
          dev.tx([0x00]);
          return;
        }
        dev.bus.start();
        const ack = dev.bus.writeByte(b(1) & 0xfe);
        dev.bus.stop();
        dev.tx([ack ? OK_STATUS : 0x00]);
        return;
      }
      default:
        dev.log(`iss:unknown command ${hex([b(0)])} skipped`);
    }
  }

  private setMode(mode: number): void {
    const base = mode & 0xf0;
    const valid = mode === 0x00 || mode === 0x10 || mode === 0x01 ||
      (I2C_MODES[base] !== undefined && (mode & 0x0e) === 0) || (mode >= 0x90 && mode <= 0x93);
    if (!valid) {
      this.dev.tx([0x00, 0x05]);
      return;
    }
    if (mode !== 0x10) this.mode = mode;
    const hz = I2C_MODES[base];
    if (hz !== undefined) this.dev.setI2cClock(hz);
    this.dev.log(`iss:mode ${hex([mode])}`);
    this.dev.tx([0xff, 0x00]);
  }

  /** START addrW reg.. RESTART addrR data STOP (or START addrR data STOP). Absent device: 0xFF data. */
  private readTransaction(addr8: number, reg: number[] | null, n: number): number[] {
    const bus = this.dev.bus;
    if (!this.isI2cMode()) return new Array<number>(n).fill(0xff);
    bus.start();
    let ok = true;
    if (reg) {
      ok = bus.writeByte(addr8 & 0xfe);
      for (const r of reg) if (ok) ok = bus.writeByte(r);
      if (ok) bus.start();
    }
    if (ok) ok = bus.writeByte(addr8 | 1);
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      out.push(ok ? bus.readByte() : 0xff);
      if (ok) bus.masterAck(i === n - 1);
    }
    bus.stop();
    return out;
  }

  private writeTransaction(addr8: number, data: number[]): boolean {
    const bus = this.dev.bus;
    if (!this.isI2cMode()) return false;
    bus.start();
    let ok = bus.writeByte(addr8 & 0xfe);
    for (const d of data) if (ok) ok = bus.writeByte(d);
    bus.stop();
    return ok;
  }

  /** I2C_DIRECT: reply FF <count> <data> or 00 <reason>. */
  private direct(sub: number[]): void {
    const dev = this.dev;
    const bus = dev.bus;
    if (sub.length + 1 >= 60) {
      dev.tx([0x00, 0x02]);
      return;
    }
    const data: number[] = [];
    let nackNext = false;
    let i = 0;
    while (i < sub.length) {
      const c = sub[i++]!;
      if (c === 0x01 || c === 0x02) bus.start();
      else if (c === 0x03) bus.stop();
      else if (c === 0x04) nackNext = true;
      else if (c >= 0x20 && c <= 0x2f) {
        const n = (c & 0x0f) + 1;
        for (let k = 0; k < n; k++) {
          data.push(bus.readByte());
          bus.masterAck(nackNext && k === n - 1);
        }
        nackNext = false;
      } else if (c >= 0x30 && c <= 0x3f) {
        const n = (c & 0x0f) + 1;
        if (i + n > sub.length) {
          dev.tx([0x00, 0x03]);
          return;
        }
        for (let k = 0; k < n; k++) {
          if (!bus.writeByte(sub[i + k]!)) {
            // Firmware >= 8 releases the bus after a NACK inside I2C_DIRECT.
            bus.stop();
            dev.tx([0x00, 0x01]);
            return;
          }
        }
        i += n;
      } else {
        dev.tx([0x00, 0x04]);
        return;
      }
    }
    dev.tx([0xff, data.length, ...data]);
  }
}
