// The warranty decision on real SQLite files: an incomplete bench run is needs-evidence (never
// "no fault found") and sends the case back to diagnosing; a recorded external link / BER test
// is evidence beside it; an unreadable date code without a delivery record is needs-evidence,
// never an exception. External tests are stored once, validated, audited and never changed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Evaluation } from '../../../preload/contract/limits';
import { BenchError } from '../../../main/errors';
import { decodedModule, evaluation, openFixture, people, testRunInput, type Fixture } from './helpers';

/** SQLite: the triggers refuse. PostgreSQL: the bench's role has no UPDATE or DELETE (grants), before any trigger (lab-server.test.ts checks the triggers as the owner). */
const APPEND_ONLY_REFUSAL = /append-only|permission denied/;

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

/** An incomplete run as main/limits writes one for a passive cable: nothing judges the signal path. */
function incomplete(): Evaluation {
  return {
    ...evaluation(true),
    verdicts: [{ parameter: 'txPowerDbm', lane: null, value: null, unit: 'dBm', status: 'not-applicable', limit: null, limitSource: 'none', reason: 'no laser', reasonCode: 'no-laser', reasonArgs: { media: 'passive-copper' } }],
    overall: 'incomplete',
    withinSpec: false,
    incomplete: [{ code: 'no-signal-path', reason: 'nothing the read shows judges the signal path', args: { media: 'passive-copper' }, steps: ['external-test'] }],
    nextSteps: ['external-test'],
    findings: [],
  };
}

async function caseAwaiting(serial: string, rma: string, ev: Evaluation, dateCode?: string) {
  const s = fx.services;
  const c = await s.repairs.createCase({
    rmaNumber: rma,
    customerId: ids.customerId,
    moduleSerial: serial,
    notificationChannel: 'written',
    notifiedAt: '2026-03-01T10:00:00+08:00',
    notifiedBy: 'NOC',
    complaintText: 'link drops under traffic',
    technicianId: ids.techId,
    actor: 'zlin',
  });
  await s.repairs.transition({ caseId: c.id, to: 'diagnosing', actor: 'zlin' });
  const decoded = decodedModule(serial);
  if (dateCode !== undefined) decoded.vendor = { ...decoded.vendor, dateCode, manufactureDate: null };
  await s.testRuns.record(testRunInput(serial, { repairCaseId: c.id, evaluation: ev, decoded }));
  await s.repairs.transition({ caseId: c.id, to: 'awaiting-decision', actor: 'zlin' });
  return c;
}

const linkTest = (caseId: number, result: 'pass' | 'fail', over: Record<string, unknown> = {}) => ({
  caseId,
  role: 'before-repair' as const,
  kind: 'link' as const,
  result,
  equipment: 'Arista 7050SX-64, Et12',
  performedBy: 'Li Na',
  performedAt: '2026-03-02T07:30:00.000Z',
  station: 'bench-1',
  actor: 'zlin',
  ...over,
});

describe('an incomplete bench run', () => {
  it('is needs-evidence, never no-fault-found: the case goes back to diagnosing with what to do, and the run stays stored as incomplete', async () => {
    await fx.services.deliveries.importCsv('serial,customer,delivered_on\nSN-DAC1,Northwind Networks,2025-06-01\n', 'zlin');
    const c = await caseAwaiting('SN-DAC1', 'RMA-7001', incomplete());
    const d = await fx.services.repairs.decide({ caseId: c.id, cause: 'non-human', actor: 'zlin' });
    expect(d.status).toBe('diagnosing');
    expect(d.decisionDetail).toMatchObject({ decision: 'needs-evidence', ruleId: 'incomplete-needs-evidence', needs: ['external-test'], evidenceExternalTestId: null });
    expect(d.failureMode).toBeNull();
    const runs = await fx.db.dataSource.query('SELECT overall_verdict AS o, within_spec AS w FROM test_run');
    expect(runs).toEqual([{ o: 'incomplete', w: 0 }]);
    const history = await fx.db.dataSource.query('SELECT to_status AS s, note FROM status_change WHERE repair_case_id = ? ORDER BY id', [c.id]);
    expect(history.at(-1)).toMatchObject({ s: 'diagnosing', note: expect.stringContaining('incomplete-needs-evidence') });
    // Not yet a decision: the dashboard shows it but keeps it out of the no-fault-found rate.
    const st = await fx.services.statistics.statistics();
    expect(st.byDecision).toEqual([{ key: 'needs-evidence', count: 1 }]);
    expect(st.nffRate).toBeNull();
    const card = (await fx.services.statistics.scorecards()).find((x) => x.technicianId === ids.techId);
    expect(card).toMatchObject({ cases: 1, decided: 0, nff: 0, nffRate: null });
  });

  it('a passing external link test completes it: no fault found, resting on the bench run and the external test', async () => {
    const s = fx.services;
    const c = await caseAwaiting('SN-DAC2', 'RMA-7002', incomplete());
    await s.repairs.decide({ caseId: c.id, cause: 'non-human', actor: 'zlin' });
    const t = await s.externalTests.record(linkTest(c.id, 'pass'));
    expect(t).toMatchObject({ moduleSerial: 'SN-DAC2', repairCaseId: c.id, kind: 'link', result: 'pass', recordedBy: 'zlin', station: 'bench-1' });
    await s.repairs.transition({ caseId: c.id, to: 'awaiting-decision', actor: 'zlin' });
    const d = await s.repairs.decide({ caseId: c.id, cause: 'non-human', actor: 'zlin' });
    expect(d.decisionDetail).toMatchObject({ decision: 'no-fault-found', evidenceExternalTestId: t.id });
    expect(d.failureMode).toBe('none');
    expect((await s.repairs.getCaseDetail(c.id)).externalTests?.map((x) => x.id)).toEqual([t.id]);
  });

  it('a failed external BER test is a fault whatever the read said: replace within the first year', async () => {
    const s = fx.services;
    await s.deliveries.importCsv('serial,customer,delivered_on\nSN-AOC1,Northwind Networks,2025-06-01\n', 'zlin');
    const c = await caseAwaiting('SN-AOC1', 'RMA-7003', evaluation(true));
    const t = await s.externalTests.record(linkTest(c.id, 'fail', { kind: 'ber', bitErrorRatio: 3.2e-9, durationS: 600 }));
    const d = await s.repairs.decide({ caseId: c.id, cause: 'non-human', actor: 'zlin' });
    expect(d.decisionDetail).toMatchObject({ decision: 'replace', evidenceExternalTestId: t.id });
    expect(d.failureMode).toBe('external:ber');
  });
});

describe('the basis date', () => {
  it('a date code in another layout (YYYYMMDD) is read: the decision counts from it, estimated', async () => {
    const c = await caseAwaiting('SN-CM1', 'RMA-7101', evaluation(false), '20190312');
    const d = await fx.services.repairs.decide({ caseId: c.id, cause: 'non-human', actor: 'zlin' });
    expect(d.decisionDetail).toMatchObject({ decision: 'out-of-warranty', estimated: true, basisDate: '2019-03-12' });
  });

  it('an unreadable date code and no delivery record: needs-evidence naming both, not INVALID_DATE', async () => {
    const c = await caseAwaiting('SN-CM2', 'RMA-7102', evaluation(false), '19??0312');
    const d = await fx.services.repairs.decide({ caseId: c.id, cause: 'non-human', actor: 'zlin' });
    expect(d.decisionDetail).toMatchObject({ decision: 'needs-evidence', ruleId: 'basis-unknown-needs-evidence', ageDays: null, basisDate: null, needs: ['delivery-record'] });
    expect(d.decisionDetail?.rule).toContain('"19??0312" is unreadable');
  });

  it('the same unreadable date code with a delivery record decides from the delivery (before: INVALID_DATE)', async () => {
    await fx.services.deliveries.importCsv('serial,customer,delivered_on\nSN-CM3,Northwind Networks,2025-12-01\n', 'zlin');
    const c = await caseAwaiting('SN-CM3', 'RMA-7103', evaluation(false), '19??0312');
    const d = await fx.services.repairs.decide({ caseId: c.id, cause: 'non-human', actor: 'zlin' });
    expect(d.decisionDetail).toMatchObject({ decision: 'replace', estimated: false, basisDate: '2025-12-01' });
  });
});

describe('external tests as evidence records', () => {
  it('are append-only in the database, and audited', async () => {
    const c = await caseAwaiting('SN-X1', 'RMA-7201', incomplete());
    const t = await fx.services.externalTests.record(linkTest(c.id, 'pass'));
    await expect(fx.db.writer.query('UPDATE external_test SET result = ? WHERE id = ?', ['fail', t.id])).rejects.toThrow(APPEND_ONLY_REFUSAL);
    await expect(fx.db.writer.query('DELETE FROM external_test WHERE id = ?', [t.id])).rejects.toThrow(APPEND_ONLY_REFUSAL);
    const audit = await fx.db.dataSource.query(`SELECT actor, details_json AS d FROM audit_event WHERE action = 'external-test.record'`);
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].d)).toMatchObject({ result: 'pass', equipment: 'Arista 7050SX-64, Et12', performedBy: 'Li Na', moduleSerial: 'SN-X1' });
  });

  it.each([
    ['a BER test without its ratio', { kind: 'ber' }, 'INVALID_INPUT', 'bitErrorRatio'],
    ['no equipment', { equipment: ' ' }, 'INVALID_INPUT', 'equipment'],
    ['a ratio above 1', { kind: 'ber', bitErrorRatio: 2 }, 'INVALID_INPUT', 'bitErrorRatio'],
    ['a test in the future', { performedAt: '2026-03-03T08:00:00.000Z' }, 'INVALID_DATE', 'performedAt'],
    ['another module than the case', { moduleSerial: 'SN-OTHER' }, 'INVALID_INPUT', 'SN-OTHER'],
  ])('refuses %s with a coded error naming it, and stores nothing', async (_what, over, code, named) => {
    const c = await caseAwaiting('SN-X2', 'RMA-7202', incomplete());
    const e = await failure(fx.services.externalTests.record(linkTest(c.id, 'pass', over)));
    expect(e.code).toBe(code);
    expect(`${e.message} ${JSON.stringify(e.details)}`).toContain(named);
    expect(await fx.db.dataSource.query('SELECT count(*) AS n FROM external_test')).toEqual([{ n: 0 }]);
  });

  it('a closed case takes no more evidence', async () => {
    const s = fx.services;
    const c = await caseAwaiting('SN-X3', 'RMA-7203', evaluation(true));
    await s.repairs.decide({ caseId: c.id, cause: 'human', actor: 'zlin' });
    expect((await failure(s.externalTests.record(linkTest(c.id, 'pass')))).code).toBe('CASE_CLOSED');
  });
});
