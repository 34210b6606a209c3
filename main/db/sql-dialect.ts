// The one place where the services' SQL becomes PostgreSQL's (issue 14). Services write SQL once:
// `?` placeholders, standard SQL, `INSERT ... ON CONFLICT DO NOTHING`, camelCase aliases written
// bare (`c.rma_number AS rmaNumber`). SQLite takes it as it is; for PostgreSQL this module
//   - numbers the placeholders ($1, $2, ...), skipping string literals, quoted identifiers,
//     comments and dollar-quoted bodies;
//   - quotes mixed-case aliases (`AS rmaNumber` -> `AS "rmaNumber"`): PostgreSQL folds unquoted
//     names to lower case and the mappers read the camelCase keys;
//   - turns `INSERT OR IGNORE INTO` into `INSERT INTO ... ON CONFLICT DO NOTHING` (older code);
//   - drops SQLite's planner hint `INDEXED BY name` (PostgreSQL's planner takes no hints).
// TypeORM's own statements already use $n and quoted names: a statement holding a `$1` outside
// literals is passed through untouched. Anything else SQLite-only (PRAGMA, sqlite_master,
// typeof, printf, json_extract) is not translated: such code branches on the engine in its own
// clearly named place (evidence-chain.ts dialects, the migrations).
import type { Engine } from './target';

const cache = new Map<string, string>();
const CACHE_LIMIT = 2000;

/** Splits SQL into code and non-code (literals, quoted names, comments) parts, in order. */
function segments(sql: string): Array<{ code: boolean; text: string }> {
  const out: Array<{ code: boolean; text: string }> = [];
  let i = 0;
  let start = 0;
  const push = (code: boolean, text: string) => {
    if (text !== '') out.push({ code, text });
  };
  while (i < sql.length) {
    const ch = sql[i] as string;
    const next = sql[i + 1];
    let end = -1;
    if (ch === "'" || ch === '"') {
      end = i + 1;
      for (;;) {
        const j = sql.indexOf(ch, end);
        if (j < 0) {
          end = sql.length;
          break;
        }
        if (sql[j + 1] === ch) {
          end = j + 2; // doubled quote inside the literal
          continue;
        }
        end = j + 1;
        break;
      }
    } else if (ch === '-' && next === '-') {
      const j = sql.indexOf('\n', i);
      end = j < 0 ? sql.length : j;
    } else if (ch === '/' && next === '*') {
      const j = sql.indexOf('*/', i + 2);
      end = j < 0 ? sql.length : j + 2;
    } else if (ch === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (m !== null) {
        const tag = m[0];
        const j = sql.indexOf(tag, i + tag.length);
        end = j < 0 ? sql.length : j + tag.length;
      }
    }
    if (end >= 0) {
      push(true, sql.slice(start, i));
      push(false, sql.slice(i, end));
      i = end;
      start = end;
    } else {
      i++;
    }
  }
  push(true, sql.slice(start));
  return out;
}

const MIXED_CASE_ALIAS = /\bAS\s+([A-Za-z_][A-Za-z0-9_]*)\b/gi;

/** The services' SQL as PostgreSQL wants it (see the header). Pure; cached per statement text. */
export function toPostgresSql(sql: string): string {
  const hit = cache.get(sql);
  if (hit !== undefined) return hit;
  const parts = segments(sql);
  // TypeORM-generated SQL (already numbered): leave it alone.
  const numbered = parts.some((p) => p.code && /\$\d+/.test(p.text));
  let n = 0;
  let ignore = false;
  const text = parts
    .map((p) => {
      if (!p.code || numbered) return p.text;
      let t = p.text;
      if (/\bINSERT\s+OR\s+IGNORE\s+INTO\b/i.test(t)) {
        ignore = true;
        t = t.replace(/\bINSERT\s+OR\s+IGNORE\s+INTO\b/gi, 'INSERT INTO');
      }
      t = t.replace(/\s+INDEXED\s+BY\s+[A-Za-z_][A-Za-z0-9_]*/gi, '');
      t = t.replace(MIXED_CASE_ALIAS, (whole, name: string) => (/[a-z]/.test(name) && /[A-Z]/.test(name) ? `AS "${name}"` : whole));
      t = t.replace(/\?/g, () => `$${++n}`);
      return t;
    })
    .join('');
  const out = ignore ? `${text.replace(/\s*;?\s*$/, '')} ON CONFLICT DO NOTHING` : text;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(sql, out);
  return out;
}

/** SQL for `engine`: unchanged for SQLite. */
export function sqlFor(engine: Engine, sql: string): string {
  return engine === 'postgres' ? toPostgresSql(sql) : sql;
}
