// The soak series as stored: every sample attempt with its time, the module's bytes of every good
// one, compactly. Pure (node:zlib only): samples in, bytes out, and back.
//
// Series, version 1 (integers big endian):
//   0-3   magic "OBSR"
//   4     version 1
//   5     family: 0 SFF-8472, 1 SFF-8636, 2 CMIS
//   6-7   bytes of one sample
//   8     B, the number of blocks a sample reads; then B x 4 bytes: I2C address, register offset,
//         length, bank (FFh: no page select) - the layout, so the bytes can be read without the app
//   then frames back to back until the end:
//     0-3   samples in the frame (N)
//     4-7   time of the frame's first sample, ms from the soak's start
//     8-11  length of the compressed payload (C)
//     12..  C bytes: raw DEFLATE (RFC 1951) of the payload:
//             N varints (LEB128): ms since the sample before (the first: 0)
//             N status bytes: 0 good, 1 module NACK, 2 programmer timeout or error, 3 programmer
//               unplugged, 4 paused (the bench bringing the module back up after a reset)
//             the good samples' bytes, column by column (byte 0 of every good sample, then byte
//             1 ...), each XOR the same byte of the good sample before (the first: as is)
// Columns of XOR deltas are long runs of zeros with a few noisy low bits, which DEFLATE shrinks
// to a few bytes per sample (docs/soak.md gives the measured figure). Frames are written as the
// soak goes (one a second into the journal) and packed into frames of up to FRAME_SAMPLES when
// the soak is sealed, so a reader can decode the series a frame at a time.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { BenchError } from '../errors';
import type { SoakFamily, SoakLayout } from './soak-layout';

export const SERIES_MAGIC = [0x4f, 0x42, 0x53, 0x52] as const; // "OBSR"
export const SERIES_VERSION = 1;
export const FRAME_SAMPLES = 4096;

export const SAMPLE_STATUS = { good: 0, moduleNack: 1, programmerError: 2, unplugged: 3, paused: 4 } as const;
export type SampleStatus = (typeof SAMPLE_STATUS)[keyof typeof SAMPLE_STATUS];

const FAMILY_CODE: Record<SoakFamily, number> = { sff8472: 0, sff8636: 1, cmis: 2 };
const FAMILY_OF = ['sff8472', 'sff8636', 'cmis'] as const;

/** One sample attempt: its time (ms from the start), status and, when good, the module's bytes. */
export interface SampleRecord {
  t: number;
  status: SampleStatus;
  bytes: Uint8Array | null;
}

export interface SeriesHeader {
  family: SoakFamily;
  sampleBytes: number;
  blocks: { addr: number; offset: number; length: number; bank: number | null }[];
}

export function seriesHeader(layout: SoakLayout): Uint8Array {
  const out = new Uint8Array(9 + 4 * layout.blocks.length);
  out.set(SERIES_MAGIC, 0);
  out[4] = SERIES_VERSION;
  out[5] = FAMILY_CODE[layout.family];
  out[6] = layout.sampleBytes >> 8;
  out[7] = layout.sampleBytes & 0xff;
  out[8] = layout.blocks.length;
  layout.blocks.forEach((b, i) => out.set([b.addr, b.offset, b.length, b.bank ?? 0xff], 9 + 4 * i));
  return out;
}

function bad(message: string): BenchError {
  return new BenchError('DB_CORRUPT', `The soak series is damaged: ${message}.`);
}

export function readSeriesHeader(blob: Uint8Array): { header: SeriesHeader; framesAt: number } {
  if (blob.length < 9 || SERIES_MAGIC.some((b, i) => blob[i] !== b)) throw bad('it does not start with OBSR');
  if (blob[4] !== SERIES_VERSION) throw bad(`layout version ${blob[4]} is not one this app reads`);
  const family = FAMILY_OF[blob[5] ?? 255];
  if (family === undefined) throw bad(`family code ${blob[5]}`);
  const sampleBytes = ((blob[6] ?? 0) << 8) | (blob[7] ?? 0);
  const n = blob[8] ?? 0;
  if (blob.length < 9 + 4 * n) throw bad('the block list is cut short');
  const blocks = Array.from({ length: n }, (_, i) => {
    const o = 9 + 4 * i;
    return { addr: blob[o]!, offset: blob[o + 1]!, length: blob[o + 2]!, bank: blob[o + 3] === 0xff ? null : blob[o + 3]! };
  });
  if (blocks.reduce((s, b) => s + b.length, 0) !== sampleBytes) throw bad('the blocks do not add up to the sample size');
  return { header: { family, sampleBytes, blocks }, framesAt: 9 + 4 * n };
}

function pushVarint(out: number[], v: number): void {
  let x = Math.max(0, Math.round(v));
  while (x >= 0x80) {
    out.push((x & 0x7f) | 0x80);
    x = Math.floor(x / 128);
  }
  out.push(x);
}

/** One frame of consecutive samples (see the header comment). */
export function encodeFrame(samples: readonly SampleRecord[], sampleBytes: number): Uint8Array {
  const first = samples[0];
  if (first === undefined) throw new BenchError('INTERNAL', 'an empty soak frame');
  const head: number[] = [];
  let prevT = first.t;
  for (const s of samples) {
    pushVarint(head, s.t - prevT);
    prevT = s.t;
  }
  const good = samples.filter((s) => s.status === SAMPLE_STATUS.good);
  const payload = new Uint8Array(head.length + samples.length + good.length * sampleBytes);
  payload.set(head, 0);
  samples.forEach((s, i) => (payload[head.length + i] = s.status));
  let at = head.length + samples.length;
  for (let j = 0; j < sampleBytes; j++) {
    let prev = 0;
    for (const s of good) {
      const b = s.bytes?.[j] ?? 0;
      payload[at++] = b ^ prev;
      prev = b;
    }
  }
  const packed = deflateRawSync(payload, { level: 9 });
  const out = new Uint8Array(12 + packed.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, samples.length);
  view.setUint32(4, Math.max(0, Math.round(first.t)));
  view.setUint32(8, packed.length);
  out.set(packed, 12);
  return out;
}

/** Decodes the frame at `at`; returns its samples and where the next frame starts. */
export function decodeFrame(blob: Uint8Array, at: number, sampleBytes: number): { samples: SampleRecord[]; next: number } {
  if (at + 12 > blob.length) throw bad('a frame header is cut short');
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const n = view.getUint32(at);
  const t0 = view.getUint32(at + 4);
  const c = view.getUint32(at + 8);
  if (at + 12 + c > blob.length) throw bad('a frame is cut short');
  let payload: Uint8Array;
  try {
    payload = new Uint8Array(inflateRawSync(blob.subarray(at + 12, at + 12 + c)));
  } catch (e) {
    throw bad(`a frame does not inflate (${(e as Error).message})`);
  }
  const times: number[] = [];
  let p = 0;
  let t = t0;
  for (let i = 0; i < n; i++) {
    let v = 0;
    let mul = 1;
    for (;;) {
      const b = payload[p++];
      if (b === undefined) throw bad('the sample times are cut short');
      v += (b & 0x7f) * mul;
      mul *= 128;
      if ((b & 0x80) === 0) break;
    }
    t += v;
    times.push(t);
  }
  const statuses = payload.subarray(p, p + n);
  p += n;
  let goodCount = 0;
  for (const s of statuses) if (s === SAMPLE_STATUS.good) goodCount++;
  if (payload.length !== p + goodCount * sampleBytes) throw bad('the sample bytes do not match the sample count');
  const goodBytes = Array.from({ length: goodCount }, () => new Uint8Array(sampleBytes));
  for (let j = 0; j < sampleBytes; j++) {
    let prev = 0;
    for (let k = 0; k < goodCount; k++) {
      const b = payload[p++]! ^ prev;
      goodBytes[k]![j] = b;
      prev = b;
    }
  }
  let g = 0;
  const samples: SampleRecord[] = times.map((time, i) => {
    const status = statuses[i] as SampleStatus;
    return { t: time, status, bytes: status === SAMPLE_STATUS.good ? goodBytes[g++]! : null };
  });
  return { samples, next: at + 12 + c };
}

/** Every sample of a series, frame by frame, oldest first. */
export function* readSeries(blob: Uint8Array): Generator<SampleRecord, void, void> {
  const { header, framesAt } = readSeriesHeader(blob);
  let at = framesAt;
  while (at < blob.length) {
    const f = decodeFrame(blob, at, header.sampleBytes);
    yield* f.samples;
    at = f.next;
  }
}

/** A whole series from a header and journal frames, repacked into frames of FRAME_SAMPLES. */
export function packSeries(header: Uint8Array, frames: readonly Uint8Array[]): Uint8Array {
  const { header: h } = readSeriesHeader(header);
  const parts: Uint8Array[] = [header];
  let pending: SampleRecord[] = [];
  const flush = (): void => {
    if (pending.length > 0) parts.push(encodeFrame(pending, h.sampleBytes));
    pending = [];
  };
  for (const f of frames) {
    const { samples } = decodeFrame(f, 0, h.sampleBytes);
    for (const s of samples) {
      pending.push(s);
      if (pending.length >= FRAME_SAMPLES) flush();
    }
  }
  flush();
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
