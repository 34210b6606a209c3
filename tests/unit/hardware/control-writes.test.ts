// The one control-write path (DESIGN.md "Control writes are not EEPROM writes"): what it may
// touch, that it reads back and remembers, and that it puts every byte back.
import { describe, expect, it } from 'vitest';
import { BenchError } from '../../../main/errors';
import { ControlRefused, ControlWriter, type ControlAccess, type ControlRegister } from '../../../main/hardware/control-writes';

/** Module bytes by register; `ignore` lists registers that keep their value whatever is written. */
class FakeModule implements ControlAccess {
  readonly mem = new Map<string, number>();
  readonly log: string[] = [];
  ignore = new Set<string>();
  nack = false;
  static key(r: ControlRegister): string {
    return `${r.page ?? 'L'}/${r.bank}/${r.offset}`;
  }
  async readByte(r: ControlRegister): Promise<number> {
    this.log.push(`r ${FakeModule.key(r)}`);
    return this.mem.get(FakeModule.key(r)) ?? 0;
  }
  async writeByte(r: ControlRegister, v: number): Promise<void> {
    this.log.push(`w ${FakeModule.key(r)}=${v}`);
    if (this.nack) throw new BenchError('NO_MODULE', 'no ACK');
    if (r.page === 0x10 && r.offset === 143) return; // write-only trigger
    if (!this.ignore.has(FakeModule.key(r))) this.mem.set(FakeModule.key(r), v);
  }
}

const lower = (offset: number): ControlRegister => ({ page: null, bank: 0, offset });
const p = (page: number, offset: number, bank = 0): ControlRegister => ({ page, bank, offset });

function codeOf(fn: () => unknown): Promise<string> {
  return Promise.resolve()
    .then(fn)
    .then(
      () => 'no error',
      (e: unknown) => (e instanceof BenchError ? e.code : e instanceof ControlRefused ? 'ControlRefused' : String(e)),
    );
}

describe('ControlWriter', () => {
  // Thresholds, identity, user EEPROM and passwords are non-volatile: a stray write would change the module for good.
  it.each([
    ['cmis', p(0x00, 200), 'page 00h power class (EEPROM)'],
    ['cmis', p(0x02, 128), 'page 02h thresholds (EEPROM)'],
    ['cmis', p(0x03, 128), 'page 03h user EEPROM'],
    ['cmis', lower(122), 'lower page password entry'],
    ['cmis', lower(127), 'page select (the reader selects pages, not the writer)'],
    ['cmis', p(0x10, 129), 'page 10h byte 129 (not in the list)'],
    ['cmis', p(0x9f, 128), 'CDB'],
    ['sff8636', lower(86), 'SFF-8636 byte 86 (only 93 is needed to power up)'],
    ['sff8636', p(0x03, 128), 'SFF-8636 page 03h thresholds'],
    ['sff8636', lower(26), "CMIS's byte 26 on an SFF-8636 module"],
  ] as const)('%s: refuses %o (%s) with INTERNAL before anything reaches the bus', async (family, reg, _what) => {
    const m = new FakeModule();
    const w = new ControlWriter(family, m);
    expect(await codeOf(() => w.set(reg, 0x55))).toBe('INTERNAL');
    expect(m.log).toEqual([]);
  });

  it('the first write of a byte reads it first, writes, reads back; putAllBack restores in reverse order and verify records it', async () => {
    const m = new FakeModule();
    m.mem.set('L/0/26', 0x10);
    m.mem.set('16/0/128', 0xff);
    const w = new ControlWriter('cmis', m);
    await w.set(lower(26), 0x00);
    await w.set(p(0x10, 128), 0x00);
    await w.set(lower(26), 0x00); // a second write keeps the first "before"
    expect(w.before(lower(26))).toBe(0x10);
    await w.putAllBack();
    await w.verify();
    expect(m.mem.get('L/0/26')).toBe(0x10);
    expect(m.mem.get('16/0/128')).toBe(0xff);
    const restores = m.log.filter((l) => l.startsWith('w')).slice(-2);
    expect(restores).toEqual(['w 16/0/128=255', 'w L/0/26=16']);
    expect(w.writes()).toEqual([
      { page: 0, bank: 0, offset: 26, before: 0x10, written: 0x00, restored: true },
      { page: 0x10, bank: 0, offset: 128, before: 0xff, written: 0x00, restored: true },
    ]);
  });

  it('ApplyDPInit (page 10h byte 143) is a trigger: neither read before nor read back, nor "restored"', async () => {
    const m = new FakeModule();
    const w = new ControlWriter('cmis', m);
    await w.set(p(0x10, 143, 1), 0xff);
    expect(m.log).toEqual(['w 16/1/143=255']);
    await w.putAllBack();
    expect(m.log).toEqual(['w 16/1/143=255']);
  });

  it('a byte the module ignores is ControlRefused naming the register and what it reads back', async () => {
    const m = new FakeModule();
    m.mem.set('L/0/93', 0x00);
    m.ignore.add('L/0/93');
    const w = new ControlWriter('sff8636', m);
    const err = await w.set(lower(93), 0x05).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ControlRefused);
    expect((err as ControlRefused).message).toBe('the module did not take 0x05 in lower page byte 93: it reads back 0x00');
  });

  it('a NACKed write is ControlRefused with nothing read back, and bank numbers appear in the name', async () => {
    const m = new FakeModule();
    m.nack = true;
    const w = new ControlWriter('cmis', m);
    const err = await w.set(p(0x10, 130, 2), 0x01).then(
      () => null,
      (e: unknown) => e,
    );
    expect((err as ControlRefused).got).toBeNull();
    expect((err as ControlRefused).message).toMatch(/page 10h bank 2 byte 130/);
  });

  it('verify marks a byte that did not go back as not restored (the run records it)', async () => {
    const m = new FakeModule();
    m.mem.set('L/0/26', 0x10);
    const w = new ControlWriter('cmis', m);
    await w.set(lower(26), 0x00);
    m.ignore.add('L/0/26'); // the module stops taking writes
    await w.putAllBack();
    await w.verify();
    expect(w.writes()[0]).toMatchObject({ before: 0x10, written: 0x00, restored: false });
  });
});
