import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BenchError } from '../../../main/errors';
import { decodedModule, evaluation, openFixture, people, testRunInput, type Fixture } from './helpers';

let fx: Fixture;
let ids: { customerId: number; techId: number; supervisorId: number };
beforeEach(async () => {
  fx = await openFixture('2026-03-02T08:00:00.000Z');
  ids = await people(fx.services);
});
afterEach(async () => fx.close());

async function failure(p: Promise<unknown>): Promise<BenchError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof BenchError)) throw new Error(`expected a BenchError, got ${String(e)}`);
  return e;
}

async function newCase(serial: string, rma: string, notifiedAt = '2026-03-01T10:00:00+08:00') {
  return fx.services.repairs.createCase({
    rmaNumber: rma,
    customerId: ids.customerId,
    moduleSerial: serial,
    notificationChannel: 'telephone',
    notifiedAt,
    notifiedBy: 'Li Na (NOC)',
    complaintText: 'link flaps on port 12',
    technicianId: ids.techId,
    actor: 'zlin',
  });
}

async function toAwaitingDecision(caseId: number, serial: string, withinSpec: boolean) {
  const s = fx.services;
  await s.repairs.transition({ caseId, to: 'diagnosing', actor: 'zlin' });
  await s.testRuns.record(testRunInput(serial, { repairCaseId: caseId, evaluation: evaluation(withinSpec) }));
  await s.repairs.transition({ caseId, to: 'awaiting-decision', actor: 'zlin' });
}

describe('repair workflow', () => {
  it('goes received -> closed by replacement, storing the decision, its rule, the evidence and every status time', async () => {
    const s = fx.services;
    await s.deliveries.importCsv('serial,customer,delivered_on\nSN-A1,Northwind Networks,2025-06-01\n', 'zlin');
    const c = await newCase('SN-A1', 'rma-1001');
    expect(c.rmaNumber).toBe('RMA-1001');
    expect(c.notifiedOn).toBe('2026-03-01'); // the customer's calendar date, not the UTC one (2026-03-01T02:00Z)
    fx.clock.advance(3_600_000);
    await toAwaitingDecision(c.id, 'SN-A1', false);
    const decided = await s.repairs.decide({ caseId: c.id, cause: 'non-human', actor: 'zlin' });
    expect(decided.status).toBe('replacing');
    expect(decided.decisionDetail).toMatchObject({ decision: 'replace', ruleId: 'fail-within-1-year', ageDays: 273, estimated: false, basisDate: '2025-06-01', cause: 'non-human', decidedBy: 'zlin' });
    expect(decided.decisionDetail?.rule).toMatch(/^fail-within-1-year: /);
    expect(decided.failureMode).toBe('txPowerDbm');

    const repl = await failure(s.repairs.transition({ caseId: c.id, to: 'verifying', actionTaken: 'replaced', actor: 'zlin' }));
    expect(repl.code).toBe('INVALID_INPUT'); // a replacement without the new serial is not traceable
    await s.repairs.transition({ caseId: c.id, to: 'verifying', actionTaken: 'module replaced', replacementSerial: 'SN-R9', actor: 'zlin' });
    await s.testRuns.record(testRunInput('SN-R9', { repairCaseId: c.id, role: 'after-repair', decoded: decodedModule('SN-R9') }));
    fx.clock.advance(86_400_000);
    const closed = await s.repairs.transition({ caseId: c.id, to: 'closed', actor: 'zlin' });
    expect(closed.status).toBe('closed');
    expect(closed.closedAt).toBe('2026-03-03T09:00:00.000Z');

    const detail = await s.repairs.getCaseDetail(c.id);
    expect(detail.history.map((h) => h.to)).toEqual(['received', 'diagnosing', 'awaiting-decision', 'replacing', 'verifying', 'closed']);
    expect(detail.testRuns.map((r) => r.role)).toEqual(['before-repair', 'after-repair']);
    expect(detail.deliveries).toHaveLength(1);
    expect(detail.case.firstResponseAt).toBe('2026-03-02T09:00:00.000Z');
    const audit = await s.audit.list({ entity: 'repair_case', entityId: String(c.id) });
    // The intake typed no part number: the first before-repair read of the module fills it (issue 12), audited.
    expect(audit.map((a) => a.action).reverse()).toEqual(['case.create', 'case.transition', 'case.part-number', 'case.transition', 'case.transition', 'case.transition', 'case.transition']);
    const decisionEvent = audit.find((a) => (a.details as { to?: string }).to === 'replacing');
    expect(decisionEvent?.actor).toBe('zlin');
    expect(decisionEvent?.details).toMatchObject({ evidenceTestRunId: detail.testRuns[0]?.id });
  });

  it('refuses illegal transitions with ILLEGAL_TRANSITION naming from and to', async () => {
    const s = fx.services;
    const c = await newCase('SN-B1', 'RMA-2001');
    const skip = await failure(s.repairs.transition({ caseId: c.id, to: 'closed', actor: 'zlin' }));
    expect(skip.code).toBe('ILLEGAL_TRANSITION');
    expect(skip.details).toEqual({ from: 'received', to: 'closed' });
    // A decision cannot be taken before diagnosis, nor made by a plain transition.
    expect((await failure(s.repairs.decide({ caseId: c.id, cause: 'non-human', actor: 'zlin' }))).code).toBe('ILLEGAL_TRANSITION');
    await s.repairs.transition({ caseId: c.id, to: 'diagnosing', actor: 'zlin' });
    expect((await failure(s.repairs.transition({ caseId: c.id, to: 'awaiting-decision', actor: 'zlin' }))).code).toBe('EVIDENCE_MISSING');
    await s.testRuns.record(testRunInput('SN-B1', { repairCaseId: c.id }));
    await s.repairs.transition({ caseId: c.id, to: 'awaiting-decision', actor: 'zlin' });
    const bypass = await failure(s.repairs.transition({ caseId: c.id, to: 'repairing', actor: 'zlin' }));
    expect(bypass.code).toBe('ILLEGAL_TRANSITION');
    expect(bypass.message).toContain('decide');
    const ended = await s.repairs.decide({ caseId: c.id, cause: 'non-human', actor: 'zlin' });
    expect(ended.status).toBe('returned-no-fault');
    const out = await failure(s.repairs.transition({ caseId: c.id, to: 'diagnosing', actor: 'zlin' }));
    expect(out.code).toBe('ILLEGAL_TRANSITION');
    expect(out.message).toContain('end status');
    // Nothing failed above left a trace in the history.
    expect((await s.repairs.getCaseDetail(c.id)).history.map((h) => h.to)).toEqual(['received', 'diagnosing', 'awaiting-decision', 'returned-no-fault']);
  });

  it('refuses to start work on an unassigned case: the record must say who did it', async () => {
    const c = await fx.services.repairs.createCase({
      rmaNumber: 'RMA-2100',
      customerId: ids.customerId,
      moduleSerial: 'SN-U1',
      notificationChannel: 'written',
      notifiedAt: '2026-03-01T10:00:00Z',
      notifiedBy: 'letter',
      complaintText: 'dead',
      actor: 'mwu',
    });
    expect((await failure(fx.services.repairs.transition({ caseId: c.id, to: 'diagnosing', actor: 'zlin' }))).code).toBe('ILLEGAL_TRANSITION');
    await fx.services.repairs.assignTechnician({ caseId: c.id, technicianId: ids.techId, actor: 'mwu' });
    expect((await fx.services.repairs.transition({ caseId: c.id, to: 'diagnosing', actor: 'zlin' })).status).toBe('diagnosing');
  });

  it('without a delivery record counts from the date code and marks the decision estimated', async () => {
    const c = await newCase('SN-C1', 'RMA-3001');
    await toAwaitingDecision(c.id, 'SN-C1', false); // manufactured 2024-01-15, notified 2026-03-01
    const d = await fx.services.repairs.decide({ caseId: c.id, cause: 'non-human', actor: 'zlin' });
    expect(d.status).toBe('repairing');
    expect(d.decisionDetail).toMatchObject({ decision: 'repair', ruleId: 'fail-within-3-years', estimated: true, basisDate: '2024-01-15' });
  });

  it('a human cause is not covered whatever the bench found', async () => {
    const c = await newCase('SN-D1', 'RMA-4001');
    await toAwaitingDecision(c.id, 'SN-D1', false);
    const d = await fx.services.repairs.decide({ caseId: c.id, cause: 'human', actor: 'zlin' });
    expect(d.status).toBe('rejected-not-covered');
    expect(d.decisionDetail?.ruleId).toBe('excluded-human-cause');
    expect(d.closedAt).not.toBeNull();
  });

  it('decides on the correcting run, not the run it corrects', async () => {
    const s = fx.services;
    const c = await newCase('SN-E1', 'RMA-5001');
    await s.repairs.transition({ caseId: c.id, to: 'diagnosing', actor: 'zlin' });
    const wrong = await s.testRuns.record(testRunInput('SN-E1', { repairCaseId: c.id, evaluation: evaluation(false) }));
    const fix = await s.testRuns.record(testRunInput('SN-E1', { repairCaseId: c.id, evaluation: evaluation(true), correctsId: wrong.id, correctionReason: 'fibre was not cleaned' }));
    expect((await failure(s.testRuns.record(testRunInput('SN-E1', { repairCaseId: c.id, correctsId: wrong.id, correctionReason: 'again' })))).code).toBe('DUPLICATE');
    await s.repairs.transition({ caseId: c.id, to: 'awaiting-decision', actor: 'zlin' });
    const d = await s.repairs.decide({ caseId: c.id, cause: 'non-human', actor: 'zlin' });
    expect(d.decision).toBe('no-fault-found');
    expect(d.decisionDetail?.evidenceTestRunId).toBe(fix.id);
    const runs = await s.testRuns.listForCase(c.id);
    expect(runs.find((r) => r.id === wrong.id)?.correctedById).toBe(fix.id);
    expect((await s.testRuns.get(wrong.id)).overall).toBe('fail'); // the corrected run is kept as it was
  });

  it('will not close on a failing after-repair test', async () => {
    const s = fx.services;
    await s.deliveries.importCsv('serial,customer,delivered_on\nSN-F1,Northwind Networks,2024-06-01\n', 'zlin');
    const c = await newCase('SN-F1', 'RMA-6001');
    await toAwaitingDecision(c.id, 'SN-F1', false);
    expect((await s.repairs.decide({ caseId: c.id, cause: 'non-human', actor: 'zlin' })).status).toBe('repairing');
    await s.repairs.transition({ caseId: c.id, to: 'verifying', actionTaken: 'laser realigned', actor: 'zlin' });
    await s.testRuns.record(testRunInput('SN-F1', { repairCaseId: c.id, role: 'after-repair', evaluation: evaluation(false) }));
    expect((await failure(s.repairs.transition({ caseId: c.id, to: 'closed', actor: 'zlin' }))).code).toBe('VERIFICATION_FAILED');
    expect((await s.repairs.transition({ caseId: c.id, to: 'repairing', actor: 'zlin' })).status).toBe('repairing');
  });

  it('lists cases newest first with keyset pages and prefix search by RMA or serial', async () => {
    const s = fx.services;
    for (let i = 0; i < 7; i++) await newCase(`SN-L${i}`, `RMA-70${i}`, `2026-02-0${i + 1}T10:00:00Z`);
    const p1 = await s.repairs.listCases({ limit: 3 });
    expect(p1.items.map((c) => c.rmaNumber)).toEqual(['RMA-706', 'RMA-705', 'RMA-704']);
    const p2 = await s.repairs.listCases({ limit: 3, cursor: p1.nextCursor });
    const p3 = await s.repairs.listCases({ limit: 3, cursor: p2.nextCursor });
    expect([...p2.items, ...p3.items].map((c) => c.rmaNumber)).toEqual(['RMA-703', 'RMA-702', 'RMA-701', 'RMA-700']);
    expect(p3.nextCursor).toBeNull();
    expect((await s.repairs.listCases({ filters: { search: 'rma-70' } })).items).toHaveLength(7);
    expect((await s.repairs.listCases({ filters: { search: 'SN-L3' } })).items.map((c) => c.rmaNumber)).toEqual(['RMA-703']);
    expect((await s.repairs.listCases({ filters: { from: '2026-02-03', to: '2026-02-05' }, sort: 'notified-asc' })).items.map((c) => c.rmaNumber)).toEqual(['RMA-702', 'RMA-703']);
    expect((await s.repairs.listCases({ filters: { status: ['closed'] } })).items).toHaveLength(0);
  });
});
