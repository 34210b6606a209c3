// Reads a module the way the standards lay out its memory (SFF-8472 for SFP, SFF-8636 for
// QSFP): identify from byte 0, then only what exists. Chunks never cross a 128-byte boundary
// (optoe, QLogic and "you cannot read past a 1/2 page boundary", programmers.md §4.2); a page
// is one pipelined batch; transfer errors are retried a bounded number of times after a resync;
// every wait has a deadline (in the drivers); an AbortSignal cancels.
import type { DecodedModule } from '../../preload/contract/module';
import type { ReadNote, ReadPhase, ReadProgress, ReadResult } from '../../preload/contract/hardware';
import { BenchError } from '../errors';
import type { I2cBus, I2cOp } from './drivers/i2c-bus';
import { checkAborted, isTransient, noModule, readFailed } from './hw-errors';
import { sleep as realSleep } from './transport/transport';

export const ADDR_A0 = 0x50;
export const ADDR_A2 = 0x51;

// The reader and the decoder must agree on which identifiers are which memory map: one table.
import { moduleFamilyOf as familyOf } from '../sff/sff8024';

export { familyOf };
export type { ModuleFamily } from '../sff/sff8024';

export interface ReaderOptions {
  /** The decoder (main/sff decodeModule); injected so this file stays free of it. */
  decode: (image: Uint8Array) => DecodedModule;
  signal?: AbortSignal | undefined;
  onProgress?: ((p: ReadProgress) => void) | undefined;
  /** Attempts after the first for a batch that failed in transfer. Default 3. */
  retries?: number;
  /**
   * Extra attempts when nothing answers at first, spaced 150, 300, 450 ms: QLogic's "some QSFPs
   * fail first try", and a module just pushed into a powered cage NACKs for t_serial (300 ms).
   * Default 3.
   */
  noModuleRetries?: number;
  /** Whole-read deadline in ms (default 8000): retries on a noisy line must not add up to a hang. */
  timeoutMs?: number;
  /** Largest read per transaction, 1..128. Default 128; 16 suits modules that fail long reads. */
  chunkSize?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

interface Region {
  addr: number;
  start: number;
  end: number;
}

interface Segment {
  region: Region;
  before?: I2cOp[];
  after?: I2cOp[];
}

/** Splits [start, end) into reads of at most `size` bytes, none crossing a 128-byte boundary. */
export function chunkReads(addr: number, start: number, end: number, size: number): Extract<I2cOp, { op: 'read' }>[] {
  if (size < 1 || size > 128) throw new BenchError('INVALID_INPUT', `chunk size ${size}`);
  const out: Extract<I2cOp, { op: 'read' }>[] = [];
  let at = start;
  while (at < end) {
    const boundary = (Math.floor(at / 128) + 1) * 128;
    const n = Math.min(size, end - at, boundary - at);
    out.push({ op: 'read', addr, offset: at, length: n });
    at += n;
  }
  return out;
}

function sum8(bytes: Uint8Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i <= to; i++) s += bytes[i] ?? 0;
  return s & 0xff;
}

/** A checksum inside one 128-byte page: bytes [from, to] summed into byte `at` (offsets within the page buffer). */
interface PageChecksum {
  name: string;
  from: number;
  to: number;
  at: number;
}

function badChecksums(page: Uint8Array, sums: readonly PageChecksum[]): PageChecksum[] {
  return sums.filter((c) => sum8(page, c.from, c.to) !== page[c.at]);
}

function sameCovered(a: Uint8Array, b: Uint8Array, sums: readonly PageChecksum[]): boolean {
  return sums.every((c) => {
    for (let i = c.from; i <= c.at; i++) if (a[i] !== b[i]) return false;
    return true;
  });
}

class Reader {
  private readonly bus: I2cBus;
  private readonly o: ReaderOptions;
  private readonly retries: number;
  private readonly chunk: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly notes: ReadNote[] = [];
  bytesRead = 0;
  bytesTotal = 128;

  constructor(bus: I2cBus, o: ReaderOptions) {
    this.bus = bus;
    this.o = o;
    this.retries = o.retries ?? 3;
    this.chunk = o.chunkSize ?? 128;
    this.sleep = o.sleep ?? realSleep;
  }

  progress(phase: ReadPhase, message: string): void {
    this.o.onProgress?.({ phase, bytesRead: this.bytesRead, bytesTotal: this.bytesTotal, message });
  }

  /** Runs one batch, retrying transfer errors after a resync; never more than 1 + retries attempts. */
  async batch(ops: I2cOp[], what: string): Promise<Uint8Array[]> {
    let last: unknown;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      checkAborted(this.o.signal);
      try {
        if (attempt > 0) await this.bus.recover({ signal: this.o.signal });
        return await this.bus.execute(ops, { signal: this.o.signal });
      } catch (e) {
        if (!isTransient(e)) throw e;
        last = e;
        if (attempt < this.retries) {
          this.notes.push({ code: 'TRANSFER_RETRIED', message: `${what}: ${(e as Error).message}; retrying`, offset: null });
        }
      }
    }
    const base = last instanceof BenchError ? last : null;
    throw new BenchError(
      base?.code === 'PROGRAMMER_NOT_RESPONDING' ? 'PROGRAMMER_NOT_RESPONDING' : 'READ_FAILED',
      `Reading ${what} failed ${this.retries + 1} times: ${base?.message ?? String(last)}`,
      base?.details,
    );
  }

  /** Reads a region in chunks as one batch and returns it joined. */
  async region(r: Region, what: string): Promise<{ data: Uint8Array }> {
    const [seg] = await this.segments([{ region: r }], what);
    return { data: seg?.data ?? new Uint8Array(0) };
  }

  /**
   * Several regions, each with optional ops before and after it (page select, read-back,
   * restore), as ONE batch: one host write and one turnaround for the lot.
   */
  async segments(parts: readonly Segment[], what: string): Promise<{ data: Uint8Array; before: Uint8Array[] }[]> {
    const ops: I2cOp[] = [];
    const layout: { before: number; reads: number; after: number; size: number }[] = [];
    for (const part of parts) {
      const reads = chunkReads(part.region.addr, part.region.start, part.region.end, this.chunk);
      const before = part.before ?? [];
      const after = part.after ?? [];
      ops.push(...before, ...reads, ...after);
      layout.push({ before: before.length, reads: reads.length, after: after.length, size: part.region.end - part.region.start });
    }
    const res = await this.batch(ops, what);
    let at = 0;
    return layout.map((l) => {
      const before = res.slice(at, at + l.before);
      at += l.before;
      const data = new Uint8Array(l.size);
      let p = 0;
      for (const chunk of res.slice(at, at + l.reads)) {
        data.set(chunk, p);
        p += chunk.length;
      }
      at += l.reads + l.after;
      this.bytesRead += l.size;
      return { data, before };
    });
  }

  /** The first batch; NACKs here get a few spaced retries before we call the socket empty. */
  async identify(): Promise<Uint8Array> {
    const tries = 1 + (this.o.noModuleRetries ?? 3);
    for (let i = 0; ; i++) {
      try {
        return (await this.region({ addr: ADDR_A0, start: 0, end: 128 }, 'the module identifier (A0h 0-127)')).data;
      } catch (e) {
        if (!(e instanceof BenchError && e.code === 'NO_MODULE') || i + 1 >= tries) throw e;
        await this.sleep(150 * (i + 1), this.o.signal).catch(() => checkAborted(this.o.signal));
      }
    }
  }

  /**
   * Checks a page's checksums; on a mismatch reads the page again: a transfer error reads back
   * different (and usually right), a bad EEPROM reads back the same wrong bytes. Two agreeing
   * reads with a wrong checksum are a complete read of a module with a bad checksum.
   */
  async confirmChecksums(
    page: Uint8Array,
    sums: readonly PageChecksum[],
    reread: () => Promise<Uint8Array>,
    label: string,
    imageOffset: number,
  ): Promise<Uint8Array> {
    let current = page;
    if (badChecksums(current, sums).length === 0) return current;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      this.progress('verify', `${label}: checksum mismatch, reading the page again`);
      const again = await reread();
      if (badChecksums(again, sums).length === 0) {
        this.notes.push({ code: 'TRANSFER_ERROR_CORRECTED', message: `${label}: the first read had a transfer error (checksum wrong); the second read is consistent`, offset: imageOffset });
        return again;
      }
      if (sameCovered(current, again, sums)) {
        for (const c of badChecksums(again, sums)) {
          this.notes.push({
            code: 'CHECKSUM_CONFIRMED',
            message: `${label}: ${c.name} is wrong in the module's memory (stored 0x${(again[c.at] ?? 0).toString(16).padStart(2, '0')}, computed 0x${sum8(again, c.from, c.to).toString(16).padStart(2, '0')}); two reads agree, so this is the EEPROM, not the transfer`,
            offset: imageOffset + c.at,
          });
        }
        return again;
      }
      current = again;
    }
    throw readFailed(`${label}: every read of the page gives different bytes; the connection to the module is unreliable`);
  }
}

const SFP_A0_SUMS: readonly PageChecksum[] = [
  { name: 'CC_BASE (byte 63)', from: 0, to: 62, at: 63 },
  { name: 'CC_EXT (byte 95)', from: 64, to: 94, at: 95 },
];
const SFP_A2_SUMS: readonly PageChecksum[] = [{ name: 'CC_DMI (byte 95)', from: 0, to: 94, at: 95 }];
// SFF-8636 upper page 00h, offsets within the 128-byte page (128 -> 0).
const QSFP_P00_SUMS: readonly PageChecksum[] = [
  { name: 'CC_BASE (byte 191)', from: 0, to: 62, at: 63 },
  { name: 'CC_EXT (byte 223)', from: 64, to: 94, at: 95 },
];

async function readSff8472(r: Reader, lower: Uint8Array): Promise<Uint8Array> {
  const dmt = lower[92] ?? 0;
  const ddm = (dmt & 0x40) !== 0;
  const addressChange = (dmt & 0x04) !== 0;
  const readA2 = ddm && !addressChange;
  r.bytesTotal = 256 + (readA2 ? 256 : 0);
  if (ddm && addressChange) {
    r.notes.push({
      code: 'ADDRESS_CHANGE_REQUIRED',
      message: 'The module has diagnostics but needs an address-change sequence before A2h can be read (A0h byte 92 bit 2); A2h was not read.',
      offset: 92,
    });
  }
  const a0 = new Uint8Array(256);
  a0.set(await r.confirmChecksums(lower, SFP_A0_SUMS, async () => (await r.region({ addr: ADDR_A0, start: 0, end: 128 }, 'A0h 0-127')).data, 'A0h', 0), 0);
  r.progress('A0h', readA2 ? 'A0h upper half and A2h diagnostics' : 'A0h upper half');
  const parts: Segment[] = [{ region: { addr: ADDR_A0, start: 128, end: 256 } }];
  if (readA2) parts.push({ region: { addr: ADDR_A2, start: 0, end: 256 } });
  const [upper, diag] = await r.segments(parts, readA2 ? 'A0h 128-255 and A2h 0-255' : 'A0h 128-255');
  a0.set(upper?.data ?? new Uint8Array(128), 128);
  if (!readA2 || !diag) return a0;
  r.progress('A2h', 'A2h checksum');
  const a2 = diag.data;
  const a2lower = await r.confirmChecksums(a2.subarray(0, 128), SFP_A2_SUMS, async () => (await r.region({ addr: ADDR_A2, start: 0, end: 128 }, 'A2h 0-127')).data, 'A2h', 256);
  const image = new Uint8Array(512);
  image.set(a0, 0);
  image.set(a2, 256);
  image.set(a2lower, 256);
  return image;
}

/** Page select write, its read-back (to verify), then the page: a segment of a batch. */
function pageSegment(addr: number, selectBytes: number[], after: I2cOp[] = []): Segment {
  const selectAt = 128 - selectBytes.length;
  return {
    region: { addr, start: 128, end: 256 },
    before: [
      { op: 'write', addr, offset: selectAt, data: Uint8Array.from(selectBytes) },
      { op: 'read', addr, offset: selectAt, length: selectBytes.length },
    ],
    after,
  };
}

function selected(seg: { before: Uint8Array[] } | undefined, selectBytes: number[]): boolean {
  const back = seg?.before[1];
  return back !== undefined && selectBytes.every((b, i) => back[i] === b);
}

async function readSff8636(r: Reader, lower: Uint8Array): Promise<Uint8Array> {
  const flat = ((lower[2] ?? 0) & 0x04) !== 0;
  r.bytesTotal = flat ? 256 : 384;
  r.progress('page00h', flat ? 'upper page 00h' : 'upper pages 00h and 03h');
  // Both pages in one batch, ending with page 00h selected again, as a host expects to find it.
  const restore: I2cOp[] = [{ op: 'write', addr: ADDR_A0, offset: 127, data: Uint8Array.of(0) }];
  const parts = flat ? [pageSegment(ADDR_A0, [0x00])] : [pageSegment(ADDR_A0, [0x00]), pageSegment(ADDR_A0, [0x03], restore)];
  const [seg00, seg03] = await r.segments(parts, flat ? 'upper page 00h' : 'upper pages 00h and 03h');
  const notAccepted = readFailed('The module did not accept page 00h in its page select byte (127).');
  if (!seg00 || !selected(seg00, [0x00])) throw notAccepted;
  const readP00 = async (): Promise<Uint8Array> => {
    const [again] = await r.segments([pageSegment(ADDR_A0, [0x00])], 'upper page 00h');
    if (!again || !selected(again, [0x00])) throw notAccepted;
    return again.data;
  };
  const p00 = await r.confirmChecksums(seg00.data, QSFP_P00_SUMS, readP00, 'page 00h', 128);
  if (flat) {
    const image = new Uint8Array(256);
    image.set(lower, 0);
    image.set(p00, 128);
    return image;
  }
  const has03 = selected(seg03, [0x03]);
  const image = new Uint8Array(has03 ? 640 : 256);
  image.set(lower, 0);
  image.set(p00, 128);
  if (!has03 || !seg03) {
    r.notes.push({ code: 'PAGE_03H_UNAVAILABLE', message: 'The module did not accept page 03h (thresholds) although it is not flat-memory; thresholds are missing.', offset: 127 });
  } else {
    // ethtool layout: pages 01h and 02h (not read) stay zero at 256-511; page 03h at 512.
    image.set(seg03.data, 512);
  }
  return image;
}

async function readCmis(r: Reader, lower: Uint8Array): Promise<Uint8Array> {
  r.bytesTotal = 256;
  r.progress('page00h', 'upper page 00h');
  // CMIS: bank (126) and page (127) change together in one 2-byte write (programmers.md §4.4).
  const [seg] = await r.segments([pageSegment(ADDR_A0, [0x00, 0x00])], 'upper page 00h');
  if (!seg || !selected(seg, [0x00, 0x00])) throw readFailed('The module did not accept bank 0 / page 00h.');
  const p00 = seg.data;
  const image = new Uint8Array(256);
  image.set(lower, 0);
  image.set(p00, 128);
  r.notes.push({ code: 'CMIS_PARTIAL', message: 'CMIS module: only the lower page and page 00h were read.', offset: null });
  return image;
}

/**
 * Reads a module in the programmer and decodes it. Throws NO_MODULE, MODULE_UNSUPPORTED,
 * READ_FAILED, PROGRAMMER_NOT_RESPONDING, PROGRAMMER_UNPLUGGED or CANCELLED; a module whose
 * stored checksum is wrong is a complete read with a CHECKSUM_CONFIRMED note.
 */
export async function readModuleWith(bus: I2cBus, opts: ReaderOptions): Promise<ReadResult> {
  const now = opts.now ?? Date.now;
  const started = now();
  const budget = opts.timeoutMs ?? 8000;
  const ac = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ac.abort();
  }, budget);
  const onAbort = (): void => ac.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) ac.abort();
  const r = new Reader(bus, { ...opts, signal: ac.signal });
  try {
    const image = await readImage(r, bus);
    r.bytesRead = r.bytesTotal;
    r.progress('done', 'read complete');
    const module = opts.decode(image);
    return { image, module, programmer: bus.info, durationMs: now() - started, notes: r.notes };
  } catch (e) {
    if (timedOut && e instanceof BenchError && e.code === 'CANCELLED') {
      const retried = r.notes.filter((n) => n.code === 'TRANSFER_RETRIED').at(-1);
      throw readFailed(
        `The read did not finish within ${budget / 1000} s${retried ? ` (last problem: ${retried.message})` : ''}. Check the cable and the programmer, then read again.`,
      );
    }
    throw e;
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

async function readImage(r: Reader, bus: I2cBus): Promise<Uint8Array> {
  r.progress('identify', 'reading the identifier');
  const lower = await r.identify();
  const id = lower[0] ?? 0;
  if (lower.every((b) => b === 0xff)) {
    // A bus with no device and pull-ups reads all ones on programmers that cannot see the NACK.
    throw noModule(bus.info.path);
  }
  const family = familyOf(id);
  if (family === 'sff8472') return readSff8472(r, lower);
  if (family === 'sff8636') return readSff8636(r, lower);
  if (family === 'cmis') return readCmis(r, lower);
  throw new BenchError(
    'MODULE_UNSUPPORTED',
    `The module identifies itself as 0x${id.toString(16).padStart(2, '0')}, which is not an SFP, QSFP or CMIS module this bench can read.`,
    { identifier: id },
  );
}
