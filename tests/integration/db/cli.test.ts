import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openFixture, tempDir } from './helpers';
import { runCli } from '../../support/cli';
import { BOSS, withBoss, withPin } from '../../support/people';

const dir = tempDir('ob-cli-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = runCli;

describe('records CLI', () => {
  const db = path.join(dir, 'cli.sqlite');

  it('import-deliveries prints each bad row as FILE:LINE and exits 1 without importing', async () => {
    const csv = path.join(dir, 'd.csv');
    fs.writeFileSync(csv, 'serial,customer,delivered_on\nSN1,Acme,2025-01-01\nSN2,Acme,2025-13-01\n');
    const r = await run(['import-deliveries', csv, '--db', db, '--actor', 'tester']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${csv}:3: delivered_on "2025-13-01"`);
    expect(r.err).toContain('error CSV_INVALID');
    const info = await run(['db-info', '--db', db, '--json']);
    expect(info.code).toBe(0);
    expect(JSON.parse(info.out).counts.delivery).toBe(0);
  });

  it('backup then restore round-trips; restore of a foreign file exits 1 with its code', async () => {
    fs.writeFileSync(path.join(dir, 'ok.csv'), 'serial,customer,delivered_on\nSN1,Acme,2025-01-01\n');
    expect((await run(['import-deliveries', path.join(dir, 'ok.csv'), '--db', db])).code).toBe(0);
    const backup = path.join(dir, 'b.sqlite');
    await withBoss(db);
    expect((await run(['backup', '--db', db, '--to', backup])).code).toBe(0);
    const foreign = path.join(dir, 'foreign.txt');
    fs.writeFileSync(foreign, 'not a database');
    const bad = await run(['restore', '--db', db, '--from', foreign]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('RESTORE_SOURCE_INVALID');
    const ok = await withPin(BOSS.pin, () => run(['restore', '--db', db, '--from', backup, '--json', '--actor', BOSS.code]));
    expect(ok.code).toBe(0);
    expect(fs.existsSync(JSON.parse(ok.out).previousCopy)).toBe(true);
  });

  it('stats --customer (name or id) and --part-number narrow the figures; an unknown customer exits 1 with NOT_FOUND', async () => {
    const fx = await openFixture('2026-03-01T00:00:00.000Z');
    const s = fx.services;
    const acme = await s.customers.create({ name: 'Acme Networks', actor: 'tester' });
    const other = await s.customers.create({ name: 'Other ISP', actor: 'tester' });
    const base = { notificationChannel: 'written', notifiedAt: '2026-02-01T00:00:00Z', notifiedBy: 'customer', complaintText: 'no light', actor: 'tester' } as const;
    await s.repairs.createCase({ ...base, rmaNumber: 'R-A1', customerId: acme.id, moduleSerial: 'A1', partNumber: 'PN-1' });
    await s.repairs.createCase({ ...base, rmaNumber: 'R-A2', customerId: acme.id, moduleSerial: 'A2', partNumber: 'PN-2' });
    await s.repairs.createCase({ ...base, rmaNumber: 'R-O1', customerId: other.id, moduleSerial: 'O1', partNumber: 'PN-1' });
    await fx.db.close(); // not fx.close(), which deletes the file the CLI is to read
    const stats = async (...extra: string[]) => {
      const r = await run(['stats', '--db', fx.file, '--json', ...extra]);
      expect(r.code).toBe(0);
      return JSON.parse(r.out) as { total: number };
    };
    expect((await stats()).total).toBe(3);
    expect((await stats('--customer', 'acme networks')).total).toBe(2);
    expect((await stats('--customer', String(other.id))).total).toBe(1);
    expect((await stats('--part-number', 'PN-1')).total).toBe(2);
    expect((await stats('--customer', 'Acme Networks', '--part-number', 'PN-1')).total).toBe(1);
    const missing = await run(['stats', '--db', fx.file, '--customer', 'Nobody']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('NOT_FOUND');
    fs.rmSync(fx.dir, { recursive: true, force: true });
  });
});
