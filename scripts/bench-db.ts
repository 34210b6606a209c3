// npm run bench:db -- --records 200000 [--json] [--rebuild] [--db FILE]
// Builds (or reuses, in bench-data/) a records database of N repair cases with their test runs,
// status history, deliveries, calls and complaints, then times the app's queries through the
// services (TypeORM) and the same SQL on a plain sqlite3 connection to the same file, in the same
// run. Goals: list/search/case p95 <= 50 ms, stats p95 <= 200 ms, app <= 2.0x raw at the median.
// Generation bypasses the ORM on purpose: batched multi-row INSERTs in large transactions.
import { linkUnlinkedRows } from '../main/db/evidence-chain';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CONNECTION_PRAGMAS, openDatabase, RawSqlite } from '../main/db/index';
import { computeScorecards, computeStatistics, createRecordServices, queryCaseList, seededRandom, type SqlExec } from '../main/services/index';
import { CaseListQuerySchema } from '../preload/contract/records';
import { CASE_SUMMARY_COLUMNS, TEST_RUN_SUMMARY_COLUMNS } from '../main/db/mappers';
import { loadImageFile } from '../main/sff/image-file';
import { decodeModule } from '../main/sff/index';

interface Args {
  records: number;
  json: boolean;
  rebuild: boolean;
  db: string | null;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { records: 200_000, json: false, rebuild: false, db: null };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--records') a.records = Number(argv[++i]);
    else if (k === '--json') a.json = true;
    else if (k === '--rebuild') a.rebuild = true;
    else if (k === '--db') a.db = argv[++i] ?? null;
    else throw new Error(`unknown argument ${k}`);
  }
  if (!Number.isInteger(a.records) || a.records < 100) throw new Error('--records must be an integer >= 100');
  return a;
}

const say = (json: boolean, line: string) => {
  // With --json the human lines go to stderr, so stdout ends with exactly one JSON line.
  (json ? process.stderr : process.stdout).write(line + '\n');
};

const STATUSES_PATHS: Array<{ w: number; path: string[] }> = [
  { w: 30, path: ['received', 'diagnosing', 'awaiting-decision', 'replacing', 'verifying', 'closed'] },
  { w: 17, path: ['received', 'diagnosing', 'awaiting-decision', 'repairing', 'verifying', 'closed'] },
  { w: 22, path: ['received', 'diagnosing', 'awaiting-decision', 'returned-no-fault'] },
  { w: 14, path: ['received', 'diagnosing', 'awaiting-decision', 'rejected-not-covered'] },
  { w: 5, path: ['received'] },
  { w: 4, path: ['received', 'diagnosing'] },
  { w: 3, path: ['received', 'diagnosing', 'awaiting-decision'] },
  { w: 3, path: ['received', 'diagnosing', 'awaiting-decision', 'repairing'] },
  { w: 2, path: ['received', 'diagnosing', 'awaiting-decision', 'replacing', 'verifying'] },
];
const FAILING = ['txPowerDbm', 'rxPowerDbm', 'txBiasMa', 'temperatureC', 'supplyVoltageV', 'integrity:checksumBase'];

/** Synthetic runs say so: a programmer's provenance with an identity no real programmer gives. */
const SYNTHETIC_PROVENANCE = ['programmer', 'buspirate', 'bench:db synthetic record'] as const;

async function insertRows(raw: RawSqlite, table: string, cols: string[], rows: unknown[][]): Promise<void> {
  // 32766 bound parameters per statement at most (SQLite >= 3.32).
  const per = Math.max(1, Math.floor(30000 / cols.length));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const one = `(${cols.map(() => '?').join(',')})`;
    await raw.run(`INSERT INTO ${table} (${cols.join(',')}) VALUES ${chunk.map(() => one).join(',')}`, chunk.flat());
  }
}

async function build(file: string, n: number, json: boolean): Promise<void> {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  const t0 = performance.now();
  await (await openDatabase({ path: file })).close(); // the schema comes from the app's own migrations
  const raw = await RawSqlite.open(file, 'readwrite');
  await raw.exec('PRAGMA synchronous = OFF; PRAGMA cache_size = -400000; PRAGMA temp_store = MEMORY;');
  const rnd = seededRandom(20260301);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const good = await loadImageFile(path.resolve(__dirname, '../resources/modules/good-10g-sr.hex'));
  const bad = await loadImageFile(path.resolve(__dirname, '../resources/modules/failed-laser.hex'));
  const goodJson = JSON.stringify(decodeModule(good.bytes));
  const badJson = JSON.stringify(decodeModule(bad.bytes));
  const evalJson = (pass: boolean, param: string) =>
    JSON.stringify({
      profile: { id: 'ieee-10gbase-sr', version: 1, name: '10GBASE-SR', source: 'IEEE 802.3 clause 52.5' },
      matchedBy: 'interface 10GBASE-SR',
      verdicts: ['temperatureC', 'supplyVoltageV', 'txBiasMa', 'txPowerDbm', 'rxPowerDbm'].map((p) => ({
        parameter: p,
        lane: null,
        value: 1,
        unit: 'dBm',
        status: !pass && p === param ? 'fail' : 'pass',
        limit: { min: -7.3, max: -1 },
        limitSource: 'profile ieee-10gbase-sr v1',
        reason: !pass && p === param ? 'below spec minimum' : 'within spec',
      })),
      integrity: [{ check: 'checksumBase', status: 'pass', reason: 'ok' }],
      overall: pass ? 'pass' : 'fail',
      withinSpec: pass,
    });
  const evalPass = evalJson(true, '');
  const evalFail = new Map(FAILING.map((p) => [p, evalJson(false, p)]));

  const now = '2026-03-01T00:00:00.000Z';
  await raw.exec('BEGIN');
  const customers = Array.from({ length: 500 }, (_, i) => [i + 1, `Customer ${String(i + 1).padStart(3, '0')}`, now]);
  await insertRows(raw, 'customer', ['id', 'name', 'created_at'], customers);
  const techs = Array.from({ length: 24 }, (_, i) => [i + 1, `t${i + 1}`, `Technician ${i + 1}`, i < 20 ? 'technician' : i < 23 ? 'supervisor' : 'engineering-manager', now]);
  await insertRows(raw, 'technician', ['id', 'code', 'name', 'role', 'created_at'], techs);
  await raw.exec('COMMIT');

  const partNumbers = Array.from({ length: 40 }, (_, i) => `OB-${['SFP10G-SR', 'SFP10G-LR', 'QSFP28-SR4', 'SFP25G-SR', 'SFP1G-LX'][i % 5]}-${String(i).padStart(2, '0')}`);
  const start = Date.parse('2021-01-01T00:00:00Z');
  const span = Date.parse('2026-01-01T00:00:00Z') - start;
  const totalW = STATUSES_PATHS.reduce((s, p) => s + p.w, 0);
  let runId = 0;
  let historyId = 0;
  const BATCH = 10_000;
  for (let base = 0; base < n; base += BATCH) {
    const modules: unknown[][] = [];
    const deliveries: unknown[][] = [];
    const cases: unknown[][] = [];
    const runs: unknown[][] = [];
    const history: unknown[][] = [];
    const calls: unknown[][] = [];
    const complaints: unknown[][] = [];
    for (let i = base; i < Math.min(n, base + BATCH); i++) {
      const id = i + 1;
      const notified = start + Math.floor((i / n) * span) + Math.floor(rnd() * 3_600_000);
      const notifiedAt = new Date(notified).toISOString();
      const serial = `FS${((i * 2654435761) % 4294967291).toString(36).toUpperCase().padStart(7, '0')}${(i % 97).toString().padStart(2, '0')}`;
      const pn = pick(partNumbers);
      const customerId = 1 + Math.floor(rnd() * rnd() * 500); // a few large customers, many small
      const techId = 1 + Math.floor(rnd() * 20);
      let w = rnd() * totalW;
      const route = (STATUSES_PATHS.find((p) => (w -= p.w) < 0) ?? STATUSES_PATHS[0])!.path;
      const status = route[route.length - 1]!;
      const deliveredOn = new Date(notified - Math.floor(rnd() * 4 * 365) * 86_400_000).toISOString().slice(0, 10);
      modules.push([serial, 'OPTIC BENCH', pn, notifiedAt]);
      deliveries.push([serial, customerId, deliveredOn, pn, now]);
      const responseS = route.length > 1 ? Math.floor(600 + rnd() * rnd() * 72 * 3600) : null;
      const decided = route.includes('awaiting-decision') && route.length > 3;
      const ended = ['closed', 'returned-no-fault', 'rejected-not-covered'].includes(status);
      const closureS = ended ? (responseS ?? 0) + Math.floor(3600 + rnd() * 20 * 86400) : null;
      const nff = status === 'returned-no-fault';
      const rejected = status === 'rejected-not-covered';
      const human = rejected && rnd() < 0.6;
      const failing = nff ? 'none' : pick(FAILING);
      const decision = !decided ? null : nff ? 'no-fault-found' : rejected ? (human ? 'not-covered' : 'out-of-warranty') : route.includes('replacing') ? 'replace' : 'repair';
      const rule = decision === null ? null : ({ 'no-fault-found': 'pass-within-3-years', 'not-covered': 'excluded-human-cause', 'out-of-warranty': 'fail-after-3-years', replace: 'fail-within-1-year', repair: 'fail-within-3-years' } as Record<string, string>)[decision]!;
      let evidence: number | null = null;
      const at = (k: number) => new Date(notified + (k === 0 ? 0 : (responseS ?? 0) * 1000 + (k - 1) * 86_400_000)).toISOString();
      if (route.length > 1) {
        evidence = ++runId;
        const pass = nff;
        runs.push([evidence, serial, pass ? good.bytes : bad.bytes, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', pass ? goodJson : badJson, 'ieee-10gbase-sr', 1, pass ? evalPass : evalFail.get(failing) ?? evalPass, pass ? 'pass' : 'fail', pass ? 1 : 0, 'bus-pirate', 'bench-1', `t${techId}`, '0.1.0', at(1), at(1), 'before-repair', id, ...SYNTHETIC_PROVENANCE]);
      }
      if (status === 'closed') {
        runs.push([++runId, serial, good.bytes, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', goodJson, 'ieee-10gbase-sr', 1, evalPass, 'pass', 1, 'bus-pirate', 'bench-1', `t${techId}`, '0.1.0', at(route.length - 1), at(route.length - 1), 'after-repair', id, ...SYNTHETIC_PROVENANCE]);
      }
      route.forEach((s, k) => history.push([++historyId, id, k === 0 ? null : route[k - 1], s, at(k), `t${techId}`]));
      cases.push([
        id, `RMA-${notifiedAt.slice(0, 4)}-${String(id).padStart(7, '0')}`, customerId, serial, pn, rnd() < 0.6 ? 'telephone' : 'written', notifiedAt, notifiedAt.slice(0, 10), `Contact ${customerId}`,
        'Link down after a few hours; module hot to the touch.', status, techId, decided ? (human ? 'human' : 'non-human') : null, decision, rule === null ? null : `${rule}: generated`, rule,
        decided ? Math.floor(rnd() * 1500) : null, decided ? 0 : null, decided ? deliveredOn : null, decided ? at(2) : null, decided ? `t${techId}` : null, decided ? evidence : null, decided ? failing : null,
        status === 'closed' ? 'module replaced' : null, route.includes('replacing') && route.includes('verifying') ? `${serial}R` : null, notifiedAt, at(route.length - 1),
        route.length > 1 ? at(1) : null, ended ? new Date(notified + (closureS ?? 0) * 1000).toISOString() : null, responseS, closureS,
      ]);
      if (ended && rnd() < 0.03) calls.push([id, techId, 21 + Math.floor(rnd() * 2), at(route.length), 1 + Math.floor(rnd() * 5), null, at(route.length)]);
      if (rnd() < 0.005) complaints.push([id, techId, rnd() < 0.5 ? 'supervisor' : 'engineering-manager', 'slow answer', rnd() < 0.7 ? 'resolved' : 'open', null, at(1), 'customer', at(1)]);
    }
    await raw.exec('BEGIN');
    await insertRows(raw, 'module', ['serial', 'vendor', 'part_number', 'first_seen_at'], modules);
    await insertRows(raw, 'delivery', ['module_serial', 'customer_id', 'delivered_on', 'part_number', 'imported_at'], deliveries);
    await insertRows(raw, 'repair_case', [
      'id', 'rma_number', 'customer_id', 'module_serial', 'part_number', 'notification_channel', 'notified_at', 'notified_on', 'notified_by', 'complaint_text', 'status', 'technician_id', 'cause', 'decision',
      'decision_rule', 'decision_rule_id', 'decision_age_days', 'decision_estimated', 'decision_basis_date', 'decided_at', 'decided_by', 'evidence_test_run_id', 'failure_mode', 'action_taken',
      'replacement_serial', 'created_at', 'updated_at', 'first_response_at', 'closed_at', 'response_s', 'closure_s',
    ], cases);
    await insertRows(raw, 'test_run', [
      'id', 'module_serial', 'raw_image', 'sha256', 'decoded_json', 'limit_profile_id', 'limit_profile_version', 'evaluation_json', 'overall_verdict', 'within_spec', 'programmer', 'station', 'operator',
      'app_version', 'taken_at', 'recorded_at', 'role', 'repair_case_id', 'source', 'programmer_kind', 'programmer_identity',
    ], runs);
    await insertRows(raw, 'status_change', ['id', 'repair_case_id', 'from_status', 'to_status', 'at', 'actor'], history);
    if (calls.length > 0) await insertRows(raw, 'follow_up_call', ['repair_case_id', 'technician_id', 'caller_id', 'called_at', 'satisfaction', 'remarks', 'recorded_at'], calls);
    if (complaints.length > 0) await insertRows(raw, 'complaint', ['repair_case_id', 'technician_id', 'addressed_to', 'text', 'status', 'resolution', 'created_at', 'created_by', 'updated_at'], complaints);
    await raw.exec('COMMIT');
    if ((base / BATCH) % 5 === 4) say(json, `  generated ${Math.min(n, base + BATCH)} cases (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  // The records this tool writes join the hash chain like the app's, so `audit verify` passes on them.
  const tChain = performance.now();
  await raw.exec('BEGIN');
  const links = await linkUnlinkedRows((sql, params) => raw.all(sql, params ?? []), new Date().toISOString());
  await raw.exec('COMMIT');
  say(json, `  chained ${links} evidence rows in ${((performance.now() - tChain) / 1000).toFixed(1)} s`);
  await raw.exec('ANALYZE');
  await raw.run(`INSERT OR REPLACE INTO meta (key, value) VALUES ('bench_records', ?)`, [String(n)]);
  await raw.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  await raw.close();
  say(json, `built ${file}: ${n} cases, ${runId} test runs, ${historyId} status changes in ${((performance.now() - t0) / 1000).toFixed(1)} s (${(fs.statSync(file).size / 1e6).toFixed(0)} MB)`);
}

async function reusable(file: string, n: number): Promise<boolean> {
  if (!fs.existsSync(file)) return false;
  try {
    const raw = await RawSqlite.open(file);
    const row = await raw.get<{ value: string }>(`SELECT value FROM meta WHERE key = 'bench_records'`);
    await raw.close();
    return row?.value === String(n);
  } catch {
    return false;
  }
}

interface Figures {
  p50Ms: number;
  p95Ms: number;
  rawP50Ms: number;
  rawP95Ms: number;
  ratio: number;
}

function pct(xs: number[], p: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(p * s.length) - 1)] ?? NaN;
}

/**
 * Times the app path and the raw path on the same inputs, interleaved and alternating which goes
 * first, so neither one always meets the pages the other has just pulled into the cache.
 */
async function timePair(iterations: number, app: (i: number) => Promise<unknown>, raw: (i: number) => Promise<unknown>): Promise<[number[], number[]]> {
  for (let i = 0; i < 3; i++) {
    await app(iterations + i); // warm the statement paths
    await raw(iterations + i);
  }
  const a: number[] = [];
  const r: number[] = [];
  const once = async (fn: (i: number) => Promise<unknown>, i: number, out: number[]) => {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  };
  for (let i = 0; i < iterations; i++) {
    if (i % 2 === 0) {
      await once(app, i, a);
      await once(raw, i, r);
    } else {
      await once(raw, i, r);
      await once(app, i, a);
    }
  }
  return [a, r];
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const file = path.resolve(args.db ?? path.join(__dirname, '..', 'bench-data', `records-${args.records}.sqlite`));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (args.rebuild || !(await reusable(file, args.records))) await build(file, args.records, args.json);
  else say(args.json, `reusing ${file} (${(fs.statSync(file).size / 1e6).toFixed(0)} MB)`);

  const db = await openDatabase({ path: file });
  const s = createRecordServices(db);
  const raw = await RawSqlite.open(file);
  // The same connection settings as the app's, so the comparison is of the code path alone.
  for (const pragma of CONNECTION_PRAGMAS) await raw.run(pragma);
  const n = args.records;
  const sample: Array<{ id: number; rma: string; serial: string }> = (
    await raw.all<{ id: number; rma_number: string; module_serial: string }>('SELECT id, rma_number, module_serial FROM repair_case WHERE id % ? = 0 LIMIT 200', [Math.max(1, Math.floor(n / 200))])
  ).map((r) => ({ id: r.id, rma: r.rma_number, serial: r.module_serial }));
  // The same i gives the same case and term to the app path and the raw path.
  const at = (i: number) => sample[(i * 37) % sample.length]!;

  const listRaw = `SELECT ${CASE_SUMMARY_COLUMNS} FROM repair_case c INNER JOIN customer cu ON cu.id = c.customer_id LEFT JOIN technician t ON t.id = c.technician_id`;
  const serialTerm = (i: number) => at(i).serial.slice(0, 7);
  const rmaTerm = (i: number) => at(i).rma.slice(0, 13);

  // The dashboard's statements and assembly, run on the plain connection: the difference is the ORM's path.
  const rawExec: SqlExec = (sql, params) => raw.all(sql, params);
  const results: Record<string, Figures> = {};
  const record = (name: string, [app, rawMs]: [number[], number[]]) => {
    const f = { p50Ms: +pct(app, 0.5).toFixed(3), p95Ms: +pct(app, 0.95).toFixed(3), rawP50Ms: +pct(rawMs, 0.5).toFixed(3), rawP95Ms: +pct(rawMs, 0.95).toFixed(3), ratio: 0 };
    f.ratio = +(f.p50Ms / f.rawP50Ms).toFixed(2);
    results[name] = f;
    say(args.json, `${name.padEnd(7)} app p50 ${f.p50Ms.toFixed(2)} ms  p95 ${f.p95Ms.toFixed(2)} ms | raw p50 ${f.rawP50Ms.toFixed(2)} ms  p95 ${f.rawP95Ms.toFixed(2)} ms | app/raw ${f.ratio}`);
  };

  const ITER = 100;
  record(
    'list',
    await timePair(
      ITER,
      () => s.repairs.listCases({ limit: 50 }),
      () => raw.all(`${listRaw} ORDER BY c.notified_at DESC, c.id DESC LIMIT 51`),
    ),
  );
  // One sample is a serial-prefix search and an RMA-prefix search: timing them as separate samples
  // would make the median sit on the gap between a cheap and a dear cluster.
  // The service picks its plan by the prefix's breadth (queryCaseList): the raw path runs the same statements.
  const rawSearch = (p: string) => queryCaseList(rawExec, CaseListQuerySchema.parse({ limit: 50, filters: { search: p } }));
  record(
    'search',
    await timePair(
      ITER,
      async (i) => {
        await s.repairs.listCases({ limit: 50, filters: { search: serialTerm(i) } });
        await s.repairs.listCases({ limit: 50, filters: { search: rmaTerm(i) } });
      },
      async (i) => {
        await rawSearch(serialTerm(i));
        await rawSearch(rmaTerm(i));
      },
    ),
  );
  record(
    'case',
    await timePair(ITER, (i) => s.repairs.getCaseDetail(at(i).id), async (i) => {
      const id = at(i).id;
      const [c] = await raw.all<{ module_serial: string }>(
        'SELECT c.*, cu.name AS customer_name, t.name AS technician_name FROM repair_case c JOIN customer cu ON cu.id = c.customer_id LEFT JOIN technician t ON t.id = c.technician_id WHERE c.id = ?',
        [id],
      );
      await raw.all(`SELECT ${TEST_RUN_SUMMARY_COLUMNS} FROM test_run r WHERE r.repair_case_id = ? ORDER BY r.taken_at, r.id`, [id]);
      await raw.all('SELECT * FROM status_change WHERE repair_case_id = ? ORDER BY id', [id]);
      await raw.all('SELECT * FROM complaint WHERE repair_case_id = ? ORDER BY id', [id]);
      await raw.all('SELECT * FROM follow_up_call WHERE repair_case_id = ? ORDER BY id', [id]);
      await raw.all('SELECT * FROM delivery WHERE module_serial = ? ORDER BY delivered_on', [c?.module_serial]);
    }),
  );
  const STATS_ITER = 20;
  record(
    'stats',
    await timePair(
      STATS_ITER,
      async () => {
        await s.statistics.statistics();
        await s.statistics.scorecards();
      },
      async () => {
        await computeStatistics(rawExec, null, null, 20);
        await computeScorecards(rawExec, null, null);
      },
    ),
  );
  await raw.close();
  await db.close();

  const goals: string[] = [];
  for (const k of ['list', 'search', 'case'] as const) if ((results[k]?.p95Ms ?? Infinity) > 50) goals.push(`${k} p95 > 50 ms`);
  if ((results.stats?.p95Ms ?? Infinity) > 200) goals.push('stats p95 > 200 ms');
  for (const [k, f] of Object.entries(results)) if (f.ratio > 2) goals.push(`${k} app/raw ${f.ratio} > 2.0`);
  say(args.json, goals.length === 0 ? 'all goals met' : `goals missed: ${goals.join('; ')}`);
  process.stdout.write(JSON.stringify({ records: n, queries: results, goalsMet: goals.length === 0 }) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:db failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
