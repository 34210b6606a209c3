// PostgreSQL twin of schema version 1 (see ../1764190000000-initial-schema.ts). Same tables,
// columns, CHECKs, indexes and append-only guards; SQLite's BLOB is bytea, AUTOINCREMENT an
// identity column, COLLATE NOCASE a unique index on lower(name) (lower() folds ASCII only under
// the "C" collation, as NOCASE does), GLOB a regular expression.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ID, TEXT, installAppendOnlyGuardsPg, installGuardFunction } from './helpers';

const STATUSES = `'received','diagnosing','awaiting-decision','repairing','replacing','verifying','closed','returned-no-fault','rejected-not-covered'`;
const APPEND_ONLY_TABLES = ['test_run', 'audit_event', 'status_change', 'limit_profile'];

export class InitialSchema1764190000000Postgres implements MigrationInterface {
  name = 'InitialSchema1764190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE meta (key ${TEXT} PRIMARY KEY, value ${TEXT} NOT NULL)`);
    await q.query(`INSERT INTO meta (key, value) VALUES ('application', 'optic-bench'), ('schema_version', '1')`);
    await q.query(`CREATE TABLE customer (id ${ID}, name ${TEXT} NOT NULL, contact ${TEXT}, phone ${TEXT}, email ${TEXT}, created_at ${TEXT} NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX customer_name_nocase ON customer (lower(name))`);
    await q.query(`CREATE TABLE technician (
      id ${ID}, code ${TEXT} NOT NULL UNIQUE, name ${TEXT} NOT NULL,
      role ${TEXT} NOT NULL CHECK (role IN ('technician','supervisor','engineering-manager')),
      active integer NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
      created_at ${TEXT} NOT NULL)`);
    await q.query(`CREATE TABLE module (serial ${TEXT} PRIMARY KEY, vendor ${TEXT}, part_number ${TEXT}, first_seen_at ${TEXT} NOT NULL)`);
    await q.query(`CREATE TABLE delivery (
      id ${ID}, module_serial ${TEXT} NOT NULL, customer_id integer NOT NULL REFERENCES customer(id),
      delivered_on ${TEXT} NOT NULL CHECK (delivered_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      part_number ${TEXT}, imported_at ${TEXT} NOT NULL,
      UNIQUE (module_serial, delivered_on))`);
    await q.query(`CREATE TABLE repair_case (
      id ${ID},
      rma_number ${TEXT} NOT NULL UNIQUE,
      customer_id integer NOT NULL REFERENCES customer(id),
      module_serial ${TEXT} NOT NULL REFERENCES module(serial),
      part_number ${TEXT},
      notification_channel ${TEXT} NOT NULL CHECK (notification_channel IN ('written','telephone')),
      notified_at ${TEXT} NOT NULL, notified_on ${TEXT} NOT NULL, notified_by ${TEXT} NOT NULL,
      complaint_text ${TEXT} NOT NULL,
      status ${TEXT} NOT NULL CHECK (status IN (${STATUSES})),
      technician_id integer REFERENCES technician(id),
      cause ${TEXT} CHECK (cause IS NULL OR cause IN ('non-human','human','force-majeure')),
      decision ${TEXT} CONSTRAINT repair_case_decision_check CHECK (decision IS NULL OR decision IN ('replace','repair','no-fault-found','not-covered','out-of-warranty')),
      decision_rule ${TEXT}, decision_rule_id ${TEXT}, decision_age_days integer, decision_estimated integer,
      decision_basis_date ${TEXT}, decided_at ${TEXT}, decided_by ${TEXT},
      evidence_test_run_id integer,
      failure_mode ${TEXT}, action_taken ${TEXT}, replacement_serial ${TEXT},
      created_at ${TEXT} NOT NULL, updated_at ${TEXT} NOT NULL,
      first_response_at ${TEXT}, closed_at ${TEXT},
      response_s integer, closure_s integer)`);
    await q.query(`CREATE TABLE status_change (
      id ${ID}, repair_case_id integer NOT NULL REFERENCES repair_case(id),
      from_status ${TEXT}, to_status ${TEXT} NOT NULL CHECK (to_status IN (${STATUSES})),
      at ${TEXT} NOT NULL, actor ${TEXT} NOT NULL, note ${TEXT})`);
    await q.query(`CREATE TABLE test_run (
      id ${ID},
      module_serial ${TEXT} NOT NULL REFERENCES module(serial),
      raw_image bytea NOT NULL,
      sha256 ${TEXT} NOT NULL CHECK (length(sha256) = 64),
      decoded_json ${TEXT} NOT NULL,
      limit_profile_id ${TEXT}, limit_profile_version integer,
      evaluation_json ${TEXT} NOT NULL,
      overall_verdict ${TEXT} NOT NULL CONSTRAINT test_run_overall_verdict_check CHECK (overall_verdict IN ('pass','marginal','fail')),
      within_spec integer NOT NULL CHECK (within_spec IN (0,1)),
      programmer ${TEXT} NOT NULL, station ${TEXT} NOT NULL, operator ${TEXT} NOT NULL, app_version ${TEXT} NOT NULL,
      taken_at ${TEXT} NOT NULL, recorded_at ${TEXT} NOT NULL,
      role ${TEXT} NOT NULL CHECK (role IN ('before-repair','after-repair')),
      corrects_id integer REFERENCES test_run(id),
      correction_reason ${TEXT},
      repair_case_id integer REFERENCES repair_case(id))`);
    // The two tables reference each other; the second reference waits for the second table, and
    // may be checked at commit (SET CONSTRAINTS ... DEFERRED) by bulk loads that write cases first.
    await q.query(`ALTER TABLE repair_case ADD CONSTRAINT repair_case_evidence_test_run_fk FOREIGN KEY (evidence_test_run_id) REFERENCES test_run(id) DEFERRABLE INITIALLY IMMEDIATE`);
    await q.query(`CREATE TABLE complaint (
      id ${ID}, repair_case_id integer NOT NULL REFERENCES repair_case(id), technician_id integer REFERENCES technician(id),
      addressed_to ${TEXT} NOT NULL CHECK (addressed_to IN ('supervisor','engineering-manager')),
      text ${TEXT} NOT NULL,
      status ${TEXT} NOT NULL CHECK (status IN ('open','in-progress','resolved')),
      resolution ${TEXT}, created_at ${TEXT} NOT NULL, created_by ${TEXT} NOT NULL, updated_at ${TEXT} NOT NULL, resolved_at ${TEXT})`);
    await q.query(`CREATE TABLE follow_up_call (
      id ${ID}, repair_case_id integer NOT NULL REFERENCES repair_case(id), technician_id integer REFERENCES technician(id),
      caller_id integer NOT NULL REFERENCES technician(id), called_at ${TEXT} NOT NULL,
      satisfaction integer NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
      remarks ${TEXT}, recorded_at ${TEXT} NOT NULL)`);
    await q.query(`CREATE TABLE audit_event (
      id ${ID}, at ${TEXT} NOT NULL, actor ${TEXT} NOT NULL, action ${TEXT} NOT NULL,
      entity ${TEXT} NOT NULL, entity_id ${TEXT} NOT NULL, details_json ${TEXT} NOT NULL)`);
    await q.query(`CREATE TABLE setting (key ${TEXT} PRIMARY KEY, value ${TEXT} NOT NULL, updated_at ${TEXT} NOT NULL, updated_by ${TEXT} NOT NULL)`);
    await q.query(`CREATE TABLE limit_profile (
      id ${TEXT} NOT NULL, version integer NOT NULL, json ${TEXT} NOT NULL,
      imported_at ${TEXT} NOT NULL, imported_by ${TEXT} NOT NULL, PRIMARY KEY (id, version))`);

    const caseIndexes: Array<[string, string]> = [
      ['idx_case_notified', 'notified_at'],
      ['idx_case_status', 'status, notified_at'],
      ['idx_case_customer', 'customer_id, notified_at'],
      ['idx_case_technician', 'technician_id, notified_at'],
      ['idx_case_part', 'part_number, notified_at'],
      ['idx_case_serial', 'module_serial'],
      ['idx_case_cause', 'cause, notified_at'],
      ['idx_case_failure', 'failure_mode, notified_at'],
      ['idx_case_decision', 'decision, notified_at'],
      ['idx_case_tech_decision', 'technician_id, decision, notified_at'],
      ['idx_case_durations', 'notified_at, response_s, closure_s'],
      ['idx_case_closed', 'closed_at'],
    ];
    for (const [name, cols] of caseIndexes) await q.query(`CREATE INDEX ${name} ON repair_case (${cols})`);
    await q.query(`CREATE INDEX idx_run_case ON test_run (repair_case_id)`);
    await q.query(`CREATE INDEX idx_run_serial ON test_run (module_serial)`);
    await q.query(`CREATE INDEX idx_run_corrects ON test_run (corrects_id)`);
    await q.query(`CREATE INDEX idx_status_case ON status_change (repair_case_id)`);
    await q.query(`CREATE INDEX idx_complaint_case ON complaint (repair_case_id)`);
    await q.query(`CREATE INDEX idx_complaint_tech ON complaint (technician_id)`);
    await q.query(`CREATE INDEX idx_call_case ON follow_up_call (repair_case_id)`);
    await q.query(`CREATE INDEX idx_call_tech ON follow_up_call (technician_id)`);
    await q.query(`CREATE INDEX idx_delivery_serial ON delivery (module_serial, delivered_on)`);
    await q.query(`CREATE INDEX idx_audit_entity ON audit_event (entity, entity_id)`);

    await installGuardFunction(q);
    for (const table of APPEND_ONLY_TABLES) await installAppendOnlyGuardsPg(q, table);
  }

  async down(): Promise<void> {
    throw new Error('InitialSchema cannot be reverted');
  }
}
