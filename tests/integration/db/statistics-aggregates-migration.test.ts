// Migration 1764700000000 (schema 8) on both engines: an empty database gets empty aggregates and
// the bins; a database of the previous release (schema 7) holding cases gets aggregates equal to a
// count of its rows made here in JavaScript (month buckets, every dimension, duration bins), which
// the triggers then keep: a lab upgrading with years of cases sees the same dashboard as before.
import fs from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, openRecords, SCHEMA_VERSION, type Db } from '../../../main/db/index';
import { MIGRATION_PAIRS } from '../../../main/db/migrations/index';
import { durationBinLows } from '../../../main/db/migrations/1764700000000-statistics-aggregates';
import { expectedAggregates, storedAggregates, type Q } from './aggregates';
import { createRecordServices, seededRandom } from '../../../main/services/index';
import { createTestDatabase, postgresUnavailableReason, skipPostgres, SUPERUSER } from '../../support/postgres';
import { tempDir } from './helpers';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const STATUSES = ['received', 'diagnosing', 'awaiting-decision', 'closed', 'returned-no-fault', 'rejected-not-covered'];
const DECISIONS = [null, 'replace', 'no-fault-found', 'not-covered'];

/** Cases of the previous release: 14 months, month edges, blank part numbers, negative, zero and huge durations, one hand-written instant. */
async function seedPrevious(q: Q): Promise<void> {
  await q(`INSERT INTO customer (name, created_at) VALUES ('Old One', '2025-01-01T00:00:00.000Z'), ('Old Two', '2025-01-01T00:00:00.000Z')`);
  await q(`INSERT INTO technician (code, name, role, created_at) VALUES ('ot', 'Old Tech', 'technician', '2025-01-01T00:00:00.000Z')`);
  await q(`INSERT INTO module (serial, part_number, first_seen_at) VALUES ('OLD-1', 'PN-READ', '2025-01-01T00:00:00.000Z'), ('OLD-2', NULL, '2025-01-01T00:00:00.000Z')`);
  const rnd = seededRandom(8);
  const durations = [null, null, -5, 0, 1, 64, 700, 3600, 90_000, 5_000_000];
  for (let i = 0; i < 300; i++) {
    const month = 1 + (i % 14);
    const y = month > 12 ? 2026 : 2025;
    const m = String(month > 12 ? month - 12 : month).padStart(2, '0');
    const at = i === 7 ? `${y}-${m}-01` : i % 10 === 0 ? `${y}-${m}-01T00:00:00.000Z` : `${y}-${m}-${String(1 + Math.floor(rnd() * 27)).padStart(2, '0')}T${String(Math.floor(rnd() * 24)).padStart(2, '0')}:00:00.000Z`;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    await q(
      `INSERT INTO repair_case (rma_number, customer_id, module_serial, part_number, notification_channel, notified_at, notified_on, notified_by, complaint_text, status, technician_id,
         decision, cause, failure_mode, created_at, updated_at, response_s, closure_s)
       VALUES (?, ?, ?, ?, 'written', ?, '2025-01-01', 'x', 'y', ?, ?, ?, ?, ?, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', ?, ?)`,
      [`OLD-${i}`, 1 + (i % 2), i % 3 === 0 ? 'OLD-2' : 'OLD-1', i % 4 === 0 ? null : pick(['PN-A', 'PN-B']), at, pick(STATUSES), i % 5 === 0 ? null : 1, pick(DECISIONS), pick([null, 'human', 'non-human']), pick([null, 'txPowerDbm']), pick(durations), pick(durations)],
    );
    // Follow-up calls and complaints of the previous release count in their case's month.
    if (i % 7 === 0) {
      await q(`INSERT INTO follow_up_call (repair_case_id, technician_id, caller_id, called_at, satisfaction, recorded_at) VALUES (?, ?, 1, '2025-06-01T00:00:00.000Z', ?, '2025-06-01T00:00:00.000Z')`, [
        i + 1,
        i % 14 === 0 ? null : 1,
        1 + (i % 5),
      ]);
    }
    if (i % 11 === 0) {
      await q(`INSERT INTO complaint (repair_case_id, technician_id, addressed_to, text, status, created_at, created_by, updated_at) VALUES (?, 1, 'supervisor', 'slow', ?, 'x', 'x', 'x')`, [
        i + 1,
        i % 22 === 0 ? 'resolved' : 'open',
      ]);
    }
  }
}

/** After the upgrade the triggers keep the counts: a case moved by the service is counted once, in its new status. */
async function changeAndRecheck(db: Db, q: Q): Promise<void> {
  const s = createRecordServices(db);
  const before = await s.statistics.statistics();
  const [c] = await q(`SELECT id FROM repair_case WHERE status = 'received' AND notified_at LIKE '2025-03-%' ORDER BY id LIMIT 1`);
  await s.repairs.transition({ caseId: Number(c?.id), to: 'diagnosing', actor: 'tech' });
  const after = await s.statistics.statistics();
  const of = (st: typeof before, k: string) => st.byStatus.find((r) => r.key === k)?.count ?? 0;
  expect(of(after, 'received')).toBe(of(before, 'received') - 1);
  expect(of(after, 'diagnosing')).toBe(of(before, 'diagnosing') + 1);
  expect(after.total).toBe(before.total);
  expect(await storedAggregates(q)).toEqual(await expectedAggregates(q));
}

describe('statistics aggregates migration (schema 8)', () => {
  it('an empty bench file gets the bins and empty aggregates', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const db = await openDatabase({ path: path.join(dir, 'records.sqlite') });
    try {
      const q: Q = (sql, p) => db.dataSource.query(sql, p);
      expect(await q('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }]);
      expect(SCHEMA_VERSION).toBe(8);
      expect(await q('SELECT count(*) AS n FROM duration_bin')).toEqual([{ n: durationBinLows().length }]);
      expect(await q('SELECT count(*) AS n FROM case_month_count')).toEqual([{ n: 0 }]);
      expect((await createRecordServices(db).statistics.statistics()).total).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('a bench file of schema 7 with cases is backfilled exactly (every month, dimension and duration bin)', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = path.join(dir, 'records.sqlite');
    const v7 = new DataSource({ type: 'sqlite', database: file, migrations: MIGRATION_PAIRS.slice(0, 7).map((p) => p.sqlite), enableWAL: true });
    await v7.initialize();
    await v7.runMigrations({ transaction: 'all' });
    await seedPrevious((sql, p) => v7.query(sql, p));
    await v7.query('ANALYZE'); // a file the app has closed before has planner statistics (PRAGMA optimize)
    await v7.destroy();
    const db = await openDatabase({ path: file });
    try {
      const q: Q = (sql, p) => db.dataSource.query(sql, p);
      expect(await q('PRAGMA user_version')).toEqual([{ user_version: 8 }]);
      const want = await expectedAggregates(q);
      expect(want.counts.some((k) => k.startsWith('? '))).toBe(true); // the hand-written instant is in the '?' month
      expect(await storedAggregates(q)).toEqual(want);
      // The new indexes get planner statistics too: without them SQLite sorted every case for the case list.
      expect((await q(`SELECT idx FROM sqlite_stat1 WHERE idx IN ('idx_case_untyped_part', 'idx_case_customer_stats', 'idx_case_part_stats', 'idx_case_period_stats') ORDER BY idx`)).map((r) => r.idx)).toEqual([
        'idx_case_customer_stats',
        'idx_case_part_stats',
        'idx_case_period_stats',
        'idx_case_untyped_part',
      ]);
      const plan = (await q(`EXPLAIN QUERY PLAN SELECT c.id FROM repair_case c JOIN customer cu ON cu.id = c.customer_id ORDER BY c.notified_at DESC, c.id DESC LIMIT 51`)).map((r) => String(r.detail));
      expect(plan.join('; ')).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
      await changeAndRecheck(db, (sql, p) => db.writer.query(sql, p));
    } finally {
      await db.close();
    }
  });

  describe.skipIf(skipPostgres())(`on PostgreSQL${skipPostgres() ? `: skipped, ${postgresUnavailableReason() ?? ''}` : ''}`, () => {
    it('a lab server of schema 7 with cases is backfilled exactly by db upgrade, and a bench login then keeps the counts through the owner trigger function', async () => {
      const t = await createTestDatabase('agg');
      try {
        const prev = new DataSource({
          type: 'postgres',
          ...t.owner.config,
          username: SUPERUSER,
          migrations: MIGRATION_PAIRS.slice(0, 7).map((p) => p.postgres as NonNullable<typeof p.postgres>),
          extra: { Client: (await import('../../../main/db/postgres')).TranslatingClient },
        } as ConstructorParameters<typeof DataSource>[0]);
        await prev.initialize();
        await prev.runMigrations({ transaction: 'all' });
        await seedPrevious((sql, p) => prev.query(sql, p));
        await (await import('../../../main/db/migrations/postgres/grants')).applyLabGrants((sql, params) => prev.query(sql, params));
        await prev.destroy();
        const owner = await openRecords(t.owner);
        try {
          // The lab's check: no right of the benches' role to write the aggregates, every trigger keeping them enabled.
          const { checkPostgresRights } = await import('../../../main/db/schema-check');
          const ox = (sql: string, p?: unknown[]) => owner.dataSource.query(sql, p);
          expect(await checkPostgresRights(ox)).toEqual([]);
          await ox('ALTER TABLE repair_case DISABLE TRIGGER repair_case_aggregates_update');
          await ox('GRANT INSERT ON case_month_count TO optic_bench_app');
          expect(await checkPostgresRights(ox)).toEqual([
            { kind: 'changed', type: 'grant', name: 'case_month_count (optic_bench_app may INSERT)' },
            { kind: 'missing', type: 'trigger', name: 'repair_case_aggregates_update' },
          ]);
          await ox('ALTER TABLE repair_case ENABLE TRIGGER repair_case_aggregates_update');
          await ox('REVOKE INSERT ON case_month_count FROM optic_bench_app');
        } finally {
          await owner.close();
        }
        const bench = await openRecords(t.bench, { migrate: false });
        try {
          const q: Q = (sql, p) => bench.dataSource.query(sql, p);
          expect(await q(`SELECT value FROM meta WHERE key = 'schema_version'`)).toEqual([{ value: '8' }]);
          expect(await storedAggregates(q)).toEqual(await expectedAggregates(q));
          await changeAndRecheck(bench, q);
        } finally {
          await bench.close();
        }
      } finally {
        await t.drop();
      }
    }, 120_000);
  });
});
