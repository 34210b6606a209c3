// Raw-byte host side for the emulator tests: opens the device end of the pty with serialport
// and collects replies with deadlines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SerialPort } from 'serialport';

export const VECTORS = join(__dirname, '..', '..', '..', '..', 'shared', 'vectors');

export function hexFile(path: string): Uint8Array {
  const text = readFileSync(join(VECTORS, path), 'utf8');
  return Uint8Array.from((text.match(/\b[0-9a-fA-F]{2}\b/g) ?? []).map((h) => parseInt(h, 16)));
}

/** vyatta OEM SFP-10G-SR: A0h + A2h, 512 bytes. */
export function sfpImage(): Uint8Array {
  const a0 = hexFile('vyatta-oem-sfp-10g-sr-it/a0.hex');
  const a2 = hexFile('vyatta-oem-sfp-10g-sr-it/a2.hex');
  const img = new Uint8Array(512);
  img.set(a0, 0);
  img.set(a2, 256);
  return img;
}

/** FBOSS QSFP28 CWDM4 in the 640-byte ethtool layout (pages 01h/02h absent: zero-filled). */
export function qsfpImage(): Uint8Array {
  const img = new Uint8Array(640);
  img.set(hexFile('fboss-sff-test-vectors/qsfp-cwdm4/lower_page00.hex'), 0);
  img.set(hexFile('fboss-sff-test-vectors/qsfp-cwdm4/upper_page00.hex'), 128);
  img.set(hexFile('fboss-sff-test-vectors/qsfp-cwdm4/upper_page03.hex'), 512);
  return img;
}

export class RawLink {
  private buf: number[] = [];
  private waiters: (() => void)[] = [];
  closed = false;
  errors: Error[] = [];

  private constructor(readonly port: SerialPort) {
    port.on('data', (d: Buffer) => {
      this.buf.push(...d);
      for (const w of this.waiters.splice(0)) w();
    });
    port.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w();
    });
    port.on('error', (e: Error) => this.errors.push(e));
  }

  static async open(path: string): Promise<RawLink> {
    const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    return new RawLink(port);
  }

  async write(bytes: number[] | string): Promise<void> {
    const data = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
    await new Promise<void>((resolve, reject) => this.port.write(data, (e) => (e ? reject(e) : resolve())));
  }

  /** Exactly n bytes, or throws after timeoutMs with what arrived. */
  async read(n: number, timeoutMs = 2000): Promise<number[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.buf.length < n) {
      const left = deadline - Date.now();
      if (left <= 0 || this.closed) throw new Error(`wanted ${n} bytes, got ${this.buf.length}: ${this.buf.join(',')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.buf.splice(0, n);
  }

  /** Everything that arrives within quietMs of silence. */
  async drain(quietMs = 50): Promise<number[]> {
    // On a busy machine the reply may start later than one quiet window: wait for its first byte
    // (up to 400 ms; a test that expects nothing still gets nothing, only later) before the quiet rule.
    for (let waited = 0; this.buf.length === 0 && waited < 400; waited += 10) await new Promise((r) => setTimeout(r, 10));
    for (;;) {
      const before = this.buf.length;
      await new Promise((r) => setTimeout(r, quietMs));
      if (this.buf.length === before) return this.buf.splice(0);
    }
  }

  /** Everything that arrives in the next ms (for a line that never goes quiet). */
  async collect(ms: number): Promise<number[]> {
    await new Promise((r) => setTimeout(r, ms));
    return this.buf.splice(0);
  }

  async close(): Promise<void> {
    if (this.port.isOpen) await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }
}

export const ascii = (bytes: number[]): string => Buffer.from(bytes).toString('latin1');
