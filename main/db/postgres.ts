// Opening the lab's PostgreSQL server (issue 14) as the same `Db` the services use on a bench's
// SQLite file. One pool for reads and writes (PostgreSQL's MVCC gives readers committed data);
// every write transaction first takes the chain's advisory lock, so benches append evidence one
// at a time and a case is read, checked and changed by one bench at a time. Statements pass
// through TranslatingClient (sql-dialect.ts), so the services' SQL stays one code path.
import pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { BenchError } from '../errors';
import { entitiesFor } from './entities';
import { CHAIN_LOCK_KEY } from './evidence-chain';
import { KNOWN_MIGRATION_NAMES, migrationsFor } from './migrations/index';
import { classifyDatabaseError } from './lab-errors';
import { applyLabGrants } from './migrations/postgres/grants';
import { SCHEMA_VERSION } from './schema-constants';
import { toPostgresSql } from './sql-dialect';
import type { PostgresTarget } from './target';
import type { Clock, Db, DbLogger } from './open';

/** A pg Client that speaks the services' SQL (the pool makes these: pg-pool's `Client` option). */
export class TranslatingClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg's query has a dozen overloads; only the text is touched
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string') return super.query(toPostgresSql(config), values, callback);
    if (config !== null && typeof config === 'object' && typeof config.text === 'string') config.text = toPostgresSql(config.text);
    return super.query(config, values, callback);
  }
}

/**
 * count(*) and sums are bigint (int8) and avg() numeric in PostgreSQL; node-postgres gives both
 * as strings. Counts of cases and runs are far below 2^53, so they are read as numbers, as SQLite
 * gives them.
 */
export const PG_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (v: string) => Number(v);
    if (oid === 1700) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
};

/** Session limits: a bench cut off mid-transaction must not hold the chain lock for long. */
export const SESSION_SETTINGS = {
  /** The server ends a transaction left open by a bench that went away. */
  idle_in_transaction_session_timeout: 15_000,
  /** A write waits this long for the chain lock, then fails with a clear error instead of hanging. */
  lock_timeout: 20_000,
  statement_timeout: 120_000,
  /**
   * The bench's own limit on an answer: a network that drops packets silently (a dead switch, not a
   * refused connection) would otherwise hold a recording for TCP's retransmission minutes; after
   * this the run goes to the outbox. No statement of the app comes near it (bench:db).
   */
  query_timeout: 30_000,
};

export interface OpenPostgresOptions {
  target: PostgresTarget;
  clock?: Clock;
  logger?: DbLogger;
  /** Bring the schema up to this build's (the default) or refuse an older one (a bench role that may not change the schema). */
  migrate?: boolean;
  /** application_name, shown in pg_stat_activity (docs/lab.md: which bench holds what). */
  applicationName?: string;
  connectTimeoutMs?: number;
  poolSize?: number;
}

export function pgConnectionOptions(target: PostgresTarget, opts: { applicationName?: string; connectTimeoutMs?: number } = {}): pg.ClientConfig {
  return {
    ...target.config,
    application_name: opts.applicationName ?? 'optic-bench',
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 5000,
    types: PG_TYPES,
    ...SESSION_SETTINGS,
  };
}

const MIGRATION_LOCK_KEY = 0x4f42_4d47;
const silent: DbLogger = { info: () => undefined, warn: () => undefined };

export async function openPostgres(opts: OpenPostgresOptions): Promise<Db> {
  const { target } = opts;
  const clock = opts.clock ?? (() => new Date());
  const logger = opts.logger ?? silent;
  const ds = new DataSource({
    type: 'postgres',
    entities: entitiesFor('postgres'),
    migrations: migrationsFor('postgres'),
    migrationsRun: false,
    synchronize: false,
    logging: false,
    poolSize: opts.poolSize ?? 6,
    extra: { ...pgConnectionOptions(target, opts), Client: TranslatingClient, max: opts.poolSize ?? 6 },
  });
  try {
    await ds.initialize();
  } catch (e) {
    throw classifyDatabaseError(e, target.display) ?? new BenchError('DB_OPEN_FAILED', `cannot open ${target.display}: ${(e as Error).message}`, { server: target.display });
  }
  try {
    await bringUpToDate(ds, target, logger, opts.migrate ?? true);
  } catch (e) {
    await ds.destroy();
    throw classifyDatabaseError(e, target.display) ?? e;
  }

  let queue: Promise<unknown> = Promise.resolve();
  const db: Db = {
    engine: 'postgres',
    dataSource: ds,
    writer: ds,
    path: target.display,
    clock,
    logger,
    now: () => clock().toISOString(),
    write<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
      const run = queue.then(() =>
        ds.transaction(async (em) => {
          await em.query(`SELECT pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`);
          return fn(em);
        }),
      );
      queue = run.catch(() => undefined);
      return run;
    },
    serialized<T>(fn: () => Promise<T>): Promise<T> {
      const run = queue.then(fn);
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      await queue.catch(() => undefined);
      if (ds.isInitialized) await ds.destroy();
    },
  };
  return db;
}

async function tableNames(ds: DataSource): Promise<string[]> {
  const rows: Array<{ name: string }> = await ds.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`);
  return rows.map((r) => r.name);
}

/**
 * Refuses a database that is not Optic Bench's or is newer than this build, then runs the
 * pending migrations under a session advisory lock (benches starting together wait for the one
 * that migrates). Without the right to change the schema (a bench's role), pending migrations are
 * LAB_UPGRADE_NEEDED, naming the command the administrator runs.
 */
async function bringUpToDate(ds: DataSource, target: PostgresTarget, logger: DbLogger, migrate: boolean): Promise<void> {
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    await runner.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`);
    try {
      const tables = await tableNames(ds);
      const ours = tables.includes('meta');
      if (!ours && tables.filter((t) => t !== 'migrations').length > 0) {
        throw new BenchError('DB_NOT_OPTIC_BENCH', `${target.display} holds other tables and no Optic Bench records; it was left untouched`, { server: target.display });
      }
      if (ours) {
        const [app] = await ds.query(`SELECT value FROM meta WHERE key = 'application'`);
        if ((app as { value?: string } | undefined)?.value !== 'optic-bench') throw new BenchError('DB_NOT_OPTIC_BENCH', `${target.display}: its meta table does not name Optic Bench; left untouched`, { server: target.display });
        const done = tables.includes('migrations') ? ((await ds.query('SELECT name FROM migrations ORDER BY id')) as Array<{ name: string }>).map((m) => m.name) : [];
        const unknown = done.filter((m) => !KNOWN_MIGRATION_NAMES.includes(m));
        const [ver] = await ds.query(`SELECT value FROM meta WHERE key = 'schema_version'`);
        const version = Number((ver as { value?: string } | undefined)?.value ?? 0);
        if (version > SCHEMA_VERSION || unknown.length > 0) {
          throw new BenchError('DB_TOO_NEW', `${target.display} was brought to schema ${version} by a newer Optic Bench (this app knows up to ${SCHEMA_VERSION}); update this bench's app.`, {
            server: target.display,
            fileSchemaVersion: version,
            appSchemaVersion: SCHEMA_VERSION,
            unknownMigrations: unknown,
          });
        }
      }
      const pending = await ds.showMigrations();
      if (!pending) return;
      if (!migrate) throw upgradeNeeded(target);
      try {
        const executed = await ds.runMigrations({ transaction: 'all' });
        for (const m of executed) logger.info(`migrated ${target.display}: ${m.name}`);
      } catch (e) {
        if ((e as { driverError?: { code?: string }; code?: string }).driverError?.code === '42501' || (e as { code?: string }).code === '42501') throw upgradeNeeded(target);
        throw e;
      }
      await applyLabGrants((sql, params) => ds.query(sql, params), logger);
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}

function upgradeNeeded(target: PostgresTarget): BenchError {
  return new BenchError(
    'LAB_UPGRADE_NEEDED',
    `${target.display} has an older schema than this app (version ${SCHEMA_VERSION}); the lab administrator runs "optic-bench db upgrade --db postgres://OWNER@HOST/DATABASE" (docs/lab.md), then this bench connects again.`,
    { server: target.display, appSchemaVersion: SCHEMA_VERSION },
  );
}
