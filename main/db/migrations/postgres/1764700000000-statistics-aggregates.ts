// PostgreSQL twin of schema version 8 (see ../1764700000000-statistics-aggregates.ts): the
// dashboard's monthly counts and duration histograms kept by triggers on repair_case.
// - The benches' role may only read the aggregate tables (grants.ts): the trigger function is
//   SECURITY DEFINER, running as the schema's owner (who ran this migration), with its search_path
//   pinned to this schema and pg_temp last, so a bench cannot write a count and nothing a bench's
//   session puts on its search_path is called by it.
// - Benches change cases concurrently. Each change nets its deltas (a status move touches two
//   count rows, not every dimension twice) and upserts them in primary-key order, counts before
//   durations, with INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n: two transactions on one
//   hot bucket row wait for each other (row lock) rather than lose a count, and always take their
//   locks in the same order, so they cannot deadlock on the aggregates. (The app's writes also hold
//   the chain's advisory lock, main/db/postgres.ts, so between benches they do not overlap at all.)
//   A transaction changing several cases still takes bucket rows statement by statement, so two
//   such outside the app could deadlock: every aggregate trigger first takes that same lock.
// - TRUNCATE of repair_case (only its owner could) empties the aggregates with it.
import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  AGGREGATED_COLUMNS,
  CALL_COLUMNS,
  COMPLAINT_COLUMNS,
  CASE_MONTH_COUNT,
  CASE_MONTH_DURATION,
  DURATION_BIN,
  FILTER_INDEX_COLUMNS,
  backfillCallSql,
  backfillCountSql,
  backfillDurationSql,
  callDeltaSql,
  caseMoveDeltaSql,
  complaintDeltaSql,
  countDeltaSql,
  durationBinLows,
  durationDeltaSql,
  monthKeySql,
} from '../1764700000000-statistics-aggregates';
import { CHAIN_LOCK_KEY } from '../../evidence-chain';
import { TEXT, setSchemaVersionPg } from './helpers';

const C = ' COLLATE "C"';
const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Nets a union of count deltas per bucket row and adds them, in primary-key order (no deadlock between two). */
const upsertCounts = (deltas: string): string => `INSERT INTO ${CASE_MONTH_COUNT} AS a (month, dim, k1, k2, n)
    SELECT month, dim, k1, k2, sum(n) FROM (${deltas}) d
    GROUP BY dim, month, k1, k2 HAVING sum(n) <> 0 ORDER BY dim, month, k1, k2
    ON CONFLICT (dim, month, k1, k2) DO UPDATE SET n = a.n + excluded.n;`;

/**
 * A trigger function that writes the aggregates: SECURITY DEFINER with its search_path pinned (see
 * the header), and first one writer at a time, on the chain's lock (the app's writes hold it
 * already, so they pay nothing): a transaction changing several cases locks bucket rows statement
 * by statement, and two such from outside the app deadlocked on them (tested).
 */
const aggregateFunction = (name: string, schema: string, body: string): string => `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = ${ident(schema)}, pg_temp AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(${CHAIN_LOCK_KEY});
  ${body}
  RETURN NULL;
END $$`;

export class StatisticsAggregates1764700000000Postgres implements MigrationInterface {
  name = 'StatisticsAggregates1764700000000';

  async up(q: QueryRunner): Promise<void> {
    const schema = String(((await q.query('SELECT current_schema() AS s')) as Array<{ s: string }>)[0]?.s ?? 'public');
    await q.query(`CREATE TABLE ${DURATION_BIN} (lo bigint PRIMARY KEY)`);
    const lows = durationBinLows();
    for (let i = 0; i < lows.length; i += 500) await q.query(`INSERT INTO ${DURATION_BIN} (lo) VALUES ${lows.slice(i, i + 500).map((v) => `(${v})`).join(',')}`);
    await q.query(`CREATE TABLE ${CASE_MONTH_COUNT} (
      month ${TEXT} NOT NULL, dim ${TEXT} NOT NULL, k1 ${TEXT} NOT NULL, k2 ${TEXT} NOT NULL, n bigint NOT NULL,
      PRIMARY KEY (dim, month, k1, k2))`);
    await q.query(`CREATE TABLE ${CASE_MONTH_DURATION} (
      kind ${TEXT} NOT NULL CHECK (kind IN ('r','c')), month ${TEXT} NOT NULL, lo bigint NOT NULL, n bigint NOT NULL,
      PRIMARY KEY (kind, month, lo))`);
    await q.query('CREATE INDEX idx_case_untyped_part ON repair_case (notified_at) WHERE part_number IS NULL');
    // The SQLite twin's covering indexes of one customer's and one part number's cases; the id is in
    // them too, so the scorecards' calls and complaints find their cases without the table.
    const rest = (skip: string[]) => [...FILTER_INDEX_COLUMNS.filter((c) => !skip.includes(c) && c !== 'notified_at'), 'id'].join(', ');
    await q.query(`CREATE INDEX idx_case_customer_stats ON repair_case (customer_id, notified_at) INCLUDE (${rest(['customer_id'])})`);
    await q.query(`CREATE INDEX idx_case_part_stats ON repair_case (part_number, notified_at) INCLUDE (${rest(['part_number'])})`);
    await q.query(`CREATE INDEX idx_case_period_stats ON repair_case (notified_at) INCLUDE (${rest([])})`);
    for (const s of backfillCountSql(C)) await q.query(s);
    for (const s of backfillDurationSql()) await q.query(s);
    for (const s of backfillCallSql(C)) await q.query(s);

    await q.query(
      aggregateFunction(
        'optic_bench_case_aggregates',
        schema,
        `${upsertCounts(`${countDeltaSql('OLD', -1, ` WHERE TG_OP <> 'INSERT'`, C)} UNION ALL ${countDeltaSql('NEW', 1, ` WHERE TG_OP <> 'DELETE'`, C)}`)}
  INSERT INTO ${CASE_MONTH_DURATION} AS a (kind, month, lo, n)
    SELECT kind, month, lo, sum(n) FROM (${durationDeltaSql('OLD', -1, `TG_OP <> 'INSERT'`)} UNION ALL ${durationDeltaSql('NEW', 1, `TG_OP <> 'DELETE'`)}) d
    GROUP BY kind, month, lo HAVING sum(n) <> 0 ORDER BY kind, month, lo
    ON CONFLICT (kind, month, lo) DO UPDATE SET n = a.n + excluded.n;
  -- A case moved to another month takes its calls and complaints with it.
  IF TG_OP = 'UPDATE' AND ((${monthKeySql('OLD.notified_at')}) IS DISTINCT FROM (${monthKeySql('NEW.notified_at')}) OR OLD.id <> NEW.id) THEN
    ${upsertCounts(caseMoveDeltaSql(C))}
  END IF;`,
      ),
    );
    for (const [table, delta] of [
      ['follow_up_call', callDeltaSql],
      ['complaint', complaintDeltaSql],
    ] as const) {
      await q.query(aggregateFunction(`optic_bench_${table}_aggregates`, schema, upsertCounts(`${delta('OLD', -1, `TG_OP <> 'INSERT'`, C)} UNION ALL ${delta('NEW', 1, `TG_OP <> 'DELETE'`, C)}`)));
      await q.query(`REVOKE ALL ON FUNCTION optic_bench_${table}_aggregates() FROM PUBLIC`);
    }
    await q.query(aggregateFunction('optic_bench_case_aggregates_truncate', schema, `DELETE FROM ${CASE_MONTH_COUNT};
  DELETE FROM ${CASE_MONTH_DURATION};`));
    for (const f of ['optic_bench_case_aggregates', 'optic_bench_case_aggregates_truncate']) await q.query(`REVOKE ALL ON FUNCTION ${f}() FROM PUBLIC`);
    await q.query(`CREATE TRIGGER repair_case_aggregates AFTER INSERT OR DELETE ON repair_case FOR EACH ROW EXECUTE FUNCTION optic_bench_case_aggregates()`);
    const changed = AGGREGATED_COLUMNS.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ');
    await q.query(
      `CREATE TRIGGER repair_case_aggregates_update AFTER UPDATE OF ${AGGREGATED_COLUMNS.join(', ')} ON repair_case FOR EACH ROW WHEN (${changed}) EXECUTE FUNCTION optic_bench_case_aggregates()`,
    );
    for (const [table, cols] of [
      ['follow_up_call', CALL_COLUMNS],
      ['complaint', COMPLAINT_COLUMNS],
    ] as const) {
      await q.query(`CREATE TRIGGER ${table}_aggregates AFTER INSERT OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION optic_bench_${table}_aggregates()`);
      await q.query(
        `CREATE TRIGGER ${table}_aggregates_update AFTER UPDATE OF ${cols.join(', ')} ON ${table} FOR EACH ROW WHEN (${cols.map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ')}) EXECUTE FUNCTION optic_bench_${table}_aggregates()`,
      );
    }
    await q.query(`CREATE TRIGGER repair_case_aggregates_truncate AFTER TRUNCATE ON repair_case FOR EACH STATEMENT EXECUTE FUNCTION optic_bench_case_aggregates_truncate()`);
    await q.query(`ANALYZE ${CASE_MONTH_COUNT}`);
    await q.query(`ANALYZE ${CASE_MONTH_DURATION}`);
    await setSchemaVersionPg(q, 8);
  }

  async down(): Promise<void> {
    throw new Error('StatisticsAggregates cannot be reverted');
  }
}
