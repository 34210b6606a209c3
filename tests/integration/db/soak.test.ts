// Soak runs in the records (issue 15), on real SQLite files: sealed as a test run of kind 'soak'
// with its soak_run row in one transaction, hash-chained and append-only (the whole series is in
// the hashed row), a failed soak deciding the warranty ahead of a later passing read, a passing
// soak read like a read, a closed case, the schema-4 file migrated, and an interrupted soak
// sealed from its journal.
import { SCHEMA_VERSION } from '../../../main/db/schema-constants';
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/index';
import { checkDatabase } from '../../../main/services/chain-check';
import { createRecordServices } from '../../../main/services/index';
import { readSeries } from '../../../main/hardware/soak-series';
import { evaluation, openFixture, people, testRunInput, type Fixture } from './helpers';
import { journalSoak } from './soak-fixture';

let fx: Fixture;
let ids: { customerId: number; techId: number };

beforeEach(async () => {
  fx = await openFixture();
  const p = await people(fx.services);
  ids = { customerId: p.customerId, techId: p.techId };
});
afterEach(async () => {
  await fx.close();
});

async function caseFor(serial: string, notifiedAt = '2026-03-01T09:00:00Z'): Promise<number> {
  const c = await fx.services.repairs.createCase({
    rmaNumber: `RMA-${serial}`,
    customerId: ids.customerId,
    moduleSerial: serial,
    notificationChannel: 'written',
    notifiedAt,
    notifiedBy: 'NOC',
    complaintText: 'Link flaps a few times a day',
    technicianId: ids.techId,
    actor: 'Zhang Lin (zlin)',
  });
  await fx.services.repairs.transition({ caseId: c.id, to: 'diagnosing', actor: 'Zhang Lin (zlin)' });
  return c.id;
}

describe('a sealed soak', () => {
  it('is attached beside the read it started from, and two soaks of one read are two soaks', async () => {
    // Why: a soak keeps its start read as its image; the "same bytes attached twice" refusal is
    // for reads, and must not lose a soak (it was refused as ALREADY_ATTACHED after the merge).
    const caseId = await caseFor('SIM0001');
    const first = await journalSoak(fx.services.soaks, { soakId: 'twin-1', caseId, losAtMs: 3000 });
    const a = await fx.services.soaks.seal('twin-1', first);
    const second = await journalSoak(fx.services.soaks, { soakId: 'twin-2', caseId, losAtMs: 3000 });
    const b = await fx.services.soaks.seal('twin-2', second);
    expect(a.notAttached).toBeNull();
    expect(b.notAttached).toBeNull();
    expect(a.run.sha256).toBe(b.run.sha256);
    const runs = await fx.services.testRuns.listForCase(caseId);
    expect(runs.filter((r) => r.kind === 'soak').map((r) => r.id).sort()).toEqual([a.run.id, b.run.id].sort());
  });

  it('is a test run of kind soak on its case with a soak_run row holding every sample; the chain verifies', async () => {
    // Why: "a finished soak is a test run of kind soak on the case, append-only like the others".
    const caseId = await caseFor('SIM0001');
    const final = await journalSoak(fx.services.soaks, { soakId: 's1', caseId, losAtMs: 3000 });
    const sealed = await fx.services.soaks.seal('s1', final);
    expect(sealed.run).toMatchObject({ kind: 'soak', repairCaseId: caseId, overall: 'fail', withinSpec: false, source: 'programmer' });
    expect(sealed.summary).toMatchObject({ verdict: 'fail', samples: 200, endReason: 'completed' });
    const stored = await fx.services.soaks.get(sealed.run.id);
    expect([...readSeries(stored.series)]).toHaveLength(200);
    expect(stored.events.find((e) => e.fault)).toMatchObject({ kind: 'flag', detail: 'rxLos', atMs: 3000 });
    expect(stored.phases).toEqual([expect.objectContaining({ kind: 'heated', note: 'hot air 60 degC' })]);
    expect(stored.failureMode).toBe('soak:flag:rxLos');
    expect(await fx.db.dataSource.query('SELECT count(*) AS n FROM soak_journal')).toEqual([{ n: 0 }]);
    const check = await checkDatabase(fx.db);
    expect(check.ok).toBe(true);
    expect(check.rows.soak_run).toBe(1);
    const audit = await fx.services.audit.list({ entity: 'test_run', entityId: String(sealed.run.id) });
    // Recorded as a soak, then attached to its case (schema 5: a run counts for a case through its attachment).
    expect(audit.map((a) => a.action).sort()).toEqual(['test-run.attach', 'test-run.record-soak']);
    expect(audit.every((a) => a.actor === 'Zhang Lin (zlin)')).toBe(true);
  });

  it('cannot be changed with the sqlite3 shell, and a series byte changed outside the app breaks its link', async () => {
    // Why: the series is evidence; its blob is inside the hashed row.
    const sealed = await fx.services.soaks.seal('s2', await journalSoak(fx.services.soaks, { soakId: 's2', seconds: 2 }));
    await fx.db.close();
    expect(() => execFileSync('sqlite3', [fx.file, `UPDATE soak_run SET verdict = 'pass' WHERE test_run_id = ${sealed.run.id}`], { stdio: 'pipe' })).toThrow(/append-only/);
    expect(() => execFileSync('sqlite3', [fx.file, `DELETE FROM soak_run`], { stdio: 'pipe' })).toThrow(/append-only/);
    // An attacker who drops the guard to edit one byte of the series is still found by the chain.
    execFileSync('sqlite3', [fx.file, `DROP TRIGGER soak_run_no_update; UPDATE soak_run SET series = zeroblob(length(series)) WHERE test_run_id = ${sealed.run.id};`]);
    fx.db = await openDatabase({ path: fx.file });
    const check = await checkDatabase(fx.db);
    expect(check.ok).toBe(false);
    expect(check.firstBroken?.message ?? '').toMatch(/soak_run/);
  });

  it('on a case closed while it ran is kept without the case, and says why', async () => {
    // Why: 24 hours of evidence are never thrown away because the paperwork moved on.
    const caseId = await caseFor('SIM0001');
    const final = await journalSoak(fx.services.soaks, { soakId: 's3', caseId, seconds: 1 });
    await fx.db.write((em) => em.query(`UPDATE repair_case SET status = 'closed' WHERE id = ?`, [caseId]));
    const sealed = await fx.services.soaks.seal('s3', final);
    expect(sealed.run.repairCaseId).toBeNull();
    expect(sealed.notAttached).toMatch(/closed/);
  });
});

describe('a soak as evidence of the warranty decision', () => {
  it('a soak that caught a fault decides (replace within a year), even when a later read passes', async () => {
    // Why: an intermittent fault caught once is a fault; the next read that passes does not undo it.
    const caseId = await caseFor('SIM0001', '2024-06-01T09:00:00Z');
    await fx.services.soaks.seal('s4', await journalSoak(fx.services.soaks, { soakId: 's4', caseId, losAtMs: 2000, startedAtMs: Date.parse('2026-03-02T09:00:00Z') }));
    fx.clock.advance(3600_000);
    await fx.services.testRuns.record(testRunInput('SIM0001', { repairCaseId: caseId, evaluation: evaluation(true), takenAt: '2026-03-02T11:00:00.000Z' }));
    await fx.services.repairs.transition({ caseId, to: 'awaiting-decision', actor: 'x' });
    const decided = await fx.services.repairs.decide({ caseId, cause: 'non-human', actor: 'Mei Wu (mwu)' });
    expect(decided.decision).toBe('replace');
    expect(decided.failureMode).toBe('soak:flag:rxLos');
    const run = await fx.services.testRuns.get(decided.decisionDetail!.evidenceTestRunId);
    expect(run.kind).toBe('soak');
  });

  it('a soak that passed is read like the read it started with: no fault found', async () => {
    // Why: a clean soak is as good as a clean read, and never more: "like a single read".
    const caseId = await caseFor('SIM0001', '2024-06-01T09:00:00Z');
    await fx.services.soaks.seal('s5', await journalSoak(fx.services.soaks, { soakId: 's5', caseId, losAtMs: null }));
    await fx.services.repairs.transition({ caseId, to: 'awaiting-decision', actor: 'x' });
    const decided = await fx.services.repairs.decide({ caseId, cause: 'non-human', actor: 'Mei Wu (mwu)' });
    expect(decided.decision).toBe('no-fault-found');
  });

  it('a simulated soak is training: it never decides', async () => {
    // Why: only programmer soaks are evidence.
    const caseId = await caseFor('SIM0001');
    await fx.services.soaks.seal('s6', await journalSoak(fx.services.soaks, { soakId: 's6', caseId, losAtMs: 1000, source: 'simulated' }));
    await expect(fx.services.repairs.transition({ caseId, to: 'awaiting-decision', actor: 'x' })).rejects.toMatchObject({ code: 'EVIDENCE_NOT_ADMISSIBLE' });
  });
});

describe('an interrupted soak', () => {
  it('is sealed from its journal with every sample written, its events and phases, ended by the app stopping', async () => {
    // Why: the app killed mid-soak keeps every sample up to the last second.
    const caseId = await caseFor('SIM0001');
    await journalSoak(fx.services.soaks, { soakId: 's7', caseId, losAtMs: 4000, seconds: 6 });
    // The app stops here; at the next start:
    await fx.db.close();
    fx.db = await openDatabase({ path: fx.file, clock: fx.clock });
    const services = createRecordServices(fx.db);
    expect(await services.soaks.journaled()).toEqual(['s7']);
    const sealed = await services.soaks.seal('s7');
    expect(sealed.summary).toMatchObject({ endReason: 'app-stopped', samples: 120, verdict: 'fail', durationMs: 5950 });
    expect(sealed.summary.endDetail).toMatch(/stopped during the soak/);
    const stored = await services.soaks.get(sealed.run.id);
    expect(stored.events.map((e) => e.detail)).toEqual(['rxLos']);
    expect(stored.summary.stats.find((s) => s.parameter === 'txPowerDbm')!.n).toBe(120);
  });
});

describe('schema 6', () => {
  it('a schema-4 file with chained runs migrates to the current schema: its runs keep their hashes (kind is NULL), soak_run is guarded and chained', async () => {
    // Why: a new nullable column must not break a single existing link; the new table joins the guards.
    const { DataSource } = await import('typeorm');
    const { MIGRATIONS } = await import('../../../main/db/migrations/index');
    const { linkUnlinkedRows } = await import('../../../main/db/evidence-chain');
    const file = `${fx.dir}/v4.sqlite`;
    const v4 = new DataSource({ type: 'sqlite', database: file, migrations: MIGRATIONS.slice(0, 4), enableWAL: true });
    await v4.initialize();
    await v4.runMigrations({ transaction: 'all' });
    expect(await v4.query('PRAGMA user_version')).toEqual([{ user_version: 4 }]);
    await v4.query(`INSERT INTO module (serial, first_seen_at) VALUES ('S1', '2026-01-01T00:00:00.000Z')`);
    await v4.query(`INSERT INTO test_run (module_serial, raw_image, sha256, decoded_json, evaluation_json, overall_verdict, within_spec, programmer, station, operator, app_version, taken_at, recorded_at, role, source)
      VALUES ('S1', x'0102', '${'c'.repeat(64)}', '{}', '{}', 'pass', 1, 'p', 's', 'o', 'v', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'before-repair', 'programmer')`);
    await linkUnlinkedRows((sql, p) => v4.query(sql, p), '2026-01-01T00:00:00.000Z');
    await v4.destroy();
    const db = await openDatabase({ path: file });
    try {
      expect(await db.dataSource.query('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }]);
      expect(await db.dataSource.query(`SELECT value FROM meta WHERE key = 'schema_version'`)).toEqual([{ value: String(SCHEMA_VERSION) }]);
      expect(await db.dataSource.query('SELECT kind FROM test_run')).toEqual([{ kind: null }]);
      const triggers = (await db.dataSource.query(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'soak_run' ORDER BY name`)) as { name: string }[];
      expect(triggers.map((t) => t.name)).toEqual(['soak_run_no_delete', 'soak_run_no_replace', 'soak_run_no_update']);
      expect((await checkDatabase(db)).ok).toBe(true);
      await expect(db.writer.query(`INSERT INTO test_run (module_serial, raw_image, sha256, decoded_json, evaluation_json, overall_verdict, within_spec, programmer, station, operator, app_version, taken_at, recorded_at, role, kind)
        VALUES ('S1', x'01', '${'d'.repeat(64)}', '{}', '{}', 'pass', 1, 'p', 's', 'o', 'v', 't', 't', 'before-repair', 'nap')`)).rejects.toThrow(/CHECK/);
    } finally {
      await db.close();
    }
  });
});
