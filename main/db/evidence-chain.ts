// The hash chain over the evidence tables (EVIDENCE_TABLES). Every evidence row gets one link in
// evidence_link: the SHA-256 of the row as SQLite stores it, and the hash of the link before it,
// so a row changed, added or removed with any SQLite tool no longer matches its link, and a link
// changed no longer matches its successor. The rows themselves are not touched, which is what
// lets a table join the chain by being listed (and lets the issue-11 rebuild of test_run keep
// its columns).
//
// Row content is read through SQLite itself (typeof + the text of the value, blobs as hex, reals
// with 17 significant digits), so the hash depends on what is stored, not on how a JavaScript
// driver converts it. NULL columns are left out: a later migration that adds a nullable column
// leaves every earlier hash valid.
//
// Everything here takes an `Exec` (TypeORM's em.query, a RawSqlite, a migration's QueryRunner),
// so the app, the migration, the CLI, the fixtures and the benchmark all write and check the
// same chain.
//
// On PostgreSQL (issue 14) the canonical form is the same text: the row is read with its column
// types and each value is written in JavaScript exactly as SQLite's CASE typeof(...) expression
// writes it ('i' and the integer, 'r' and printf('%.17g'), 't' and the text, 'b' and upper-case
// hex; keys as json_array writes them), so a record hashes the same on both engines and a
// database moved from a bench into the lab (`migrate`) verifies there. The engine-specific SQL
// of this file is in the two dialects below and nowhere else.
import { createHash } from 'node:crypto';
import { CHAIN_TABLE, EVIDENCE_TABLES } from './schema-constants';
import { toPostgresSql } from './sql-dialect';
import type { Database as SqliteDatabase } from 'sqlite3';

/** Runs one statement; tagged `engine: 'postgres'` by postgresExec (untagged means SQLite). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of arbitrary SQL
export type Exec = ((sql: string, params?: unknown[]) => Promise<any>) & {
  engine?: 'sqlite' | 'postgres';
  /** Table shapes already read on this connection's database (execOfManager shares one per DataSource). */
  shapes?: Map<string, TableShape>;
};

/** An Exec on a PostgreSQL connection: `?` placeholders and the rest translated (sql-dialect.ts). */
export function postgresExec(run: (sql: string, params?: unknown[]) => Promise<unknown>): Exec {
  const exec: Exec = (sql, params) => run(toPostgresSql(sql), params);
  exec.engine = 'postgres';
  return exec;
}

/** An Exec on a TypeORM manager or data source, tagged with its engine. */
const shapesByConnection = new WeakMap<object, Map<string, TableShape>>();

/**
 * An Exec on a TypeORM manager or data source, tagged with its engine. The evidence tables'
 * shapes are read once per DataSource (the schema changes only by migrations, which run before
 * the app's services do): on PostgreSQL reading them from the catalog costs more than the insert.
 */
export function execOfManager(m: { query(sql: string, params?: unknown[]): Promise<unknown>; connection: { options: { type: string } } }): Exec {
  const run = (sql: string, params?: unknown[]) => m.query(sql, params);
  const exec: Exec = m.connection.options.type === 'postgres' ? postgresExec(run) : run;
  let shapes = shapesByConnection.get(m.connection);
  if (shapes === undefined) {
    shapes = new Map();
    shapesByConnection.set(m.connection, shapes);
  }
  exec.shapes = shapes;
  return exec;
}

const isPg = (exec: Exec): boolean => exec.engine === 'postgres';

/**
 * Every writer of links on PostgreSQL holds this transaction-scoped advisory lock first, so two
 * benches never read the same chain head (db.write takes it too, at the start of every write).
 */
export const CHAIN_LOCK_KEY = 0x4f42_4e43;

export const GENESIS_HASH = '0'.repeat(64);

/** The three triggers every evidence table and the chain table carry (see the evidence migration). */
export const GUARD_SUFFIXES = ['_no_update', '_no_delete', '_no_replace'] as const;
/** PostgreSQL has no REPLACE; TRUNCATE is its way around row triggers (migrations/postgres/helpers.ts). */
export const GUARD_SUFFIXES_PG = ['_no_update', '_no_delete', '_no_truncate'] as const;

export const guardSuffixes = (exec: Exec): readonly string[] => (isPg(exec) ? GUARD_SUFFIXES_PG : GUARD_SUFFIXES);

type PgKind = 'i' | 'r' | 't' | 'b';

interface TableShape {
  table: string;
  columns: string[];
  keys: string[];
  /** PostgreSQL only: how each column's values are written (from its declared type). */
  kinds?: PgKind[];
}

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

async function rows(exec: Exec, sql: string, params: unknown[] = []): Promise<Array<Record<string, unknown>>> {
  const r: unknown = await exec(sql, params);
  return Array.isArray(r) ? (r as Array<Record<string, unknown>>) : [];
}

export async function tableExists(exec: Exec, table: string): Promise<boolean> {
  if (isPg(exec)) return (await rows(exec, `SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?`, [table])).length > 0;
  return (await rows(exec, `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`, [table])).length > 0;
}

function pgKind(dataType: string): PgKind {
  if (/^(integer|bigint|smallint)$/.test(dataType)) return 'i';
  if (/^(double precision|real|numeric)$/.test(dataType)) return 'r';
  if (dataType === 'bytea') return 'b';
  return 't';
}

async function shapeOfPg(exec: Exec, table: string): Promise<TableShape> {
  const info = await rows(
    exec,
    `SELECT c.column_name AS name, c.data_type AS type,
            (SELECT array_position(k.conkey, a.attnum) FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attname = c.column_name
              WHERE k.conrelid = to_regclass(quote_ident(c.table_name)) AND k.contype = 'p' AND a.attnum = ANY (k.conkey)) AS pk
       FROM information_schema.columns c WHERE c.table_schema = current_schema() AND c.table_name = ? ORDER BY c.ordinal_position`,
    [table],
  );
  if (info.length === 0) throw new Error(`${table} does not exist`);
  const keys = info
    .filter((c) => c.pk !== null && c.pk !== undefined)
    .sort((a, b) => Number(a.pk) - Number(b.pk))
    .map((c) => String(c.name));
  if (keys.length === 0) throw new Error(`${table} has no primary key: an evidence table needs one to be named in the chain`);
  return { table, columns: info.map((c) => String(c.name)), keys, kinds: info.map((c) => pgKind(String(c.type))) };
}

async function shapeOf(exec: Exec, table: string): Promise<TableShape> {
  if (isPg(exec)) return shapeOfPg(exec, table);
  const info = await rows(exec, `SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`, [table]);
  if (info.length === 0) throw new Error(`${table} does not exist`);
  const keys = info
    .filter((c) => Number(c.pk) > 0)
    .sort((a, b) => Number(a.pk) - Number(b.pk))
    .map((c) => String(c.name));
  if (keys.length === 0) throw new Error(`${table} has no primary key: an evidence table needs one to be named in the chain`);
  return { table, columns: info.map((c) => String(c.name)), keys };
}

const valueExpr = (c: string, alias: string): string => {
  const q = alias + ident(c);
  return `CASE typeof(${q}) WHEN 'null' THEN NULL WHEN 'integer' THEN 'i' || ${q} WHEN 'real' THEN 'r' || printf('%.17g', ${q}) WHEN 'text' THEN 't' || ${q} ELSE 'b' || hex(${q}) END`;
};
const kindOf = (s: TableShape, column: string): PgKind => s.kinds?.[s.columns.indexOf(column)] ?? 't';
/** The key as json_array writes it: `[12]`, `["10GBASE-SR",2]` (PostgreSQL: built to the same text). */
const keyExpr = (s: TableShape, alias = '', pg = false): string =>
  pg
    ? `('[' || ${s.keys.map((k) => (kindOf(s, k) === 't' ? `to_json(${alias}${ident(k)})::text` : `(${alias}${ident(k)})::text`)).join(` || ',' || `)} || ']')`
    : `json_array(${s.keys.map((k) => `${alias}${ident(k)}`).join(', ')})`;
const selectList = (s: TableShape, alias = '', pg = false): string =>
  pg
    ? [`${keyExpr(s, alias, true)} AS "__key"`, ...s.keys.map((k, i) => `${alias}${ident(k)} AS "__k${i}"`), ...s.columns.map((c, i) => `${alias}${ident(c)} AS "__c${i}"`)].join(', ')
    : [`${keyExpr(s, alias)} AS "__key"`, ...s.keys.map((k, i) => `${alias}${ident(k)} AS "__k${i}"`), ...s.columns.map((c, i) => `${valueExpr(c, alias)} AS "__c${i}"`)].join(', ');

/**
 * Doubles as SQLite's printf('%.17g') writes them, by SQLite itself (an in-memory connection of
 * the same library the bench's files are written with): its digit expansion (sqlite3FpDecode,
 * 16 significant digits from a double-double product) is not any JavaScript formatting, and the
 * hash must be the same text on both engines. Only external_test.bit_error_ratio is REAL today.
 */
let realFormatter: Promise<SqliteDatabase> | null = null;
export async function sqliteRealTexts(values: readonly number[]): Promise<string[]> {
  if (values.length === 0) return [];
  realFormatter ??= import('sqlite3').then(
    (m) =>
      new Promise((resolve, reject) => {
        const conn: SqliteDatabase = new (m.default ?? m).Database(':memory:', (err) => (err ? reject(err) : resolve(conn)));
      }),
  );
  const conn = await realFormatter;
  const out: string[] = [];
  for (let i = 0; i < values.length; i += 500) {
    const part = values.slice(i, i + 500);
    const row = await new Promise<Record<string, unknown>>((resolve, reject) =>
      conn.get(`SELECT ${part.map((_v, j) => `printf('%.17g', ?) AS v${j}`).join(', ')}`, part, (err, r) => (err ? reject(err) : resolve(r as Record<string, unknown>))),
    );
    part.forEach((_v, j) => out.push(String(row[`v${j}`])));
  }
  return out;
}

/** One PostgreSQL value in SQLite's canonical text (see valueExpr); null stays null. */
function canonicalPg(kind: PgKind, v: unknown): string | null {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'i':
      return `i${String(v)}`;
    case 'r':
      return `r${String(v)}`; // already SQLite's text (canonicalRows)
    case 'b':
      return `b${Buffer.from(v as Uint8Array).toString('hex').toUpperCase()}`;
    default:
      return `t${String(v)}`;
  }
}

/** PostgreSQL rows as the SQLite dialect reads them: each __cN in canonical text. */
async function canonicalRows(s: TableShape, page: Array<Record<string, unknown>>): Promise<Array<Record<string, unknown>>> {
  const kinds = s.kinds;
  if (kinds === undefined) return page;
  const reals: Array<[Record<string, unknown>, string]> = [];
  for (const row of page) {
    kinds.forEach((k, i) => {
      const v = row[`__c${i}`];
      if (k === 'r' && v !== null && v !== undefined) reals.push([row, `__c${i}`]);
    });
  }
  const texts = await sqliteRealTexts(reals.map(([row, key]) => Number(row[key])));
  reals.forEach(([row, key], j) => (row[key] = texts[j]));
  for (const row of page) kinds.forEach((k, i) => (row[`__c${i}`] = canonicalPg(k, row[`__c${i}`])));
  return page;
}

/** SHA-256 of one row as read by selectList: its non-NULL columns by name, typed. */
function hashRow(s: TableShape, row: Record<string, unknown>): string {
  const pairs: Array<[string, string]> = [];
  s.columns.forEach((c, i) => {
    const v = row[`__c${i}`];
    if (v !== null && v !== undefined) pairs.push([c, String(v)]);
  });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return createHash('sha256').update(JSON.stringify([s.table, pairs])).digest('hex');
}

export function linkHash(prev: string, seq: number, table: string, rowKey: string, rowHash: string): string {
  return createHash('sha256').update(`${prev}\n${seq}\n${table}\n${rowKey}\n${rowHash}`).digest('hex');
}

async function lastLink(exec: Exec): Promise<{ seq: number; hash: string }> {
  const [last] = await rows(exec, `SELECT seq, link_hash FROM ${CHAIN_TABLE} ORDER BY seq DESC LIMIT 1`);
  return last === undefined ? { seq: 0, hash: GENESIS_HASH } : { seq: Number(last.seq), hash: String(last.link_hash) };
}

async function insertLinks(exec: Exec, links: Array<[number, string, string, string, string, string, string]>): Promise<void> {
  // 7 values a link; 1000 links stay far below SQLite's 32766 bound variables.
  for (let i = 0; i < links.length; i += 1000) {
    const part = links.slice(i, i + 1000);
    await exec(
      `INSERT INTO ${CHAIN_TABLE} (seq, table_name, row_key, row_hash, prev_hash, link_hash, linked_at) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      part.flat(),
    );
  }
}

/**
 * Links one just-inserted evidence row, named by its primary-key values. Call it in the same
 * transaction as the insert, after it: the insert holds the write lock, so the chain's head read
 * here is the head this link extends (the seq primary key refuses a fork anyway).
 */
/** The shape of an evidence table, from the connection's cache when it has one (execOfManager). */
async function cachedShape(exec: Exec, table: string): Promise<TableShape> {
  const m = exec.shapes;
  if (m === undefined) return shapeOf(exec, table);
  let s = m.get(table);
  if (s === undefined) {
    s = await shapeOf(exec, table);
    m.set(table, s);
  }
  return s;
}

async function lockChain(exec: Exec): Promise<void> {
  if (isPg(exec)) await exec(`SELECT pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`);
}

export async function linkRow(exec: Exec, table: string, key: readonly unknown[], at: string): Promise<void> {
  if (!EVIDENCE_TABLES.includes(table)) throw new Error(`${table} is not an evidence table`);
  const shape = await cachedShape(exec, table);
  const pg = isPg(exec);
  if (key.length !== shape.keys.length) throw new Error(`${table} is keyed by ${shape.keys.join(', ')}`);
  await lockChain(exec);
  const [row] = await canonicalRows(shape, await rows(exec, `SELECT ${selectList(shape, '', pg)} FROM ${ident(table)} WHERE ${shape.keys.map((k) => `${ident(k)} = ?`).join(' AND ')}`, [...key]));
  if (row === undefined) throw new Error(`${table} ${JSON.stringify(key)} was not found to link`);
  const head = await lastLink(exec);
  const seq = head.seq + 1;
  const rowKey = String(row.__key);
  const rowHash = hashRow(shape, row);
  await insertLinks(exec, [[seq, table, rowKey, rowHash, head.hash, linkHash(head.hash, seq, table, rowKey, rowHash), at]]);
}

/**
 * Links every evidence row that has no link yet, table by table in EVIDENCE_TABLES order and key
 * order within a table. The evidence migration uses it for the rows written before the chain
 * existed; bulk tools (bench:db, seeded fixtures) write with set-based SQL and then call it, so
 * their databases verify like the app's. Returns how many links were added.
 */
export async function linkUnlinkedRows(exec: Exec, at: string, batch = 2000): Promise<number> {
  let added = 0;
  const pg = isPg(exec);
  await lockChain(exec);
  let head = await lastLink(exec);
  for (const table of EVIDENCE_TABLES) {
    if (!(await tableExists(exec, table))) continue;
    const shape = await shapeOf(exec, table);
    const keyCols = shape.keys.map((k) => ident(k)).join(', ');
    let after: unknown[] | null = null;
    for (;;) {
      const where = [`NOT EXISTS (SELECT 1 FROM ${CHAIN_TABLE} l WHERE l.table_name = ? AND l.row_key = ${keyExpr(shape, `${ident(table)}.`, pg)})`];
      const params: unknown[] = [table];
      if (after !== null) {
        where.push(`(${keyCols}) > (${after.map(() => '?').join(', ')})`);
        params.push(...after);
      }
      const page = await canonicalRows(shape, await rows(exec, `SELECT ${selectList(shape, '', pg)} FROM ${ident(table)} WHERE ${where.join(' AND ')} ORDER BY ${keyCols} LIMIT ${batch}`, params));
      if (page.length === 0) break;
      const links: Array<[number, string, string, string, string, string, string]> = [];
      for (const row of page) {
        const seq = head.seq + 1;
        const rowKey = String(row.__key);
        const rowHash = hashRow(shape, row);
        const hash = linkHash(head.hash, seq, table, rowKey, rowHash);
        links.push([seq, table, rowKey, rowHash, head.hash, hash, at]);
        head = { seq, hash };
      }
      await insertLinks(exec, links);
      added += links.length;
      const last = page[page.length - 1] as Record<string, unknown>;
      after = shape.keys.map((_k, i) => last[`__k${i}`]);
    }
  }
  return added;
}

export type ChainProblemKind = 'link-altered' | 'sequence-broken' | 'row-changed' | 'row-missing' | 'row-unlinked' | 'unknown-table' | 'guard-missing';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** The link where the chain breaks; null for a row without a link or a missing guard. */
  seq: number | null;
  table: string;
  /** The row's primary key as JSON ("[12]"); null for a missing guard. */
  rowKey: string | null;
  message: string;
}

export interface ChainReport {
  ok: boolean;
  links: number;
  /** Rows per evidence table. */
  rows: Record<string, number>;
  /** The last link: its number and hash (the value to note down to compare later). */
  head: { seq: number; hash: string } | null;
  /** The first problem in chain order (links by number, then rows without a link, then guards). */
  firstBroken: ChainProblem | null;
  /** All problems found (at most `maxProblems` are listed). */
  problemCount: number;
  problems: ChainProblem[];
}

export interface VerifyOptions {
  /** Problems listed in full (all are counted). */
  maxProblems?: number;
  /** Called every few thousand rows, for a progress line. */
  onProgress?: (done: number) => void;
  /**
   * Only the newest `tail` links, their rows, rows added after them, and the guards (a lab
   * server's start-up check: every bench starting in the morning must not read every record of
   * the lab; the full check is Settings -> Records check and `audit verify`).
   */
  tail?: number;
}

const describeRow = (table: string, rowKey: string): string => {
  try {
    const k = JSON.parse(rowKey) as unknown[];
    return `${table} ${k.length === 1 ? `#${String(k[0])}` : JSON.stringify(k)}`;
  } catch {
    return `${table} ${rowKey}`;
  }
};

/**
 * Checks the whole chain: every link's number, predecessor and hash, every evidence row against
 * its link, rows without a link, links without a row, and the guard triggers. Read-only.
 */
export async function verifyChain(exec: Exec, opts: VerifyOptions = {}): Promise<ChainReport> {
  const max = opts.maxProblems ?? 20;
  const problems: ChainProblem[] = [];
  let problemCount = 0;
  const report = (p: ChainProblem): void => {
    problemCount++;
    problems.push(p);
    // Keep the earliest ones: sorted below, trimmed as it goes so a ruined file stays cheap.
    if (problems.length > max * 4) {
      problems.sort(order);
      problems.length = max;
    }
  };
  let done = 0;
  const pg = isPg(exec);
  const tick = (): void => {
    done++;
    if (opts.onProgress && done % 5000 === 0) opts.onProgress(done);
  };

  if (!(await tableExists(exec, CHAIN_TABLE))) {
    const p: ChainProblem = { kind: 'guard-missing', seq: null, table: CHAIN_TABLE, rowKey: null, message: `the ${CHAIN_TABLE} table is missing: this database holds no hash chain` };
    return { ok: false, links: 0, rows: {}, head: null, firstBroken: p, problemCount: 1, problems: [p] };
  }

  // 1. The links themselves, in order (from the tail's first link in tail mode).
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  let tailStart: number | null = null;
  if (opts.tail !== undefined) {
    const [top] = await rows(exec, `SELECT max(seq) AS s FROM ${CHAIN_TABLE}`);
    const headSeq = Number(top?.s ?? 0);
    tailStart = Math.max(1, headSeq - opts.tail + 1);
    if (tailStart > 1) {
      const [before] = await rows(exec, `SELECT link_hash FROM ${CHAIN_TABLE} WHERE seq = ?`, [tailStart - 1]);
      prev = before === undefined ? GENESIS_HASH : String(before.link_hash);
    }
    expectedSeq = tailStart;
  }
  let links = 0;
  let head: { seq: number; hash: string } | null = null;
  for (;;) {
    const page = await rows(exec, `SELECT seq, table_name, row_key, row_hash, prev_hash, link_hash FROM ${CHAIN_TABLE} WHERE seq >= ? ORDER BY seq LIMIT 5000`, [expectedSeq]);
    if (page.length === 0) break;
    for (const l of page) {
      const seq = Number(l.seq);
      const table = String(l.table_name);
      const rowKey = String(l.row_key);
      if (seq !== expectedSeq) {
        report({ kind: 'sequence-broken', seq: expectedSeq, table, rowKey, message: `link ${expectedSeq} is missing (the next link is ${seq}): links were removed` });
      } else if (String(l.prev_hash) !== prev) {
        report({ kind: 'link-altered', seq, table, rowKey, message: `link ${seq} (${describeRow(table, rowKey)}) does not follow link ${seq - 1}: the chain was changed here` });
      } else if (linkHash(prev, seq, table, rowKey, String(l.row_hash)) !== String(l.link_hash)) {
        report({ kind: 'link-altered', seq, table, rowKey, message: `link ${seq} (${describeRow(table, rowKey)}) does not match its own hash: the link was edited` });
      }
      if (!EVIDENCE_TABLES.includes(table)) report({ kind: 'unknown-table', seq, table, rowKey, message: `link ${seq} names ${table}, which is not an evidence table` });
      prev = String(l.link_hash);
      expectedSeq = seq + 1;
      links++;
      head = { seq, hash: prev };
      tick();
    }
  }

  // 2. Every evidence row against its link; rows with no link; links whose row is gone.
  const rowCounts: Record<string, number> = {};
  for (const table of EVIDENCE_TABLES) {
    if (!(await tableExists(exec, table))) {
      report({ kind: 'guard-missing', seq: null, table, rowKey: null, message: `the evidence table ${table} is missing` });
      continue;
    }
    const shape = await shapeOf(exec, table);
    const keyCols = shape.keys.map((k) => `t.${ident(k)}`).join(', ');
    const match = pg
      ? shape.keys.map((k, i) => `t.${ident(k)} = (l.row_key::json ->> ${i})${kindOf(shape, k) === 'i' ? '::bigint' : ''}`).join(' AND ')
      : shape.keys.map((k, i) => `t.${ident(k)} = json_extract(l.row_key, '$[${i}]')`).join(' AND ');
    if (tailStart !== null) {
      rowCounts[table] = await verifyTail(exec, shape, match, tailStart, max, report, tick, pg);
      continue;
    }
    let after: unknown[] | null = null;
    let count = 0;
    for (;;) {
      const params: unknown[] = [table];
      let where = '';
      if (after !== null) {
        where = `WHERE (${keyCols}) > (${after.map(() => '?').join(', ')})`;
        params.push(...after);
      }
      const page = await canonicalRows(
        shape,
        await rows(
          exec,
          `SELECT ${selectList(shape, 't.', pg)}, l.seq AS "__seq", l.row_hash AS "__hash"
             FROM ${ident(table)} t LEFT JOIN ${CHAIN_TABLE} l ON l.table_name = ? AND l.row_key = ${keyExpr(shape, 't.', pg)}
             ${where} ORDER BY ${keyCols} LIMIT 2000`,
          params,
        ),
      );
      if (page.length === 0) break;
      for (const row of page) {
        const rowKey = String(row.__key);
        if (row.__seq === null || row.__seq === undefined) {
          report({ kind: 'row-unlinked', seq: null, table, rowKey, message: `${describeRow(table, rowKey)} has no link in the chain: it was written outside the app` });
        } else if (hashRow(shape, row) !== String(row.__hash)) {
          report({ kind: 'row-changed', seq: Number(row.__seq), table, rowKey, message: `${describeRow(table, rowKey)} (link ${Number(row.__seq)}) was changed after it was recorded` });
        }
        count++;
        tick();
      }
      const last = page[page.length - 1] as Record<string, unknown>;
      after = shape.keys.map((_k, i) => last[`__k${i}`]);
    }
    rowCounts[table] = count;
    const orphans = await rows(exec, `SELECT l.seq, l.row_key FROM ${CHAIN_TABLE} l WHERE l.table_name = ? AND NOT EXISTS (SELECT 1 FROM ${ident(table)} t WHERE ${match}) ORDER BY l.seq LIMIT ?`, [table, max]);
    for (const o of orphans) {
      report({ kind: 'row-missing', seq: Number(o.seq), table, rowKey: String(o.row_key), message: `${describeRow(table, String(o.row_key))} (link ${Number(o.seq)}) was deleted` });
    }
  }

  // 3. The guards: without them the next edit is not even refused.
  // PostgreSQL: a disabled trigger (ALTER TABLE ... DISABLE TRIGGER) guards nothing, so it counts as missing.
  const triggerSql = pg
    ? `SELECT t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND c.relnamespace = to_regnamespace(current_schema())`
    : `SELECT name FROM sqlite_master WHERE type = 'trigger'`;
  const triggers = new Set((await rows(exec, triggerSql)).map((r) => String(r.name)));
  for (const table of [...EVIDENCE_TABLES, CHAIN_TABLE]) {
    for (const suffix of guardSuffixes(exec)) {
      if (!triggers.has(table + suffix)) report({ kind: 'guard-missing', seq: null, table, rowKey: null, message: `the append-only trigger ${table}${suffix} is missing` });
    }
  }

  problems.sort(order);
  const listed = problems.slice(0, max);
  return { ok: problemCount === 0, links, rows: rowCounts, head, firstBroken: listed[0] ?? null, problemCount, problems: listed };
}

/**
 * The tail of one table: the rows of its links from `start` on (changed or missing), and rows
 * added after its last link with no link of their own (keys grow, so they sort after it).
 * Returns the rows checked.
 */
async function verifyTail(
  exec: Exec,
  shape: TableShape,
  match: string,
  start: number,
  max: number,
  report: (p: ChainProblem) => void,
  tick: () => void,
  pg: boolean,
): Promise<number> {
  const table = shape.table;
  let count = 0;
  let fromSeq = start;
  for (;;) {
    const page = await canonicalRows(
      shape,
      await rows(
        exec,
        `SELECT ${selectList(shape, 't.', pg)}, l.seq AS "__seq", l.row_hash AS "__hash", l.row_key AS "__linkKey"
           FROM ${CHAIN_TABLE} l LEFT JOIN ${ident(table)} t ON ${match}
          WHERE l.table_name = ? AND l.seq >= ? ORDER BY l.seq LIMIT 2000`,
        [table, fromSeq],
      ),
    );
    if (page.length === 0) break;
    for (const row of page) {
      const seq = Number(row.__seq);
      if (row.__k0 === null || row.__k0 === undefined) {
        const key = String(row.__linkKey);
        report({ kind: 'row-missing', seq, table, rowKey: key, message: `${describeRow(table, key)} (link ${seq}) was deleted` });
      } else if (hashRow(shape, row) !== String(row.__hash)) {
        report({ kind: 'row-changed', seq, table, rowKey: String(row.__key), message: `${describeRow(table, String(row.__key))} (link ${seq}) was changed after it was recorded` });
      }
      count++;
      tick();
    }
    fromSeq = Number((page[page.length - 1] as Record<string, unknown>).__seq) + 1;
  }
  const [last] = await rows(exec, `SELECT row_key FROM ${CHAIN_TABLE} WHERE table_name = ? ORDER BY seq DESC LIMIT 1`, [table]);
  const lastKey = last === undefined ? null : (JSON.parse(String(last.row_key)) as unknown[]);
  const keyCols = shape.keys.map((k) => `t.${ident(k)}`).join(', ');
  const newer = await rows(
    exec,
    `SELECT ${keyExpr(shape, 't.', pg)} AS "__key" FROM ${ident(table)} t
      WHERE ${lastKey === null ? '1 = 1' : `(${keyCols}) > (${lastKey.map(() => '?').join(', ')})`}
        AND NOT EXISTS (SELECT 1 FROM ${CHAIN_TABLE} l WHERE l.table_name = ? AND l.row_key = ${keyExpr(shape, 't.', pg)})
      ORDER BY ${keyCols} LIMIT ?`,
    [...(lastKey ?? []), table, max],
  );
  for (const r of newer) {
    report({ kind: 'row-unlinked', seq: null, table, rowKey: String(r.__key), message: `${describeRow(table, String(r.__key))} has no link in the chain: it was written outside the app` });
  }
  return count;
}

/** Chain order: links by number first, then rows without a link, then missing guards. */
function order(a: ChainProblem, b: ChainProblem): number {
  const rank = (p: ChainProblem): number => (p.seq !== null ? 0 : p.kind === 'row-unlinked' ? 1 : 2);
  return rank(a) - rank(b) || (a.seq ?? 0) - (b.seq ?? 0) || a.table.localeCompare(b.table) || (a.rowKey ?? '').localeCompare(b.rowKey ?? '');
}

/**
 * Rows of an evidence table in the chain's canonical form, by primary key: each column's text as
 * the row hash sees it (null for NULL). `migrate` compares a copied row with its source this way.
 */
export async function canonicalRowsByKey(exec: Exec, table: string, keys: ReadonlyArray<readonly unknown[]>): Promise<Map<string, Record<string, string | null>>> {
  const shape = await shapeOf(exec, table);
  const pg = isPg(exec);
  const out = new Map<string, Record<string, string | null>>();
  for (let i = 0; i < keys.length; i += 500) {
    const part = keys.slice(i, i + 500);
    const where = part.map(() => `(${shape.keys.map((k) => `${ident(k)} = ?`).join(' AND ')})`).join(' OR ');
    const page = await canonicalRows(shape, await rows(exec, `SELECT ${selectList(shape, '', pg)} FROM ${ident(table)} WHERE ${where}`, part.flat()));
    for (const row of page) {
      const values: Record<string, string | null> = {};
      shape.columns.forEach((c, j) => {
        const v = row[`__c${j}`];
        values[c] = v === null || v === undefined ? null : String(v);
      });
      out.set(String(row.__key), values);
    }
  }
  return out;
}

/** The row hash of canonical column values (what linkRow stores as row_hash). */
export function rowHashOf(table: string, values: Record<string, string | null>): string {
  const columns = Object.keys(values);
  const row: Record<string, unknown> = {};
  columns.forEach((c, i) => (row[`__c${i}`] = values[c]));
  return hashRow({ table, columns, keys: [] }, row);
}
