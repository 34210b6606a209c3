import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, RawSqlite } from '../../../main/db/index';
import { createRecordServices, restoreDatabase } from '../../../main/services/index';
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
