// Issue 12 on real SQLite files: every read is kept, attaching is a link made once per case, a
// link made by mistake is withdrawn by a supervisor with the reason, and "the runs of a case" has
// one definition (the view case_test_run) that every consumer reads, runs recorded the old way
// (schema 4: test_run.repair_case_id) included.
import { SCHEMA_VERSION } from '../../../main/db/schema-constants';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/index';
import { linkUnlinkedRows, verifyChain, type Exec } from '../../../main/db/evidence-chain';
import { MIGRATIONS } from '../../../main/db/migrations/index';
import { createRecordServices } from '../../../main/services/index';
import { createExportService } from '../../../main/services/exports';
import type { VerifiedPerson } from '../../../preload/contract/records';
import { decodedModule, evaluation, openFixture, people, SIMULATED_PROVENANCE, tempDir, testRunInput, type Fixture } from './helpers';

const SUPERVISOR: VerifiedPerson = { id: 2, code: 'mwu', name: 'Mei Wu', role: 'supervisor', label: 'Mei Wu (mwu)' };
const TECHNICIAN: VerifiedPerson = { id: 1, code: 'zlin', name: 'Zhang Lin', role: 'technician', label: 'Zhang Lin (zlin)' };

let fx: Fixture;
let ids: { customerId: number; techId: number; supervisorId: number };

async function caseFor(serial: string, rma = `RMA-${serial}`, partNumber: string | null = null): Promise<number> {
  const c = await fx.services.repairs.createCase({
    rmaNumber: rma,
    customerId: ids.customerId,
    moduleSerial: serial,
    partNumber,
    notificationChannel: 'written',
    notifiedAt: '2026-03-01T09:00:00Z',
    notifiedBy: 'NOC',
    complaintText: 'No light',
    technicianId: ids.techId,
    actor: TECHNICIAN.label,
  });
  await fx.services.repairs.transition({ caseId: c.id, to: 'diagnosing', actor: TECHNICIAN.label });
  return c.id;
}

/** A read kept without a case, as the bench stores every completed read. */
async function keptRead(serial: string, over: Parameters<typeof testRunInput>[1] = {}): Promise<number> {
  return (await fx.services.testRuns.record(testRunInput(serial, over))).id;
}

const attach = (testRunId: number, caseId: number, role: 'before-repair' | 'after-repair' = 'before-repair', more: Record<string, unknown> = {}) =>
  fx.services.testRuns.attach({ testRunId, caseId, role, actor: TECHNICIAN.label, station: 'bench-1', ...more });

const count = async (sql: string): Promise<number> => Number((await fx.db.dataSource.query(sql))[0].n);

beforeEach(async () => {
  fx = await openFixture();
  ids = await people(fx.services);
});
afterEach(async () => fx.close());

describe('every read is kept; attaching is a link made once per case', () => {
  it('a read stored without a case counts for no case until it is attached, then once', async () => {
    const caseId = await caseFor('SN-A1');
    const runId = await keptRead('SN-A1');
    expect(await fx.services.testRuns.listForCase(caseId)).toEqual([]);
    const attached = await attach(runId, caseId);
    expect(attached).toMatchObject({ id: runId, repairCaseId: caseId, role: 'before-repair', link: { attachedBy: TECHNICIAN.label, withdrawn: null } });
    expect(attached.link?.attachmentId).toBeGreaterThan(0);
    // The issue: one read attached twice showed twice in the repair report.
    await expect(attach(runId, caseId)).rejects.toMatchObject({ code: 'ALREADY_ATTACHED', details: { role: 'before-repair' } });
    // Nor once more in the other role: a run counts for a case in one role.
    await expect(attach(runId, caseId, 'after-repair')).rejects.toMatchObject({ code: 'ALREADY_ATTACHED' });
    expect((await fx.services.testRuns.listForCase(caseId)).map((r) => r.id)).toEqual([runId]);
    expect((await fx.services.testRuns.listForSerial('SN-A1'))[0]?.cases).toEqual([{ caseId, rmaNumber: 'RMA-SN-A1', role: 'before-repair', status: 'diagnosing' }]);
  });

  it('an identical re-read of the same module is refused as a duplicate; a training read with the same bytes is not', async () => {
    const caseId = await caseFor('SN-A2');
    const raw = testRunInput('SN-A2').raw;
    const first = await keptRead('SN-A2', { raw });
    const again = await keptRead('SN-A2', { raw, takenAt: '2026-03-02T09:05:00.000Z' });
    await attach(first, caseId);
    await expect(attach(again, caseId)).rejects.toMatchObject({ code: 'ALREADY_ATTACHED', details: { sameAs: first } });
    const training = await keptRead('SN-A2', { raw, provenance: SIMULATED_PROVENANCE });
    await expect(attach(training, caseId)).resolves.toMatchObject({ source: 'simulated' });
  });

  it('a closed case is refused before anything is written', async () => {
    const caseId = await caseFor('SN-A3');
    await fx.services.testRuns.record(testRunInput('SN-A3', { repairCaseId: caseId, evaluation: evaluation(false) }));
    await fx.services.repairs.transition({ caseId, to: 'awaiting-decision', actor: 'x' });
    await fx.services.repairs.decide({ caseId, cause: 'human', actor: 'x' });
    const runs = await count('SELECT count(*) AS n FROM test_run');
    const links = await count('SELECT count(*) AS n FROM test_run_attachment');
    await expect(attach(await keptRead('SN-A3'), caseId)).rejects.toMatchObject({ code: 'CASE_CLOSED' });
    // Recording with the case is refused whole: no run half-stored without its link.
    await expect(fx.services.testRuns.record(testRunInput('SN-A3', { repairCaseId: caseId }))).rejects.toMatchObject({ code: 'CASE_CLOSED' });
    expect(await count('SELECT count(*) AS n FROM test_run')).toBe(runs + 1);
    expect(await count('SELECT count(*) AS n FROM test_run_attachment')).toBe(links);
  });

  it('a run of another module needs a supervisor: refused with SERIAL_MISMATCH, counted under the case serial when approved', async () => {
    const caseId = await caseFor('SN-A4');
    const runId = await keptRead('LABEL-SWAPPED');
    await expect(attach(runId, caseId)).rejects.toMatchObject({ code: 'SERIAL_MISMATCH', details: { serialRead: 'LABEL-SWAPPED' } });
    await expect(attach(runId, caseId, 'before-repair', { serialOverride: { reason: 'x', approver: TECHNICIAN } })).rejects.toMatchObject({ code: 'ROLE_REQUIRED' });
    const ok = await attach(runId, caseId, 'before-repair', { serialOverride: { reason: 'Label replaced at the customer', approver: SUPERVISOR } });
    expect(ok).toMatchObject({ moduleSerial: 'SN-A4', serialRead: 'LABEL-SWAPPED', serialOverride: { reason: 'Label replaced at the customer', by: SUPERVISOR.label } });
    await expect(fx.services.repairs.transition({ caseId, to: 'awaiting-decision', actor: 'x' })).resolves.toMatchObject({ status: 'awaiting-decision' });
    const audit = await fx.services.audit.list({ entity: 'test_run', entityId: String(runId) });
    expect(audit.map((a) => [a.action, a.actor])).toContainEqual(['test-run.serial-override', SUPERVISOR.label]);
  });

  it('the part number the intake did not type comes from the module as read', async () => {
    const caseId = await caseFor('SN-A5');
    await attach(await keptRead('SN-A5', { decoded: decodedModule('SN-A5', 'OB-QSFP28-LR4') }), caseId);
    expect((await fx.services.repairs.getCase(caseId)).partNumber).toBe('OB-QSFP28-LR4');
    const typed = await caseFor('SN-A6', 'RMA-SN-A6', 'TYPED-PN');
    await attach(await keptRead('SN-A6', { decoded: decodedModule('SN-A6', 'OTHER-PN') }), typed);
    expect((await fx.services.repairs.getCase(typed)).partNumber).toBe('TYPED-PN');
  });
});

describe('a run attached by mistake is withdrawn, never deleted', () => {
  it('only a supervisor withdraws, with the reason; the run stays on record, and no longer decides', async () => {
    const caseId = await caseFor('SN-W1');
    const wrong = await keptRead('SN-W1', { evaluation: evaluation(false) });
    await attach(wrong, caseId);
    await expect(fx.services.testRuns.withdraw({ testRunId: wrong, caseId, reason: 'read with a dirty connector', supervisor: TECHNICIAN, requestedBy: TECHNICIAN.label })).rejects.toMatchObject({
      code: 'ROLE_REQUIRED',
    });
    const w = await fx.services.testRuns.withdraw({ testRunId: wrong, caseId, reason: 'read with a dirty connector', supervisor: SUPERVISOR, requestedBy: TECHNICIAN.label });
    expect(w.link?.withdrawn).toMatchObject({ by: SUPERVISOR.label, reason: 'read with a dirty connector' });
    await expect(fx.services.testRuns.withdraw({ testRunId: wrong, caseId, reason: 'again', supervisor: SUPERVISOR, requestedBy: 'x' })).rejects.toMatchObject({ code: 'NOT_ATTACHED' });
    expect(await fx.services.testRuns.listForCase(caseId)).toEqual([]);
    const withdrawn = await fx.services.testRuns.withdrawnForCase(caseId);
    expect(withdrawn).toHaveLength(1);
    expect(withdrawn[0]).toMatchObject({ id: wrong, role: 'before-repair', link: { attachedBy: TECHNICIAN.label, withdrawn: { by: SUPERVISOR.label, reason: 'read with a dirty connector' } } });
    // Nothing was deleted: the run and both link rows are there.
    expect(await count(`SELECT count(*) AS n FROM test_run WHERE id = ${wrong}`)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM test_run_attachment WHERE test_run_id = ${wrong}`)).toBe(2);
    await expect(fx.services.repairs.transition({ caseId, to: 'awaiting-decision', actor: 'x' })).rejects.toMatchObject({ code: 'EVIDENCE_MISSING' });

    const right = await keptRead('SN-W1', { evaluation: evaluation(true), takenAt: '2026-03-02T11:00:00.000Z' });
    await attach(right, caseId);
    await fx.services.repairs.transition({ caseId, to: 'awaiting-decision', actor: 'x' });
    const decided = await fx.services.repairs.decide({ caseId, cause: 'non-human', actor: 'x' });
    expect(decided.decisionDetail?.evidenceTestRunId).toBe(right);
    const detail = await fx.services.repairs.getCaseDetail(caseId);
    expect(detail.testRuns.map((r) => r.id)).toEqual([right]);
    expect(detail.withdrawnRuns?.map((r) => r.id)).toEqual([wrong]);
    const audit = await fx.services.audit.list({ entity: 'test_run', entityId: String(wrong) });
    expect(audit.find((a) => a.action === 'test-run.withdraw')).toMatchObject({ actor: SUPERVISOR.label, details: { reason: 'read with a dirty connector', requestedBy: TECHNICIAN.label } });
    expect((await verifyChain((sql, p) => fx.db.dataSource.query(sql, p))).ok).toBe(true);
  });

  it('a withdrawn run may be attached again later, and counts once', async () => {
    const caseId = await caseFor('SN-W2');
    const runId = await keptRead('SN-W2');
    await attach(runId, caseId);
    await fx.services.testRuns.withdraw({ testRunId: runId, caseId, reason: 'wrong case', supervisor: SUPERVISOR, requestedBy: SUPERVISOR.label });
    await attach(runId, caseId);
    expect((await fx.services.testRuns.listForCase(caseId)).map((r) => r.id)).toEqual([runId]);
    expect((await fx.services.repairs.getCaseDetail(caseId)).withdrawnRuns).toHaveLength(1);
  });
});

describe('cases from the bench and back', () => {
  it('proposes the open cases of a serial, its replacement too, with the role the read takes; ended cases are not offered', async () => {
    const open = await caseFor('SN-C1', 'RMA-C1');
    const ended = await caseFor('SN-C1', 'RMA-C0');
    await fx.services.testRuns.record(testRunInput('SN-C1', { repairCaseId: ended }));
    await fx.services.repairs.transition({ caseId: ended, to: 'awaiting-decision', actor: 'x' });
    await fx.services.repairs.decide({ caseId: ended, cause: 'human', actor: 'x' });
    expect((await fx.services.repairs.candidates('SN-C1')).map((c) => [c.rmaNumber, c.role, c.matchedBy])).toEqual([['RMA-C1', 'before-repair', 'module-serial']]);
    expect(open).toBeGreaterThan(0);

    await fx.services.deliveries.importCsv('serial,customer,delivered_on\nSN-C2,Northwind Networks,2025-10-01\n', 'zlin');
    const replaced = await caseFor('SN-C2', 'RMA-C2');
    await fx.services.testRuns.record(testRunInput('SN-C2', { repairCaseId: replaced, evaluation: evaluation(false) }));
    await fx.services.repairs.transition({ caseId: replaced, to: 'awaiting-decision', actor: 'x' });
    await fx.services.repairs.decide({ caseId: replaced, cause: 'non-human', actor: 'x' });
    await fx.services.repairs.transition({ caseId: replaced, to: 'verifying', actionTaken: 'swapped', replacementSerial: 'SN-C2-NEW', actor: 'x' });
    expect((await fx.services.repairs.candidates('SN-C2-NEW')).map((c) => [c.rmaNumber, c.role, c.matchedBy])).toEqual([['RMA-C2', 'after-repair', 'replacement-serial']]);
    expect((await fx.services.repairs.candidates('SN-C2')).map((c) => c.role)).toEqual(['after-repair']);
  });

  it('the replacement tested before its serial was written: the read names it, and the case closes on that run', async () => {
    await fx.services.deliveries.importCsv('serial,customer,delivered_on\nSN-R1,Northwind Networks,2025-10-01\n', 'zlin');
    const caseId = await caseFor('SN-R1');
    await fx.services.testRuns.record(testRunInput('SN-R1', { repairCaseId: caseId, evaluation: evaluation(false) }));
    await fx.services.repairs.transition({ caseId, to: 'awaiting-decision', actor: 'x' });
    expect((await fx.services.repairs.decide({ caseId, cause: 'non-human', actor: 'x' })).status).toBe('replacing');
    const replacement = await keptRead('SN-R1-NEW');
    await expect(attach(replacement, caseId, 'after-repair')).rejects.toMatchObject({ code: 'SERIAL_MISMATCH' });
    await expect(attach(replacement, caseId, 'before-repair', { asReplacement: true })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const before = await fx.services.repairs.getCase(caseId);
    const run = await attach(replacement, caseId, 'after-repair', { asReplacement: true });
    expect(run.moduleSerial).toBe('SN-R1-NEW');
    // Naming the replacement is a change of the case: a page holding the old version must be told.
    const after = await fx.services.repairs.getCase(caseId);
    expect(after.replacementSerial).toBe('SN-R1-NEW');
    expect(after.version).toBe(before.version + 1);
    await expect(fx.services.repairs.transition({ caseId, to: 'verifying', actionTaken: 'module replaced', actor: 'x', expectedVersion: before.version })).rejects.toMatchObject({
      code: 'CASE_CHANGED',
    });
    await fx.services.repairs.transition({ caseId, to: 'verifying', actionTaken: 'module replaced', actor: 'x' });
    await expect(fx.services.repairs.transition({ caseId, to: 'closed', actor: 'x' })).resolves.toMatchObject({ status: 'closed' });
  });
});

describe('statistics count a case by the module as read when intake typed no part number', () => {
  it('an unattached read gave the part number: the dashboard counts the case under it, "(unknown)" only when nothing knows it', async () => {
    await keptRead('SN-S1', { decoded: decodedModule('SN-S1', 'OB-SFP10G-LR') });
    await caseFor('SN-S1');
    await caseFor('SN-S2');
    const st = await fx.services.statistics.statistics({});
    expect(st.byPartNumber).toEqual(expect.arrayContaining([{ key: 'OB-SFP10G-LR', count: 1 }, { key: '(unknown)', count: 1 }]));
  });
});

describe('decisions shown before they are made', () => {
  it('the preview is what decide then decides, on the delivery record it names; nothing is written by the preview', async () => {
    await fx.services.deliveries.importCsv('serial,customer,delivered_on\nSN-D1,Northwind Networks,2025-09-01\n', 'zlin');
    const caseId = await caseFor('SN-D1');
    await fx.services.testRuns.record(testRunInput('SN-D1', { repairCaseId: caseId, evaluation: evaluation(false) }));
    await fx.services.repairs.transition({ caseId, to: 'awaiting-decision', actor: 'x' });
    const events = await count('SELECT count(*) AS n FROM audit_event');
    const preview = await fx.services.repairs.decidePreview({ caseId, cause: 'non-human' });
    expect(preview).toMatchObject({ decision: 'replace', ruleId: 'fail-within-1-year', estimated: false, basisDate: '2025-09-01', basis: { kind: 'delivery' }, to: 'replacing', verdict: 'fail' });
    expect(await count('SELECT count(*) AS n FROM audit_event')).toBe(events);
    expect((await fx.services.repairs.getCase(caseId)).status).toBe('awaiting-decision');
    const decided = await fx.services.repairs.decide({ caseId, cause: 'non-human', actor: 'x' });
    expect(decided.decisionDetail).toMatchObject({ decision: preview.decision, rule: preview.rule, ageDays: preview.ageDays, basisDate: preview.basisDate });
    expect(decided.decisionDetail?.deliveryId).toBe(preview.basis.kind === 'delivery' ? preview.basis.delivery.id : -1);
  });

  it('without a delivery record the preview says the age is estimated from the date code', async () => {
    const caseId = await caseFor('SN-D2');
    await fx.services.testRuns.record(testRunInput('SN-D2', { repairCaseId: caseId }));
    await fx.services.repairs.transition({ caseId, to: 'awaiting-decision', actor: 'x' });
    const preview = await fx.services.repairs.decidePreview({ caseId, cause: 'non-human' });
    expect(preview).toMatchObject({ decision: 'no-fault-found', estimated: true, basis: { kind: 'date-code', manufacturedOn: '2024-01-15' } });
    await expect(fx.services.repairs.decidePreview({ caseId: 9999, cause: 'non-human' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('deliveries previewed before they are imported', () => {
  it('every bad line is named, the good rows are shown as they would be imported, nothing is stored', async () => {
    await fx.services.deliveries.importCsv('serial,customer,delivered_on\nSN-OLD,Northwind Networks,2025-01-01\n', 'zlin');
    const csv = [
      'serial,customer,delivered_on,part_number',
      'SN-P1,Northwind Networks,2025-06-01,OB-1',
      'SN-P2,New Customer Ltd,2025-13-01,OB-1',
      'SN-OLD,Northwind Networks,2025-01-01,',
      ',Harbour,2025-02-02,',
      'SN-P3,New Customer Ltd,2025-06-02,',
    ].join('\n');
    const before = await count('SELECT count(*) AS n FROM delivery');
    const p = await fx.services.deliveries.previewCsv(csv);
    expect(p.total).toBe(5);
    expect(p.errors.map((e) => e.line)).toEqual([3, 4, 5]);
    expect(p.errors[0]?.message).toContain('2025-13-01');
    expect(p.errors[1]?.message).toContain('already recorded');
    expect(p.rows.map((r) => [r.line, r.serial, r.newCustomer])).toEqual([
      [2, 'SN-P1', false],
      [6, 'SN-P3', true],
    ]);
    expect(p.newCustomers).toEqual(['New Customer Ltd']);
    expect(await count('SELECT count(*) AS n FROM delivery')).toBe(before);
    // And the import of the same file is refused whole.
    await expect(fx.services.deliveries.importCsv(csv, 'zlin')).rejects.toMatchObject({ code: 'CSV_INVALID' });
    expect(await count('SELECT count(*) AS n FROM delivery')).toBe(before);
  });
});

describe('runs recorded the old way (schema 4) keep counting after the migration', () => {
  it('a version-4 file with a run linked by test_run.repair_case_id migrates to 5; the run decides, can be withdrawn, and the chain verifies', async () => {
    const file = path.join(tempDir(), 'v4.sqlite');
    const v4 = new DataSource({ type: 'sqlite', database: file, migrations: MIGRATIONS.slice(0, 4), enableWAL: true });
    await v4.initialize();
    await v4.runMigrations({ transaction: 'all' });
    const q = (sql: string, p: unknown[] = []) => v4.query(sql, p);
    const at = '2026-02-01T09:00:00.000Z';
    await q(`INSERT INTO customer (name, created_at) VALUES ('Kept Ltd', ?)`, [at]);
    await q(`INSERT INTO technician (code, name, role, active, created_at) VALUES ('zlin', 'Zhang Lin', 'technician', 1, ?)`, [at]);
    await q(`INSERT INTO module (serial, first_seen_at) VALUES ('SN-OLD', ?)`, [at]);
    await q(
      `INSERT INTO repair_case (rma_number, customer_id, module_serial, notification_channel, notified_at, notified_on, notified_by, complaint_text, status, technician_id, created_at, updated_at)
       VALUES ('RMA-OLD', 1, 'SN-OLD', 'written', ?, '2026-02-01', 'NOC', 'dead', 'diagnosing', 1, ?, ?)`,
      [at, at, at],
    );
    const input = testRunInput('SN-OLD', { evaluation: evaluation(false) });
    await q(
      `INSERT INTO test_run (module_serial, raw_image, sha256, decoded_json, evaluation_json, overall_verdict, within_spec, programmer, station, operator, app_version,
         taken_at, recorded_at, role, repair_case_id, source, serial_read)
       VALUES ('SN-OLD', ?, ?, ?, ?, 'fail', 0, 'Bus Pirate', 'bench-1', 'Zhang Lin (zlin)', '0.1.0', ?, ?, 'before-repair', 1, 'programmer', 'SN-OLD')`,
      [Buffer.from(input.raw), 'ab'.repeat(32), JSON.stringify(input.decoded), JSON.stringify(input.evaluation), at, at],
    );
    const exec: Exec = (sql, p) => v4.query(sql, p);
    await linkUnlinkedRows(exec, at);
    await v4.destroy();

    const db = await openDatabase({ path: file });
    try {
      const s = createRecordServices(db);
      expect(await db.dataSource.query('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }]);
      const runs = await s.testRuns.listForCase(1);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ repairCaseId: 1, role: 'before-repair', link: { attachmentId: null, attachedBy: 'Zhang Lin (zlin)', withdrawn: null } });
      // The case list's exports count it too.
      const exported: string[] = [];
      const dir = tempDir();
      await createExportService(db, { app: { name: 'Optic Bench', version: 'test' } }).exportCases({ format: 'json', filters: {} }, { out: path.join(dir, 'c.json'), overwrite: true });
      exported.push(...(await import('node:fs')).readFileSync(path.join(dir, 'c.json'), 'utf8').split('\n'));
      expect(exported.join('\n')).toContain('"test_run_count":1');
      // A legacy link is withdrawn by naming the run, case and role: it then counts no more.
      await s.testRuns.withdraw({ testRunId: runs[0]!.id, caseId: 1, reason: 'another module', supervisor: SUPERVISOR, requestedBy: SUPERVISOR.label });
      expect(await s.testRuns.listForCase(1)).toEqual([]);
      expect((await s.testRuns.withdrawnForCase(1))[0]).toMatchObject({ id: runs[0]!.id, link: { attachmentId: null, withdrawn: { reason: 'another module' } } });
      expect((await verifyChain((sql, p) => db.dataSource.query(sql, p))).ok).toBe(true);
    } finally {
      await db.close();
    }
  });
});
