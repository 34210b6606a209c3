// A CMIS module for the simulated bench: paging and banks through bytes 126/127, volatile controls
// (byte 26, page 10h), and the module and data-path state machines of CMIS 5.2 sections 6.3.2
// (module: ModuleLowPwr -> ModulePwrUp -> ModuleReady, ModulePwrDn, ModuleFault) and 6.3.3 (data
// path: Deactivated -> Init -> Initialized -> TxTurnOn -> Activated and back), timed by the
// behaviour's durations. The memory image is the module as read while up: its monitor values,
// flags and thresholds are what the module shows once its data paths are activated.
import { CONFIG_STATUS, DP_STATE, MODULE_STATE } from '../sff/cmis-tables';
import { findPage, type PagedImage } from '../sff/paged-image';
import type { SimBehaviour, SimMemory } from './sim-module';

type ModuleState = (typeof MODULE_STATE)[keyof typeof MODULE_STATE];

interface LaneDp {
  state: number;
  /** When the current transitional state ends (ms), or null for a steady state. */
  until: number | null;
}

interface App {
  appSel: number;
  hostLanes: number;
  mediaLanes: number;
  hostStarts: number[];
}

const bits = (byte: number): number[] => [0, 1, 2, 3, 4, 5, 6, 7].filter((i) => (byte >> i) & 1).map((i) => i + 1);

export class CmisMemory implements SimMemory {
  nvmWrites = 0;
  private readonly lower: Uint8Array;
  private readonly pages = new Map<string, Uint8Array>();
  /** Lane monitor and flag bytes of page 11h as read while up (11h bytes 135-201), per bank. */
  private readonly upValues = new Map<number, Uint8Array>();
  private readonly flat: boolean;
  private readonly rev: number;
  private readonly banks: number;
  private readonly apps: App[];
  private bank = 0;
  private page = 0;
  private state: ModuleState;
  private stateUntil: number | null = null;
  private stateChanged = false;
  private readonly lanes = new Map<number, LaneDp[]>();
  private readonly configPending = new Map<number, { until: number; lanes: number[]; status: number[] }>();

  constructor(
    img: PagedImage,
    private readonly b: SimBehaviour,
    private readonly now: () => number,
  ) {
    this.lower = new Uint8Array(img.lower);
    for (const p of img.pages) this.pages.set(`${p.bank}/${p.page}`, new Uint8Array(p.bytes));
    this.flat = (this.lower[2]! & 0x80) !== 0;
    this.rev = this.lower[1] ?? 0x40;
    const p01 = findPage(img, 0x01);
    this.banks = p01 ? ([1, 2, 4, 1][p01[142 - 128]! & 0x03] ?? 1) : 1;
    this.apps = [];
    for (let k = 1; k <= 8; k++) {
      const at = 86 + 4 * (k - 1);
      const host = this.lower[at] ?? 0xff;
      if (host === 0xff || host === 0) break;
      this.apps.push({ appSel: k, hostLanes: (this.lower[at + 2] ?? 0) >> 4, mediaLanes: (this.lower[at + 2] ?? 0) & 0x0f, hostStarts: bits(this.lower[at + 3] ?? 0) });
    }
    this.lower[126] = 0;
    this.lower[127] = 0;
    if (this.flat) {
      this.state = MODULE_STATE.ready;
      return;
    }
    // Power-on defaults (CMIS 5.2 Table 8-10; cmis.md "Bring-up"): LowPwrAllowRequestHW set, no
    // software request, data paths not held, lasers not disabled, the factory control set active.
    this.lower[26] = 0x40;
    for (let bank = 0; bank < this.banks; bank++) {
      const p11 = this.pages.get(`${bank}/${0x11}`);
      const p10 = this.pages.get(`${bank}/${0x10}`);
      if (p11) {
        this.upValues.set(bank, p11.slice(135 - 128, 202 - 128));
        p11.fill(0, 0, 202 - 128);
        p11.fill(0, 202 - 128, 206 - 128); // configuration status undefined
      }
      if (p10) {
        p10[0] = 0x00; // 4.0+: DPDeinit clear (not held); 3.0: DataPathPwrUp clear (powered down)
        p10[130 - 128] = 0x00;
        const p11a = this.pages.get(`${bank}/${0x11}`);
        if (p11a) for (let h = 0; h < 8; h++) p11a[206 - 128 + h] = p10[145 - 128 + h] ?? 0;
      }
      this.lanes.set(bank, Array.from({ length: 8 }, () => ({ state: DP_STATE.deactivated, until: null })));
    }
    this.state = this.lowPowerRequested() ? MODULE_STATE.lowPower : MODULE_STATE.powerUp;
    if (this.state === MODULE_STATE.powerUp) this.stateUntil = this.now() + (this.b.powerUpMs ?? 200);
    this.refresh();
  }

  private lowPowerRequested(): boolean {
    const c = this.lower[26] ?? 0;
    return (c & 0x10) !== 0 || ((c & 0x40) !== 0 && (this.b.lpModeAsserted ?? true));
  }

  private setState(s: ModuleState, until: number | null = null): void {
    if (this.state !== s) this.stateChanged = true;
    this.state = s;
    this.stateUntil = until;
  }

  /** Which host lane (1-8) of its bank carries each media lane, from the active control set. */
  private hostOfMedia(bank: number, media: number): number | null {
    const p11 = this.pages.get(`${bank}/${0x11}`);
    for (let h = 1; h <= 8 && p11; h++) {
      const acs = p11[206 - 128 + h - 1] ?? 0;
      const app = this.apps.find((a) => a.appSel === acs >> 4);
      if (!app || app.mediaLanes === 0) continue;
      const first = ((acs >> 1) & 0x07) + 1;
      if (first !== h) continue;
      const instance = Math.max(0, app.hostStarts.indexOf(first));
      const start = instance * app.mediaLanes + 1;
      if (media >= start && media < start + app.mediaLanes) return h;
    }
    return null;
  }

  private mediaOfHost(bank: number, host: number): number[] {
    return [1, 2, 3, 4, 5, 6, 7, 8].filter((m) => this.hostOfMedia(bank, m) === host);
  }

  /** Advances the state machines to now. */
  private refresh(): void {
    if (this.flat) return;
    const now = this.now();
    const stuck = this.b.stuckIn;
    if (this.state === MODULE_STATE.lowPower && !this.lowPowerRequested() && stuck !== 'ModuleLowPwr') {
      this.setState(MODULE_STATE.powerUp, now + (this.b.powerUpMs ?? 200));
    }
    if (this.state === MODULE_STATE.powerUp && this.stateUntil !== null && now >= this.stateUntil && stuck !== 'ModulePwrUp') {
      if (this.b.faultCause !== undefined) {
        this.lower[41] = this.b.faultCause;
        this.setState(MODULE_STATE.fault);
      } else {
        this.setState(MODULE_STATE.ready);
      }
    }
    if ((this.state === MODULE_STATE.ready || this.state === MODULE_STATE.powerUp) && this.lowPowerRequested()) {
      this.setState(MODULE_STATE.powerDown, now + (this.b.powerDownMs ?? 100));
    }
    if (this.state === MODULE_STATE.powerDown && this.stateUntil !== null && now >= this.stateUntil) this.setState(MODULE_STATE.lowPower);

    for (const [bank, lanes] of this.lanes) {
      const p10 = this.pages.get(`${bank}/${0x10}`);
      const p11 = this.pages.get(`${bank}/${0x11}`);
      if (!p10 || !p11) continue;
      for (let h = 1; h <= 8; h++) {
        const lane = lanes[h - 1]!;
        const ctl = p10[0] ?? 0;
        const held = this.rev < 0x40 ? ((ctl >> (h - 1)) & 1) === 0 : ((ctl >> (h - 1)) & 1) === 1;
        const appSel = (p11[206 - 128 + h - 1] ?? 0) >> 4;
        const media = this.mediaOfHost(bank, ((p11[206 - 128 + h - 1]! >> 1) & 0x07) + 1);
        const txEnabled = media.length > 0 && media.every((m) => (((p10[130 - 128] ?? 0) >> (m - 1)) & 1) === 0);
        const want = this.state !== MODULE_STATE.ready || held || appSel === 0 ? 'down' : txEnabled ? 'active' : 'initialized';
        // Walk the data-path state machine as far as time allows.
        for (let step = 0; step < 6; step++) {
          if (lane.until !== null && now < lane.until) break;
          const s = lane.state;
          const next = (state: number, ms: number | null): void => {
            lane.state = state;
            lane.until = ms === null ? null : Math.max(now, lane.until ?? now) + ms;
          };
          if (want === 'down') {
            if (s === DP_STATE.deactivated) break;
            if (this.state !== MODULE_STATE.ready) next(DP_STATE.deactivated, null);
            else if (s === DP_STATE.deinit) next(DP_STATE.deactivated, null);
            else next(DP_STATE.deinit, this.b.dataPathDeinitMs ?? 50);
          } else if (s === DP_STATE.deactivated) {
            next(DP_STATE.init, this.b.dataPathInitMs ?? 150);
          } else if (s === DP_STATE.init) {
            if (this.b.stuckIn === 'DataPathInit') break;
            next(DP_STATE.initialized, null);
          } else if (s === DP_STATE.initialized) {
            if (want !== 'active') break;
            next(DP_STATE.txTurnOn, this.b.txTurnOnMs ?? 100);
          } else if (s === DP_STATE.txTurnOn) {
            next(want === 'active' ? DP_STATE.activated : DP_STATE.initialized, null);
          } else if (s === DP_STATE.activated) {
            if (want === 'active') break;
            next(DP_STATE.txTurnOff, this.b.txTurnOffMs ?? 50);
          } else if (s === DP_STATE.txTurnOff) {
            next(DP_STATE.initialized, null);
          } else break;
        }
      }
      // Page 11h as the host sees it: states, and the monitors and flags of lit lanes only.
      for (let i = 0; i < 4; i++) p11[i] = (lanes[2 * i]!.state & 0x0f) | ((lanes[2 * i + 1]!.state & 0x0f) << 4);
      const up = this.upValues.get(bank);
      const lit = [1, 2, 3, 4, 5, 6, 7, 8].filter((m) => {
        const h = this.hostOfMedia(bank, m);
        return h !== null && lanes[h - 1]!.state === DP_STATE.activated;
      });
      const litMask = lit.reduce((a, m) => a | (1 << (m - 1)), 0);
      if (up) {
        for (let at = 135; at <= 152; at++) p11[at - 128] = (up[at - 135] ?? 0) & litMask;
        for (let m = 1; m <= 8; m++) {
          const on = lit.includes(m);
          for (const base of [154, 170]) {
            p11[base - 128 + 2 * (m - 1)] = on ? (up[base - 135 + 2 * (m - 1)] ?? 0) : 0;
            p11[base - 128 + 2 * (m - 1) + 1] = on ? (up[base - 135 + 2 * (m - 1) + 1] ?? 0) : 0;
          }
          // Rx power needs the receiver powered: any module out of low power with a light source.
          const rxOn = this.state === MODULE_STATE.ready;
          p11[186 - 128 + 2 * (m - 1)] = rxOn ? (up[186 - 135 + 2 * (m - 1)] ?? 0) : 0;
          p11[186 - 128 + 2 * (m - 1) + 1] = rxOn ? (up[186 - 135 + 2 * (m - 1) + 1] ?? 0) : 0;
        }
      }
      const pending = this.configPending.get(bank);
      if (pending && now >= pending.until) {
        pending.lanes.forEach((h, i) => {
          const at = 202 - 128 + ((h - 1) >> 1);
          const shift = 4 * ((h - 1) % 2);
          p11[at] = (p11[at]! & ~(0x0f << shift)) | ((pending.status[i] ?? 0) << shift);
        });
        this.configPending.delete(bank);
      }
    }
    // Byte 3: module state in bits 3-1; bit 0 = 0 asserts IntL while a flag is latched.
    this.lower[3] = (this.state << 1) | (this.stateChanged ? 0 : 1);
    this.lower[8] = (this.lower[8]! & ~0x01) | (this.stateChanged ? 1 : 0);
  }

  /** ApplyDPInit (10h byte 143): copy the staged control set of the masked lanes to the active set. */
  private applyDataPathInit(bank: number, mask: number): void {
    const p10 = this.pages.get(`${bank}/${0x10}`);
    const p11 = this.pages.get(`${bank}/${0x11}`);
    const lanes = this.lanes.get(bank);
    if (!p10 || !p11 || !lanes) return;
    const hosts = bits(mask);
    const status = hosts.map((h) => {
      const staged = p10[145 - 128 + h - 1] ?? 0;
      const appSel = staged >> 4;
      const first = ((staged >> 1) & 0x07) + 1;
      if (lanes[h - 1]!.state !== DP_STATE.deactivated) return 6; // ConfigRejectedLaneInUse
      if (appSel === 0) return CONFIG_STATUS.success;
      const app = this.apps.find((a) => a.appSel === appSel);
      if (!app) return 3; // ConfigRejectedInvalidAppSel
      if (!app.hostStarts.includes(first) || h < first || h >= first + app.hostLanes) return 4; // ConfigRejectedInvalidDataPath
      return CONFIG_STATUS.success;
    });
    hosts.forEach((h, i) => {
      if (status[i] === CONFIG_STATUS.success) p11[206 - 128 + h - 1] = p10[145 - 128 + h - 1] ?? 0;
      const at = 202 - 128 + ((h - 1) >> 1);
      const shift = 4 * ((h - 1) % 2);
      p11[at] = (p11[at]! & ~(0x0f << shift)) | (CONFIG_STATUS.inProgress << shift);
    });
    this.configPending.set(bank, { until: this.now() + 5, lanes: hosts, status });
  }

  acks(addr: number): boolean {
    return addr === 0x50;
  }

  read(addr: number, offset: number, length: number): Uint8Array | null {
    if (addr !== 0x50) return null;
    this.refresh();
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      let o = offset + i;
      // The lower page runs into the upper page; the upper page wraps within itself.
      if (o > 255) o = 128 + ((o - 128) % 128);
      if (o < 128) {
        out[i] = this.lower[o] ?? 0;
        // Latched flags clear when read (CMIS 5.2 section 8.2.4).
        if (o === 8) {
          this.stateChanged = false;
          this.lower[8] = this.lower[8]! & ~0x01;
          this.lower[3] = this.lower[3]! | 0x01;
        }
      } else {
        const p = this.pages.get(`${this.page >= 0x10 ? this.bank : 0}/${this.page}`);
        // Write-only triggers (ApplyDPInit, ApplyImmediate) read as zero.
        out[i] = this.page === 0x10 && (o === 143 || o === 144) ? 0 : (p?.[o - 128] ?? 0);
      }
    }
    return out;
  }

  private selectable(bank: number, page: number): boolean {
    if (this.flat) return page === 0 && bank === 0;
    if (page < 0x10 && bank !== 0) return false;
    if (bank >= this.banks) return false;
    return this.pages.has(`${page >= 0x10 ? bank : 0}/${page}`);
  }

  write(addr: number, offset: number, data: Uint8Array): boolean {
    if (addr !== 0x50) return false;
    let pendingBank: number | null = null;
    data.forEach((b, i) => {
      const o = offset + i;
      if (o === 126) pendingBank = b;
      else if (o === 127) {
        const bank = pendingBank ?? this.bank;
        // An unsupported page or bank is not accepted: the selection falls back to bank 0, page 00h.
        if (this.selectable(bank, b)) {
          this.bank = bank;
          this.page = b;
        } else {
          this.bank = 0;
          this.page = 0;
        }
        pendingBank = null;
        this.lower[126] = this.bank;
        this.lower[127] = this.page;
      } else if (o === 26) {
        if (!this.b.refuseControl && !this.flat) this.lower[26] = b & ~0x08; // bit 3 SoftwareReset is not modeled
      } else if (o < 128) {
        // Other lower-page bytes: masks and passwords, nothing the bench writes.
      } else if (this.page === 0x10 && !this.flat) {
        if (this.b.refuseControl) return;
        const p10 = this.pages.get(`${this.bank}/${0x10}`);
        if (!p10) return;
        if (o === 143) this.applyDataPathInit(this.bank, b);
        else if (o !== 144) p10[o - 128] = b;
      } else if (this.page === 0x2f && o === 144) {
        // VDM freeze request: accepted, nothing to freeze in a simulation.
      } else {
        this.nvmWrites++;
      }
    });
    if (pendingBank !== null && offset + data.length === 127) {
      this.bank = pendingBank;
      this.lower[126] = pendingBank;
    }
    this.refresh();
    return true;
  }
}
