// Reads a module the way the standards lay out its memory (SFF-8472 for SFP, SFF-8636 for QSFP,
// CMIS for QSFP-DD/OSFP/QSFP112): identify from byte 0, then only what exists. Chunks never cross
// a 128-byte boundary (optoe, QLogic and "you cannot read past a 1/2 page boundary", programmers.md
// §4.2); every page select is read back before its page is trusted; transfer errors are retried a
// bounded number of times after a resync; every wait has a deadline; an AbortSignal cancels.
// Lasers are brought up before they are judged (bring-up.ts) through volatile control bytes only
// (control-writes.ts), and put back.
import type { DecodedModule } from '../../preload/contract/module';
import type { LaserBringUp } from '../../preload/contract/limits';
import type { ReadNote, ReadPhase, ReadProgress, ReadResult } from '../../preload/contract/hardware';
import { BenchError } from '../errors';
import { encodePagedImage, makePagedImage, pageName, type PageBlock } from '../sff/paged-image';
import { bringUpCmis, bringUpSff8636, cmisFacts, type BringUp, type ModuleAccess } from './bring-up';
import { ControlWriter, type ControlAccess, type ControlRegister } from './control-writes';
import type { I2cBus, I2cOp } from './drivers/i2c-bus';
import { checkAborted, isTransient, noModule, readFailed } from './hw-errors';
import { sleep as realSleep } from './transport/transport';

export const ADDR_A0 = 0x50;
export const ADDR_A2 = 0x51;

// The reader and the decoder must agree on which identifiers are which memory map: one table.
import { moduleFamilyOf as familyOf, type ModuleFamily } from '../sff/sff8024';

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
  /**
   * Whole-read deadline in ms (default 8000) for the transfers: retries on a noisy line must not
   * add up to a hang. Waits a module advertises while its lasers come up are added to it.
   */
  timeoutMs?: number;
  /** Largest read per transaction, 1..128. Default 128; 16 suits modules that fail long reads. */
  chunkSize?: number;
  /** Read without bringing the lasers up: no control byte is written (ModuleReadOptions.asIs). */
  asIs?: boolean;
  /**
   * 'fastest' (default): raise the I2C clock to what the module's standard and its own
   * advertisement allow once it is identified, back to 100 kHz on a transfer error.
   * 'standard': stay at 100 kHz, which every module supports.
   */
  clock?: 'fastest' | 'standard';
  /**
   * Leave the lasers up after the read (a soak, issue 15): the controls the bring-up wrote stay
   * as written and the result carries `release()`, which puts them back exactly as a read would
   * have at its end. Nothing else changes: the same control-write path, the same record.
   */
  holdLasers?: boolean;
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
  /** The first chunk's pointer is already at region.start (left there by the last op before it). */
  continues?: boolean;
}

/** Splits [start, end) into reads of at most `size` bytes, none crossing a 128-byte boundary. */
export function chunkReads(addr: number, start: number, end: number, size: number): Extract<I2cOp, { op: 'read' }>[] {
  if (size < 1 || size > 128) throw new BenchError('INVALID_INPUT', `chunk size ${size}`);
  const out: Extract<I2cOp, { op: 'read' }>[] = [];
  let at = start;
  while (at < end) {
    const boundary = (Math.floor(at / 128) + 1) * 128;
    const n = Math.min(size, end - at, boundary - at);
    // Each chunk after the first continues where the previous one stopped.
    out.push(out.length === 0 ? { op: 'read', addr, offset: at, length: n } : { op: 'read', addr, offset: at, length: n, continues: true });
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

/**
 * Fastest two-wire clock a module allows, kHz. SFF-8472 Table 8-7: f_serial_clock at most
 * 100 kHz. SFF-8636: 400 kHz, the rate QSFP hosts use (programmers.md §4.3; SFF-8636's own timing
 * table not at hand, so any transfer error goes back to 100 kHz). CMIS: lower page byte 2 (CMIS
 * 4.0-5.2 bits 3-2, 5.3 and later bits 5-2): 0 = 400 kHz, 1 = 1 MHz, 2 = 3.4 MHz, which needs
 * I2C high-speed mode no supported programmer drives, so 1 MHz is the most the bench asks.
 */
export function moduleMaxClockKhz(family: ModuleFamily, lower: Uint8Array): number {
  if (family === 'sff8472') return 100;
  if (family === 'sff8636') return 400;
  const rev = lower[1] ?? 0;
  const b2 = lower[2] ?? 0;
  const code = rev >= 0x53 ? (b2 >> 2) & 0x0f : (b2 >> 2) & 0x03;
  return code === 1 || code === 2 ? 1000 : 400;
}

/** The whole-read deadline: aborts everything at the end, and grows for advertised module waits. */
class Budget {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private end: number;
  timedOut = false;
  constructor(
    ms: number,
    private readonly ac: AbortController,
  ) {
    this.end = Date.now() + ms;
    this.arm();
  }
  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.ac.abort();
    }, Math.max(0, this.end - Date.now()));
  }
  extend(ms: number): void {
    this.end += ms;
    this.arm();
  }
  get totalMs(): number {
    return this.end;
  }
  clear(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}

class Reader implements ModuleAccess, ControlAccess {
  /** Replaced only by a held read's release() when the programmer was reopened meanwhile. */
  bus: I2cBus;
  private o: ReaderOptions;
  private readonly retries: number;
  private readonly chunk: number;
  private readonly sleepFn: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly notes: ReadNote[] = [];
  bytesRead = 0;
  bytesTotal = 128;
  /** The clock was raised above 100 kHz for this module; a transfer error lowers it again. */
  private raisedKhz: number | null = null;
  /** Which page (and bank) the module shows at 128-255, when known. */
  private shown: { page: number; bank: number } | null = null;
  /** CMIS 3.0 selects bank and page with two single writes, 4.0 and later with one. */
  cmisRev: number | null = null;
  family: ModuleFamily | null = null;
  /** A bring-up left in place for the caller (ReaderOptions.holdLasers). */
  held: { w: ControlWriter; b: BringUp } | null = null;

  constructor(
    bus: I2cBus,
    o: ReaderOptions,
    private readonly budget: Budget,
  ) {
    this.bus = bus;
    this.o = o;
    this.retries = o.retries ?? 3;
    this.chunk = o.chunkSize ?? 128;
    this.sleepFn = o.sleep ?? realSleep;
  }

  get signal(): AbortSignal | undefined {
    return this.o.signal;
  }

  get holdRequested(): boolean {
    return this.o.holdLasers === true;
  }

  /**
   * Runs `fn` with a signal of its own (30 s), not the read's: putting control bytes back must
   * happen even when the read was cancelled or ran out of time.
   */
  async restoring<T>(fn: () => Promise<T>): Promise<T> {
    const saved = this.o.signal;
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 30_000);
    this.o.signal = ac.signal;
    try {
      return await fn();
    } finally {
      clearTimeout(timer);
      this.o.signal = saved;
    }
  }

  progress(phase: ReadPhase, message: string): void {
    this.o.onProgress?.({ phase, bytesRead: this.bytesRead, bytesTotal: this.bytesTotal, message });
  }

  note(code: string, message: string, offset: number | null = null): void {
    this.notes.push({ code, message, offset });
  }

  now(): number {
    return (this.o.now ?? Date.now)();
  }

  async sleep(ms: number): Promise<void> {
    await this.sleepFn(ms, this.o.signal).catch(() => checkAborted(this.o.signal));
  }

  extendBudget(ms: number): void {
    this.budget.extend(ms);
  }

  /** Raises the clock to what the module allows (ReaderOptions.clock). */
  async raiseClock(maxKhz: number): Promise<void> {
    if ((this.o.clock ?? 'fastest') !== 'fastest') return;
    const want = Math.min(maxKhz, this.bus.maxSpeedKhz);
    if (want <= 100) return;
    const got = await this.bus.setSpeed(want);
    if (got > 100) this.raisedKhz = got;
  }

  private async lowerClock(why: string): Promise<void> {
    const was = this.raisedKhz;
    this.raisedKhz = null;
    await this.bus.recover({ signal: this.o.signal });
    await this.bus.setSpeed(100);
    this.shown = null;
    this.note('I2C_CLOCK_LOWERED', `Transfers failed at ${was} kHz (${why}); the rest of the read runs at 100 kHz.`);
  }

  /** Runs one batch, retrying transfer errors after a resync; never more than 1 + retries attempts. */
  async batch(ops: I2cOp[], what: string): Promise<Uint8Array[]> {
    let last: unknown;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      checkAborted(this.o.signal);
      try {
        if (attempt > 0) {
          await this.bus.recover({ signal: this.o.signal });
          // After a failure the page select cannot be trusted: segments select their page again.
          this.shown = null;
        }
        return await this.bus.execute(ops, { signal: this.o.signal });
      } catch (e) {
        this.shown = null;
        // The first failure at a raised clock is the clock's fault until shown otherwise: a module
        // that cannot keep up garbles data or stops acknowledging (it answered at 100 kHz).
        const nack = e instanceof BenchError && e.code === 'NO_MODULE';
        if (this.raisedKhz !== null && (nack || isTransient(e))) {
          await this.lowerClock((e as Error).message);
          return this.batch(ops, what);
        }
        if (!isTransient(e)) throw e;
        last = e;
        if (attempt < this.retries) {
          this.note('TRANSFER_RETRIED', `${what}: ${(e as Error).message}; retrying`);
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
   * restore), as ONE batch: the programmer paces or pipelines it as its link allows.
   */
  async segments(parts: readonly Segment[], what: string): Promise<{ data: Uint8Array; before: Uint8Array[] }[]> {
    const ops: I2cOp[] = [];
    const layout: { before: number; reads: number; after: number; size: number }[] = [];
    for (const part of parts) {
      const reads = chunkReads(part.region.addr, part.region.start, part.region.end, this.chunk);
      if (part.continues && reads[0]) reads[0] = { ...reads[0], continues: true };
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
        await this.sleep(150 * (i + 1));
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
        this.note('TRANSFER_ERROR_CORRECTED', `${label}: the first read had a transfer error (checksum wrong); the second read is consistent`, imageOffset);
        return again;
      }
      if (sameCovered(current, again, sums)) {
        for (const c of badChecksums(again, sums)) {
          this.note(
            'CHECKSUM_CONFIRMED',
            `${label}: ${c.name} is wrong in the module's memory (stored 0x${(again[c.at] ?? 0).toString(16).padStart(2, '0')}, computed 0x${sum8(again, c.from, c.to).toString(16).padStart(2, '0')}); two reads agree, so this is the EEPROM, not the transfer`,
            imageOffset + c.at,
          );
        }
        return again;
      }
      current = again;
    }
    throw readFailed(`${label}: every read of the page gives different bytes; the connection to the module is unreliable`);
  }

  // ---- paged memory: page select, verified ----

  /** The ops that select a page (and bank), then read the select bytes back to check it took. */
  selectOps(page: number, bank: number): { ops: I2cOp[]; expect: number[] } {
    if (this.family === 'cmis') {
      const legacy = (this.cmisRev ?? 0x40) < 0x40;
      // CMIS 4.0+: bank and page change together in one 2-byte write to 126-127 (programmers.md
      // §4.4); CMIS 3.0 takes them as two single writes.
      const writes: I2cOp[] = legacy
        ? [
            { op: 'write', addr: ADDR_A0, offset: 126, data: Uint8Array.of(bank) },
            { op: 'write', addr: ADDR_A0, offset: 127, data: Uint8Array.of(page) },
          ]
        : [{ op: 'write', addr: ADDR_A0, offset: 126, data: Uint8Array.of(bank, page) }];
      return { ops: [...writes, { op: 'read', addr: ADDR_A0, offset: 126, length: 2 }], expect: [bank, page] };
    }
    return {
      ops: [
        { op: 'write', addr: ADDR_A0, offset: 127, data: Uint8Array.of(page) },
        { op: 'read', addr: ADDR_A0, offset: 127, length: 1 },
      ],
      expect: [page],
    };
  }

  /** A page read as a segment: select, read-back, then 128-255 from where the read-back left the pointer. */
  pageSegment(page: number, bank = 0, after: I2cOp[] = []): Segment & { expect: number[] } {
    const sel = this.selectOps(page, bank);
    return { region: { addr: ADDR_A0, start: 128, end: 256 }, before: sel.ops, after, continues: true, expect: sel.expect };
  }

  static selected(seg: { before: Uint8Array[] } | undefined, expect: number[]): boolean {
    const back = seg?.before[seg.before.length - 1];
    return back !== undefined && expect.every((b, i) => back[i] === b);
  }

  /** Selects a page (verified) unless it is already shown. */
  private async show(page: number, bank: number): Promise<void> {
    if (this.shown && this.shown.page === page && this.shown.bank === bank) return;
    const sel = this.selectOps(page, bank);
    const res = await this.batch(sel.ops, `the page select (page ${pageName(page, bank)})`);
    if (!Reader.selected({ before: res }, sel.expect)) {
      this.shown = null;
      throw readFailed(`The module did not accept page ${pageName(page, bank)} in its page select.`);
    }
    this.shown = { page, bank };
  }

  /** ModuleAccess: bytes of the lower page or of a page/bank. */
  async read(offset: number, length: number, page = 0, bank = 0): Promise<Uint8Array> {
    if (offset >= 128) await this.show(page, bank);
    const [data] = await this.batch([{ op: 'read', addr: ADDR_A0, offset, length }], `${length} byte(s) at ${offset < 128 ? 'lower page' : `page ${pageName(page, bank)}`} byte ${offset}`);
    return data ?? new Uint8Array(0);
  }

  // ControlAccess
  async readByte(reg: ControlRegister): Promise<number> {
    return (await this.read(reg.offset, 1, reg.page ?? 0, reg.bank))[0] ?? 0;
  }

  async writeByte(reg: ControlRegister, value: number): Promise<void> {
    if (reg.page !== null) await this.show(reg.page, reg.bank);
    await this.batch([{ op: 'write', addr: ADDR_A0, offset: reg.offset, data: Uint8Array.of(value) }], `the control write at ${reg.page === null ? 'lower page' : `page ${pageName(reg.page, reg.bank)}`} byte ${reg.offset}`);
  }

  /** Page 00h bank 0 shown again at the end, as a host expects to find it. */
  async showPage00(): Promise<void> {
    try {
      await this.show(0, 0);
    } catch (e) {
      if (!(e instanceof BenchError) || e.code === 'CANCELLED') throw e;
      this.note('PAGE_SELECT_NOT_RESTORED', 'The module did not return to page 00h at the end of the read.', 127);
    }
  }

  forgetSelection(): void {
    this.shown = null;
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
// CMIS page 00h: byte 222 is the low byte of the sum of bytes 128-221.
const CMIS_P00_SUMS: readonly PageChecksum[] = [{ name: 'CC_BASE (page 00h byte 222)', from: 0, to: 93, at: 94 }];

const SFP_LASER: LaserBringUp = { outcome: 'not-needed', detail: 'SFP (SFF-8472): no low-power mode to leave; the laser is on unless TX_DISABLE is asserted.', writes: [] };

async function readSff8472(r: Reader, lower: Uint8Array): Promise<{ image: Uint8Array; laser: LaserBringUp }> {
  const dmt = lower[92] ?? 0;
  const ddm = (dmt & 0x40) !== 0;
  const addressChange = (dmt & 0x04) !== 0;
  const readA2 = ddm && !addressChange;
  r.bytesTotal = 256 + (readA2 ? 256 : 0);
  if (ddm && addressChange) {
    r.note('ADDRESS_CHANGE_REQUIRED', 'The module has diagnostics but needs an address-change sequence before A2h can be read (A0h byte 92 bit 2); A2h was not read.', 92);
  }
  const a0 = new Uint8Array(256);
  a0.set(await r.confirmChecksums(lower, SFP_A0_SUMS, async () => (await r.region({ addr: ADDR_A0, start: 0, end: 128 }, 'A0h 0-127')).data, 'A0h', 0), 0);
  r.progress('A0h', readA2 ? 'A0h upper half and A2h diagnostics' : 'A0h upper half');
  const parts: Segment[] = [{ region: { addr: ADDR_A0, start: 128, end: 256 } }];
  if (readA2) parts.push({ region: { addr: ADDR_A2, start: 0, end: 256 } });
  const [upper, diag] = await r.segments(parts, readA2 ? 'A0h 128-255 and A2h 0-255' : 'A0h 128-255');
  a0.set(upper?.data ?? new Uint8Array(128), 128);
  if (!readA2 || !diag) return { image: a0, laser: SFP_LASER };
  r.progress('A2h', 'A2h checksum');
  const a2 = diag.data;
  const a2lower = await r.confirmChecksums(a2.subarray(0, 128), SFP_A2_SUMS, async () => (await r.region({ addr: ADDR_A2, start: 0, end: 128 }, 'A2h 0-127')).data, 'A2h', 256);
  const image = new Uint8Array(512);
  image.set(a0, 0);
  image.set(a2, 256);
  image.set(a2lower, 256);
  return { image, laser: SFP_LASER };
}

/** Runs a bring-up's restore and records what every control byte holds afterwards. */
async function finishLaser(r: Reader, w: ControlWriter, b: BringUp): Promise<LaserBringUp> {
  let detail = b.detail;
  await r.restoring(async () => {
    if (b.restore) {
      try {
        await b.restore();
      } catch (e) {
        detail += ` Putting the controls back failed: ${(e as Error).message}.`;
        await w.putAllBack().catch(() => {});
      }
    }
    if (w.touched) await w.verify();
  });
  const left = w.writes().filter((x) => !x.restored);
  if (left.length > 0) {
    r.note('CONTROL_NOT_RESTORED', `Control bytes not back to their old value: ${left.map((x) => `${x.offset < 128 ? 'lower page' : `page ${pageName(x.page, x.bank)}`} byte ${x.offset}`).join(', ')}. A power cycle of the module restores them.`);
  }
  return { outcome: b.outcome, detail, writes: w.writes() };
}

/** finishLaser, unless the caller asked to keep the lasers up: then the bring-up is kept for release(). */
async function finishOrHold(r: Reader, w: ControlWriter, b: BringUp, hold: boolean): Promise<LaserBringUp> {
  if (hold && b.outcome === 'done' && b.restore !== null) {
    r.held = { w, b };
    return { outcome: b.outcome, detail: `${b.detail.replace(/,? ?(read, )?and put back\.$|; read; controls put back\.$/, '.')} Held up for the soak; put back when it ends.`, writes: w.writes() };
  }
  return finishLaser(r, w, b);
}

/**
 * Runs a read that may bring lasers up. If it fails or is cancelled part-way, every control byte
 * written so far is put back (the bring-up's own restore when it got that far) before the error
 * goes on.
 */
async function withLasers<T>(r: Reader, w: ControlWriter, run: (track: (b: BringUp) => void) => Promise<T>): Promise<T> {
  let current: BringUp | null = null;
  try {
    return await run((b) => {
      current = b;
    });
  } catch (e) {
    const b = current as BringUp | null;
    await r
      .restoring(async () => {
        if (b?.restore) await b.restore();
        else await w.putAllBack();
        await w.verify();
      })
      .catch(() => {});
    throw e;
  }
}

async function readSff8636(r: Reader, lower: Uint8Array, asIs: boolean): Promise<{ image: Uint8Array; laser: LaserBringUp }> {
  const flat = ((lower[2] ?? 0) & 0x04) !== 0;
  r.bytesTotal = flat ? 256 : 384;
  r.progress('page00h', flat ? 'upper page 00h' : 'upper pages 00h and 03h');
  // Both pages in one batch, ending with page 00h selected again, as a host expects to find it.
  const restore: I2cOp[] = [{ op: 'write', addr: ADDR_A0, offset: 127, data: Uint8Array.of(0) }];
  const s00 = r.pageSegment(0x00);
  const s03 = r.pageSegment(0x03, 0, restore);
  const [seg00, seg03] = await r.segments(flat ? [s00] : [s00, s03], flat ? 'upper page 00h' : 'upper pages 00h and 03h');
  r.forgetSelection();
  const notAccepted = readFailed('The module did not accept page 00h in its page select byte (127).');
  if (!seg00 || !Reader.selected(seg00, s00.expect)) throw notAccepted;
  const readP00 = async (): Promise<Uint8Array> => {
    const s = r.pageSegment(0x00);
    const [again] = await r.segments([s], 'upper page 00h');
    if (!again || !Reader.selected(again, s.expect)) throw notAccepted;
    return again.data;
  };
  const p00 = await r.confirmChecksums(seg00.data, QSFP_P00_SUMS, readP00, 'page 00h', 128);

  // Lasers: a power class 2+ module in low power comes up through byte 93, then the lower page
  // (where the monitors are) is read again with the lasers on.
  const w = new ControlWriter('sff8636', r);
  const { finalLower, laser } = await withLasers(r, w, async (track) => {
    const b = await bringUpSff8636(r, w, lower, p00, asIs);
    track(b);
    let fl = lower;
    if (b.outcome === 'done') {
      r.progress('lower', 'lower page with the lasers on');
      fl = (await r.region({ addr: ADDR_A0, start: 0, end: 128 }, 'the lower page')).data;
    }
    return { finalLower: fl, laser: await finishOrHold(r, w, b, r.holdRequested) };
  });
  if (flat) {
    const image = new Uint8Array(256);
    image.set(finalLower, 0);
    image.set(p00, 128);
    return { image, laser };
  }
  const has03 = Reader.selected(seg03, s03.expect);
  const image = new Uint8Array(has03 ? 640 : 256);
  image.set(finalLower, 0);
  image.set(p00, 128);
  if (!has03 || !seg03) {
    r.note('PAGE_03H_UNAVAILABLE', 'The module did not accept page 03h (thresholds) although it is not flat-memory; thresholds are missing.', 127);
  } else {
    // ethtool layout: pages 01h and 02h (not read) stay zero at 256-511; page 03h at 512.
    image.set(seg03.data, 512);
  }
  return { image, laser };
}

/**
 * CMIS, in as few batches as the data allows: (A) pages 00h, 01h, 02h, 10h and 11h of bank 0;
 * the lasers brought up (bring-up.ts), which needs 01h and the lane pages; (B) what the bring-up
 * changed or 01h revealed: the lower page and lane pages again with the lasers on, the lane pages
 * of further banks, the VDM pages; (C) only for modules with more than one VDM group, the rest.
 * Flat modules have the lower page and page 00h only. Stored as the paged image (paged-image.ts).
 */
async function readCmis(r: Reader, lower: Uint8Array, asIs: boolean): Promise<{ image: Uint8Array; laser: LaserBringUp }> {
  const flat = ((lower[2] ?? 0) & 0x80) !== 0;
  r.cmisRev = lower[1] ?? 0x40;
  const firstPages = flat ? [{ page: 0x00, bank: 0 }] : [0x00, 0x01, 0x02, 0x10, 0x11].map((page) => ({ page, bank: 0 }));
  r.bytesTotal = 128 * (1 + firstPages.length);
  r.progress('page00h', flat ? 'upper page 00h' : 'pages 00h, 01h, 02h, 10h and 11h');
  const pages = new Map<string, PageBlock>();
  const keep = (page: number, bank: number, bytes: Uint8Array): void => void pages.set(`${page}/${bank}`, { page, bank, bytes });
  const unavailable = (page: number, bank: number): void =>
    r.note('PAGE_UNAVAILABLE', `The module did not accept page ${pageName(page, bank)} in its page select although it advertises it; that page is missing.`, 127);
  /** Reads pages (each select verified), and the lower page after them when asked; keeps what it got. */
  const readPages = async (want: { page: number; bank: number }[], withLower: boolean, what: string): Promise<{ ok: Set<string>; lower: Uint8Array | null }> => {
    const segs = want.map((p) => r.pageSegment(p.page, p.bank));
    const got = await r.segments(withLower ? [...segs, { region: { addr: ADDR_A0, start: 0, end: 128 } }] : segs, what);
    r.forgetSelection();
    const ok = new Set<string>();
    want.forEach((p, i) => {
      const seg = got[i];
      if (seg && Reader.selected(seg, segs[i]!.expect)) {
        keep(p.page, p.bank, seg.data);
        ok.add(`${p.page}/${p.bank}`);
      } else if (p.page !== 0x00) unavailable(p.page, p.bank);
    });
    return { ok, lower: withLower ? (got[got.length - 1]?.data ?? null) : null };
  };

  const first = await readPages(firstPages, false, flat ? 'page 00h' : 'pages 00h, 01h, 02h, 10h and 11h');
  const notAccepted = readFailed('The module did not accept bank 0 / page 00h.');
  if (!first.ok.has('0/0')) throw notAccepted;
  const readP00 = async (): Promise<Uint8Array> => {
    const again = await readPages([{ page: 0x00, bank: 0 }], false, 'page 00h');
    if (!again.ok.has('0/0')) throw notAccepted;
    return pages.get('0/0')!.bytes;
  };
  keep(0x00, 0, await r.confirmChecksums(pages.get('0/0')!.bytes, CMIS_P00_SUMS, readP00, 'page 00h', 128));
  const p01 = pages.get('1/0')?.bytes ?? null;
  // Latched flags (bytes 8-11) clear when read: the first read already cleared them.
  const latched = [8, 9, 10, 11].filter((o) => (lower[o] ?? 0) !== 0);
  if (latched.length > 0) {
    r.note('LATCHED_FLAGS_AT_INSERTION', `Latched module flags seen by the first read (and cleared by it): ${latched.map((o) => `byte ${o} = 0x${(lower[o] ?? 0).toString(16).padStart(2, '0')}`).join(', ')}.`, latched[0]);
  }

  const facts = cmisFacts(lower, p01);
  const vdm = p01 !== null && ((p01[142 - 128] ?? 0) & 0x40) !== 0;
  const w = new ControlWriter('cmis', r);
  const { finalLower, laser } = await withLasers(r, w, async (track) => {
    if (!flat) r.progress('bring-up', 'lasers');
    const b: BringUp = flat ? { outcome: 'not-needed', detail: 'Flat memory (byte 2 bit 7): no lasers to bring up.', restore: null } : await bringUpCmis(r, w, facts, asIs);
    track(b);
    let fl = lower;
    if (!flat) {
      const changed = b.outcome === 'done' || w.touched;
      const again: { page: number; bank: number }[] = [];
      for (let bank = 0; bank < facts.banks; bank++) {
        // Lane pages as they are with the lasers on; bank 0 was read in batch A unless that changed.
        if (bank > 0 || changed) again.push({ page: 0x10, bank }, { page: 0x11, bank });
      }
      // VDM (page 01h byte 142 bit 6): one group assumed; page 2Fh says whether there are more.
      if (vdm) again.push(...[0x2f, 0x20, 0x24, 0x28, 0x2c].map((page) => ({ page, bank: 0 })));
      if (again.length > 0 || changed) {
        r.bytesTotal = r.bytesRead + 128 * (again.length + (changed ? 1 : 0));
        r.progress(vdm ? 'vdm' : 'lane-pages', `pages ${again.map((p) => pageName(p.page, p.bank)).join(', ') || 'none'}${changed ? ' and the lower page' : ''}`);
        const second = await readPages(again, changed, 'the lane and VDM pages');
        if (second.lower) fl = second.lower;
        const p2f = pages.get(`${0x2f}/0`)?.bytes;
        const groups = p2f ? ((p2f[0] ?? 0) & 0x03) + 1 : 1;
        if (groups > 1) {
          const more: { page: number; bank: number }[] = [];
          for (let g = 1; g < groups; g++) more.push({ page: 0x20 + g, bank: 0 }, { page: 0x24 + g, bank: 0 }, { page: 0x28 + g, bank: 0 });
          r.bytesTotal += 128 * more.length;
          await readPages(more, false, 'the further VDM groups');
        }
      }
    }
    return { finalLower: fl, laser: await finishOrHold(r, w, b, r.holdRequested) };
  });
  await r.showPage00();
  return { image: encodePagedImage(makePagedImage(finalLower, [...pages.values()])), laser };
}

/**
 * Reads a module in the programmer and decodes it. Throws NO_MODULE, MODULE_UNSUPPORTED,
 * READ_FAILED, PROGRAMMER_NOT_RESPONDING, PROGRAMMER_UNPLUGGED or CANCELLED; a module whose
 * stored checksum is wrong is a complete read with a CHECKSUM_CONFIRMED note; lasers that would
 * not come up are a complete read whose `laser` says why.
 */
/** A read whose lasers were left up (ReaderOptions.holdLasers): release() puts the controls back and says how. */
export type HeldRead = ReadResult & { release?: (bus?: I2cBus) => Promise<LaserBringUp> };

export async function readModuleWith(bus: I2cBus, opts: ReaderOptions): Promise<HeldRead> {
  const now = opts.now ?? Date.now;
  const started = now();
  const budgetMs = opts.timeoutMs ?? 8000;
  const ac = new AbortController();
  const budget = new Budget(budgetMs, ac);
  const onAbort = (): void => ac.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) ac.abort();
  const r = new Reader(bus, { ...opts, signal: ac.signal }, budget);
  try {
    const { image, laser } = await readImage(r, bus, opts.asIs ?? false);
    r.bytesRead = r.bytesTotal;
    r.progress('done', 'read complete');
    const module = opts.decode(image);
    const held = r.held;
    const release = held
      ? async (reopened?: I2cBus): Promise<LaserBringUp> => {
          if (reopened) r.bus = reopened;
          // Whoever used the bus meanwhile (the soak's page selects) left it on another page.
          r.forgetSelection();
          return finishLaser(r, held.w, held.b);
        }
      : null;
    return { image, module, programmer: bus.info, durationMs: now() - started, notes: r.notes, laser, ...(release ? { release } : {}) };
  } catch (e) {
    if (budget.timedOut && e instanceof BenchError && e.code === 'CANCELLED') {
      const retried = r.notes.filter((n) => n.code === 'TRANSFER_RETRIED').at(-1);
      throw readFailed(
        `The read did not finish within ${Math.round((budget.totalMs - started) / 100) / 10} s${retried ? ` (last problem: ${retried.message})` : ''}. Check the cable and the programmer, then read again.`,
      );
    }
    throw e;
  } finally {
    budget.clear();
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

async function readImage(r: Reader, bus: I2cBus, asIs: boolean): Promise<{ image: Uint8Array; laser: LaserBringUp }> {
  r.progress('identify', 'reading the identifier');
  const lower = await r.identify();
  const id = lower[0] ?? 0;
  if (lower.every((b) => b === 0xff)) {
    // A bus with no device and pull-ups reads all ones on programmers that cannot see the NACK.
    throw noModule(bus.info.path);
  }
  const family = familyOf(id);
  r.family = family;
  if (family === 'sff8472') return readSff8472(r, lower);
  if (family === 'sff8636') {
    await r.raiseClock(moduleMaxClockKhz(family, lower));
    return readSff8636(r, lower, asIs);
  }
  if (family === 'cmis') {
    await r.raiseClock(moduleMaxClockKhz(family, lower));
    return readCmis(r, lower, asIs);
  }
  throw new BenchError(
    'MODULE_UNSUPPORTED',
    `The module identifies itself as 0x${id.toString(16).padStart(2, '0')}, which is not an SFP, QSFP or CMIS module this bench can read.`,
    { identifier: id },
  );
}
