// The simulated bench (DESIGN habit 6): a first-class programmer over a module image, not a
// special case in the reader. It answers the same I2cBus calls with the memory behaviour of a
// real module: SFP A0h/A2h at 0x50/0x51, QSFP paging through byte 127, NACK when absent.
import type { ProgrammerInfo } from '../../../preload/contract/hardware';
import { noModule, checkAborted } from '../hw-errors';
import { sleep as realSleep } from '../transport/transport';
import { BusBase, checkAddr, type BusCallOptions, type I2cOp } from './i2c-bus';

const SFF8636_IDS = new Set([0x0c, 0x0d, 0x11]);

/**
 * A module's two-wire memory built from an ethtool-layout image. SFP: 256 bytes of A0h, then
 * 256 of A2h when present. SFF-8636: lower page + page 00h, then pages 01h..03h when present.
 */
export class SimulatedModuleMemory {
  private readonly image: Uint8Array;
  private readonly qsfp: boolean;
  private page = 0;

  constructor(image: Uint8Array) {
    this.image = new Uint8Array(image);
    this.qsfp = SFF8636_IDS.has(image[0] ?? 0);
  }

  private pageBase(page: number): number | null {
    if (page === 0) return 128;
    // ethtool places page N (1..3) at 128 + 128*N; 01h/02h are zero-filled and treated as absent.
    if (page === 3 && this.image.length >= 640 && (this.image[2]! & 0x04) === 0) return 512;
    return null;
  }

  /** Byte at an I2C address/offset, or null when no device answers at that address. */
  private locate(addr: number, offset: number): number | null {
    if (this.qsfp) {
      if (addr !== 0x50) return null;
      if (offset < 128) return offset;
      const base = this.pageBase(this.page);
      return base === null ? null : base + offset - 128;
    }
    if (addr === 0x50) return offset;
    // A2h answers only when the image has it (DDM implemented).
    if (addr === 0x51 && this.image.length >= 512) return 256 + offset;
    return null;
  }

  acks(addr: number): boolean {
    return this.locate(addr, 0) !== null;
  }

  read(addr: number, offset: number, length: number): Uint8Array | null {
    if (!this.acks(addr)) return null;
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      // Sequential reads roll over at the end of the 256-byte array (AT24C02 behaviour, §4.2).
      const at = this.locate(addr, (offset + i) & 0xff);
      out[i] = at === null ? 0xff : (this.image[at] ?? 0);
    }
    return out;
  }

  write(addr: number, offset: number, data: Uint8Array): boolean {
    if (!this.acks(addr)) return false;
    data.forEach((b, i) => {
      const off = (offset + i) & 0xff;
      if (this.qsfp && addr === 0x50 && off === 127) {
        // SFF-8636: an unsupported page is not accepted; the select reverts to 00h.
        this.page = this.pageBase(b) === null ? 0 : b;
        this.image[127] = this.page;
        return;
      }
      const at = this.locate(addr, off);
      if (at !== null) this.image[at] = b;
    });
    return true;
  }
}

export interface SimulatedBusOptions {
  /** Library name, shown in the programmer description. */
  name?: string;
  /** null = empty socket: every address NACKs. */
  image: Uint8Array | null;
  /**
   * Pace replies like a Bus Pirate at 115200 baud and 100 kHz would (about 0.2 ms a byte plus 2 ms
   * a batch), so the UI sees a realistic progress bar. Off by default (tests, CLI).
   */
  realisticDelay?: boolean;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export class SimulatedBus extends BusBase {
  readonly info: ProgrammerInfo;
  private memory: SimulatedModuleMemory | null;
  private readonly realistic: boolean;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private closed = false;

  constructor(opts: SimulatedBusOptions) {
    super();
    this.memory = opts.image === null ? null : new SimulatedModuleMemory(opts.image);
    this.realistic = opts.realisticDelay ?? false;
    this.sleep = opts.sleep ?? realSleep;
    this.info = { kind: 'sim', description: `Simulated bench${opts.name ? ` (${opts.name})` : ''}`, path: null };
  }

  /** Swap the module in the socket (null = remove it), as a technician would. */
  insert(image: Uint8Array | null): void {
    this.memory = image === null ? null : new SimulatedModuleMemory(image);
  }

  private async pace(bytes: number, signal?: AbortSignal): Promise<void> {
    if (!this.realistic) return;
    await this.sleep(2 + bytes * 0.18, signal).catch(() => checkAborted(signal));
  }

  async execute(ops: readonly I2cOp[], opts: BusCallOptions = {}): Promise<Uint8Array[]> {
    checkAborted(opts.signal);
    if (this.closed) throw noModule(null);
    let bytes = 0;
    const out: Uint8Array[] = [];
    let nack = false;
    for (const op of ops) {
      checkAddr(op.addr);
      if (op.op === 'read') {
        const r = this.memory?.read(op.addr, op.offset, op.length) ?? null;
        if (r === null) nack = true;
        out.push(r ?? new Uint8Array(0));
        bytes += op.length + 3;
      } else {
        if (!(this.memory?.write(op.addr, op.offset, op.data) ?? false)) nack = true;
        out.push(new Uint8Array(0));
        bytes += op.data.length + 2;
      }
    }
    await this.pace(bytes, opts.signal);
    if (nack) throw noModule(null);
    return out;
  }

  async probe(addr: number): Promise<boolean> {
    checkAddr(addr);
    return this.memory?.acks(addr) ?? false;
  }

  async setSpeed(): Promise<void> {}

  async recover(): Promise<void> {}

  async close(): Promise<void> {
    this.closed = true;
  }
}
