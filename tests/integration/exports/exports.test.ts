// Exports on real SQLite files: what a spreadsheet or a script reads back must be what was
// recorded (commas, quotes, line breaks, Chinese text), apart from the documented formula guard;
// the filters must select exactly what the case list shows; and a failed export leaves no file.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../main/db/open';
import { openDatabase } from '../../../main/db/index';
import { createRecordServices } from '../../../main/services/index';
import { createExportService } from '../../../main/services/exports';
import { CASE_COLUMNS, TEST_RUN_COLUMNS } from '../../../main/services/export-columns';
import type { CaseListQuery } from '../../../preload/contract/records';
import { seedCases } from '../../support/seed-cases';
import { decodedModule, evaluation, openFixture, people, tempDir, testRunInput, type Fixture } from '../db/helpers';

const APP = { name: 'Optic Bench', version: '9.9.9-test' };
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function readCsv(file: string): { header: string[]; rows: Record<string, string>[]; bytes: Buffer } {
  const bytes = fs.readFileSync(file);
  const records = parse(bytes, { bom: true, relax_column_count: false }) as string[][];
  const [header = [], ...body] = records;
  return { header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))), bytes };
}

/** The same database with every read statement passed through `hook` (to count or to fail them). */
function withQueryHook(db: Db, hook: (run: () => Promise<unknown>) => Promise<unknown>): Db {
  const dataSource = new Proxy(db.dataSource, {
    get(target, prop, receiver) {
      if (prop === 'query') return (sql: string, params?: unknown[]) => hook(() => target.query(sql, params));
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { ...db, now: () => db.now(), dataSource } as Db;
}

/** Every RMA number the case list itself returns for a query, page by page. */
async function listedRmas(db: Db, query: Omit<CaseListQuery, 'cursor' | 'limit'>): Promise<string[]> {
  const repairs = createRecordServices(db).repairs;
  const out: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await repairs.listCases({ ...query, limit: 500, cursor });
    out.push(...page.items.map((c) => c.rmaNumber));
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

// Text a spreadsheet must not mangle: separators, quotes, both line-break kinds, Chinese, and
// cells that a spreadsheet would run as formulas.
const TRICKY = [
  { rma: 'RMA-T1', customer: 'Acme, Inc.', complaint: 'Link flaps, then "LOS" alarm; see ticket #4', by: 'Bob "the builder" Smith' },
  { rma: 'RMA-T2', customer: '北京光通信有限公司', complaint: '模块无光，客户说“收不到光”\n第二行：端口 12', by: '王芳（网络运维）' },
  { rma: 'RMA-T3', customer: '=HYPERLINK("http://evil.example","click")', complaint: '=1+1', by: '+86 10 1234 5678' },
  { rma: 'RMA-T4', customer: '-minus Ltd', complaint: '@SUM(A1:A9)', by: 'line one\r\nline two' },
  { rma: 'RMA-T5', customer: "'apostrophe first", complaint: 'tab\tinside, and a trailing quote"', by: 'Mei Wu' },
];
/** The documented guard: a leading = + - @ (or tab / CR) is preceded by an apostrophe. */
const guarded = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

describe('case and test-run exports on a small database', () => {
  let fx: Fixture;
  let out: string;
  beforeEach(async () => {
    fx = await openFixture('2026-03-02T08:00:00.000Z');
    out = tempDir('ob-export-');
    const { techId } = await people(fx.services);
    for (const [i, t] of TRICKY.entries()) {
      const customer = await fx.services.customers.create({ name: t.customer, actor: 'admin' });
      await fx.services.repairs.createCase({
        rmaNumber: t.rma,
        customerId: customer.id,
        moduleSerial: `SN-T${i + 1}`,
        partNumber: 'OB-SFP10G-SR',
        notificationChannel: 'written',
        notifiedAt: `2026-02-0${i + 1}T10:00:00Z`,
        notifiedBy: t.by,
        complaintText: t.complaint,
        technicianId: techId,
        actor: 'zlin',
      });
    }
  });
  afterEach(async () => {
    await fx.close();
    fs.rmSync(out, { recursive: true, force: true });
  });

  const exporter = () => createExportService(fx.db, { app: APP });

  it('CSV: UTF-8 with BOM, CRLF records, header = the documented columns, and every tricky value parses back (guard aside)', async () => {
    const file = path.join(out, 'cases.csv');
    const r = await exporter().exportCases({ format: 'csv', filters: {} }, { out: file });
    expect(r.rows).toBe(5);
    const { header, rows, bytes } = readCsv(file);
    expect(r.bytes).toBe(bytes.length);
    expect(bytes.subarray(0, 3).equals(BOM)).toBe(true); // Excel reads UTF-8 only with it
    expect(bytes.toString('utf8').split('\r\n')[0]).toBe(`\ufeff${CASE_COLUMNS.join(',')}`);
    expect(header).toEqual([...CASE_COLUMNS]);
    // Newest first, like the case list.
    expect(rows.map((x) => x.rma_number)).toEqual(['RMA-T5', 'RMA-T4', 'RMA-T3', 'RMA-T2', 'RMA-T1']);
    for (const t of TRICKY) {
      const row = rows.find((x) => x.rma_number === t.rma);
      expect(row?.customer).toBe(guarded(t.customer));
      expect(row?.complaint).toBe(guarded(t.complaint));
      expect(row?.notified_by).toBe(guarded(t.by));
    }
    // The guard made no difference to values that needed none, and did to those that did.
    expect(rows.find((x) => x.rma_number === 'RMA-T3')?.complaint).toBe("'=1+1");
    expect(rows.find((x) => x.rma_number === 'RMA-T4')?.notified_by).toBe('line one\r\nline two');
    expect(rows.find((x) => x.rma_number === 'RMA-T5')?.customer).toBe("'apostrophe first");
    const t1 = rows.find((x) => x.rma_number === 'RMA-T1');
    expect(t1).toMatchObject({ status: 'received', notified_at: '2026-02-01T10:00:00.000Z', notified_on: '2026-02-01', technician: 'Zhang Lin', technician_code: 'zlin', test_run_count: '0', last_verdict: '', decision: '' });
  });

  it('JSON: one object with exportedAt, app, filters and rows holding the exact values (no guard: JSON is not a spreadsheet)', async () => {
    const file = path.join(out, 'cases.json');
    const r = await exporter().exportCases({ format: 'json', filters: { search: 'RMA-T' }, sort: 'notified-asc' }, { out: file });
    const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { exportedAt: string; app: unknown; kind: string; filters: unknown; columns: string[]; rows: Record<string, unknown>[]; rowCount: number };
    expect(doc).toMatchObject({ exportedAt: '2026-03-02T08:00:00.000Z', app: APP, kind: 'cases', filters: { search: 'RMA-T', sort: 'notified-asc' }, rowCount: 5 });
    expect(doc.columns).toEqual([...CASE_COLUMNS]);
    expect(r.rows).toBe(5);
    expect(doc.rows.map((x) => x.rma_number)).toEqual(['RMA-T1', 'RMA-T2', 'RMA-T3', 'RMA-T4', 'RMA-T5']);
    for (const [i, t] of TRICKY.entries()) {
      expect(doc.rows[i]).toMatchObject({ customer: t.customer, complaint: t.complaint, notified_by: t.by, test_run_count: 0, last_verdict: null });
      expect(Object.keys(doc.rows[i] ?? {})).toEqual([...CASE_COLUMNS]);
    }
  });

  it('no matching rows gives a header-only CSV and an empty JSON rows array, not an error', async () => {
    const csv = path.join(out, 'none.csv');
    const r = await exporter().exportCases({ format: 'csv', filters: { status: ['closed'] } }, { out: csv });
    expect(r.rows).toBe(0);
    expect(fs.readFileSync(csv, 'utf8')).toBe(`\ufeff${CASE_COLUMNS.join(',')}\r\n`);
    const tr = path.join(out, 'none-runs.csv');
    expect((await exporter().exportTestRuns({ format: 'csv', filters: {} }, { out: tr })).rows).toBe(0);
    expect(fs.readFileSync(tr, 'utf8')).toBe(`\ufeff${TEST_RUN_COLUMNS.join(',')}\r\n`);
    const json = path.join(out, 'none.json');
    await exporter().exportCases({ format: 'json', filters: { search: 'NOPE' } }, { out: json });
    expect(JSON.parse(fs.readFileSync(json, 'utf8'))).toMatchObject({ rows: [], rowCount: 0 });
  });

  it('test runs: identity, verdicts, failing parameters, SHA-256 over the raw bytes, and the filters by case, serial, verdict and period', async () => {
    const s = fx.services;
    const c1 = await s.repairs.getCaseByRma('RMA-T1');
    const c2 = await s.repairs.getCaseByRma('RMA-T2');
    await s.repairs.transition({ caseId: c1.id, to: 'diagnosing', actor: 'zlin' });
    await s.repairs.transition({ caseId: c2.id, to: 'diagnosing', actor: 'zlin' });
    const failRun = await s.testRuns.record(testRunInput('SN-T1', { repairCaseId: c1.id, evaluation: evaluation(false), takenAt: '2026-03-01T09:00:00.000Z', operator: '李娜', station: 'bench, east' }));
    const passRun = await s.testRuns.record(testRunInput('SN-T2', { repairCaseId: c2.id, evaluation: evaluation(true), takenAt: '2026-03-02T09:00:00.000Z', decoded: decodedModule('SN-T2', 'OB-QSFP28-LR4') }));
    const loose = await s.testRuns.record(testRunInput('SN-LOOSE', { takenAt: '2026-04-01T09:00:00.000Z' }));

    const file = path.join(out, 'runs.csv');
    const all = await createExportService(fx.db, { app: APP }).exportTestRuns({ format: 'csv', filters: {} }, { out: file });
    expect(all.rows).toBe(3);
    const { header, rows } = readCsv(file);
    expect(header).toEqual([...TEST_RUN_COLUMNS]);
    expect(rows.map((r) => Number(r.id))).toEqual([failRun.id, passRun.id, loose.id]);
    const f = rows[0]!;
    expect(f).toMatchObject({ case_rma: 'RMA-T1', module_serial: 'SN-T1', vendor: 'OPTIC BENCH', part_number: 'OB-SFP10G-SR', role: 'before-repair', taken_at: '2026-03-01T09:00:00.000Z', station: 'bench, east', operator: '李娜', programmer: 'Devantech USB-ISS firmware 9 on /dev/ttyACM0', overall_verdict: 'fail', within_spec: 'false', failing_parameters: 'txPowerDbm[1]', marginal_parameters: '', limit_profile_id: 'ieee-10gbase-sr', limit_profile_version: '1', corrects_id: '', corrected_by_id: '' });
    // Where the read came from travels with it (issue 16): only programmer reads are evidence.
    expect(f).toMatchObject({ kind: 'read', source: 'programmer', programmer_kind: 'usbiss', programmer_port: '/dev/ttyACM0', serial_read: 'SN-T1', serial_override_reason: '' });
    expect(f.sha256).toBe(failRun.sha256);
    // The raw image in the file hashes to the recorded SHA-256: the export carries the evidence itself.
    expect(createHash('sha256').update(Buffer.from(f.raw_hex ?? '', 'hex')).digest('hex')).toBe(failRun.sha256);
    expect(rows[1]).toMatchObject({ part_number: 'OB-QSFP28-LR4', overall_verdict: 'pass', within_spec: 'true', failing_parameters: '' });
    expect(rows[2]).toMatchObject({ case_rma: '', module_serial: 'SN-LOOSE' });

    // The case list's cases now count their runs and show the latest verdict.
    const cases = path.join(out, 'cases-after.csv');
    await createExportService(fx.db, { app: APP }).exportCases({ format: 'csv', filters: { search: 'RMA-T1' } }, { out: cases });
    expect(readCsv(cases).rows[0]).toMatchObject({ test_run_count: '1', last_verdict: 'fail', last_tested_at: '2026-03-01T09:00:00.000Z' });

    const ids = async (filters: Record<string, unknown>, name: string) => {
      const target = path.join(out, name);
      await createExportService(fx.db, { app: APP }).exportTestRuns({ format: 'json', filters }, { out: target });
      return (JSON.parse(fs.readFileSync(target, 'utf8')) as { rows: { id: number }[] }).rows.map((r) => r.id);
    };
    expect(await ids({ rma: 'rma-t1' }, 'a.json')).toEqual([failRun.id]); // RMA numbers match whatever the case typed
    expect(await ids({ caseId: c2.id }, 'b.json')).toEqual([passRun.id]);
    expect(await ids({ serial: 'SN-LOOSE' }, 'c.json')).toEqual([loose.id]);
    expect(await ids({ overall: 'pass' }, 'd.json')).toEqual([passRun.id, loose.id]);
    expect(await ids({ from: '2026-03-02', to: '2026-04-01' }, 'e.json')).toEqual([passRun.id]); // from inclusive, to exclusive
    expect(await ids({ rma: 'RMA-NONE' }, 'f.json')).toEqual([]);

    // JSON carries the verdicts in full (value, unit, limit and its source) and the decoded module.
    const full = path.join(out, 'full.json');
    await createExportService(fx.db, { app: APP }).exportTestRuns({ format: 'json', filters: { rma: 'RMA-T1' } }, { out: full });
    const row = (JSON.parse(fs.readFileSync(full, 'utf8')) as { rows: Record<string, unknown>[] }).rows[0]!;
    expect(row.evaluation).toEqual(evaluation(false));
    expect(row).toMatchObject({ within_spec: false, limit_profile_version: 1, decoded: { vendor: { serialNumber: 'SN-T1' } } });
  });

  it('refuses to replace an existing file unless told to, and leaves it as it was', async () => {
    const file = path.join(out, 'exists.csv');
    fs.writeFileSync(file, 'keep me');
    await expect(exporter().exportCases({ format: 'csv', filters: {} }, { out: file })).rejects.toMatchObject({ code: 'EXPORT_TARGET_EXISTS', details: { file } });
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
    const r = await exporter().exportCases({ format: 'csv', filters: {} }, { out: file, overwrite: true });
    expect(r.rows).toBe(5);
    expect(fs.readdirSync(out)).toEqual(['exists.csv']); // no temporary file left beside it
  });

  it('a bad date or an unwritable folder fails with its code and writes nothing', async () => {
    const file = path.join(out, 'bad.csv');
    await expect(exporter().exportCases({ format: 'csv', filters: { from: '2026-13-45' } }, { out: file })).rejects.toMatchObject({ code: 'INVALID_DATE' });
    await expect(exporter().exportTestRuns({ format: 'csv', filters: { to: 'yesterday!!' } }, { out: file })).rejects.toMatchObject({ code: 'INVALID_DATE' });
    await expect(exporter().exportCases({ format: 'csv', filters: {} }, { out: path.join(out, 'no-such-folder', 'x.csv') })).rejects.toMatchObject({ code: 'EXPORT_WRITE_FAILED' });
    await expect(exporter().exportCases({ format: 'xlsx', filters: {} }, { out: file })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(fs.readdirSync(out)).toEqual([]);
  });
});

describe('exports over 20,000 seeded cases', () => {
  let dir: string;
  let db: Db;
  beforeAll(async () => {
    dir = tempDir('ob-export-big-');
    await seedCases(path.join(dir, 'big.sqlite'), { count: 20_000, now: new Date('2026-11-26T12:00:00Z') });
    db = await openDatabase({ path: path.join(dir, 'big.sqlite'), clock: () => new Date('2026-11-26T12:00:00Z') });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes every case once, in the list order, streaming page by page (40 keyset pages)', async () => {
    const file = path.join(dir, 'all.csv');
    const results: number[] = [];
    const counted = withQueryHook(db, async (run) => {
      const rows = await run();
      results.push(Array.isArray(rows) ? rows.length : 0);
      return rows;
    });
    const r = await createExportService(counted, { app: APP }).exportCases({ format: 'csv', filters: {} }, { out: file });
    // Bounded memory: 40 list pages and 40 column fetches, none holding more than a page (500 + the look-ahead row).
    expect(results).toHaveLength(80);
    expect(Math.max(...results)).toBeLessThanOrEqual(501);
    expect(r.rows).toBe(20_000);
    const { rows } = readCsv(file);
    expect(rows).toHaveLength(20_000);
    expect(new Set(rows.map((x) => x.rma_number)).size).toBe(20_000);
    expect(rows[0]?.rma_number).toBe('RMA0020000');
    expect(rows.at(-1)?.rma_number).toBe('RMA0000001');
    expect(rows.map((x) => x.rma_number)).toEqual(await listedRmas(db, { filters: {}, sort: 'notified-desc' }));
  }, 120_000);

  it('honours the case list filters exactly ("export what I see"): status, prefix search, customer, part number and period', async () => {
    const customers = (await db.dataSource.query('SELECT id FROM customer ORDER BY id LIMIT 2')) as { id: number }[];
    const queries: Omit<CaseListQuery, 'cursor' | 'limit'>[] = [
      { filters: { status: ['closed', 'returned-no-fault'] }, sort: 'notified-desc' },
      { filters: { search: 'RMA00123' }, sort: 'notified-asc' },
      { filters: { customerId: customers[1]!.id, partNumber: 'OB-SFP10G-SR' }, sort: 'notified-desc' },
      { filters: { from: '2025-01-01', to: '2025-02-01', status: ['closed'] }, sort: 'notified-asc' },
    ];
    for (const [i, q] of queries.entries()) {
      const file = path.join(dir, `f${i}.json`);
      const r = await createExportService(db, { app: APP }).exportCases({ format: 'json', filters: q.filters, sort: q.sort }, { out: file });
      const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { rows: { rma_number: string; status: string; notified_at: string }[]; filters: unknown };
      const expected = await listedRmas(db, q);
      expect(expected.length).toBeGreaterThan(0);
      expect(r.rows).toBe(expected.length);
      expect(doc.rows.map((x) => x.rma_number)).toEqual(expected);
      expect(doc.filters).toEqual({ ...q.filters, sort: q.sort });
    }
  }, 120_000);

  it('a failure part-way through leaves neither the target nor a temporary file (the old file, if any, untouched)', async () => {
    const file = path.join(dir, 'broken.csv');
    fs.writeFileSync(file, 'previous export');
    let queries = 0;
    // A database that fails on the third statement: the second keyset page of cases.
    const failing = withQueryHook(db, (run) => (++queries === 3 ? Promise.reject(new Error('disk I/O error')) : run()));
    await expect(createExportService(failing, { app: APP }).exportCases({ format: 'csv', filters: {} }, { out: file, overwrite: true })).rejects.toMatchObject({ code: 'EXPORT_WRITE_FAILED' });
    expect(queries).toBe(3);
    expect(fs.readFileSync(file, 'utf8')).toBe('previous export');
    expect(fs.readdirSync(dir).filter((n) => n.includes('partial'))).toEqual([]);
  });
});
