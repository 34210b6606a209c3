// The simulated bench (DESIGN habit 6): a first-class programmer over a module image, not a
// special case in the reader. It answers the same I2cBus calls with the memory behaviour of a
// real module (sim-module.ts): SFP A0h/A2h at 0x50/0x51, SFF-8636 paging and low-power mode, CMIS
// paging, banks and state machines, NACK when absent.
import type { ProgrammerInfo } from '../../../preload/contract/hardware';
import { noModule, checkAborted } from '../hw-errors';
import { simulatedMemory, type SimBehaviour, type SimMemory } from '../sim-module';
import { sleep as realSleep } from '../transport/transport';
import { BusBase, checkAddr, type BusCallOptions, type I2cOp } from './i2c-bus';

export type { SimBehaviour } from '../sim-module';

/**
 * A module's two-wire memory built from an image (ethtool layouts, or the paged image for CMIS),
 * kept for callers that only need bytes (tests, tools).
 */
export class SimulatedModuleMemory implements SimMemory {
  private readonly mem: SimMemory;
  constructor(image: Uint8Array, behaviour: SimBehaviour = {}, now: () => number = Date.now) {
    this.mem = simulatedMemory(image, behaviour, now);
  }
  get nvmWrites(): number {
    return this.mem.nvmWrites;
  }
  acks(addr: number): boolean {
    return this.mem.acks(addr);
  }
  read(addr: number, offset: number, length: number): Uint8Array | null {
    return this.mem.read(addr, offset, length);
  }
  write(addr: number, offset: number, data: Uint8Array): boolean {
    return this.mem.write(addr, offset, data);
  }
}

export interface SimulatedBusOptions {
  /** Library name, shown in the programmer description and identity. */
  name?: string;
  /** null = empty socket: every address NACKs. */
  image: Uint8Array | null;
  /** How the module behaves beyond its memory (power-up times, stuck states, faults). */
  behaviour?: SimBehaviour;
  /**
   * Pace replies like a Bus Pirate at 115200 baud and 100 kHz would (about 0.2 ms a byte plus 2 ms
   * a batch), so the UI sees a realistic progress bar. Off by default (tests, CLI).
   */
  realisticDelay?: boolean;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

export class SimulatedBus extends BusBase {
  readonly info: ProgrammerInfo;
  /** Any clock a module allows: the simulation has no wire to limit it. */
  readonly maxSpeedKhz = 1000;
  private speedKhz = 100;
  private memory: SimMemory | null;
  private readonly behaviour: SimBehaviour;
  private readonly now: () => number;
  private readonly realistic: boolean;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private closed = false;

  constructor(opts: SimulatedBusOptions) {
    super();
    this.behaviour = opts.behaviour ?? {};
    this.now = opts.now ?? Date.now;
    this.memory = opts.image === null ? null : simulatedMemory(opts.image, this.behaviour, this.now);
    this.realistic = opts.realisticDelay ?? false;
    this.sleep = opts.sleep ?? realSleep;
    const name = opts.name ?? 'custom image';
    this.info = { kind: 'sim', description: `Simulated bench (${name})`, path: null, identity: `simulated bench, module ${name}` };
  }

  /** Swap the module in the socket (null = remove it), as a technician would. */
  insert(image: Uint8Array | null, behaviour: SimBehaviour = this.behaviour): void {
    this.memory = image === null ? null : simulatedMemory(image, behaviour, this.now);
  }

  /** Writes the module took into non-volatile memory since it was seated (a bench must cause none). */
  get nvmWrites(): number {
    return this.memory?.nvmWrites ?? 0;
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

  async setSpeed(khz: number): Promise<number> {
    this.speedKhz = Math.min(khz, this.maxSpeedKhz);
    return this.speedKhz;
  }

  get clockKhz(): number {
    return this.speedKhz;
  }

  async recover(): Promise<void> {}

  async close(): Promise<void> {
    this.closed = true;
  }
}
