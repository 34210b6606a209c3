// PostgreSQL twin of schema version 5 (see ../1764400000000-attachments.ts): every read kept,
// attaching a link (test_run_attachment, evidence: append-only, chained), the view case_test_run
// as the one definition of a case's runs (the same standard SQL on both engines), and the
// delivery record a decision counted from.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { linkUnlinkedRows, postgresExec } from '../../evidence-chain';
import { ATTACHMENT_TABLE, CASE_RUN_VIEW_SQL } from '../1764400000000-attachments';
import { ID, TEXT, installAppendOnlyGuardsPg, setSchemaVersionPg } from './helpers';

export class Attachments1764400000000Postgres implements MigrationInterface {
  name = 'Attachments1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ${ATTACHMENT_TABLE} (
      id ${ID},
      action ${TEXT} NOT NULL CHECK (action IN ('attach','withdraw')),
      test_run_id integer NOT NULL REFERENCES test_run(id),
      repair_case_id integer NOT NULL REFERENCES repair_case(id),
      role ${TEXT} NOT NULL CHECK (role IN ('before-repair','after-repair')),
      recorded_serial ${TEXT},
      serial_override_reason ${TEXT},
      serial_override_by ${TEXT},
      withdraws_id integer REFERENCES ${ATTACHMENT_TABLE}(id),
      reason ${TEXT},
      at ${TEXT} NOT NULL,
      actor ${TEXT} NOT NULL,
      station ${TEXT},
      CHECK (action <> 'attach' OR (recorded_serial IS NOT NULL AND withdraws_id IS NULL)),
      CHECK (action <> 'withdraw' OR (reason IS NOT NULL AND length(trim(reason)) > 0)))`);
    await q.query(`CREATE INDEX idx_attachment_case ON ${ATTACHMENT_TABLE} (repair_case_id, role)`);
    await q.query(`CREATE INDEX idx_attachment_run ON ${ATTACHMENT_TABLE} (test_run_id)`);
    await q.query(`CREATE INDEX idx_attachment_withdraws ON ${ATTACHMENT_TABLE} (withdraws_id)`);
    await installAppendOnlyGuardsPg(q, ATTACHMENT_TABLE);
    await q.query(CASE_RUN_VIEW_SQL);
    await q.query('ALTER TABLE repair_case ADD COLUMN decision_delivery_id integer REFERENCES delivery(id)');
    await linkUnlinkedRows(postgresExec((sql, params) => q.query(sql, params)), new Date().toISOString());
    await setSchemaVersionPg(q, 5);
  }

  async down(): Promise<void> {
    throw new Error('Attachments cannot be reverted');
  }
}
