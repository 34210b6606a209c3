// Plain sqlite3 access for what must happen outside TypeORM: looking at a file before deciding to
// open it (so a refused file is never written), verifying backups, and the benchmark's raw SQL.
import fs from 'node:fs';
import sqlite3 from 'sqlite3';
import { BenchError } from '../errors';
import { APPLICATION_ID, SCHEMA_VERSION } from './schema-constants';
import { KNOWN_MIGRATION_NAMES } from './migrations/index';

/** node-sqlite3's Backup (sqlite3_backup_*); its type declarations leave the class out. */
interface SqliteBackup {
  step(pages: number, callback: (err: Error | null) => void): void;
  finish(callback?: () => void): void;
  readonly completed: boolean;
}
type BackupCapable = { backup(file: string, destName: string, sourceName: string, filenameIsDest: boolean, callback: (err: Error | null) => void): SqliteBackup };

export class RawSqlite {
  private constructor(private readonly db: sqlite3.Database) {}

  static open(file: string, mode: 'readonly' | 'readwrite' = 'readonly'): Promise<RawSqlite> {
    const flags = mode === 'readonly' ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE;
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(file, flags, (err) => (err ? reject(err) : resolve(new RawSqlite(db))));
    });
  }

  all<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return new Promise((resolve, reject) => this.db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[]))));
  }

  async get<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T | undefined> {
    const rows = await this.all<T>(sql, params);
    return rows[0];
  }

  run(sql: string, params: unknown[] = []): Promise<void> {
    return new Promise((resolve, reject) => this.db.run(sql, params, (err) => (err ? reject(err) : resolve())));
  }

  exec(sql: string): Promise<void> {
    return new Promise((resolve, reject) => this.db.exec(sql, (err) => (err ? reject(err) : resolve())));
  }

  /** Milliseconds a statement waits for another connection's lock (0: fail at once with SQLITE_BUSY). */
  busyTimeout(ms: number): void {
    this.db.configure('busyTimeout', ms);
  }

  /**
   * SQLite's online backup API, in one step: this connection's main database copied into `file`
   * (direction 'to') or `file` copied over this connection's main database (direction 'from').
   * One step holds the destination's write lock for the whole copy, so no reader sees half of it.
   */
  backup(file: string, direction: 'to' | 'from'): Promise<void> {
    return new Promise((resolve, reject) => {
      const b = (this.db as unknown as BackupCapable).backup(file, 'main', 'main', direction === 'to', (err: Error | null) => {
        if (err) {
          reject(err);
          return;
        }
        b.step(-1, (stepErr: Error | null) => {
          const failed = stepErr ?? (b.completed ? null : new Error('the backup did not complete'));
          b.finish(() => (failed ? reject(failed) : resolve()));
        });
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.db.close((err) => (err ? reject(err) : resolve())));
  }
}

export interface FileInspection {
  /** missing: no file yet; empty: an SQLite file (or zero bytes) with no schema; optic-bench: ours. */
  kind: 'missing' | 'empty' | 'optic-bench';
  schemaVersion: number;
  migrations: string[];
}

function notOurs(file: string, why: string): BenchError {
  return new BenchError('DB_NOT_OPTIC_BENCH', `${file} is not an Optic Bench database (${why}); it was left untouched`, { path: file, reason: why });
}

/**
 * Looks at a file read-only and says whether this build may open it. Throws DB_NOT_OPTIC_BENCH
 * for other files and DB_TOO_NEW for a file written by a newer build (a schema version or a
 * migration this build does not know): an older app must not guess at a newer schema.
 */
export async function inspectDatabaseFile(file: string): Promise<FileInspection> {
  if (!fs.existsSync(file)) return { kind: 'missing', schemaVersion: 0, migrations: [] };
  if (fs.statSync(file).size === 0) return { kind: 'empty', schemaVersion: 0, migrations: [] };
  let raw: RawSqlite;
  try {
    raw = await RawSqlite.open(file, 'readonly');
  } catch (e) {
    throw notOurs(file, `cannot be opened as SQLite: ${(e as Error).message}`);
  }
  try {
    let appId: number;
    let userVersion: number;
    let tables: string[];
    try {
      appId = Number((await raw.get<{ application_id: number }>('PRAGMA application_id'))?.application_id ?? 0);
      userVersion = Number((await raw.get<{ user_version: number }>('PRAGMA user_version'))?.user_version ?? 0);
      tables = (await raw.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`)).map((r) => r.name);
    } catch (e) {
      throw notOurs(file, `not a readable SQLite database: ${(e as Error).message}`);
    }
    if (appId !== APPLICATION_ID) {
      if (appId === 0 && tables.length === 0) return { kind: 'empty', schemaVersion: 0, migrations: [] };
      throw notOurs(file, appId === 0 ? 'it holds tables but no Optic Bench application id' : `application id 0x${appId.toString(16)}`);
    }
    if (!tables.includes('meta') || !tables.includes('migrations')) throw notOurs(file, 'its meta or migrations table is missing');
    const meta = await raw.get<{ value: string }>(`SELECT value FROM meta WHERE key = 'application'`);
    if (meta?.value !== 'optic-bench') throw notOurs(file, 'its meta table does not name Optic Bench');
    const migrations = (await raw.all<{ name: string }>('SELECT name FROM migrations ORDER BY id')).map((r) => r.name);
    const unknown = migrations.filter((m) => !KNOWN_MIGRATION_NAMES.includes(m));
    if (userVersion > SCHEMA_VERSION || unknown.length > 0) {
      throw new BenchError(
        'DB_TOO_NEW',
        `${file} was written by a newer Optic Bench (schema ${userVersion}, this app knows up to ${SCHEMA_VERSION}` +
          (unknown.length > 0 ? `; unknown migrations ${unknown.join(', ')}` : '') +
          '); update the app to open it. The file was left untouched.',
        { path: file, fileSchemaVersion: userVersion, appSchemaVersion: SCHEMA_VERSION, unknownMigrations: unknown },
      );
    }
    return { kind: 'optic-bench', schemaVersion: userVersion, migrations };
  } finally {
    await raw.close();
  }
}
