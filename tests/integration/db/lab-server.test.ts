// Issue 14 on a real PostgreSQL server (a throwaway cluster, tests/support/postgres.ts): the
// server enforces append-only by grants and by triggers, RMA numbers from a sequence, the
// optimistic check between two benches, migrations both ways, and `migrate` of bench files.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openDatabase, openRecords, SCHEMA_VERSION, type Db } from '../../../main/db/index';
import { execOfManager, postgresExec, verifyChain } from '../../../main/db/evidence-chain';
import { KNOWN_MIGRATION_NAMES, MIGRATION_PAIRS } from '../../../main/db/migrations/index';
import { createRecordServices, type RecordServices } from '../../../main/services/index';
import { checkDatabase } from '../../../main/services/chain-check';
import { migrateBench } from '../../../main/services/migrate';
import { expectedAggregates, storedAggregates } from './aggregates';
import { BenchError } from '../../../main/errors';
import { runCli } from '../../support/cli';
import { adminClient, createMigratedDatabase, createTestDatabase, ensureCluster, postgresUnavailableReason, skipPostgres, targetFor, SUPERUSER, SUPERUSER_PASSWORD, type TestDatabase } from '../../support/postgres';
import { evaluation, fakeClock, people, tempDir, testRunInput } from './helpers';
import { DataSource } from 'typeorm';

const EVIDENCE = ['test_run', 'audit_event', 'status_change', 'limit_profile', 'external_test', 'evidence_link'];

/** A shipped limit profile under another id: an imported profile version (evidence). */
function shippedProfile(id: string): Record<string, unknown> {
  const [shipped] = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../resources/limits/ieee-10gbase-sr.json'), 'utf8')) as Array<Record<string, unknown>>;
  return { ...shipped, id, version: 7 };
}

async function failure(p: Promise<unknown>): Promise<BenchError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof BenchError)) throw new Error(`expected a BenchError, got ${String(e)}`);
  return e;
}

/** A case on the way to a decision, with a programmer read and an external test (a REAL column). */
async function caseWithEvidence(s: RecordServices, ids: { customerId: number; techId: number }, rma: string | undefined, serial: string): Promise<number> {
  const c = await s.repairs.createCase({
    ...(rma !== undefined ? { rmaNumber: rma } : {}),
    customerId: ids.customerId,
    moduleSerial: serial,
    notificationChannel: 'written',
    notifiedAt: '2026-03-01T10:00:00Z',
    notifiedBy: 'NOC',
    complaintText: 'CRC errors',
    technicianId: ids.techId,
    actor: 'zlin',
  });
  await s.repairs.transition({ caseId: c.id, to: 'diagnosing', actor: 'zlin' });
  await s.testRuns.record(testRunInput(serial, { repairCaseId: c.id, evaluation: evaluation(false) }));
  await s.externalTests.record({
    caseId: c.id,
    role: 'before-repair',
    kind: 'ber',
    result: 'fail',
    equipment: 'Viavi MTS-5800',
    bitErrorRatio: 3.3e-7,
    durationS: 600,
    errorCount: 12,
    performedBy: 'Zhang Lin',
    performedAt: '2026-03-02T09:30:00.000Z',
    station: 'bench-1',
    actor: 'zlin',
  });
  await s.repairs.transition({ caseId: c.id, to: 'awaiting-decision', actor: 'zlin' });
  await s.repairs.decide({ caseId: c.id, cause: 'non-human', actor: 'zlin' });
  return c.id;
}

describe.skipIf(skipPostgres())(`the lab server (PostgreSQL)${skipPostgres() ? `: skipped, ${postgresUnavailableReason() ?? ''}` : ''}`, () => {
  let t: TestDatabase;
  let owner: Db;
  let benchA: Db;
  let benchB: Db;
  beforeAll(async () => {
    t = await createMigratedDatabase('lab');
    owner = await openRecords(t.owner);
    benchA = await openRecords(t.bench, { migrate: false, clock: fakeClock('2026-03-02T10:41:00.000Z') });
    benchB = await openRecords(t.bench, { migrate: false, clock: fakeClock('2026-03-02T10:42:00.000Z') });
  });
  afterAll(async () => {
    for (const d of [owner, benchA, benchB]) await d?.close();
    await t?.drop();
  });

  it('refuses UPDATE, DELETE and TRUNCATE of evidence to the benches by grants, and to the owner by triggers', async () => {
    const s = createRecordServices(benchA);
    const ids = await people(s);
    await caseWithEvidence(s, ids, 'RMA-G1', 'SN-G1');
    await s.settings.importLimitProfile(shippedProfile('grants-test'), 'zlin');
    // Every evidence table holds a row: a row trigger refuses only what exists.
    for (const table of EVIDENCE) expect(Number((await benchA.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n), table).toBeGreaterThan(0);
    for (const table of EVIDENCE) {
      // A bench's login: no right to change evidence at all (append-only by grants).
      for (const sql of [`UPDATE ${table} SET ${table === 'evidence_link' ? 'linked_at' : table === 'limit_profile' ? 'json' : table === 'audit_event' ? 'actor' : table === 'test_run' ? 'station' : table === 'external_test' ? 'notes' : 'note'} = 'forged'`, `DELETE FROM ${table}`, `TRUNCATE ${table} CASCADE`]) {
        await expect(benchA.dataSource.query(sql), `${sql} as a bench`).rejects.toThrow(/permission denied/);
      }
      // The owner has the rights, and the triggers still refuse (append-only by triggers).
      await expect(owner.dataSource.query(`DELETE FROM ${table}`), `DELETE ${table} as owner`).rejects.toThrow(/append-only/);
      await expect(owner.dataSource.query(`TRUNCATE ${table} CASCADE`), `TRUNCATE ${table} as owner`).rejects.toThrow(/append-only/);
    }
    await expect(owner.dataSource.query(`UPDATE test_run SET station = 'forged'`)).rejects.toThrow(/append-only/);
    // An upsert is an UPDATE in disguise: the trigger refuses it too.
    await expect(owner.dataSource.query(`INSERT INTO audit_event (id, at, actor, action, entity, entity_id, details_json) SELECT id, at, 'forged', action, entity, entity_id, details_json FROM audit_event LIMIT 1 ON CONFLICT (id) DO UPDATE SET actor = 'forged'`)).rejects.toThrow(/append-only/);
    const report = await checkDatabase(benchA);
    expect(report.ok, JSON.stringify(report.firstBroken)).toBe(true);
    // The start-up check (newest links only) agrees on an untouched chain, from a link inside it.
    const quick = await checkDatabase(benchA, { tail: 3 });
    expect(quick.ok, JSON.stringify(quick.firstBroken)).toBe(true);
    expect(quick.links).toBe(3);
  });

  it('the chain names an edit made past a disabled trigger, and the disabled guard itself', async () => {
    const t2 = await createMigratedDatabase('edit');
    const o = await openRecords(t2.owner);
    try {
      const s = createRecordServices(o);
      const ids = await people(s);
      await caseWithEvidence(s, ids, 'RMA-E1', 'SN-E1');
      await o.dataSource.query('ALTER TABLE test_run DISABLE TRIGGER test_run_no_update');
      await o.dataSource.query(`UPDATE test_run SET overall_verdict = 'pass', within_spec = 1`);
      const r = await verifyChain(execOfManager(o.dataSource.manager));
      expect(r.ok).toBe(false);
      expect(r.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['row-changed', 'guard-missing']));
      expect(r.problems.find((p) => p.kind === 'row-changed')?.message).toMatch(/test_run #\d+ \(link \d+\) was changed after it was recorded/);
      // The start-up check of a lab (newest links only) finds the same, and a row written past the app.
      await o.dataSource.query(`INSERT INTO audit_event (at, actor, action, entity, entity_id, details_json) VALUES ('2026-03-03T00:00:00Z', 'intruder', 'x', 'y', '1', '{}')`);
      const quick = await verifyChain(execOfManager(o.dataSource.manager), { tail: 1000 });
      expect(quick.problems.map((p) => p.kind)).toEqual(expect.arrayContaining(['row-changed', 'guard-missing', 'row-unlinked']));
      expect(quick.problems.find((p) => p.kind === 'row-unlinked')?.message).toMatch(/audit_event #\d+ has no link in the chain/);
      // A grant of UPDATE to the benches is reported by the check too.
      await o.dataSource.query('GRANT UPDATE ON audit_event TO optic_bench_app');
      const check = await checkDatabase(o);
      expect(check.problems.map((p) => p.message).join('\n')).toMatch(/audit_event \(optic_bench_app may UPDATE\)/);
    } finally {
      await o.close();
      await t2.drop();
    }
  });

  it('gives two benches opening cases at the same instant different RMA numbers from the sequence', async () => {
    const a = createRecordServices(benchA);
    const b = createRecordServices(benchB);
    const customer = await a.customers.create({ name: 'Sequence Co', actor: 'zlin' });
    const open = (s: RecordServices, i: number) =>
      s.repairs.createCase({ customerId: customer.id, moduleSerial: `SEQ-${i}`, notificationChannel: 'telephone', notifiedAt: '2026-03-02T10:00:00Z', notifiedBy: 'x', complaintText: 'dead', actor: 'zlin' });
    const made = await Promise.all(Array.from({ length: 20 }, (_x, i) => open(i % 2 === 0 ? a : b, i)));
    const numbers = made.map((c) => c.rmaNumber);
    expect(new Set(numbers).size).toBe(20);
    for (const n of numbers) expect(n).toMatch(/^RMA-2026-\d{6}$/);
  });

  it('tells the second of two benches changing one case who changed it, where and when, and overwrites nothing', async () => {
    await benchA.write((em) => em.query(`INSERT INTO setting (key, value, updated_at, updated_by) VALUES ('station', 'bench 3', '2026-03-02T10:00:00Z', 'x') ON CONFLICT DO NOTHING`));
    const a = createRecordServices(benchA, { station: async () => 'bench 3' });
    const b = createRecordServices(benchB, { station: async () => 'bench 5' });
    const customer = await a.customers.create({ name: 'Conflict Co', actor: 'zlin' });
    const li = await a.technicians.create({ code: 'lwei', name: 'Li Wei', role: 'technician', actor: 'zlin' });
    const c = await a.repairs.createCase({ customerId: customer.id, moduleSerial: 'SN-C1', notificationChannel: 'telephone', notifiedAt: '2026-03-02T09:00:00Z', notifiedBy: 'x', complaintText: 'dead', technicianId: li.id, actor: 'zlin' });
    // Both benches show version c.version; bench 3 moves first.
    const moved = await a.repairs.transition({ caseId: c.id, to: 'diagnosing', expectedVersion: c.version, actor: 'Li Wei (lwei)' });
    expect(moved.version).toBe(c.version + 1);
    const e = await failure(b.repairs.transition({ caseId: c.id, to: 'diagnosing', expectedVersion: c.version, actor: 'Mei Wu (mwu)' }));
    expect(e.code).toBe('CASE_CHANGED');
    expect(e.message).toBe(`case ${c.rmaNumber} was changed by Li Wei (lwei) at bench 3 at 10:41 UTC: reload`);
    expect(e.details).toMatchObject({ changedBy: 'Li Wei (lwei)', station: 'bench 3', at: '2026-03-02T10:41:00.000Z', version: c.version + 1, expectedVersion: c.version });
    const after = await b.repairs.getCaseDetail(c.id);
    expect(after.history.map((h) => h.to)).toEqual(['received', 'diagnosing']);
    expect(after.case.updatedStation).toBe('bench 3');
  });

  it('stores a run sent twice with the same run id once (a resend from the outbox is recognised)', async () => {
    const s = createRecordServices(benchA);
    const uid = '6f1c1d3e-3b1a-4c55-9a7e-1d2f3a4b5c6d';
    const [x, y] = await Promise.all([s.testRuns.record(testRunInput('SN-U1', { runUid: uid })), createRecordServices(benchB).testRuns.record(testRunInput('SN-U1', { runUid: uid }))]);
    expect(x?.id).toBe(y?.id);
    const [n] = await benchA.dataSource.query(`SELECT count(*) AS n FROM test_run WHERE run_uid = ?`, [uid]);
    expect(Number(n.n)).toBe(1);
  });

  it('attaches a run kept unattached to the case its resend names, once (a read kept while the server was away, then attached on the bench)', async () => {
    const s = createRecordServices(benchA);
    const customer = await s.customers.create({ name: 'Resend Co', actor: 'zlin' });
    const c = await s.repairs.createCase({ customerId: customer.id, moduleSerial: 'SN-R1', notificationChannel: 'telephone', notifiedAt: '2026-03-02T08:00:00Z', notifiedBy: 'x', complaintText: 'dead', actor: 'zlin' });
    const uid = '0b7e4c2a-1d3f-4e5a-8b6c-7d8e9f0a1b2c';
    const first = testRunInput('SN-R1', { runUid: uid });
    const kept = await s.testRuns.record(first);
    expect(await s.testRuns.listForCase(c.id)).toHaveLength(0);
    // The outbox sends the same run again, now naming the case it was attached to on the bench.
    const again = await s.testRuns.record({ ...first, repairCaseId: c.id });
    expect(again.id).toBe(kept.id);
    expect(again.repairCaseId).toBe(c.id);
    const third = await s.testRuns.record({ ...first, repairCaseId: c.id });
    expect(third.id).toBe(kept.id);
    const runs = await s.testRuns.listForCase(c.id);
    expect(runs.map((r) => r.id)).toEqual([kept.id]);
    const [n] = await benchA.dataSource.query(`SELECT count(*) AS n FROM test_run_attachment WHERE test_run_id = ?`, [kept.id]);
    expect(Number(n.n)).toBe(1);
  });

  it('refuses a lab server whose schema is older to a bench login, naming the upgrade, and upgrades as the owner', async () => {
    const t3 = await createTestDatabase('old');
    try {
      // The previous release's schema (4 migrations), with a record in it.
      const prev = new DataSource({
        type: 'postgres',
        ...t3.owner.config,
        username: SUPERUSER,
        migrations: MIGRATION_PAIRS.slice(0, 4).map((p) => p.postgres as NonNullable<typeof p.postgres>),
        extra: { Client: (await import('../../../main/db/postgres')).TranslatingClient },
      } as ConstructorParameters<typeof DataSource>[0]);
      await prev.initialize();
      await prev.runMigrations({ transaction: 'all' });
      await prev.query(`INSERT INTO customer (name, created_at) VALUES ('Before Upgrade', '2026-01-01T00:00:00Z')`);
      await (await import('../../../main/db/migrations/postgres/grants')).applyLabGrants((sql, params) => prev.query(sql, params));
      await prev.destroy();

      const e = await failure(openRecords(t3.bench, { migrate: false }));
      expect(e.code).toBe('LAB_UPGRADE_NEEDED');
      expect(e.message).toMatch(/db upgrade --db postgres:\/\/OWNER@HOST\/DATABASE/);
      const denied = await failure(openRecords(t3.bench));
      expect(denied.code).toBe('LAB_UPGRADE_NEEDED'); // a bench's role may not change the schema

      const up = await runCli(['db', 'upgrade', '--db', `postgres://${SUPERUSER}:${SUPERUSER_PASSWORD}@${t3.owner.config.host}:${t3.owner.config.port}/${t3.name}`, '--json']);
      expect(up.code, up.err).toBe(0);
      expect(JSON.parse(up.out)).toMatchObject({ schemaVersion: SCHEMA_VERSION });
      const bench = await openRecords(t3.bench, { migrate: false });
      try {
        expect(((await bench.dataSource.query('SELECT name FROM migrations ORDER BY id')) as Array<{ name: string }>).map((m) => m.name)).toEqual([...KNOWN_MIGRATION_NAMES]);
        expect((await createRecordServices(bench).customers.list()).map((c) => c.name)).toEqual(['Before Upgrade']);
      } finally {
        await bench.close();
      }
    } finally {
      await t3.drop();
    }
  });

  it('a bench whose lab server does not answer at start says so and names the way to its own records', async () => {
    const { startHarness } = await import('../../support/harness/server');
    const dir = tempDir('ob-lab-start-');
    fs.writeFileSync(path.join(dir, 'lab-server.json'), JSON.stringify({ settings: { host: '127.0.0.1', port: 1, database: 'optic_bench', user: 'bench01', tls: 'off' }, enabled: true, password: null, caFile: null }));
    const e = await failure(startHarness({ databasePath: path.join(dir, 'optic-bench.sqlite') }));
    expect(e.code).toBe('LAB_SERVER_UNREACHABLE');
    expect(e.message).toMatch(/OPTIC_BENCH_LAB=off/);
    const h = await startHarness({ databasePath: path.join(dir, 'optic-bench.sqlite'), labDisabled: true });
    try {
      expect(h.services.db.engine).toBe('sqlite');
      expect(h.services.lab.status().mode).toBe('bench');
    } finally {
      await h.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a database of another application and leaves it untouched', async () => {
    const t4 = await createTestDatabase('other');
    const c = await adminClient(await ensureCluster(), t4.name);
    try {
      await c.query('CREATE TABLE invoices (id int)');
      const e = await failure(openRecords(t4.owner));
      expect(e.code).toBe('DB_NOT_OPTIC_BENCH');
      expect((await c.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`)).rows[0].n).toBe(1);
    } finally {
      await c.end();
      await t4.drop();
    }
  });
});

describe.skipIf(skipPostgres())('moving benches into the lab (migrate)', () => {
  async function benchFile(name: string, build: (s: RecordServices) => Promise<void>): Promise<string> {
    const dir = tempDir('ob-bench-');
    const file = path.join(dir, `${name}.sqlite`);
    const db = await openDatabase({ path: file, clock: fakeClock('2026-03-03T08:00:00.000Z') });
    try {
      await build(createRecordServices(db));
    } finally {
      await db.close();
    }
    return file;
  }

  it('copies two benches into one lab, keeps RMA numbers, verifies counts and hashes, and copies nothing twice', async () => {
    const t = await createMigratedDatabase('mig');
    const lab = await openRecords(t.owner);
    try {
      const one = await benchFile('bench-1', async (s) => {
        const ids = await people(s);
        await caseWithEvidence(s, ids, 'RMA-B1-0001', 'SN-M1');
        await caseWithEvidence(s, ids, 'RMA-B1-0002', 'SN-M2');
        await s.settings.importLimitProfile(shippedProfile('lab-test'), 'zlin');
      });
      const two = await benchFile('bench-2', async (s) => {
        const ids = await people(s); // the same customer and the same two people as bench 1
        await caseWithEvidence(s, ids, 'RMA-B2-0001', 'SN-M3');
      });
      const r1 = await migrateBench({ from: one, to: lab, actor: 'admin' });
      const r2 = await migrateBench({ from: two, to: lab, actor: 'admin' });
      expect(r1.tables.repair_case).toMatchObject({ source: 2, copied: 2, existing: 0 });
      expect(r2.tables.customer).toMatchObject({ source: 1, copied: 0, existing: 1 }); // Northwind Networks, once
      expect(r2.tables.technician).toMatchObject({ source: 2, copied: 0, existing: 2 });
      expect(r1.verifiedRows).toBeGreaterThan(10);
      const s = createRecordServices(lab);
      expect((await s.repairs.listCases({})).items.map((c) => c.rmaNumber).sort()).toEqual(['RMA-B1-0001', 'RMA-B1-0002', 'RMA-B2-0001']);
      const detail = await s.repairs.getCaseDetail((await s.repairs.getCaseByRma('RMA-B2-0001')).id);
      expect(detail.case.decisionDetail?.evidenceTestRunId).toBe(detail.testRuns[0]?.id);
      expect(detail.externalTests?.[0]?.bitErrorRatio).toBe(3.3e-7);
      const chain = await verifyChain(postgresExec((sql, p) => lab.dataSource.query(sql, p)));
      expect(chain.ok, JSON.stringify(chain.firstBroken)).toBe(true);
      // The lab's statistics aggregates (schema 8) count the copied cases exactly, through the triggers.
      const q = (sql: string, p?: unknown[]) => lab.dataSource.query(sql, p);
      expect(await storedAggregates(q)).toEqual(await expectedAggregates(q));
      expect((await s.statistics.statistics()).total).toBe(3);

      // Again: nothing new, nothing twice.
      const again = await migrateBench({ from: one, to: lab, actor: 'admin' });
      expect(Object.values(again.tables).every((c) => c.copied === 0)).toBe(true);
      expect(again.links).toBe(0);
      const [runs] = await lab.dataSource.query('SELECT count(*) AS n FROM test_run');
      expect(Number(runs.n)).toBe(3);
      expect(await storedAggregates(q)).toEqual(await expectedAggregates(q));

      // A third bench with an RMA the lab has: refused, and the lab is as it was.
      const clash = await benchFile('bench-3', async (s2) => {
        const ids = await people(s2);
        await caseWithEvidence(s2, ids, 'RMA-B1-0001', 'SN-X9');
      });
      const before = Number((await lab.dataSource.query('SELECT count(*) AS n FROM evidence_link'))[0].n);
      const e = await failure(migrateBench({ from: clash, to: lab, actor: 'admin' }));
      expect(e.code).toBe('MIGRATE_CONFLICT');
      expect(e.message).toMatch(/RMA RMA-B1-0001 is already a case in the lab/);
      expect(Number((await lab.dataSource.query('SELECT count(*) AS n FROM evidence_link'))[0].n)).toBe(before);
    } finally {
      await lab.close();
      await t.drop();
    }
  });

  it('runs from the command line with the password from PGPASSWORD, and a broken bench file is refused', async () => {
    const t = await createMigratedDatabase('cli');
    const cluster = await ensureCluster();
    const dir = tempDir('ob-bench-');
    const file = path.join(dir, 'bench.sqlite');
    const db = await openDatabase({ path: file });
    const s = createRecordServices(db);
    await caseWithEvidence(s, await people(s), 'RMA-CLI-1', 'SN-CLI');
    await db.close();
    const url = `postgres://${t.benchUser}@${cluster.host}:${cluster.port}/${t.name}`;
    const saved = process.env.PGPASSWORD;
    process.env.PGPASSWORD = t.benchPassword;
    try {
      const r = await runCli(['migrate', '--from', file, '--to', url, '--json']);
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out).tables.repair_case).toMatchObject({ copied: 1 });
      const v = await runCli(['audit', 'verify', '--db', url, '--json']);
      expect(v.code, v.err).toBe(0);
      const cases = await runCli(['cases', '--db', url, '--json']);
      expect(cases.out).toContain('RMA-CLI-1');
      // Exports and reports read the lab server as they read a file.
      const out = path.join(dir, 'runs.json');
      const exported = await runCli(['export', 'test-runs', '--format', 'json', '--out', out, '--rma', 'RMA-CLI-1', '--db', url]);
      expect(exported.code, exported.err).toBe(0);
      const runsJson = JSON.parse(fs.readFileSync(out, 'utf8')) as { rows: Array<{ raw_hex: string; case_rma: string }> };
      expect(runsJson.rows).toHaveLength(1);
      expect(runsJson.rows[0]?.raw_hex).toMatch(/^[0-9a-f]{1024}$/);
      const html = path.join(dir, 'repair.html');
      const report = await runCli(['report', '--rma', 'RMA-CLI-1', '--html', html, '--db', url]);
      expect(report.code, report.err).toBe(0);
      expect(fs.readFileSync(html, 'utf8')).toContain('RMA-CLI-1');
      const stats = await runCli(['stats', '--db', url, '--json']);
      expect(JSON.parse(stats.out)).toMatchObject({ total: 1 });
      // A wrong password: refused with the reason, not a crash.
      process.env.PGPASSWORD = 'wrong';
      const bad = await runCli(['cases', '--db', url]);
      expect(bad.code).toBe(1);
      expect(bad.err).toMatch(/LAB_SERVER_REFUSED/);
      // Nothing listens there: unreachable, promptly.
      const down = await runCli(['cases', '--db', `postgres://x@127.0.0.1:1/none`]);
      expect(down.err).toMatch(/LAB_SERVER_UNREACHABLE/);
    } finally {
      if (saved === undefined) delete process.env.PGPASSWORD;
      else process.env.PGPASSWORD = saved;
    }
    // An edited bench file: nothing is copied.
    const raw = new pg.Client({ ...targetFor(cluster, t.name, SUPERUSER, SUPERUSER_PASSWORD).config });
    await raw.connect();
    const before = Number((await raw.query('SELECT count(*)::int AS n FROM test_run')).rows[0].n);
    const { execFileSync } = await import('node:child_process');
    execFileSync('sqlite3', [file, `DROP TRIGGER test_run_no_update; UPDATE test_run SET within_spec = 1;`]);
    const e = await failure(migrateBench({ from: file, to: await openRecords(t.owner), actor: 'admin' }));
    expect(e.code).toBe('MIGRATE_SOURCE_INVALID');
    expect(Number((await raw.query('SELECT count(*)::int AS n FROM test_run')).rows[0].n)).toBe(before);
    await raw.end();
    await t.drop();
  });
});
