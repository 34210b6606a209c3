// Schema version 1. Hand-written: the schema changes only through migrations, never synchronize.
// A migration, once shipped, is never edited; a change is a new migration class.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APPLICATION_ID } from '../schema-constants';

const STATUSES = `'received','diagnosing','awaiting-decision','repairing','replacing','verifying','closed','returned-no-fault','rejected-not-covered'`;

/** Evidence and accountability tables: rows are written once and never changed (defence in depth behind the code, which has no update path). */
const APPEND_ONLY_TABLES = ['test_run', 'audit_event', 'status_change', 'limit_profile'];

export class InitialSchema1764190000000 implements MigrationInterface {
  name = 'InitialSchema1764190000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`PRAGMA application_id = ${APPLICATION_ID}`);
    await q.query(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
    await q.query(`INSERT INTO meta (key, value) VALUES ('application', 'optic-bench'), ('schema_version', '1')`);

    await q.query(`CREATE TABLE customer (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL COLLATE NOCASE UNIQUE,
      contact TEXT, phone TEXT, email TEXT,
      created_at TEXT NOT NULL)`);
    await q.query(`CREATE TABLE technician (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      code TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('technician','supervisor','engineering-manager')),
      active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
      created_at TEXT NOT NULL)`);
    await q.query(`CREATE TABLE module (
      serial TEXT PRIMARY KEY,
      vendor TEXT, part_number TEXT,
      first_seen_at TEXT NOT NULL)`);
    await q.query(`CREATE TABLE delivery (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      module_serial TEXT NOT NULL,
      customer_id INTEGER NOT NULL REFERENCES customer(id),
      delivered_on TEXT NOT NULL CHECK (delivered_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      part_number TEXT,
      imported_at TEXT NOT NULL,
      UNIQUE (module_serial, delivered_on))`);
    await q.query(`CREATE TABLE repair_case (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      rma_number TEXT NOT NULL UNIQUE,
      customer_id INTEGER NOT NULL REFERENCES customer(id),
      module_serial TEXT NOT NULL REFERENCES module(serial),
      part_number TEXT,
      notification_channel TEXT NOT NULL CHECK (notification_channel IN ('written','telephone')),
      notified_at TEXT NOT NULL,
      notified_on TEXT NOT NULL,
      notified_by TEXT NOT NULL,
      complaint_text TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN (${STATUSES})),
      technician_id INTEGER REFERENCES technician(id),
      cause TEXT CHECK (cause IS NULL OR cause IN ('non-human','human','force-majeure')),
      decision TEXT CHECK (decision IS NULL OR decision IN ('replace','repair','no-fault-found','not-covered','out-of-warranty')),
      decision_rule TEXT, decision_rule_id TEXT, decision_age_days INTEGER, decision_estimated INTEGER,
      decision_basis_date TEXT, decided_at TEXT, decided_by TEXT,
      evidence_test_run_id INTEGER REFERENCES test_run(id),
      failure_mode TEXT,
      action_taken TEXT, replacement_serial TEXT,
      created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
      first_response_at TEXT, closed_at TEXT,
      response_s INTEGER, closure_s INTEGER)`);
    await q.query(`CREATE TABLE status_change (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      repair_case_id INTEGER NOT NULL REFERENCES repair_case(id),
      from_status TEXT, to_status TEXT NOT NULL CHECK (to_status IN (${STATUSES})),
      at TEXT NOT NULL, actor TEXT NOT NULL, note TEXT)`);
    await q.query(`CREATE TABLE test_run (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      module_serial TEXT NOT NULL REFERENCES module(serial),
      raw_image BLOB NOT NULL,
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      decoded_json TEXT NOT NULL,
      limit_profile_id TEXT, limit_profile_version INTEGER,
      evaluation_json TEXT NOT NULL,
      overall_verdict TEXT NOT NULL CHECK (overall_verdict IN ('pass','marginal','fail')),
      within_spec INTEGER NOT NULL CHECK (within_spec IN (0,1)),
      programmer TEXT NOT NULL, station TEXT NOT NULL, operator TEXT NOT NULL, app_version TEXT NOT NULL,
      taken_at TEXT NOT NULL, recorded_at TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('before-repair','after-repair')),
      corrects_id INTEGER REFERENCES test_run(id),
      correction_reason TEXT,
      repair_case_id INTEGER REFERENCES repair_case(id))`);
    await q.query(`CREATE TABLE complaint (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      repair_case_id INTEGER NOT NULL REFERENCES repair_case(id),
      technician_id INTEGER REFERENCES technician(id),
      addressed_to TEXT NOT NULL CHECK (addressed_to IN ('supervisor','engineering-manager')),
      text TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('open','in-progress','resolved')),
      resolution TEXT,
      created_at TEXT NOT NULL, created_by TEXT NOT NULL,
      updated_at TEXT NOT NULL, resolved_at TEXT)`);
    await q.query(`CREATE TABLE follow_up_call (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      repair_case_id INTEGER NOT NULL REFERENCES repair_case(id),
      technician_id INTEGER REFERENCES technician(id),
      caller_id INTEGER NOT NULL REFERENCES technician(id),
      called_at TEXT NOT NULL,
      satisfaction INTEGER NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
      remarks TEXT, recorded_at TEXT NOT NULL)`);
    await q.query(`CREATE TABLE audit_event (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
      entity TEXT NOT NULL, entity_id TEXT NOT NULL, details_json TEXT NOT NULL)`);
    await q.query(`CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL)`);
    await q.query(`CREATE TABLE limit_profile (
      id TEXT NOT NULL, version INTEGER NOT NULL, json TEXT NOT NULL,
      imported_at TEXT NOT NULL, imported_by TEXT NOT NULL,
      PRIMARY KEY (id, version))`);

    // The case list sorts by notification time and filters by one column at a time; each
    // (column, notified_at) index serves both the filtered list in keyset order and, being
    // covering, the dashboard's GROUP BY over a period without touching the table.
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

    for (const table of APPEND_ONLY_TABLES) {
      await q.query(`CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only: write a correcting record instead'); END`);
      await q.query(`CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only: records are never deleted'); END`);
    }
    await q.query(`PRAGMA user_version = 1`);
  }

  async down(): Promise<void> {
    // Evidence is never dropped by a downgrade: an older app refuses a newer file instead (DB_TOO_NEW).
    throw new Error('InitialSchema cannot be reverted');
  }
}
