// Small in-test programmer models over @serialport/binding-mock, written from programmers.md for
// the unit tests (the independent emulators in tests/support/emulators cover real ptys).
import { MockBinding, type MockPortBinding } from './mock-binding';
import type { SerialBinding } from '../../../main/hardware/transport/serial-transport';

export type Responder = (data: Buffer, emit: (b: Buffer | number[]) => void) => void;

/** A MockBinding whose ports answer writes through `respond`; counts write calls. */
export function scriptedBinding(respond: Responder): { binding: SerialBinding; writes: Buffer[]; ports: MockPortBinding[] } {
  const writes: Buffer[] = [];
  const ports: MockPortBinding[] = [];
  const binding = {
    ...MockBinding,
    async open(options: Parameters<typeof MockBinding.open>[0]) {
      const port = await MockBinding.open(options);
      ports.push(port);
      const write = port.write.bind(port);
      port.write = async (buf: Buffer) => {
        await write(buf);
        writes.push(Buffer.from(buf));
        respond(Buffer.from(buf), (b) => {
          if (port.isOpen) port.emitData(Buffer.from(b));
        });
      };
      return port;
    },
  };
  return { binding: binding as unknown as SerialBinding, writes, ports };
}

export interface FakeModule {
  /** addr7 -> 256-byte memory; missing address NACKs. */
  mem: Map<number, Uint8Array>;
}

export function sfpModule(a0: Uint8Array, a2?: Uint8Array): FakeModule {
  const mem = new Map<number, Uint8Array>([[0x50, a0]]);
  if (a2) mem.set(0x51, a2);
  return { mem };
}

const BANNER = '\r\nBus Pirate v3.b\r\nFirmware v6.1 r1676  Bootloader v4.4\r\nHiZ>';

/** Bus Pirate firmware-6 binary I2C model: BBIO entry, 0x08 without repeated start, NACK -> 00. */
export function busPirateModel(mod: FakeModule, opts: { startInBinary?: boolean; staleHeaderBytes?: number } = {}): Responder & { stopCount: () => number } {
  let mode: 'terminal' | 'bbio' | 'i2c' = opts.startInBinary ? 'i2c' : 'terminal';
  let zeros = 0;
  const queue: number[] = [];
  // Stale 0x08 waiting for payload: swallow this many bytes first.
  let swallow = opts.staleHeaderBytes ?? 0;
  const pointer = new Map<number, number>();
  let stops = 0;
  let lastKey = 0;
  const r: Responder = (data, emit) => {
    queue.push(...data);
    for (;;) {
      if (swallow > 0) {
        const n = Math.min(swallow, queue.length);
        queue.splice(0, n);
        swallow -= n;
        if (swallow > 0) return;
        emit([0x00]);
        mode = 'i2c';
        continue;
      }
      const b = queue[0];
      if (b === undefined) return;
      if (mode === 'terminal') {
        queue.shift();
        if (b === 0) {
          if (++zeros >= 20) {
            mode = 'bbio';
            emit(Buffer.from('BBIO1'));
          }
        } else {
          zeros = 0;
          // "i" + Enter prints the version banner (procMenu.c); Enter alone, the prompt.
          if (b === 0x0d) emit(Buffer.from(lastKey === 0x69 ? BANNER : '\r\nHiZ>', 'latin1'));
          lastKey = b;
        }
        continue;
      }
      if (b === 0x00) {
        queue.shift();
        mode = 'bbio';
        emit(Buffer.from('BBIO1'));
        continue;
      }
      if (mode === 'bbio') {
        queue.shift();
        if (b === 0x02) {
          mode = 'i2c';
          emit(Buffer.from('I2C1'));
        } else if (b === 0x0f) {
          // v3: 01, then a hardware reset prints the banner (binIO.c).
          mode = 'terminal';
          zeros = 0;
          emit([0x01]);
          emit(Buffer.from(BANNER, 'latin1'));
        } else emit([0x00]);
        continue;
      }
      // raw I2C mode
      if (b === 0x08) {
        if (queue.length < 5) return;
        const w = (queue[1]! << 8) | queue[2]!;
        const rd = (queue[3]! << 8) | queue[4]!;
        if (queue.length < 5 + w) return;
        const payload = queue.slice(5, 5 + w);
        queue.splice(0, 5 + w);
        const a8 = payload[0] ?? 0;
        const dev = mod.mem.get(a8 >> 1);
        if (!dev) {
          emit([0x00]);
          continue;
        }
        const addr = a8 >> 1;
        if ((a8 & 1) === 0) {
          if (payload.length >= 2) pointer.set(addr, payload[1]!);
          for (let i = 2; i < payload.length; i++) dev[(payload[1]! + i - 2) & 0xff] = payload[i]!;
          if (payload.length >= 2) pointer.set(addr, (payload[1]! + payload.length - 2) & 0xff);
          // Firmware 6: no repeated start; a read after a write-form address returns 0xFF.
          emit([0x01, ...new Array<number>(rd).fill(0xff)]);
        } else {
          let p = pointer.get(addr) ?? 0;
          const out: number[] = [0x01];
          for (let i = 0; i < rd; i++) {
            out.push(dev[p] ?? 0);
            p = (p + 1) & 0xff;
          }
          pointer.set(addr, p);
          emit(out);
        }
        continue;
      }
      queue.shift();
      if (b === 0x01) emit(Buffer.from('I2C1'));
      else if (b === 0x03) {
        stops++;
        emit([0x01]);
      } else if ((b & 0xf0) === 0x40 || (b >= 0x60 && b <= 0x63) || b === 0x02) emit([0x01]);
      else emit([0x00]);
    }
  };
  return Object.assign(r, { stopCount: () => stops });
}

/** USB-ISS model: 5A 01 version, 5A 02 mode, 58 test, 55 AD1 reads/writes (n <= 60). */
export function usbIssModel(mod: FakeModule, opts: { moduleId?: number; firmware?: number } = {}): Responder {
  const queue: number[] = [];
  return (data, emit) => {
    queue.push(...data);
    for (;;) {
      const b = queue[0];
      if (b === undefined) return;
      if (b === 0x5a) {
        if (queue.length < 2) return;
        if (queue[1] === 0x01) {
          queue.splice(0, 2);
          emit([opts.moduleId ?? 7, opts.firmware ?? 8, 0x40]);
        } else if (queue[1] === 0x02) {
          if (queue.length < 4) return;
          queue.splice(0, 4);
          emit([0xff, 0x00]);
        } else {
          queue.splice(0, 2);
          emit([0x00, 0x05]);
        }
      } else if (b === 0x58) {
        if (queue.length < 2) return;
        const a = queue[1]! >> 1;
        queue.splice(0, 2);
        emit([mod.mem.has(a) ? 0x01 : 0x00]);
      } else if (b === 0x55) {
        if (queue.length < 4) return;
        const a8 = queue[1]!;
        const reg = queue[2]!;
        const n = queue[3]!;
        const dev = mod.mem.get(a8 >> 1);
        if (a8 & 1) {
          queue.splice(0, 4);
          const out: number[] = [];
          for (let i = 0; i < n; i++) out.push(dev ? (dev[(reg + i) & 0xff] ?? 0) : 0xff);
          emit(out);
        } else {
          if (queue.length < 4 + n) return;
          const d = queue.slice(4, 4 + n);
          queue.splice(0, 4 + n);
          if (dev) d.forEach((v, i) => (dev[(reg + i) & 0xff] = v));
          emit([dev ? 0x01 : 0x00]);
        }
      } else {
        queue.shift();
      }
    }
  };
}

/** A minimal SFF-8472 image with valid checksums: 10G SR, DDM internal calibration. */
export function makeSfpA0(opts: { ddm?: boolean; addressChange?: boolean; badBase?: boolean } = {}): Uint8Array {
  const a0 = new Uint8Array(256);
  a0[0] = 0x03;
  a0[1] = 0x04;
  a0[2] = 0x07;
  a0[3] = 0x10;
  a0.set(Buffer.from('ACME OPTICS     ', 'ascii'), 20);
  a0[92] = (opts.ddm ?? true ? 0x68 : 0) | (opts.addressChange ? 0x04 : 0);
  a0[63] = sum(a0, 0, 62) ^ (opts.badBase ? 0x5a : 0);
  a0[95] = sum(a0, 64, 94);
  return a0;
}

export function makeSfpA2(): Uint8Array {
  const a2 = new Uint8Array(256);
  a2[0] = 0x50;
  a2[96] = 36;
  a2[98] = 0x80;
  a2[99] = 0xe8;
  a2[95] = sum(a2, 0, 94);
  return a2;
}

export function sum(b: Uint8Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i <= to; i++) s += b[i] ?? 0;
  return s & 0xff;
}

/** SFP A0h + A2h, 512 bytes (ethtool layout). */
export function makeSfpImage(opts: Parameters<typeof makeSfpA0>[0] = {}): Uint8Array {
  const a0 = makeSfpA0(opts);
  if (opts.ddm === false) return a0;
  const img = new Uint8Array(512);
  img.set(a0, 0);
  img.set(makeSfpA2(), 256);
  return img;
}

/** QSFP28 lower + page 00h (+ zero pages 01h/02h + page 03h unless flat), valid page 00h checksums. */
export function makeQsfpImage(flat = false): Uint8Array {
  const img = new Uint8Array(640);
  img[0] = 0x11;
  img[2] = flat ? 0x04 : 0x00;
  img[22] = 30;
  img[26] = 0x80;
  img[27] = 0xe8;
  img[128] = 0x11;
  img.set(Buffer.from('QSFP VENDOR     ', 'ascii'), 148);
  img[191] = sum(img, 128, 190);
  img[223] = sum(img, 192, 222);
  img[512] = 0x4b;
  img[639] = 0x77;
  return flat ? img.subarray(0, 256) : img;
}
