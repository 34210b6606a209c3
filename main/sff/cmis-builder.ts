// Builds CMIS module images (the paged image, paged-image.ts) from a typed spec in engineering
// units, for the simulated bench and tests: the inverse of decodeCmisPages, checksums right by
// construction. `decodeModule(buildCmisImage(spec))` gives back the spec's values quantised to the
// raw units (1/256 degC, 100 uV, 2 uA x multiplier, 0.1 uW, 0.05 nm).
//
// The image is a module as read while up and running: ModuleReady, the data paths of application
// 1 activated, lasers on. The simulated bench starts such a module in ModuleLowPwr, as a real one
// is after it is plugged in, and brings these values up when the host activates the data paths.
import type { Thresholds, ThresholdSet } from '../../preload/contract/module';
import { DP_STATE, encodeF16, VDM_TYPES } from './cmis-tables';
import { LOWER, PAGE00, PAGE01, PAGE02, PAGE10, PAGE11 } from './cmis';
import { encodePagedImage, makePagedImage, type PageBlock } from './paged-image';

export interface CmisApplicationSpec {
  host: number;
  media: number;
  hostLanes: number;
  mediaLanes: number;
  /** Host lanes (1-based) an instance may start on; default lane 1. */
  hostStarts?: number[];
  /** Media lanes an instance may start on; default lane 1. */
  mediaStarts?: number[];
}

export interface CmisLaneSpec {
  txBiasMa: number;
  txPowerMw: number;
  rxPowerMw: number;
  /** Latched lane flags to set: txFault, txLos, txCdrLol, txAdaptiveEqFail, rxLos, rxCdrLol. */
  flags?: string[];
}

export interface CmisVdmSpec {
  /** VDM observable type (cmis-tables VDM_TYPES), lane (1-based), value in the type's unit. */
  observables: { type: number; lane: number; value: number; thresholds?: ThresholdSet; flags?: string[] }[];
}

export interface CmisImageSpec {
  identifier?: number;
  /** Revision compliance byte, default 0x52 (CMIS 5.2). */
  revision?: number;
  flatMemory?: boolean;
  /** Byte 2 max TWI speed code: 0 = 400 kHz, 1 = 1 MHz. */
  maxTwiSpeedCode?: number;
  /** Byte 3 module state as captured, default ModuleReady (3). */
  moduleState?: number;
  faultCause?: number;
  /** Byte 26 as captured, default 0x00 (host released low power). */
  control?: number;
  firmware?: { active?: [number, number]; inactive?: [number, number]; hardware?: [number, number] };
  /** Byte 85, default 0x02 (SMF). */
  mediaType?: number;
  /** Page 00h byte 212, default 0x06 (1310 nm EML). */
  mediaTechnology?: number;
  applications?: CmisApplicationSpec[];
  vendor?: { name?: string; oui?: string; partNumber?: string; revision?: string; serialNumber?: string; dateCode?: string; clei?: string };
  powerClass?: number;
  maxPowerW?: number;
  connector?: number;
  cableLengthByte?: number;
  lengths?: { smfKm?: number; om5M?: number; om4M?: number; om3M?: number; om2M?: number };
  wavelengthNm?: number;
  wavelengthToleranceNm?: number;
  /** 1, 2 or 4 banks of 8 lanes. */
  banks?: number;
  /** Duration codes (CMIS Table 8-47): module power up/down, data path init/deinit, Tx on/off. */
  durations?: { powerUp?: number; powerDown?: number; dpInit?: number; dpDeinit?: number; txOn?: number; txOff?: number };
  monitors?: { txBias?: boolean; txPower?: boolean; rxPower?: boolean; rxAverage?: boolean };
  /** Tx bias LSB multiplier 1, 2 or 4. */
  biasMultiplier?: number;
  temperatureC?: number;
  supplyVoltageV?: number;
  /** Media lanes, up to 8 per bank. */
  lanes?: CmisLaneSpec[];
  thresholds?: Thresholds;
  /** Flag names as the decoder lists them: "temperatureHigh" in alarms, "txPowerLowLane3" in warnings. */
  alarms?: string[];
  warnings?: string[];
  vdm?: CmisVdmSpec;
  /** Store wrong page checksums on purpose. */
  corruptChecksums?: ('base' | 'page01' | 'page02')[];
  /** Leave these pages out of the image (a file that lacks them). */
  omitPages?: number[];
}

class Page {
  readonly bytes = new Uint8Array(128);
  u8(addr: number, v: number): void {
    this.bytes[addr - 128] = v & 0xff;
  }
  u16(addr: number, v: number): void {
    const x = Math.max(0, Math.min(0xffff, Math.round(v)));
    this.u8(addr, x >> 8);
    this.u8(addr + 1, x);
  }
  s16(addr: number, v: number): void {
    const x = Math.max(-0x8000, Math.min(0x7fff, Math.round(v)));
    this.u16(addr, x < 0 ? x + 0x10000 : x);
  }
  ascii(addr: number, len: number, s: string): void {
    for (let i = 0; i < len; i++) this.u8(addr + i, i < s.length ? s.charCodeAt(i) : 0x20);
  }
  sum(from: number, to: number): number {
    let s = 0;
    for (let a = from; a <= to; a++) s += this.bytes[a - 128] ?? 0;
    return s & 0xff;
  }
}

const lowerU16 = (lower: Uint8Array, at: number, v: number): void => {
  const x = Math.max(0, Math.min(0xffff, Math.round(v)));
  lower[at] = x >> 8;
  lower[at + 1] = x & 0xff;
};

function laneBits(lanes: number[]): number {
  return lanes.reduce((b, l) => b | (1 << (l - 1)), 0);
}

const DEFAULT_APP: CmisApplicationSpec = { host: 0x11, media: 0x1c, hostLanes: 8, mediaLanes: 4 }; // 400GAUI-8 / 400GBASE-DR4

function thresholdSet(p: Page, at: number, t: ThresholdSet, convert: (v: number) => number, signed = false): void {
  const w = (a: number, v: number): void => (signed ? p.s16(a, convert(v)) : p.u16(a, convert(v)));
  w(at, t.highAlarm);
  w(at + 2, t.lowAlarm);
  w(at + 4, t.highWarning);
  w(at + 6, t.lowWarning);
}

/** Builds the paged image of a CMIS module (see the file comment for what it represents). */
export function buildCmisImage(spec: CmisImageSpec = {}): Uint8Array {
  const lower = new Uint8Array(128);
  const flat = spec.flatMemory ?? false;
  const rev = spec.revision ?? 0x52;
  lower[LOWER.identifier] = spec.identifier ?? 0x18;
  lower[LOWER.revision] = rev;
  lower[LOWER.characteristics] = (flat ? 0x80 : 0) | ((spec.maxTwiSpeedCode ?? 0) << 2);
  lower[LOWER.state] = ((spec.moduleState ?? 3) << 1) | 0x01;
  const t = spec.temperatureC ?? 40;
  const temp = Math.round(t * 256);
  lowerU16(lower, LOWER.temperature, temp < 0 ? temp + 0x10000 : temp);
  lowerU16(lower, LOWER.voltage, (spec.supplyVoltageV ?? 3.3) * 10000);
  lower[LOWER.control] = spec.control ?? 0x00;
  lower[LOWER.firmwareMajor] = spec.firmware?.active?.[0] ?? 3;
  lower[LOWER.firmwareMinor] = spec.firmware?.active?.[1] ?? 1;
  lower[LOWER.faultCause] = spec.faultCause ?? 0;
  lower[LOWER.mediaType] = spec.mediaType ?? 0x02;
  const apps = spec.applications ?? [DEFAULT_APP];
  apps.slice(0, 8).forEach((a, i) => {
    const at = LOWER.applications + 4 * i;
    lower[at] = a.host;
    lower[at + 1] = a.media;
    lower[at + 2] = (a.hostLanes << 4) | a.mediaLanes;
    lower[at + 3] = laneBits(a.hostStarts ?? [1]);
  });
  if (apps.length < 8) lower[LOWER.applications + 4 * apps.length] = 0xff;
  const alarms = new Set(spec.alarms ?? []);
  const warnings = new Set(spec.warnings ?? []);
  const flagNibble = (name: string): number =>
    (alarms.has(`${name}High`) ? 1 : 0) | (alarms.has(`${name}Low`) ? 2 : 0) | (warnings.has(`${name}High`) ? 4 : 0) | (warnings.has(`${name}Low`) ? 8 : 0);
  lower[LOWER.tempVccFlags] = flagNibble('temperature') | (flagNibble('supplyVoltage') << 4);

  const p00 = new Page();
  const v = spec.vendor ?? {};
  p00.u8(PAGE00.identifier, lower[0]!);
  p00.ascii(PAGE00.vendorName, 16, v.name ?? 'OPTIC BENCH');
  (v.oui ?? '00:90:65').split(':').forEach((h, i) => p00.u8(PAGE00.vendorOui + i, parseInt(h, 16)));
  p00.ascii(PAGE00.vendorPn, 16, v.partNumber ?? 'OB-QDD-400G-DR4');
  p00.ascii(PAGE00.vendorRev, 2, v.revision ?? 'A0');
  p00.ascii(PAGE00.vendorSn, 16, v.serialNumber ?? 'SIMCMIS0001');
  p00.ascii(PAGE00.dateCode, 8, v.dateCode ?? '250115  ');
  p00.ascii(PAGE00.clei, 10, v.clei ?? '');
  p00.u8(PAGE00.powerClass, ((spec.powerClass ?? 6) - 1) << 5);
  p00.u8(PAGE00.maxPower, Math.round((spec.maxPowerW ?? 12) / 0.25));
  p00.u8(PAGE00.cableLength, spec.cableLengthByte ?? 0);
  p00.u8(PAGE00.connector, spec.connector ?? 0x0c);
  p00.u8(PAGE00.mediaTechnology, spec.mediaTechnology ?? 0x06);
  p00.u8(PAGE00.checksum, p00.sum(128, 221) + (spec.corruptChecksums?.includes('base') ? 1 : 0));

  const pages: PageBlock[] = [{ page: 0x00, bank: 0, bytes: p00.bytes }];
  if (!flat) {
    const banks = spec.banks ?? 1;
    const mult = spec.biasMultiplier ?? 1;
    const p01 = new Page();
    p01.u8(PAGE01.inactiveFirmware, spec.firmware?.inactive?.[0] ?? 3);
    p01.u8(PAGE01.inactiveFirmware + 1, spec.firmware?.inactive?.[1] ?? 0);
    p01.u8(PAGE01.hardwareRevision, spec.firmware?.hardware?.[0] ?? 1);
    p01.u8(PAGE01.hardwareRevision + 1, spec.firmware?.hardware?.[1] ?? 0);
    const smf = spec.lengths?.smfKm ?? 0;
    p01.u8(PAGE01.smfLength, smf >= 6.3 ? 0x40 | Math.round(smf) : Math.round(smf * 10));
    p01.u8(PAGE01.om5Length, Math.round((spec.lengths?.om5M ?? 0) / 2));
    p01.u8(PAGE01.om4Length, Math.round((spec.lengths?.om4M ?? 0) / 2));
    p01.u8(PAGE01.om3Length, Math.round((spec.lengths?.om3M ?? 0) / 2));
    p01.u8(PAGE01.om2Length, spec.lengths?.om2M ?? 0);
    p01.u16(PAGE01.wavelength, (spec.wavelengthNm ?? 1311) * 20);
    p01.u16(PAGE01.wavelengthTolerance, (spec.wavelengthToleranceNm ?? 6.5) * 200);
    p01.u8(PAGE01.pagesSupported, (spec.vdm ? 0x40 : 0) | [0, 0, 1, 1, 2][banks]!);
    const d = spec.durations ?? {};
    p01.u8(PAGE01.dataPathDurations, ((d.dpDeinit ?? 4) << 4) | (d.dpInit ?? 5));
    p01.u8(PAGE01.moduleDurations, ((d.powerDown ?? 5) << 4) | (d.powerUp ?? 6));
    p01.u8(PAGE01.txDurations, ((d.txOff ?? 4) << 4) | (d.txOn ?? 5));
    const mon = spec.monitors ?? {};
    p01.u8(PAGE01.rxPowerType, mon.rxAverage === false ? 0x00 : 0x10);
    p01.u8(PAGE01.txControls, 0x02); // OutputDisableTx supported
    p01.u8(PAGE01.txFlags, 0x0f);
    p01.u8(PAGE01.rxFlags, 0x06);
    p01.u8(PAGE01.moduleMonitors, 0x03);
    p01.u8(
      PAGE01.laneMonitors,
      (mon.txBias === false ? 0 : 1) | (mon.txPower === false ? 0 : 2) | (mon.rxPower === false ? 0 : 4) | ({ 1: 0, 2: 1, 4: 2 }[mult] ?? 0) << 3,
    );
    apps.forEach((a, i) => p01.u8(PAGE01.mediaLaneAssignment + i, laneBits(a.mediaStarts ?? [1])));
    apps.slice(8, 15).forEach((a, i) => {
      const at = PAGE01.applications + 4 * i;
      p01.u8(at, a.host);
      p01.u8(at + 1, a.media);
      p01.u8(at + 2, (a.hostLanes << 4) | a.mediaLanes);
      p01.u8(at + 3, laneBits(a.hostStarts ?? [1]));
    });
    if (apps.length > 8 && apps.length < 15) p01.u8(PAGE01.applications + 4 * (apps.length - 8), 0xff);
    p01.u8(PAGE01.checksum, p01.sum(130, 254) + (spec.corruptChecksums?.includes('page01') ? 1 : 0));
    pages.push({ page: 0x01, bank: 0, bytes: p01.bytes });

    const p02 = new Page();
    const th = spec.thresholds;
    if (th) {
      thresholdSet(p02, PAGE02.temperature, th.temperatureC, (x) => x * 256, true);
      thresholdSet(p02, PAGE02.voltage, th.supplyVoltageV, (x) => x * 10000);
      thresholdSet(p02, PAGE02.txPower, th.txPowerMw, (x) => x * 10000);
      thresholdSet(p02, PAGE02.txBias, th.txBiasMa, (x) => (x * 500) / mult);
      thresholdSet(p02, PAGE02.rxPower, th.rxPowerMw, (x) => x * 10000);
    }
    p02.u8(PAGE02.checksum, p02.sum(128, 254) + (spec.corruptChecksums?.includes('page02') ? 1 : 0));
    pages.push({ page: 0x02, bank: 0, bytes: p02.bytes });

    const app1 = apps[0] ?? DEFAULT_APP;
    const lanes = spec.lanes ?? [];
    for (let bank = 0; bank < banks; bank++) {
      const p10 = new Page();
      const p11 = new Page();
      // Host lanes of application 1 instances in this bank, activated, with their control sets.
      const starts = app1.hostStarts ?? [1];
      let hostMask = 0;
      for (const s of starts) {
        for (let h = s; h < s + app1.hostLanes && h <= 8; h++) {
          hostMask |= 1 << (h - 1);
          const acs = (1 << 4) | ((s - 1) << 1);
          p10.u8(PAGE10.stagedControlSet + h - 1, acs);
          p11.u8(PAGE11.activeControlSet + h - 1, acs);
        }
      }
      for (let h = 1; h <= 8; h++) {
        const st = hostMask & (1 << (h - 1)) ? DP_STATE.activated : DP_STATE.deactivated;
        const at = PAGE11.dataPathState + ((h - 1) >> 1);
        p11.u8(at, (p11.bytes[at - 128] ?? 0) | (h % 2 === 1 ? st : st << 4));
        if (hostMask & (1 << (h - 1))) {
          const cs = PAGE11.configStatus + ((h - 1) >> 1);
          p11.u8(cs, (p11.bytes[cs - 128] ?? 0) | (h % 2 === 1 ? 1 : 1 << 4));
        }
      }
      p10.u8(PAGE10.dataPathDeinit, 0xff & ~hostMask);
      const flagBits: Record<string, number> = {};
      for (let m = 1; m <= 8; m++) {
        const l = lanes[8 * bank + m - 1];
        if (!l) continue;
        p11.u16(PAGE11.txBias + 2 * (m - 1), (l.txBiasMa * 500) / mult);
        p11.u16(PAGE11.txPower + 2 * (m - 1), l.txPowerMw * 10000);
        p11.u16(PAGE11.rxPower + 2 * (m - 1), l.rxPowerMw * 10000);
        for (const f of l.flags ?? []) flagBits[f] = (flagBits[f] ?? 0) | (1 << (m - 1));
        const laneNo = 8 * bank + m;
        const quantities: [string, number][] = [['txPower', PAGE11.txPowerFlags], ['txBias', PAGE11.txBiasFlags], ['rxPower', PAGE11.rxPowerFlags]];
        for (const [name, at] of quantities) {
          const set = [alarms.has(`${name}HighLane${laneNo}`), alarms.has(`${name}LowLane${laneNo}`), warnings.has(`${name}HighLane${laneNo}`), warnings.has(`${name}LowLane${laneNo}`)];
          set.forEach((on, k) => on && p11.u8(at + k, (p11.bytes[at + k - 128] ?? 0) | (1 << (m - 1))));
        }
      }
      const flagAt: Record<string, number> = { txFault: PAGE11.txFault, txLos: PAGE11.txLos, txCdrLol: PAGE11.txCdrLol, txAdaptiveEqFail: PAGE11.txEqFail, rxLos: PAGE11.rxLos, rxCdrLol: PAGE11.rxCdrLol };
      for (const [f, bits] of Object.entries(flagBits)) if (flagAt[f] !== undefined) p11.u8(flagAt[f]!, bits);
      pages.push({ page: 0x10, bank, bytes: p10.bytes }, { page: 0x11, bank, bytes: p11.bytes });
    }

    if (spec.vdm) {
      const obs = spec.vdm.observables.slice(0, 64);
      const desc = new Page();
      const samples = new Page();
      const thresholds = new Page();
      const flags = new Page();
      const control = new Page();
      control.u8(128, 0); // one group
      obs.forEach((o, i) => {
        const type = VDM_TYPES[o.type];
        const set = Math.min(i, 15);
        desc.u8(128 + 2 * i, (set << 4) | ((o.lane - 1) & 0x0f));
        desc.u8(129 + 2 * i, o.type);
        const raw = (x: number): number => {
          if (!type) return 0;
          if (type.encoding === 'F16') return encodeF16(x);
          const r = Math.round(x / type.scale);
          return type.encoding === 'S16' && r < 0 ? r + 0x10000 : r;
        };
        samples.u16(128 + 2 * i, raw(o.value));
        if (o.thresholds && i < 16) {
          const at = 128 + 8 * set;
          thresholds.u16(at, raw(o.thresholds.highAlarm));
          thresholds.u16(at + 2, raw(o.thresholds.lowAlarm));
          thresholds.u16(at + 4, raw(o.thresholds.highWarning));
          thresholds.u16(at + 6, raw(o.thresholds.lowWarning));
        }
        const nib = ['highAlarm', 'lowAlarm', 'highWarning', 'lowWarning'].reduce((n, w, k) => n | ((o.flags ?? []).includes(w) ? 1 << k : 0), 0);
        const fa = 128 + (i >> 1);
        flags.u8(fa, (flags.bytes[fa - 128] ?? 0) | (nib << (4 * (i % 2))));
      });
      pages.push(
        { page: 0x20, bank: 0, bytes: desc.bytes },
        { page: 0x24, bank: 0, bytes: samples.bytes },
        { page: 0x28, bank: 0, bytes: thresholds.bytes },
        { page: 0x2c, bank: 0, bytes: flags.bytes },
        { page: 0x2f, bank: 0, bytes: control.bytes },
      );
    }
  }
  const omit = new Set(spec.omitPages ?? []);
  return encodePagedImage(makePagedImage(lower, pages.filter((p) => !omit.has(p.page))));
}
