// PostgreSQL twin of schema version 2 (see ../1764190000001-dashboard-indexes.ts).
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { setSchemaVersionPg } from './helpers';

export class DashboardIndexes1764190000001Postgres implements MigrationInterface {
  name = 'DashboardIndexes1764190000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX idx_case_facets ON repair_case (status, cause, failure_mode, decision, technician_id, notified_at)');
    await q.query('CREATE INDEX idx_case_response ON repair_case (response_s, notified_at)');
    await q.query('CREATE INDEX idx_case_closure_s ON repair_case (closure_s, notified_at)');
    await q.query('CREATE INDEX idx_case_month ON repair_case (substr(notified_at, 1, 7), notified_at)');
    for (const old of ['idx_case_cause', 'idx_case_failure', 'idx_case_decision', 'idx_case_durations']) await q.query(`DROP INDEX IF EXISTS ${old}`);
    await setSchemaVersionPg(q, 2);
  }

  async down(): Promise<void> {
    throw new Error('DashboardIndexes cannot be reverted');
  }
}
