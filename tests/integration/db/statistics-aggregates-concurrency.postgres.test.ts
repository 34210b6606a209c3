// Benches changing cases at the same instant on a lab server (issue 14): the aggregate triggers of
// four connections meet on the same hot bucket rows (one month, statuses received and diagnosing),
// each transaction moving two cases in opposite directions, outside the app's chain lock (as a SQL
// tool or a future writer would). No transaction may deadlock or lose a count: the triggers upsert
// their netted deltas in primary-key order, so they wait on each other's row locks and add up.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openRecords } from '../../../main/db/index';
import { createMigratedDatabase, postgresUnavailableReason, skipPostgres } from '../../support/postgres';
import { expectedAggregates, storedAggregates } from './aggregates';

describe.skipIf(skipPostgres())(`aggregates under concurrent case changes${skipPostgres() ? `: skipped, ${postgresUnavailableReason() ?? ''}` : ''}`, () => {
  it('four bench logins flipping cases between two statuses of one month in opposite orders: no deadlock, no lost count', async () => {
    const t = await createMigratedDatabase('aggc');
    const db = await openRecords(t.bench, { migrate: false });
    const clients: pg.Client[] = [];
    try {
      const w = (sql: string, p: unknown[] = []) => db.write((em) => em.query(sql, p));
      await w(`INSERT INTO customer (name, created_at) VALUES ('Hot Co', '2026-01-01T00:00:00.000Z')`);
      await w(`INSERT INTO module (serial, first_seen_at) VALUES ('HOT-1', '2026-01-01T00:00:00.000Z')`);
      for (let i = 0; i < 16; i++) {
        await w(
          `INSERT INTO repair_case (rma_number, customer_id, module_serial, notification_channel, notified_at, notified_on, notified_by, complaint_text, status, created_at, updated_at)
           VALUES (?, 1, 'HOT-1', 'written', '2026-01-10T00:00:00.000Z', '2026-01-10', 'x', 'y', ?, 'x', 'x')`,
          [`HOT-${i}`, i % 2 === 0 ? 'received' : 'diagnosing'],
        );
      }
      const ids = (await db.dataSource.query('SELECT id FROM repair_case ORDER BY id')).map((r: { id: number }) => Number(r.id));
      for (let c = 0; c < 4; c++) {
        const client = new pg.Client({ ...t.bench.config, application_name: `agg-${c}` });
        await client.connect();
        clients.push(client);
      }
      const flips = async (client: pg.Client, mine: number[], rounds: number) => {
        for (let r = 0; r < rounds; r++) {
          await client.query('BEGIN');
          // One case to diagnosing and one back to received in each transaction, the order alternating per round.
          const [a, b] = r % 2 === 0 ? [mine[0], mine[1]] : [mine[1], mine[0]];
          await client.query(`UPDATE repair_case SET status = CASE status WHEN 'received' THEN 'diagnosing' ELSE 'received' END WHERE id = $1`, [a]);
          await client.query(`UPDATE repair_case SET status = CASE status WHEN 'received' THEN 'diagnosing' ELSE 'received' END, notified_at = $2 WHERE id = $1`, [
            b,
            r % 3 === 0 ? '2026-02-01T00:00:00.000Z' : '2026-01-10T00:00:00.000Z',
          ]);
          await client.query('COMMIT');
        }
      };
      const results = await Promise.allSettled(clients.map((c, i) => flips(c, [ids[2 * i] as number, ids[2 * i + 1] as number, ids[8 + i] as number], 25)));
      expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
      const q = (sql: string, p?: unknown[]) => db.dataSource.query(sql, p);
      expect(await storedAggregates(q)).toEqual(await expectedAggregates(q));
      expect((await q(`SELECT sum(n) AS n FROM case_month_count WHERE dim = 'status'`))[0].n).toBe(16);
    } finally {
      for (const c of clients) await c.end().catch(() => undefined);
      await db.close();
      await t.drop();
    }
  }, 120_000);
});
