// The command line: `export cases|test-runs` over a real database file, and `restore` refusing
// files that are not Optic Bench databases without touching the live one.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOSS, withBoss, withPin } from '../../support/people';
import { openDatabase, RawSqlite } from '../../../main/db/index';
import { createRecordServices } from '../../../main/services/index';
import { people, tempDir, testRunInput } from '../db/helpers';
import { makeForeignFiles } from './foreign-files';
import { runCli } from '../../support/cli';

const dir = tempDir('ob-export-cli-');
const db = path.join(dir, 'records.sqlite');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = runCli;

const csvRows = (file: string) => parse(fs.readFileSync(file), { bom: true, columns: true }) as Record<string, string>[];
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const customerNames = async (file: string) => {
  const raw = await RawSqlite.open(file);
  try {
    return (await raw.all<{ name: string }>('SELECT name FROM customer ORDER BY id')).map((r) => r.name);
  } finally {
    await raw.close();
  }
};

beforeAll(async () => {
  const d = await openDatabase({ path: db, clock: () => new Date('2026-03-02T08:00:00.000Z') });
  const s = createRecordServices(d);
  const { customerId, techId } = await people(s);
  const other = await s.customers.create({ name: '深圳数据中心', actor: 'admin' });
  const mk = (rma: string, serial: string, cust: number, notifiedAt: string) =>
    s.repairs.createCase({ rmaNumber: rma, customerId: cust, moduleSerial: serial, notificationChannel: 'telephone', notifiedAt, notifiedBy: 'NOC', complaintText: 'no light, "LOS" on, port 3', technicianId: techId, actor: 'zlin' });
  const a = await mk('RMA-100', 'SN-100', customerId, '2026-01-10T09:00:00Z');
  await mk('RMA-101', 'SN-101', other.id, '2026-02-10T09:00:00Z');
  await mk('RMA-200', 'SN-200', customerId, '2026-02-20T09:00:00Z');
  await s.repairs.transition({ caseId: a.id, to: 'diagnosing', actor: 'zlin' });
  await s.testRuns.record(testRunInput('SN-100', { repairCaseId: a.id, takenAt: '2026-01-11T09:00:00.000Z' }));
  await s.testRuns.record(testRunInput('SN-999', { takenAt: '2026-02-11T09:00:00.000Z' }));
  await d.close();
});

describe('export CLI', () => {
  it('an export is an audit event in the database it came from, under --actor', async () => {
    const out = path.join(dir, 'audited.csv');
    const r = await run(['export', 'test-runs', '--db', db, '--out', out, '--verdict', 'pass', '--actor', 'Chen Jie']);
    expect(r.code).toBe(0);
    const raw = await RawSqlite.open(db);
    try {
      const rows = await raw.all<{ actor: string; entity_id: string; details_json: string }>("SELECT actor, entity_id, details_json FROM audit_event WHERE action = 'export.test-runs'");
      expect(rows.map((x) => [x.actor, x.entity_id])).toEqual([['Chen Jie', 'audited.csv']]);
      expect(JSON.parse(rows[0]?.details_json ?? '{}')).toMatchObject({ format: 'csv', rows: 2, filters: { overall: 'pass' }, via: 'cli' });
    } finally {
      await raw.close();
    }
  });

  it('exports the filtered cases, prints the row count, and the file parses back', async () => {
    const out = path.join(dir, 'cases.csv');
    const r = await run(['export', 'cases', '--db', db, '--format', 'csv', '--out', out, '--search', 'RMA-1', '--from', '2026-01-01', '--to', '2026-02-01']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe(`exported 1 cases to ${out} (${fs.statSync(out).size} bytes)\n`);
    const rows = csvRows(out);
    expect(rows.map((x) => x.rma_number)).toEqual(['RMA-100']);
    expect(rows[0]).toMatchObject({ complaint: 'no light, "LOS" on, port 3', status: 'diagnosing', test_run_count: '1', last_verdict: 'pass' });
  });

  it('filters by status and by customer name, and --json prints the result', async () => {
    const out = path.join(dir, 'by-customer.json');
    const r = await run(['export', 'cases', '--db', db, '--format', 'json', '--out', out, '--customer', '深圳数据中心', '--status', 'received', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ path: out, rows: 1 });
    expect((JSON.parse(fs.readFileSync(out, 'utf8')) as { rows: { rma_number: string; customer: string }[] }).rows).toMatchObject([{ rma_number: 'RMA-101', customer: '深圳数据中心' }]);
    const unknown = await run(['export', 'cases', '--db', db, '--out', path.join(dir, 'x.csv'), '--customer', 'Nobody Ltd']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('NOT_FOUND');
    const badStatus = await run(['export', 'cases', '--db', db, '--out', path.join(dir, 'x.csv'), '--status', 'lost']);
    expect(badStatus.code).toBe(1);
    expect(badStatus.err).toContain('INVALID_INPUT');
    expect(fs.existsSync(path.join(dir, 'x.csv'))).toBe(false);
  });

  it('exports test runs by period, case and verdict', async () => {
    const out = path.join(dir, 'runs.csv');
    const r = await run(['export', 'test-runs', '--db', db, '--out', out, '--from', '2026-02-01', '--verdict', 'pass']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^exported 1 test runs to /);
    expect(csvRows(out).map((x) => x.module_serial)).toEqual(['SN-999']);
    const byCase = path.join(dir, 'runs-case.csv');
    expect((await run(['export', 'test-runs', '--db', db, '--out', byCase, '--rma', 'rma-100'])).code).toBe(0);
    expect(csvRows(byCase).map((x) => x.case_rma)).toEqual(['RMA-100']);
  });

  it('refuses to overwrite an existing --out with EXPORT_TARGET_EXISTS naming the file; --force replaces it', async () => {
    const out = path.join(dir, 'taken.csv');
    fs.writeFileSync(out, 'an earlier export');
    const refused = await run(['export', 'cases', '--db', db, '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('error EXPORT_TARGET_EXISTS');
    expect(refused.err).toContain(out);
    expect(fs.readFileSync(out, 'utf8')).toBe('an earlier export');
    const forced = await run(['export', 'cases', '--db', db, '--out', out, '--force']);
    expect(forced.code).toBe(0);
    expect(csvRows(out)).toHaveLength(3);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });

  it('a mistyped --db is FILE_NOT_FOUND, not an empty database created and "exported 0"', async () => {
    const missing = path.join(dir, 'typo.sqlite');
    const r = await run(['export', 'cases', '--db', missing, '--out', path.join(dir, 'typo.csv')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`error FILE_NOT_FOUND: no records database at ${missing}`);
    expect(fs.existsSync(missing)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'typo.csv'))).toBe(false);
  });

  it('an unknown --format is a usage error (exit 2), not a file', async () => {
    const r = await run(['export', 'cases', '--db', db, '--out', path.join(dir, 'c.xlsx'), '--format', 'xlsx']);
    expect(r.code).toBe(2);
    expect(fs.existsSync(path.join(dir, 'c.xlsx'))).toBe(false);
  });
});

describe('restore CLI refuses what is not an Optic Bench database', () => {
  it.each(['plainSqlite', 'textAsSqlite', 'empty'] as const)('%s: RESTORE_SOURCE_INVALID, exit 1, live database byte-for-byte unchanged, no copy made', async (which) => {
    const foreign = (await makeForeignFiles(tempDir('ob-foreign-')))[which];
    const before = sha(db);
    const r = await run(['restore', '--db', db, '--from', foreign]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error RESTORE_SOURCE_INVALID');
    expect(sha(db)).toBe(before);
    expect(fs.readdirSync(dir).filter((n) => n.includes('before-restore'))).toEqual([]);
  });

  it('a restore that goes ahead first keeps a copy holding the records it replaces', async () => {
    const backup = path.join(dir, 'backup.sqlite');
    await withBoss(db);
    expect((await run(['backup', '--db', db, '--to', backup])).code).toBe(0);
    const d = await openDatabase({ path: db });
    await createRecordServices(d).customers.create({ name: 'Added after the backup', actor: 'admin' });
    await d.close();
    await withBoss(db);
    const r = await withPin(BOSS.pin, () => run(['restore', '--db', db, '--from', backup, '--json', '--actor', BOSS.code]));
    expect(r.code).toBe(0);
    const { previousCopy } = JSON.parse(r.out) as { previousCopy: string };
    expect(await customerNames(previousCopy)).toContain('Added after the backup');
    expect(await customerNames(db)).not.toContain('Added after the backup');
  });
});
