// "Better managed and easy to count" (after-sale-service.md rule 5): counts, NFF rate, turnaround
// percentiles and per-technician scorecards. Each GROUP BY is served by a covering
// (column, notified_at) index of the initial migration, so the dashboard stays a few index scans.
import { StatisticsQuerySchema, type CountRow, type DurationStats, type Scorecard, type Statistics, type StatisticsQuery } from '../../preload/contract/records';
import type { Db } from '../db/open';
import { instantBound, parseRequest } from '../db/mappers';

export interface StatisticsService {
  statistics(query?: StatisticsQuery): Promise<Statistics>;
  scorecards(query?: StatisticsQuery): Promise<Scorecard[]>;
}

/** Nearest-rank percentile of sorted values (p in 0..1). */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1] ?? null;
}

export interface Period {
  where: string;
  params: string[];
  from: string | null;
  to: string | null;
}

export function periodOf(from: string | null | undefined, to: string | null | undefined): Period {
  const f = from == null ? null : instantBound(from, 'from');
  const t = to == null ? null : instantBound(to, 'to');
  const clauses: string[] = [];
  const params: string[] = [];
  if (f !== null) {
    clauses.push('notified_at >= ?');
    params.push(f);
  }
  if (t !== null) {
    clauses.push('notified_at < ?');
    params.push(t);
  }
  return { where: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, params, from: f, to: t };
}

/** The dashboard's SQL, shared with the benchmark's raw-SQL reference so both run the same statements. */
export function statisticsSql(p: Period, top: number) {
  const and = p.where === '' ? 'WHERE' : `${p.where} AND`;
  const group = (col: string, keyExpr = col, limit = '') => ({
    sql: `SELECT ${keyExpr} AS key, count(*) AS count FROM repair_case ${p.where} GROUP BY ${col} ORDER BY count DESC, key ${limit}`,
    params: p.params,
  });
  return {
    total: { sql: `SELECT count(*) AS count FROM repair_case ${p.where}`, params: p.params },
    byStatus: group('status'),
    byCause: { sql: `SELECT cause AS key, count(*) AS count FROM repair_case ${and} cause IS NOT NULL GROUP BY cause ORDER BY count DESC, key`, params: p.params },
    byFailureMode: { sql: `SELECT failure_mode AS key, count(*) AS count FROM repair_case ${and} failure_mode IS NOT NULL GROUP BY failure_mode ORDER BY count DESC, key`, params: p.params },
    byDecision: { sql: `SELECT decision AS key, count(*) AS count FROM repair_case ${and} decision IS NOT NULL GROUP BY decision ORDER BY count DESC, key`, params: p.params },
    byPartNumber: { sql: `SELECT coalesce(part_number, '(unknown)') AS key, count(*) AS count FROM repair_case ${p.where} GROUP BY part_number ORDER BY count DESC, key LIMIT ${top}`, params: p.params },
    byCustomer: {
      sql: `SELECT cu.name AS key, x.count AS count FROM (SELECT customer_id, count(*) AS count FROM repair_case ${p.where} GROUP BY customer_id ORDER BY count DESC LIMIT ${top}) x JOIN customer cu ON cu.id = x.customer_id ORDER BY count DESC, key`,
      params: p.params,
    },
    byTechnician: {
      sql: `SELECT coalesce(t.name, '(unassigned)') AS key, x.count AS count FROM (SELECT technician_id, count(*) AS count FROM repair_case ${p.where} GROUP BY technician_id) x LEFT JOIN technician t ON t.id = x.technician_id ORDER BY count DESC, key`,
      params: p.params,
    },
    byMonth: { sql: `SELECT substr(notified_at, 1, 7) AS key, count(*) AS count FROM repair_case ${p.where} GROUP BY key ORDER BY key`, params: p.params },
    responseTimes: { sql: `SELECT response_s AS s FROM repair_case ${and} response_s IS NOT NULL`, params: p.params },
    closureTimes: { sql: `SELECT closure_s AS s FROM repair_case ${and} closure_s IS NOT NULL`, params: p.params },
  };
}

/** Per-technician scorecard SQL. Calls and complaints count against the case's technician, in the period the case was notified. */
export function scorecardSql(p: Period): { sql: string; params: unknown[] } {
  const and = p.where === '' ? 'WHERE' : `${p.where} AND`;
  return {
    sql: `SELECT t.id AS technicianId, t.code AS code, t.name AS name,
          coalesce(c.cases, 0) AS cases, coalesce(c.decided, 0) AS decided, coalesce(c.nff, 0) AS nff,
          coalesce(f.calls, 0) AS calls, f.avgSatisfaction AS averageSatisfaction,
          coalesce(k.complaints, 0) AS complaints, coalesce(k.openComplaints, 0) AS openComplaints
     FROM technician t
     LEFT JOIN (SELECT technician_id, count(*) AS cases, count(decision) AS decided, sum(decision = 'no-fault-found') AS nff
                  FROM repair_case ${and} technician_id IS NOT NULL GROUP BY technician_id) c ON c.technician_id = t.id
     LEFT JOIN (SELECT fc.technician_id, count(*) AS calls, avg(fc.satisfaction) AS avgSatisfaction
                  FROM follow_up_call fc JOIN repair_case rc ON rc.id = fc.repair_case_id ${p.where.replace(/notified_at/g, 'rc.notified_at')}
                 GROUP BY fc.technician_id) f ON f.technician_id = t.id
     LEFT JOIN (SELECT cp.technician_id, count(*) AS complaints, sum(cp.status <> 'resolved') AS openComplaints
                  FROM complaint cp JOIN repair_case rc ON rc.id = cp.repair_case_id ${p.where.replace(/notified_at/g, 'rc.notified_at')}
                 GROUP BY cp.technician_id) k ON k.technician_id = t.id
    WHERE t.role = 'technician' OR c.cases > 0
    ORDER BY t.name`,
    params: [...p.params, ...p.params, ...p.params],
  };
}

function durations(rows: Array<{ s: number }>): DurationStats {
  const values = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) values[i] = (rows[i] as { s: number }).s;
  values.sort();
  return { count: values.length, medianS: percentile(values, 0.5), p90S: percentile(values, 0.9) };
}

const counts = (rows: Array<{ key: unknown; count: unknown }>): CountRow[] => rows.map((r) => ({ key: String(r.key), count: Number(r.count) }));

export function createStatisticsService(db: Db): StatisticsService {
  const run = <T>(q: { sql: string; params: unknown[] }): Promise<T[]> => db.dataSource.query(q.sql, q.params);
  return {
    async statistics(query = {}) {
      const q = parseRequest(StatisticsQuerySchema, query);
      const p = periodOf(q.from, q.to);
      const s = statisticsSql(p, q.top);
      type C = { key: unknown; count: unknown };
      const [total, byStatus, byCause, byFailureMode, byDecision, byPartNumber, byCustomer, byTechnician, byMonth, response, closure] = await Promise.all([
        run<{ count: number }>(s.total),
        run<C>(s.byStatus),
        run<C>(s.byCause),
        run<C>(s.byFailureMode),
        run<C>(s.byDecision),
        run<C>(s.byPartNumber),
        run<C>(s.byCustomer),
        run<C>(s.byTechnician),
        run<C>(s.byMonth),
        run<{ s: number }>(s.responseTimes),
        run<{ s: number }>(s.closureTimes),
      ]);
      const decisions = counts(byDecision);
      const decided = decisions.reduce((n, r) => n + r.count, 0);
      const nff = decisions.find((r) => r.key === 'no-fault-found')?.count ?? 0;
      return {
        period: { from: p.from, to: p.to },
        total: Number(total[0]?.count ?? 0),
        byStatus: counts(byStatus),
        byCause: counts(byCause),
        byFailureMode: counts(byFailureMode),
        byDecision: decisions,
        byPartNumber: counts(byPartNumber),
        byCustomer: counts(byCustomer),
        byTechnician: counts(byTechnician),
        byMonth: counts(byMonth),
        nffRate: decided === 0 ? null : nff / decided,
        firstResponse: durations(response),
        closure: durations(closure),
      };
    },

    async scorecards(query = {}) {
      const q = parseRequest(StatisticsQuerySchema, query);
      const p = periodOf(q.from, q.to);
      const sc = scorecardSql(p);
      const rows: Array<Record<string, unknown>> = await db.dataSource.query(sc.sql, sc.params);
      return rows.map((r) => {
        const decided = Number(r.decided);
        return {
          technicianId: Number(r.technicianId),
          code: String(r.code),
          name: String(r.name),
          cases: Number(r.cases),
          decided,
          nff: Number(r.nff),
          nffRate: decided === 0 ? null : Number(r.nff) / decided,
          calls: Number(r.calls),
          averageSatisfaction: r.averageSatisfaction === null ? null : Number(r.averageSatisfaction),
          complaints: Number(r.complaints),
          openComplaints: Number(r.openComplaints),
        };
      });
    },
  };
}
