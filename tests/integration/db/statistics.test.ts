import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleWithSeed } from '../../../main/services/index';
import type { CauseCategory } from '../../../preload/contract/warranty';
import { decodedModule, evaluation, openFixture, testRunInput, type Fixture } from './helpers';

// A small dataset whose every figure is worked out by hand in the comments below.
let fx: Fixture;
const H = 3_600_000;
const ids: Record<string, number> = {};

async function caseWith(o: { rma: string; serial: string; pn: string; customerId: number; techId: number; notified: string; respondAfterH?: number; verdictPass?: boolean; cause?: CauseCategory; decideAfterH?: number }) {
  const s = fx.services;
  const c = await s.repairs.createCase({
    rmaNumber: o.rma,
    customerId: o.customerId,
    moduleSerial: o.serial,
    partNumber: o.pn,
    notificationChannel: 'written',
    notifiedAt: o.notified,
    notifiedBy: 'customer',
    complaintText: 'fault',
    technicianId: o.techId,
    actor: 'admin',
  });
  const t0 = Date.parse(o.notified);
  if (o.respondAfterH === undefined) return c.id;
  fx.clock.set(new Date(t0 + o.respondAfterH * H).toISOString());
  await s.repairs.transition({ caseId: c.id, to: 'diagnosing', actor: 'tech' });
  await s.testRuns.record(testRunInput(o.serial, { repairCaseId: c.id, decoded: decodedModule(o.serial, o.pn), evaluation: evaluation(o.verdictPass ?? false) }));
  await s.repairs.transition({ caseId: c.id, to: 'awaiting-decision', actor: 'tech' });
  fx.clock.set(new Date(t0 + (o.decideAfterH ?? o.respondAfterH) * H).toISOString());
  await s.repairs.decide({ caseId: c.id, cause: o.cause ?? 'non-human', actor: 'tech' });
  return c.id;
}

beforeAll(async () => {
  fx = await openFixture('2026-01-01T00:00:00.000Z');
  const s = fx.services;
  const a = await s.customers.create({ name: 'Alpha Telecom', actor: 'admin' });
  const b = await s.customers.create({ name: 'Beta ISP', actor: 'admin' });
  const zlin = await s.technicians.create({ code: 'zlin', name: 'Zhang Lin', role: 'technician', actor: 'admin' });
  const qhe = await s.technicians.create({ code: 'qhe', name: 'Qiu He', role: 'technician', actor: 'admin' });
  const mwu = await s.technicians.create({ code: 'mwu', name: 'Mei Wu', role: 'supervisor', actor: 'admin' });
  ids.mwu = mwu.id;
  await s.deliveries.importCsv('serial,customer,delivered_on\nS1,Alpha Telecom,2025-06-01\nS2,Alpha Telecom,2025-06-01\nS3,Beta ISP,2025-06-01\n', 'admin');
  // C1: responded after 2 h, fail -> replace, closed 48 h after notification.
  ids.c1 = await caseWith({ rma: 'R-1', serial: 'S1', pn: 'PN-X', customerId: a.id, techId: zlin.id, notified: '2026-01-10T00:00:00Z', respondAfterH: 2 });
  await s.repairs.transition({ caseId: ids.c1, to: 'verifying', actionTaken: 'replaced', replacementSerial: 'S1R', actor: 'tech' });
  await s.testRuns.record(testRunInput('S1R', { repairCaseId: ids.c1, role: 'after-repair', decoded: decodedModule('S1R', 'PN-X') }));
  fx.clock.set('2026-01-12T00:00:00.000Z');
  await s.repairs.transition({ caseId: ids.c1, to: 'closed', actor: 'tech' });
  // C2: responded after 4 h, pass -> no fault found at 5 h.
  ids.c2 = await caseWith({ rma: 'R-2', serial: 'S2', pn: 'PN-X', customerId: a.id, techId: zlin.id, notified: '2026-01-20T00:00:00Z', respondAfterH: 4, verdictPass: true, decideAfterH: 5 });
  // C3: responded after 1 h, human cause -> not covered at 3 h.
  ids.c3 = await caseWith({ rma: 'R-3', serial: 'S3', pn: 'PN-Y', customerId: b.id, techId: qhe.id, notified: '2026-02-05T00:00:00Z', respondAfterH: 1, cause: 'human', decideAfterH: 3 });
  // C4: still received, no response yet.
  ids.c4 = await caseWith({ rma: 'R-4', serial: 'S4', pn: 'PN-Y', customerId: b.id, techId: qhe.id, notified: '2026-02-06T00:00:00Z' });
  fx.clock.set('2026-02-20T00:00:00.000Z');
  await s.supervision.recordCall({ caseId: ids.c1, callerId: mwu.id, calledAt: '2026-02-20T09:00:00Z', satisfaction: 4, actor: 'mwu' });
  await s.supervision.recordCall({ caseId: ids.c2, callerId: mwu.id, calledAt: '2026-02-20T09:30:00Z', satisfaction: 5, actor: 'mwu' });
  await s.supervision.recordCall({ caseId: ids.c3, callerId: mwu.id, calledAt: '2026-02-20T10:00:00Z', satisfaction: 2, remarks: 'felt blamed', actor: 'mwu' });
  const k = await s.supervision.fileComplaint({ caseId: ids.c2, addressedTo: 'engineering-manager', text: 'took too long to answer', actor: 'mwu' });
  ids.k = k.id;
}, 60_000);
afterAll(async () => fx.close());

describe('statistics', () => {
  it('counts by status, cause, failure mode, decision, part number, customer, technician and month', async () => {
    const st = await fx.services.statistics.statistics();
    expect(st.total).toBe(4);
    const asMap = (rows: Array<{ key: string; count: number }>) => Object.fromEntries(rows.map((r) => [r.key, r.count]));
    expect(asMap(st.byStatus)).toEqual({ closed: 1, 'returned-no-fault': 1, 'rejected-not-covered': 1, received: 1 });
    expect(asMap(st.byCause)).toEqual({ 'non-human': 2, human: 1 });
    expect(asMap(st.byFailureMode)).toEqual({ txPowerDbm: 2, none: 1 });
    expect(asMap(st.byDecision)).toEqual({ replace: 1, 'no-fault-found': 1, 'not-covered': 1 });
    expect(asMap(st.byPartNumber)).toEqual({ 'PN-X': 2, 'PN-Y': 2 });
    expect(asMap(st.byCustomer)).toEqual({ 'Alpha Telecom': 2, 'Beta ISP': 2 });
    expect(asMap(st.byTechnician)).toEqual({ 'Zhang Lin': 2, 'Qiu He': 2 });
    expect(st.byMonth).toEqual([
      { key: '2026-01', count: 2 },
      { key: '2026-02', count: 2 },
    ]);
    expect(st.nffRate).toBeCloseTo(1 / 3, 10);
  });

  it('gives nearest-rank median and p90 of first response (1, 2, 4 h) and of closure (3, 5, 48 h)', async () => {
    const st = await fx.services.statistics.statistics();
    expect(st.firstResponse).toEqual({ count: 3, medianS: 2 * 3600, p90S: 4 * 3600 });
    expect(st.closure).toEqual({ count: 3, medianS: 5 * 3600, p90S: 48 * 3600 });
  });

  it('restricts every figure to the period by notification date', async () => {
    const st = await fx.services.statistics.statistics({ from: '2026-02-01', to: '2026-03-01' });
    expect(st.total).toBe(2);
    expect(st.nffRate).toBe(0);
    expect(st.firstResponse).toEqual({ count: 1, medianS: 3600, p90S: 3600 });
  });

  it('narrows every figure to one customer: Alpha has C1 and C2 only (responses 2 h and 4 h, one NFF of two decisions)', async () => {
    const alpha = (await fx.services.customers.list('Alpha'))[0]!;
    const st = await fx.services.statistics.statistics({ customerId: alpha.id });
    expect(st.total).toBe(2);
    expect(st.byCustomer).toEqual([{ key: 'Alpha Telecom', count: 2 }]);
    expect(st.byPartNumber).toEqual([{ key: 'PN-X', count: 2 }]);
    expect(st.nffRate).toBe(0.5);
    expect(st.firstResponse).toEqual({ count: 2, medianS: 2 * 3600, p90S: 4 * 3600 });
    expect(st.closure).toEqual({ count: 2, medianS: 5 * 3600, p90S: 48 * 3600 });
  });

  it('narrows by part number (exact, surrounding spaces ignored) and combines it with customer and period', async () => {
    const st = await fx.services.statistics.statistics({ partNumber: ' PN-Y ' });
    expect(st.total).toBe(2);
    expect(Object.fromEntries(st.byStatus.map((r) => [r.key, r.count]))).toEqual({ 'rejected-not-covered': 1, received: 1 });
    expect(st.firstResponse).toEqual({ count: 1, medianS: 3600, p90S: 3600 });
    const alpha = (await fx.services.customers.list('Alpha'))[0]!;
    // Alpha never sent a PN-Y: nothing matches both, and every figure is empty rather than wrong.
    const none = await fx.services.statistics.statistics({ customerId: alpha.id, partNumber: 'PN-Y' });
    expect(none).toMatchObject({ total: 0, nffRate: null, byPartNumber: [], byCustomer: [], firstResponse: { count: 0, medianS: null } });
    // C2 is Alpha's only case notified in the second half of January.
    expect((await fx.services.statistics.statistics({ customerId: alpha.id, from: '2026-01-15', to: '2026-02-01' })).total).toBe(1);
    await expect(fx.services.statistics.statistics({ customerId: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('scorecards under a customer filter count only that customer\'s cases, calls and complaints', async () => {
    const beta = (await fx.services.customers.list('Beta'))[0]!;
    const cards = await fx.services.statistics.scorecards({ customerId: beta.id });
    expect(cards.find((c) => c.code === 'zlin')).toMatchObject({ cases: 0, calls: 0, complaints: 0, averageSatisfaction: null });
    expect(cards.find((c) => c.code === 'qhe')).toMatchObject({ cases: 2, calls: 1, averageSatisfaction: 2 });
  });

  it('scores each technician on cases, NFF rate, calls and complaints', async () => {
    const cards = await fx.services.statistics.scorecards();
    const z = cards.find((c) => c.code === 'zlin');
    const q = cards.find((c) => c.code === 'qhe');
    expect(z).toMatchObject({ cases: 2, decided: 2, nff: 1, nffRate: 0.5, calls: 2, averageSatisfaction: 4.5, complaints: 1, openComplaints: 1 });
    expect(q).toMatchObject({ cases: 2, decided: 1, nff: 0, nffRate: 0, calls: 1, averageSatisfaction: 2, complaints: 0 });
    expect(cards.some((c) => c.code === 'mwu')).toBe(false); // supervisors are not scored
  });
});

describe('supervision', () => {
  it('tracks a complaint open -> in-progress -> resolved and refuses reopening', async () => {
    const s = fx.services.supervision;
    await s.updateComplaint({ complaintId: ids.k, status: 'in-progress', actor: 'mwu' });
    const done = await s.updateComplaint({ complaintId: ids.k, status: 'resolved', resolution: 'apologised; response target reviewed', actor: 'mwu' });
    expect(done.resolvedAt).not.toBeNull();
    await expect(s.updateComplaint({ complaintId: ids.k, status: 'open', actor: 'mwu' })).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    await expect(s.updateComplaint({ complaintId: ids.k, status: 'resolved', actor: 'mwu' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('lists follow-up calls newest first with RMA, customer, technician and caller, paged by offset', async () => {
    const s = fx.services.supervision;
    const all = await s.listCalls();
    expect(all.total).toBe(3);
    expect(all.items.map((c) => c.rmaNumber)).toEqual(['R-3', 'R-2', 'R-1']);
    expect(all.items[0]).toEqual({
      id: expect.any(Number), repairCaseId: ids.c3, rmaNumber: 'R-3', customerName: 'Beta ISP', technicianId: expect.any(Number), technicianName: 'Qiu He',
      callerId: ids.mwu, callerName: 'Mei Wu', calledAt: '2026-02-20T10:00:00.000Z', satisfaction: 2, remarks: 'felt blamed',
    });
    // The second page of two holds the oldest call; the total still counts every match.
    const page2 = await s.listCalls({ limit: 2, offset: 2 });
    expect(page2).toMatchObject({ total: 3, offset: 2, limit: 2 });
    expect(page2.items.map((c) => c.rmaNumber)).toEqual(['R-1']);
  });

  it('filters calls by the technician whose work was assessed and by call time (to exclusive)', async () => {
    const s = fx.services.supervision;
    const zlin = (await fx.services.technicians.list()).find((t) => t.code === 'zlin')!;
    const z = await s.listCalls({ technicianId: zlin.id });
    expect(z.items.map((c) => c.rmaNumber)).toEqual(['R-2', 'R-1']);
    const window = await s.listCalls({ from: '2026-02-20T09:15:00Z', to: '2026-02-20T10:00:00Z' });
    expect(window.items.map((c) => c.rmaNumber)).toEqual(['R-2']);
    expect((await s.listCalls({ from: '2026-03-01' })).total).toBe(0);
    await expect(s.listCalls({ from: 'last tuesday, maybe' })).rejects.toMatchObject({ code: 'INVALID_DATE' });
    await expect(s.listCalls({ limit: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('refuses a satisfaction call on a case still in progress', async () => {
    await expect(fx.services.supervision.recordCall({ caseId: ids.c4, callerId: ids.mwu, calledAt: '2026-02-20T09:00:00Z', satisfaction: 3, actor: 'mwu' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('selects the same ended cases for the same seed, only from the period', async () => {
    const s = fx.services.supervision;
    const a = await s.selectForFollowUp({ from: '2026-01-01', to: '2026-02-28', count: 2, seed: 42 });
    const b = await s.selectForFollowUp({ from: '2026-01-01', to: '2026-02-28', count: 2, seed: 42 });
    expect(a.map((c) => c.id)).toEqual(b.map((c) => c.id));
    expect(a).toHaveLength(2);
    expect(a.every((c) => [ids.c1, ids.c2, ids.c3].includes(c.id))).toBe(true);
    // Only C1 ended between 11 and 12 January (C2 ended on the 20th, C3 in February).
    expect(await s.selectForFollowUp({ from: '2026-01-11', to: '2026-01-12', count: 5, seed: 1 })).toHaveLength(1);
  });

  it('the seeded sample is a fixed function of the seed, without repeats, and differs between seeds', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const one = sampleWithSeed(items, 10, 7);
    expect(sampleWithSeed(items, 10, 7)).toEqual(one);
    expect(new Set(one).size).toBe(10);
    expect(sampleWithSeed(items, 10, 8)).not.toEqual(one);
    expect(sampleWithSeed(items, 500, 7)).toHaveLength(100);
  });
});
