// "Better managed and easy to count" (after-sale-service.md rule 5): counts, NFF rate, turnaround
// percentiles and per-technician scorecards, on a million cases within 300 ms (issue 14).
// Whole UTC months of a period come from the aggregates the database keeps (schema 8,
// main/db/migrations/1764700000000-statistics-aggregates.ts): counts per month and dimension, and
// duration histograms per month. The partial months at a period's two ends are read from the case
// table through the notified_at index. A percentile finds the histogram bin holding its rank and
// reads the exact value inside that bin (a few thousand index entries at most), so every figure is
// the one a count over the case table gives. A customer's or part number's figures come from that
// filter's own index; so does everything while a row's notified_at does not sort inside its own
// month (never written by the app: the '?' month), which only a hand edit can make.
import { StatisticsQuerySchema, type CountRow, type DurationStats, type Scorecard, type Statistics, type StatisticsQuery } from '../../preload/contract/records';
import type { Db } from '../db/open';
import { instantBound, parseRequest } from '../db/mappers';
import { CALL_DIMS, CASE_MONTH_COUNT, CASE_MONTH_DURATION, DURATION_BIN, ODD_MONTH, decodeKey } from '../db/migrations/1764700000000-statistics-aggregates';

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

/** A half-open range of notified_at (null: unbounded on that side). */
interface Range {
  from: string | null;
  to: string | null;
}

/** Where a period's figures come from: whole months from the aggregates, the rest from the case table. */
interface Plan {
  /** Months [fromMonth, toMonth) taken whole from the aggregates (null: unbounded), or null for none. */
  whole: { fromMonth: string | null; toMonth: string | null; range: Range } | null;
  /** Ranges read from the case table. */
  edges: Range[];
}

const MONTH_START = /^(\d{4})-(\d{2})-01T00:00:00\.000Z$/;
const INSTANT = /^(\d{4})-(\d{2})-\d{2}T/;

function nextMonthStart(year: number, month: number): string | null {
  const y = month === 12 ? year + 1 : year;
  const m = month === 12 ? 1 : month + 1;
  return y > 9999 ? null : `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01T00:00:00.000Z`;
}

/**
 * Splits [from, to) into whole months and the partial ones at its ends. Returns null when a bound
 * is not of the canonical 'YYYY-MM-DDT...' form (years beyond 9999 or before 0: toISOString's
 * '+YYYYYY'), which then reads the case table as before.
 */
export function monthPlan(from: string | null, to: string | null): Plan | null {
  let a: string | null = null;
  if (from !== null) {
    const f = INSTANT.exec(from);
    if (f === null) return null;
    a = MONTH_START.test(from) ? from : nextMonthStart(Number(f[1]), Number(f[2]));
    if (a === null) return { whole: null, edges: [{ from, to }] };
  }
  let b: string | null = null;
  if (to !== null) {
    if (!INSTANT.test(to)) return null;
    b = `${to.slice(0, 7)}-01T00:00:00.000Z`;
  }
  if (a !== null && b !== null && a >= b) return { whole: null, edges: [{ from, to }] };
  const edges: Range[] = [];
  if (from !== null && a !== null && from < a) edges.push({ from, to: a });
  if (to !== null && b !== null && b < to) edges.push({ from: b, to });
  return { whole: { fromMonth: a === null ? null : a.slice(0, 7), toMonth: b === null ? null : b.slice(0, 7), range: { from: a, to: b } }, edges };
}

/** " AND <col> >= ? AND <col> < ?" of a range, and its parameters. */
function rangeSql(r: Range, col: string): { and: string; params: string[] } {
  let and = '';
  const params: string[] = [];
  if (r.from !== null) {
    and += ` AND ${col} >= ?`;
    params.push(r.from);
  }
  if (r.to !== null) {
    and += ` AND ${col} < ?`;
    params.push(r.to);
  }
  return { and, params };
}

const add = <K>(m: Map<K, number>, k: K, n: number) => {
  if (n !== 0) m.set(k, (m.get(k) ?? 0) + n);
};

/** The dashboard's counts of one period, gathered from the aggregates and the case table. */
class Tally {
  status = new Map<string, number>();
  cause = new Map<string | null, number>();
  failureMode = new Map<string | null, number>();
  /** "technician id|decision", each '' when NULL: the scorecards' pairs, and technician and decision as margins. */
  techDecision = new Map<string, number>();
  part = new Map<string, number>();
  customer = new Map<number, number>();
  month = new Map<string, number>();
  /** Whole months' duration histograms (bin's lower bound -> count) and the partial months' values. */
  responseHist = new Map<number, number>();
  closureHist = new Map<number, number>();
  responses: number[] = [];
  closures: number[] = [];
  /** The scorecards' follow-up calls and complaints by technician: calls, satisfaction sum and marks, complaints, not resolved. */
  calls = new Map<number, number>();
  satisfactionSum = new Map<number, number>();
  satisfactionMarks = new Map<number, number>();
  complaints = new Map<number, number>();
  openComplaints = new Map<number, number>();
}

const pair = (tech: unknown, decision: unknown): string => `${tech == null ? '' : String(Number(tech))}|${decision == null ? '' : String(decision)}`;
const unpair = (k: string): { tech: number | null; decision: string | null } => {
  const i = k.indexOf('|');
  return { tech: i === 0 ? null : Number(k.slice(0, i)), decision: i === k.length - 1 ? null : k.slice(i + 1) };
};


/**
 * The case table under the covering index of what bounds the cases, named for SQLite (the dialect
 * drops the hint on PostgreSQL): left to itself SQLite scanned a whole grouped index (a million
 * entries) to spare a sort of a few thousand rows, 3.8 s for a period on bench:db's file.
 */
function casesFrom(r: Range, filter: CaseFilter): string {
  const index =
    filter.customerId != null ? 'idx_case_customer_stats' : filter.partNumber != null ? 'idx_case_part_stats' : r.from !== null || r.to !== null ? 'idx_case_period_stats' : null;
  return `repair_case rc${index === null ? '' : ` INDEXED BY ${index}`}`;
}

/** The cases of a range (and filter) from the case table. */
async function tallyRows(exec: SqlExec, t: Tally, r: Range, filter: CaseFilter, scorecardsOnly = false): Promise<void> {
  const w = rangeSql(r, 'rc.notified_at');
  let and = w.and;
  const params: Array<string | number> = [...w.params];
  if (filter.customerId != null) {
    and += ' AND rc.customer_id = ?';
    params.push(filter.customerId);
  }
  if (filter.partNumber != null) {
    and += ' AND rc.part_number = ?';
    params.push(filter.partNumber);
  }
  const from = casesFrom(r, filter);
  // Grouped in SQL, one small answer per figure: fetching every case as a row cost more than reading
  // it (a big customer's 15,000 rows took 100 ms through the ORM under load). The statements are
  // independent: on a lab server they run side by side on the pool's connections.
  const facetsQ = exec<{ status: string; cause: string | null; failure_mode: string | null; decision: string | null; technician_id: number | null; n: number }>(
    `SELECT ${scorecardsOnly ? `'' AS status, NULL AS cause, NULL AS failure_mode` : 'rc.status, rc.cause, rc.failure_mode'}, rc.decision, rc.technician_id, count(*) AS n FROM ${from} WHERE 1 = 1${and}
      GROUP BY ${scorecardsOnly ? '' : 'rc.status, rc.cause, rc.failure_mode, '}rc.decision, rc.technician_id`,
    params,
  );
  if (scorecardsOnly) {
    for (const f of await facetsQ) add(t.techDecision, pair(f.technician_id, f.decision), Number(f.n));
    return;
  }
  // Intake may leave the part number blank though the module was read: those cases count under the
  // module's part number as read, '(unknown)' only when neither knows it.
  const [facets, parts, customers, months, durations] = await Promise.all([
    facetsQ,
    exec<{ pn: string; n: number }>(
      `SELECT pn, count(*) AS n FROM (SELECT CASE WHEN rc.part_number IS NULL THEN coalesce((SELECT m.part_number FROM module m WHERE m.serial = rc.module_serial), '(unknown)') ELSE rc.part_number END AS pn
         FROM ${from} WHERE 1 = 1${and}) x GROUP BY pn`,
      params,
    ),
    exec<{ id: number; n: number }>(`SELECT rc.customer_id AS id, count(*) AS n FROM ${from} WHERE 1 = 1${and} GROUP BY rc.customer_id`, params),
    exec<{ month: string; n: number }>(`SELECT substr(rc.notified_at, 1, 7) AS month, count(*) AS n FROM ${from} WHERE 1 = 1${and} GROUP BY substr(rc.notified_at, 1, 7)`, params),
    exec<{ r: number | null; c: number | null }>(`SELECT rc.response_s AS r, rc.closure_s AS c FROM ${from} WHERE (rc.response_s IS NOT NULL OR rc.closure_s IS NOT NULL)${and}`, params),
  ]);
  for (const f of facets) {
    const n = Number(f.n);
    add(t.techDecision, pair(f.technician_id, f.decision), n);
    add(t.status, f.status, n);
    add(t.cause, f.cause, n);
    add(t.failureMode, f.failure_mode, n);
  }
  for (const x of parts) add(t.part, String(x.pn), Number(x.n));
  for (const x of customers) add(t.customer, Number(x.id), Number(x.n));
  for (const x of months) add(t.month, String(x.month), Number(x.n));
  for (const x of durations) {
    if (x.r !== null) t.responses.push(Number(x.r));
    if (x.c !== null) t.closures.push(Number(x.c));
  }
}

const CALL_DIM_LIST = CALL_DIMS.map((d) => `'${d}'`).join(', ');

/** Whole months from the aggregates (the scorecards need only the technician x decision pairs, calls and complaints). */
async function tallyMonths(exec: SqlExec, t: Tally, whole: NonNullable<Plan['whole']>, scorecardsOnly: boolean): Promise<void> {
  const m = rangeSql({ from: whole.fromMonth, to: whole.toMonth }, 'month');
  // Months and histograms are asked for at once, beside the counts (the pool runs them side by side).
  const monthsQ = scorecardsOnly
    ? null
    : exec<{ month: string; n: number }>(`SELECT month, sum(n) AS n FROM ${CASE_MONTH_COUNT} WHERE dim = 'status' AND month <> '${ODD_MONTH}'${m.and} GROUP BY month`, m.params);
  const histQ = scorecardsOnly
    ? null
    : exec<{ kind: string; lo: number; n: number }>(`SELECT kind, lo, sum(n) AS n FROM ${CASE_MONTH_DURATION} WHERE month <> '${ODD_MONTH}'${m.and} GROUP BY kind, lo`, m.params);
  // Whichever is not awaited first must not go unhandled if the other fails.
  monthsQ?.catch(() => undefined);
  histQ?.catch(() => undefined);
  const counts = await exec<{ dim: string; k1: string; k2: string; n: number }>(
    `SELECT dim, k1, k2, sum(n) AS n FROM ${CASE_MONTH_COUNT} WHERE month <> '${ODD_MONTH}'${m.and}${scorecardsOnly ? ` AND dim IN ('tech_decision', ${CALL_DIM_LIST})` : ` AND dim NOT IN (${CALL_DIM_LIST})`} GROUP BY dim, k1, k2`,
    m.params,
  );
  let untyped = 0;
  for (const r of counts) {
    const n = Number(r.n);
    if (n === 0) continue;
    const k = decodeKey(r.k1);
    switch (r.dim) {
      case 'status':
        add(t.status, String(k), n);
        break;
      case 'cause':
        add(t.cause, k, n);
        break;
      case 'failure_mode':
        add(t.failureMode, k, n);
        break;
      case 'part_number':
        if (k === null) untyped += n;
        else add(t.part, k, n);
        break;
      case 'customer':
        add(t.customer, Number(k), n);
        break;
      case 'tech_decision':
        add(t.techDecision, pair(k, decodeKey(r.k2)), n);
        break;
      default: {
        // Calls and complaints of nobody in particular (no technician named) are on no scorecard.
        if (k === null) break;
        const tech = Number(k);
        if (r.dim === 'call') add(t.calls, tech, n);
        else if (r.dim === 'call_sat') add(t.satisfactionSum, tech, n);
        else if (r.dim === 'call_sat_n') add(t.satisfactionMarks, tech, n);
        else if (r.dim === 'complaint') add(t.complaints, tech, n);
        else if (r.dim === 'complaint_open') add(t.openComplaints, tech, n);
      }
    }
  }
  if (untyped > 0) {
    // The blank part numbers of whole months, by the module's part number as read (idx_case_untyped_part finds them).
    const w = rangeSql(whole.range, 'rc.notified_at');
    const rows = await exec<{ key: string; n: number }>(
      `SELECT coalesce(m.part_number, '(unknown)') AS key, count(*) AS n FROM repair_case rc LEFT JOIN module m ON m.serial = rc.module_serial
        WHERE rc.part_number IS NULL${w.and} GROUP BY coalesce(m.part_number, '(unknown)')`,
      w.params,
    );
    for (const r of rows) add(t.part, String(r.key), Number(r.n));
  }
  if (monthsQ === null || histQ === null) return;
  for (const r of await monthsQ) add(t.month, String(r.month), Number(r.n));
  const hist = await histQ;
  for (const r of hist) add(r.kind === 'r' ? t.responseHist : t.closureHist, Number(r.lo), Number(r.n));
}

/** The bins' lower bounds, read once per connection (they never change: a new set would be a new migration). */
const binCache = new WeakMap<SqlExec, Promise<number[]>>();
function binLows(exec: SqlExec): Promise<number[]> {
  let p = binCache.get(exec);
  if (p === undefined) {
    p = exec<{ lo: number }>(`SELECT lo FROM ${DURATION_BIN} ORDER BY lo`, []).then((rows) => rows.map((r) => Number(r.lo)));
    p.catch(() => binCache.delete(exec));
    binCache.set(exec, p);
  }
  return p;
}

/** Index of the bin holding v: the last lower bound <= v. */
function binIndex(lows: number[], v: number): number {
  let lo = 0;
  let hi = lows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lows[mid] as number) <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Thrown when an aggregate disagrees with the case table (a trigger disabled by hand): the figures are then counted from the table. */
class AggregatesOutOfStep extends Error {}

/**
 * Nearest-rank median and p90 of a duration over the whole months' histogram and the partial
 * months' values: the bin holding the rank, then that bin's values from the case table.
 */
async function durationFigures(exec: SqlExec, column: 'response_s' | 'closure_s', hist: Map<number, number>, edge: number[], whole: Range | null): Promise<DurationStats> {
  const values = Float64Array.from(edge).sort();
  let histTotal = 0;
  for (const n of hist.values()) histTotal += n;
  const count = histTotal + values.length;
  if (count === 0) return { count: 0, medianS: null, p90S: null };
  if (histTotal === 0 || whole === null) return { count, medianS: percentile(values, 0.5), p90S: percentile(values, 0.9) };
  const lows = await binLows(exec);
  // A bin's values through the duration's own index (SQLite could otherwise walk the period's).
  const binFrom = `repair_case INDEXED BY ${column === 'response_s' ? 'idx_case_response' : 'idx_case_closure_s'}`;
  // Both sources by bin index, in order.
  const byIndex = new Map<number, { h: number; e: number }>();
  for (const [lo, n] of hist) {
    const i = binIndex(lows, lo);
    if (lows[i] !== lo) throw new AggregatesOutOfStep(`histogram bin ${lo} is not a bin`);
    byIndex.set(i, { h: n, e: 0 });
  }
  for (const v of values) {
    const i = binIndex(lows, v);
    const b = byIndex.get(i) ?? { h: 0, e: 0 };
    b.e += 1;
    byIndex.set(i, b);
  }
  const order = [...byIndex.keys()].sort((x, y) => x - y);
  const at = async (q: number): Promise<number | null> => {
    const rank = Math.max(1, Math.ceil(q * count));
    let before = 0;
    for (const i of order) {
      const b = byIndex.get(i) as { h: number; e: number };
      if (before + b.h + b.e < rank) {
        before += b.h + b.e;
        continue;
      }
      const lo = lows[i] as number;
      const hi = lows[i + 1];
      const inBin: number[] = [];
      for (const v of values) if (v >= lo && (hi === undefined || v < hi)) inBin.push(v);
      if (b.h > 0) {
        const w = rangeSql(whole, 'notified_at');
        const params: Array<string | number> = [];
        let where = `${column} IS NOT NULL`;
        // All negative durations (a clock set wrong) share the first bin: it has no lower bound.
        if (i > 0) {
          where += ` AND ${column} >= CAST(? AS BIGINT)`;
          params.push(lo);
        }
        if (hi !== undefined) {
          where += ` AND ${column} < CAST(? AS BIGINT)`;
          params.push(hi);
        }
        if (inBin.length === 0) {
          // Only whole months in this bin: the value itself, read at its offset in the bin's index range.
          const [row] = await exec<{ s: number }>(`SELECT ${column} AS s FROM ${binFrom} WHERE ${where}${w.and} ORDER BY ${column} LIMIT 1 OFFSET ?`, [...params, ...w.params, rank - before - 1]);
          if (row === undefined) throw new AggregatesOutOfStep(`${column} bin ${lo}: ${b.h} counted, fewer in the case table`);
          return Number(row.s);
        }
        const rows = await exec<{ s: number }>(`SELECT ${column} AS s FROM ${binFrom} WHERE ${where}${w.and}`, [...params, ...w.params]);
        if (rows.length !== b.h) throw new AggregatesOutOfStep(`${column} bin ${lo}: ${b.h} counted, ${rows.length} in the case table`);
        for (const r of rows) inBin.push(Number(r.s));
      }
      inBin.sort((x, y) => x - y);
      return inBin[rank - before - 1] ?? null;
    }
    return null;
  };
  const [medianS, p90S] = await Promise.all([at(0.5), at(0.9)]);
  return { count, medianS, p90S };
}

interface Gathered {
  t: Tally;
  /** The whole months' range taken from the aggregates, or null. */
  whole: Range | null;
  /** The ranges read from the case table; null when the whole period (and its filter) was. */
  edges: Range[] | null;
}

/** Gathers a period's counts (and duration figures) by the cheapest exact way. */
async function gather(exec: SqlExec, p: Period, filter: CaseFilter, scorecardsOnly: boolean): Promise<Gathered> {
  const plan = p.filtered ? null : monthPlan(p.from, p.to);
  if (plan !== null) {
    const odd = await exec(`SELECT 1 AS x FROM ${CASE_MONTH_COUNT} WHERE dim = 'status' AND month = '${ODD_MONTH}' AND n <> 0 LIMIT 1`, []);
    if (odd.length === 0) {
      const t = new Tally();
      await Promise.all([plan.whole === null ? null : tallyMonths(exec, t, plan.whole, scorecardsOnly), ...plan.edges.map((e) => tallyRows(exec, t, e, {}, scorecardsOnly))]);
      return { t, whole: plan.whole === null ? null : plan.whole.range, edges: plan.edges };
    }
  }
  const t = new Tally();
  await tallyRows(exec, t, { from: p.from, to: p.to }, filter, scorecardsOnly);
  return { t, whole: null, edges: null };
}

const byCountThenKey = (a: CountRow, b: CountRow) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const sorted = (m: Map<string, number>): CountRow[] => [...m.entries()].filter(([, n]) => n > 0).map(([key, count]) => ({ key, count })).sort(byCountThenKey);
function nonNull<K>(m: Map<K | null, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, n] of m) if (k !== null) add(out, String(k), n);
  return out;
}

/** The top customers by count, named; ties broken by name, then id. Only the customers that can make the top are looked up. */
async function topCustomers(exec: SqlExec, counts: Map<number, number>, top: number): Promise<CountRow[]> {
  const ranked = [...counts.entries()].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0) return [];
  const threshold = ranked[Math.min(top, ranked.length) - 1]![1];
  const candidates = ranked.filter(([, n]) => n >= threshold);
  const names = new Map<number, string>();
  for (let i = 0; i < candidates.length; i += 500) {
    const ids = candidates.slice(i, i + 500).map(([id]) => id);
    for (const r of await exec<{ id: number; name: string }>(`SELECT id, name FROM customer WHERE id IN (${ids.map(() => '?').join(',')})`, ids)) names.set(Number(r.id), r.name);
  }
  return candidates
    .filter(([id]) => names.has(id))
    .map(([id, count]) => ({ id, key: names.get(id) as string, count }))
    .sort((a, b) => byCountThenKey(a, b) || a.id - b.id)
    .slice(0, top)
    .map(({ key, count }) => ({ key, count }));
}

async function gatherChecked(exec: SqlExec, p: Period, filter: CaseFilter, durations: boolean): Promise<{ g: Gathered; response: DurationStats | null; closure: DurationStats | null }> {
  let g = await gather(exec, p, filter, !durations);
  if (!durations) return { g, response: null, closure: null };
  try {
    const [response, closure] = await Promise.all([
      durationFigures(exec, 'response_s', g.t.responseHist, g.t.responses, g.whole),
      durationFigures(exec, 'closure_s', g.t.closureHist, g.t.closures, g.whole),
    ]);
    return { g, response, closure };
  } catch (e) {
    if (!(e instanceof AggregatesOutOfStep)) throw e;
    // Someone disabled a trigger and changed cases by hand: count from the table (slow, but right).
    g = { t: new Tally(), whole: null, edges: null };
    await tallyRows(exec, g.t, { from: p.from, to: p.to }, filter);
    return {
      g,
      response: await durationFigures(exec, 'response_s', g.t.responseHist, g.t.responses, null),
      closure: await durationFigures(exec, 'closure_s', g.t.closureHist, g.t.closures, null),
    };
  }
}

/** The dashboard, given a way to run SQL: the service and bench:db's raw-SQL reference share it. */
export async function computeStatistics(exec: SqlExec, from: string | null | undefined, to: string | null | undefined, top: number, filter: CaseFilter = {}): Promise<Statistics> {
  const p = periodOf(from, to, filter);
  const g = await gatherChecked(exec, p, filter, true);
  const t = g.g.t;
  const techNames = new Map((await exec<{ id: number; name: string }>('SELECT id, name FROM technician', [])).map((x) => [Number(x.id), x.name]));
  const decisions = new Map<string, number>();
  const technicians = new Map<string, number>();
  for (const [k, n] of t.techDecision) {
    const { tech, decision } = unpair(k);
    if (decision !== null) add(decisions, decision, n);
    add(technicians, tech === null ? '(unassigned)' : (techNames.get(tech) ?? `#${tech}`), n);
  }
  let total = 0;
  for (const n of t.status.values()) total += n;
  // A needs-evidence decision is not yet a decision: it stays out of the no-fault-found rate's denominator.
  const decided = [...decisions.entries()].reduce((a, [k, n]) => (k === 'needs-evidence' ? a : a + n), 0);
  return {
    period: { from: p.from, to: p.to },
    total,
    byStatus: sorted(t.status),
    byCause: sorted(nonNull(t.cause)),
    byFailureMode: sorted(nonNull(t.failureMode)),
    byDecision: sorted(decisions),
    byPartNumber: sorted(t.part).slice(0, top),
    byCustomer: await topCustomers(exec, t.customer, top),
    byTechnician: sorted(technicians),
    byMonth: [...t.month.entries()].filter(([, n]) => n > 0).map(([key, count]) => ({ key, count })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    nffRate: decided === 0 ? null : (decisions.get('no-fault-found') ?? 0) / decided,
    firstResponse: g.response as DurationStats,
    closure: g.closure as DurationStats,
  };
}

/** Scorecards for technicians (and anyone else with cases). Calls and complaints count against the case's technician, in the period the case was notified. */
export async function computeScorecards(exec: SqlExec, from: string | null | undefined, to: string | null | undefined, filter: CaseFilter = {}): Promise<Scorecard[]> {
  const p = periodOf(from, to, filter);
  const { g } = await gatherChecked(exec, p, filter, false);
  const t = g.t;
  const cases = new Map<number, number>();
  const decided = new Map<number, number>();
  const nff = new Map<number, number>();
  for (const [k, n] of t.techDecision) {
    const { tech, decision } = unpair(k);
    if (tech === null) continue;
    add(cases, tech, n);
    if (decision !== null && decision !== 'needs-evidence') add(decided, tech, n);
    if (decision === 'no-fault-found') add(nff, tech, n);
  }
  // Calls and complaints of the ranges not taken from the aggregates: each looks up its case's notification time.
  const parts: Array<{ and: string; params: Array<string | number>; from: string }> =
    g.edges === null
      ? [{ and: p.and.replace(/\b(notified_at|customer_id|part_number)\b/g, 'rc.$1'), params: p.params, from: casesFrom({ from: p.from, to: p.to }, filter) }]
      : g.edges.map((e) => ({ ...rangeSql(e, 'rc.notified_at'), from: casesFrom(e, {}) }));
  for (const part of parts) {
    // The cases first (their covering index), then each one's calls through idx_call_case: SQLite
    // otherwise took every call and looked its case up in the table (250 ms for a period's edges).
    const join = (alias: string) => (part.and === '' ? `${alias === 'fc' ? 'follow_up_call' : 'complaint'} ${alias}` : `${part.from} CROSS JOIN ${alias === 'fc' ? 'follow_up_call' : 'complaint'} ${alias}`);
    const on = (alias: string) => (part.and === '' ? '' : ` AND ${alias}.repair_case_id = rc.id`);
    const calls = await exec<{ technician_id: number; calls: number; sat: number | null; marks: number }>(
      `SELECT fc.technician_id, count(*) AS calls, sum(fc.satisfaction) AS sat, count(fc.satisfaction) AS marks FROM ${join('fc')}
        WHERE fc.technician_id IS NOT NULL${on('fc')}${part.and} GROUP BY fc.technician_id`,
      part.params,
    );
    for (const c of calls) {
      const tech = Number(c.technician_id);
      add(t.calls, tech, Number(c.calls));
      add(t.satisfactionSum, tech, Number(c.sat ?? 0));
      add(t.satisfactionMarks, tech, Number(c.marks));
    }
    const complaints = await exec<{ technician_id: number; complaints: number; open: number }>(
      `SELECT cp.technician_id, count(*) AS complaints, sum(CASE WHEN cp.status <> 'resolved' THEN 1 ELSE 0 END) AS open FROM ${join('cp')}
        WHERE cp.technician_id IS NOT NULL${on('cp')}${part.and} GROUP BY cp.technician_id`,
      part.params,
    );
    for (const c of complaints) {
      add(t.complaints, Number(c.technician_id), Number(c.complaints));
      add(t.openComplaints, Number(c.technician_id), Number(c.open));
    }
  }
  const techs = await exec<{ id: number; code: string; name: string; role: string }>('SELECT id, code, name, role FROM technician ORDER BY name, id', []);
  return techs
    .filter((x) => x.role === 'technician' || (cases.get(Number(x.id)) ?? 0) > 0)
    .map((x) => {
      const id = Number(x.id);
      const d = decided.get(id) ?? 0;
      const marks = t.satisfactionMarks.get(id) ?? 0;
      return {
        technicianId: id,
        code: x.code,
        name: x.name,
        cases: cases.get(id) ?? 0,
        decided: d,
        nff: nff.get(id) ?? 0,
        nffRate: d === 0 ? null : (nff.get(id) ?? 0) / d,
        calls: t.calls.get(id) ?? 0,
        // The mean of the marks, as sum / count in JavaScript on both engines (PostgreSQL's avg() is a decimal).
        averageSatisfaction: marks === 0 ? null : (t.satisfactionSum.get(id) ?? 0) / marks,
        complaints: t.complaints.get(id) ?? 0,
        openComplaints: t.openComplaints.get(id) ?? 0,
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
