// `audit verify` and the Settings panel's check, in one place: the hash chain (evidence-chain.ts)
// and the schema against what the migrations make (schema-check.ts), as the contract reports them.
import type { ChainCheckResult } from '../../preload/contract/api';
import type { Db } from '../db/open';
import { execOfManager, verifyChain } from '../db/evidence-chain';
import { checkPostgresRights, checkSchema } from '../db/schema-check';

/** The chain and the schema of an open database, in the contract's words. */
export async function checkDatabase(db: Db, opts: { tail?: number } = {}): Promise<ChainCheckResult> {
  const exec = execOfManager(db.dataSource.manager);
  const migrations = ((await db.dataSource.query('SELECT name FROM migrations ORDER BY id')) as Array<{ name: string }>).map((m) => m.name);
  // A lab server's schema is its administrator's (pg_dump, replicas); what the app checks there is that the rules hold: no right to change evidence.
  const differences = db.engine === 'postgres' ? await checkPostgresRights(exec) : await checkSchema(exec, migrations);
  const schema = differences.map((d) => ({
    kind: 'schema' as const,
    seq: null,
    table: d.name,
    rowKey: null,
    message: `${d.type} ${d.name} ${d.kind === 'missing' ? 'is missing' : d.kind === 'extra' ? 'is not one the app made' : 'was changed'}`,
  }));
  const chain = await verifyChain(exec, opts.tail !== undefined ? { tail: opts.tail } : {});
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

