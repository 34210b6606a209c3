// What the cage holds, asked cheaply enough to ask a few times a second (issue 12: the screen
// shows the module in the socket, or nothing). One look reads the identifier and the page select
// from the lower page, then the vendor, part number and serial fields, so a module pulled and
// another pushed in between two looks is still seen as a different module.
//
// Nothing but a page select is ever written: the identity fields of SFF-8636 and CMIS modules
// live in upper page 00h (bank 0), and a module left on another page (a host, an earlier read
// cut short) is put back on page 00h first, which is where a host expects to find it.
import type { SeatedModule } from '../../preload/contract/api';
import { BenchError } from '../errors';
import { ImageReader } from '../sff/reader';
import { moduleFamilyOf } from '../sff/sff8024';
import type { BusCallOptions, I2cBus, I2cOp } from './drivers/i2c-bus';

const ADDR = 0x50;

/** Where the identity fields are: [vendor name, part number, serial] offsets (16 bytes each), and the span read. */
const FIELDS = {
  // SFF-8472 A0h bytes 20-35, 40-55, 68-83.
  sff8472: { name: 20, pn: 40, sn: 68, from: 20, to: 84 },
  // SFF-8636 page 00h bytes 148-163, 168-183, 196-211.
  sff8636: { name: 148, pn: 168, sn: 196, from: 148, to: 212 },
  // CMIS 5.2 Table 8-27, page 00h bytes 129-144, 148-163, 166-181.
  cmis: { name: 129, pn: 148, sn: 166, from: 129, to: 182 },
} as const;

/** The identity text as the decoder reads it (printable ASCII, NUL as space, trimmed), so the serials compare equal. */
function text(span: Uint8Array, from: number, offset: number): string {
  return new ImageReader(span).ascii(offset - from, 16, 'identity');
}

/**
 * The module in the cage, or null when nothing answers at 0x50 (or the bus reads all ones, as a
 * cage with pull-ups and nothing seated does on programmers that cannot see a NACK). Transfer
 * errors are thrown for the caller to count; a module that is still powering up NACKs and reads
 * as empty until it answers.
 */
export async function senseModule(bus: I2cBus, opts: BusCallOptions = {}): Promise<SeatedModule | null> {
  let head: Uint8Array;
  let select: Uint8Array;
  try {
    const r = await bus.execute(
      [
        { op: 'read', addr: ADDR, offset: 0, length: 3 },
        { op: 'read', addr: ADDR, offset: 126, length: 2 },
      ],
      opts,
    );
    head = r[0] ?? new Uint8Array(0);
    select = r[1] ?? new Uint8Array(0);
  } catch (e) {
    if (e instanceof BenchError && e.code === 'NO_MODULE') return null;
    throw e;
  }
  const identifier = head[0] ?? 0xff;
  if (head.length > 0 && head.every((b) => b === 0xff) && select.every((b) => b === 0xff)) return null;
  const family = moduleFamilyOf(identifier);
  if (family === null) return { identifier, serial: '', vendor: '', partNumber: '' };
  const f = FIELDS[family];
  const ops: I2cOp[] = [];
  if (family !== 'sff8472') {
    const flat = family === 'cmis' ? ((head[2] ?? 0) & 0x80) !== 0 : ((head[2] ?? 0) & 0x04) !== 0;
    const page = select[1] ?? 0;
    const bank = select[0] ?? 0;
    if (!flat && (page !== 0 || (family === 'cmis' && bank !== 0))) {
      // CMIS 4.0+ takes bank and page in one 2-byte write (cmis.md); SFF-8636 has no bank byte.
      ops.push(family === 'cmis' ? { op: 'write', addr: ADDR, offset: 126, data: Uint8Array.of(0, 0) } : { op: 'write', addr: ADDR, offset: 127, data: Uint8Array.of(0) });
    }
  }
  ops.push({ op: 'read', addr: ADDR, offset: f.from, length: f.to - f.from });
  let span: Uint8Array;
  try {
    const r = await bus.execute(ops, opts);
    span = r[r.length - 1] ?? new Uint8Array(0);
  } catch (e) {
    // Pulled between the two transactions: nothing is seated now.
    if (e instanceof BenchError && e.code === 'NO_MODULE') return null;
    throw e;
  }
  return { identifier, serial: text(span, f.from, f.sn), vendor: text(span, f.from, f.name), partNumber: text(span, f.from, f.pn) };
}

/** Same module: same identifier and the same identity fields. */
export function sameModule(a: SeatedModule | null, b: SeatedModule | null): boolean {
  if (a === null || b === null) return a === b;
  return a.identifier === b.identifier && a.serial === b.serial && a.vendor === b.vendor && a.partNumber === b.partNumber;
}
