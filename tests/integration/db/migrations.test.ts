import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { KNOWN_MIGRATION_NAMES } from '../../../main/db/migrations/index';
import { DataSource } from 'typeorm';
import { afterEach, describe, expect, it } from 'vitest';
import { InitialSchema1764190000000 } from '../../../main/db/migrations/1764190000000-initial-schema';
import { DashboardIndexes1764190000001 } from '../../../main/db/migrations/1764190000001-dashboard-indexes';
import { Verdicts1764200000000 } from '../../../main/db/migrations/1764200000000-verdicts';
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

  // Schema 3 rebuilds test_run and repair_case (their CHECKs cannot be altered) inside the
  // migration transaction, where foreign keys stay on: every row, blob, index and trigger must
  // come through, the foreign keys between the two tables and from their children must hold.
  it('a version-2 file with evidence migrates to 3: rows and raw images unchanged, same indexes and triggers, widened CHECKs, append-only kept', async () => {
    const file = newFile();
    const v2 = new DataSource({ type: 'sqlite', database: file, migrations: [InitialSchema1764190000000, DashboardIndexes1764190000001], enableWAL: true });
    await v2.initialize();
    await v2.runMigrations({ transaction: 'all' });
    const q = (sql: string, p: unknown[] = []) => v2.query(sql, p);
    await q(`INSERT INTO customer (name, created_at) VALUES ('Kept Ltd', 't')`);
    await q(`INSERT INTO technician (code, name, role, created_at) VALUES ('zlin', 'Zhang Lin', 'technician', 't')`);
    await q(`INSERT INTO module (serial, first_seen_at) VALUES ('S1', 't')`);
    await q(`INSERT INTO repair_case (rma_number, customer_id, module_serial, notification_channel, notified_at, notified_on, notified_by, complaint_text, status, technician_id, created_at, updated_at)
             VALUES ('RMA-1', 1, 'S1', 'written', '2026-01-01T00:00:00Z', '2026-01-01', 'a', 'b', 'received', 1, 't', 't')`);
    await q(`INSERT INTO status_change (repair_case_id, to_status, at, actor) VALUES (1, 'received', 't', 'zlin')`);
    await q(`INSERT INTO complaint (repair_case_id, addressed_to, text, status, created_at, created_by, updated_at) VALUES (1, 'supervisor', 'slow', 'open', 't', 'x', 't')`);
    await q(`INSERT INTO follow_up_call (repair_case_id, technician_id, caller_id, called_at, satisfaction, recorded_at) VALUES (1, 1, 1, 't', 4, 't')`);
    const run = (image: string, verdict: string, corrects: number | null) =>
      q(
        `INSERT INTO test_run (module_serial, raw_image, sha256, decoded_json, evaluation_json, overall_verdict, within_spec, programmer, station, operator, app_version, taken_at, recorded_at, role, repair_case_id, corrects_id, correction_reason)
         VALUES ('S1', x'${image}', ?, '{}', '{}', ?, 0, 'p', 's', 'o', 'v', 't', 't', 'before-repair', 1, ?, ?)`,
        [crypto.createHash('sha256').update(Buffer.from(image, 'hex')).digest('hex'), verdict, corrects, corrects === null ? null : 'wrong module'],
      );
    await run('00ff10', 'fail', null);
    await run('00ff11', 'pass', 1);
    await q(`UPDATE repair_case SET decision = 'repair', evidence_test_run_id = 2, status = 'repairing' WHERE id = 1`);
    const schema = `SELECT type, name FROM sqlite_master WHERE tbl_name IN ('repair_case', 'test_run') AND type IN ('index', 'trigger') ORDER BY name`;
    const before = { schema: await q(schema), runs: await q('SELECT * FROM test_run ORDER BY id'), cases: await q('SELECT * FROM repair_case') };
    await v2.destroy();

    // Migrated by exactly the version-3 step (later steps add their own triggers to these tables).
    const v3 = new DataSource({ type: 'sqlite', database: file, migrations: [InitialSchema1764190000000, DashboardIndexes1764190000001, Verdicts1764200000000], enableWAL: true });
    await v3.initialize();
    await v3.runMigrations({ transaction: 'all' });
    const r = (sql: string, p: unknown[] = []) => v3.query(sql, p);
    expect(await r('PRAGMA user_version')).toEqual([{ user_version: 3 }]);
    expect(await r(schema)).toEqual(before.schema);
    expect(await r('SELECT * FROM test_run ORDER BY id')).toEqual(before.runs);
    expect(await r(`SELECT ${Object.keys(before.cases[0]).join(', ')} FROM repair_case`)).toEqual(before.cases);
    expect(await r('SELECT evidence_external_test_id AS e, decision_needs AS n FROM repair_case')).toEqual([{ e: null, n: null }]);
    expect(await r('SELECT count(*) AS n FROM status_change')).toEqual([{ n: 1 }]);
    expect(await r('PRAGMA foreign_key_check')).toEqual([]);
    // The widened CHECKs take the new values and still refuse anything else.
    const w = (sql: string) => v3.query(sql);
    await w(`UPDATE repair_case SET decision = 'needs-evidence' WHERE id = 1`);
    await expect(w(`UPDATE repair_case SET decision = 'maybe' WHERE id = 1`)).rejects.toThrow(/CHECK/);
    await w(`INSERT INTO test_run (module_serial, raw_image, sha256, decoded_json, evaluation_json, overall_verdict, within_spec, programmer, station, operator, app_version, taken_at, recorded_at, role)
             VALUES ('S1', x'01', '${'c'.repeat(64)}', '{}', '{}', 'incomplete', 0, 'p', 's', 'o', 'v', 't', 't', 'before-repair')`);
    await expect(w(`INSERT INTO test_run (module_serial, raw_image, sha256, decoded_json, evaluation_json, overall_verdict, within_spec, programmer, station, operator, app_version, taken_at, recorded_at, role)
             VALUES ('S1', x'01', '${'d'.repeat(64)}', '{}', '{}', 'unknown', 0, 'p', 's', 'o', 'v', 't', 't', 'before-repair')`)).rejects.toThrow(/CHECK/);
    // AUTOINCREMENT continues after the rebuild; the evidence is still append-only.
    expect(await r('SELECT max(id) AS id FROM test_run')).toEqual([{ id: 3 }]);
    await expect(w(`UPDATE test_run SET station = 'x' WHERE id = 1`)).rejects.toThrow(/append-only/);
    await expect(w(`DELETE FROM test_run WHERE id = 2`)).rejects.toThrow(/append-only/);
    // A foreign key still holds: a case cannot point at a test run that does not exist.
    await expect(w(`UPDATE repair_case SET evidence_test_run_id = 99 WHERE id = 1`)).rejects.toThrow(/FOREIGN KEY/);
    await v3.destroy();
  });

  it('a file of the previous release (schema 4, with records) migrates to 5: its chain still verifies, cases get a version, runs a uid column, and REPLACE on the new unique run id is refused', async () => {
    const file = newFile();
    const { MIGRATION_PAIRS } = await import('../../../main/db/migrations/index');
    const v4 = new DataSource({ type: 'sqlite', database: file, migrations: MIGRATION_PAIRS.slice(0, 4).map((p) => p.sqlite), enableWAL: true });
    await v4.initialize();
    await v4.runMigrations({ transaction: 'all' });
    const { linkUnlinkedRows, verifyChain } = await import('../../../main/db/evidence-chain');
    // Records of the previous release: a case, a test run and an audit event, chained as it chained them.
    await v4.query(`INSERT INTO customer (name, created_at) VALUES ('Old Co', '2026-01-01T00:00:00Z')`);
    await v4.query(`INSERT INTO module (serial, first_seen_at) VALUES ('SN-4', '2026-01-01T00:00:00Z')`);
    await v4.query(`INSERT INTO repair_case (rma_number, customer_id, module_serial, notification_channel, notified_at, notified_on, notified_by, complaint_text, status, created_at, updated_at)
                    VALUES ('RMA-OLD-1', 1, 'SN-4', 'written', '2026-01-01T00:00:00Z', '2026-01-01', 'x', 'y', 'received', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`);
    await v4.query(`INSERT INTO test_run (module_serial, raw_image, sha256, decoded_json, evaluation_json, overall_verdict, within_spec, programmer, station, operator, app_version, taken_at, recorded_at, role, repair_case_id, source)
                    VALUES ('SN-4', x'0102', '${'a'.repeat(64)}', '{}', '{}', 'pass', 1, 'p', 's', 'o', '0.1.0', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z', 'before-repair', 1, 'programmer')`);
    await v4.query(`INSERT INTO audit_event (at, actor, action, entity, entity_id, details_json) VALUES ('2026-01-02T00:00:00Z', 'a', 'case.create', 'repair_case', '1', '{}')`);
    await linkUnlinkedRows((sql, p) => v4.query(sql, p), '2026-01-02T00:00:00Z');
    await v4.destroy();
    const { createRecordServices } = await import('../../../main/services/index');
    const { people, testRunInput } = await import('./helpers');
    const raw = await RawSqlite.open(file, 'readwrite');
    expect(await raw.get('PRAGMA user_version')).toEqual({ user_version: 4 });
    await raw.close();
    const db = await openDatabase({ path: file });
    try {
      expect(await db.dataSource.query('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }]);
      // The previous release's records: unchanged, their links still valid (the new columns are NULL or default).
      expect((await verifyChain((sql, p) => db.dataSource.query(sql, p))).ok).toBe(true);
      const s = createRecordServices(db);
      const old = await s.repairs.getCaseByRma('RMA-OLD-1');
      expect(old).toMatchObject({ version: 0, updatedBy: null, updatedStation: null });
      expect((await s.testRuns.listForCase(old.id))[0]?.runUid).toBeNull();
      const ids = await people(s);
      const c = await s.repairs.createCase({ customerId: ids.customerId, moduleSerial: 'SN-5', notificationChannel: 'written', notifiedAt: '2026-03-01T00:00:00Z', notifiedBy: 'x', complaintText: 'y', actor: 'a' });
      expect(c.version).toBe(0);
      expect(c.rmaNumber).toMatch(/^RMA-\d{4}-000001$/);
      const run = await s.testRuns.record(testRunInput('SN-5', { runUid: 'uid-0000-aaaa' }));
      expect(run.runUid).toBe('uid-0000-aaaa');
      expect((await verifyChain((sql, p) => db.dataSource.query(sql, p))).ok).toBe(true);
      // The newest links alone (the start-up check of a lab server) agree on SQLite too.
      expect((await verifyChain((sql, p) => db.dataSource.query(sql, p), { tail: 2 })).ok).toBe(true);
      expect(await db.dataSource.query(`SELECT value FROM meta WHERE key = 'database_id'`)).toEqual([{ value: expect.stringMatching(/^[0-9a-f]{32}$/) }]);
    } finally {
      await db.close();
    }
    // The REPLACE guard names the new UNIQUE column: INSERT OR REPLACE on a taken run id is refused.
    const w = await RawSqlite.open(file, 'readwrite');
    await expect(
      w.run(`INSERT OR REPLACE INTO test_run (module_serial, raw_image, sha256, decoded_json, evaluation_json, overall_verdict, within_spec, programmer, station, operator, app_version, taken_at, recorded_at, role, run_uid)
             VALUES ('SN-5', x'01', '${'e'.repeat(64)}', '{}', '{}', 'pass', 1, 'p', 's', 'o', 'v', 't', 't', 'before-repair', 'uid-0000-aaaa')`),
    ).rejects.toThrow(/append-only/);
    await w.close();
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
