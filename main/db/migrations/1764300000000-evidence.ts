// Evidence that holds up (issue 16): provenance on every test run, PINs for the people who sign
// in, the hash chain over the evidence tables, and append-only guards that also hold against
// INSERT OR REPLACE. Runs after the verdicts migration that rebuilds test_run and repair_case, so
// it only adds columns, tables, indexes and triggers: no table is rebuilt here.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { linkUnlinkedRows, type Exec } from '../evidence-chain';
import { CHAIN_TABLE, EVIDENCE_TABLES } from '../schema-constants';

/** The schema version this migration brings the file to (renumbered with SCHEMA_VERSION at merge). */
const VERSION = 4;

export const TEST_RUN_SOURCES_SQL = `'programmer','simulated','file'`;

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * UPDATE, DELETE and key-replacing INSERT refused on one table. A REPLACE deletes the row it
 * collides with without firing DELETE triggers (recursive_triggers is off in most builds, the
 * sqlite3 shell's among them), so the INSERT itself is refused when the key, or any other
 * UNIQUE column set, is already taken. Idempotent, for a table whose own migration made some.
 */
export async function installAppendOnlyGuards(q: QueryRunner, table: string): Promise<void> {
  const t = ident(table);
  await q.query(`CREATE TRIGGER IF NOT EXISTS ${ident(`${table}_no_update`)} BEFORE UPDATE ON ${t} BEGIN SELECT RAISE(ABORT, '${table} is append-only: write a correcting record instead'); END`);
  await q.query(`CREATE TRIGGER IF NOT EXISTS ${ident(`${table}_no_delete`)} BEFORE DELETE ON ${t} BEGIN SELECT RAISE(ABORT, '${table} is append-only: records are never deleted'); END`);
  const info: Array<{ name: string; pk: number }> = await q.query(`SELECT name, pk FROM pragma_table_info(?) ORDER BY pk`, [table]);
  const keySets: string[][] = [info.filter((c) => Number(c.pk) > 0).map((c) => c.name)];
  const indexes: Array<{ name: string; unique: number; origin: string }> = await q.query(`SELECT name, "unique", origin FROM pragma_index_list(?)`, [table]);
  for (const ix of indexes.filter((i) => Number(i.unique) === 1 && i.origin !== 'pk')) {
    const cols: Array<{ name: string | null }> = await q.query(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`, [ix.name]);
    // An expression index has no column names; its collisions still fail on the index itself.
    if (cols.every((c) => c.name !== null)) keySets.push(cols.map((c) => c.name as string));
  }
  const taken = keySets
    .filter((k) => k.length > 0)
    .map((k) => `EXISTS (SELECT 1 FROM ${t} x WHERE ${k.map((c) => `x.${ident(c)} = NEW.${ident(c)}`).join(' AND ')})`)
    .join(' OR ');
  await q.query(`DROP TRIGGER IF EXISTS ${ident(`${table}_no_replace`)}`);
  await q.query(
    `CREATE TRIGGER ${ident(`${table}_no_replace`)} BEFORE INSERT ON ${t} WHEN ${taken} BEGIN SELECT RAISE(ABORT, '${table} is append-only: a record with this key exists and cannot be replaced'); END`,
  );
}

export class Evidence1764300000000 implements MigrationInterface {
  name = 'Evidence1764300000000';

  async up(q: QueryRunner): Promise<void> {
    // Provenance. source: programmer (a real programmer: kind, port, its own identity string),
    // simulated (the bench simulator: training) or file (a dump opened from disk: imported, with
    // its base name and SHA-256). serial_read is the serial the module's memory gave; a run
    // recorded for a case under another serial keeps the supervisor's reason and name.
    await q.query(`ALTER TABLE test_run ADD COLUMN source TEXT CHECK (source IS NULL OR source IN (${TEST_RUN_SOURCES_SQL}))`);
    for (const col of ['programmer_kind', 'programmer_port', 'programmer_identity', 'source_file_name', 'source_file_sha256', 'serial_read', 'serial_override_reason', 'serial_override_by']) {
      await q.query(`ALTER TABLE test_run ADD COLUMN ${col} TEXT`);
    }
    // Runs stored before provenance existed: the programmer description main wrote says which
    // kind of source it was (drivers/simulated.ts "Simulated bench ...", bench-session "file ...").
    // The rows are evidence, so their guard steps aside for this one backfill and comes back.
    await q.query(`DROP TRIGGER IF EXISTS test_run_no_update`);
    await q.query(
      `UPDATE test_run SET source = CASE WHEN programmer LIKE 'Simulated bench%' OR programmer LIKE 'simulated%' THEN 'simulated' WHEN programmer LIKE 'file %' THEN 'file' ELSE 'programmer' END,
         source_file_name = CASE WHEN programmer LIKE 'file %' THEN substr(programmer, 6) END`,
    );
    await q.query(`CREATE TRIGGER test_run_no_update BEFORE UPDATE ON test_run BEGIN SELECT RAISE(ABORT, 'test_run is append-only: write a correcting record instead'); END`);
    await q.query(`CREATE INDEX idx_run_source ON test_run (repair_case_id, source)`);

    // Sign-in: a PIN as an argon2id PHC string (salt and parameters inside), never the PIN.
    await q.query(`ALTER TABLE technician ADD COLUMN pin_hash TEXT`);
    await q.query(`ALTER TABLE technician ADD COLUMN pin_set_at TEXT`);

    // The chain: one link per evidence row, numbered without gaps from 1.
    await q.query(`CREATE TABLE ${CHAIN_TABLE} (
      seq INTEGER PRIMARY KEY CHECK (seq > 0),
      table_name TEXT NOT NULL,
      row_key TEXT NOT NULL,
      row_hash TEXT NOT NULL CHECK (length(row_hash) = 64),
      prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
      link_hash TEXT NOT NULL CHECK (length(link_hash) = 64),
      linked_at TEXT NOT NULL,
      UNIQUE (table_name, row_key))`);

    for (const table of [...EVIDENCE_TABLES, CHAIN_TABLE]) {
      const exists: unknown[] = await q.query(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`, [table]);
      // A listed table made by a later migration installs its guards there (installAppendOnlyGuards).
      if (exists.length > 0) await installAppendOnlyGuards(q, table);
    }

    const exec: Exec = (sql, params) => q.query(sql, params);
    await linkUnlinkedRows(exec, new Date().toISOString());

    await q.query(`UPDATE meta SET value = '${VERSION}' WHERE key = 'schema_version'`);
    await q.query(`PRAGMA user_version = ${VERSION}`);
  }

  async down(): Promise<void> {
    throw new Error('Evidence cannot be reverted: an older app refuses a newer file instead');
  }
}
