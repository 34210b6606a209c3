// Soak runs (issue 15). Follows the bench-flow migration (1764400000000, schema 5) and brings the
// file to schema 6. Only ADD COLUMN, new tables, indexes and triggers: nothing is rebuilt.
//
// - test_run.kind: NULL for a read (every row stored before keeps its hash: the chain leaves NULL
//   columns out), 'soak' for a soak, whose row holds the read it started with.
// - soak_run: the soak's evidence beside its test run, one row per soak, written once: summary,
//   events, phases, the control writes, and the full series (every sample, soak-series.ts) with
//   its SHA-256. An evidence table: in EVIDENCE_TABLES (hash chain) and append-only, its guards
//   made here (the evidence migration makes those of the tables that existed before it).
// - soak_journal, soak_journal_frame, soak_journal_note: a running soak written as it goes (a
//   frame of samples a second, events, phases, control writes), so an app killed mid-soak keeps
//   every sample up to the last second; sealed into test_run + soak_run at the end (or at the next
//   start after a kill) and then removed. Not evidence yet, as a read held in memory is not.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { installAppendOnlyGuards } from './1764300000000-evidence';

/** The schema version this migration brings the file to. */
const VERSION = 6;

export const SOAK_END_REASONS_SQL = `'completed','stopped','programmer-lost','module-changed','error','app-stopped'`;

export class Soak1764500000000 implements MigrationInterface {
  name = 'Soak1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE test_run ADD COLUMN kind TEXT CHECK (kind IS NULL OR kind IN ('read', 'soak'))`);
    await q.query(`CREATE TABLE soak_run (
      test_run_id INTEGER PRIMARY KEY REFERENCES test_run (id),
      series_format INTEGER NOT NULL,
      started_at TEXT NOT NULL,
      ended_at TEXT NOT NULL,
      duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
      end_reason TEXT NOT NULL CHECK (end_reason IN (${SOAK_END_REASONS_SQL})),
      requested_hz REAL NOT NULL CHECK (requested_hz > 0),
      achieved_hz REAL NOT NULL CHECK (achieved_hz >= 0),
      samples INTEGER NOT NULL CHECK (samples >= 0),
      failed_samples INTEGER NOT NULL CHECK (failed_samples >= 0),
      verdict TEXT NOT NULL CHECK (verdict IN ('pass', 'fail', 'incomplete')),
      failure_mode TEXT NOT NULL,
      summary_json TEXT NOT NULL,
      events_json TEXT NOT NULL,
      phases_json TEXT NOT NULL,
      controls_json TEXT NOT NULL,
      settings_json TEXT NOT NULL,
      series BLOB NOT NULL,
      series_sha256 TEXT NOT NULL CHECK (length(series_sha256) = 64),
      series_bytes INTEGER NOT NULL CHECK (series_bytes >= 0))`);
    await q.query(`CREATE INDEX idx_run_kind ON test_run (repair_case_id, kind)`);
    await installAppendOnlyGuards(q, 'soak_run');

    await q.query(`CREATE TABLE soak_journal (
      soak_id TEXT PRIMARY KEY,
      started_at TEXT NOT NULL,
      header_json TEXT NOT NULL,
      image BLOB NOT NULL,
      series_header BLOB NOT NULL)`);
    await q.query(`CREATE TABLE soak_journal_frame (
      soak_id TEXT NOT NULL REFERENCES soak_journal (soak_id),
      seq INTEGER NOT NULL,
      first_ms INTEGER NOT NULL,
      samples INTEGER NOT NULL,
      data BLOB NOT NULL,
      PRIMARY KEY (soak_id, seq))`);
    await q.query(`CREATE TABLE soak_journal_note (
      soak_id TEXT NOT NULL REFERENCES soak_journal (soak_id),
      seq INTEGER NOT NULL,
      at_ms INTEGER NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('event', 'phase', 'controls')),
      body TEXT NOT NULL,
      PRIMARY KEY (soak_id, seq))`);

    await q.query(`UPDATE meta SET value = '${VERSION}' WHERE key = 'schema_version'`);
    await q.query(`PRAGMA user_version = ${VERSION}`);
  }

  async down(): Promise<void> {
    throw new Error('Soak evidence cannot be reverted: an older app refuses a newer file instead');
  }
}
