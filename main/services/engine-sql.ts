// The service queries that must differ between SQLite and PostgreSQL (issue 14), and only those,
// in one place. Everything else in main/services is one code path: `?` placeholders and standard
// SQL, translated for PostgreSQL by main/db/sql-dialect.ts.
import type { EntityManager } from 'typeorm';
import type { Engine } from '../db/target';

/**
 * The next value of the RMA counter. PostgreSQL: a SEQUENCE (nextval is never rolled back and
 * never hands a value out twice, whichever bench asks). SQLite: a counter row, read and raised
 * inside the caller's write transaction, which SQLite's single writer serialises.
 */
export async function nextRmaValue(em: EntityManager, engine: Engine): Promise<number> {
  if (engine === 'postgres') {
    const [row] = (await em.query(`SELECT nextval('rma_number_seq') AS v`)) as Array<{ v: number }>;
    return Number(row?.v);
  }
  await em.query(`UPDATE rma_sequence SET next_value = next_value + 1 WHERE name = 'rma'`);
  const [row] = (await em.query(`SELECT next_value - 1 AS v FROM rma_sequence WHERE name = 'rma'`)) as Array<{ v: number }>;
  return Number(row?.v);
}
