// Schema version 7 (after the bench flow's 5 and the soak's 6): benches that work together on one lab server (issue 14). Only adds columns,
// one table, indexes and triggers (no rebuild), so it merges beside the other migrations of its
// time.
// - repair_case.version: the optimistic check. Every change of a case raises it by one and is
//   written only where it still has the version the bench read, so of two benches changing the
//   same case the second is told who changed it (updated_by, updated_station) and when, and
//   nothing is overwritten.
// - test_run.run_uid: the id a bench gives a run when it is read, kept through its outbox, so a
//   run sent twice (the bench did not hear the server's answer) is recognised and stored once.
// - meta.database_id: a random id of these records, so `migrate` knows a bench it copied before.
// - rma_sequence: the next RMA number (PostgreSQL: a real SEQUENCE, see the twin), so two
//   benches opening cases at the same instant never get the same number.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { installAppendOnlyGuards } from './1764300000000-evidence';

/** The schema version this migration brings the file to (renumbered with SCHEMA_VERSION at merge). */
const VERSION = 7;

export class Lab1764600000000 implements MigrationInterface {
  name = 'Lab1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE repair_case ADD COLUMN version INTEGER NOT NULL DEFAULT 0');
    await q.query('ALTER TABLE repair_case ADD COLUMN updated_by TEXT');
    await q.query('ALTER TABLE repair_case ADD COLUMN updated_station TEXT');
    await q.query('ALTER TABLE test_run ADD COLUMN run_uid TEXT');
    await q.query('CREATE UNIQUE INDEX idx_run_uid ON test_run (run_uid) WHERE run_uid IS NOT NULL');
    // The REPLACE guard names every UNIQUE column set; run_uid is a new one.
    await installAppendOnlyGuards(q, 'test_run');
    await q.query('CREATE TABLE rma_sequence (name TEXT PRIMARY KEY, next_value INTEGER NOT NULL CHECK (next_value > 0))');
    await q.query(`INSERT INTO rma_sequence (name, next_value) VALUES ('rma', 1)`);
    // Which bench's records these are, for `migrate` (its map of what it copied names the source by it).
    await q.query(`INSERT INTO meta (key, value) VALUES ('database_id', lower(hex(randomblob(16))))`);
    await q.query(`UPDATE meta SET value = '${VERSION}' WHERE key = 'schema_version'`);
    await q.query(`PRAGMA user_version = ${VERSION}`);
  }

  async down(): Promise<void> {
    throw new Error('Lab cannot be reverted: an older app refuses a newer file instead');
  }
}
