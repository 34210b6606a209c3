// PostgreSQL twin of schema version 3 (see ../1764200000000-verdicts.ts). PostgreSQL alters a
// CHECK in place, so nothing is rebuilt: the two CHECKs widen, external_test arrives with its
// append-only guards, repair_case gets its two columns.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ID, TEXT, installAppendOnlyGuardsPg, setSchemaVersionPg } from './helpers';

export class Verdicts1764200000000Postgres implements MigrationInterface {
  name = 'Verdicts1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE test_run DROP CONSTRAINT test_run_overall_verdict_check');
    await q.query(`ALTER TABLE test_run ADD CONSTRAINT test_run_overall_verdict_check CHECK (overall_verdict IN ('pass','marginal','fail','incomplete'))`);
    await q.query('ALTER TABLE repair_case DROP CONSTRAINT repair_case_decision_check');
    await q.query(
      `ALTER TABLE repair_case ADD CONSTRAINT repair_case_decision_check CHECK (decision IS NULL OR decision IN ('replace','repair','no-fault-found','not-covered','out-of-warranty','needs-evidence'))`,
    );
    await q.query(`CREATE TABLE external_test (
      id ${ID},
      module_serial ${TEXT} NOT NULL REFERENCES module(serial),
      repair_case_id integer REFERENCES repair_case(id),
      role ${TEXT} NOT NULL CHECK (role IN ('before-repair','after-repair')),
      kind ${TEXT} NOT NULL CHECK (kind IN ('link','ber')),
      result ${TEXT} NOT NULL CHECK (result IN ('pass','fail')),
      equipment ${TEXT} NOT NULL,
      host_port ${TEXT},
      data_rate ${TEXT},
      duration_s integer CHECK (duration_s IS NULL OR duration_s >= 0),
      bit_error_ratio double precision CHECK (bit_error_ratio IS NULL OR (bit_error_ratio >= 0 AND bit_error_ratio <= 1)),
      error_count integer CHECK (error_count IS NULL OR error_count >= 0),
      performed_by ${TEXT} NOT NULL,
      performed_at ${TEXT} NOT NULL,
      notes ${TEXT},
      station ${TEXT} NOT NULL,
      recorded_at ${TEXT} NOT NULL,
      recorded_by ${TEXT} NOT NULL)`);
    await q.query('CREATE INDEX idx_external_case ON external_test (repair_case_id)');
    await q.query('CREATE INDEX idx_external_serial ON external_test (module_serial)');
    await installAppendOnlyGuardsPg(q, 'external_test');
    await q.query('ALTER TABLE repair_case ADD COLUMN evidence_external_test_id integer REFERENCES external_test(id)');
    await q.query(`ALTER TABLE repair_case ADD COLUMN decision_needs ${TEXT}`);
    await setSchemaVersionPg(q, 3);
  }

  async down(): Promise<void> {
    throw new Error('Verdicts cannot be reverted');
  }
}
