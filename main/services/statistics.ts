// "Better managed and easy to count" (after-sale-service.md rule 5): counts, NFF rate, turnaround
// percentiles and per-technician scorecards. Shaped for 200,000 cases (bench:db): one covering
// "facets" index scan gives status, cause, failure mode, decision and technician together; the
// percentiles walk the (duration, notified_at) indexes with OFFSET; nothing ships every row to JS.
import { END_STATUSES, StatisticsQuerySchema, type CountRow, type DurationStats, type RepairStatus, type Scorecard, type Statistics, type StatisticsQuery } from '../../preload/contract/records';
import type { Db } from '../db/open';
import { instantBound, parseRequest } from '../db/mappers';

export interface StatisticsService {
  statistics(query?: StatisticsQuery): Promise<Statistics>;
  scorecards(query?: StatisticsQuery): Promise<Scorecard[]>;
}

/** Runs one parameterised statement; the service passes TypeORM's, the benchmark a plain sqlite3 connection. */
export type SqlExec = <T = Record<string, unknown>>(sql: string, params: unknown[]) => Promise<T[]>;

/** Nearest-rank percentile of sorted values (p in 0..1). */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** Narrows every figure to one customer and/or one part number (exact match), besides the period. */
export interface CaseFilter {
  customerId?: number | null;
  partNumber?: string | null;
}

export interface Period {
  /** "" or " AND notified_at >= ? AND notified_at < ?", plus " AND customer_id = ?" / " AND part_number = ?" when filtered */
  and: string;
  params: Array<string | number>;
  from: string | null;
  to: string | null;
  /** true when a customer or part-number filter applies (the scorecards then need the case table) */
  filtered: boolean;
}

export function periodOf(from: string | null | undefined, to: string | null | undefined, filter: CaseFilter = {}): Period {
  const f = from == null ? null : instantBound(from, 'from');
  const t = to == null ? null : instantBound(to, 'to');
  let and = '';
  const params: Array<string | number> = [];
  if (f !== null) {
    and += ' AND notified_at >= ?';
    params.push(f);
  }
  if (t !== null) {
    and += ' AND notified_at < ?';
    params.push(t);
  }
  let filtered = false;
  if (filter.customerId != null) {
    and += ' AND customer_id = ?';
    params.push(filter.customerId);
    filtered = true;
  }
  if (filter.partNumber != null) {
    and += ' AND part_number = ?';
    params.push(filter.partNumber);
    filtered = true;
  }
  return { and, params, from: f, to: t, filtered };
}

interface Facet {
  status: string;
  cause: string | null;
  failure_mode: string | null;
  decision: string | null;
  technician_id: number | null;
  n: number;
}

async function facets(exec: SqlExec, p: Period): Promise<Facet[]> {
  return exec<Facet>(
    `SELECT status, cause, failure_mode, decision, technician_id, count(*) AS n FROM repair_case WHERE 1 = 1${p.and}
      GROUP BY status, cause, failure_mode, decision, technician_id`,
    p.params,
  );
}

function tally<K>(rows: Facet[], key: (f: Facet) => K | null): Map<K, number> {
  const m = new Map<K, number>();
  for (const r of rows) {
    const k = key(r);
    if (k !== null) m.set(k, (m.get(k) ?? 0) + Number(r.n));
  }
  return m;
}

const sorted = (m: Map<string, number>): CountRow[] =>
  [...m.entries()].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

/** Nearest-rank median and p90 of a duration column, read from its index at two offsets. */
async function durationStats(exec: SqlExec, column: 'response_s' | 'closure_s', count: number, p: Period): Promise<DurationStats> {
  if (count === 0) return { count: 0, medianS: null, p90S: null };
  const at = async (q: number): Promise<number | null> => {
    const rank = Math.max(1, Math.ceil(q * count));
    // Walk from the nearer end of the index: p90 counts back from the largest value.
    const fromTop = rank > count / 2;
    const rows = await exec<{ s: number }>(
      `SELECT ${column} AS s FROM repair_case WHERE ${column} IS NOT NULL${p.and} ORDER BY ${column} ${fromTop ? 'DESC' : 'ASC'} LIMIT 1 OFFSET ?`,
      [...p.params, fromTop ? count - rank : rank - 1],
    );
    return rows[0] === undefined ? null : Number(rows[0].s);
  };
  return { count, medianS: await at(0.5), p90S: await at(0.9) };
}

/** The dashboard, given a way to run SQL: the service and bench:db's raw-SQL reference share it. */
export async function computeStatistics(exec: SqlExec, from: string | null | undefined, to: string | null | undefined, top: number, filter: CaseFilter = {}): Promise<Statistics> {
  const p = periodOf(from, to, filter);
  const f = await facets(exec, p);
  const typed = await exec<{ key: string | null; count: number }>(
    `SELECT part_number AS key, count(*) AS count FROM repair_case WHERE 1 = 1${p.and} GROUP BY part_number ORDER BY count DESC, key LIMIT ${top + 1}`,
    p.params,
  );
  // Intake may leave the part number blank though the module was read: those cases count under the
  // module's part number as read (module.part_number), '(unknown)' only when neither knows it. Only
  // the blank ones are joined, so the common case stays one covering index scan.
  const untyped =
    typed.some((r) => r.key === null)
      ? await exec<{ key: string; count: number }>(
          `SELECT coalesce(m.part_number, '(unknown)') AS key, count(*) AS count FROM repair_case rc LEFT JOIN module m ON m.serial = rc.module_serial
            WHERE rc.part_number IS NULL${p.and.replace(/\b(notified_at|customer_id|part_number)\b/g, 'rc.$1')} GROUP BY coalesce(m.part_number, '(unknown)')`,
          p.params,
        )
      : typed.filter((r) => r.key === null).map((r) => ({ key: '(unknown)', count: r.count }));
  const partCounts = new Map<string, number>();
  for (const r of [...typed.filter((x) => x.key !== null), ...untyped]) partCounts.set(String(r.key), (partCounts.get(String(r.key)) ?? 0) + Number(r.count));
  const byPartNumber = sorted(partCounts).slice(0, top);
  const byCustomer = await exec<{ key: string; count: number }>(
    `SELECT cu.name AS key, x.count AS count FROM (SELECT customer_id, count(*) AS count FROM repair_case WHERE 1 = 1${p.and} GROUP BY customer_id ORDER BY count DESC LIMIT ${top}) x
       JOIN customer cu ON cu.id = x.customer_id ORDER BY count DESC, key`,
    p.params,
  );
  const byMonth = await exec<{ key: string; count: number }>(
    `SELECT substr(notified_at, 1, 7) AS key, count(*) AS count FROM repair_case WHERE 1 = 1${p.and} GROUP BY substr(notified_at, 1, 7) ORDER BY key`,
    p.params,
  );
  const techNames = new Map((await exec<{ id: number; name: string }>('SELECT id, name FROM technician', [])).map((t) => [Number(t.id), t.name]));

  const total = f.reduce((n, r) => n + Number(r.n), 0);
  const decisions = tally(f, (r) => r.decision);
  // A needs-evidence decision is not yet a decision: it stays out of the no-fault-found rate's denominator.
  const decided = [...decisions.entries()].reduce((a, [k, n]) => (k === 'needs-evidence' ? a : a + n), 0);
  // A case gets response_s when it first leaves "received" and closure_s when it reaches an end
  // status; neither is ever undone, so the facet counts are the number of durations.
  const responded = f.filter((r) => r.status !== 'received').reduce((n, r) => n + Number(r.n), 0);
  const ended = f.filter((r) => END_STATUSES.includes(r.status as RepairStatus)).reduce((n, r) => n + Number(r.n), 0);
  let firstResponse: DurationStats;
  let closure: DurationStats;
  if (p.filtered && total > 0) {
    // A customer's or part number's cases are a few thousand found through their own index: one
    // read of both durations beats four index walks that test every row against the filter.
    const rows = await exec<{ r: number | null; c: number | null }>(`SELECT response_s AS r, closure_s AS c FROM repair_case WHERE 1 = 1${p.and}`, p.params);
    const of = (xs: number[]): DurationStats => {
      const sortedXs = Float64Array.from(xs).sort();
      return { count: sortedXs.length, medianS: percentile(sortedXs, 0.5), p90S: percentile(sortedXs, 0.9) };
    };
    firstResponse = of(rows.filter((x) => x.r !== null).map((x) => Number(x.r)));
    closure = of(rows.filter((x) => x.c !== null).map((x) => Number(x.c)));
  } else {
    firstResponse = await durationStats(exec, 'response_s', responded, p);
    closure = await durationStats(exec, 'closure_s', ended, p);
  }
  return {
    period: { from: p.from, to: p.to },
    total,
    byStatus: sorted(tally(f, (r) => r.status)),
    byCause: sorted(tally(f, (r) => r.cause)),
    byFailureMode: sorted(tally(f, (r) => r.failure_mode)),
    byDecision: sorted(decisions),
    byPartNumber,
    byCustomer: byCustomer.map((r) => ({ key: String(r.key), count: Number(r.count) })),
    byTechnician: sorted(tally(f, (r) => (r.technician_id === null ? '(unassigned)' : (techNames.get(Number(r.technician_id)) ?? `#${r.technician_id}`)))),
    byMonth: byMonth.map((r) => ({ key: String(r.key), count: Number(r.count) })),
    nffRate: decided === 0 ? null : (decisions.get('no-fault-found') ?? 0) / decided,
    firstResponse,
    closure,
  };
}

/** Scorecards for technicians (and anyone else with cases). Calls and complaints count against the case's technician, in the period the case was notified. */
export async function computeScorecards(exec: SqlExec, from: string | null | undefined, to: string | null | undefined, filter: CaseFilter = {}): Promise<Scorecard[]> {
  const p = periodOf(from, to, filter);
  const f = await exec<Facet>(
    `SELECT technician_id, decision, count(*) AS n FROM repair_case WHERE technician_id IS NOT NULL${p.and} GROUP BY technician_id, decision`,
    p.params,
  );
  const rcAnd = p.and.replace(/\b(notified_at|customer_id|part_number)\b/g, 'rc.$1');
  // Without a period the case table is not needed; with one, each call or complaint looks up its case.
  const join = (alias: string) => (p.and === '' ? '' : ` JOIN repair_case rc ON rc.id = ${alias}.repair_case_id`);
  const calls = await exec<{ technician_id: number; calls: number; avg: number | null }>(
    `SELECT fc.technician_id, count(*) AS calls, avg(fc.satisfaction) AS avg FROM follow_up_call fc${join('fc')}
      WHERE fc.technician_id IS NOT NULL${rcAnd} GROUP BY fc.technician_id`,
    p.params,
  );
  const complaints = await exec<{ technician_id: number; complaints: number; open: number }>(
    `SELECT cp.technician_id, count(*) AS complaints, sum(CASE WHEN cp.status <> 'resolved' THEN 1 ELSE 0 END) AS open FROM complaint cp${join('cp')}
      WHERE cp.technician_id IS NOT NULL${rcAnd} GROUP BY cp.technician_id`,
    p.params,
  );
  const techs = await exec<{ id: number; code: string; name: string; role: string }>('SELECT id, code, name, role FROM technician ORDER BY name, id', []);
  const cases = tally(f, (r) => r.technician_id);
  const decided = tally(f, (r) => (r.decision === null || r.decision === 'needs-evidence' ? null : r.technician_id));
  const nff = tally(f, (r) => (r.decision === 'no-fault-found' ? r.technician_id : null));
  const callBy = new Map(calls.map((c) => [Number(c.technician_id), c]));
  const complaintBy = new Map(complaints.map((c) => [Number(c.technician_id), c]));
  return techs
    .filter((t) => t.role === 'technician' || (cases.get(Number(t.id)) ?? 0) > 0)
    .map((t) => {
      const id = Number(t.id);
      const d = decided.get(id) ?? 0;
      const call = callBy.get(id);
      const k = complaintBy.get(id);
      return {
        technicianId: id,
        code: t.code,
        name: t.name,
        cases: cases.get(id) ?? 0,
        decided: d,
        nff: nff.get(id) ?? 0,
        nffRate: d === 0 ? null : (nff.get(id) ?? 0) / d,
        calls: Number(call?.calls ?? 0),
        averageSatisfaction: call?.avg == null ? null : Number(call.avg),
        complaints: Number(k?.complaints ?? 0),
        openComplaints: Number(k?.open ?? 0),
      };
    });
}

export function createStatisticsService(db: Db): StatisticsService {
  const exec: SqlExec = (sql, params) => db.dataSource.query(sql, params);
  return {
    async statistics(query = {}) {
      const q = parseRequest(StatisticsQuerySchema, query);
      return computeStatistics(exec, q.from, q.to, q.top, q);
    },
    async scorecards(query = {}) {
      const q = parseRequest(StatisticsQuerySchema, query);
      return computeScorecards(exec, q.from, q.to, q);
    },
  };
}
