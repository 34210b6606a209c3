// --db for every records command (issue 14): a bench's SQLite file (PATH; default the app's
// per-user file, or OPTIC_BENCH_DB) or the lab's PostgreSQL server (postgres://USER@HOST[:PORT]/DB,
// with the password from PGPASSWORD or ~/.pgpass, the PostgreSQL conventions; sslmode and
// sslrootcert as libpq takes them).
import { BenchError } from '../errors';
import { defaultDatabasePath, inspectDatabaseFile, isPostgresUrl, openRecords, parseDbTarget, type Db } from '../db/index';

export const DB_OPTION_HELP = "records: a database file, or postgres://USER@HOST[:PORT]/DATABASE for the lab server (password from PGPASSWORD or ~/.pgpass); default: the app's per-user database";

/** What --db names, for messages (a URL without its password). */
export function dbLabel(value: string | undefined): string {
  const v = value ?? defaultDatabasePath();
  return isPostgresUrl(v) ? (parseDbTarget(v) as { display: string }).display : v;
}

export const isLabServer = (value: string | undefined): boolean => value !== undefined && isPostgresUrl(value);

/**
 * Opens the records --db names. A file that must exist (a report, an export, a check) and does
 * not is FILE_NOT_FOUND rather than a new empty database; a lab server is brought up to date
 * only if the user may change its schema (else LAB_UPGRADE_NEEDED, naming `db upgrade`).
 */
export async function openCliRecords(value: string | undefined, opts: { mustExist?: boolean } = {}): Promise<Db> {
  const v = value ?? defaultDatabasePath();
  const target = parseDbTarget(v);
  if (target.engine === 'sqlite' && opts.mustExist === true) {
    const inspection = await inspectDatabaseFile(target.path);
    if (inspection.kind !== 'optic-bench') throw new BenchError('FILE_NOT_FOUND', `no records database at ${target.path} (${inspection.kind}); give --db PATH`, { path: target.path });
  }
  return openRecords(target, { applicationName: 'optic-bench cli' });
}
