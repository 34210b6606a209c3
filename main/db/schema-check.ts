// Is a file's schema exactly what our migrations make? A backup whose append-only triggers were
// dropped, or that carries a trigger rewriting test_run, passed every older check (issue 16).
// The expected schema is not a hand-kept copy: the migrations the file lists are run into a
// scratch in-memory database and its sqlite_master is compared with the file's, entry by entry
// (every table, index, trigger and view, by name and SQL text). A later migration is covered
// the day it is added.
import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations/index';
import type { Exec } from './evidence-chain';

export interface SchemaEntry {
  type: string;
  name: string;
  tblName: string;
  sql: string | null;
}

export interface SchemaDifference {
  kind: 'missing' | 'extra' | 'changed';
  type: string;
  name: string;
}

const cache = new Map<string, Promise<SchemaEntry[]>>();

// sqlite_stat* are the planner's statistics (PRAGMA optimize on close writes them): SQLite's own,
// holding no records and no code, so a file is not judged by them.
const SCHEMA_SQL = `SELECT type, name, tbl_name AS tblName, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name`;

/** The migrations whose names are `names`, in order; null when `names` is not a prefix of this build's list. */
function migrationsFor(names: readonly string[]): Array<(typeof MIGRATIONS)[number]> | null {
  const known = MIGRATIONS.map((M) => new M().name ?? M.name);
  if (names.length > known.length || names.some((n, i) => known[i] !== n)) return null;
  return MIGRATIONS.slice(0, names.length);
}

/** The schema these migrations produce, computed once per list in a scratch in-memory database. */
export function expectedSchema(names: readonly string[]): Promise<SchemaEntry[]> {
  const key = names.join('\n');
  let found = cache.get(key);
  if (found === undefined) {
    found = (async () => {
      const migrations = migrationsFor(names);
      if (migrations === null) throw new Error(`the migrations ${names.join(', ')} are not this build's`);
      const scratch = new DataSource({ type: 'sqlite', database: ':memory:', migrations, migrationsRun: false, synchronize: false, logging: false });
      await scratch.initialize();
      try {
        await scratch.runMigrations({ transaction: 'all' });
        return (await scratch.query(SCHEMA_SQL)) as SchemaEntry[];
      } finally {
        await scratch.destroy();
      }
    })();
    found.catch(() => cache.delete(key));
    cache.set(key, found);
  }
  return found;
}

export async function actualSchema(exec: Exec): Promise<SchemaEntry[]> {
  return (await exec(SCHEMA_SQL)) as SchemaEntry[];
}

/** Differences between a file's schema and the expected one (empty when equal). */
export function compareSchemas(expected: readonly SchemaEntry[], actual: readonly SchemaEntry[]): SchemaDifference[] {
  const key = (e: SchemaEntry) => `${e.type}\u0000${e.name}`;
  const want = new Map(expected.map((e) => [key(e), e]));
  const have = new Map(actual.map((e) => [key(e), e]));
  const diffs: SchemaDifference[] = [];
  for (const [k, e] of want) {
    const a = have.get(k);
    if (a === undefined) diffs.push({ kind: 'missing', type: e.type, name: e.name });
    else if (a.sql !== e.sql || a.tblName !== e.tblName) diffs.push({ kind: 'changed', type: e.type, name: e.name });
  }
  for (const [k, a] of have) if (!want.has(k)) diffs.push({ kind: 'extra', type: a.type, name: a.name });
  return diffs;
}

export function describeDifferences(diffs: readonly SchemaDifference[], max = 5): string {
  const words = { missing: 'is missing', extra: 'is not ours', changed: 'was changed' } as const;
  const shown = diffs.slice(0, max).map((d) => `${d.type} ${d.name} ${words[d.kind]}`);
  return shown.join('; ') + (diffs.length > max ? `; and ${diffs.length - max} more` : '');
}

/** The file's schema against the one its listed migrations produce. */
export async function checkSchema(exec: Exec, migrationNames: readonly string[]): Promise<SchemaDifference[]> {
  return compareSchemas(await expectedSchema(migrationNames), await actualSchema(exec));
}

/**
 * PostgreSQL (issue 14): the benches' role must have no UPDATE, DELETE or TRUNCATE on any
 * evidence table or on the chain, whatever its grants were turned into since the upgrade. A
 * right that should not be there is reported like a changed schema entry.
 */
export async function checkPostgresRights(exec: Exec): Promise<SchemaDifference[]> {
  const { LAB_APP_ROLE } = await import('./migrations/postgres/helpers');
  const { CHAIN_TABLE, EVIDENCE_TABLES } = await import('./schema-constants');
  const role = (await exec(`SELECT 1 FROM pg_roles WHERE rolname = ?`, [LAB_APP_ROLE])) as unknown[];
  if (role.length === 0) return [{ kind: 'missing', type: 'role', name: LAB_APP_ROLE }];
  const diffs: SchemaDifference[] = [];
  for (const table of [...EVIDENCE_TABLES, CHAIN_TABLE]) {
    const [r] = (await exec(
      `SELECT has_table_privilege(?, to_regclass(?), 'UPDATE') AS u, has_table_privilege(?, to_regclass(?), 'DELETE') AS d, has_table_privilege(?, to_regclass(?), 'TRUNCATE') AS t`,
      [LAB_APP_ROLE, table, LAB_APP_ROLE, table, LAB_APP_ROLE, table],
    )) as Array<{ u: boolean; d: boolean; t: boolean }>;
    if (r !== undefined && (r.u || r.d || r.t)) diffs.push({ kind: 'changed', type: 'grant', name: `${table} (${LAB_APP_ROLE} may ${[r.u ? 'UPDATE' : '', r.d ? 'DELETE' : '', r.t ? 'TRUNCATE' : ''].filter(Boolean).join(', ')})` });
  }
  // The statistics' aggregates (schema 8): a bench that could write them could make the dashboard
  // say anything, and a disabled trigger lets them drift from the cases.
  const { CASE_MONTH_COUNT, CASE_MONTH_DURATION, DURATION_BIN, AGGREGATE_TRIGGERS } = await import('./migrations/1764700000000-statistics-aggregates');
  for (const table of [CASE_MONTH_COUNT, CASE_MONTH_DURATION, DURATION_BIN]) {
    const [r] = (await exec(
      `SELECT to_regclass(?) IS NOT NULL AS e, has_table_privilege(?, to_regclass(?), 'INSERT') AS i, has_table_privilege(?, to_regclass(?), 'UPDATE') AS u,
              has_table_privilege(?, to_regclass(?), 'DELETE') AS d, has_table_privilege(?, to_regclass(?), 'TRUNCATE') AS t`,
      [table, LAB_APP_ROLE, table, LAB_APP_ROLE, table, LAB_APP_ROLE, table, LAB_APP_ROLE, table],
    )) as Array<{ e: boolean; i: boolean | null; u: boolean | null; d: boolean | null; t: boolean | null }>;
    if (r === undefined || !r.e) continue; // a server not yet upgraded to schema 8
    if (r.i || r.u || r.d || r.t) diffs.push({ kind: 'changed', type: 'grant', name: `${table} (${LAB_APP_ROLE} may ${[r.i ? 'INSERT' : '', r.u ? 'UPDATE' : '', r.d ? 'DELETE' : '', r.t ? 'TRUNCATE' : ''].filter(Boolean).join(', ')})` });
  }
  const enabled = new Set(
    ((await exec(`SELECT t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND c.relnamespace = to_regnamespace(current_schema())`)) as Array<{ name: string }>).map((x) => x.name),
  );
  const hasAggregates = ((await exec(`SELECT to_regclass(?) IS NOT NULL AS e`, [CASE_MONTH_COUNT])) as Array<{ e: boolean }>)[0]?.e === true;
  if (hasAggregates) for (const name of AGGREGATE_TRIGGERS) if (!enabled.has(name)) diffs.push({ kind: 'missing', type: 'trigger', name });
  return diffs;
}
