// The statistics' aggregates (schema 8) as stored, and as a row-by-row count of the case table
// made here in JavaScript (not by the migration's SQL): the migration, migrate and restore tests
// compare the two.
import { durationBinLows } from '../../../main/db/migrations/1764700000000-statistics-aggregates';

export type Q = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

/** What the aggregates must hold, counted row by row here (not by the migration's SQL). */
export async function expectedAggregates(q: Q): Promise<{ counts: string[]; durations: string[] }> {
  const rows = await q('SELECT * FROM repair_case');
  const lows = durationBinLows();
  const bin = (v: number) => {
    let b = lows[0] as number;
    for (const lo of lows) if (lo <= v) b = lo;
    return b;
  };
  const enc = (v: unknown) => (v === null || v === undefined ? '' : `v${String(v)}`);
  const counts = new Map<string, number>();
  const durations = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const r of rows) {
    const at = String(r.notified_at);
    const month = /^\d{4}-(0[1-9]|1[0-2])/.test(at) && at >= `${at.slice(0, 7)}-01T00:00:00.000Z` ? at.slice(0, 7) : '?';
    for (const [dim, k1, k2] of [
      ['status', enc(r.status), ''],
      ['cause', enc(r.cause), ''],
      ['failure_mode', enc(r.failure_mode), ''],
      ['part_number', enc(r.part_number), ''],
      ['customer', enc(r.customer_id), ''],
      ['tech_decision', enc(r.technician_id), enc(r.decision)],
    ]) {
      inc(counts, `${month} ${dim} ${k1} ${k2}`);
    }
    for (const [kind, v] of [
      ['r', r.response_s],
      ['c', r.closure_s],
    ] as const) {
      if (v !== null) inc(durations, `${kind} ${month} ${bin(Number(v))}`);
    }
  }
  // Calls and complaints count in their case's month, by the technician they name.
  const monthOf = new Map(rows.map((r) => {
    const at = String(r.notified_at);
    return [Number(r.id), /^\d{4}-(0[1-9]|1[0-2])/.test(at) && at >= `${at.slice(0, 7)}-01T00:00:00.000Z` ? at.slice(0, 7) : '?'];
  }));
  const add = (k: string, n: number) => counts.set(k, (counts.get(k) ?? 0) + n);
  for (const c of await q('SELECT repair_case_id, technician_id, satisfaction FROM follow_up_call')) {
    const m = monthOf.get(Number(c.repair_case_id));
    add(`${m} call ${enc(c.technician_id)} `, 1);
    if (c.satisfaction !== null) {
      add(`${m} call_sat ${enc(c.technician_id)} `, Number(c.satisfaction));
      add(`${m} call_sat_n ${enc(c.technician_id)} `, 1);
    }
  }
  for (const c of await q('SELECT repair_case_id, technician_id, status FROM complaint')) {
    const m = monthOf.get(Number(c.repair_case_id));
    add(`${m} complaint ${enc(c.technician_id)} `, 1);
    if (c.status !== 'resolved') add(`${m} complaint_open ${enc(c.technician_id)} `, 1);
  }
  return { counts: [...counts.entries()].map(([k, n]) => `${k} ${n}`).sort(), durations: [...durations.entries()].map(([k, n]) => `${k} ${n}`).sort() };
}

export async function storedAggregates(q: Q): Promise<{ counts: string[]; durations: string[] }> {
  return {
    counts: (await q('SELECT month, dim, k1, k2, n FROM case_month_count WHERE n <> 0')).map((r) => `${r.month} ${r.dim} ${r.k1} ${r.k2} ${Number(r.n)}`).sort(),
    durations: (await q('SELECT kind, month, lo, n FROM case_month_duration WHERE n <> 0')).map((r) => `${r.kind} ${r.month} ${Number(r.lo)} ${Number(r.n)}`).sort(),
  };
}

