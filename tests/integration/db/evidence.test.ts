// Issue 16 as an auditor tries it, on real SQLite files: rows edited with the sqlite3 shell,
// INSERT OR REPLACE on every evidence table, hostile and altered backups, a restore while another
// process writes, simulated and file reads offered as a real case's evidence, a serial mismatch.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, RawSqlite } from '../../../main/db/index';
import { verifyChain } from '../../../main/db/evidence-chain';
import { CHAIN_TABLE, EVIDENCE_TABLES } from '../../../main/db/schema-constants';
import { MIGRATIONS } from '../../../main/db/migrations/index';
import { createRecordServices } from '../../../main/services/index';
import { restoreDatabase, verifyBackupFile } from '../../../main/services/backup';
import { checkDatabase } from '../../../main/services/chain-check';
import type { VerifiedPerson } from '../../../preload/contract/records';
import { DataSource } from 'typeorm';
import { runCli } from '../../support/cli';
import { evaluation, openFixture, people, SIMULATED_PROVENANCE, tempDir, testRunInput, type Fixture } from './helpers';
import { journalSoak } from './soak-fixture';

const SUPERVISOR: VerifiedPerson = { id: 2, code: 'mwu', name: 'Mei Wu', role: 'supervisor', label: 'Mei Wu (mwu)' };
const TECHNICIAN: VerifiedPerson = { id: 1, code: 'zlin', name: 'Zhang Lin', role: 'technician', label: 'Zhang Lin (zlin)' };
const FILE_PROVENANCE = { source: 'file', programmerKind: null, programmerPort: null, programmerIdentity: null, fileName: 'dump.hex', fileSha256: 'ab'.repeat(32) } as const;

/** The sqlite3 shell, as anyone with the file would use it. */
function shell(file: string, sql: string): string {
  return execFileSync('sqlite3', [file, sql], { encoding: 'utf8' });
}

let fx: Fixture;
let ids: { customerId: number; techId: number; supervisorId: number };

async function caseFor(serial: string, rma = `RMA-${serial}`): Promise<number> {
  const c = await fx.services.repairs.createCase({
    rmaNumber: rma,
    customerId: ids.customerId,
    moduleSerial: serial,
    notificationChannel: 'written',
    notifiedAt: '2026-03-01T09:00:00Z',
    notifiedBy: 'NOC',
    complaintText: 'No light',
    technicianId: ids.techId,
    actor: 'Zhang Lin (zlin)',
  });
  await fx.services.repairs.transition({ caseId: c.id, to: 'diagnosing', actor: 'Zhang Lin (zlin)' });
  return c.id;
}

beforeEach(async () => {
  fx = await openFixture();
  ids = await people(fx.services);
});
afterEach(async () => fx.close());

describe('provenance: only programmer reads are evidence', () => {
  it('a simulated read of another module cannot decide REAL-123 (the issue: it became `replace` on SIM0004)', async () => {
    const caseId = await caseFor('REAL-123');
    // The simulated failed-laser module's own serial: refused as a mismatch before anything else.
    await expect(fx.services.testRuns.record(testRunInput('SIM0004', { repairCaseId: caseId, provenance: SIMULATED_PROVENANCE, evaluation: evaluation(false) }))).rejects.toMatchObject({ code: 'SERIAL_MISMATCH' });
    // Even recorded under the case's serial, a simulated run is training: no decision rests on it.
    const training = await fx.services.testRuns.record(testRunInput('REAL-123', { repairCaseId: caseId, provenance: SIMULATED_PROVENANCE, evaluation: evaluation(false) }));
    expect(training.source).toBe('simulated');
    await expect(fx.services.repairs.transition({ caseId, to: 'awaiting-decision', actor: 'x' })).rejects.toMatchObject({ code: 'EVIDENCE_NOT_ADMISSIBLE', message: expect.stringContaining(`#${training.id}`) });
  });

  it('an imported dump is stored with its name and hash, and is not evidence either', async () => {
    const caseId = await caseFor('REAL-124');
    const imported = await fx.services.testRuns.record(testRunInput('REAL-124', { repairCaseId: caseId, provenance: FILE_PROVENANCE }));
    expect(imported).toMatchObject({ source: 'file', sourceFileName: 'dump.hex', sourceFileSha256: 'ab'.repeat(32), programmerKind: null });
    await expect(fx.services.repairs.transition({ caseId, to: 'awaiting-decision', actor: 'x' })).rejects.toMatchObject({ code: 'EVIDENCE_NOT_ADMISSIBLE' });
  });

  it('decides on the programmer read even when a newer training run sits beside it', async () => {
    const caseId = await caseFor('REAL-125');
    const real = await fx.services.testRuns.record(testRunInput('REAL-125', { repairCaseId: caseId, evaluation: evaluation(false) }));
    expect(real).toMatchObject({ source: 'programmer', programmerKind: 'usbiss', programmerIdentity: 'USB-ISS module 7 firmware 9', serialRead: 'REAL-125' });
    await fx.services.testRuns.record(testRunInput('REAL-125', { repairCaseId: caseId, provenance: SIMULATED_PROVENANCE, evaluation: evaluation(true), takenAt: '2026-03-02T10:00:00.000Z' }));
    await fx.services.repairs.transition({ caseId, to: 'awaiting-decision', actor: 'x' });
    const decided = await fx.services.repairs.decide({ caseId, cause: 'non-human', actor: 'Mei Wu (mwu)' });
    expect(decided.decisionDetail?.evidenceTestRunId).toBe(real.id);
  });

  it('a serial mismatch needs a supervisor: a technician approval is refused, a supervisor reason is kept and audited under them', async () => {
    const caseId = await caseFor('LABEL-9');
    const relabelled = testRunInput('MEM-9', { repairCaseId: caseId, moduleSerial: 'LABEL-9' });
    await expect(fx.services.testRuns.record(relabelled)).rejects.toMatchObject({ code: 'SERIAL_MISMATCH', message: expect.stringContaining('MEM-9') });
    await expect(fx.services.testRuns.record({ ...relabelled, serialOverride: { reason: 'label replaced', approver: TECHNICIAN } })).rejects.toMatchObject({ code: 'ROLE_REQUIRED' });
    const run = await fx.services.testRuns.record({ ...relabelled, serialOverride: { reason: 'Label replaced by the customer; memory shows the original serial', approver: SUPERVISOR } });
    expect(run).toMatchObject({ moduleSerial: 'LABEL-9', serialRead: 'MEM-9', serialOverride: { reason: 'Label replaced by the customer; memory shows the original serial', by: 'Mei Wu (mwu)' } });
    const events = await fx.services.audit.list({ entity: 'test_run', entityId: String(run.id) });
    expect(events.find((e) => e.action === 'test-run.serial-override')).toMatchObject({ actor: 'Mei Wu (mwu)', details: { serialRead: 'MEM-9', recordedSerial: 'LABEL-9' } });
    // And it may then be the evidence.
    await fx.services.repairs.transition({ caseId, to: 'awaiting-decision', actor: 'x' });
  });

  it('a supervisor reopens a decided case; the first decision stays in the history', async () => {
    const caseId = await caseFor('REAL-126');
    await fx.services.testRuns.record(testRunInput('REAL-126', { repairCaseId: caseId, evaluation: evaluation(true) }));
    await fx.services.repairs.transition({ caseId, to: 'awaiting-decision', actor: 'x' });
    await fx.services.repairs.decide({ caseId, cause: 'human', actor: 'Mei Wu (mwu)' });
    const reopened = await fx.services.repairs.reopen({ caseId, reason: 'Customer sent photos: the latch broke in transit', actor: 'Mei Wu (mwu)' });
    expect(reopened).toMatchObject({ status: 'awaiting-decision', decision: null, decisionDetail: null });
    const detail = await fx.services.repairs.getCaseDetail(caseId);
    expect(detail.history.at(-1)).toMatchObject({ from: 'rejected-not-covered', to: 'awaiting-decision', actor: 'Mei Wu (mwu)', note: 'Customer sent photos: the latch broke in transit' });
    await expect(fx.services.repairs.reopen({ caseId, reason: 'again', actor: 'x' })).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' });
  });
});

describe('append-only holds against INSERT OR REPLACE and REPLACE INTO', () => {
  it.each([...EVIDENCE_TABLES, CHAIN_TABLE])('%s: both are refused and the row is unchanged', async (table) => {
    const caseId = await caseFor('SN-R1');
    await fx.services.testRuns.record(testRunInput('SN-R1', { repairCaseId: caseId }));
    await fx.services.externalTests.record({
      caseId, role: 'before-repair', kind: 'link', result: 'pass', equipment: 'Host switch port 7', performedBy: 'Zhang Lin', performedAt: '2026-03-01T12:00:00Z', station: 'Bench 1', actor: 'Zhang Lin (zlin)',
    });
    await fx.services.settings.importLimitProfile({ id: 'custom-sr', version: 1, name: 'custom', source: 'lab', effectiveFrom: null, match: { interfaces: ['10GBASE-SR'] }, limits: {} }, 'zlin');
    // A soak run (issue 15): its soak_run row is evidence like the others.
    await fx.services.soaks.seal('soak-r1', await journalSoak(fx.services.soaks, { soakId: 'soak-r1', seconds: 2 }));
    await fx.db.close();
    const before = shell(fx.file, `SELECT * FROM ${table} ORDER BY rowid LIMIT 1`);
    expect(before).not.toBe('');
    for (const verb of ['INSERT OR REPLACE INTO', 'REPLACE INTO']) {
      expect(() => execFileSync('sqlite3', [fx.file, `${verb} ${table} SELECT * FROM ${table} ORDER BY rowid LIMIT 1`], { stdio: 'pipe' })).toThrow(/append-only/);
    }
    expect(shell(fx.file, `SELECT * FROM ${table} ORDER BY rowid LIMIT 1`)).toBe(before);
    fx.db = await openDatabase({ path: fx.file });
  });
});

describe('tamper evidence: audit verify names the first broken link', () => {
  async function seeded(): Promise<number[]> {
    const caseId = await caseFor('SN-T1');
    const a = await fx.services.testRuns.record(testRunInput('SN-T1', { repairCaseId: caseId, evaluation: evaluation(false) }));
    const b = await fx.services.testRuns.record(testRunInput('SN-T1', { repairCaseId: caseId, takenAt: '2026-03-02T10:00:00.000Z' }));
    await fx.db.close();
    return [a.id, b.id];
  }

  it('passes on the records the app wrote', async () => {
    await seeded();
    const r = await runCli(['audit', 'verify', '--db', fx.file]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ok: \d+ links verified/);
    fx.db = await openDatabase({ path: fx.file });
  });

  it('a verdict changed from fail to pass under another operator with the sqlite3 shell is found, by row and link', async () => {
    const [failed] = await seeded();
    shell(fx.file, `DROP TRIGGER test_run_no_update; UPDATE test_run SET overall_verdict = 'pass', within_spec = 1, operator = 'someone else' WHERE id = ${failed};`);
    const r = await runCli(['audit', 'verify', '--db', fx.file]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`BROKEN: test_run #${failed}`);
    expect(r.out).toContain('was changed after it was recorded');
    expect(r.out).toContain('test_run_no_update is missing');
    expect(r.err).toContain('error CHAIN_BROKEN');
  });

  it('a row added, a row deleted and a link edited are each named', async () => {
    const [, second] = await seeded();
    shell(fx.file, `INSERT INTO audit_event (at, actor, action, entity, entity_id, details_json) VALUES ('2026-03-02T11:00:00Z', 'ghost', 'case.decide', 'repair_case', '1', '{}')`);
    let r = await runCli(['audit', 'verify', '--db', fx.file, '--json']);
    expect(JSON.parse(r.out).firstBroken).toMatchObject({ kind: 'row-unlinked', table: 'audit_event' });
    shell(fx.file, `DROP TRIGGER test_run_no_delete; DELETE FROM test_run WHERE id = ${second};`);
    r = await runCli(['audit', 'verify', '--db', fx.file, '--json']);
    expect(JSON.parse(r.out).firstBroken).toMatchObject({ kind: 'row-missing', table: 'test_run', rowKey: `[${second}]` });
    shell(fx.file, `DROP TRIGGER ${CHAIN_TABLE}_no_update; UPDATE ${CHAIN_TABLE} SET row_hash = '${'0'.repeat(64)}' WHERE seq = 2;`);
    r = await runCli(['audit', 'verify', '--db', fx.file, '--json']);
    expect(JSON.parse(r.out).firstBroken).toMatchObject({ kind: 'link-altered', seq: 2 });
  });

  it('a database the migrations bring forward is chained from its existing rows, and its old runs get their provenance', async () => {
    await fx.db.close();
    const old = path.join(fx.dir, 'v2.sqlite');
    const v2 = new DataSource({ type: 'sqlite', database: old, migrations: MIGRATIONS.slice(0, 2), logging: false });
    await v2.initialize();
    await v2.runMigrations({ transaction: 'all' });
    await v2.query(`INSERT INTO module (serial, first_seen_at) VALUES ('SN-OLD', '2026-01-01T00:00:00Z')`);
    const run = (programmer: string) =>
      v2.query(
        `INSERT INTO test_run (module_serial, raw_image, sha256, decoded_json, evaluation_json, overall_verdict, within_spec, programmer, station, operator, app_version, taken_at, recorded_at, role)
         VALUES ('SN-OLD', x'00', '${'a'.repeat(64)}', '{}', '{}', 'pass', 1, ?, 'b', 'o', '0.1.0', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'before-repair')`,
        [programmer],
      );
    await run('Simulated bench (good-10g-sr)');
    await run('file dump.hex');
    await run('Bus Pirate (binary I2C) on /dev/ttyUSB0');
    await v2.destroy();
    const db = await openDatabase({ path: old });
    try {
      expect((await db.dataSource.query('SELECT source, source_file_name AS f FROM test_run ORDER BY id')) as unknown[]).toEqual([
        { source: 'simulated', f: null },
        { source: 'file', f: 'dump.hex' },
        { source: 'programmer', f: null },
      ]);
      expect(await checkDatabase(db)).toMatchObject({ ok: true, links: 3, rows: { test_run: 3 } });
    } finally {
      await db.close();
    }
    fx.db = await openDatabase({ path: fx.file });
  });
});

describe('restore cannot plant or lose anything', () => {
  async function backupOf(name: string): Promise<string> {
    const target = path.join(fx.dir, name);
    await fx.services.backup.backup(target, 'Mei Wu (mwu)');
    return target;
  }
  const liveSha = () => execFileSync('sha256sum', [fx.file], { encoding: 'utf8' }).split(' ')[0];

  it('a backup whose triggers were dropped and that rewrites test_run on insert is refused, naming them; the live file is untouched', async () => {
    await fx.services.testRuns.record(testRunInput('SN-H1', { evaluation: evaluation(false) }));
    const hostile = await backupOf('hostile.sqlite');
    shell(hostile, `DROP TRIGGER test_run_no_update; DROP TRIGGER test_run_no_delete;
      CREATE TRIGGER launder AFTER INSERT ON test_run BEGIN UPDATE test_run SET overall_verdict = 'pass', operator = 'nobody' WHERE id = NEW.id; END;`);
    await fx.db.close();
    const before = liveSha();
    const err = await restoreDatabase({ livePath: fx.file, fromPath: hostile, actor: 'Mei Wu (mwu)' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'RESTORE_SCHEMA_MISMATCH' });
    expect((err as Error).message).toMatch(/trigger launder is not ours|trigger launder/);
    expect((err as Error).message).toContain('test_run_no_update is missing');
    expect(liveSha()).toBe(before);
    expect(fs.readdirSync(fx.dir).filter((f) => f.includes('before-restore') || f.includes('restoring'))).toEqual([]);
    fx.db = await openDatabase({ path: fx.file });
  });

  it('a backup whose records were edited (triggers put back) is refused by its chain', async () => {
    const run = await fx.services.testRuns.record(testRunInput('SN-H2', { evaluation: evaluation(false) }));
    const edited = await backupOf('edited.sqlite');
    const trigger = shell(edited, `SELECT sql FROM sqlite_master WHERE name = 'test_run_no_update'`).trim();
    shell(edited, `DROP TRIGGER test_run_no_update; UPDATE test_run SET overall_verdict = 'pass' WHERE id = ${run.id}; ${trigger};`);
    await expect(verifyBackupFile(edited)).rejects.toMatchObject({ code: 'RESTORE_CHAIN_BROKEN', message: expect.stringContaining(`test_run #${run.id}`) });
  });

  it('a backup made before the records were chained is refused (nothing shows its records are the written ones)', async () => {
    const old = path.join(fx.dir, 'v2-backup.sqlite');
    const v2 = new DataSource({ type: 'sqlite', database: old, migrations: MIGRATIONS.slice(0, 2), logging: false });
    await v2.initialize();
    await v2.runMigrations({ transaction: 'all' });
    await v2.destroy();
    await expect(verifyBackupFile(old)).rejects.toMatchObject({ code: 'RESTORE_CHAIN_BROKEN' });
  });

  it('refuses while another process has the records open, naming it; that process keeps writing and nothing it wrote is lost', async () => {
    await fx.services.customers.create({ name: 'Before the backup', actor: 'admin' });
    const backup = await backupOf('good.sqlite');
    await fx.db.close();
    // Another Optic Bench process (the app, or a CLI command) with the records open.
    const script = `
      const { openDatabase } = require(${JSON.stringify(path.resolve(__dirname, '../../../main/db/index'))});
      const { createRecordServices } = require(${JSON.stringify(path.resolve(__dirname, '../../../main/services/index'))});
      (async () => {
        const db = await openDatabase({ path: ${JSON.stringify(fx.file)} });
        const s = createRecordServices(db);
        process.stdout.write('open\\n');
        process.stdin.on('data', async () => {
          await s.customers.create({ name: 'Written by the other process', actor: 'other' });
          process.stdout.write('written\\n');
          await db.close();
          process.exit(0);
        });
      })();`;
    const other: ChildProcess = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines: string[] = [];
    const seen = (word: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${word}" from the other process`)), 30_000);
        const check = (): void => {
          if (lines.some((l) => l.includes(word))) {
            clearTimeout(timer);
            resolve();
          }
        };
        other.stdout?.on('data', (d: Buffer) => {
          lines.push(d.toString());
          check();
        });
        check();
      });
    try {
      await seen('open');
      const err = await restoreDatabase({ livePath: fx.file, fromPath: backup, actor: 'Mei Wu (mwu)' }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'RESTORE_DATABASE_IN_USE', details: { holders: [expect.objectContaining({ pid: other.pid })] } });
      expect((err as Error).message).toContain(`process ${other.pid}`);
      other.stdin?.write('go\n');
      await seen('written');
    } finally {
      other.kill();
    }
    fx.db = await openDatabase({ path: fx.file });
    expect((await createRecordServices(fx.db).customers.list()).map((c) => c.name)).toContain('Written by the other process');
    expect(fs.readdirSync(fx.dir).filter((f) => f.includes('before-restore'))).toEqual([]);
  });

  it('a restore that goes ahead keeps the previous records, fsynced and private, and chains its own event', async () => {
    await fx.services.customers.create({ name: 'Kept', actor: 'admin' });
    const backup = await backupOf('b.sqlite');
    await fx.services.customers.create({ name: 'After the backup', actor: 'admin' });
    await fx.db.close();
    const r = await restoreDatabase({ livePath: fx.file, fromPath: backup, actor: 'Mei Wu (mwu)' });
    expect(r.previousCopy).not.toBeNull();
    for (const f of [fx.file, backup, r.previousCopy as string]) expect(fs.statSync(f).mode & 0o777).toBe(0o600);
    fx.db = await openDatabase({ path: fx.file });
    expect((await createRecordServices(fx.db).customers.list()).map((c) => c.name)).not.toContain('After the backup');
    const check = await checkDatabase(fx.db);
    expect(check).toMatchObject({ ok: true });
    const kept = await RawSqlite.open(r.previousCopy as string, 'readonly');
    try {
      expect((await kept.all<{ name: string }>('SELECT name FROM customer')).map((c) => c.name)).toContain('After the backup');
      expect((await verifyChain((sql, p) => kept.all(sql, p ?? []))).ok).toBe(true);
    } finally {
      await kept.close();
    }
  });
});

describe('files are private', () => {
  it('a new records database, its WAL and a backup are 0600, in a 0700 folder', async () => {
    const dir = path.join(tempDir('ob-modes-'), 'new', 'folder');
    const db = await openDatabase({ path: path.join(dir, 'records.sqlite') });
    await createRecordServices(db).customers.create({ name: 'x', actor: 'a' });
    await createRecordServices(db).backup.backup(path.join(dir, 'b.sqlite'), 'a');
    for (const f of ['records.sqlite', 'records.sqlite-wal', 'b.sqlite']) expect(fs.statSync(path.join(dir, f)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    await db.close();
  });
});
