import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BenchError } from '../../../main/errors';
import { openFixture, type Fixture } from './helpers';
import type { CsvRowError } from '../../../preload/contract/records';

let fx: Fixture;
beforeEach(async () => {
  fx = await openFixture('2026-03-02T08:00:00.000Z');
});
afterEach(async () => fx.close());

async function importErrors(csv: string): Promise<CsvRowError[]> {
  const e = await fx.services.deliveries.importCsv(csv, 'zlin').then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(BenchError);
  expect((e as BenchError).code).toBe('CSV_INVALID');
  return (e as BenchError).details?.errors as CsvRowError[];
}

const count = async (table: string) => Number((await fx.db.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

describe('delivery CSV import', () => {
  it('imports quoted fields and creates unknown customers, in one audited step', async () => {
    const r = await fx.services.deliveries.importCsv('\uFEFFSerial,Customer,Delivered_On,Part_Number\nSN1,"Acme, Inc.",2025-01-31,PN-1\nSN2,Acme Inc.x,2025-02-01,\n', 'zlin');
    expect(r).toEqual({ imported: 2, customersCreated: 2 });
    expect((await fx.services.deliveries.listForSerial('SN1'))[0]).toMatchObject({ deliveredOn: '2025-01-31', partNumber: 'PN-1' });
  });

  it('reports every bad row by line number and imports nothing', async () => {
    const csv = [
      'serial,customer,delivered_on', // line 1
      'SN1,Acme,2025-01-31', // 2 ok
      'SN2,Acme,2025-02-30', // 3 impossible date
      '', // 4 blank, skipped
      ',Acme,2025-01-01', // 5 no serial
      'SN1,Acme,2025-01-31', // 6 duplicate of line 2
      'SN3,Acme,2027-01-01', // 7 future
      'SN4,,2025-01-01', // 8 no customer
    ].join('\n');
    const errors = await importErrors(csv);
    expect(errors.map((e) => e.line)).toEqual([3, 5, 6, 7, 8]);
    expect(errors[0]?.message).toContain('2025-02-30');
    expect(errors[2]?.message).toContain('line 2');
    // Each bad line's problems by code, for the page's own words.
    expect(errors.map((e) => e.problems?.map((p) => p.code))).toEqual([['dateInvalid'], ['serialEmpty'], ['sameAsLine'], ['dateFuture'], ['customerEmpty']]);
    expect(errors[2]?.problems?.[0]?.args).toEqual({ line: 2 });
    expect(await count('delivery')).toBe(0);
    expect(await count('customer')).toBe(0);
  });

  it('a row clashing with an earlier import rolls back the rows before it', async () => {
    await fx.services.deliveries.importCsv('serial,customer,delivered_on\nSN9,Acme,2025-01-31\n', 'zlin');
    const errors = await importErrors('serial,customer,delivered_on\nSN10,NewCo,2025-01-01\nSN11,NewCo,2025-01-02\nSN9,Acme,2025-01-31\n');
    // The code and its values beside main's English, so the page can say it in Chinese.
    expect(errors).toEqual([{ line: 4, message: 'delivery of SN9 on 2025-01-31 is already recorded', problems: [{ code: 'alreadyRecorded', args: { serial: 'SN9', date: '2025-01-31' } }] }]);
    expect(await count('delivery')).toBe(1);
    expect(await count('customer')).toBe(1); // NewCo, created before the bad row, was rolled back too
  });

  it('names the missing column and the line of an unterminated quote', async () => {
    expect(await importErrors('serial,client,delivered_on\nSN1,Acme,2025-01-01\n')).toEqual([{ line: 1, message: 'missing column(s) customer', problems: [{ code: 'missingColumns', args: { columns: 'customer' } }] }]);
    const broken = await importErrors('serial,customer,delivered_on\nSN1,Acme,2025-01-01\nSN2,"Acme,2025-01-01\n');
    expect(broken[0]?.line).toBeGreaterThanOrEqual(3);
    expect(broken[0]?.problems).toEqual([{ code: 'unparseable' }]);
  });
});
