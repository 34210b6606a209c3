// PostgreSQL twin of schema version 7 (see ../1764600000000-lab.ts), plus what only a lab server
// has: the RMA SEQUENCE, NOTIFY triggers (a change reaches the other benches' screens within
// seconds: main/db/change-feed.ts) and migrate_map (what `migrate` copied from which bench, so
// it can be run again and never copies a record twice).
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { TEXT, setSchemaVersionPg } from './helpers';

/** The NOTIFY channel of record changes (main/db/change-feed.ts listens on it). */
export const CHANGE_CHANNEL = 'optic_bench_changes';

export class Lab1764600000000Postgres implements MigrationInterface {
  name = 'Lab1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE repair_case ADD COLUMN version integer NOT NULL DEFAULT 0');
    await q.query(`ALTER TABLE repair_case ADD COLUMN updated_by ${TEXT}`);
    await q.query(`ALTER TABLE repair_case ADD COLUMN updated_station ${TEXT}`);
    await q.query(`ALTER TABLE test_run ADD COLUMN run_uid ${TEXT}`);
    await q.query('CREATE UNIQUE INDEX idx_run_uid ON test_run (run_uid) WHERE run_uid IS NOT NULL');
    // The bench's file keeps its counter in rma_sequence; the lab's is a real sequence (never rolled back, never handed out twice).
    await q.query(`CREATE TABLE rma_sequence (name ${TEXT} PRIMARY KEY, next_value integer NOT NULL CHECK (next_value > 0))`);
    await q.query(`INSERT INTO rma_sequence (name, next_value) VALUES ('rma', 1)`);
    await q.query('CREATE SEQUENCE rma_number_seq START 1');
    await q.query(`INSERT INTO meta (key, value) VALUES ('database_id', md5(random()::text || clock_timestamp()::text))`);
    await q.query(`CREATE TABLE migrate_map (
      source_id ${TEXT} NOT NULL,
      table_name ${TEXT} NOT NULL,
      source_key ${TEXT} NOT NULL,
      target_key ${TEXT} NOT NULL,
      source_row_hash ${TEXT},
      migrated_at ${TEXT} NOT NULL,
      PRIMARY KEY (source_id, table_name, source_key))`);
    await q.query(`CREATE FUNCTION optic_bench_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  case_id integer;
BEGIN
  IF TG_TABLE_NAME = 'repair_case' THEN
    case_id := NEW.id;
  ELSE
    case_id := NEW.repair_case_id;
  END IF;
  PERFORM pg_notify('${CHANGE_CHANNEL}', json_build_object('table', TG_TABLE_NAME, 'id', NEW.id, 'caseId', case_id, 'op', lower(TG_OP))::text);
  RETURN NULL;
END $$`);
    // test_run_attachment (schema 5): a run attached to or withdrawn from a case changes that case's page.
    for (const t of ['repair_case', 'test_run', 'test_run_attachment', 'status_change', 'external_test', 'complaint', 'follow_up_call']) {
      await q.query(`CREATE TRIGGER ${t}_notify AFTER INSERT OR UPDATE ON ${t} FOR EACH ROW EXECUTE FUNCTION optic_bench_notify()`);
    }
    await setSchemaVersionPg(q, 7);
  }

  async down(): Promise<void> {
    throw new Error('Lab cannot be reverted');
  }
}
