// I2C target model of a pluggable module built from an image: SFP in the ethtool layout (A0h
// 0-255 then A2h 0-255); SFF-8636 (lower page, then upper pages 00h..03h); CMIS in ethtool's flat
// QSFP-DD layout or the Optic Bench paged image (cmis-target.ts).
import { CmisTarget, type CmisBehaviour } from './cmis-target';
import type { LiveRef } from './live';

export type { LiveRef } from './live';

const QSFP_IDS = new Set([0x0c, 0x0d, 0x11]);
// SFF-8024 Table 4-1 identifiers whose memory map is CMIS (cmis.md).
const CMIS_IDS = new Set([0x18, 0x19, 0x1b, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25]);

function slice(image: Uint8Array, start: number, len: number): Uint8Array {
  // Bytes the image does not hold read as an erased EEPROM (0xFF).
  const out = new Uint8Array(len).fill(0xff);
  if (image.length > start) out.set(image.subarray(start, Math.min(image.length, start + len)));
  return out;
}

/** One 7-bit I2C address on the module. */
export interface I2cTarget {
  readonly addr7: number;
  /** Writes that landed in non-volatile memory (a bench must cause none). */
  readonly nvmWrites: number;
  /** Master wrote the first byte after the address: the EEPROM word address. */
  setPointer(offset: number): void;
  /** Further written bytes. */
  writeData(value: number): void;
  /** Current-address read, auto-incrementing. */
  readNext(): number;
  /** Power cycle: volatile state (pointer, page select) back to defaults. */
  reset(): void;
}

/** SFF-8472 target: 256 bytes, pointer rolls over at 256 (AT24C02 model). */
class SfpTarget implements I2cTarget {
  private pointer = 0;
  nvmWrites = 0;
  constructor(
    readonly addr7: number,
    private readonly mem: Uint8Array,
    private readonly writable: (offset: number) => boolean,
    private readonly live: LiveRef = { current: null },
  ) {}
  setPointer(offset: number): void {
    this.pointer = offset & 0xff;
  }
  writeData(value: number): void {
    // SFF-8472 A2h 127: writing an unsupported page is not accepted, the byte reverts to 0.
    // The image only carries page 00h, so every other page reverts.
    if (this.addr7 === 0x51 && this.pointer === 127) this.mem[127] = 0;
    else if (this.writable(this.pointer)) {
      this.mem[this.pointer] = value & 0xff;
      this.nvmWrites++; // A2h 128-247 is user EEPROM
    }
    // AT24C02 page write: the low 3 address bits wrap inside the 8-byte page.
    this.pointer = (this.pointer & 0xf8) | ((this.pointer + 1) & 0x07);
  }
  readNext(): number {
    let v = this.mem[this.pointer] ?? 0xff;
    if (this.live.current) v = this.live.current.byte(this.addr7, 0, 0, this.pointer, v, (o) => this.mem[o & 0xff] ?? 0xff);
    this.pointer = (this.pointer + 1) & 0xff;
    return v;
  }
  reset(): void {
    this.pointer = 0;
    if (this.addr7 === 0x51) this.mem[127] = 0;
  }
}

/** What an SFF-8636 module does in low power (sff-8636.md "Power class and low-power behaviour"). */
export interface Sff8636Behaviour {
  /** From the write that lets it into high power until the lasers are on, ms (default 200). */
  highPowerMs?: number;
  /** LPMode pin asserted (default true: a bench that does not drive it). */
  lpModeAsserted?: boolean;
}

/**
 * SFF-8636 target: lower page 0-127, byte 127 selects the upper page at 128-255. A module of
 * power class 2 and up whose LPMode pin asks for low power, and whose byte 93 does not override it,
 * has its lasers off: Tx bias and Tx power (lower bytes 42-57) read 0.
 */
class PagedTarget implements I2cTarget {
  readonly addr7 = 0x50;
  nvmWrites = 0;
  private pointer = 0;
  private page = 0;
  private lasersOnAt: number | null = null;
  constructor(
    private readonly lower: Uint8Array,
    private readonly pages: Map<number, Uint8Array>,
    private readonly b: Sff8636Behaviour = {},
    private readonly now: () => number = () => 0,
    private readonly scale = 1,
    private readonly live: LiveRef = { current: null },
  ) {
    this.update();
  }
  private powerClass(): number {
    const ext = this.pages.get(0)?.[1] ?? 0; // page 00h byte 129
    if (ext & 0x20) return 8;
    if ((ext & 0x03) !== 0 && ext >> 6 === 3) return 4 + (ext & 0x03);
    return (ext >> 6) + 1;
  }
  private update(): void {
    const cls = this.powerClass();
    const c = this.lower[93] ?? 0;
    const high =
      cls === 1 ||
      ((c & 0x01 ? (c & 0x02) === 0 : !(this.b.lpModeAsserted ?? true)) && !(cls >= 5 && cls <= 7 && !(c & 0x04)) && !(cls === 8 && !(c & 0x08)));
    if (!high) this.lasersOnAt = null;
    else if (this.lasersOnAt === null) this.lasersOnAt = cls === 1 ? 0 : this.now() + (this.b.highPowerMs ?? 200) * this.scale;
  }
  setPointer(offset: number): void {
    this.pointer = offset & 0xff;
  }
  writeData(value: number): void {
    const p = this.pointer;
    if (p === 127) {
      // Unsupported page (flat memory or not in the image): the select reverts to 00h (SFF-8636 / CMIS 5.4 note).
      this.page = this.pages.has(value) ? value : 0;
      this.lower[127] = this.page;
    } else if (p === 86 || p === 93) {
      this.lower[p] = p === 93 ? value & 0x7f : value & 0xff; // Tx disable, power control (bit 7 reset self-clears)
      this.update();
    } else if (p >= 128 && this.page === 2) {
      this.pages.get(2)![p - 128] = value & 0xff; // user EEPROM
      this.nvmWrites++;
    } else {
      this.nvmWrites++;
    }
    this.pointer = p < 128 ? p + 1 : 128 + ((p + 1 - 128) & 0x7f);
  }
  readNext(): number {
    const p = this.pointer;
    const lasersOn = this.lasersOnAt !== null && this.now() >= this.lasersOnAt;
    const lowerByte = (o: number): number => (!lasersOn && o >= 42 && o <= 57 ? 0 : (this.lower[o] ?? 0xff));
    let v = p < 128 ? lowerByte(p) : (this.pages.get(this.page)?.[p - 128] ?? 0xff);
    if (p < 128 && this.live.current) v = this.live.current.byte(0x50, 0, 0, p, v, (o) => lowerByte(o & 0x7f));
    // The lower page runs into the upper page; the upper page wraps within itself.
    this.pointer = p < 128 ? p + 1 : 128 + ((p + 1 - 128) & 0x7f);
    return v;
  }
  reset(): void {
    this.pointer = 0;
    this.page = 0;
    this.lower[127] = 0;
    this.lower[93] = 0;
    this.lower[86] = 0;
    this.lasersOnAt = null;
    this.update();
  }
}

export type ModuleKind = 'sfp' | 'qsfp' | 'cmis';

export function moduleKindOf(image: Uint8Array): ModuleKind {
  if (isPagedImage(image)) return 'cmis';
  const id = image[0] ?? 0;
  if (QSFP_IDS.has(id)) return 'qsfp';
  if (CMIS_IDS.has(id)) return 'cmis';
  return 'sfp';
}

export interface ModuleBehaviour {
  cmis?: CmisBehaviour;
  sff8636?: Sff8636Behaviour;
}

function isPagedImage(image: Uint8Array): boolean {
  return image[0] === 0x4f && image[1] === 0x42 && image[2] === 0x50 && image[3] === 0x47;
}

/** Builds the targets a module answers on. A copy of the image is used: writes never touch the caller's array. */
export function buildTargets(image: Uint8Array, behaviour: ModuleBehaviour = {}, now: () => number = () => 0, scale = 1, live: LiveRef = { current: null }): I2cTarget[] {
  if (isPagedImage(image) || CMIS_IDS.has(image[0] ?? 0)) return [new CmisTarget(image, behaviour.cmis ?? {}, now, scale, live)];
  const kind = moduleKindOf(image);
  if (kind === 'sfp') {
    const a0 = slice(image, 0, 256);
    const targets: I2cTarget[] = [new SfpTarget(0x50, a0, () => false, live)];
    if (image.length > 256) {
      const a2 = slice(image, 256, 256);
      // A2h 128-247 is user EEPROM; the rest is read-only here (thresholds, live values, vendor area).
      targets.push(new SfpTarget(0x51, a2, (o) => o >= 128 && o <= 247, live));
    }
    return targets;
  }
  const lower = slice(image, 0, 128);
  const flat = ((lower[2] ?? 0) & 0x04) !== 0;
  const pages = new Map<number, Uint8Array>();
  pages.set(0, slice(image, 128, 128));
  if (!flat) {
    for (let page = 1; page <= 3; page++) {
      const start = 128 * (page + 1);
      if (image.length >= start + 128) pages.set(page, slice(image, start, 128));
    }
  }
  lower[127] = 0;
  return [new PagedTarget(lower, pages, behaviour.sff8636 ?? {}, now, scale, live)];
}

/** Module temperature as the image holds it (SFF-8472 A2h 96, SFF-8636 lower 22, CMIS lower 14), degC. */
function imageTemperatureC(image: Uint8Array): number {
  const s16 = (at: number): number => {
    const v = ((image[at] ?? 0) << 8) | (image[at + 1] ?? 0);
    return (v >= 0x8000 ? v - 0x10000 : v) / 256;
  };
  if (isPagedImage(image)) return s16(8 + 14);
  if (CMIS_IDS.has(image[0] ?? 0)) return s16(14);
  if (QSFP_IDS.has(image[0] ?? 0)) return s16(22);
  return image.length > 256 ? s16(256 + 96) : 25;
}

export type BusEvent = 'start' | 'restart' | 'stop';

/**
 * The I2C bus seen from the master: tracks START/STOP state and which target is addressed.
 * `cost` is told the number of bit times of every operation (the timing model).
 */
export class I2cBus {
  powered: boolean;
  pullups: boolean;
  busy = false;
  i2cBytes = 0;
  private targets = new Map<number, I2cTarget>();
  private selected: I2cTarget | null = null;
  private phase: 'idle' | 'address' | 'offset' | 'write' | 'read' | 'released' = 'idle';
  private readyAt = 0;

  constructor(
    private readonly cost: (bits: number) => void,
    private readonly now: () => number,
    opts: { powered: boolean; pullups: boolean },
    private readonly onEvent: (e: BusEvent) => void = () => {},
  ) {
    this.powered = opts.powered;
    this.pullups = opts.pullups;
  }

  /** How the next inserted module behaves (CMIS state machine, SFF-8636 low power), and the time scale. */
  behaviour: ModuleBehaviour = {};
  timeScale = 1;
  /** Fastest clock the module keeps up with; faster bytes are not acknowledged and read as 0xFF. */
  maxClockHz: number | null = null;
  clockHz = 100_000;

  /** Writes that reached non-volatile memory across the module's targets. */
  get nvmWrites(): number {
    return [...this.targets.values()].reduce((n, t) => n + t.nvmWrites, 0);
  }

  /** The CMIS target, when the module is one (for assertions on its state and controls). */
  get cmis(): CmisTarget | null {
    const t = this.targets.get(0x50);
    return t instanceof CmisTarget ? t : null;
  }

  /** The live overlay of the module (live.ts), once a script runs. */
  readonly live: LiveRef = { current: null };
  /** The module's temperature in the image, degC (what a warm reset's ramp starts from). */
  baseTempC = 25;

  /** Power-on state again without power being cut (a module resetting itself). */
  resetTargets(): void {
    for (const t of this.targets.values()) t.reset();
    this.selected = null;
    this.phase = 'idle';
  }

  /** A module inserted into a powered cage also waits out its power-on delay. */
  insert(image: Uint8Array | null, readyDelayMs = 0): void {
    this.targets = new Map((image ? buildTargets(image, this.behaviour, this.now, this.timeScale, this.live) : []).map((t) => [t.addr7, t]));
    this.baseTempC = image ? imageTemperatureC(image) : 25;
    this.selected = null;
    this.phase = 'idle';
    if (this.powered) this.readyAt = this.now() + readyDelayMs;
  }

  /** Module present and out of its power-on delay (and not silent for a scripted fault). */
  private moduleAwake(): boolean {
    const live = this.live.current;
    if (live) live.tick(this.baseTempC);
    return this.powered && this.now() >= this.readyAt && (live?.answers() ?? true);
  }

  setPower(on: boolean, readyDelayMs: number): void {
    if (on && !this.powered) {
      for (const t of this.targets.values()) t.reset();
      this.readyAt = this.now() + readyDelayMs;
    }
    this.powered = on;
  }

  hasTarget(addr7: number): boolean {
    return this.targets.has(addr7);
  }

  start(): void {
    this.cost(1);
    this.onEvent(this.busy ? 'restart' : 'start');
    this.busy = true;
    this.selected = null;
    this.phase = 'address';
  }

  stop(): void {
    this.cost(1);
    this.onEvent('stop');
    this.busy = false;
    this.selected = null;
    this.phase = 'idle';
  }

  private tooFast(): boolean {
    return this.maxClockHz !== null && this.clockHz > this.maxClockHz;
  }

  /** Writes 8 bits and samples the 9th: true = ACK. */
  writeByte(value: number): boolean {
    this.cost(9);
    this.i2cBytes++;
    // Without pull-ups nothing can drive SDA high: the master samples 0, which reads as ACK.
    if (!this.pullups && this.powered) return true;
    if (!this.moduleAwake() || this.tooFast()) return false;
    switch (this.phase) {
      case 'address': {
        const target = this.targets.get(value >> 1);
        if (!target) {
          this.phase = 'released';
          return false;
        }
        this.selected = target;
        this.phase = value & 1 ? 'read' : 'offset';
        return true;
      }
      case 'offset':
        this.selected!.setPointer(value);
        this.phase = 'write';
        return true;
      case 'write':
        this.selected!.writeData(value);
        return true;
      default:
        // Nobody is listening (or the target is transmitting): SDA stays high.
        return false;
    }
  }

  /** Clocks 8 bits in; the ack bit is a separate call. */
  readByte(): number {
    this.cost(8);
    this.i2cBytes++;
    if (!this.pullups && this.powered) return 0x00;
    if (!this.moduleAwake() || this.tooFast()) return 0xff;
    if (this.phase === 'read' && this.selected) return this.selected.readNext();
    if ((this.phase === 'offset' || this.phase === 'write') && this.selected) {
      // No repeated start: the target is still a receiver. The master releases SDA and reads 1s,
      // while the target takes the 0xFF it sees as data (and ACKs it in the 9th clock).
      if (this.phase === 'offset') {
        this.selected.setPointer(0xff);
        this.phase = 'write';
      } else this.selected.writeData(0xff);
    }
    return 0xff;
  }

  /** The master's ack bit after a read: NACK makes the target release the bus. */
  masterAck(nack: boolean): void {
    this.cost(1);
    if (nack && this.phase === 'read') this.phase = 'released';
  }
}
