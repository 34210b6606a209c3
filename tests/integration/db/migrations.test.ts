import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { KNOWN_MIGRATION_NAMES } from '../../../main/db/migrations/index';
import { DataSource } from 'typeorm';
import { afterEach, describe, expect, it } from 'vitest';
import { InitialSchema1764190000000 } from '../../../main/db/migrations/1764190000000-initial-schema';
import { APPLICATION_ID, defaultDatabasePath, openDatabase, RawSqlite, SCHEMA_VERSION } from '../../../main/db/index';
import { BenchError } from '../../../main/errors';
import { tempDir } from './helpers';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function newFile(): string {
  const d = tempDir();
  dirs.push(d);
  return path.join(d, 'records.sqlite');
}
const sha = (f: string) => crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex');

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return e instanceof BenchError ? String(e.code) : `uncoded: ${String(e)}`;
  }
}

describe('openDatabase', () => {
  it('creates a fresh file with WAL, foreign keys, busy timeout, our application id and schema version', async () => {
    const file = newFile();
    const db = await openDatabase({ path: file });
    const q = async (sql: string) => Object.values((await db.dataSource.query(sql))[0] as object)[0];
    expect(await q('PRAGMA journal_mode')).toBe('wal');
    expect(await q('PRAGMA foreign_keys')).toBe(1);
    expect(Number(await q('PRAGMA busy_timeout'))).toBeGreaterThan(0);
    expect(await q('PRAGMA application_id')).toBe(APPLICATION_ID);
    expect(await q('PRAGMA user_version')).toBe(SCHEMA_VERSION);
    expect((await db.dataSource.query('SELECT name FROM migrations ORDER BY id')).map((m: { name: string }) => m.name)).toEqual(KNOWN_MIGRATION_NAMES);
    await db.close();
  });

  it('reopening an up-to-date file runs no migration twice (migrations are idempotent by record)', async () => {
    const file = newFile();
    await (await openDatabase({ path: file })).close();
    const db = await openDatabase({ path: file });
    expect(await db.dataSource.query('SELECT count(*) AS n FROM migrations')).toEqual([{ n: KNOWN_MIGRATION_NAMES.length }]);
    await db.close();
  });

  it('a newer app migrates a version-1 file forward and keeps its records', async () => {
    const file = newFile();
    const v1 = new DataSource({ type: 'sqlite', database: file, migrations: [InitialSchema1764190000000], enableWAL: true });
    await v1.initialize();
    await v1.runMigrations({ transaction: 'all' });
    await v1.query(`INSERT INTO customer (name, created_at) VALUES ('Kept Ltd', '2025-01-01T00:00:00.000Z')`);
    expect(await v1.query('PRAGMA user_version')).toEqual([{ user_version: 1 }]);
    await v1.destroy();
    const db = await openDatabase({ path: file });
    expect(await db.dataSource.query('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }]);
    expect(await db.dataSource.query(`SELECT name FROM sqlite_master WHERE name = 'idx_case_facets'`)).toHaveLength(1);
    expect(await db.dataSource.query('SELECT name FROM customer')).toEqual([{ name: 'Kept Ltd' }]);
    await db.close();
  });

  it('an older app refuses a file with a newer schema version and leaves the bytes untouched', async () => {
    const file = newFile();
    await (await openDatabase({ path: file })).close();
    const raw = await RawSqlite.open(file, 'readwrite');
    await raw.run(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    await raw.run('PRAGMA wal_checkpoint(TRUNCATE)');
    await raw.close();
    const before = sha(file);
    expect(await codeOf(openDatabase({ path: file }))).toBe('DB_TOO_NEW');
    expect(sha(file)).toBe(before);
  });

  it('an older app refuses a file listing a migration it does not know', async () => {
    const file = newFile();
    await (await openDatabase({ path: file })).close();
    const raw = await RawSqlite.open(file, 'readwrite');
    await raw.run(`INSERT INTO migrations (timestamp, name) VALUES (1900000000000, 'FutureThing1900000000000')`);
    await raw.close();
    const err = await openDatabase({ path: file }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BenchError);
    expect((err as BenchError).code).toBe('DB_TOO_NEW');
    expect((err as BenchError).message).toContain('FutureThing1900000000000');
  });

  it('refuses another application\'s SQLite file without adding tables to it', async () => {
    const file = newFile();
    await new Promise<void>((resolve, reject) => {
      const d = new sqlite3.Database(file, (e) => {
        if (e) return reject(e);
        d.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)', (e2) => (e2 ? reject(e2) : d.close(() => resolve())));
      });
    });
    const before = sha(file);
    expect(await codeOf(openDatabase({ path: file }))).toBe('DB_NOT_OPTIC_BENCH');
    expect(sha(file)).toBe(before);
  });

  it('refuses a file that is not SQLite at all (a user picked the wrong file)', async () => {
    const file = newFile();
    fs.writeFileSync(file, 'serial,customer,delivered_on\nA,B,2024-01-01\n'.repeat(100));
    expect(await codeOf(openDatabase({ path: file }))).toBe('DB_NOT_OPTIC_BENCH');
  });
});

describe('defaultDatabasePath', () => {
  it('uses OPTIC_BENCH_DB when set, else the folder Electron userData uses for "Optic Bench"', () => {
    expect(defaultDatabasePath({ OPTIC_BENCH_DB: '/x/y.sqlite' }, 'linux', '/home/u')).toBe('/x/y.sqlite');
    expect(defaultDatabasePath({}, 'linux', '/home/u')).toBe('/home/u/.config/Optic Bench/optic-bench.sqlite');
    expect(defaultDatabasePath({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/u')).toBe('/cfg/Optic Bench/optic-bench.sqlite');
    expect(defaultDatabasePath({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/Optic Bench/optic-bench.sqlite');
    expect(defaultDatabasePath({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u')).toBe('C:\\Users\\u\\AppData\\Roaming\\Optic Bench\\optic-bench.sqlite');
  });
});
