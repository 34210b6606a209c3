// npm run bench:db -- --records 200000 [--json] [--rebuild] [--engine sqlite|postgres] [--db FILE|postgres://...]
// Builds (or reuses, in bench-data/) a records database of N repair cases with their test runs,
// status history, deliveries, calls and complaints, then times the app's queries through the
// services (TypeORM) and the same SQL on a plain connection (sqlite3, or node-postgres for the lab
// server) to the same database, in the same run. Goals: list/search/case p95 <= 50 ms, stats p95
// <= 200 ms on SQLite and <= 300 ms on PostgreSQL (issue 14), app <= 2.0x raw at the median.
// "stats" is the dashboard and scorecards of all time; "statsPeriod" over periods that start and end
// inside months (a different one each time); "statsFiltered" the biggest customer's and the
// commonest part number's. A database of an older schema is upgraded when opened, and the
// upgrade's time printed (upgradeMs in the JSON line; null when nothing was upgraded).
// Generation bypasses the ORM on purpose: batched multi-row INSERTs in large transactions, chained
// into the evidence chain afterwards by the app's own evidence-chain code.
// PostgreSQL: --db postgres://OWNER@HOST:PORT/DATABASE (password from PGPASSWORD) uses that
// database (it must be empty or an earlier bench:db database: its schema is dropped and rebuilt);
// without --db a cluster of its own is kept in bench-data/pg (started for the run, stopped after),
// so a million cases are generated once.
import { linkUnlinkedRows, postgresExec, type Exec } from '../main/db/evidence-chain';
import pg from 'pg';
import { openRecords, parseDbTarget, type PostgresTarget } from '../main/db/index';
import { toPostgresSql } from '../main/db/sql-dialect';
import { PG_TYPES } from '../main/db/postgres';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CONNECTION_PRAGMAS, openDatabase, RawSqlite, SCHEMA_VERSION } from '../main/db/index';
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
  engine: 'sqlite' | 'postgres';
}

function parseArgs(argv: string[]): Args {
  const a: Args = { records: 200_000, json: false, rebuild: false, db: null, engine: 'sqlite' };
  let engine: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--records') a.records = Number(argv[++i]);
    else if (k === '--json') a.json = true;
    else if (k === '--rebuild') a.rebuild = true;
    else if (k === '--db') a.db = argv[++i] ?? null;
    else if (k === '--engine') engine = argv[++i] ?? null;
    else throw new Error(`unknown argument ${k}`);
  }
  if (!Number.isInteger(a.records) || a.records < 100) throw new Error('--records must be an integer >= 100');
  if (engine !== null && engine !== 'sqlite' && engine !== 'postgres') throw new Error('--engine is sqlite or postgres');
  a.engine = (engine as Args['engine'] | null) ?? (a.db !== null && /^postgres(ql)?:\/\//i.test(a.db) ? 'postgres' : 'sqlite');
  if (a.engine === 'sqlite' && a.db !== null && /^postgres(ql)?:\/\//i.test(a.db)) throw new Error('--engine sqlite takes a file for --db');
  return a;
}

/** A plain connection, without the ORM: the generator's and the raw path's. */
interface Store {
  engine: 'sqlite' | 'postgres';
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  run(sql: string, params?: unknown[]): Promise<void>;
  exec(sql: string): Promise<void>;
  /** The evidence chain's Exec on this connection. */
  chainExec(): Exec;
  close(): Promise<void>;
}

function sqliteStore(raw: RawSqlite): Store {
  return {
    engine: 'sqlite',
    all: (sql, params = []) => raw.all(sql, params),
    run: (sql, params = []) => raw.run(sql, params),
    exec: (sql) => raw.exec(sql),
    chainExec: () => (sql, params) => raw.all(sql, params ?? []),
    close: () => raw.close(),
  };
}

async function postgresStore(config: pg.ClientConfig): Promise<Store> {
  const c = new pg.Client({ ...config, types: PG_TYPES, application_name: 'bench:db' });
  await c.connect();
  // The same SQL as the app's, through the same translation (sql-dialect.ts): the comparison is of the code path.
  // One connection runs one statement at a time (pg deprecates queueing on a busy client): the
  // statistics' side-by-side statements wait their turn here, where the app's pool runs them at once.
  let turn: Promise<unknown> = Promise.resolve();
  const all = <T>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const run = turn.then(() => c.query(toPostgresSql(sql), params)).then((r) => r.rows as T[]);
    turn = run.catch(() => undefined);
    return run;
  };
  return {
    engine: 'postgres',
    all,
    run: async (sql, params = []) => {
      await c.query(toPostgresSql(sql), params);
    },
    exec: async (sql) => {
      await c.query(sql);
    },
    chainExec: () => postgresExec((sql, params) => c.query(sql, params).then((r) => r.rows)),
    close: () => c.end(),
  };
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

async function insertRows(raw: Store, table: string, cols: string[], rows: unknown[][]): Promise<void> {
  // 32766 bound parameters per statement at most (SQLite >= 3.32); 65535 in PostgreSQL.
  const per = Math.max(1, Math.floor((raw.engine === 'postgres' ? 60000 : 30000) / cols.length));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const one = `(${cols.map(() => '?').join(',')})`;
    await raw.run(`INSERT INTO ${table} (${cols.join(',')}) VALUES ${chunk.map(() => one).join(',')}`, chunk.flat());
  }
}

/** Where the records go: a file, or a PostgreSQL database (as its owner). */
type Place = { engine: 'sqlite'; file: string } | { engine: 'postgres'; target: PostgresTarget; /** bench:db's own database in bench-data/pg */ own: boolean };

const NOTIFY_TRIGGERS = ['repair_case', 'test_run', 'status_change', 'external_test', 'complaint', 'follow_up_call'];

async function build(place: Place, n: number, json: boolean): Promise<void> {
  const t0 = performance.now();
  let raw: Store;
  if (place.engine === 'sqlite') {
    const file = place.file;
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    await (await openDatabase({ path: file })).close(); // the schema comes from the app's own migrations
    const r = await RawSqlite.open(file, 'readwrite');
    await r.exec('PRAGMA synchronous = OFF; PRAGMA cache_size = -400000; PRAGMA temp_store = MEMORY;');
    raw = sqliteStore(r);
  } else {
    const admin = await postgresStore(place.target.config);
    const tables = await admin.all<{ n: number }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'`);
    const isBench = Number(tables[0]?.n ?? 0) === 0 || (await admin.all(`SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'meta'`).then((r) => r.length > 0) && (await admin.all(`SELECT 1 FROM meta WHERE key = 'bench_records'`)).length > 0);
    if (!isBench && !place.own) throw new Error(`${place.target.display} holds other tables and is not a bench:db database: give an empty one`);
    await admin.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    await admin.close();
    await (await openRecords(place.target)).close(); // the schema comes from the app's own migrations
    raw = await postgresStore(place.target.config);
    await raw.exec('SET synchronous_commit = off');
    // Each insert would NOTIFY the (absent) benches: off while generating, on again after.
    for (const t of NOTIFY_TRIGGERS) await raw.exec(`ALTER TABLE ${t} DISABLE TRIGGER ${t}_notify`);
  }
  const rnd = seededRandom(20260301);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const good = await loadImageFile(path.resolve(__dirname, '../resources/modules/good-10g-sr.hex'));
  const bad = await loadImageFile(path.resolve(__dirname, '../resources/modules/failed-laser.hex'));
  const goodJson = JSON.stringify(decodeModule(good.bytes));
  // node-postgres sends a Buffer as bytea (a Uint8Array would go as text).
  const goodBytes = Buffer.from(good.bytes);
  const badBytes = Buffer.from(bad.bytes);
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
        runs.push([evidence, serial, pass ? goodBytes : badBytes, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', pass ? goodJson : badJson, 'ieee-10gbase-sr', 1, pass ? evalPass : evalFail.get(failing) ?? evalPass, pass ? 'pass' : 'fail', pass ? 1 : 0, 'bus-pirate', 'bench-1', `t${techId}`, '0.1.0', at(1), at(1), 'before-repair', id, ...SYNTHETIC_PROVENANCE]);
      }
      if (status === 'closed') {
        runs.push([++runId, serial, goodBytes, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', goodJson, 'ieee-10gbase-sr', 1, evalPass, 'pass', 1, 'bus-pirate', 'bench-1', `t${techId}`, '0.1.0', at(route.length - 1), at(route.length - 1), 'after-repair', id, ...SYNTHETIC_PROVENANCE]);
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
    // Cases name their evidence run before the run is inserted: checked at COMMIT (PostgreSQL checks each row otherwise).
    if (raw.engine === 'postgres') await raw.exec('SET CONSTRAINTS repair_case_evidence_test_run_fk DEFERRED');
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
  if (raw.engine === 'postgres') {
    // Ids were given: the identity columns continue after them.
    for (const t of ['customer', 'technician', 'repair_case', 'test_run', 'status_change', 'delivery', 'follow_up_call', 'complaint']) {
      await raw.exec(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), greatest((SELECT max(id) FROM ${t}), 1))`);
    }
    for (const t of NOTIFY_TRIGGERS) await raw.exec(`ALTER TABLE ${t} ENABLE TRIGGER ${t}_notify`);
  }
  // The records this tool writes join the hash chain like the app's, so `audit verify` passes on them.
  const tChain = performance.now();
  await raw.exec('BEGIN');
  const links = await linkUnlinkedRows(raw.chainExec(), new Date().toISOString());
  await raw.exec('COMMIT');
  say(json, `  chained ${links} evidence rows in ${((performance.now() - tChain) / 1000).toFixed(1)} s`);
  if (raw.engine === 'postgres') {
    await raw.exec('VACUUM ANALYZE');
    await raw.run(`INSERT INTO meta (key, value) VALUES ('bench_records', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [String(n)]);
    const [size] = await raw.all<{ b: number }>('SELECT pg_database_size(current_database()) AS b');
    await raw.close();
    say(json, `built ${placeName(place)}: ${n} cases, ${runId} test runs, ${historyId} status changes in ${((performance.now() - t0) / 1000).toFixed(1)} s (${(Number(size?.b ?? 0) / 1e6).toFixed(0)} MB)`);
    return;
  }
  await raw.exec('ANALYZE');
  await raw.run(`INSERT OR REPLACE INTO meta (key, value) VALUES ('bench_records', ?)`, [String(n)]);
  await raw.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  await raw.close();
  const file = (place as { file: string }).file;
  say(json, `built ${file}: ${n} cases, ${runId} test runs, ${historyId} status changes in ${((performance.now() - t0) / 1000).toFixed(1)} s (${(fs.statSync(file).size / 1e6).toFixed(0)} MB)`);
}

/** The schema version of an existing database, before the app opens (and upgrades) it. */
async function schemaVersionOf(place: Place): Promise<number | null> {
  try {
    if (place.engine === 'postgres') {
      const c = await postgresStore(place.target.config);
      try {
        const [ver] = await c.all<{ value: string }>(`SELECT value FROM meta WHERE key = 'schema_version'`);
        return ver === undefined ? null : Number(ver.value);
      } finally {
        await c.close();
      }
    }
    const raw = await RawSqlite.open(place.file);
    try {
      return Number((await raw.get<{ user_version: number }>('PRAGMA user_version'))?.user_version ?? 0);
    } finally {
      await raw.close();
    }
  } catch {
    return null;
  }
}

const placeName = (p: Place): string => (p.engine === 'sqlite' ? p.file : p.target.display);

async function reusable(place: Place, n: number): Promise<boolean> {
  if (place.engine === 'postgres') {
    try {
      const c = await postgresStore(place.target.config);
      try {
        const [row] = await c.all<{ value: string }>(`SELECT value FROM meta WHERE key = 'bench_records'`);
        const [ver] = await c.all<{ value: string }>(`SELECT value FROM meta WHERE key = 'schema_version'`);
        // An older schema is upgraded by the app's own migrations when opened (and the upgrade timed): a lab's upgrade at this size.
        return row?.value === String(n) && Number(ver?.value) <= SCHEMA_VERSION;
      } finally {
        await c.close();
      }
    } catch {
      return false;
    }
  }
  const file = place.file;
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

/**
 * bench:db's own PostgreSQL cluster in bench-data/pg (kept between runs, so a million cases are
 * generated once), started for the run and stopped after. Same settings as the tests' cluster
 * otherwise (tests/support/postgres.ts), except that it keeps its data.
 */
async function ownCluster(json: boolean): Promise<{ target: PostgresTarget; stop: () => void }> {
  const support = await import('../tests/support/postgres');
  const bin = support.findPgBin();
  if (bin === null) throw new Error(support.postgresUnavailableReason() ?? 'PostgreSQL is not installed');
  const root = path.resolve(__dirname, '..', 'bench-data', 'pg');
  const data = path.join(root, 'data');
  const asServer = (cmd: string, a: string[]): [string, string[]] => (process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...a]] : [cmd, a]);
  const run = (cmd: string, a: string[]) => {
    const [c, argv] = asServer(cmd, a);
    const r = spawnSync(c, argv, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${path.basename(cmd)} failed: ${r.stderr || r.stdout}`);
  };
  fs.mkdirSync(root, { recursive: true });
  if (!fs.existsSync(path.join(data, 'PG_VERSION'))) {
    fs.writeFileSync(path.join(root, 'pw'), `${support.SUPERUSER_PASSWORD}\n`);
    if (process.getuid?.() === 0) spawnSync('chown', ['-R', 'postgres', root]);
    run(path.join(bin, 'initdb'), ['-D', data, '-U', support.SUPERUSER, '--pwfile', path.join(root, 'pw'), '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-instructions']);
    say(json, `made bench-data/pg (a PostgreSQL cluster for bench:db)`);
  }
  if (process.getuid?.() === 0) spawnSync('chown', ['-R', 'postgres', root]);
  const port = 54000 + (process.pid % 1000);
  // A lab server's settings for a machine of this size; fsync stays on (the figures are of a real server).
  const opts = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c effective_cache_size=4GB -c work_mem=32MB -c maintenance_work_mem=512MB -c max_wal_size=8GB -c checkpoint_timeout=30min -c random_page_cost=1.1`;
  run(path.join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', path.join(root, 'server.log'), '-w', '-t', '120', 'start']);
  const admin = new pg.Client({ host: '127.0.0.1', port, user: support.SUPERUSER, password: support.SUPERUSER_PASSWORD, database: 'postgres' });
  await admin.connect();
  if ((await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'ob_bench_db'`)).rowCount === 0) await admin.query(`CREATE DATABASE ob_bench_db TEMPLATE template0 ENCODING 'UTF8'`);
  await admin.end();
  return {
    target: support.targetFor({ dir: root, host: '127.0.0.1', port, binDir: bin }, 'ob_bench_db', support.SUPERUSER, support.SUPERUSER_PASSWORD),
    stop: () => run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']),
  };
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
  let place: Place;
  let stopCluster: (() => void) | null = null;
  if (args.engine === 'postgres') {
    if (args.db !== null) place = { engine: 'postgres', target: parseDbTarget(args.db) as PostgresTarget, own: false };
    else {
      const own = await ownCluster(args.json);
      stopCluster = own.stop;
      place = { engine: 'postgres', target: own.target, own: true };
    }
  } else {
    const file = path.resolve(args.db ?? path.join(__dirname, '..', 'bench-data', `records-${args.records}.sqlite`));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    place = { engine: 'sqlite', file };
  }
  try {
    await measure(args, place);
  } finally {
    stopCluster?.();
  }
}

async function measure(args: Args, place: Place): Promise<void> {
  if (args.rebuild || !(await reusable(place, args.records))) await build(place, args.records, args.json);
  else say(args.json, `reusing ${placeName(place)}${place.engine === 'sqlite' ? ` (${(fs.statSync(place.file).size / 1e6).toFixed(0)} MB)` : ''}`);

  const before = await schemaVersionOf(place);
  const tOpen = performance.now();
  const db = place.engine === 'sqlite' ? await openDatabase({ path: place.file }) : await openRecords(place.target);
  const upgradeMs = before !== null && before < SCHEMA_VERSION ? Math.round(performance.now() - tOpen) : null;
  if (upgradeMs !== null) say(args.json, `upgraded schema ${before} to ${SCHEMA_VERSION} (the app's migrations, with the statistics' backfill) in ${(upgradeMs / 1000).toFixed(1)} s`);
  const s = createRecordServices(db);
  let raw: Store;
  if (place.engine === 'sqlite') {
    const r = await RawSqlite.open(place.file);
    // The same connection settings as the app's, so the comparison is of the code path alone.
    for (const pragma of CONNECTION_PRAGMAS) await r.run(pragma);
    raw = sqliteStore(r);
  } else {
    raw = await postgresStore(place.target.config);
  }
  const n = args.records;
  const sample: Array<{ id: number; rma: string; serial: string }> = (
    await raw.all<{ id: number; rma_number: string; module_serial: string }>('SELECT id, rma_number, module_serial FROM repair_case WHERE id % ? = 0 ORDER BY id LIMIT 200', [Math.max(1, Math.floor(n / 200))])
  ).map((r) => ({ id: Number(r.id), rma: r.rma_number, serial: r.module_serial }));
  // The same i gives the same case and term to the app path and the raw path.
  const at = (i: number) => sample[(i * 37) % sample.length]!;

  const listRaw = `SELECT ${CASE_SUMMARY_COLUMNS} FROM repair_case c INNER JOIN customer cu ON cu.id = c.customer_id LEFT JOIN technician t ON t.id = c.technician_id`;
  const serialTerm = (i: number) => at(i).serial.slice(0, 7);
  const rmaTerm = (i: number) => at(i).rma.slice(0, 13);

  // The dashboard's statements and assembly, run on the plain connection: the difference is the ORM's path.
  const rawExec: SqlExec = (sql, params) => raw.all(sql, params);
  say(args.json, `engine ${place.engine}: ${placeName(place)}`);
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
  // The dashboard over a period that starts and ends inside months (its partial months come from the
  // case table, the whole ones from the aggregates), a different one each time.
  const DAY = 86_400_000;
  const periodOf = (i: number) => {
    const from = Date.parse('2021-02-01T00:00:00Z') + ((i * 97) % 1400) * DAY + ((i * 7) % 24) * 3_600_000 + 12_345;
    return { from: new Date(from).toISOString(), to: new Date(from + (180 + ((i * 53) % 600)) * DAY + 4_321_000).toISOString() };
  };
  record(
    'statsPeriod',
    await timePair(
      STATS_ITER,
      async (i) => {
        await s.statistics.statistics(periodOf(i));
        await s.statistics.scorecards(periodOf(i));
      },
      async (i) => {
        await computeStatistics(rawExec, periodOf(i).from, periodOf(i).to, 20);
        await computeScorecards(rawExec, periodOf(i).from, periodOf(i).to);
      },
    ),
  );
  // The biggest customer's and the commonest part number's figures (their own indexes), all time.
  const [big] = await raw.all<{ customer_id: number }>('SELECT customer_id FROM repair_case WHERE id % 50 = 0 GROUP BY customer_id ORDER BY count(*) DESC LIMIT 1');
  const [pn] = await raw.all<{ part_number: string }>('SELECT part_number FROM repair_case WHERE id % 50 = 0 AND part_number IS NOT NULL GROUP BY part_number ORDER BY count(*) DESC LIMIT 1');
  const filterOf = (i: number) => (i % 2 === 0 ? { customerId: Number(big?.customer_id ?? 1) } : { partNumber: String(pn?.part_number ?? '') });
  record(
    'statsFiltered',
    await timePair(
      STATS_ITER,
      async (i) => {
        await s.statistics.statistics(filterOf(i));
        await s.statistics.scorecards(filterOf(i));
      },
      async (i) => {
        await computeStatistics(rawExec, null, null, 20, filterOf(i));
        await computeScorecards(rawExec, null, null, filterOf(i));
      },
    ),
  );
  await raw.close();
  await db.close();

  const goals: string[] = [];
  for (const k of ['list', 'search', 'case'] as const) if ((results[k]?.p95Ms ?? Infinity) > 50) goals.push(`${k} p95 > 50 ms`);
  const statsGoal = place.engine === 'postgres' ? 300 : 200;
  for (const k of ['stats', 'statsPeriod', 'statsFiltered'] as const) if ((results[k]?.p95Ms ?? Infinity) > statsGoal) goals.push(`${k} p95 > ${statsGoal} ms`);
  for (const [k, f] of Object.entries(results)) if (f.ratio > 2) goals.push(`${k} app/raw ${f.ratio} > 2.0`);
  say(args.json, goals.length === 0 ? 'all goals met' : `goals missed: ${goals.join('; ')}`);
  process.stdout.write(JSON.stringify({ records: n, engine: place.engine, queries: results, upgradeMs, goalsMet: goals.length === 0 }) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:db failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
