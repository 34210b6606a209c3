// CMIS 4.0 / 5.x (QSFP-DD, OSFP, QSFP112, QSFP+ with CMIS, ...): the lower page, page 00h
// (identity), 01h (advertising), 02h (thresholds), 10h (lane control), 11h (lane status, banked)
// and the VDM pages 20h-2Fh, from a paged image. Addresses are the standard's (CMIS 5.2 section 8;
// ../shared/domain/cmis.md cites two independent sources per byte). Never throws on bad bytes: a
// page the image lacks is named as missing and everything that does not need it is still decoded.
import type {
  CmisApplication,
  CmisDataPath,
  CmisDetail,
  CmisDuration,
  CmisLane,
  CmisVdmObservable,
  CodeName,
  Declarations,
  DecodedModule,
  Diagnostics,
  LaneReading,
  MediaKind,
  PageRef,
  Problem,
  ThresholdSet,
  Thresholds,
} from '../../preload/contract/module';
import {
  CONFIG_STATUSES,
  DATA_PATH_STATES,
  DP_STATE,
  DURATION_CODE_MS,
  FAULT_CAUSES,
  HOST_INTERFACES,
  MEDIA_TECHNOLOGIES,
  MEDIA_TYPES,
  MODULE_STATE,
  MODULE_STATES,
  VDM_TYPES,
  decodeF16,
  interfaceShortName,
  isCopperTechnology,
  mediaInterfaceName,
} from './cmis-tables';
import { findPage, pageName, type PagedImage } from './paged-image';
import { dateCodeToIso, mwToDbm } from './reader';
import { CONNECTORS, IDENTIFIERS, NO_SEPARABLE_CONNECTOR, codeName, hex2 } from './sff8024';

/** Lower page addresses (CMIS 5.2 Tables 8-4 to 8-20). */
export const LOWER = {
  identifier: 0, revision: 1, characteristics: 2, state: 3, moduleFlags: 8, tempVccFlags: 9, aux12Flags: 10, aux3CustomFlags: 11,
  temperature: 14, voltage: 16, aux1: 18, aux2: 20, aux3: 22, control: 26, firmwareMajor: 39, firmwareMinor: 40, faultCause: 41,
  mediaType: 85, applications: 86, bankSelect: 126, pageSelect: 127,
} as const;

/** Page 00h (Table 8-26 onwards). */
export const PAGE00 = {
  identifier: 128, vendorName: 129, vendorOui: 145, vendorPn: 148, vendorRev: 164, vendorSn: 166, dateCode: 182, clei: 190,
  powerClass: 200, maxPower: 201, cableLength: 202, connector: 203, attenuation: 204, mediaTechnology: 212, checksum: 222,
} as const;

/** Page 01h (Tables 8-37 to 8-49). */
export const PAGE01 = {
  inactiveFirmware: 128, hardwareRevision: 130, smfLength: 132, om5Length: 133, om4Length: 134, om3Length: 135, om2Length: 136,
  wavelength: 138, wavelengthTolerance: 140, pagesSupported: 142, dataPathDurations: 144, auxMonitorTypes: 145, rxPowerType: 151,
  txControls: 155, txFlags: 157, rxFlags: 158, moduleMonitors: 159, laneMonitors: 160, cdb: 163, moduleDurations: 167,
  txDurations: 168, mediaLaneAssignment: 176, applications: 223, checksum: 255,
} as const;

/** Page 02h thresholds, four 16-bit values each: high alarm, low alarm, high warning, low warning. */
export const PAGE02 = { temperature: 128, voltage: 136, aux1: 144, aux2: 152, aux3: 160, txPower: 176, txBias: 184, rxPower: 192, checksum: 255 } as const;

/** Page 10h (Table 8-60 onwards), banked. */
export const PAGE10 = { dataPathDeinit: 128, outputDisableTx: 130, applyDataPathInit: 143, applyImmediate: 144, stagedControlSet: 145 } as const;

/** Page 11h (Tables 8-75 to 8-89), banked. */
export const PAGE11 = {
  dataPathState: 128, dataPathStateChanged: 134, txFault: 135, txLos: 136, txCdrLol: 137, txEqFail: 138,
  txPowerFlags: 139, txBiasFlags: 143, rxLos: 147, rxCdrLol: 148, rxPowerFlags: 149,
  txPower: 154, txBias: 170, rxPower: 186, configStatus: 202, activeControlSet: 206,
} as const;

const VDM = { descriptors: 0x20, samples: 0x24, thresholds: 0x28, flags: 0x2c, control: 0x2f } as const;

const toC = (raw: number): number => raw / 256;
const toV = (raw: number): number => raw / 10000;
const toMw = (raw: number): number => raw / 10000;

const cmisHex = (n: number): string => `0x${hex2(n)}`;
const CMIS = 'CMIS';

/** Reads over a paged image: bytes by module address, problems with offsets in the encoded image. */
class PageReader {
  readonly problems: Problem[] = [];
  constructor(
    readonly img: PagedImage,
    private readonly offsetOf: (address: number, page: number, bank: number) => number | null,
  ) {}

  page(page: number, bank = 0): Uint8Array | null {
    return page === -1 ? this.img.lower : findPage(this.img, page, bank);
  }
  has(page: number, bank = 0): boolean {
    return this.page(page, bank) !== null;
  }
  /** Byte at a module address: 0-127 lower page, 128-255 in the given page; 0 when absent. */
  u8(address: number, page = 0, bank = 0): number {
    if (address < 128) return this.img.lower[address] ?? 0;
    return this.page(page, bank)?.[address - 128] ?? 0;
  }
  bit(address: number, bit: number, page = 0, bank = 0): boolean {
    return ((this.u8(address, page, bank) >> bit) & 1) === 1;
  }
  u16(address: number, page = 0, bank = 0): number {
    return (this.u8(address, page, bank) << 8) | this.u8(address + 1, page, bank);
  }
  s16(address: number, page = 0, bank = 0): number {
    const v = this.u16(address, page, bank);
    return v >= 0x8000 ? v - 0x10000 : v;
  }
  offset(address: number, page = 0, bank = 0): number | null {
    return this.offsetOf(address, page, bank);
  }
  problem(code: string, message: string, offset: number | null): void {
    this.problems.push({ code, message, offset });
  }
  ascii(address: number, length: number, field: string, page = 0): string {
    let out = '';
    let bad = -1;
    for (let i = address; i < address + length; i++) {
      const c = this.u8(i, page);
      if (c >= 0x20 && c <= 0x7e) out += String.fromCharCode(c);
      else if (c === 0x00) out += ' ';
      else {
        out += '?';
        if (bad < 0) bad = i;
      }
    }
    if (bad >= 0) this.problem('FIELD_NONPRINTABLE', `${field} has non-printable byte 0x${hex2(this.u8(bad, page))} at page ${pageName(page)} byte ${bad}`, this.offset(bad, page));
    return out.trim();
  }
  thresholdSet(address: number, convert: (raw: number) => number, signed: boolean, page: number): ThresholdSet {
    const read = (a: number): number => convert(signed ? this.s16(a, page) : this.u16(a, page));
    return { highAlarm: read(address), lowAlarm: read(address + 2), highWarning: read(address + 4), lowWarning: read(address + 6) };
  }
  sum(from: number, to: number, page: number): number {
    let s = 0;
    for (let a = from; a <= to; a++) s += this.u8(a, page);
    return s & 0xff;
  }
}

function bitsToLanes(byte: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < 8; i++) if ((byte >> i) & 1) out.push(i + 1);
  return out;
}

function version(major: number, minor: number): string | null {
  if (major === 0 && minor === 0) return null;
  return `${major}.${minor}`;
}

function duration(code: number): CmisDuration {
  return { code, maxMs: DURATION_CODE_MS[code] ?? null };
}

/**
 * The application list: descriptors 1-8 in the lower page, 9-15 in page 01h. It ends at the first
 * host interface ID FFh (SFF-8024 "end of list") or, as some modules write it, an all-zero entry.
 */
function applications(r: PageReader, mediaType: number, has01: boolean): CmisApplication[] {
  const out: CmisApplication[] = [];
  for (let k = 1; k <= 15; k++) {
    if (k > 8 && !has01) break;
    const at = k <= 8 ? LOWER.applications + 4 * (k - 1) : PAGE01.applications + 4 * (k - 9);
    const page = k <= 8 ? 0 : 0x01;
    const host = r.u8(at, page);
    const media = r.u8(at + 1, page);
    const lanes = r.u8(at + 2, page);
    const assign = r.u8(at + 3, page);
    if (host === 0xff || (host === 0 && media === 0 && lanes === 0 && assign === 0)) break;
    out.push({
      appSel: k,
      hostInterface: codeName(HOST_INTERFACES, host),
      mediaInterface: mediaInterfaceName(mediaType, media),
      hostLaneCount: lanes >> 4,
      mediaLaneCount: lanes & 0x0f,
      hostLaneStarts: bitsToLanes(assign),
      mediaLaneStarts: has01 ? bitsToLanes(r.u8(PAGE01.mediaLaneAssignment + k - 1, 0x01)) : null,
    });
  }
  return out;
}

/** Banks advertised by page 01h byte 142 bits 1-0 (0: bank 0, 1: banks 0-1, 2: banks 0-3). */
function banksSupported(r: PageReader): number {
  if (!r.has(0x01)) return 1;
  return [1, 2, 4, 1][r.u8(PAGE01.pagesSupported, 0x01) & 0x03] ?? 1;
}

/** Pages a paged module has (CMIS 5.2 section 8.1): 01h, 02h, 10h and 11h per bank, VDM when advertised. */
function expectedPages(r: PageReader, flat: boolean, banks: number): PageRef[] {
  if (flat) return [{ page: 0x00, bank: 0 }];
  const out: PageRef[] = [0x00, 0x01, 0x02].map((page) => ({ page, bank: 0 }));
  for (let bank = 0; bank < banks; bank++) out.push({ page: 0x10, bank }, { page: 0x11, bank });
  if (r.has(0x01) && r.bit(PAGE01.pagesSupported, 6, 0x01)) {
    const groups = r.has(VDM.control) ? (r.u8(128, VDM.control) & 0x03) + 1 : 1;
    out.push({ page: VDM.control, bank: 0 });
    for (let g = 0; g < groups; g++) out.push({ page: VDM.descriptors + g, bank: 0 }, { page: VDM.samples + g, bank: 0 }, { page: VDM.thresholds + g, bank: 0 });
    out.push({ page: VDM.flags, bank: 0 });
  }
  return out;
}

/**
 * Media lanes in each bank: the furthest media lane any application instance may occupy. Lane
 * assignments count within a bank of 8 lanes; a module with more banks repeats them per bank.
 */
function mediaLanesPerBank(apps: CmisApplication[]): number {
  let n = 0;
  for (const a of apps) {
    if (a.mediaLaneCount === 0) continue;
    const starts = a.mediaLaneStarts && a.mediaLaneStarts.length > 0 ? a.mediaLaneStarts : [1];
    for (const s of starts) n = Math.max(n, s + a.mediaLaneCount - 1);
  }
  return Math.min(n, 8);
}

interface LaneMap {
  /** Host lane (1-based, within the bank) whose data path carries each media lane 1-8 of the bank. */
  hostOf: (mediaLane: number) => number | null;
}

/**
 * Which host lane's data path carries each media lane of a bank. From the active control set
 * (11h bytes 206-213: AppSel, data path id = first host lane) and the application's lane counts
 * and media lane starts; without a configured data path, instance by instance of application 1.
 */
function laneMap(r: PageReader, bank: number, apps: CmisApplication[]): LaneMap {
  const map = new Map<number, number>();
  if (r.has(0x11, bank)) {
    const seen = new Set<string>();
    for (let h = 1; h <= 8; h++) {
      const acs = r.u8(PAGE11.activeControlSet + h - 1, 0x11, bank);
      const appSel = acs >> 4;
      const first = ((acs >> 1) & 0x07) + 1;
      const app = apps.find((a) => a.appSel === appSel);
      if (appSel === 0 || !app || app.mediaLaneCount === 0 || seen.has(`${appSel}/${first}`)) continue;
      seen.add(`${appSel}/${first}`);
      const instance = app.hostLaneStarts.indexOf(first);
      const mediaStart = instance >= 0 && app.mediaLaneStarts && app.mediaLaneStarts[instance] !== undefined ? app.mediaLaneStarts[instance]! : instance >= 0 ? instance * app.mediaLaneCount + 1 : first;
      for (let m = mediaStart; m < mediaStart + app.mediaLaneCount && m <= 8; m++) if (!map.has(m)) map.set(m, first);
    }
  }
  const app1 = apps[0];
  return {
    hostOf: (m) => {
      const configured = map.get(m);
      if (configured !== undefined) return configured;
      if (!app1 || app1.mediaLaneCount === 0 || app1.hostLaneCount === 0) return m;
      const instance = Math.floor((m - 1) / app1.mediaLaneCount);
      const within = (m - 1) % app1.mediaLaneCount;
      const host = instance * app1.hostLaneCount + Math.floor((within * app1.hostLaneCount) / app1.mediaLaneCount) + 1;
      return host <= 8 ? host : null;
    },
  };
}

function dpState(r: PageReader, bank: number, hostLane: number): number {
  const byte = r.u8(PAGE11.dataPathState + ((hostLane - 1) >> 1), 0x11, bank);
  return (hostLane - 1) % 2 === 0 ? byte & 0x0f : byte >> 4;
}

const LANE_FLAG_BYTES: readonly [string, number][] = [
  ['txFault', PAGE11.txFault],
  ['txLos', PAGE11.txLos],
  ['txCdrLol', PAGE11.txCdrLol],
  ['txAdaptiveEqFail', PAGE11.txEqFail],
  ['rxLos', PAGE11.rxLos],
  ['rxCdrLol', PAGE11.rxCdrLol],
];

/** Threshold flag bytes: four bytes per quantity, high alarm, low alarm, high warning, low warning, a bit per lane. */
const THRESHOLD_FLAG_ORDER = [
  { kind: 'alarms', suffix: 'High' },
  { kind: 'alarms', suffix: 'Low' },
  { kind: 'warnings', suffix: 'High' },
  { kind: 'warnings', suffix: 'Low' },
] as const;

function moduleFlagNames(r: PageReader): { alarms: string[]; warnings: string[]; module: string[] } {
  const alarms: string[] = [];
  const warnings: string[] = [];
  const module: string[] = [];
  const b8 = r.u8(LOWER.moduleFlags);
  if (b8 & 0x01) module.push('moduleStateChanged');
  if (b8 & 0x02) module.push('moduleFirmwareFault');
  if (b8 & 0x04) module.push('dataPathFirmwareFault');
  // Byte 9: temperature in bits 3-0, Vcc in bits 7-4, each high alarm, low alarm, high warning, low warning.
  const nibbles: [string, number][] = [
    ['temperature', r.u8(LOWER.tempVccFlags) & 0x0f],
    ['supplyVoltage', r.u8(LOWER.tempVccFlags) >> 4],
  ];
  for (const [name, n] of nibbles) {
    THRESHOLD_FLAG_ORDER.forEach((f, i) => {
      if ((n >> i) & 1) (f.kind === 'alarms' ? alarms : warnings).push(`${name}${f.suffix}`);
    });
  }
  const aux: [string, number][] = [
    ['aux1', r.u8(LOWER.aux12Flags) & 0x0f],
    ['aux2', r.u8(LOWER.aux12Flags) >> 4],
    ['aux3', r.u8(LOWER.aux3CustomFlags) & 0x0f],
    ['custom', r.u8(LOWER.aux3CustomFlags) >> 4],
  ];
  const words = ['HighAlarm', 'LowAlarm', 'HighWarning', 'LowWarning'];
  for (const [name, n] of aux) words.forEach((w, i) => (n >> i) & 1 && module.push(`${name}${w}`));
  return { alarms, warnings, module };
}

function vdm(r: PageReader): CmisDetail['vdm'] {
  if (!r.has(0x01) || !r.bit(PAGE01.pagesSupported, 6, 0x01)) return null;
  const groups = r.has(VDM.control) ? (r.u8(128, VDM.control) & 0x03) + 1 : 1;
  const observables: CmisVdmObservable[] = [];
  for (let g = 0; g < groups; g++) {
    const desc = r.page(VDM.descriptors + g);
    if (desc === null) continue;
    const samples = r.page(VDM.samples + g);
    const thresholds = r.page(VDM.thresholds + g);
    const flags = r.page(VDM.flags);
    for (let i = 0; i < 64; i++) {
      const typeId = desc[2 * i + 1] ?? 0;
      if (typeId === 0) continue;
      const setId = (desc[2 * i] ?? 0) >> 4;
      const lane = ((desc[2 * i] ?? 0) & 0x0f) + 1;
      const known = VDM_TYPES[typeId];
      const scaled = (raw: number): number | null => {
        if (!known) return null;
        if (known.encoding === 'F16') return decodeF16(raw);
        const v = known.encoding === 'S16' && raw >= 0x8000 ? raw - 0x10000 : raw;
        return v * known.scale;
      };
      const u16 = (p: Uint8Array, at: number): number => ((p[at] ?? 0) << 8) | (p[at + 1] ?? 0);
      const value = samples === null ? null : scaled(u16(samples, 2 * i));
      let th: ThresholdSet | null = null;
      // An all-zero threshold set is one the module does not fill in: no thresholds, not "0 to 0".
      if (thresholds !== null && known && [0, 2, 4, 6].some((k) => u16(thresholds, 8 * setId + k) !== 0)) {
        const at = 8 * setId;
        const v = (k: number): number => scaled(u16(thresholds, at + 2 * k)) ?? 0;
        th = { highAlarm: v(0), lowAlarm: v(1), highWarning: v(2), lowWarning: v(3) };
      }
      const set: string[] = [];
      if (flags !== null) {
        const index = 64 * g + i;
        const byte = flags[index >> 1] ?? 0;
        const nib = (byte >> (4 * (index % 2))) & 0x0f;
        ['highAlarm', 'lowAlarm', 'highWarning', 'lowWarning'].forEach((w, k) => (nib >> k) & 1 && set.push(w));
      }
      observables.push({
        index: 64 * g + i + 1,
        type: known ? { code: typeId, name: known.name } : { code: typeId, name: typeId >= 0xc8 ? `Vendor specific (${typeId})` : `Reserved (${typeId})` },
        lane,
        unit: known?.unit ?? '',
        value,
        thresholds: th,
        flags: set,
      });
    }
  }
  return { groups, observables };
}

function mediaKind(mediaType: number, tech: number): MediaKind {
  switch (mediaType) {
    case 0x01:
    case 0x02:
      return 'optical';
    case 0x03:
      return 'passive-copper';
    case 0x04:
      return isCopperTechnology(tech) ? 'active-copper' : 'active-optical-cable';
    case 0x05:
      return 'base-t';
    default:
      return isCopperTechnology(tech) ? 'passive-copper' : 'unknown';
  }
}

/**
 * Decodes a CMIS module from its pages. `offsetOf` maps a module address of a page to the offset
 * in the image as stored (the paged image, or ethtool's flat QSFP-DD layout) for the problems.
 */
export function decodeCmisPages(img: PagedImage, offsetOf: (address: number, page: number, bank: number) => number | null, sourceProblems: Problem[] = []): DecodedModule {
  const r = new PageReader(img, offsetOf);
  r.problems.push(...sourceProblems);
  const id = r.u8(LOWER.identifier);
  const rev = r.u8(LOWER.revision);
  const flat = r.bit(LOWER.characteristics, 7);
  const has00 = r.has(0x00);
  const has01 = r.has(0x01);
  if (!has00) r.problem('PAGE_MISSING', 'page 00h (identity) is not in the image: vendor, part and serial number cannot be decoded', null);
  if (has00 && r.u8(PAGE00.identifier) !== id) {
    r.problem('IDENTIFIER_MISMATCH', `lower page identifier 0x${hex2(id)} differs from page 00h identifier 0x${hex2(r.u8(PAGE00.identifier))}`, r.offset(PAGE00.identifier));
  }
  if (rev < 0x30) r.problem('CMIS_REVISION_UNKNOWN', `revision compliance 0x${hex2(rev)} is below CMIS 3.0; decoded as CMIS 4.0`, r.offset(LOWER.revision));

  const banks = banksSupported(r);
  const expected = expectedPages(r, flat, banks);
  const present: PageRef[] = img.pages.map((p) => ({ page: p.page, bank: p.bank }));
  const missing = expected.filter((e) => !present.some((p) => p.page === e.page && p.bank === e.bank));
  for (const m of missing.filter((p) => p.page !== 0x00)) {
    const what: Record<number, string> = {
      0x01: 'advertising: applications 9-15, monitors supported, lengths, wavelength, inactive firmware',
      0x02: 'thresholds',
      0x10: 'lane controls',
      0x11: 'lane states and monitors',
    };
    r.problem('PAGE_MISSING', `page ${pageName(m.page, m.bank)} (${what[m.page] ?? 'versatile diagnostics'}) is not in the image; what it holds is not decoded`, null);
  }
  if (flat && img.pages.some((p) => p.page !== 0)) {
    r.problem('FLAT_MEMORY_PAGES', 'the module declares flat memory (byte 2 bit 7) but the image holds upper pages beyond 00h; they are ignored', r.offset(LOWER.characteristics));
  }

  const mediaType = r.u8(LOWER.mediaType);
  const tech = r.u8(PAGE00.mediaTechnology);
  const apps = applications(r, mediaType, has01 && !flat);
  if (apps.length === 0) r.problem('CMIS_NO_APPLICATIONS', 'the module advertises no application (byte 86 is FFh or empty)', r.offset(LOWER.applications));
  const media = mediaKind(mediaType, tech);
  const optical = media === 'optical' || media === 'active-optical-cable';

  // Vendor identity (page 00h bytes 129-189).
  const dateCode = has00 ? r.ascii(PAGE00.dateCode, 8, 'date code') : '';
  const manufactureDate = dateCodeToIso(dateCode);
  if (has00 && manufactureDate === null) r.problem('DATE_CODE_INVALID', `date code "${dateCode}" is not a valid YYMMDD date`, r.offset(PAGE00.dateCode));
  const vendor = {
    name: has00 ? r.ascii(PAGE00.vendorName, 16, 'vendor name') : '',
    oui: [0, 1, 2].map((i) => hex2(r.u8(PAGE00.vendorOui + i))).join(':'),
    partNumber: has00 ? r.ascii(PAGE00.vendorPn, 16, 'part number') : '',
    revision: has00 ? r.ascii(PAGE00.vendorRev, 2, 'revision') : '',
    serialNumber: has00 ? r.ascii(PAGE00.vendorSn, 16, 'serial number') : '',
    dateCode,
    manufactureDate,
  };
  const clei = has00 ? r.ascii(PAGE00.clei, 10, 'CLEI code') : '';

  // CMIS 5.2 Table 8-26: CC_BASE is the low byte of the sum of page 00h bytes 128-221.
  let base = null;
  if (has00) {
    const computed = r.sum(128, 221, 0x00);
    const stored = r.u8(PAGE00.checksum);
    base = { stored, computed, ok: stored === computed };
    if (!base.ok) r.problem('CHECKSUM_BASE', `checksum CC_BASE (page 00h byte 222) stored 0x${hex2(stored)} computed 0x${hex2(computed)}`, r.offset(PAGE00.checksum));
  }
  const pageChecksums: CmisDetail['pageChecksums'] = [];
  for (const [page, from] of [[0x01, 130], [0x02, 128]] as const) {
    if (!r.has(page) || flat) continue;
    const computed = r.sum(from, 254, page);
    const stored = r.u8(255, page);
    pageChecksums.push({ page, stored, computed, ok: stored === computed });
    if (stored !== computed) {
      r.problem(`CHECKSUM_PAGE_${hex2(page).toUpperCase()}H`, `page ${pageName(page)} checksum (byte 255, bytes ${from}-254) stored 0x${hex2(stored)} computed 0x${hex2(computed)}`, r.offset(255, page));
    }
  }

  // Lengths: page 00h byte 202 (cable assemblies), page 01h bytes 132-136 (fibre reaches).
  const lenByte = r.u8(PAGE00.cableLength);
  const cableLengthM = lenByte === 0xff ? null : Math.round((lenByte & 0x3f) * [0.1, 1, 10, 100][lenByte >> 6]! * 10) / 10;
  const smf = r.u8(PAGE01.smfLength, 0x01);
  const smfKm = has01 ? Math.round((smf & 0x3f) * ((smf >> 6) === 0 ? 0.1 : 1) * 10) / 10 : 0;
  const cable = media === 'passive-copper' || media === 'active-copper' || media === 'active-optical-cable' || r.u8(PAGE00.connector) === NO_SEPARABLE_CONNECTOR;
  const lengths = {
    smfKm,
    smfM: Math.round(smfKm * 1000),
    om1M: 0,
    om2M: has01 ? r.u8(PAGE01.om2Length, 0x01) : 0,
    om3M: has01 ? 2 * r.u8(PAGE01.om3Length, 0x01) : 0,
    om4M: has01 ? 2 * r.u8(PAGE01.om4Length, 0x01) : 0,
    copperM: cable && cableLengthM !== null ? cableLengthM : 0,
  };
  const wlRaw = r.u16(PAGE01.wavelength, 0x01);
  const wavelengthNm = has01 && optical && !isCopperTechnology(tech) && wlRaw !== 0 ? wlRaw / 20 : null;
  // cmis.md quirk: ethtool scales the tolerance by 0.05 nm; the standard's LSB is 0.005 nm.
  const wavelengthToleranceNm = has01 && optical && !isCopperTechnology(tech) ? r.u16(PAGE01.wavelengthTolerance, 0x01) / 200 : null;

  // Monitors and their advertisement (page 01h bytes 151, 159, 160).
  const mods = r.u8(PAGE01.moduleMonitors, 0x01);
  const laneMons = r.u8(PAGE01.laneMonitors, 0x01);
  const multiplier = [1, 2, 4, 1][(laneMons >> 3) & 0x03] ?? 1;
  const monitorsSupported: CmisDetail['monitorsSupported'] = has01
    ? {
        temperature: (mods & 0x01) !== 0, supplyVoltage: (mods & 0x02) !== 0, aux1: (mods & 0x04) !== 0, aux2: (mods & 0x08) !== 0,
        aux3: (mods & 0x10) !== 0, custom: (mods & 0x20) !== 0,
        txBias: (laneMons & 0x01) !== 0, txPower: (laneMons & 0x02) !== 0, rxPower: (laneMons & 0x04) !== 0,
      }
    : { temperature: false, supplyVoltage: false, aux1: false, aux2: false, aux3: false, custom: false, txBias: false, txPower: false, rxPower: false };
  const rxAverage = has01 ? r.bit(PAGE01.rxPowerType, 4, 0x01) : true;

  // Module-level monitor readings and thresholds (lower 14-25, page 02h).
  const auxType = r.u8(PAGE01.auxMonitorTypes, 0x01);
  const auxMonitors: CmisDetail['auxMonitors'] = [];
  const tec = (raw: number): number => (raw >= 0x8000 ? raw - 0x10000 : raw) * (100 / 32767);
  if (monitorsSupported.aux1) auxMonitors.push({ name: 'aux1', meaning: auxType & 0x01 ? 'TEC current' : 'custom', value: auxType & 0x01 ? tec(r.u16(LOWER.aux1)) : r.s16(LOWER.aux1), unit: auxType & 0x01 ? '%' : '' });
  if (monitorsSupported.aux2) auxMonitors.push(auxType & 0x02 ? { name: 'aux2', meaning: 'TEC current', value: tec(r.u16(LOWER.aux2)), unit: '%' } : { name: 'aux2', meaning: 'laser temperature', value: toC(r.s16(LOWER.aux2)), unit: 'degC' });
  if (monitorsSupported.aux3) auxMonitors.push(auxType & 0x04 ? { name: 'aux3', meaning: 'Vcc2 supply voltage', value: toV(r.u16(LOWER.aux3)), unit: 'V' } : { name: 'aux3', meaning: 'laser temperature', value: toC(r.s16(LOWER.aux3)), unit: 'degC' });

  const toMa = (raw: number): number => (raw * 2 * multiplier) / 1000;
  let thresholds: Thresholds | null = null;
  if (r.has(0x02) && !flat) {
    thresholds = {
      temperatureC: r.thresholdSet(PAGE02.temperature, toC, true, 0x02),
      supplyVoltageV: r.thresholdSet(PAGE02.voltage, toV, false, 0x02),
      txBiasMa: r.thresholdSet(PAGE02.txBias, toMa, false, 0x02),
      txPowerMw: r.thresholdSet(PAGE02.txPower, toMw, false, 0x02),
      rxPowerMw: r.thresholdSet(PAGE02.rxPower, toMw, false, 0x02),
    };
  }

  // Lanes: page 11h per bank (media lanes 8b+1..8b+8), data path state of the carrying host lane.
  const perBank = mediaLanesPerBank(apps);
  const flags = moduleFlagNames(r);
  const laneReadings: LaneReading[] = [];
  const cmisLanes: CmisLane[] = [];
  const dataPaths: CmisDataPath[] = [];
  const txFaultLanes: boolean[] = [];
  const rxLosLanes: boolean[] = [];
  let anyTxDisabled: boolean | undefined;
  for (let bank = 0; bank < banks && !flat; bank++) {
    if (!r.has(0x11, bank)) continue;
    const map = laneMap(r, bank, apps);
    for (let h = 1; h <= 8; h++) {
      const acs = r.u8(PAGE11.activeControlSet + h - 1, 0x11, bank);
      const cs = (r.u8(PAGE11.configStatus + ((h - 1) >> 1), 0x11, bank) >> (4 * ((h - 1) % 2))) & 0x0f;
      dataPaths.push({
        hostLane: 8 * bank + h,
        state: codeName(DATA_PATH_STATES, dpState(r, bank, h)),
        appSel: acs >> 4 === 0 ? null : acs >> 4,
        firstLane: acs >> 4 === 0 ? null : 8 * bank + ((acs >> 1) & 0x07) + 1,
        configStatus: cs === 0 ? null : codeName(CONFIG_STATUSES, cs),
      });
    }
    for (let m = 1; m <= 8; m++) {
      const lane = 8 * bank + m;
      if (m > perBank) break;
      const i = m - 1;
      const txPowerMw = toMw(r.u16(PAGE11.txPower + 2 * i, 0x11, bank));
      const rxPowerMw = toMw(r.u16(PAGE11.rxPower + 2 * i, 0x11, bank));
      const host = map.hostOf(m);
      const state = host === null ? 0 : dpState(r, bank, host);
      const active = state === DP_STATE.activated;
      laneReadings.push({
        txBiasMa: toMa(r.u16(PAGE11.txBias + 2 * i, 0x11, bank)),
        txPowerMw,
        txPowerDbm: mwToDbm(txPowerMw),
        rxPowerMw,
        rxPowerDbm: mwToDbm(rxPowerMw),
        dataPathActive: active,
      });
      const set = LANE_FLAG_BYTES.filter(([, at]) => r.bit(at, i, 0x11, bank)).map(([name]) => name);
      const disabled = r.has(0x10, bank) ? r.bit(PAGE10.outputDisableTx, i, 0x10, bank) : null;
      if (disabled !== null) anyTxDisabled = (anyTxDisabled ?? false) || disabled;
      cmisLanes.push({ lane, dataPathState: codeName(DATA_PATH_STATES, state), dataPathActive: active, txOutputDisabled: disabled, flags: set });
      txFaultLanes.push(set.includes('txFault'));
      rxLosLanes.push(set.includes('rxLos'));
      const quantities: [string, number][] = [
        ['txPower', PAGE11.txPowerFlags],
        ['txBias', PAGE11.txBiasFlags],
        ['rxPower', PAGE11.rxPowerFlags],
      ];
      for (const [name, at] of quantities) {
        THRESHOLD_FLAG_ORDER.forEach((f, k) => {
          if (r.bit(at + k, i, 0x11, bank)) flags[f.kind].push(`${name}${f.suffix}Lane${lane}`);
        });
      }
    }
  }

  const stateCode = (r.u8(LOWER.state) >> 1) & 0x07;
  const twi = r.u8(LOWER.characteristics);
  // Byte 2: CMIS 4.0-5.2 bits 3-2, CMIS 5.3 and later bits 5-2: 0 = 400 kHz, 1 = 1 MHz, 2 = 3.4 MHz.
  const twiCode = rev >= 0x53 ? (twi >> 2) & 0x0f : (twi >> 2) & 0x03;
  const maxTwiSpeedKhz = [400, 1000, 3400][twiCode] ?? null;
  const detail: CmisDetail = {
    revision: `${rev >> 4}.${rev & 0x0f}`,
    memoryModel: flat ? 'flat' : 'paged',
    maxTwiSpeedKhz,
    moduleState: codeName(MODULE_STATES, stateCode),
    moduleFaultCause: stateCode === MODULE_STATE.fault ? codeName(FAULT_CAUSES, r.u8(LOWER.faultCause)) : null,
    interruptAsserted: !r.bit(LOWER.state, 0),
    lowPower: { allowRequestHw: r.bit(LOWER.control, 6), requestSw: r.bit(LOWER.control, 4) },
    firmware: {
      active: version(r.u8(LOWER.firmwareMajor), r.u8(LOWER.firmwareMinor)),
      inactive: has01 ? version(r.u8(PAGE01.inactiveFirmware, 0x01), r.u8(PAGE01.inactiveFirmware + 1, 0x01)) : null,
      hardware: has01 ? version(r.u8(PAGE01.hardwareRevision, 0x01), r.u8(PAGE01.hardwareRevision + 1, 0x01)) : null,
    },
    mediaType: codeName(MEDIA_TYPES, mediaType),
    mediaTechnology: codeName(MEDIA_TECHNOLOGIES, tech),
    applications: apps,
    powerClass: (r.u8(PAGE00.powerClass) >> 5) + 1,
    maxPowerW: r.u8(PAGE00.maxPower) * 0.25,
    cableLengthM,
    om5M: has01 ? 2 * r.u8(PAGE01.om5Length, 0x01) : 0,
    wavelengthToleranceNm,
    cleiCode: clei === '' ? null : clei,
    banks,
    pages: present,
    missingPages: missing,
    txBiasMultiplier: multiplier,
    monitorsSupported,
    auxMonitors,
    durations: {
      modulePowerUp: duration(r.u8(PAGE01.moduleDurations, 0x01) & 0x0f),
      modulePowerDown: duration(r.u8(PAGE01.moduleDurations, 0x01) >> 4),
      dataPathInit: duration(r.u8(PAGE01.dataPathDurations, 0x01) & 0x0f),
      dataPathDeinit: duration(r.u8(PAGE01.dataPathDurations, 0x01) >> 4),
      txTurnOn: duration(r.u8(PAGE01.txDurations, 0x01) & 0x0f),
      txTurnOff: duration(r.u8(PAGE01.txDurations, 0x01) >> 4),
    },
    moduleFlags: flags.module,
    dataPaths,
    lanes: cmisLanes,
    vdm: vdm(r),
    pageChecksums,
    cdbInstances: has01 ? r.u8(PAGE01.cdb, 0x01) >> 6 : null,
  };
  if (stateCode === MODULE_STATE.fault) {
    r.problem('MODULE_FAULT', `module state ModuleFault: ${detail.moduleFaultCause?.name ?? 'cause not given'} (byte 41 = ${cmisHex(r.u8(LOWER.faultCause))})`, r.offset(LOWER.state));
  } else if (MODULE_STATES[stateCode] === undefined && !flat) {
    // Flat-memory cables (passive copper) often leave the state machine out and read 0.
    r.problem('MODULE_STATE_RESERVED', `module state code ${stateCode} (byte 3 bits 3-1) is reserved`, r.offset(LOWER.state));
  }

  const diagnostics: Diagnostics = {
    calibration: 'internal',
    rxPowerMeasurement: rxAverage ? 'average' : 'oma',
    temperatureC: toC(r.s16(LOWER.temperature)),
    supplyVoltageV: toV(r.u16(LOWER.voltage)),
    lanes: laneReadings,
    thresholds,
    flags: { alarms: flags.alarms, warnings: flags.warnings },
    status: {
      ...(anyTxDisabled === undefined ? {} : { txDisable: anyTxDisabled }),
      ...(txFaultLanes.length > 0 ? { txFaultLanes, rxLosLanes } : {}),
    },
  };

  const has11 = img.pages.some((p) => p.page === 0x11);
  // Without page 01h a paged module's monitor advertisement is unknown: module monitors are taken
  // as present and lane monitors as present when page 11h is (named in sources).
  const assumed = !has01 && !flat;
  const declarations: Declarations = {
    media,
    hasLaser: optical && !isCopperTechnology(tech),
    monitors: assumed
      ? { temperature: true, supplyVoltage: true, txBias: has11, txPower: has11, rxPower: has11 }
      : { temperature: monitorsSupported.temperature, supplyVoltage: monitorsSupported.supplyVoltage, txBias: monitorsSupported.txBias, txPower: monitorsSupported.txPower, rxPower: monitorsSupported.rxPower },
    rxPowerMeasurement: rxAverage ? 'average' : 'oma',
    flatMemory: flat,
    powerClass: detail.powerClass,
    sources: [
      `${CMIS} byte 85 = ${cmisHex(mediaType)} (${MEDIA_TYPES[mediaType] ?? 'reserved'})`,
      `${CMIS} page 00h byte 212 = ${cmisHex(tech)} (${MEDIA_TECHNOLOGIES[tech] ?? 'reserved'})`,
      `${CMIS} byte 2 = ${cmisHex(r.u8(LOWER.characteristics))} (${flat ? 'flat' : 'paged'} memory)`,
      `${CMIS} page 00h byte 200 = ${cmisHex(r.u8(PAGE00.powerClass))} (power class ${detail.powerClass})`,
      has01
        ? `${CMIS} page 01h byte 159 = ${cmisHex(mods)}, byte 160 = ${cmisHex(laneMons)}, byte 151 = ${cmisHex(r.u8(PAGE01.rxPowerType, 0x01))}`
        : flat
          ? `${CMIS} flat memory: no page 01h, no monitors advertised`
          : `${CMIS} page 01h not in the image: monitors assumed from the pages present`,
    ],
  };

  // Compliance: the media interfaces of the advertised applications (limit profiles match on
  // them); copper and BASE-T media say little, so their host interface is named instead.
  const compliance: string[] = [];
  for (const a of apps) {
    const name = media === 'optical' || media === 'active-optical-cable' ? a.mediaInterface.name : a.hostInterface.name;
    const short = interfaceShortName(name);
    if (short !== '' && !compliance.includes(short) && !/^(Undefined|Reserved|Vendor specific)/.test(short)) compliance.push(short);
  }

  return {
    standard: 'CMIS',
    declarations,
    identifier: codeName(IDENTIFIERS, id),
    connector: codeName(CONNECTORS, r.u8(PAGE00.connector)),
    encoding: { code: 0, name: 'Unspecified' },
    compliance,
    nominalBitRateMbd: null,
    wavelengthNm,
    lengths,
    vendor,
    checksums: { base, extended: null, diagnostics: null },
    diagnostics,
    problems: r.problems,
    cmis: detail,
  };
}

/** A media lane's or a module's state in words for messages: "ModuleLowPwr (1)". */
export function stateWords(c: CodeName): string {
  return `${c.name} (${c.code})`;
}
