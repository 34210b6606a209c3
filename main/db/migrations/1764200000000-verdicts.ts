// Schema version 3: the verdicts a warranty decision can rest on (issue 11).
// - test_run.overall_verdict may be 'incomplete'; repair_case.decision may be 'needs-evidence'.
//   Both are CHECK constraints of the initial schema, which SQLite cannot alter: the two tables
//   are rebuilt (sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes").
// - external_test: a link or BER test run on a host or tester, stored like a test run
//   (append-only) and usable as the evidence of a decision; repair_case names it.
//
// The rebuild runs inside the migration transaction, where PRAGMA foreign_keys cannot be turned
// off. The two tables reference each other and status_change, complaint and follow_up_call
// reference repair_case, so the usual "create new_X, copy, drop X, rename" leaves the deferred
// foreign-key counter raised by the drop and the commit fails. Instead, with
// defer_foreign_keys: copy both tables aside, drop both, create both under their own names,
// then insert repair_case and test_run back. Every drop raises the counter by the child rows it
// orphans; every re-inserted parent row lowers it by the same child rows, so it is back at zero
// before COMMIT, and PRAGMA foreign_key_check proves it. Each table is recreated from its own
// stored CREATE statement with only the CHECK widened, so every column is kept as it is, and
// every index and trigger (the append-only ones of the initial schema, the dashboard indexes of
// version 2) is recreated from its stored SQL under the same name.
import type { MigrationInterface, QueryRunner } from 'typeorm';

const REBUILT = ['repair_case', 'test_run'] as const;

/** The CHECKs that widen: [table, the exact text in the initial schema, the text it becomes]. */
const WIDEN: ReadonlyArray<[(typeof REBUILT)[number], string, string]> = [
  ['test_run', "overall_verdict IN ('pass','marginal','fail')", "overall_verdict IN ('pass','marginal','fail','incomplete')"],
  [
    'repair_case',
    "decision IN ('replace','repair','no-fault-found','not-covered','out-of-warranty')",
    "decision IN ('replace','repair','no-fault-found','not-covered','out-of-warranty','needs-evidence')",
  ],
];

export class Verdicts1764200000000 implements MigrationInterface {
  name = 'Verdicts1764200000000';

  async up(q: QueryRunner): Promise<void> {
    const schema = async (sql: string, params: unknown[] = []): Promise<Array<{ name: string; sql: string }>> => q.query(sql, params);
    const tables = new Map<string, string>();
    for (const t of REBUILT) {
      const [row] = await schema(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name = ?`, [t]);
      if (row === undefined) throw new Error(`migration 3: table ${t} is missing`);
      let sql = row.sql;
      for (const [table, from, to] of WIDEN) {
        if (table !== t) continue;
        if (sql.split(from).length !== 2) throw new Error(`migration 3: the CHECK "${from}" of ${t} is not as version 1 created it`);
        sql = sql.replace(from, to);
      }
      tables.set(t, sql);
    }
    // Indexes and triggers of both tables, as stored (autoindexes of UNIQUE columns have no SQL and come back with the table).
    const dependents = await schema(
      `SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name IN ('repair_case', 'test_run') AND sql IS NOT NULL ORDER BY type, name`,
    );

    await q.query('PRAGMA defer_foreign_keys = ON');
    for (const t of REBUILT) await q.query(`CREATE TABLE ${t}_v2_copy AS SELECT * FROM ${t}`);
    // Dropping the table drops its indexes and triggers; the implicit DELETE of a DROP fires no trigger.
    await q.query('DROP TABLE test_run');
    await q.query('DROP TABLE repair_case');
    for (const t of REBUILT) await q.query(tables.get(t) as string);
    // repair_case first: its evidence_test_run_id rows wait (deferred) for their test runs,
    // which arrive next in id order, so a correction always finds the run it corrects.
    await q.query('INSERT INTO repair_case SELECT * FROM repair_case_v2_copy ORDER BY id');
    await q.query('INSERT INTO test_run SELECT * FROM test_run_v2_copy ORDER BY id');
    for (const t of REBUILT) await q.query(`DROP TABLE ${t}_v2_copy`);
    for (const d of dependents) await q.query(d.sql);

    await q.query(`CREATE TABLE external_test (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      module_serial TEXT NOT NULL REFERENCES module(serial),
      repair_case_id INTEGER REFERENCES repair_case(id),
      role TEXT NOT NULL CHECK (role IN ('before-repair','after-repair')),
      kind TEXT NOT NULL CHECK (kind IN ('link','ber')),
      result TEXT NOT NULL CHECK (result IN ('pass','fail')),
      equipment TEXT NOT NULL,
      host_port TEXT,
      data_rate TEXT,
      duration_s INTEGER CHECK (duration_s IS NULL OR duration_s >= 0),
      bit_error_ratio REAL CHECK (bit_error_ratio IS NULL OR (bit_error_ratio >= 0 AND bit_error_ratio <= 1)),
      error_count INTEGER CHECK (error_count IS NULL OR error_count >= 0),
      performed_by TEXT NOT NULL,
      performed_at TEXT NOT NULL,
      notes TEXT,
      station TEXT NOT NULL,
      recorded_at TEXT NOT NULL,
      recorded_by TEXT NOT NULL)`);
    await q.query('CREATE INDEX idx_external_case ON external_test (repair_case_id)');
    await q.query('CREATE INDEX idx_external_serial ON external_test (module_serial)');
    await q.query(`CREATE TRIGGER external_test_no_update BEFORE UPDATE ON external_test BEGIN SELECT RAISE(ABORT, 'external_test is append-only: write a correcting record instead'); END`);
    await q.query(`CREATE TRIGGER external_test_no_delete BEFORE DELETE ON external_test BEGIN SELECT RAISE(ABORT, 'external_test is append-only: records are never deleted'); END`);
    // What a decision rests on besides the bench run, and what a needs-evidence decision asks for.
    await q.query('ALTER TABLE repair_case ADD COLUMN evidence_external_test_id INTEGER REFERENCES external_test(id)');
    await q.query('ALTER TABLE repair_case ADD COLUMN decision_needs TEXT');

    const broken = await q.query('PRAGMA foreign_key_check');
    if (Array.isArray(broken) && broken.length > 0) throw new Error(`migration 3: foreign keys broken after the rebuild: ${JSON.stringify(broken.slice(0, 3))}`);
    await q.query(`UPDATE meta SET value = '3' WHERE key = 'schema_version'`);
    await q.query('PRAGMA user_version = 3');
  }

  async down(): Promise<void> {
    throw new Error('Verdicts cannot be reverted: an older app refuses a newer file instead');
  }
}
