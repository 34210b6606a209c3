// The one path by which the bench writes a module's control bytes (DESIGN.md "Control writes are
// not EEPROM writes"). It writes only registers the standards define as volatile (reset and
// power-cycle restore them), reads each back to see that it took, remembers what every byte was,
// and puts each back. Page and bank selection is the reader's business, not this file's; EEPROM
// (identity, thresholds, user EEPROM, passwords, CDB) is never written here or anywhere else.
//
//   SFF-8636: lower page byte 93 (power override, power set, high-power-class enables; Table 6-10).
//   CMIS 4.0/5.x: lower page byte 26 (low-power controls; Table 8-10); page 10h bytes 128
//   (DPDeinit), 130 (OutputDisableTx), 143 (ApplyDPInit, write-only) and 145-152 (staged control
//   set 0; Tables 8-60 to 8-67). cmis.md lists these as volatile; pages 00h-02h, 03h and 118-125 are not.
import type { LaserBringUp } from '../../preload/contract/limits';
import { BenchError } from '../errors';

/** A control byte: `page` null for the lower page (bytes 0-127, no page selected). */
export interface ControlRegister {
  page: number | null;
  bank: number;
  offset: number;
}

/** What the writer needs from the reader: byte access with the page selected for it. */
export interface ControlAccess {
  readByte(reg: ControlRegister): Promise<number>;
  writeByte(reg: ControlRegister, value: number): Promise<void>;
}

export type ControlFamily = 'sff8636' | 'cmis';

/** Write-only triggers: they read back as zero and act by being written. */
const TRIGGERS: ReadonlySet<number> = new Set([143]);

function allowed(family: ControlFamily, r: ControlRegister): boolean {
  if (family === 'sff8636') return r.page === null && r.offset === 93;
  if (r.page === null) return r.offset === 26;
  return r.page === 0x10 && (r.offset === 128 || r.offset === 130 || r.offset === 143 || (r.offset >= 145 && r.offset <= 152));
}

export function registerName(r: ControlRegister): string {
  if (r.page === null) return `lower page byte ${r.offset}`;
  const p = `${r.page.toString(16).padStart(2, '0').toUpperCase()}h`;
  return `page ${p}${r.bank === 0 ? '' : ` bank ${r.bank}`} byte ${r.offset}`;
}

/** A control byte the module did not take: NACKed, or it reads back something else. */
export class ControlRefused extends Error {
  constructor(
    readonly reg: ControlRegister,
    readonly wanted: number,
    readonly got: number | null,
  ) {
    super(
      got === null
        ? `the module did not acknowledge the write of 0x${wanted.toString(16).padStart(2, '0')} to ${registerName(reg)}`
        : `the module did not take 0x${wanted.toString(16).padStart(2, '0')} in ${registerName(reg)}: it reads back 0x${got.toString(16).padStart(2, '0')}`,
    );
    this.name = 'ControlRefused';
  }
}

interface Entry {
  reg: ControlRegister;
  before: number;
  written: number;
  restored: boolean;
}

const key = (r: ControlRegister): string => `${r.page ?? 'L'}/${r.bank}/${r.offset}`;

export class ControlWriter {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly family: ControlFamily,
    private readonly access: ControlAccess,
  ) {}

  private check(reg: ControlRegister): void {
    if (!allowed(this.family, reg)) {
      // A programming error, never a module's fault: refuse before anything reaches the bus.
      throw new BenchError('INTERNAL', `refusing to write ${registerName(reg)}: not a volatile control register of ${this.family === 'cmis' ? 'CMIS' : 'SFF-8636'}`);
    }
  }

  /** The value a register had before the bench first wrote it, if it has. */
  before(reg: ControlRegister): number | undefined {
    return this.entries.get(key(reg))?.before;
  }

  /** True once anything was written (so there is something to put back). */
  get touched(): boolean {
    return this.entries.size > 0;
  }

  /**
   * Writes `value` and checks it took (triggers excepted). The first write of a register reads
   * it first, so it can be put back. Throws ControlRefused when the module NACKs or ignores it.
   */
  async set(reg: ControlRegister, value: number): Promise<void> {
    this.check(reg);
    const trigger = reg.page === 0x10 && TRIGGERS.has(reg.offset);
    let e = this.entries.get(key(reg));
    if (!e) {
      const before = trigger ? 0 : await this.access.readByte(reg);
      e = { reg, before, written: value, restored: false };
      this.entries.set(key(reg), e);
    }
    e.written = value & 0xff;
    e.restored = false;
    try {
      await this.access.writeByte(reg, value & 0xff);
    } catch (err) {
      if (err instanceof BenchError && err.code === 'NO_MODULE') throw new ControlRefused(reg, value, null);
      throw err;
    }
    if (trigger) return;
    const got = await this.access.readByte(reg);
    if (got !== (value & 0xff)) throw new ControlRefused(reg, value, got);
  }

  /** Writes back what the register held before the bench touched it. */
  async putBack(reg: ControlRegister): Promise<void> {
    const e = this.entries.get(key(reg));
    if (!e) return;
    const trigger = reg.page === 0x10 && TRIGGERS.has(reg.offset);
    if (trigger) return;
    await this.access.writeByte(reg, e.before);
  }

  /** Reads every register touched and marks it restored when it holds its old value again. */
  async verify(): Promise<void> {
    for (const e of this.entries.values()) {
      try {
        const now = await this.access.readByte(e.reg);
        e.restored = now === e.before;
      } catch {
        e.restored = false;
      }
    }
  }

  /** Best effort after a failure: every register back in the reverse order of first touch. */
  async putAllBack(): Promise<void> {
    for (const e of [...this.entries.values()].reverse()) {
      try {
        await this.putBack(e.reg);
      } catch {
        // Keep going: the others still deserve their old value; verify() reports what is left.
      }
    }
  }

  /** The record stored with the run (LaserBringUp.writes): lower-page bytes as page 0, bank 0. */
  writes(): LaserBringUp['writes'] {
    return [...this.entries.values()].map((e) => ({
      page: e.reg.page ?? 0,
      bank: e.reg.bank,
      offset: e.reg.offset,
      before: e.before,
      written: e.written,
      restored: e.restored,
    }));
  }
}
