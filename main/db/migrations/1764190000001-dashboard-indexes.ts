// Schema version 2: indexes shaped for the statistics dashboard at 200,000 cases (bench:db).
// One covering "facets" index answers status, cause, failure mode, decision and technician in a
// single scan; (response_s, notified_at) and (closure_s, notified_at) let the percentiles walk an
// index with OFFSET instead of shipping every duration to JavaScript. The scorecards keep the
// narrower (technician_id, decision, notified_at) index of version 1.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DashboardIndexes1764190000001 implements MigrationInterface {
  name = 'DashboardIndexes1764190000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX idx_case_facets ON repair_case (status, cause, failure_mode, decision, technician_id, notified_at)');
    await q.query('CREATE INDEX idx_case_response ON repair_case (response_s, notified_at)');
    await q.query('CREATE INDEX idx_case_closure_s ON repair_case (closure_s, notified_at)');
    await q.query('CREATE INDEX idx_case_month ON repair_case (substr(notified_at, 1, 7), notified_at)');
    for (const old of ['idx_case_cause', 'idx_case_failure', 'idx_case_decision', 'idx_case_durations']) {
      await q.query(`DROP INDEX IF EXISTS ${old}`);
    }
    await q.query(`UPDATE meta SET value = '2' WHERE key = 'schema_version'`);
    await q.query('PRAGMA user_version = 2');
  }

  async down(): Promise<void> {
    throw new Error('DashboardIndexes cannot be reverted: an older app refuses a newer file instead');
  }
}
