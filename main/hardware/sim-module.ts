// The memory and behaviour of the module the simulated bench holds (drivers/simulated.ts):
// SFP A0h/A2h; SFF-8636 paging with low-power mode (lasers off until byte 93 lets a power class 2+
// module into high power); CMIS paging and banks with the module and data-path state machines of
// CMIS 5.2 section 6.3 (power-on in ModuleLowPwr, power-up time, data-path init and Tx turn-on
// times, a module stuck in a state, a module fault). Written from ../shared/domain/cmis.md and
// sff-8636.md; the test emulators (tests/support/emulators) model the same independently.
import { CmisMemory } from './sim-cmis';
import { LiveSimMemory, type SimLive } from './sim-live';
import { decodePagedImage, hasPagedMagic, pagedFromEthtoolCmis, pagedToSff8636Flat, type PagedImage } from '../sff/paged-image';
import { moduleFamilyOf } from '../sff/sff8024';

/** How a simulated module behaves beyond its memory image (resources/modules/index.json `behaviour`). */
export interface SimBehaviour {
  /** CMIS ModulePwrUp -> ModuleReady, ms (default 200). SFF-8636: low to high power, lasers on (default 300). */
  powerUpMs?: number;
  /** CMIS ModulePwrDn -> ModuleLowPwr, ms (default 100). */
  powerDownMs?: number;
  /** CMIS DataPathInit -> DataPathInitialized, ms (default 150). */
  dataPathInitMs?: number;
  /** CMIS DataPathDeinit -> DataPathDeactivated, ms (default 50). */
  dataPathDeinitMs?: number;
  /** CMIS DataPathTxTurnOn -> DataPathActivated, ms (default 100). */
  txTurnOnMs?: number;
  /** CMIS DataPathTxTurnOff -> DataPathInitialized, ms (default 50). */
  txTurnOffMs?: number;
  /** The module never leaves this state once it gets there. */
  stuckIn?: 'ModuleLowPwr' | 'ModulePwrUp' | 'DataPathInit';
  /** CMIS: the module faults while powering up, byte 41 = this cause (1 TEC runaway, 2/3 memory). */
  faultCause?: number;
  /** Control writes are acknowledged but do not take (the byte reads back unchanged). */
  refuseControl?: boolean;
  /** The LPMode pin: asserted (true, default) as on a bench whose pin is not driven. */
  lpModeAsserted?: boolean;
  /** Monitor noise and intermittent faults scripted from when the module is seated (sim-live.ts). */
  live?: SimLive;
}

export interface SimMemory {
  acks(addr: number): boolean;
  /** null when no device answers at the address. */
  read(addr: number, offset: number, length: number): Uint8Array | null;
  /** false when no device answers at the address. */
  write(addr: number, offset: number, data: Uint8Array): boolean;
  /** Writes the module took into non-volatile memory (identity, thresholds...): a bench must cause none. */
  readonly nvmWrites: number;
}

const SFF8636_IDS = new Set([0x0c, 0x0d, 0x11]);

class SfpMemory implements SimMemory {
  nvmWrites = 0;
  constructor(private readonly image: Uint8Array) {}
  private locate(addr: number, offset: number): number | null {
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
    // Sequential reads roll over at the end of the 256-byte array (AT24C02 behaviour, §4.2).
    for (let i = 0; i < length; i++) out[i] = this.image[this.locate(addr, (offset + i) & 0xff) ?? 0] ?? 0xff;
    return out;
  }
  write(addr: number, offset: number, data: Uint8Array): boolean {
    if (!this.acks(addr)) return false;
    data.forEach((b, i) => {
      const at = this.locate(addr, (offset + i) & 0xff);
      if (at === null) return;
      // A2h 128-247 is user EEPROM: a write there is an EEPROM write.
      if (addr === 0x51 && ((offset + i) & 0xff) >= 128) this.nvmWrites++;
      this.image[at] = b;
    });
    return true;
  }
}

/**
 * SFF-8636: lower page, byte 127 selects page 00h or 03h (the ethtool 640 layout). A power class
 * 2+ module comes up in low power (LPMode asserted on a bench): lasers off, Tx bias and power read
 * 0, until byte 93 overrides to high power (b0 = 1, b1 = 0, and b2 / b3 for classes 5-7 / 8).
 */
class QsfpMemory implements SimMemory {
  nvmWrites = 0;
  private page = 0;
  private lasersOnAt: number | null = null;
  constructor(
    private readonly image: Uint8Array,
    private readonly b: SimBehaviour,
    private readonly now: () => number,
  ) {
    this.image[127] = 0;
    this.update();
  }

  private powerClass(): number {
    const ext = this.image[129] ?? 0;
    if (ext & 0x20) return 8;
    if ((ext & 0x03) !== 0 && (ext >> 6) === 3) return 4 + (ext & 0x03);
    return (ext >> 6) + 1;
  }

  private highPower(): boolean {
    const cls = this.powerClass();
    if (cls === 1) return true;
    const b93 = this.image[93] ?? 0;
    const requested = b93 & 0x01 ? (b93 & 0x02) === 0 : !(this.b.lpModeAsserted ?? true);
    if (!requested) return false;
    if (cls >= 5 && cls <= 7 && (b93 & 0x04) === 0) return false;
    if (cls === 8 && (b93 & 0x08) === 0) return false;
    return true;
  }

  private update(): void {
    if (!this.highPower()) this.lasersOnAt = null;
    else if (this.lasersOnAt === null) this.lasersOnAt = this.powerClass() === 1 ? 0 : this.now() + (this.b.powerUpMs ?? 300);
  }

  private pageBase(page: number): number | null {
    if (page === 0) return 128;
    // ethtool places page N (1..3) at 128 + 128*N; 01h/02h are zero-filled and treated as absent.
    if (page === 3 && this.image.length >= 640 && ((this.image[2] ?? 0) & 0x04) === 0) return 512;
    return null;
  }

  acks(addr: number): boolean {
    return addr === 0x50;
  }

  read(addr: number, offset: number, length: number): Uint8Array | null {
    if (addr !== 0x50) return null;
    this.update();
    const lasersOn = this.lasersOnAt !== null && this.now() >= this.lasersOnAt;
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      const o = (offset + i) & 0xff;
      if (o < 128) {
        // Lower page bytes 42-57: Tx bias and Tx power of the four lanes, zero with the lasers off.
        out[i] = !lasersOn && o >= 42 && o <= 57 ? 0 : (this.image[o] ?? 0);
      } else {
        const base = this.pageBase(this.page);
        out[i] = base === null ? 0xff : (this.image[base + o - 128] ?? 0);
      }
    }
    return out;
  }

  write(addr: number, offset: number, data: Uint8Array): boolean {
    if (addr !== 0x50) return false;
    data.forEach((b, i) => {
      const o = (offset + i) & 0xff;
      if (o === 127) {
        // SFF-8636: an unsupported page is not accepted; the select reverts to 00h.
        this.page = this.pageBase(b) === null ? 0 : b;
        this.image[127] = this.page;
      } else if (o === 86 || o === 93) {
        if (!this.b.refuseControl) this.image[o] = o === 93 ? b & 0x7f : b; // byte 93 bit 7 (reset) self-clears
      } else if (o >= 128) {
        this.nvmWrites++;
      }
    });
    this.update();
    return true;
  }
}

/** The module the simulated socket holds, by its identifier (with its scripted faults, if any). */
export function simulatedMemory(image: Uint8Array, behaviour: SimBehaviour = {}, now: () => number = Date.now): SimMemory {
  if (behaviour.live) {
    const paged = hasPagedMagic(image) ? decodePagedImage(image) : null;
    const id = paged ? (paged.lower[0] ?? 0) : (image[0] ?? 0);
    const family = moduleFamilyOf(id) === 'cmis' ? 'cmis' : paged || SFF8636_IDS.has(id) ? 'qsfp' : 'sfp';
    const s16 = (b: Uint8Array, at: number): number => {
      const v = ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
      return (v >= 0x8000 ? v - 0x10000 : v) / 256;
    };
    const baseTempC = paged ? s16(paged.lower, 14) : family === 'qsfp' ? s16(image, 22) : image.length > 256 ? s16(image, 256 + 96) : 25;
    const { live, ...rest } = behaviour;
    return new LiveSimMemory(() => simulatedMemory(new Uint8Array(image), rest, now), family, live, now, baseTempC);
  }
  let paged: PagedImage | null = null;
  if (hasPagedMagic(image)) paged = decodePagedImage(image);
  const id = paged ? (paged.lower[0] ?? 0) : (image[0] ?? 0);
  if (moduleFamilyOf(id) === 'cmis') return new CmisMemory(paged ?? pagedFromEthtoolCmis(image), behaviour, now);
  if (paged) return new QsfpMemory(pagedToSff8636Flat(paged), behaviour, now);
  if (SFF8636_IDS.has(id)) return new QsfpMemory(new Uint8Array(image), behaviour, now);
  return new SfpMemory(new Uint8Array(image));
}
