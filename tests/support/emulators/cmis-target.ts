// A CMIS module as an I2C target, for the programmer emulators: written from
// ../shared/domain/cmis.md (cited as cmis.md) and CMIS 5.2 section 6.3, not from main/hardware.
// Lower memory 0-127; bytes 128-255 show the page selected by byte 127 and, for pages 10h and up,
// the bank selected by byte 126, applied when byte 127 is written (a 2-byte write to 126-127
// changes both). Volatile controls: byte 26, page 10h, page 2Fh byte 144. Everything else is
// non-volatile: a write there is counted (`nvmWrites`) and ignored.
//
// State machines (cmis.md "Bring-up on a bench"), timed in real ms x timeScale:
//   module: power-on in ModuleLowPwr when byte 26 asks for it (bit 4, or bit 6 with the LPMode
//   pin asserted, the default); releasing it goes ModulePwrUp -> ModuleReady after powerUpMs
//   (or ModuleFault with byte 41 = faultCause); asking again goes ModulePwrDn -> ModuleLowPwr.
//   data path, per host lane, in ModuleReady: DPDeinit bit clear and an AppSel in the active
//   control set -> DataPathInit (dpInitMs) -> DataPathInitialized -> (Tx of its media lanes
//   enabled) DataPathTxTurnOn (txOnMs) -> DataPathActivated; the reverse through TxTurnOff and
//   Deinit. ApplyDPInit (10h byte 143) copies the staged control set to the active one.
// The image is the module as read while up: its page 11h monitors and flags are what the module
// shows for a lane once that lane's data path is activated (zero before).
import type { LiveRef } from './live';

export interface CmisBehaviour {
  powerUpMs?: number;
  powerDownMs?: number;
  dpInitMs?: number;
  dpDeinitMs?: number;
  txOnMs?: number;
  txOffMs?: number;
  /** Never leaves this state once in it. */
  stuckIn?: 'ModuleLowPwr' | 'ModulePwrUp' | 'DataPathInit';
  /** Goes to ModuleFault at the end of power-up, with byte 41 = this cause. */
  faultCause?: number;
  /** Acknowledges control writes but keeps the old values. */
  refuseControl?: boolean;
  /** LPMode pin asserted (default true: a bench that does not drive it). */
  lpModeAsserted?: boolean;
}

const LOW_PWR = 1;
const PWR_UP = 2;
const READY = 3;
const PWR_DN = 4;
const FAULT = 5;

const DEACTIVATED = 1;
const INIT = 2;
const DEINIT = 3;
const ACTIVATED = 4;
const TX_ON = 5;
const TX_OFF = 6;
const INITIALIZED = 7;

interface Application {
  appSel: number;
  host: number;
  media: number;
  hostStarts: number[];
}

interface HostLane {
  state: number;
  /** When the current transient state finishes (real ms); null for steady states. */
  doneAt: number | null;
}

/** The Optic Bench paged image ("OBPG", version 1), read here without main/sff. */
function pagesOf(image: Uint8Array): { lower: Uint8Array; pages: Map<string, Uint8Array> } {
  const pages = new Map<string, Uint8Array>();
  const isPaged = image[0] === 0x4f && image[1] === 0x42 && image[2] === 0x50 && image[3] === 0x47;
  if (isPaged) {
    const n = image[5] ?? 0;
    for (let i = 0; i < n; i++) {
      const at = 136 + 130 * i;
      pages.set(`${image[at + 1]}:${image[at]}`, image.slice(at + 2, at + 130));
    }
    return { lower: image.slice(8, 136), pages };
  }
  // ethtool's flat QSFP-DD layout: lower, 00h, 01h, 02h, 10h, 11h.
  [0x00, 0x01, 0x02, 0x10, 0x11].forEach((page, i) => {
    const at = 128 * (i + 1);
    if (image.length >= at + 128) pages.set(`0:${page}`, image.slice(at, at + 128));
  });
  const lower = new Uint8Array(128);
  lower.set(image.subarray(0, 128));
  return { lower, pages };
}

export class CmisTarget {
  readonly addr7 = 0x50;
  nvmWrites = 0;
  private pointer = 0;
  private bank = 0;
  private page = 0;
  private bankWritten: number | null = null;
  private lower = new Uint8Array(128);
  private pages = new Map<string, Uint8Array>();
  private readonly imageLower: Uint8Array;
  private readonly imagePages: Map<string, Uint8Array>;
  private moduleState = LOW_PWR;
  private moduleDoneAt: number | null = null;
  private stateChangedLatch = false;
  private hostLanes = new Map<number, HostLane[]>();
  private configDoneAt = new Map<number, { at: number; lanes: number[]; codes: number[] }>();
  private readonly apps: Application[] = [];
  private readonly banks: number;
  private readonly flat: boolean;

  constructor(
    image: Uint8Array,
    private readonly b: CmisBehaviour,
    private readonly now: () => number,
    private readonly scale: number,
    private readonly live: LiveRef = { current: null },
  ) {
    const parsed = pagesOf(image);
    this.imageLower = parsed.lower;
    this.imagePages = parsed.pages;
    this.flat = ((parsed.lower[2] ?? 0) & 0x80) !== 0;
    const adv = parsed.pages.get('0:1');
    this.banks = adv ? ([1, 2, 4, 1][(adv[14] ?? 0) & 3] ?? 1) : 1; // 01h byte 142
    for (let k = 0; k < 8; k++) {
      const at = 86 + 4 * k;
      const host = parsed.lower[at] ?? 0xff;
      if (host === 0xff || host === 0x00) break;
      const lanes = parsed.lower[at + 2] ?? 0;
      const assign = parsed.lower[at + 3] ?? 0;
      this.apps.push({ appSel: k + 1, host: lanes >> 4, media: lanes & 0x0f, hostStarts: [1, 2, 3, 4, 5, 6, 7, 8].filter((l) => (assign >> (l - 1)) & 1) });
    }
    this.reset();
  }

  private ms(x: number | undefined, dflt: number): number {
    return (x ?? dflt) * this.scale;
  }

  /** Power cycle: every volatile byte to its power-on default (cmis.md: B pm:2379-2385). */
  reset(): void {
    this.lower = new Uint8Array(this.imageLower);
    this.pages = new Map([...this.imagePages].map(([k, v]) => [k, new Uint8Array(v)]));
    this.pointer = 0;
    this.bank = 0;
    this.page = 0;
    this.lower[126] = 0;
    this.lower[127] = 0;
    this.configDoneAt.clear();
    if (this.flat) {
      this.moduleState = READY;
      return;
    }
    this.lower[26] = 0x40; // LowPwrAllowRequestHW = 1, LowPwrRequestSW = 0
    this.lower[8] = 0;
    for (let bank = 0; bank < this.banks; bank++) {
      const p10 = this.pages.get(`${bank}:16`);
      const p11 = this.pages.get(`${bank}:17`);
      if (p10) {
        p10[0] = 0x00; // DPDeinit: no lane held
        p10[2] = 0x00; // OutputDisableTx: lasers allowed
      }
      if (p11) {
        // The factory control set (the image's staged set) is active; no configuration run yet.
        for (let h = 0; h < 8; h++) p11[78 + h] = p10?.[17 + h] ?? 0;
        p11.fill(0, 74, 78);
      }
      this.hostLanes.set(bank, Array.from({ length: 8 }, () => ({ state: DEACTIVATED, doneAt: null })));
    }
    this.moduleState = this.lowPowerAsked() ? LOW_PWR : PWR_UP;
    this.moduleDoneAt = this.moduleState === PWR_UP ? this.now() + this.ms(this.b.powerUpMs, 100) : null;
    this.stateChangedLatch = false;
  }

  private lowPowerAsked(): boolean {
    const c = this.lower[26] ?? 0;
    return (c & 0x10) !== 0 || ((c & 0x40) !== 0 && (this.b.lpModeAsserted ?? true));
  }

  private goModule(state: number, doneAt: number | null): void {
    if (state !== this.moduleState) this.stateChangedLatch = true;
    this.moduleState = state;
    this.moduleDoneAt = doneAt;
  }

  /** Media lanes (1-8 of a bank) a host lane's data path carries, from the active control set. */
  private mediaOf(bank: number, host: number): number[] {
    const acs = this.pages.get(`${bank}:17`)?.[78 + host - 1] ?? 0;
    const app = this.apps.find((a) => a.appSel === acs >> 4);
    if (!app || app.media === 0) return [];
    const first = ((acs >> 1) & 7) + 1;
    const instance = app.hostStarts.indexOf(first);
    if (instance < 0) return [];
    const start = instance * app.media + 1;
    return [...Array(app.media).keys()].map((i) => start + i).filter((m) => m <= 8);
  }

  private step(): void {
    if (this.flat) return;
    const t = this.now();
    const stuck = this.b.stuckIn;
    if (this.moduleState === LOW_PWR && !this.lowPowerAsked() && stuck !== 'ModuleLowPwr') this.goModule(PWR_UP, t + this.ms(this.b.powerUpMs, 100));
    if (this.moduleState === PWR_UP && this.moduleDoneAt !== null && t >= this.moduleDoneAt && stuck !== 'ModulePwrUp') {
      if (this.b.faultCause !== undefined) {
        this.lower[41] = this.b.faultCause;
        this.goModule(FAULT, null);
      } else this.goModule(READY, null);
    }
    if ((this.moduleState === READY || this.moduleState === PWR_UP) && this.lowPowerAsked()) this.goModule(PWR_DN, t + this.ms(this.b.powerDownMs, 50));
    if (this.moduleState === PWR_DN && this.moduleDoneAt !== null && t >= this.moduleDoneAt) this.goModule(LOW_PWR, null);

    for (const [bank, lanes] of this.hostLanes) {
      const p10 = this.pages.get(`${bank}:16`);
      const p11 = this.pages.get(`${bank}:17`);
      if (!p10 || !p11) continue;
      const cmis3 = (this.lower[1] ?? 0) < 0x40;
      lanes.forEach((lane, i) => {
        const bit = (p10[0]! >> i) & 1;
        const held = cmis3 ? bit === 0 : bit === 1; // CMIS 3.0 DataPathPwrUp vs 4.0+ DPDeinit
        const acs = p11[78 + i] ?? 0;
        const first = ((acs >> 1) & 7) + 1;
        const media = this.mediaOf(bank, first);
        const txAllowed = media.length > 0 && media.every((m) => ((p10[2]! >> (m - 1)) & 1) === 0);
        const up = this.moduleState === READY && !held && acs >> 4 !== 0;
        for (let guard = 0; guard < 8; guard++) {
          if (lane.doneAt !== null && t < lane.doneAt) break;
          const s = lane.state;
          const to = (state: number, dur: number | null): void => {
            lane.state = state;
            lane.doneAt = dur === null ? null : t + dur;
          };
          if (this.moduleState !== READY) {
            if (s !== DEACTIVATED) to(DEACTIVATED, null);
            break;
          }
          if (!up) {
            if (s === DEACTIVATED) break;
            if (s === DEINIT) to(DEACTIVATED, null);
            else to(DEINIT, this.ms(this.b.dpDeinitMs, 20));
            continue;
          }
          if (s === DEACTIVATED) to(INIT, this.ms(this.b.dpInitMs, 80));
          else if (s === INIT) {
            if (stuck === 'DataPathInit') break;
            to(INITIALIZED, null);
          } else if (s === INITIALIZED) {
            if (!txAllowed) break;
            to(TX_ON, this.ms(this.b.txOnMs, 40));
          } else if (s === TX_ON) to(txAllowed ? ACTIVATED : INITIALIZED, null);
          else if (s === ACTIVATED) {
            if (txAllowed) break;
            to(TX_OFF, this.ms(this.b.txOffMs, 20));
          } else if (s === TX_OFF) to(INITIALIZED, null);
          else break;
        }
      });
      for (let k = 0; k < 4; k++) p11[k] = (lanes[2 * k]!.state & 0x0f) | ((lanes[2 * k + 1]!.state & 0x0f) << 4);
      const pending = this.configDoneAt.get(bank);
      if (pending && t >= pending.at) {
        pending.lanes.forEach((h, j) => {
          const at = 74 + ((h - 1) >> 1);
          const sh = (h - 1) % 2 === 0 ? 0 : 4;
          p11[at] = (p11[at]! & ~(0x0f << sh)) | (pending.codes[j]! << sh);
        });
        this.configDoneAt.delete(bank);
      }
    }
    // Byte 3: state in bits 3-1, bit 0 = 0 (IntL asserted) while a latched flag waits.
    this.lower[3] = (this.moduleState << 1) | (this.stateChangedLatch ? 0 : 1);
    this.lower[8] = (this.lower[8]! & 0xfe) | (this.stateChangedLatch ? 1 : 0);
  }

  /** Page 11h byte `addr` of a bank as read now: monitors and flags only for activated lanes. */
  private page11(bank: number, addr: number): number {
    const live = this.pages.get(`${bank}:17`)!;
    if (addr < 135 || addr > 201) return live[addr - 128] ?? 0;
    const image = this.imagePages.get(`${bank}:17`);
    const lanes = this.hostLanes.get(bank) ?? [];
    const lit = new Set<number>();
    lanes.forEach((l, i) => {
      if (l.state === ACTIVATED) for (const m of this.mediaOf(bank, (((live[78 + i] ?? 0) >> 1) & 7) + 1)) lit.add(m);
    });
    if (addr <= 152) {
      let mask = 0;
      for (const m of lit) mask |= 1 << (m - 1);
      return (image?.[addr - 128] ?? 0) & mask;
    }
    if (addr < 154) return 0;
    const lane = ((addr - 154) % 16 >> 1) + 1;
    // Rx power (186-201) needs only the module up (the receiver works without the laser).
    const on = addr >= 186 ? this.moduleState === READY : lit.has(lane);
    return on ? (image?.[addr - 128] ?? 0) : 0;
  }

  setPointer(offset: number): void {
    this.pointer = offset & 0xff;
  }

  writeData(value: number): void {
    const p = this.pointer;
    this.step();
    if (p < 128) {
      if (p === 126) this.bankWritten = value;
      else if (p === 127) {
        const bank = this.bankWritten ?? this.lower[126] ?? 0;
        this.bankWritten = null;
        const key = `${value >= 0x10 ? bank : 0}:${value}`;
        // A page or bank the module does not have is not accepted: back to bank 0, page 00h.
        const ok = this.flat ? value === 0 : (value < 0x10 ? bank === 0 : bank < this.banks) && this.pages.has(key);
        this.bank = ok ? bank : 0;
        this.page = ok ? value : 0;
        this.lower[126] = this.bank;
        this.lower[127] = this.page;
      } else if (p === 26 && !this.flat) {
        if (!this.b.refuseControl) this.lower[26] = value & 0xf7; // bit 3 (SoftwareReset) not modeled
      } else if (p >= 31 && p <= 36) {
        this.lower[p] = value; // masks
      } else {
        this.nvmWrites++;
      }
    } else if (this.page === 0x10 && !this.flat) {
      const p10 = this.pages.get(`${this.bank}:16`)!;
      if (!this.b.refuseControl) {
        if (p === 143) this.applyDpInit(this.bank, value);
        else if (p !== 144) p10[p - 128] = value;
      }
    } else if (this.page === 0x2f && p === 144) {
      // VDM freeze: volatile, nothing to freeze here.
    } else {
      this.nvmWrites++;
    }
    this.pointer = p < 128 ? p + 1 : 128 + ((p - 127) & 0x7f);
    this.step();
  }

  private applyDpInit(bank: number, mask: number): void {
    const p10 = this.pages.get(`${bank}:16`);
    const p11 = this.pages.get(`${bank}:17`);
    const lanes = this.hostLanes.get(bank);
    if (!p10 || !p11 || !lanes) return;
    const hosts = [1, 2, 3, 4, 5, 6, 7, 8].filter((h) => (mask >> (h - 1)) & 1);
    const codes = hosts.map((h) => {
      const staged = p10[17 + h - 1] ?? 0;
      const app = this.apps.find((a) => a.appSel === staged >> 4);
      if (lanes[h - 1]!.state !== DEACTIVATED) return 6; // ConfigRejectedLaneInUse
      if (staged >> 4 === 0) return 1;
      if (!app) return 3; // ConfigRejectedInvalidAppSel
      const first = ((staged >> 1) & 7) + 1;
      if (!app.hostStarts.includes(first) || h < first || h >= first + app.host) return 4; // ConfigRejectedInvalidDataPath
      return 1;
    });
    hosts.forEach((h, j) => {
      if (codes[j] === 1) p11[78 + h - 1] = p10[17 + h - 1] ?? 0;
      const at = 74 + ((h - 1) >> 1);
      const sh = (h - 1) % 2 === 0 ? 0 : 4;
      p11[at] = (p11[at]! & ~(0x0f << sh)) | (0x0c << sh); // ConfigInProgress
    });
    this.configDoneAt.set(bank, { at: this.now() + this.ms(2, 2), lanes: hosts, codes });
  }

  readNext(): number {
    const p = this.pointer;
    this.step();
    let v: number;
    if (p < 128) {
      v = this.lower[p] ?? 0;
      if (p === 8) {
        // Latched flags clear when read.
        this.stateChangedLatch = false;
        this.lower[8] = this.lower[8]! & 0xfe;
        this.lower[3] = this.lower[3]! | 0x01;
      }
    } else if (this.page === 0x11) {
      v = this.page11(this.bank, p);
    } else if (this.page === 0x10 && (p === 143 || p === 144)) {
      v = 0; // write-only triggers
    } else {
      v = this.pages.get(`${this.page >= 0x10 ? this.bank : 0}:${this.page}`)?.[p - 128] ?? 0xff;
    }
    if (this.live.current && (p < 128 || this.page === 0x11)) {
      const bank = this.bank;
      const page = p < 128 ? 0 : this.page;
      v = this.live.current.byte(0x50, page, bank, p, v, (o) => (o < 128 ? (this.lower[o] ?? 0) : this.page11(bank, o)));
    }
    this.pointer = p < 128 ? p + 1 : 128 + ((p - 127) & 0x7f);
    return v;
  }

  /** Module state (for assertions): 1 LowPwr ... 5 Fault. */
  get state(): number {
    this.step();
    return this.moduleState;
  }

  /** A volatile control byte as it is now (for assertions). */
  control(page: number | null, bank: number, offset: number): number {
    if (page === null) return this.lower[offset] ?? 0;
    return this.pages.get(`${page >= 0x10 ? bank : 0}:${page}`)?.[offset - 128] ?? 0;
  }
}
