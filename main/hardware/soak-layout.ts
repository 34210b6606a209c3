// What one soak sample reads, and what its bytes mean. Pure: an image in, a layout out.
//
// A sample is the module's real-time block read as ONE transaction per block, so every 16-bit
// value is coherent (SFF-8472 section 4.1; SFF-8636 and CMIS say the same of their monitors):
//   SFF-8472  A2h 96-117: monitors, status (110: TX_FAULT, RX_LOS, Data_Ready_Bar), alarm and
//             warning flags (112-113, 116-117). The status and flags are real time: not latched.
//   SFF-8636  lower 2-57: Data_Not_Ready (2), latched flags (3-14), monitors (22-57); byte 93
//             too when the soak holds the module in high power (a reset clears it).
//   CMIS      lower 3-17: module state (3), latched module flags (8-11), temperature, Vcc; then for
//             every bank the page select bytes 126-127 (a reset returns them to page 00h) and page
//             11h 128-201: data-path states, latched lane flags (135-152), lane monitors.
// Latched flags (SFF-8636 3-14, CMIS 8-11 and 11h 135-152) clear when read, so the sampler is the
// only reader: a flag set in a sample happened since the sample before (sff-8636.md, cmis.md).
//
// Values: each channel's raw 16-bit number is turned into its unit by the module's own decoder
// (main/sff decodeModule) on a copy of the image with that number patched in, so calibration
// (SFF-8472 external slopes and the Rx polynomial, the CMIS bias multiplier) has one source; the
// answer is cached per raw value, which keeps a 24-hour replay fast (a module's raw values take
// a few thousand distinct numbers at most).
import type { DecodedModule } from '../../preload/contract/module';
import { SOAK_PARAMETERS, channelKey, type SoakChannelStats, type SoakParameter } from '../../preload/contract/soak';
import { BenchError } from '../errors';
import { decodePagedImage, hasPagedMagic, pagedOffset } from '../sff/paged-image';
import { moduleFamilyOf } from '../sff/sff8024';

export type SoakFamily = 'sff8472' | 'sff8636' | 'cmis';

/** One register read of a sample: `page` null = no page select (SFP A2h, lower page). */
export interface SoakBlock {
  addr: number;
  offset: number;
  length: number;
  /** CMIS: this block is page 11h of this bank (select bytes read just before it). */
  bank: number | null;
  /** Where the block's bytes sit in the sample. */
  at: number;
}

export interface SoakChannel {
  key: string;
  parameter: SoakParameter;
  lane: number | null;
  unit: SoakChannelStats['unit'];
  /** Where the raw 16-bit value sits in the sample, and whether it is signed. */
  at: number;
  signed: boolean;
}

/** A flag slot: its byte and bit in the sample. `latched`: clears when read (SFF-8636, CMIS). */
export interface SoakFlag {
  name: string;
  lane: number | null;
  at: number;
  bit: number;
  latched: boolean;
  /** 'alarm' crosses the module's own alarm threshold; 'warning' its warning threshold; 'status' a state. */
  level: 'alarm' | 'warning' | 'status';
  /** Which parameter it concerns (for the light-source rule): rx flags fault only with light on the receiver. */
  receiver: boolean;
  /** Bench-dependent (no host signal on a bench): Tx LOS, CDR loss of lock, adaptive EQ. Shown, never a fault. */
  benchDependent: boolean;
}

export interface SoakLayout {
  family: SoakFamily;
  blocks: SoakBlock[];
  /** Bytes of one sample (all blocks, CMIS select bytes included). */
  sampleBytes: number;
  channels: SoakChannel[];
  flags: SoakFlag[];
  /** Optical lanes sampled. */
  lanes: number;
  /** CMIS banks sampled (1 for the others). */
  banks: number;
  /** Where the reset signs sit, when the family has them. */
  signs: {
    dataNotReady: { at: number; bit: number } | null;
    /** SFF-8636 byte 6 bit 0, latched. */
    initComplete: { at: number; bit: number } | null;
    /** CMIS byte 3 bits 3-1. */
    moduleState: { at: number } | null;
    /** CMIS: per bank, where the 126-127 select bytes were read. */
    pageSelect: { at: number; bank: number }[];
    /** CMIS: per bank, where the data-path states (11h 128-131) are. */
    dataPathState: { at: number; bank: number }[];
  };
}

const u16 = (b: Uint8Array, at: number): number => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);

export function familyOfImage(image: Uint8Array): SoakFamily {
  if (hasPagedMagic(image)) return 'cmis';
  const f = moduleFamilyOf(image[0] ?? 0);
  if (f === 'sff8472' || f === 'sff8636' || f === 'cmis') return f;
  throw new BenchError('MODULE_UNSUPPORTED', `Identifier 0x${(image[0] ?? 0).toString(16).padStart(2, '0')} has no real-time diagnostics this bench can soak.`);
}

// SFF-8472 Table 9-12, one layout for alarms (112-113) and warnings (116-117).
const SFF8472_FLAG_BITS: readonly { byte: 0 | 1; bit: number; quantity: string; side: 'High' | 'Low' }[] = [
  { byte: 0, bit: 7, quantity: 'temperature', side: 'High' },
  { byte: 0, bit: 6, quantity: 'temperature', side: 'Low' },
  { byte: 0, bit: 5, quantity: 'supplyVoltage', side: 'High' },
  { byte: 0, bit: 4, quantity: 'supplyVoltage', side: 'Low' },
  { byte: 0, bit: 3, quantity: 'txBias', side: 'High' },
  { byte: 0, bit: 2, quantity: 'txBias', side: 'Low' },
  { byte: 0, bit: 1, quantity: 'txPower', side: 'High' },
  { byte: 0, bit: 0, quantity: 'txPower', side: 'Low' },
  { byte: 1, bit: 7, quantity: 'rxPower', side: 'High' },
  { byte: 1, bit: 6, quantity: 'rxPower', side: 'Low' },
];

const status = (name: string, lane: number | null, at: number, bit: number, latched: boolean, opts: { receiver?: boolean; bench?: boolean } = {}): SoakFlag => ({
  name,
  lane,
  at,
  bit,
  latched,
  level: 'status',
  receiver: opts.receiver ?? false,
  benchDependent: opts.bench ?? false,
});

const threshold = (quantity: string, side: 'High' | 'Low', level: 'alarm' | 'warning', lane: number | null, at: number, bit: number, latched: boolean): SoakFlag => ({
  name: `${quantity}${side}${level === 'alarm' ? 'Alarm' : 'Warning'}`,
  lane,
  at,
  bit,
  latched,
  level,
  receiver: quantity === 'rxPower',
  benchDependent: false,
});

function unitOf(p: SoakParameter): SoakChannelStats['unit'] {
  return p === 'temperatureC' ? 'degC' : p === 'supplyVoltageV' ? 'V' : p === 'txBiasMa' ? 'mA' : 'dBm';
}

function channel(parameter: SoakParameter, lane: number | null, at: number, signed = false): SoakChannel {
  return { key: channelKey(parameter, lane), parameter, lane, unit: unitOf(parameter), at, signed };
}

function sff8472Layout(image: Uint8Array): SoakLayout {
  if (image.length < 512 || ((image[92] ?? 0) & 0x40) === 0) {
    throw new BenchError('MODULE_UNSUPPORTED', 'This SFP has no digital diagnostics (A0h byte 92 bit 6, no A2h page): there is nothing to soak.');
  }
  if (((image[92] ?? 0) & 0x04) !== 0) {
    throw new BenchError('MODULE_UNSUPPORTED', 'This SFP needs an address-change sequence before A2h can be read (A0h byte 92 bit 2); the bench does not soak it.');
  }
  const base = 96; // the block starts at A2h 96
  const at = (a2: number): number => a2 - base;
  const flags: SoakFlag[] = [
    status('txFault', 1, at(110), 2, false),
    status('rxLos', 1, at(110), 1, false, { receiver: true }),
  ];
  // Byte 93 bit 7: alarm and warning flags implemented (Table 8-6); without it 112-117 mean nothing.
  if (((image[93] ?? 0) & 0x80) !== 0) {
    for (const [level, byte] of [['alarm', 112], ['warning', 116]] as const) {
      for (const f of SFF8472_FLAG_BITS) {
        const lane = f.quantity === 'temperature' || f.quantity === 'supplyVoltage' ? null : 1;
        flags.push(threshold(f.quantity, f.side, level, lane, at(byte + f.byte), f.bit, false));
      }
    }
  }
  return {
    family: 'sff8472',
    blocks: [{ addr: 0x51, offset: base, length: 22, bank: null, at: 0 }],
    sampleBytes: 22,
    channels: [
      channel('temperatureC', null, at(96), true),
      channel('supplyVoltageV', null, at(98)),
      channel('txBiasMa', 1, at(100)),
      channel('txPowerDbm', 1, at(102)),
      channel('rxPowerDbm', 1, at(104)),
    ],
    flags,
    lanes: 1,
    banks: 1,
    signs: { dataNotReady: { at: at(110), bit: 0 }, initComplete: null, moduleState: null, pageSelect: [], dataPathState: [] },
  };
}

function sff8636Layout(): SoakLayout {
  const base = 2; // lower page 2-57
  const at = (b: number): number => b - base;
  const flags: SoakFlag[] = [];
  for (let lane = 1; lane <= 4; lane++) {
    // Byte 3: Tx LOS bits 7-4, Rx LOS bits 3-0; byte 4: Tx fault bits 3-0; byte 5: CDR LOL (lane 1 = lowest bit of each nibble).
    flags.push(status('rxLos', lane, at(3), lane - 1, true, { receiver: true }));
    flags.push(status('txLos', lane, at(3), lane + 3, true, { bench: true }));
    flags.push(status('txFault', lane, at(4), lane - 1, true));
    flags.push(status('rxCdrLol', lane, at(5), lane - 1, true, { bench: true }));
    flags.push(status('txCdrLol', lane, at(5), lane + 3, true, { bench: true }));
  }
  // Bytes 6 / 7: temperature / Vcc in bits 7-4 (high alarm, low alarm, high warning, low warning).
  const order = [
    { bit: 3, side: 'High', level: 'alarm' },
    { bit: 2, side: 'Low', level: 'alarm' },
    { bit: 1, side: 'High', level: 'warning' },
    { bit: 0, side: 'Low', level: 'warning' },
  ] as const;
  for (const [quantity, byte] of [['temperature', 6], ['supplyVoltage', 7]] as const) {
    for (const o of order) flags.push(threshold(quantity, o.side, o.level, null, at(byte), o.bit + 4, true));
  }
  // Bytes 9-14: two lanes a byte, the first in bits 7-4.
  for (const [quantity, byte] of [['rxPower', 9], ['txBias', 11], ['txPower', 13]] as const) {
    for (let lane = 1; lane <= 4; lane++) {
      const b = byte + ((lane - 1) >> 1);
      const shift = (lane - 1) % 2 === 0 ? 4 : 0;
      for (const o of order) flags.push(threshold(quantity, o.side, o.level, lane, at(b), o.bit + shift, true));
    }
  }
  const channels: SoakChannel[] = [channel('temperatureC', null, at(22), true), channel('supplyVoltageV', null, at(26))];
  for (let lane = 1; lane <= 4; lane++) {
    channels.push(channel('txBiasMa', lane, at(42 + 2 * (lane - 1))));
    channels.push(channel('txPowerDbm', lane, at(50 + 2 * (lane - 1))));
    channels.push(channel('rxPowerDbm', lane, at(34 + 2 * (lane - 1))));
  }
  return {
    family: 'sff8636',
    blocks: [{ addr: 0x50, offset: base, length: 56, bank: null, at: 0 }],
    sampleBytes: 56,
    channels,
    flags,
    lanes: 4,
    banks: 1,
    signs: { dataNotReady: { at: at(2), bit: 0 }, initComplete: { at: at(6), bit: 0 }, moduleState: null, pageSelect: [], dataPathState: [] },
  };
}

/** CMIS: banks and media lanes per bank as the decoder saw them in the image. */
function cmisLayout(image: Uint8Array, module: DecodedModule): SoakLayout {
  const img = decodePagedImage(image);
  if (((img.lower[2] ?? 0) & 0x80) !== 0) throw new BenchError('MODULE_UNSUPPORTED', 'This module has flat memory (CMIS byte 2 bit 7): no lane monitors to soak.');
  const lanesTotal = module.diagnostics?.lanes.length ?? 0;
  const banksWithLanes = new Set<number>();
  for (const p of img.pages) if (p.page === 0x11) banksWithLanes.add(p.bank);
  const banks = Math.max(1, banksWithLanes.size);
  const perBank = Math.max(1, Math.min(8, Math.round(lanesTotal / banks)));
  if (lanesTotal === 0) throw new BenchError('MODULE_UNSUPPORTED', 'The module image has no lane monitors (page 11h): read it again with its lasers up before a soak.');
  const flags: SoakFlag[] = [];
  const lowerBase = 3;
  const lat = (b: number): number => b - lowerBase;
  const order = [
    { side: 'High', level: 'alarm' },
    { side: 'Low', level: 'alarm' },
    { side: 'High', level: 'warning' },
    { side: 'Low', level: 'warning' },
  ] as const;
  // Byte 9: temperature in bits 3-0, Vcc in bits 7-4, each high alarm, low alarm, high warning, low warning.
  order.forEach((o, i) => {
    flags.push(threshold('temperature', o.side, o.level, null, lat(9), i, true));
    flags.push(threshold('supplyVoltage', o.side, o.level, null, lat(9), i + 4, true));
  });
  flags.push(status('moduleFirmwareFault', null, lat(8), 1, true));
  flags.push(status('dataPathFirmwareFault', null, lat(8), 2, true));
  const channels: SoakChannel[] = [channel('temperatureC', null, lat(14), true), channel('supplyVoltageV', null, lat(16))];
  const blocks: SoakBlock[] = [{ addr: 0x50, offset: lowerBase, length: 15, bank: null, at: 0 }];
  const pageSelect: { at: number; bank: number }[] = [];
  const dataPathState: { at: number; bank: number }[] = [];
  let at = 15;
  for (const bank of [...banksWithLanes].sort((a, b) => a - b).concat(banksWithLanes.size === 0 ? [0] : [])) {
    pageSelect.push({ at, bank });
    blocks.push({ addr: 0x50, offset: 126, length: 2, bank, at });
    at += 2;
    const p = at - 128; // page 11h address a sits at p + a
    blocks.push({ addr: 0x50, offset: 128, length: 74, bank, at });
    dataPathState.push({ at: p + 128, bank });
    for (let m = 1; m <= perBank; m++) {
      const lane = 8 * bank + m;
      const i = m - 1;
      channels.push(channel('txBiasMa', lane, p + 170 + 2 * i));
      channels.push(channel('txPowerDbm', lane, p + 154 + 2 * i));
      channels.push(channel('rxPowerDbm', lane, p + 186 + 2 * i));
      flags.push(status('txFault', lane, p + 135, i, true));
      flags.push(status('txLos', lane, p + 136, i, true, { bench: true }));
      flags.push(status('txCdrLol', lane, p + 137, i, true, { bench: true }));
      flags.push(status('txAdaptiveEqFail', lane, p + 138, i, true, { bench: true }));
      flags.push(status('rxLos', lane, p + 147, i, true, { receiver: true }));
      flags.push(status('rxCdrLol', lane, p + 148, i, true, { bench: true }));
      for (const [quantity, byte] of [['txPower', 139], ['txBias', 143], ['rxPower', 149]] as const) {
        order.forEach((o, k) => flags.push(threshold(quantity, o.side, o.level, lane, p + byte + k, i, true)));
      }
    }
    at += 74;
  }
  return {
    family: 'cmis',
    blocks,
    sampleBytes: at,
    channels,
    flags,
    lanes: perBank * banks,
    banks,
    signs: { dataNotReady: null, initComplete: null, moduleState: { at: lat(3) }, pageSelect, dataPathState },
  };
}

/** The sample layout of the module in `image` (the reader's image and its decode). */
export function soakLayout(image: Uint8Array, module: DecodedModule): SoakLayout {
  if (module.diagnostics === null) throw new BenchError('MODULE_UNSUPPORTED', 'This module reports no diagnostics: there is nothing to soak.');
  const family = familyOfImage(image);
  if (family === 'sff8472') return sff8472Layout(image);
  if (family === 'sff8636') return sff8636Layout();
  return cmisLayout(image, module);
}

/**
 * Where a block's bytes sit in the full image, or null for a block that is not module memory of
 * the image (the CMIS page select bytes, which the image keeps as read). The live monitor patches
 * each sample there and decodes the whole image, as the decoder probe below does per channel.
 */
export function blockImageOffset(layout: SoakLayout, image: Uint8Array, block: SoakBlock): number | null {
  if (layout.family === 'sff8472') return 256 + block.offset;
  if (layout.family === 'sff8636') return block.offset;
  if (block.bank !== null && block.offset === 126) return null;
  const paged = decodePagedImage(image);
  return block.bank === null ? pagedOffset(paged, block.offset) : pagedOffset(paged, block.offset, 0x11, block.bank);
}

/** Where a channel's raw value sits in the full image (for the decoder probe). */
function imageOffsetOf(layout: SoakLayout, image: Uint8Array, ch: SoakChannel): number {
  if (layout.family === 'sff8472') return 256 + 96 + ch.at;
  if (layout.family === 'sff8636') return 2 + ch.at;
  const paged = decodePagedImage(image);
  const block = [...layout.blocks].reverse().find((b) => ch.at >= b.at && ch.at < b.at + b.length);
  if (!block) throw new BenchError('INTERNAL', `channel ${ch.key} lies outside the sample`);
  const address = block.offset + (ch.at - block.at);
  const off = address < 128 ? pagedOffset(paged, address) : pagedOffset(paged, address, 0x11, block.bank ?? 0);
  if (off === null) throw new BenchError('INTERNAL', `channel ${ch.key}: page 11h bank ${block.bank ?? 0} is not in the image`);
  return off;
}

function valueFrom(module: DecodedModule, ch: SoakChannel, laneIndex: number): number | null {
  const d = module.diagnostics;
  if (!d) return null;
  if (ch.parameter === 'temperatureC') return d.temperatureC;
  if (ch.parameter === 'supplyVoltageV') return d.supplyVoltageV;
  const l = d.lanes[laneIndex];
  if (!l) return null;
  const v = ch.parameter === 'txBiasMa' ? l.txBiasMa : ch.parameter === 'txPowerDbm' ? l.txPowerDbm : l.rxPowerDbm;
  return v === null || !Number.isFinite(v) ? null : v;
}

/**
 * Turns sample bytes into values with the module's own decoder (see the header). `values(sample)`
 * fills `out` with each channel's value (NaN: no light or not a number) in layout.channels order.
 */
export class SampleDecoder {
  private readonly scratch: Uint8Array;
  private readonly offsets: number[];
  private readonly laneIndex: number[];
  private readonly cache: Map<number, number>[];
  /** The start read's bytes, to put each patched word back. */
  private readonly original: Uint8Array;
  /** Channels whose raw number was not cached in the sample being decoded, and those numbers. */
  private readonly missed: number[] = [];
  private readonly missedRaw: number[];
  /** Each missed channel's value from the last decode (also when its cache is full). */
  private readonly decoded: number[];

  constructor(
    readonly layout: SoakLayout,
    image: Uint8Array,
    private readonly decode: (image: Uint8Array) => DecodedModule,
  ) {
    this.scratch = new Uint8Array(image);
    this.original = new Uint8Array(image);
    this.offsets = layout.channels.map((c) => imageOffsetOf(layout, image, c));
    // Decoder lanes are in bank order, lane 1..perBank of each bank.
    const perBank = layout.lanes / layout.banks;
    const bankOrder = layout.signs.pageSelect.map((p) => p.bank);
    this.laneIndex = layout.channels.map((c) => {
      if (c.lane === null) return -1;
      if (layout.family !== 'cmis') return c.lane - 1;
      const bank = Math.floor((c.lane - 1) / 8);
      return bankOrder.indexOf(bank) * perBank + ((c.lane - 1) % 8);
    });
    this.cache = layout.channels.map(() => new Map());
    this.missedRaw = layout.channels.map(() => 0);
    this.decoded = layout.channels.map(() => Number.NaN);
  }

  /** The value of channel `i` for a raw 16-bit number (NaN: no value, e.g. no light). */
  valueOfRaw(i: number, raw: number): number {
    const hit = this.cache[i]!.get(raw);
    if (hit !== undefined) return hit;
    this.missed.length = 0;
    this.missed.push(i);
    this.missedRaw[i] = raw;
    this.decodeMissed();
    return this.decoded[i]!;
  }

  values(sample: Uint8Array, out: Float64Array): void {
    const chs = this.layout.channels;
    this.missed.length = 0;
    for (let i = 0; i < chs.length; i++) {
      const raw = u16(sample, chs[i]!.at);
      const hit = this.cache[i]!.get(raw);
      if (hit !== undefined) out[i] = hit;
      else {
        this.missed.push(i);
        this.missedRaw[i] = raw;
      }
    }
    if (this.missed.length === 0) return;
    this.decodeMissed();
    for (const i of this.missed) out[i] = this.decoded[i]!;
  }

  /**
   * Decodes every missed channel's raw number in one decoder call. Each monitor is a function of
   * its own word and the image's fixed bytes (SFF-8472's external slopes and Rx polynomial, the
   * CMIS bias multiplier), so patching several words at once gives each its own value: a sample with new numbers on all
   * its channels (the first samples of a soak, ADC noise, a temperature ramp) costs one decode,
   * not one per channel. The unit test checks it against decoding the whole patched sample.
   */
  private decodeMissed(): void {
    const scratch = this.scratch;
    for (const i of this.missed) {
      const at = this.offsets[i]!;
      const raw = this.missedRaw[i]!;
      scratch[at] = raw >> 8;
      scratch[at + 1] = raw & 0xff;
    }
    const module = this.decode(scratch);
    for (const i of this.missed) {
      const at = this.offsets[i]!;
      scratch[at] = this.original[at]!;
      scratch[at + 1] = this.original[at + 1]!;
      const v = valueFrom(module, this.layout.channels[i]!, this.laneIndex[i]!);
      const value = v === null ? Number.NaN : v;
      this.decoded[i] = value;
      const cache = this.cache[i]!;
      // A bounded cache: a module whose ADC wanders over every code still costs a decode per value at most.
      if (cache.size < 65536) cache.set(this.missedRaw[i]!, value);
    }
  }
}

/** The flags set in a sample, as a bit per layout.flags entry. */
export function flagBits(layout: SoakLayout, sample: Uint8Array, out: Uint8Array): void {
  const f = layout.flags;
  for (let i = 0; i < f.length; i++) out[i] = ((sample[f[i]!.at] ?? 0) >> f[i]!.bit) & 1;
}

/** Every channel key of a layout, in order (the series' columns). */
export function channelKeys(layout: SoakLayout): string[] {
  return layout.channels.map((c) => c.key);
}

export { SOAK_PARAMETERS };
