// Issue 12 on paper: a run attached by mistake and withdrawn stays in the repair report, struck
// through with who withdrew it and why; the decision names the delivery record it counted from;
// each run says who attached it. In English and in Chinese.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadRepairReportData, renderRepairReportHtml, type ReportMeta } from '../../../main/reports/index';
import type { VerifiedPerson } from '../../../preload/contract/records';
import { evaluation, openFixture, people, testRunInput, type Fixture } from '../db/helpers';

const META: ReportMeta = { station: 'Bench 2', printedAt: new Date('2026-03-05T06:30:00Z'), lang: 'en', appVersion: '0.1.0', timeZone: 'UTC' };
const SUPERVISOR: VerifiedPerson = { id: 2, code: 'mwu', name: 'Mei Wu', role: 'supervisor', label: 'Mei Wu (mwu)' };

let fx: Fixture;
let caseId: number;
let wrongRun: number;
let deliveryId: number;

beforeEach(async () => {
  fx = await openFixture();
  const ids = await people(fx.services);
  await fx.services.deliveries.importCsv('serial,customer,delivered_on\nSN-RPT,Northwind Networks,2025-10-01\n', 'zlin');
  deliveryId = (await fx.services.deliveries.listForSerial('SN-RPT'))[0]!.id;
  const c = await fx.services.repairs.createCase({
    rmaNumber: 'RMA-RPT', customerId: ids.customerId, moduleSerial: 'SN-RPT', notificationChannel: 'written', notifiedAt: '2026-03-01T09:00:00Z',
    notifiedBy: 'NOC', complaintText: 'No light', technicianId: ids.techId, actor: 'Zhang Lin (zlin)',
  });
  caseId = c.id;
  await fx.services.repairs.transition({ caseId, to: 'diagnosing', actor: 'Zhang Lin (zlin)' });
  wrongRun = (await fx.services.testRuns.record(testRunInput('SN-RPT', { evaluation: evaluation(true) }))).id;
  await fx.services.testRuns.attach({ testRunId: wrongRun, caseId, role: 'before-repair', actor: 'Zhang Lin (zlin)', station: 'bench-1' });
  await fx.services.testRuns.withdraw({ testRunId: wrongRun, caseId, reason: 'Read with a dirty fibre end', supervisor: SUPERVISOR, requestedBy: 'Zhang Lin (zlin)' });
  const right = (await fx.services.testRuns.record(testRunInput('SN-RPT', { evaluation: evaluation(false), takenAt: '2026-03-02T10:00:00.000Z' }))).id;
  await fx.services.testRuns.attach({ testRunId: right, caseId, role: 'before-repair', actor: 'Zhang Lin (zlin)', station: 'bench-1' });
  await fx.services.repairs.transition({ caseId, to: 'awaiting-decision', actor: 'Zhang Lin (zlin)' });
  await fx.services.repairs.decide({ caseId, cause: 'non-human', actor: 'Zhang Lin (zlin)' });
});
afterEach(async () => fx.close());

describe('corrections and the delivery record in the repair report', () => {
  it('English: the withdrawn run is listed with the supervisor and reason, the decision names its delivery record', async () => {
    const data = await loadRepairReportData(fx.services, caseId);
    expect(data.withdrawnRuns?.map((r) => r.id)).toEqual([wrongRun]);
    expect(data.runs.map((r) => r.id)).not.toContain(wrongRun);
    const html = renderRepairReportHtml(data, META);
    expect(html).toContain('Runs withdrawn (attached by mistake)');
    expect(html).toMatch(/withdrawn by Mei Wu \(mwu\), \d+ \w+ \d{4}, \d\d:\d\d: Read with a dirty fibre end/);
    expect(html).toContain(`delivery record #${deliveryId}`);
    expect(html).toContain('Attached: Zhang Lin (zlin)');
  });

  it('Chinese: the same in Chinese words', async () => {
    const html = renderRepairReportHtml(await loadRepairReportData(fx.services, caseId), { ...META, lang: 'zh-CN' });
    expect(html).toContain('已撤回的测试记录（误关联）');
    expect(html).toContain('由 Mei Wu (mwu) 于');
    expect(html).toContain(`交付记录 #${deliveryId}`);
  });
});
