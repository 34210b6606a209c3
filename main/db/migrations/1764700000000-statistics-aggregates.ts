// Schema version 8: the statistics dashboard's counts kept by the database itself (issue 14,
// "statistics on 1,000,000 cases within 300 ms"). Every grouped count of the dashboard was a scan
// of the whole case table (4-7 s on PostgreSQL at a million cases) and each duration percentile
// walked half an index with OFFSET. Now:
// - case_month_count (dim, month, k1, k2, n), keyed in that order (the months of one dimension, and
//   the scorecards' pairs, are one range): how many cases notified in a UTC month have a given
//   status, cause, failure mode, part number (as typed), customer, and technician x decision pair
//   (the scorecards', and the dashboard's technician and decision counts as its margins); and the
//   scorecards' follow-up calls (count, satisfaction sum and marks) and complaints (all, not
//   resolved) by technician, in the month of their case.
// - case_month_duration (kind, month, lo, n): histograms of response_s ('r') and closure_s ('c')
//   per month over the bins of duration_bin (each bin is [lo, next lo)): a percentile finds the bin
//   holding its rank from them and reads the exact value inside that one bin from the case table.
// - duration_bin: the bins' lower bounds: every second below 64 s, then 2 % wider each (about
//   1,700 bins up to 2^53), so a bin of a million cases holds a few thousand at most.
// Triggers on repair_case, follow_up_call and complaint subtract the old row and add the new one
// (INSERT, UPDATE of a counted column, DELETE; a case moved to another month moves its calls and
// complaints), so the counts are exact after any sequence of changes, whoever makes them (the
// services, restore, migrate, a SQL tool). Nothing else writes these tables.
// A case's month is substr(notified_at, 1, 7), as the dashboard's byMonth always was. The
// statistics take a month whole only when every notified_at in it sorts at or after the month's
// first instant ('YYYY-MM-01T00:00:00.000Z'), which the canonical form the app writes (toISOString)
// does; a row that does not (written by hand) is counted under the month '?', and while there is
// one the dashboard counts from the case table instead (main/services/statistics.ts).
// Migration 1764700000000 (after the lab's 7): only new tables, triggers and indexes.
import type { MigrationInterface, QueryRunner } from 'typeorm';

const VERSION = 8;

export const CASE_MONTH_COUNT = 'case_month_count';
export const CASE_MONTH_DURATION = 'case_month_duration';
export const DURATION_BIN = 'duration_bin';
/** The PostgreSQL triggers that keep the aggregates (the lab's check reports one missing or disabled). */
export const AGGREGATE_TRIGGERS = [
  'repair_case_aggregates',
  'repair_case_aggregates_update',
  'repair_case_aggregates_truncate',
  'follow_up_call_aggregates',
  'follow_up_call_aggregates_update',
  'complaint_aggregates',
  'complaint_aggregates_update',
];
/** The month key of rows whose notified_at does not sort inside its own month (never written by the app). */
export const ODD_MONTH = '?';

/** The dimensions counted per month: name, then the SQL of k1 and k2 over a row alias. */
export const AGGREGATE_DIMENSIONS: ReadonlyArray<{ dim: string; k1: string; k2: string | null }> = [
  { dim: 'status', k1: 'status', k2: null },
  { dim: 'cause', k1: 'cause', k2: null },
  { dim: 'failure_mode', k1: 'failure_mode', k2: null },
  { dim: 'part_number', k1: 'part_number', k2: null },
  { dim: 'customer', k1: 'customer_id', k2: null },
  { dim: 'tech_decision', k1: 'technician_id', k2: 'decision' },
];

/** Columns whose change moves a case between buckets; an UPDATE of any other column leaves the aggregates alone. */
export const AGGREGATED_COLUMNS = ['notified_at', 'status', 'cause', 'failure_mode', 'part_number', 'customer_id', 'technician_id', 'decision', 'response_s', 'closure_s'];

/**
 * A key as stored: '' for NULL, 'v' and the value's text otherwise (so NULL and an empty string
 * stay apart, and the key columns can be part of a primary key on PostgreSQL).
 */
export const encodeKeySql = (expr: string, collate = ''): string => `(CASE WHEN ${expr} IS NULL THEN '' ELSE 'v' || CAST(${expr} AS TEXT) END)${collate}`;
export const decodeKey = (k: string): string | null => (k === '' ? null : k.slice(1));

/** The month bucket of a row: its 'YYYY-MM' when the row's notified_at sorts inside that month, else '?'. */
export function monthKeySql(col: string): string {
  const digit = (i: number) => `substr(${col}, ${i}, 1) BETWEEN '0' AND '9'`;
  return (
    `CASE WHEN ${[1, 2, 3, 4, 6, 7].map(digit).join(' AND ')} AND substr(${col}, 5, 1) = '-' AND substr(${col}, 6, 2) BETWEEN '01' AND '12'` +
    ` AND ${col} >= substr(${col}, 1, 7) || '-01T00:00:00.000Z' THEN substr(${col}, 1, 7) ELSE '${ODD_MONTH}' END`
  );
}

/** The bins' lower bounds: all negative values in one bin, every second to 63, then 2 % steps (integers) to 2^53. */
export function durationBinLows(): number[] {
  const lows = [Number.MIN_SAFE_INTEGER];
  for (let v = 0; v < 64; v++) lows.push(v);
  for (let x = 64; x <= Number.MAX_SAFE_INTEGER; x = Math.max(x + 1, Math.ceil(x * 1.02))) lows.push(x);
  return lows;
}

export const DURATION_KINDS = [
  { kind: 'r', column: 'response_s' },
  { kind: 'c', column: 'closure_s' },
] as const;

/** The delta rows (month, dim, k1, k2, n) of one row alias with a sign, as a UNION ALL of SELECTs. */
export function countDeltaSql(row: string, sign: number, where = '', collate = ''): string {
  const month = monthKeySql(`${row}.notified_at`);
  return AGGREGATE_DIMENSIONS.map(
    (d) =>
      `SELECT ${month} AS month, '${d.dim}' AS dim, ${encodeKeySql(`${row}.${d.k1}`, collate)} AS k1, ${d.k2 === null ? `''` : encodeKeySql(`${row}.${d.k2}`, collate)} AS k2, ${sign} AS n${where}`,
  ).join(' UNION ALL ');
}

/** The delta rows (month, kind, lo, n) of one row's durations with a sign (a NULL duration is in no bin). */
export function durationDeltaSql(row: string, sign: number, where = ''): string {
  const month = monthKeySql(`${row}.notified_at`);
  return DURATION_KINDS.map(
    (k) =>
      `SELECT ${month} AS month, '${k.kind}' AS kind, (SELECT max(b.lo) FROM ${DURATION_BIN} b WHERE b.lo <= ${row}.${k.column}) AS lo, ${sign} AS n WHERE ${row}.${k.column} IS NOT NULL${where === '' ? '' : ` AND ${where}`}`,
  ).join(' UNION ALL ');
}

/** What the dashboard reads of each case of one customer or part number (main/services/statistics.ts tallyRows), notification time first. */
export const FILTER_INDEX_COLUMNS = ['notified_at', 'status', 'cause', 'failure_mode', 'decision', 'technician_id', 'customer_id', 'part_number', 'response_s', 'closure_s', 'module_serial'];

/** Columns of a call or a complaint whose change moves it between buckets. */
export const CALL_COLUMNS = ['repair_case_id', 'technician_id', 'satisfaction'];
export const COMPLAINT_COLUMNS = ['repair_case_id', 'technician_id', 'status'];

/**
 * Follow-up calls and complaints count in the month of their case (the scorecards count them "in the
 * period the case was notified"), by the technician they name: calls, the sum and number of
 * satisfaction marks, complaints, and complaints not resolved.
 */
export const CALL_DIMS = ['call', 'call_sat', 'call_sat_n', 'complaint', 'complaint_open'] as const;

const whereOf = (...conds: string[]): string => {
  const c = conds.filter((x) => x !== '');
  return c.length === 0 ? '' : ` WHERE ${c.join(' AND ')}`;
};
const caseMonthSql = (caseId: string): string => `(SELECT ${monthKeySql('mc.notified_at')} FROM repair_case mc WHERE mc.id = ${caseId})`;

/** Delta rows of one follow_up_call row (a trigger's NEW/OLD, or `fc` of a FROM for the backfill). */
export function callDeltaSql(row: string, sign: number, cond = '', collate = '', from = ''): string {
  const month = caseMonthSql(`${row}.repair_case_id`);
  const k1 = encodeKeySql(`${row}.technician_id`, collate);
  return [
    `SELECT ${month} AS month, 'call' AS dim, ${k1} AS k1, '' AS k2, ${sign} AS n${from}${whereOf(cond)}`,
    `SELECT ${month} AS month, 'call_sat' AS dim, ${k1} AS k1, '' AS k2, ${sign} * ${row}.satisfaction AS n${from}${whereOf(`${row}.satisfaction IS NOT NULL`, cond)}`,
    `SELECT ${month} AS month, 'call_sat_n' AS dim, ${k1} AS k1, '' AS k2, ${sign} AS n${from}${whereOf(`${row}.satisfaction IS NOT NULL`, cond)}`,
  ].join(' UNION ALL ');
}

/** Delta rows of one complaint row. */
export function complaintDeltaSql(row: string, sign: number, cond = '', collate = '', from = ''): string {
  const month = caseMonthSql(`${row}.repair_case_id`);
  const k1 = encodeKeySql(`${row}.technician_id`, collate);
  return [
    `SELECT ${month} AS month, 'complaint' AS dim, ${k1} AS k1, '' AS k2, ${sign} AS n${from}${whereOf(cond)}`,
    `SELECT ${month} AS month, 'complaint_open' AS dim, ${k1} AS k1, '' AS k2, ${sign} AS n${from}${whereOf(`${row}.status <> 'resolved'`, cond)}`,
  ].join(' UNION ALL ');
}

/** When a case's notified_at moves it to another month, its calls and complaints move with it. */
export function caseMoveDeltaSql(collate = '', cond = ''): string {
  const side = (row: 'OLD' | 'NEW', sign: number) => {
    const month = monthKeySql(`${row}.notified_at`);
    const k = (alias: string) => encodeKeySql(`${alias}.technician_id`, collate);
    const w = (alias: string, extra = '') => `${whereOf(`${alias}.repair_case_id = ${row}.id`, extra, cond)} GROUP BY ${alias}.technician_id`;
    return [
      `SELECT ${month} AS month, 'call' AS dim, ${k('fc')} AS k1, '' AS k2, ${sign} * count(*) AS n FROM follow_up_call fc${w('fc')}`,
      `SELECT ${month} AS month, 'call_sat' AS dim, ${k('fc')} AS k1, '' AS k2, ${sign} * sum(fc.satisfaction) AS n FROM follow_up_call fc${w('fc', 'fc.satisfaction IS NOT NULL')}`,
      `SELECT ${month} AS month, 'call_sat_n' AS dim, ${k('fc')} AS k1, '' AS k2, ${sign} * count(*) AS n FROM follow_up_call fc${w('fc', 'fc.satisfaction IS NOT NULL')}`,
      `SELECT ${month} AS month, 'complaint' AS dim, ${k('cp')} AS k1, '' AS k2, ${sign} * count(*) AS n FROM complaint cp${w('cp')}`,
      `SELECT ${month} AS month, 'complaint_open' AS dim, ${k('cp')} AS k1, '' AS k2, ${sign} * count(*) AS n FROM complaint cp${w('cp', `cp.status <> 'resolved'`)}`,
    ].join(' UNION ALL ');
  };
  return `${side('OLD', -1)} UNION ALL ${side('NEW', 1)}`;
}

/** The calls' and complaints' rows of the backfill. */
export function backfillCallSql(collate = ''): string[] {
  return [
    `INSERT INTO ${CASE_MONTH_COUNT} (month, dim, k1, k2, n) SELECT month, dim, k1, k2, sum(n) FROM (${callDeltaSql('fc', 1, '', collate, ' FROM follow_up_call fc')}) x GROUP BY month, dim, k1, k2`,
    `INSERT INTO ${CASE_MONTH_COUNT} (month, dim, k1, k2, n) SELECT month, dim, k1, k2, sum(n) FROM (${complaintDeltaSql('cp', 1, '', collate, ' FROM complaint cp')}) x GROUP BY month, dim, k1, k2`,
  ];
}

/** The same rows for every case, for the backfill: counted per bucket. */
export function backfillCountSql(collate = ''): string[] {
  const month = monthKeySql('rc.notified_at');
  return AGGREGATE_DIMENSIONS.map(
    (d) =>
      `INSERT INTO ${CASE_MONTH_COUNT} (month, dim, k1, k2, n) SELECT month, dim, k1, k2, count(*) FROM (SELECT ${month} AS month, '${d.dim}' AS dim, ${encodeKeySql(`rc.${d.k1}`, collate)} AS k1, ${
        d.k2 === null ? `''` : encodeKeySql(`rc.${d.k2}`, collate)
      } AS k2 FROM repair_case rc) x GROUP BY month, dim, k1, k2`,
  );
}

export function backfillDurationSql(): string[] {
  const month = monthKeySql('rc.notified_at');
  // Grouped by value first: a million cases hold far fewer distinct durations, and each distinct one looks its bin up once.
  return DURATION_KINDS.map(
    (k) =>
      `INSERT INTO ${CASE_MONTH_DURATION} (kind, month, lo, n) SELECT '${k.kind}', month, lo, sum(c) FROM
        (SELECT month, (SELECT max(b.lo) FROM ${DURATION_BIN} b WHERE b.lo <= x.v) AS lo, c FROM
          (SELECT ${month} AS month, rc.${k.column} AS v, count(*) AS c FROM repair_case rc WHERE rc.${k.column} IS NOT NULL GROUP BY 1, 2) x) y
        GROUP BY month, lo`,
  );
}

export class StatisticsAggregates1764700000000 implements MigrationInterface {
  name = 'StatisticsAggregates1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE ${DURATION_BIN} (lo INTEGER PRIMARY KEY)`);
    const lows = durationBinLows();
    for (let i = 0; i < lows.length; i += 500) await q.query(`INSERT INTO ${DURATION_BIN} (lo) VALUES ${lows.slice(i, i + 500).map((v) => `(${v})`).join(',')}`);
    await q.query(`CREATE TABLE ${CASE_MONTH_COUNT} (
      month TEXT NOT NULL, dim TEXT NOT NULL, k1 TEXT NOT NULL, k2 TEXT NOT NULL, n INTEGER NOT NULL,
      PRIMARY KEY (dim, month, k1, k2)) WITHOUT ROWID`);
    await q.query(`CREATE TABLE ${CASE_MONTH_DURATION} (
      kind TEXT NOT NULL CHECK (kind IN ('r','c')), month TEXT NOT NULL, lo INTEGER NOT NULL, n INTEGER NOT NULL,
      PRIMARY KEY (kind, month, lo)) WITHOUT ROWID`);
    // Cases whose part number was left blank count under the module's part number as read: this
    // finds them in a period without reading the others.
    await q.query('CREATE INDEX idx_case_untyped_part ON repair_case (notified_at) WHERE part_number IS NULL');
    // A customer's or a part number's dashboard reads every one of its cases (a big customer has
    // 15,000 of a million, one per table page): these hold what it reads, so it never visits the table.
    await q.query(`CREATE INDEX idx_case_customer_stats ON repair_case (customer_id, ${FILTER_INDEX_COLUMNS.filter((c) => c !== 'customer_id').join(', ')})`);
    await q.query(`CREATE INDEX idx_case_part_stats ON repair_case (part_number, ${FILTER_INDEX_COLUMNS.filter((c) => c !== 'part_number').join(', ')})`);
    // The partial months at a period's ends are read the same way, by notification time.
    await q.query(`CREATE INDEX idx_case_period_stats ON repair_case (${FILTER_INDEX_COLUMNS.join(', ')})`);
    // A file whose planner statistics exist (PRAGMA optimize on close writes them) gets them for the
    // new indexes too: without, SQLite took the customer index as selective and sorted a million
    // cases for the case list (1.2 s instead of 1 ms, seen on bench:db's file).
    if (((await q.query(`SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'`)) as unknown[]).length > 0) {
      for (const index of ['idx_case_untyped_part', 'idx_case_customer_stats', 'idx_case_part_stats', 'idx_case_period_stats']) await q.query(`ANALYZE ${index}`);
    }
    for (const s of backfillCountSql()) await q.query(s);
    for (const s of backfillDurationSql()) await q.query(s);
    for (const s of backfillCallSql()) await q.query(s);

    const upsertCounts = (select: string) =>
      `INSERT INTO ${CASE_MONTH_COUNT} (month, dim, k1, k2, n) SELECT month, dim, k1, k2, sum(n) FROM (${select}) d WHERE true GROUP BY month, dim, k1, k2 HAVING sum(n) <> 0
        ON CONFLICT (dim, month, k1, k2) DO UPDATE SET n = n + excluded.n;`;
    const upsertDurations = (select: string) =>
      `INSERT INTO ${CASE_MONTH_DURATION} (kind, month, lo, n) SELECT kind, month, lo, sum(n) FROM (${select}) d WHERE true GROUP BY kind, month, lo HAVING sum(n) <> 0
        ON CONFLICT (kind, month, lo) DO UPDATE SET n = n + excluded.n;`;
    await q.query(`CREATE TRIGGER repair_case_aggregates_insert AFTER INSERT ON repair_case BEGIN
      ${upsertCounts(countDeltaSql('NEW', 1))}
      ${upsertDurations(durationDeltaSql('NEW', 1))}
    END`);
    const changed = AGGREGATED_COLUMNS.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ');
    await q.query(`CREATE TRIGGER repair_case_aggregates_update AFTER UPDATE OF ${AGGREGATED_COLUMNS.join(', ')} ON repair_case WHEN ${changed} BEGIN
      ${upsertCounts(`${countDeltaSql('OLD', -1)} UNION ALL ${countDeltaSql('NEW', 1)}`)}
      ${upsertDurations(`${durationDeltaSql('OLD', -1)} UNION ALL ${durationDeltaSql('NEW', 1)}`)}
    END`);
    // Cases are never deleted by the app; a restore or a SQL tool that does still leaves exact counts.
    await q.query(`CREATE TRIGGER repair_case_aggregates_delete AFTER DELETE ON repair_case BEGIN
      ${upsertCounts(countDeltaSql('OLD', -1))}
      ${upsertDurations(durationDeltaSql('OLD', -1))}
    END`);
    await q.query(`CREATE TRIGGER repair_case_aggregates_move AFTER UPDATE OF notified_at, id ON repair_case
      WHEN (${monthKeySql('OLD.notified_at')}) IS NOT (${monthKeySql('NEW.notified_at')}) OR OLD.id IS NOT NEW.id BEGIN
      ${upsertCounts(caseMoveDeltaSql())}
    END`);
    for (const [table, delta, cols] of [
      ['follow_up_call', callDeltaSql, CALL_COLUMNS],
      ['complaint', complaintDeltaSql, COMPLAINT_COLUMNS],
    ] as const) {
      await q.query(`CREATE TRIGGER ${table}_aggregates_insert AFTER INSERT ON ${table} BEGIN ${upsertCounts(delta('NEW', 1))} END`);
      await q.query(`CREATE TRIGGER ${table}_aggregates_update AFTER UPDATE OF ${cols.join(', ')} ON ${table} WHEN ${cols.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')} BEGIN
        ${upsertCounts(`${delta('OLD', -1)} UNION ALL ${delta('NEW', 1)}`)}
      END`);
      await q.query(`CREATE TRIGGER ${table}_aggregates_delete AFTER DELETE ON ${table} BEGIN ${upsertCounts(delta('OLD', -1))} END`);
    }
    await q.query(`UPDATE meta SET value = '${VERSION}' WHERE key = 'schema_version'`);
    await q.query(`PRAGMA user_version = ${VERSION}`);
  }

  async down(): Promise<void> {
    throw new Error('StatisticsAggregates cannot be reverted: an older app refuses a newer file instead');
  }
}
