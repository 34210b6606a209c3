// Schema version 5: a read belongs to a case by being attached (issue 12).
//
// Every completed read is stored as a test run at once, attached or not; attaching it to a case
// is a link, written once per case and role into test_run_attachment, and an attachment made by
// mistake is withdrawn by a second row (a supervisor's, with the reason) that names it. Both
// rows are evidence: append-only, hash-chained (EVIDENCE_TABLES), guarded against UPDATE, DELETE
// and INSERT OR REPLACE like every other evidence table.
//
// Runs recorded the old way (test_run.repair_case_id and role set when the run was stored,
// schema 1-4) keep counting: the view case_test_run is the one definition of "the runs of a
// case", the union of those legacy links and the current attachments, less what was withdrawn.
// A legacy link is withdrawn by a withdrawal row naming the run, case and role with withdraws_id
// NULL (there is no attachment row to name).
//
// Also: repair_case.decision_delivery_id, the delivery record a decision counted from.
//
// Only new tables, columns, indexes, triggers and a view: nothing existing is rebuilt. The view
// and the queries over it are plain standard SQL (UNION ALL, NOT EXISTS), for the PostgreSQL
// engine as well.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { linkUnlinkedRows, type Exec } from '../evidence-chain';
import { installAppendOnlyGuards } from './1764300000000-evidence';

/** The schema version this migration brings the file to (renumbered with SCHEMA_VERSION at merge). */
const VERSION = 5;

export const ATTACHMENT_TABLE = 'test_run_attachment';
export const CASE_RUN_VIEW = 'case_test_run';

/**
 * The runs of a case, one row per current link: legacy links of schema 1-4 (test_run.repair_case_id)
 * not withdrawn, and attachments not withdrawn. module_serial is the serial the run counts under
 * for that case: the run's own for a legacy link (recorded under it then), the attachment's
 * recorded_serial otherwise (the run's serial, or the case's when a supervisor approved it).
 */
export const CASE_RUN_VIEW_SQL = `CREATE VIEW ${CASE_RUN_VIEW} AS
  SELECT r.id AS test_run_id, r.repair_case_id AS repair_case_id, r.role AS role, r.module_serial AS module_serial,
         r.serial_override_reason AS serial_override_reason, r.serial_override_by AS serial_override_by,
         NULL AS attachment_id, r.recorded_at AS attached_at, r.operator AS attached_by
    FROM test_run r
   WHERE r.repair_case_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM ${ATTACHMENT_TABLE} w
                      WHERE w.action = 'withdraw' AND w.withdraws_id IS NULL
                        AND w.test_run_id = r.id AND w.repair_case_id = r.repair_case_id AND w.role = r.role)
  UNION ALL
  SELECT a.test_run_id AS test_run_id, a.repair_case_id AS repair_case_id, a.role AS role, a.recorded_serial AS module_serial,
         a.serial_override_reason AS serial_override_reason, a.serial_override_by AS serial_override_by,
         a.id AS attachment_id, a.at AS attached_at, a.actor AS attached_by
    FROM ${ATTACHMENT_TABLE} a
   WHERE a.action = 'attach'
     AND NOT EXISTS (SELECT 1 FROM ${ATTACHMENT_TABLE} w WHERE w.action = 'withdraw' AND w.withdraws_id = a.id)`;

export class Attachments1764400000000 implements MigrationInterface {
  name = 'Attachments1764400000000';

  async up(q: QueryRunner): Promise<void> {
    // action 'attach': the run counts for the case in this role from `at`; recorded_serial is the
    // serial it counts under (a supervisor's approval, with reason and name, when the module's
    // memory gives another). action 'withdraw': the attachment withdraws_id (or a legacy link of
    // the same run, case and role when NULL) no longer counts; reason and actor say why and who.
    await q.query(`CREATE TABLE ${ATTACHMENT_TABLE} (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      action TEXT NOT NULL CHECK (action IN ('attach','withdraw')),
      test_run_id INTEGER NOT NULL REFERENCES test_run(id),
      repair_case_id INTEGER NOT NULL REFERENCES repair_case(id),
      role TEXT NOT NULL CHECK (role IN ('before-repair','after-repair')),
      recorded_serial TEXT,
      serial_override_reason TEXT,
      serial_override_by TEXT,
      withdraws_id INTEGER REFERENCES ${ATTACHMENT_TABLE}(id),
      reason TEXT,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      station TEXT,
      CHECK (action <> 'attach' OR (recorded_serial IS NOT NULL AND withdraws_id IS NULL)),
      CHECK (action <> 'withdraw' OR (reason IS NOT NULL AND length(trim(reason)) > 0)))`);
    await q.query(`CREATE INDEX idx_attachment_case ON ${ATTACHMENT_TABLE} (repair_case_id, role)`);
    await q.query(`CREATE INDEX idx_attachment_run ON ${ATTACHMENT_TABLE} (test_run_id)`);
    await q.query(`CREATE INDEX idx_attachment_withdraws ON ${ATTACHMENT_TABLE} (withdraws_id)`);
    // The evidence migration installed guards for the tables listed then; this table's are made here.
    await installAppendOnlyGuards(q, ATTACHMENT_TABLE);
    await q.query(CASE_RUN_VIEW_SQL);

    // The delivery record a decision counted from (null: estimated from the date code, or none).
    await q.query(`ALTER TABLE repair_case ADD COLUMN decision_delivery_id INTEGER REFERENCES delivery(id)`);

    // Nothing to link yet (the table is new), but a file restored mid-way keeps the chain whole.
    const exec: Exec = (sql, params) => q.query(sql, params);
    await linkUnlinkedRows(exec, new Date().toISOString());

    await q.query(`UPDATE meta SET value = '${VERSION}' WHERE key = 'schema_version'`);
    await q.query(`PRAGMA user_version = ${VERSION}`);
  }

  async down(): Promise<void> {
    throw new Error('Attachments cannot be reverted: an older app refuses a newer file instead');
  }
}
