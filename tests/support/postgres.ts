// A throwaway PostgreSQL cluster for the tests (issue 14): initdb in a temp folder, owned by the
// unprivileged `postgres` user when the tests run as root (the server refuses to run as root),
// listening on 127.0.0.1 at a free port, with password (scram) authentication as a lab's would
// have. Started once per test run, lazily, by the first test file that asks (a run of only the
// unit tests starts nothing); vitest's global teardown (tests/support/postgres-global.ts) stops it.
//
// Where PostgreSQL is not installed: locally the tests that need it skip and say why; in CI
// (CI=true) they fail with the reason, so a broken install can never pass as green.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { PostgresTarget } from '../../main/db/target';

export const SUPERUSER = 'postgres';
export const SUPERUSER_PASSWORD = 'ob-test-superuser';

export interface Cluster {
  dir: string;
  host: string;
  port: number;
  binDir: string;
}

/** The folder the run's cluster lives in (set by the global setup; a fixed one otherwise). */
function clusterRoot(): string {
  return process.env.OPTIC_BENCH_PG_ROOT ?? path.join(os.tmpdir(), `ob-pg-${process.ppid}`);
}

export function findPgBin(): string | null {
  const candidates: string[] = [];
  const onPath = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).stdout.trim();
  if (onPath !== '') candidates.push(path.dirname(fs.realpathSync(onPath)));
  try {
    for (const v of fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))) candidates.push(`/usr/lib/postgresql/${v}/bin`);
  } catch {
    // not a Debian layout
  }
  return candidates.find((d) => fs.existsSync(path.join(d, 'initdb')) && fs.existsSync(path.join(d, 'pg_ctl'))) ?? null;
}

/** Why PostgreSQL tests cannot run here, or null when they can. */
export function postgresUnavailableReason(): string | null {
  if (process.env.OPTIC_BENCH_PG_SKIP === '1') return 'OPTIC_BENCH_PG_SKIP=1';
  if (findPgBin() === null) return 'PostgreSQL is not installed (no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin; apt-get install postgresql)';
  if (process.getuid?.() === 0 && spawnSync('id', ['-u', 'postgres']).status !== 0) return 'running as root and there is no unprivileged postgres user to run the server';
  return null;
}

/** For describe.skipIf: skip only outside CI; in CI a missing server is a failure (see requirePostgres). */
export const skipPostgres = (): boolean => postgresUnavailableReason() !== null && process.env.CI !== 'true';

const asServerUser = (cmd: string, args: string[]): [string, string[]] => (process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);

function run(cmd: string, args: string[], what: string): void {
  const [c, a] = asServerUser(cmd, args);
  const r = spawnSync(c, a, { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${(r.stderr || r.stdout || String(r.error ?? '')).slice(-2000)}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(file: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!fs.existsSync(file)) {
    if (Date.now() > until) throw new Error(`the test PostgreSQL cluster did not become ready in ${ms / 1000} s (${file})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts the run's cluster, or joins the one another test file started. */
export async function ensureCluster(): Promise<Cluster> {
  const reason = postgresUnavailableReason();
  if (reason !== null) throw new Error(`PostgreSQL tests cannot run: ${reason}`);
  const root = clusterRoot();
  const ready = path.join(root, 'ready.json');
  if (fs.existsSync(ready)) return JSON.parse(fs.readFileSync(ready, 'utf8')) as Cluster;
  fs.mkdirSync(path.dirname(root), { recursive: true });
  try {
    fs.mkdirSync(root, { mode: 0o755 });
  } catch {
    // Another test file is starting it.
    await waitFor(ready, 120_000);
    return JSON.parse(fs.readFileSync(ready, 'utf8')) as Cluster;
  }
  const binDir = findPgBin() as string;
  const data = path.join(root, 'data');
  const pwfile = path.join(root, 'pw');
  fs.writeFileSync(pwfile, `${SUPERUSER_PASSWORD}\n`, { mode: 0o644 });
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres', root]);
  run(path.join(binDir, 'initdb'), ['-D', data, '-U', SUPERUSER, '--pwfile', pwfile, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-instructions'], 'initdb');
  const port = await freePort();
  // Durability off: a throwaway cluster; the app's own durability is PostgreSQL's default on a lab server.
  const opts = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  run(path.join(binDir, 'pg_ctl'), ['-D', data, '-o', opts, '-l', path.join(root, 'server.log'), '-w', '-t', '60', 'start'], 'pg_ctl start');
  const cluster: Cluster = { dir: root, host: '127.0.0.1', port, binDir };
  fs.writeFileSync(`${ready}.tmp`, JSON.stringify(cluster));
  fs.renameSync(`${ready}.tmp`, ready);
  return cluster;
}

/** Stops the run's cluster (global teardown); nothing when none was started. */
export function stopCluster(root = clusterRoot()): void {
  const ready = path.join(root, 'ready.json');
  if (fs.existsSync(ready)) {
    const c = JSON.parse(fs.readFileSync(ready, 'utf8')) as Cluster;
    try {
      run(path.join(c.binDir, 'pg_ctl'), ['-D', path.join(root, 'data'), '-m', 'immediate', '-w', 'stop'], 'pg_ctl stop');
    } catch {
      // already stopped
    }
  }
  fs.rmSync(root, { recursive: true, force: true });
}

/** A superuser connection to the cluster's `postgres` database (or another). */
export async function adminClient(cluster: Cluster, database = 'postgres'): Promise<pg.Client> {
  const c = new pg.Client({ host: cluster.host, port: cluster.port, user: SUPERUSER, password: SUPERUSER_PASSWORD, database });
  await c.connect();
  return c;
}

export interface TestDatabase {
  name: string;
  /** The superuser's target: owns the schema, runs the migrations. */
  owner: PostgresTarget;
  /** A bench's login: member of optic_bench_app, no rights of its own (docs/lab.md). */
  bench: PostgresTarget;
  benchUser: string;
  benchPassword: string;
  url(who?: 'owner' | 'bench'): string;
  drop(): Promise<void>;
}

export function targetFor(cluster: Cluster, database: string, user: string, password: string): PostgresTarget {
  return { engine: 'postgres', config: { host: cluster.host, port: cluster.port, database, user, password }, display: `${user}@${cluster.host}:${cluster.port}/${database}` };
}

/**
 * A fresh database on the run's cluster, with a bench login in the optic_bench_app role (made
 * here the way docs/lab.md has the administrator make it).
 */
export async function createTestDatabase(prefix = 'ob', opts: { template?: string } = {}): Promise<TestDatabase> {
  const cluster = await ensureCluster();
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const benchUser = `bench_${randomBytes(4).toString('hex')}`;
  const benchPassword = randomBytes(9).toString('base64url');
  const admin = await adminClient(cluster);
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${opts.template ?? 'template0'} ENCODING 'UTF8'`);
    // Roles are the cluster's: the group role may exist already (another test file made it).
    await admin.query(`DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'optic_bench_app') THEN CREATE ROLE optic_bench_app NOLOGIN; END IF; END $$`).catch(() => undefined);
    await admin.query(`CREATE ROLE ${benchUser} LOGIN PASSWORD '${benchPassword}' IN ROLE optic_bench_app`);
    await admin.query(`REVOKE ALL ON DATABASE ${name} FROM PUBLIC`);
    await admin.query(`GRANT CONNECT ON DATABASE ${name} TO optic_bench_app`);
  } finally {
    await admin.end();
  }
  const owner = targetFor(cluster, name, SUPERUSER, SUPERUSER_PASSWORD);
  const bench = targetFor(cluster, name, benchUser, benchPassword);
  return {
    name,
    owner,
    bench,
    benchUser,
    benchPassword,
    url: (who = 'owner') => (who === 'owner' ? `postgres://${SUPERUSER}@${cluster.host}:${cluster.port}/${name}` : `postgres://${benchUser}@${cluster.host}:${cluster.port}/${name}`),
    async drop() {
      const a = await adminClient(cluster);
      try {
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.query(`DROP ROLE IF EXISTS ${benchUser}`);
      } finally {
        await a.end();
      }
    },
  };
}

const TEMPLATE = 'ob_migrated_template';

/**
 * A database already brought to this build's schema: migrated once per run into a template
 * database (by the schema owner, with the grants of docs/lab.md), then copied, which takes a
 * fraction of a second instead of running every migration for every test.
 */
export async function createMigratedDatabase(prefix = 'ob'): Promise<TestDatabase> {
  const cluster = await ensureCluster();
  const admin = await adminClient(cluster);
  try {
    // One test file builds the template; the others wait on the lock, then find it made.
    await admin.query('SELECT pg_advisory_lock(4242)');
    const have = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [TEMPLATE]);
    if (have.rowCount === 0) {
      await admin.query(`DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'optic_bench_app') THEN CREATE ROLE optic_bench_app NOLOGIN; END IF; END $$`);
      await admin.query(`CREATE DATABASE ${TEMPLATE}_build TEMPLATE template0 ENCODING 'UTF8'`);
      const { openRecords } = await import('../../main/db/open');
      const db = await openRecords(targetFor(cluster, `${TEMPLATE}_build`, SUPERUSER, SUPERUSER_PASSWORD));
      await db.close();
      await admin.query(`ALTER DATABASE ${TEMPLATE}_build RENAME TO ${TEMPLATE}`);
    }
  } finally {
    await admin.query('SELECT pg_advisory_unlock(4242)').catch(() => undefined);
    await admin.end();
  }
  return createTestDatabase(prefix, { template: TEMPLATE });
}
