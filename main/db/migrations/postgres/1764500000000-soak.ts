// PostgreSQL twin of schema version 6 (see ../1764500000000-soak.ts): test_run.kind, soak_run
// (evidence: append-only by grants and triggers, chained) and the journal of a running soak
// (not evidence: written as it goes and removed once sealed, so the benches' role may delete it:
// grants.ts).
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SOAK_END_REASONS_SQL } from '../1764500000000-soak';
import { TEXT, installAppendOnlyGuardsPg, setSchemaVersionPg } from './helpers';

export class Soak1764500000000Postgres implements MigrationInterface {
  name = 'Soak1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE test_run ADD COLUMN kind ${TEXT} CHECK (kind IS NULL OR kind IN ('read', 'soak'))`);
    await q.query(`CREATE TABLE soak_run (
      test_run_id integer PRIMARY KEY REFERENCES test_run (id),
      series_format integer NOT NULL,
      started_at ${TEXT} NOT NULL,
      ended_at ${TEXT} NOT NULL,
      duration_ms bigint NOT NULL CHECK (duration_ms >= 0),
      end_reason ${TEXT} NOT NULL CHECK (end_reason IN (${SOAK_END_REASONS_SQL})),
      requested_hz double precision NOT NULL CHECK (requested_hz > 0),
      achieved_hz double precision NOT NULL CHECK (achieved_hz >= 0),
      samples integer NOT NULL CHECK (samples >= 0),
      failed_samples integer NOT NULL CHECK (failed_samples >= 0),
      verdict ${TEXT} NOT NULL CHECK (verdict IN ('pass', 'fail', 'incomplete')),
      failure_mode ${TEXT} NOT NULL,
      summary_json ${TEXT} NOT NULL,
      events_json ${TEXT} NOT NULL,
      phases_json ${TEXT} NOT NULL,
      controls_json ${TEXT} NOT NULL,
      settings_json ${TEXT} NOT NULL,
      series bytea NOT NULL,
      series_sha256 ${TEXT} NOT NULL CHECK (length(series_sha256) = 64),
      series_bytes integer NOT NULL CHECK (series_bytes >= 0))`);
    await q.query('CREATE INDEX idx_run_kind ON test_run (repair_case_id, kind)');
    await installAppendOnlyGuardsPg(q, 'soak_run');
    await q.query(`CREATE TABLE soak_journal (
      soak_id ${TEXT} PRIMARY KEY,
      started_at ${TEXT} NOT NULL,
      header_json ${TEXT} NOT NULL,
      image bytea NOT NULL,
      series_header bytea NOT NULL)`);
    await q.query(`CREATE TABLE soak_journal_frame (
      soak_id ${TEXT} NOT NULL REFERENCES soak_journal (soak_id),
      seq integer NOT NULL,
      first_ms bigint NOT NULL,
      samples integer NOT NULL,
      data bytea NOT NULL,
      PRIMARY KEY (soak_id, seq))`);
    await q.query(`CREATE TABLE soak_journal_note (
      soak_id ${TEXT} NOT NULL REFERENCES soak_journal (soak_id),
      seq integer NOT NULL,
      at_ms bigint NOT NULL,
      kind ${TEXT} NOT NULL CHECK (kind IN ('event', 'phase', 'controls')),
      body ${TEXT} NOT NULL,
      PRIMARY KEY (soak_id, seq))`);
    await setSchemaVersionPg(q, 6);
  }

  async down(): Promise<void> {
    throw new Error('Soak evidence cannot be reverted');
  }
}
