// Where the records live: a bench's own SQLite file (the default, nothing to set up) or the lab's
// PostgreSQL server (issue 14). The CLI takes either as --db; the app takes the lab server from
// Settings -> Lab server. Passwords never travel in a target: they come from PGPASSWORD or
// ~/.pgpass (node-postgres reads both, the PostgreSQL conventions) or, in the app, from the
// bench's secret store (Electron safeStorage).
import fs from 'node:fs';
import type { ClientConfig } from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';
import { BenchError } from '../errors';

export type Engine = 'sqlite' | 'postgres';

export interface PostgresTarget {
  engine: 'postgres';
  /** node-postgres connection settings (no password unless the URL carried one). */
  config: ClientConfig;
  /** host:port/database and user, for messages and logs; never the password. */
  display: string;
}

export interface SqliteTarget {
  engine: 'sqlite';
  path: string;
}

export type DbTarget = SqliteTarget | PostgresTarget;

export const isPostgresUrl = (value: string): boolean => /^postgres(ql)?:\/\//i.test(value.trim());

function displayOf(c: ClientConfig): string {
  return `${c.user ?? '(default user)'}@${c.host ?? 'localhost'}:${c.port ?? 5432}/${c.database ?? '(default database)'}`;
}

/**
 * A postgres:// URL as node-postgres settings. sslmode=verify-full|verify-ca|require and
 * sslrootcert=FILE are honoured as libpq does; a password in the URL is accepted (a script may
 * need it) but PGPASSWORD or ~/.pgpass is the documented way.
 */
export function postgresTargetFromUrl(url: string): PostgresTarget {
  let parsed: ReturnType<typeof parseConnectionString>;
  try {
    parsed = parseConnectionString(url.trim());
  } catch (e) {
    throw new BenchError('INVALID_INPUT', `${redactUrl(url)} is not a PostgreSQL URL: ${(e as Error).message}`, { field: 'db' });
  }
  const u = new URL(url.trim().replace(/^postgres(ql)?:/i, 'http:'));
  const sslmode = u.searchParams.get('sslmode');
  const rootcert = u.searchParams.get('sslrootcert');
  const config: ClientConfig = {
    host: parsed.host ?? 'localhost',
    port: parsed.port !== undefined && parsed.port !== null ? Number(parsed.port) : 5432,
    database: parsed.database ?? undefined,
    user: parsed.user ?? undefined,
    ...(parsed.password !== undefined && parsed.password !== '' ? { password: parsed.password } : {}),
  };
  if (sslmode === 'verify-full' || sslmode === 'verify-ca') {
    config.ssl = { rejectUnauthorized: true, ...(rootcert !== null ? { ca: readCa(rootcert) } : {}), ...(sslmode === 'verify-ca' ? { checkServerIdentity: () => undefined } : {}) };
  } else if (sslmode === 'require') {
    config.ssl = { rejectUnauthorized: false };
  } else if (sslmode !== null && sslmode !== 'disable' && sslmode !== 'prefer' && sslmode !== 'allow') {
    throw new BenchError('INVALID_INPUT', `sslmode=${sslmode} is not one of disable, require, verify-ca, verify-full`, { field: 'db' });
  }
  return { engine: 'postgres', config, display: displayOf(config) };
}

function readCa(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new BenchError('FILE_NOT_FOUND', `the lab's CA file ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file });
  }
}

/** --db VALUE: a postgres:// URL or a file path. */
export function parseDbTarget(value: string): DbTarget {
  return isPostgresUrl(value) ? postgresTargetFromUrl(value) : { engine: 'sqlite', path: value };
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}

export interface LabServerConnection {
  host: string;
  port: number;
  database: string;
  user: string;
  tls: 'off' | 'require' | 'verify-full';
  /** PEM text of the lab's CA (read by main from the file the administrator chose). */
  caPem?: string | null;
  password?: string | null;
}

/** Settings -> Lab server as node-postgres settings. */
export function postgresTargetFromSettings(s: LabServerConnection): PostgresTarget {
  const config: ClientConfig = { host: s.host, port: s.port, database: s.database, user: s.user };
  if (s.password !== undefined && s.password !== null && s.password !== '') config.password = s.password;
  if (s.tls === 'verify-full') config.ssl = { rejectUnauthorized: true, ...(s.caPem ? { ca: s.caPem } : {}) };
  else if (s.tls === 'require') config.ssl = { rejectUnauthorized: false };
  return { engine: 'postgres', config, display: displayOf(config) };
}
