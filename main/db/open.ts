// Opening the records database: look first (read-only), refuse what is not ours or too new,
// then open with WAL, foreign keys and a busy timeout, and migrate forward in one transaction.
import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { DataSource, type EntityManager } from 'typeorm';
import { BenchError } from '../errors';
import { ENTITIES } from './entities';
import type { DbTarget, Engine } from './target';
import { MIGRATIONS } from './migrations/index';
import { inspectDatabaseFile } from './sqlite-file';
import { APPLICATION_ID, SCHEMA_VERSION } from './schema-constants';
import { createPrivateFile, ensurePrivateDir, makePrivate } from './private-files';

export interface DbLogger {
  info(message: string): void;
  warn(message: string): void;
}

export type Clock = () => Date;

export interface OpenDatabaseOptions {
  path: string;
  clock?: Clock;
  logger?: DbLogger;
  /** Milliseconds a statement waits for another connection's lock (the CLI next to the app). */
  busyTimeoutMs?: number;
}

export interface Db {
  /** SQLite (a bench's own file, the default) or PostgreSQL (the lab server, issue 14). */
  readonly engine: Engine;
  /**
   * The read connection (opened read-only). Reads never share the writer's connection, so a
   * dashboard refreshed during a write transaction sees only committed records (WAL snapshots).
   */
  readonly dataSource: DataSource;
  /** The one write connection; use write() rather than this, so the audit event joins the change. */
  readonly writer: DataSource;
  /** The file (SQLite) or user@host:port/database (PostgreSQL, never the password). */
  readonly path: string;
  readonly clock: Clock;
  readonly logger: DbLogger;
  /** ISO instant from the injected clock. */
  now(): string;
  /**
   * One write transaction at a time. TypeORM's sqlite driver has a single connection, so two
   * interleaved transactions would nest; the queue makes every service call atomic on its own.
   */
  write<T>(fn: (em: EntityManager) => Promise<T>): Promise<T>;
  /** Runs in the same queue as write() but outside a transaction (VACUUM INTO cannot run inside one). */
  serialized<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Read-side settings for a dashboard over 200,000 cases: a 64 MB page cache keeps the statistics
 * indexes in memory between refreshes, and memory-mapped reads skip a syscall per page.
 */
export const CONNECTION_PRAGMAS = ['PRAGMA cache_size = -65536', 'PRAGMA mmap_size = 268435456', 'PRAGMA temp_store = MEMORY'];

const silent: DbLogger = { info: () => undefined, warn: () => undefined };

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Db> {
  const file = path.resolve(opts.path);
  const clock = opts.clock ?? (() => new Date());
  const logger = opts.logger ?? silent;
  const before = await inspectDatabaseFile(file);
  ensurePrivateDir(path.dirname(file));
  // SQLite creates files with the process umask (usually world-readable) and gives -wal and -shm
  // the database file's mode: making the file first, 0600, keeps all three private.
  if (!fs.existsSync(file)) createPrivateFile(file);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) makePrivate(f);

  const dataSource = new DataSource({
    type: 'sqlite',
    database: file,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    enableWAL: true,
    busyTimeout: opts.busyTimeoutMs ?? 5000,
    logging: false,
  });
  try {
    await dataSource.initialize();
  } catch (e) {
    throw new BenchError('DB_OPEN_FAILED', `cannot open ${file}: ${(e as Error).message}`, { path: file });
  }
  try {
    // FULL: a commit is on disk before the service call returns (WAL + NORMAL may lose the last
    // commits on power loss; repair evidence is worth the fsync).
    await dataSource.query('PRAGMA synchronous = FULL');
    for (const pragma of CONNECTION_PRAGMAS) await dataSource.query(pragma);
    const executed = await dataSource.runMigrations({ transaction: 'all' });
    for (const m of executed) logger.info(`migrated ${file}: ${m.name}`);
    const appId = Number((await dataSource.query('PRAGMA application_id'))[0]?.application_id ?? 0);
    const userVersion = Number((await dataSource.query('PRAGMA user_version'))[0]?.user_version ?? 0);
    if (appId !== APPLICATION_ID || userVersion !== SCHEMA_VERSION) {
      throw new BenchError('DB_NOT_OPTIC_BENCH', `${file} did not migrate to an Optic Bench schema (application id ${appId}, version ${userVersion})`, { path: file });
    }
    if (before.kind !== 'optic-bench') logger.info(`created records database ${file}`);
  } catch (e) {
    await dataSource.destroy();
    throw e;
  }
  const reader = new DataSource({
    type: 'sqlite',
    database: file,
    entities: ENTITIES,
    flags: sqlite3.OPEN_READONLY,
    busyTimeout: opts.busyTimeoutMs ?? 5000,
    logging: false,
  });
  try {
    await reader.initialize();
    for (const pragma of CONNECTION_PRAGMAS) await reader.query(pragma);
  } catch (e) {
    await dataSource.destroy();
    throw new BenchError('DB_OPEN_FAILED', `cannot open ${file} for reading: ${(e as Error).message}`, { path: file });
  }

  let queue: Promise<unknown> = Promise.resolve();
  const db: Db = {
    engine: 'sqlite',
    dataSource: reader,
    writer: dataSource,
    path: file,
    clock,
    logger,
    now: () => clock().toISOString(),
    write<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
      const run = queue.then(() => dataSource.transaction((em) => fn(em)));
      queue = run.catch(() => undefined);
      return run;
    },
    serialized<T>(fn: () => Promise<T>): Promise<T> {
      const run = queue.then(fn);
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      await queue;
      if (reader.isInitialized) await reader.destroy();
      if (dataSource.isInitialized) {
        // Refreshes the planner's statistics where they have drifted (sqlite.org/lang_analyze.html).
        await dataSource.query('PRAGMA optimize').catch(() => undefined);
        await dataSource.destroy();
      }
    },
  };
  return db;
}

export interface OpenRecordsOptions {
  clock?: Clock;
  logger?: DbLogger;
  busyTimeoutMs?: number;
  /** PostgreSQL: bring the schema up to date (the owner, the CLI's db upgrade) or refuse an older one. */
  migrate?: boolean;
  applicationName?: string;
}

/** The records at `target`: a bench's SQLite file or the lab's PostgreSQL server, as one `Db`. */
export async function openRecords(target: DbTarget, opts: OpenRecordsOptions = {}): Promise<Db> {
  if (target.engine === 'sqlite') {
    return openDatabase({ path: target.path, ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.logger ? { logger: opts.logger } : {}), ...(opts.busyTimeoutMs !== undefined ? { busyTimeoutMs: opts.busyTimeoutMs } : {}) });
  }
  // Loaded only for a lab server: a bench that never uses one never loads pg.
  const { openPostgres } = await import('./postgres');
  return openPostgres({ target, ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.logger ? { logger: opts.logger } : {}), ...(opts.migrate !== undefined ? { migrate: opts.migrate } : {}), ...(opts.applicationName ? { applicationName: opts.applicationName } : {}) });
}
