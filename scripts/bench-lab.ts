// npm run bench:lab -- [--benches 8] [--seconds 60] [--rate 5] [--db postgres://OWNER@HOST:PORT/DB] [--json]
// A lab on one PostgreSQL server (issue 14): N bench processes (scripts/lab-bench-worker.ts, the
// app's lab link) each record test runs at a technician's fastest pace (5 a second) while a
// supervisor's process refreshes the statistics and the case list every second. Figures:
//   acknowledged      runs the benches were told are recorded (stored, or queued in an outbox)
//   committed         of those, runs on the server at the end (by their run ids)
//   duplicates        run ids stored more than once (must be 0)
//   recordP95Ms       time for a bench to have a run acknowledged, 95th percentile
//   propagationP95Ms  time from a run's acknowledgement on its bench to the NOTIFY reaching
//                     another bench (every other bench counted), 95th percentile
// Same-run reference: a single bench alone for 5 s (recordP95Ms of one bench, no contention).
// Without --db a throwaway cluster is started (as the tests do) and removed at the end; with
// --db the URL's user must be able to create a database and a role (e.g. the postgres superuser)
// and the password comes from PGPASSWORD. Human lines go to stderr with --json; stdout ends with
// one JSON line.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openRecords, parseDbTarget, type PostgresTarget } from '../main/db/index';
import { p95, startBench, type BenchProcess } from './lab-benches';

interface Args {
  benches: number;
  seconds: number;
  rate: number;
  db: string | null;
  json: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { benches: 8, seconds: 60, rate: 5, db: null, json: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--benches') a.benches = Number(argv[++i]);
    else if (k === '--seconds') a.seconds = Number(argv[++i]);
    else if (k === '--rate') a.rate = Number(argv[++i]);
    else if (k === '--db') a.db = argv[++i] ?? null;
    else if (k === '--json') a.json = true;
    else throw new Error(`unknown argument ${k}`);
  }
  if (!Number.isInteger(a.benches) || a.benches < 2) throw new Error('--benches must be 2 or more');
  if (!(a.seconds > 0)) throw new Error('--seconds must be positive');
  return a;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const say = (line: string) => (args.json ? process.stderr : process.stdout).write(line + '\n');

  // The server: the one given, or a throwaway cluster like the tests'.
  let admin: PostgresTarget;
  let stopCluster: (() => void) | null = null;
  if (args.db !== null) {
    admin = parseDbTarget(args.db) as PostgresTarget;
    if (admin.engine !== 'postgres') throw new Error('--db must be a postgres:// URL');
  } else {
    const support = await import('../tests/support/postgres');
    process.env.OPTIC_BENCH_PG_ROOT ??= path.join(os.tmpdir(), `ob-pg-bench-lab-${process.pid}`);
    const cluster = await support.ensureCluster();
    stopCluster = () => support.stopCluster();
    admin = support.targetFor(cluster, 'postgres', support.SUPERUSER, support.SUPERUSER_PASSWORD);
    say(`throwaway PostgreSQL cluster on ${cluster.host}:${cluster.port}`);
  }
  const name = `ob_bench_lab_${randomBytes(4).toString('hex')}`;
  const user = `bench_lab_${randomBytes(3).toString('hex')}`;
  const password = randomBytes(12).toString('base64url');
  const root = new pg.Client({ ...admin.config, database: admin.config.database ?? 'postgres' });
  await root.connect();
  await root.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
  await root.query(`DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'optic_bench_app') THEN CREATE ROLE optic_bench_app NOLOGIN; END IF; END $$`);
  await root.query(`CREATE ROLE ${user} LOGIN PASSWORD '${password}' IN ROLE optic_bench_app`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ob-bench-lab-'));
  const benches: BenchProcess[] = [];
  try {
    const ownerTarget: PostgresTarget = { ...admin, config: { ...admin.config, database: name }, display: `${String(admin.config.user)}@${String(admin.config.host)}/${name}` };
    const owner = await openRecords(ownerTarget);
    await owner.close();
    const url = `postgres://${user}@${String(admin.config.host ?? '127.0.0.1')}:${String(admin.config.port ?? 5432)}/${name}`;

    // Reference: one bench alone.
    const solo = startBench({ station: 'solo', url, password, dir, args: ['--seconds', '5', '--rate', String(args.rate)] });
    await solo.ready;
    solo.go();
    await solo.exited;
    const soloMs = solo.events.filter((e) => e.ev === 'ack').map((e) => Number(e.ms));
    say(`reference: 1 bench alone, ${soloMs.length} runs, record p95 ${p95(soloMs)?.toFixed(1)} ms`);

    for (let i = 1; i <= args.benches; i++) benches.push(startBench({ station: `bench-${i}`, url, password, dir, args: ['--seconds', String(args.seconds), '--rate', String(args.rate)] }));
    const supervisor = startBench({ station: 'supervisor', url, password, dir, args: ['--seconds', String(args.seconds), '--supervisor'] });
    await Promise.all([...benches, supervisor].map((b) => b.ready));
    say(`${args.benches} benches and a supervisor connected; recording for ${args.seconds} s at ${args.rate} runs/s each`);
    for (const b of [...benches, supervisor]) b.go();
    const codes = await Promise.all([...benches, supervisor].map((b) => b.exited));
    const failed = codes.filter((c) => c !== 0).length;
    if (failed > 0) say(`${failed} process(es) failed: ${benches.map((b) => b.stderr().slice(-300)).join(' | ')}`);

    const acks: Array<Record<string, unknown> & { station: string }> = benches.flatMap((b) => b.events.filter((e) => e.ev === 'ack').map((e) => ({ ...e, station: b.station })));
    const acknowledged = acks.length;
    const check = new pg.Client({ ...admin.config, database: name });
    await check.connect();
    const stored = (await check.query(`SELECT run_uid, count(*)::int AS n FROM test_run WHERE run_uid IS NOT NULL GROUP BY run_uid`)).rows as Array<{ run_uid: string; n: number }>;
    await check.end();
    const byUid = new Map(stored.map((r) => [r.run_uid, r.n]));
    const committed = acks.filter((a) => byUid.has(String(a.uid))).length;
    const duplicates = stored.filter((r) => r.n > 1).length;
    const recordMs = acks.map((a) => Number(a.ms));
    // Propagation: each stored run's acknowledgement on its bench to its NOTIFY at every other bench.
    const ackAt = new Map(acks.filter((a) => a.id !== null).map((a) => [Number(a.id), { at: Number(a.at), station: a.station }]));
    const propagation: number[] = [];
    for (const b of benches) {
      for (const e of b.events) {
        if (e.ev !== 'notify' || e.table !== 'test_run') continue;
        const origin = ackAt.get(Number(e.id));
        if (origin === undefined || origin.station === b.station) continue;
        propagation.push(Math.max(0, Number(e.at) - origin.at));
      }
    }
    const dashboards = supervisor.events.filter((e) => e.ev === 'dashboard').map((e) => Number(e.ms));
    const result = {
      benches: args.benches,
      seconds: args.seconds,
      acknowledged,
      committed,
      duplicates,
      recordP95Ms: round(p95(recordMs)),
      propagationP95Ms: round(p95(propagation)),
    };
    say(`acknowledged ${acknowledged}, committed ${committed}, duplicates ${duplicates}`);
    say(`record p95 ${result.recordP95Ms} ms (reference, one bench alone: ${round(p95(soloMs))} ms); propagation p95 ${result.propagationP95Ms} ms over ${propagation.length} deliveries`);
    say(`supervisor: ${dashboards.length} dashboard refreshes (statistics + case list), p95 ${round(p95(dashboards))} ms`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    for (const b of benches) b.child.kill('SIGKILL');
    await root.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    await root.query(`DROP ROLE IF EXISTS ${user}`).catch(() => undefined);
    await root.end();
    fs.rmSync(dir, { recursive: true, force: true });
    stopCluster?.();
  }
}

const round = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);

main().catch((e: unknown) => {
  process.stderr.write(`bench:lab failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
