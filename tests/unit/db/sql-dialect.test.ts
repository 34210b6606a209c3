// The services' SQL on PostgreSQL (issue 14): one translation, tested on the statements the
// services write and on the places a naive rewrite breaks (literals, quoted names, dollar bodies).
import { describe, expect, it } from 'vitest';
import { toPostgresSql } from '../../../main/db/sql-dialect';

describe('toPostgresSql', () => {
  it('numbers ? placeholders in order: pg takes $1, $2, ... only', () => {
    expect(toPostgresSql('SELECT * FROM t WHERE a = ? AND b IN (?, ?) LIMIT ?')).toBe('SELECT * FROM t WHERE a = $1 AND b IN ($2, $3) LIMIT $4');
  });

  it('leaves a ? inside a string literal, a quoted name or a comment alone: they are data, not parameters', () => {
    expect(toPostgresSql(`SELECT 'why?' AS "q?", x FROM t WHERE y = ? -- really?\nAND z = ?`)).toBe(`SELECT 'why?' AS "q?", x FROM t WHERE y = $1 -- really?\nAND z = $2`);
    expect(toPostgresSql(`SELECT 'it''s ?' FROM t WHERE a = ?`)).toBe(`SELECT 'it''s ?' FROM t WHERE a = $1`);
  });

  it('leaves dollar-quoted function bodies alone: the migrations define PL/pgSQL with them', () => {
    const body = `CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'x?'; END $$`;
    expect(toPostgresSql(body)).toBe(body);
  });

  it('quotes camelCase aliases, which PostgreSQL would fold to lower case and the mappers would not find', () => {
    expect(toPostgresSql('SELECT c.rma_number AS rmaNumber, c.id AS id, CAST(x AS INTEGER) AS n FROM repair_case c')).toBe(
      'SELECT c.rma_number AS "rmaNumber", c.id AS id, CAST(x AS INTEGER) AS n FROM repair_case c',
    );
  });

  it('turns INSERT OR IGNORE into ON CONFLICT DO NOTHING (the same effect, standard SQL)', () => {
    expect(toPostgresSql('INSERT OR IGNORE INTO module (serial) VALUES (?)')).toBe('INSERT INTO module (serial) VALUES ($1) ON CONFLICT DO NOTHING');
  });

  it('drops SQLite planner hints, which PostgreSQL does not have', () => {
    expect(toPostgresSql('SELECT 1 FROM repair_case c INDEXED BY idx_case_notified JOIN customer cu ON cu.id = c.customer_id')).toBe(
      'SELECT 1 FROM repair_case c JOIN customer cu ON cu.id = c.customer_id',
    );
  });

  it("passes TypeORM's own numbered statements through untouched", () => {
    const sql = 'SELECT "TestRun"."id" AS "TestRun_id" FROM "test_run" "TestRun" WHERE "TestRun"."id" = $1 AND "x" = \'?\'';
    expect(toPostgresSql(sql)).toBe(sql);
  });

  it('is idempotent: a statement translated twice (an Exec over the translating client) stays right', () => {
    const once = toPostgresSql('SELECT a AS someName FROM t WHERE b = ? AND c = ?');
    expect(toPostgresSql(once)).toBe(once);
  });
});

describe('lab errors', () => {
  it('tells "the server does not answer" (queue the run) from "the server said no" (fix the settings)', async () => {
    const { classifyDatabaseError, isUnreachable } = await import('../../../main/db/lab-errors');
    // A refused connection, a dropped one, a server shutting down, a silent network: all unreachable.
    for (const e of [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), new Error('Connection terminated unexpectedly'), Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }), new Error('Query read timeout')]) {
      expect(isUnreachable(e), e.message).toBe(true);
      expect(classifyDatabaseError(e)?.code).toBe('LAB_SERVER_UNREACHABLE');
    }
    // TypeORM wraps the driver's error: the code is read from inside.
    expect(classifyDatabaseError({ message: 'query failed', driverError: { code: '28P01', message: 'password authentication failed for user "bench01"' } })?.code).toBe('LAB_SERVER_REFUSED');
    expect(classifyDatabaseError(new Error('self-signed certificate in certificate chain'))?.code).toBe('LAB_SERVER_REFUSED');
    // A constraint violation is neither: it stays the service's own error to word.
    expect(classifyDatabaseError({ message: 'duplicate key', driverError: { code: '23505', message: 'duplicate key value violates unique constraint' } })).toBeNull();
  });
});
