// Which field each byte of a module image belongs to, for the hex view. Data, not code: one
// table per memory page, offsets as the standards give them (SFF-8472 rev 12.4 tables 4-1 and
// 9-5; SFF-8636 rev 2.10a tables 6-2, 6-14 and 6-22), placed at the page's position in the
// `ethtool -m raw` layout the contract uses (SFP: A0h 0-255, A2h 256-511; QSFP: lower page
// 0-127, page 00h 128-255, pages 01h/02h 256-511, page 03h 512-639).
import type { Standard } from '../../../../preload/contract';
import { pagedRegions } from '../../../../preload/contract/paged-image';

/** [first byte within the page, length, id, name] */
type Row = readonly [number, number, string, string];

export interface PageDef {
  id: string;
  name: string;
  /** Where the page starts in the ethtool layout. */
  imageOffset: number;
  /** The address of the page's first byte as the standard numbers it (A0h: 0, SFF-8636 upper pages: 128). */
  firstAddress: number;
  length: number;
  rows: readonly Row[];
  /** Upper page of a paged image ("11H", bank 1), for its translated name. */
  paged?: { page: string; bank: number };
}

export interface Field {
  id: string;
  /** Row id within its page, e.g. "vendor-name": the translation key (bench:field.<key>). */
  key: string;
  /** English name as the standard writes it; the fallback when no translation exists. */
  name: string;
  page: string;
  /** Offsets in the image (ethtool layout), inclusive start, exclusive end. */
  start: number;
  end: number;
  /** Address within the page as the standard writes it, e.g. "A0h 20-35". */
  address: string;
}

export interface FieldMap {
  pages: { id: string; name: string; start: number; end: number; paged?: { page: string; bank: number } }[];
  fields: Field[];
  /** Index into `fields` for every image byte, -1 for bytes no field claims. */
  owner: Int16Array;
}

const SFF8472_A0H: readonly Row[] = [
  [0, 1, 'identifier', 'Identifier'],
  [1, 1, 'ext-identifier', 'Extended identifier'],
  [2, 1, 'connector', 'Connector'],
  [3, 8, 'transceiver', 'Transceiver compliance codes'],
  [11, 1, 'encoding', 'Encoding'],
  [12, 1, 'br-nominal', 'Nominal signalling rate'],
  [13, 1, 'rate-identifier', 'Rate identifier'],
  [14, 1, 'length-smf-km', 'Length SMF (km)'],
  [15, 1, 'length-smf-100m', 'Length SMF (100 m)'],
  [16, 1, 'length-om2', 'Length OM2 (10 m)'],
  [17, 1, 'length-om1', 'Length OM1 (10 m)'],
  [18, 1, 'length-om4-copper', 'Length OM4 / copper'],
  [19, 1, 'length-om3', 'Length OM3 / cable compliance'],
  [20, 16, 'vendor-name', 'Vendor name'],
  [36, 1, 'transceiver-ext', 'Extended compliance code'],
  [37, 3, 'vendor-oui', 'Vendor OUI'],
  [40, 16, 'vendor-pn', 'Vendor part number'],
  [56, 4, 'vendor-rev', 'Vendor revision'],
  [60, 2, 'wavelength', 'Wavelength'],
  [62, 1, 'fc-speed-2', 'Fibre Channel speed 2'],
  [63, 1, 'cc-base', 'CC_BASE checksum'],
  [64, 2, 'options', 'Options'],
  [66, 1, 'br-max', 'Signalling rate max'],
  [67, 1, 'br-min', 'Signalling rate min'],
  [68, 16, 'vendor-sn', 'Vendor serial number'],
  [84, 8, 'date-code', 'Date code'],
  [92, 1, 'diag-type', 'Diagnostic monitoring type'],
  [93, 1, 'enhanced-options', 'Enhanced options'],
  [94, 1, 'sff8472-compliance', 'SFF-8472 compliance'],
  [95, 1, 'cc-ext', 'CC_EXT checksum'],
  [96, 32, 'vendor-specific', 'Vendor specific'],
  [128, 128, 'reserved-a0-upper', 'Reserved (SFF-8079)'],
];

const SFF8472_A2H: readonly Row[] = [
  [0, 8, 'thr-temperature', 'Temperature thresholds'],
  [8, 8, 'thr-voltage', 'Supply voltage thresholds'],
  [16, 8, 'thr-bias', 'Tx bias thresholds'],
  [24, 8, 'thr-tx-power', 'Tx power thresholds'],
  [32, 8, 'thr-rx-power', 'Rx power thresholds'],
  [40, 16, 'thr-optional', 'Laser temperature / TEC thresholds'],
  [56, 20, 'cal-rx-power', 'Ext. calibration Rx_PWR(4..0)'],
  [76, 4, 'cal-tx-bias', 'Ext. calibration Tx_I slope/offset'],
  [80, 4, 'cal-tx-power', 'Ext. calibration Tx_PWR slope/offset'],
  [84, 4, 'cal-temperature', 'Ext. calibration T slope/offset'],
  [88, 4, 'cal-voltage', 'Ext. calibration V slope/offset'],
  [92, 3, 'a2-reserved-92', 'Reserved'],
  [95, 1, 'cc-dmi', 'CC_DMI checksum'],
  [96, 2, 'temperature', 'Temperature'],
  [98, 2, 'voltage', 'Supply voltage'],
  [100, 2, 'tx-bias', 'Tx bias'],
  [102, 2, 'tx-power', 'Tx power'],
  [104, 2, 'rx-power', 'Rx power'],
  [106, 4, 'optional-diag', 'Laser temperature / TEC current'],
  [110, 1, 'status-control', 'Status / control'],
  [111, 1, 'a2-reserved-111', 'Reserved'],
  [112, 2, 'alarm-flags', 'Alarm flags'],
  [114, 1, 'tx-input-eq', 'Tx input equalisation'],
  [115, 1, 'rx-output-emphasis', 'Rx output emphasis'],
  [116, 2, 'warning-flags', 'Warning flags'],
  [118, 2, 'ext-status-control', 'Extended status / control'],
  [120, 7, 'a2-vendor-specific', 'Vendor specific'],
  [127, 1, 'page-select', 'Page select'],
  [128, 120, 'user-eeprom', 'User writable EEPROM'],
  [248, 8, 'vendor-control', 'Vendor control functions'],
];

const SFF8636_LOWER: readonly Row[] = [
  [0, 1, 'identifier', 'Identifier'],
  [1, 2, 'status', 'Status (revision, flat memory, data not ready)'],
  [3, 1, 'los-flags', 'Rx / Tx LOS flags'],
  [4, 1, 'fault-flags', 'Tx fault / adaptive EQ flags'],
  [5, 1, 'lol-flags', 'CDR loss-of-lock flags'],
  [6, 1, 'temp-flags', 'Temperature flags'],
  [7, 1, 'vcc-flags', 'Supply voltage flags'],
  [8, 1, 'vendor-flags', 'Vendor specific flags'],
  [9, 2, 'rx-power-flags', 'Rx power flags'],
  [11, 2, 'tx-bias-flags', 'Tx bias flags'],
  [13, 2, 'tx-power-flags', 'Tx power flags'],
  [15, 7, 'flags-reserved', 'Reserved flags'],
  [22, 2, 'temperature', 'Temperature'],
  [24, 2, 'lower-reserved-24', 'Reserved'],
  [26, 2, 'voltage', 'Supply voltage'],
  [28, 6, 'lower-reserved-28', 'Reserved'],
  [34, 2, 'rx-power-1', 'Rx power lane 1'],
  [36, 2, 'rx-power-2', 'Rx power lane 2'],
  [38, 2, 'rx-power-3', 'Rx power lane 3'],
  [40, 2, 'rx-power-4', 'Rx power lane 4'],
  [42, 2, 'tx-bias-1', 'Tx bias lane 1'],
  [44, 2, 'tx-bias-2', 'Tx bias lane 2'],
  [46, 2, 'tx-bias-3', 'Tx bias lane 3'],
  [48, 2, 'tx-bias-4', 'Tx bias lane 4'],
  [50, 2, 'tx-power-1', 'Tx power lane 1'],
  [52, 2, 'tx-power-2', 'Tx power lane 2'],
  [54, 2, 'tx-power-3', 'Tx power lane 3'],
  [56, 2, 'tx-power-4', 'Tx power lane 4'],
  [58, 28, 'lower-reserved-58', 'Reserved channel monitors'],
  [86, 1, 'tx-disable', 'Tx disable'],
  [87, 2, 'rate-select', 'Rate select'],
  [89, 4, 'application-select', 'Application select'],
  [93, 1, 'power-control', 'Power control'],
  [94, 4, 'lower-reserved-94', 'Reserved'],
  [98, 1, 'cdr-control', 'CDR control'],
  [99, 1, 'lower-reserved-99', 'Reserved'],
  [100, 7, 'masks', 'Interrupt masks'],
  [107, 12, 'lower-control', 'Propagation delay / module controls'],
  [119, 4, 'password-change', 'Password change entry'],
  [123, 4, 'password-entry', 'Password entry'],
  [127, 1, 'page-select', 'Page select'],
];

const SFF8636_PAGE00: readonly Row[] = [
  [128, 1, 'identifier-00', 'Identifier'],
  [129, 1, 'ext-identifier-power', 'Extended identifier (power class)'],
  [130, 1, 'connector', 'Connector'],
  [131, 8, 'spec-compliance', 'Specification compliance'],
  [139, 1, 'encoding', 'Encoding'],
  [140, 1, 'br-nominal', 'Nominal signalling rate'],
  [141, 1, 'ext-rate-select', 'Extended rate select compliance'],
  [142, 1, 'length-smf-km', 'Length SMF (km)'],
  [143, 1, 'length-om3-2m', 'Length OM3 (2 m)'],
  [144, 1, 'length-om2-m', 'Length OM2 (m)'],
  [145, 1, 'length-om1-m', 'Length OM1 (m)'],
  [146, 1, 'length-copper-om4', 'Length copper / OM4'],
  [147, 1, 'device-technology', 'Device technology'],
  [148, 16, 'vendor-name', 'Vendor name'],
  [164, 1, 'ext-module', 'Extended module codes'],
  [165, 3, 'vendor-oui', 'Vendor OUI'],
  [168, 16, 'vendor-pn', 'Vendor part number'],
  [184, 2, 'vendor-rev', 'Vendor revision'],
  [186, 2, 'wavelength', 'Wavelength'],
  [188, 2, 'wavelength-tolerance', 'Wavelength tolerance'],
  [190, 1, 'max-case-temp', 'Maximum case temperature'],
  [191, 1, 'cc-base', 'CC_BASE checksum'],
  [192, 1, 'link-codes', 'Extended specification compliance'],
  [193, 3, 'options', 'Options'],
  [196, 16, 'vendor-sn', 'Vendor serial number'],
  [212, 8, 'date-code', 'Date code'],
  [220, 1, 'diag-type', 'Diagnostic monitoring type'],
  [221, 1, 'enhanced-options', 'Enhanced options'],
  [222, 1, 'br-extended', 'Nominal signalling rate (extended)'],
  [223, 1, 'cc-ext', 'CC_EXT checksum'],
  [224, 32, 'vendor-specific', 'Vendor specific'],
];

const SFF8636_PAGE03: readonly Row[] = [
  [128, 8, 'thr-temperature', 'Temperature thresholds'],
  [136, 8, 'p3-reserved-136', 'Reserved'],
  [144, 8, 'thr-voltage', 'Supply voltage thresholds'],
  [152, 24, 'p3-reserved-152', 'Reserved / vendor specific'],
  [176, 8, 'thr-rx-power', 'Rx power thresholds'],
  [184, 8, 'thr-bias', 'Tx bias thresholds'],
  [192, 8, 'thr-tx-power', 'Tx power thresholds'],
  [200, 42, 'p3-controls', 'Reserved / channel controls'],
  [242, 12, 'channel-masks', 'Channel monitor masks'],
  [254, 2, 'p3-reserved-254', 'Reserved'],
];

// CMIS 5.2 (the offsets main/sff/cmis.ts decodes): the lower page (Tables 8-4 to 8-20), page 00h
// (Table 8-26 onwards), 01h (8-37 to 8-49), 02h (thresholds), 10h (8-60 onwards, banked), 11h
// (8-75 to 8-89, banked); VDM pages 20h-2Fh by their role only (CMIS 5.2 section 8.22). Module
// addresses: 0-127 lower, 128-255 the page.
const CMIS_LOWER: readonly Row[] = [
  [0, 1, 'identifier', 'Identifier'],
  [1, 1, 'cmis-revision', 'CMIS revision'],
  [2, 1, 'cmis-characteristics', 'Memory model and two-wire speed'],
  [3, 1, 'cmis-module-state', 'Module state'],
  [4, 4, 'cmis-lane-flags-summary', 'Lane flags summary (per bank)'],
  [8, 1, 'cmis-module-flags', 'Module flags (state changed, firmware faults)'],
  [9, 1, 'cmis-temp-vcc-flags', 'Temperature and Vcc flags'],
  [10, 2, 'cmis-aux-flags', 'Aux and custom monitor flags'],
  [14, 2, 'temperature', 'Temperature'],
  [16, 2, 'vcc', 'Supply voltage'],
  [18, 2, 'cmis-aux1', 'Aux monitor 1'],
  [20, 2, 'cmis-aux2', 'Aux monitor 2'],
  [22, 2, 'cmis-aux3', 'Aux monitor 3'],
  [24, 2, 'cmis-custom-monitor', 'Custom monitor'],
  [26, 1, 'cmis-module-control', 'Module global controls (low power)'],
  [31, 6, 'cmis-module-masks', 'Module flag masks'],
  [37, 2, 'cmis-cdb-status', 'CDB status'],
  [39, 2, 'cmis-firmware', 'Active firmware version'],
  [41, 1, 'cmis-fault-cause', 'Module fault cause'],
  [85, 1, 'cmis-media-type', 'Module media type'],
  [86, 32, 'cmis-applications', 'Application advertising (AppSel 1-8)'],
  [118, 8, 'cmis-password', 'Password entry and change'],
  [126, 1, 'cmis-bank-select', 'Bank select'],
  [127, 1, 'page-select', 'Page select'],
];
const CMIS_PAGE00: readonly Row[] = [
  [128, 1, 'identifier-copy', 'Identifier (copy)'],
  [129, 16, 'vendor-name', 'Vendor name'],
  [145, 3, 'vendor-oui', 'Vendor OUI'],
  [148, 16, 'vendor-pn', 'Vendor part number'],
  [164, 2, 'vendor-rev', 'Vendor revision'],
  [166, 16, 'vendor-sn', 'Vendor serial number'],
  [182, 8, 'date-code', 'Date code'],
  [190, 10, 'cmis-clei', 'CLEI code'],
  [200, 1, 'cmis-power-class', 'Power class'],
  [201, 1, 'cmis-max-power', 'Maximum power'],
  [202, 1, 'cmis-cable-length', 'Cable assembly length'],
  [203, 1, 'connector', 'Connector'],
  [204, 6, 'cmis-copper-attenuation', 'Copper cable attenuation'],
  [212, 1, 'cmis-media-technology', 'Media interface technology'],
  [222, 1, 'cc-base', 'CC_BASE checksum'],
];
const CMIS_PAGE01: readonly Row[] = [
  [128, 2, 'cmis-inactive-firmware', 'Inactive firmware version'],
  [130, 2, 'cmis-hardware-revision', 'Hardware revision'],
  [132, 5, 'cmis-lengths', 'Link lengths (SMF, OM5, OM4, OM3, OM2)'],
  [138, 2, 'wavelength', 'Wavelength'],
  [140, 2, 'cmis-wavelength-tolerance', 'Wavelength tolerance'],
  [142, 1, 'cmis-pages-supported', 'Pages and banks supported'],
  [144, 1, 'cmis-dp-durations', 'Data path init/deinit durations'],
  [145, 1, 'cmis-aux-types', 'Aux monitor types'],
  [151, 1, 'cmis-rx-power-type', 'Rx power measurement type'],
  [155, 2, 'cmis-tx-controls', 'Tx controls supported'],
  [157, 2, 'cmis-flags-supported', 'Tx and Rx flags supported'],
  [159, 2, 'cmis-monitors-supported', 'Monitors supported'],
  [163, 1, 'cmis-cdb', 'CDB support'],
  [167, 1, 'cmis-module-durations', 'Module power up/down durations'],
  [168, 1, 'cmis-tx-durations', 'Tx turn on/off durations'],
  [176, 15, 'cmis-media-lanes', 'Media lane assignment'],
  [223, 28, 'cmis-applications-2', 'Application advertising (AppSel 9-15)'],
  [255, 1, 'cmis-page-checksum', 'Page checksum'],
];
const CMIS_PAGE02: readonly Row[] = [
  [128, 8, 'cmis-temp-thresholds', 'Temperature thresholds'],
  [136, 8, 'cmis-vcc-thresholds', 'Supply voltage thresholds'],
  [144, 24, 'cmis-aux-thresholds', 'Aux monitor thresholds'],
  [176, 8, 'cmis-txpower-thresholds', 'Tx power thresholds'],
  [184, 8, 'cmis-txbias-thresholds', 'Tx bias thresholds'],
  [192, 8, 'cmis-rxpower-thresholds', 'Rx power thresholds'],
  [255, 1, 'cmis-page-checksum', 'Page checksum'],
];
const CMIS_PAGE10: readonly Row[] = [
  [128, 1, 'cmis-dp-deinit', 'Data path deinit (per lane)'],
  [130, 1, 'cmis-output-disable-tx', 'Tx output disable (per lane)'],
  [143, 1, 'cmis-apply-dp-init', 'Apply data path init'],
  [144, 1, 'cmis-apply-immediate', 'Apply immediate'],
  [145, 8, 'cmis-staged-set', 'Staged control set 0 (AppSel per lane)'],
];
const CMIS_PAGE11: readonly Row[] = [
  [128, 4, 'cmis-dp-state', 'Data path state (per lane)'],
  [134, 1, 'cmis-dp-state-changed', 'Data path state changed'],
  [135, 1, 'cmis-tx-fault', 'Tx fault flags'],
  [136, 1, 'cmis-tx-los', 'Tx loss of signal flags'],
  [137, 1, 'cmis-tx-cdr-lol', 'Tx CDR loss of lock flags'],
  [138, 1, 'cmis-tx-eq-fail', 'Tx adaptive equalisation fault flags'],
  [139, 4, 'cmis-txpower-flags', 'Tx power flags'],
  [143, 4, 'cmis-txbias-flags', 'Tx bias flags'],
  [147, 1, 'cmis-rx-los', 'Rx loss of signal flags'],
  [148, 1, 'cmis-rx-cdr-lol', 'Rx CDR loss of lock flags'],
  [149, 4, 'cmis-rxpower-flags', 'Rx power flags'],
  [154, 16, 'tx-power', 'Tx power (per lane)'],
  [170, 16, 'tx-bias', 'Tx bias (per lane)'],
  [186, 16, 'rx-power', 'Rx power (per lane)'],
  [202, 4, 'cmis-config-status', 'Configuration status'],
  [206, 8, 'cmis-active-set', 'Active control set (AppSel per lane)'],
];
/** VDM pages by group: descriptors 20h-23h, samples 24h-27h, thresholds 28h-2Bh, flags 2Ch, control 2Fh. */
function cmisVdmRows(page: number): readonly Row[] {
  if (page >= 0x20 && page <= 0x23) return [[128, 128, 'cmis-vdm-descriptors', 'VDM observable descriptors']];
  if (page >= 0x24 && page <= 0x27) return [[128, 128, 'cmis-vdm-samples', 'VDM samples']];
  if (page >= 0x28 && page <= 0x2b) return [[128, 128, 'cmis-vdm-thresholds', 'VDM thresholds']];
  if (page === 0x2c) return [[128, 128, 'cmis-vdm-flags', 'VDM flags']];
  if (page === 0x2f) return [[128, 1, 'cmis-vdm-groups', 'VDM groups supported'], [144, 1, 'cmis-vdm-freeze', 'VDM freeze request']];
  return [];
}
const CMIS_PAGE_ROWS: Readonly<Record<number, readonly Row[]>> = { 0x00: CMIS_PAGE00, 0x01: CMIS_PAGE01, 0x02: CMIS_PAGE02, 0x10: CMIS_PAGE10, 0x11: CMIS_PAGE11 };
const PAGED_HEADER_ROWS: readonly Row[] = [
  [0, 4, 'paged-magic', 'Image magic "OBPG"'],
  [4, 1, 'paged-version', 'Layout version'],
  [5, 1, 'paged-count', 'Number of page records'],
  [6, 2, 'paged-reserved', 'Reserved'],
];

export const PAGES = {
  sfpA0: { id: 'A0h', name: 'A0h (serial ID)', imageOffset: 0, firstAddress: 0, length: 256, rows: SFF8472_A0H },
  sfpA2: { id: 'A2h', name: 'A2h (diagnostics)', imageOffset: 256, firstAddress: 0, length: 256, rows: SFF8472_A2H },
  qsfpLower: { id: 'lower', name: 'Lower page', imageOffset: 0, firstAddress: 0, length: 128, rows: SFF8636_LOWER },
  qsfp00: { id: '00h', name: 'Page 00h', imageOffset: 128, firstAddress: 128, length: 128, rows: SFF8636_PAGE00 },
  qsfp01: { id: '01h', name: 'Page 01h', imageOffset: 256, firstAddress: 128, length: 128, rows: [] },
  qsfp02: { id: '02h', name: 'Page 02h', imageOffset: 384, firstAddress: 128, length: 128, rows: [] },
  qsfp03: { id: '03h', name: 'Page 03h (thresholds)', imageOffset: 512, firstAddress: 128, length: 128, rows: SFF8636_PAGE03 },
} as const satisfies Record<string, PageDef>;

function layoutFor(standard: Standard, length: number): PageDef[] {
  if (standard === 'SFF-8472') return length > 256 ? [PAGES.sfpA0, PAGES.sfpA2] : [PAGES.sfpA0];
  if (standard === 'SFF-8636') {
    return length >= 640 ? [PAGES.qsfpLower, PAGES.qsfp00, PAGES.qsfp01, PAGES.qsfp02, PAGES.qsfp03] : [PAGES.qsfpLower, PAGES.qsfp00];
  }
  // CMIS and unknown images: page boundaries only, no field labels claimed that were not checked.
  const pages: PageDef[] = [];
  for (let off = 0; off < length; off += 128) {
    pages.push({ id: `bytes-${off}`, name: `Bytes ${off}-${Math.min(length, off + 128) - 1}`, imageOffset: off, firstAddress: 0, length: Math.min(128, length - off), rows: [] });
  }
  return pages;
}

/**
 * A paged image (CMIS as the reader stores it; preload/contract/paged-image.ts): its header, lower
 * page and each page record, named by page and bank, with the CMIS fields the decoder reads. A
 * record's two leading bytes (its page and bank) sit at module addresses 126-127 of the page, so
 * address 128 lands on the record's first data byte.
 */
function pagedLayoutOf(rawHex: string): PageDef[] | null {
  const byteAt = (o: number): number => parseInt(rawHex.slice(2 * o, 2 * o + 2), 16);
  const regions = pagedRegions(byteAt, rawHex.length / 2);
  if (regions === null) return null;
  return regions.map((r) => {
    const rows: readonly Row[] =
      r.page === null
        ? r.id === 'header'
          ? PAGED_HEADER_ROWS
          : CMIS_LOWER
        : [[126, 2, 'paged-record', 'Record: page and bank'] as Row, ...(CMIS_PAGE_ROWS[r.page] ?? cmisVdmRows(r.page))];
    return {
      id: r.page === null ? r.id : r.bank === 0 ? `page-${r.page}` : `page-${r.page}-bank-${r.bank}`,
      name: r.id === 'header' ? 'Image header' : r.id === 'lower' ? 'Lower page' : `Page ${r.id}`,
      imageOffset: r.start,
      firstAddress: r.page === null ? 0 : 126,
      length: r.end - r.start,
      rows,
      ...(r.page === null ? {} : { paged: { page: r.page.toString(16).toUpperCase().padStart(2, '0'), bank: r.bank } }),
    };
  });
}

/**
 * The field map of an image of `length` bytes decoded under `standard`; `rawHex`, when given, lets
 * a paged image (magic "OBPG") be laid out by its own page records.
 */
export function fieldMapFor(standard: Standard, length: number, rawHex?: string): FieldMap {
  const paged = rawHex !== undefined && rawHex.startsWith('4f425047') ? pagedLayoutOf(rawHex.toLowerCase()) : null;
  const pages = (paged ?? layoutFor(standard, length)).filter((p) => p.imageOffset < length);
  const fields: Field[] = [];
  const owner = new Int16Array(length).fill(-1);
  for (const page of pages) {
    for (const [addr, len, id, name] of page.rows) {
      const start = page.imageOffset + addr - page.firstAddress;
      const end = Math.min(start + len, length);
      if (start >= length) continue;
      const index = fields.length;
      const where = page.paged ? `${page.paged.page}h${page.paged.bank === 0 ? '' : ` bank ${page.paged.bank}`}` : page.id;
      const range = `${addr}${len > 1 ? `-${addr + len - 1}` : ''}`;
      // Bytes 0-127 are the lower memory in every paged layout (SFF-8636 6.1, CMIS 8.1): the range
      // alone names them, in any language; an upper page is named by its number.
      fields.push({ id: `${page.id}:${id}`, key: id, name, page: page.id, start, end, address: where === 'lower' ? range : `${where} ${range}` });
      for (let i = start; i < end; i++) owner[i] = index;
    }
  }
  return {
    pages: pages.map((p) => ({ id: p.id, name: p.name, start: p.imageOffset, end: Math.min(p.imageOffset + p.length, length), ...(p.paged ? { paged: p.paged } : {}) })),
    fields,
    owner,
  };
}

export function fieldAtOffset(map: FieldMap, offset: number): Field | null {
  const i = map.owner[offset];
  return i === undefined || i < 0 ? null : (map.fields[i] ?? null);
}

export function fieldById(map: FieldMap, id: string | null): Field | null {
  if (id === null) return null;
  return map.fields.find((f) => f.id === id) ?? null;
}

type Translate = (key: string, opts: { defaultValue: string; page?: string; bank?: number }) => string;

/** The field's name in the UI language; the standard's English name when there is no translation. */
export function fieldLabel(t: Translate, field: Pick<Field, 'key' | 'name'>): string {
  return t(`bench:field.${field.key}`, { defaultValue: field.name });
}

export function pageLabel(t: Translate, page: { id: string; name: string; paged?: { page: string; bank: number } }): string {
  if (page.paged) {
    const key = page.paged.bank === 0 ? 'bench:pageName.paged' : 'bench:pageName.pagedBank';
    return t(key, { defaultValue: page.name, page: page.paged.page, bank: page.paged.bank });
  }
  return t(`bench:pageName.${page.id}`, { defaultValue: page.name });
}
