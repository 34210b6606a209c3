// `audit verify` and the Settings panel's check, in one place: the hash chain (evidence-chain.ts)
// and the schema against what the migrations make (schema-check.ts), as the contract reports them.
import type { ChainCheckResult } from '../../preload/contract/api';
import type { Db } from '../db/open';
import { verifyChain, type Exec } from '../db/evidence-chain';
import { checkSchema } from '../db/schema-check';

/** The chain and the schema of an open database, in the contract's words. */
export async function checkDatabase(db: Db): Promise<ChainCheckResult> {
  const exec: Exec = (sql, params) => db.dataSource.query(sql, params);
  const migrations = ((await db.dataSource.query('SELECT name FROM migrations ORDER BY id')) as Array<{ name: string }>).map((m) => m.name);
  const schema = (await checkSchema(exec, migrations)).map((d) => ({
    kind: 'schema' as const,
    seq: null,
    table: d.name,
    rowKey: null,
    message: `${d.type} ${d.name} ${d.kind === 'missing' ? 'is missing' : d.kind === 'extra' ? 'is not one the app made' : 'was changed'}`,
  }));
  const chain = await verifyChain(exec);
  const problems = [...chain.problems, ...schema];
  return {
    ok: chain.ok && schema.length === 0,
    checkedAt: db.now(),
    links: chain.links,
    rows: chain.rows,
    head: chain.head,
    firstBroken: chain.firstBroken ?? schema[0] ?? null,
    problemCount: chain.problemCount + schema.length,
    problems: problems.slice(0, 20),
  };
}

