import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, RawSqlite } from '../../../main/db/index';
import { createRecordServices, restoreDatabase } from '../../../main/services/index';
import { expectedAggregates, storedAggregates } from './aggregates';
import { openFixture, type Fixture } from './helpers';

let fx: Fixture;
beforeEach(async () => {
  fx = await openFixture();
  await fx.services.customers.create({ name: 'Before Backup', actor: 'admin' });
});
afterEach(async () => fx.close());

const names = async (file: string) => {
  const raw = await RawSqlite.open(file);
  const rows = await raw.all<{ name: string }>('SELECT name FROM customer ORDER BY id');
  await raw.close();
  return rows.map((r) => r.name);
};

describe('backup and restore', () => {
  it('backs up online to a file that opens as an Optic Bench database, and never overwrites a file', async () => {
    const target = path.join(fx.dir, 'backups', 'b1.sqlite');
    const r = await fx.services.backup.backup(target, 'admin');
    expect(r.bytes).toBeGreaterThan(0);
    expect(await names(target)).toEqual(['Before Backup']);
    await expect(fx.services.backup.backup(target, 'admin')).rejects.toMatchObject({ code: 'BACKUP_TARGET_EXISTS' });
  });

  it('restores a backup after copying the live database aside', async () => {
    const target = path.join(fx.dir, 'b2.sqlite');
    await fx.services.backup.backup(target, 'admin');
    await fx.services.customers.create({ name: 'After Backup', actor: 'admin' });
    await fx.db.close();
    const r = await restoreDatabase({ livePath: fx.file, fromPath: target, clock: fx.clock, actor: 'mwu' });
    expect(r.previousCopy).not.toBeNull();
    expect(await names(r.previousCopy as string)).toEqual(['Before Backup', 'After Backup']);
    const db = await openDatabase({ path: fx.file });
    expect((await createRecordServices(db).customers.list()).map((c) => c.name)).toEqual(['Before Backup']);
    const [last] = await createRecordServices(db).audit.list({ limit: 1 });
    expect(last).toMatchObject({ actor: 'mwu', action: 'database.restore', details: { previousCopy: path.basename(r.previousCopy as string) } });
    fx.db = db; // closed by afterEach
  });

  it("after a restore the statistics' aggregates are the backup's own, equal to a count of its cases (a case made after the backup is gone from them too)", async () => {
    const s = fx.services;
    const [customer] = await s.customers.list();
    const tech = await s.technicians.create({ code: 'rt', name: 'Ren Tao', role: 'technician', actor: 'admin' });
    const intake = (rma: string, serial: string, notifiedAt: string) =>
      s.repairs.createCase({ rmaNumber: rma, customerId: customer!.id, moduleSerial: serial, partNumber: 'PN-R', notificationChannel: 'written', notifiedAt, notifiedBy: 'x', complaintText: 'y', technicianId: tech.id, actor: 'admin' });
    await intake('R-B-1', 'SN-B1', '2026-01-05T00:00:00Z');
    const target = path.join(fx.dir, 'b3.sqlite');
    await s.backup.backup(target, 'admin');
    const later = await intake('R-B-2', 'SN-B2', '2026-02-05T00:00:00Z');
    await s.repairs.transition({ caseId: later.id, to: 'diagnosing', actor: 'tech' });
    expect((await s.statistics.statistics()).total).toBe(2);
    await fx.db.close();
    await restoreDatabase({ livePath: fx.file, fromPath: target, clock: fx.clock, actor: 'mwu' });
    const db = await openDatabase({ path: fx.file });
    fx.db = db; // closed by afterEach
    const q = (sql: string, p?: unknown[]) => db.dataSource.query(sql, p);
    expect(await storedAggregates(q)).toEqual(await expectedAggregates(q));
    const st = await createRecordServices(db).statistics.statistics();
    expect(st.total).toBe(1);
    expect(st.byMonth).toEqual([{ key: '2026-01', count: 1 }]);
  });

  it('refuses to restore a file that is not an Optic Bench database and leaves the live one as it was', async () => {
    const bogus = path.join(fx.dir, 'notes.sqlite');
    fs.writeFileSync(bogus, 'SQLite format 3\u0000 but not really'.padEnd(4096, 'x'));
    await fx.db.close();
    await expect(restoreDatabase({ livePath: fx.file, fromPath: bogus, actor: 'Mei Wu (mwu)' })).rejects.toMatchObject({ code: 'RESTORE_SOURCE_INVALID' });
    const other = path.join(fx.dir, 'other.sqlite');
    const raw = await RawSqlite.open(other, 'readwrite').catch(async () => {
      fs.writeFileSync(other, '');
      return RawSqlite.open(other, 'readwrite');
    });
    await raw.exec('CREATE TABLE t (x)');
    await raw.close();
    await expect(restoreDatabase({ livePath: fx.file, fromPath: other, actor: 'Mei Wu (mwu)' })).rejects.toMatchObject({ code: 'RESTORE_SOURCE_INVALID' });
    expect(await names(fx.file)).toEqual(['Before Backup']);
    expect(fs.readdirSync(fx.dir).some((f) => f.includes('before-restore'))).toBe(false);
    fx.db = await openDatabase({ path: fx.file });
  });
});
