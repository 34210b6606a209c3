// The rights of the benches' role on the lab server (issue 14, docs/lab.md): what the app may do
// there and no more. Run after every upgrade by the schema's owner, so a table a later migration
// adds gets its grants without that migration having to remember them.
//   evidence tables and the chain  SELECT, INSERT            (no UPDATE, DELETE, TRUNCATE: append-only by grants)
//   meta, migrations               SELECT
//   every other table              SELECT, INSERT, UPDATE   (no DELETE: records are deactivated, not deleted)
//   a running soak's journal       SELECT, INSERT, DELETE   (removed once sealed into soak_run: schema 6)
//   statistics aggregates          SELECT                   (written only by repair_case's SECURITY DEFINER triggers: schema 8)
//   views                          SELECT
//   sequences                      USAGE, SELECT            (identity columns, the RMA sequence)
import { CHAIN_TABLE, EVIDENCE_TABLES } from '../../schema-constants';
import { CASE_MONTH_COUNT, CASE_MONTH_DURATION, DURATION_BIN } from '../1764700000000-statistics-aggregates';
import { LAB_APP_ROLE } from './helpers';
import type { DbLogger } from '../../open';

type Query = (sql: string, params?: unknown[]) => Promise<unknown>;

/** Not evidence: a running soak written as it goes, removed when it is sealed (schema 6). */
const SOAK_JOURNAL_TABLES = ['soak_journal', 'soak_journal_frame', 'soak_journal_note'];
/** Kept by the database itself (schema 8): a bench reads them; only the owner's trigger function writes them. */
export const READ_ONLY_TABLES = ['meta', 'migrations', CASE_MONTH_COUNT, CASE_MONTH_DURATION, DURATION_BIN];

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export async function applyLabGrants(query: Query, logger?: DbLogger): Promise<void> {
  const role = (await query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [LAB_APP_ROLE])) as unknown[];
  if (role.length === 0) {
    try {
      await query(`CREATE ROLE ${LAB_APP_ROLE} NOLOGIN`);
    } catch {
      logger?.warn(`role ${LAB_APP_ROLE} does not exist and this user may not create it: create it as docs/lab.md says, then run "db upgrade" again`);
      return;
    }
  }
  const tables = ((await query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)) as Array<{ name: string }>).map((r) => r.name);
  const appendOnly = new Set([...EVIDENCE_TABLES, CHAIN_TABLE]);
  await query(`GRANT USAGE ON SCHEMA ${ident(String(((await query('SELECT current_schema() AS s')) as Array<{ s: string }>)[0]?.s ?? 'public'))} TO ${LAB_APP_ROLE}`);
  for (const t of tables) {
    await query(`REVOKE ALL ON ${ident(t)} FROM PUBLIC`);
    await query(`REVOKE ALL ON ${ident(t)} FROM ${LAB_APP_ROLE}`);
    const rights = appendOnly.has(t) ? 'SELECT, INSERT' : SOAK_JOURNAL_TABLES.includes(t) ? 'SELECT, INSERT, DELETE' : READ_ONLY_TABLES.includes(t) ? 'SELECT' : 'SELECT, INSERT, UPDATE';
    await query(`GRANT ${rights} ON ${ident(t)} TO ${LAB_APP_ROLE}`);
  }
  // Views (case_test_run, schema 5) are read like the tables under them.
  const views = ((await query(`SELECT table_name AS name FROM information_schema.views WHERE table_schema = current_schema()`)) as Array<{ name: string }>).map((r) => r.name);
  for (const v of views) {
    await query(`REVOKE ALL ON ${ident(v)} FROM PUBLIC`);
    await query(`GRANT SELECT ON ${ident(v)} TO ${LAB_APP_ROLE}`);
  }
  const sequences = ((await query(`SELECT sequence_name AS name FROM information_schema.sequences WHERE sequence_schema = current_schema()`)) as Array<{ name: string }>).map((r) => r.name);
  for (const s of sequences) await query(`GRANT USAGE, SELECT ON SEQUENCE ${ident(s)} TO ${LAB_APP_ROLE}`);
}
