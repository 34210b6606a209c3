// Edge cases the seeded real case does not reach: a case just received (nothing judged, nothing
// decided) and the zh-CN reason for a marginal value.
import { describe, expect, it } from 'vitest';
import type { ParameterVerdict } from '../../../preload/contract/limits';
import { reportContext } from '../../../main/reports/components';
import { verdictReason } from '../../../main/reports/reasons';
import { renderRepairReportHtml, type RepairReportData, type ReportMeta } from '../../../main/reports/index';

const META: ReportMeta = { station: 'Bench 2', printedAt: new Date('2026-03-05T06:30:00Z'), lang: 'en', appVersion: '0.1.0', timeZone: 'UTC' };

const received: RepairReportData = {
  case: {
    id: 1,
    rmaNumber: 'RMA-1',
    customerId: 1,
    customerName: 'Acme',
    moduleSerial: 'SN1',
    partNumber: null,
    status: 'received',
    technicianId: null,
    technicianName: null,
    notifiedAt: '2026-03-01T02:00:00.000Z',
    decision: null,
    updatedAt: '2026-03-01T02:00:00.000Z',
    notificationChannel: 'written',
    notifiedOn: '2026-03-01',
    notifiedBy: 'letter',
    complaintText: 'dead on arrival',
    cause: null,
    decisionDetail: null,
    failureMode: null,
    actionTaken: null,
    replacementSerial: null,
    createdAt: '2026-03-01T02:00:00.000Z',
    firstResponseAt: null,
    closedAt: null,
    version: 0,
    updatedBy: null,
    updatedStation: null,
  },
  customer: { id: 1, name: 'Acme', contact: null, phone: null, email: null, createdAt: '2026-01-01T00:00:00.000Z' },
  technician: null,
  module: null,
  deliveries: [],
  runs: [],
  history: [{ id: 1, from: null, to: 'received', at: '2026-03-01T02:00:00.000Z', actor: 'intake', note: null }],
  complaints: [],
  calls: [],
  externalTests: [],
};

describe('repair report of a case just received', () => {
  it('says plainly that nothing was tested or decided yet, with no empty complaint/call tables', () => {
    const html = renderRepairReportHtml(received, META);
    expect(html).toContain('No test runs recorded.');
    expect(html).toContain('No decision yet.');
    expect(html).toContain('not assigned');
    expect(html).toContain('no delivery record');
    expect(html).not.toContain('data-testid="complaints"');
    expect(html).not.toContain('data-testid="calls"');
    // Signature lines are there even on an open case: the intake sheet is signed too.
    expect(html).toContain('data-testid="signatures"');
  });
});

describe('zh-CN verdict reasons', () => {
  const ctx = reportContext({ ...META, lang: 'zh-CN' });
  const v = (over: Partial<ParameterVerdict>): ParameterVerdict => ({
    parameter: 'txPowerDbm',
    lane: 1,
    value: -6.5,
    unit: 'dBm',
    status: 'marginal',
    limit: { min: -7.3, max: -1, warnMin: -6.3, warnMax: -1.5 },
    limitSource: 'profile',
    reason: 'Tx power -6.50 dBm below warning -6.3 dBm, within spec -7.3 to -1 dBm',
    ...over,
  });

  it('a run stored before reason codes: marginal and fail reasons rebuilt from the judged figures', () => {
    expect(verdictReason(ctx, v({}))).toBe('-6.50 dBm 低于告警值 -6.3 dBm，仍在规格内');
    expect(verdictReason(ctx, v({ value: -0.5, status: 'fail' }))).toBe('-0.50 dBm 高于上限 -1 dBm');
    expect(verdictReason(ctx, v({ value: -3, status: 'pass' }))).toBe('-3.00 dBm 在规格内');
  });

  it('a coded reason is worded as the app words it (shared zh-CN translations)', () => {
    expect(verdictReason(ctx, v({ reasonCode: 'below-warn', reasonArgs: { value: -6.5, bound: -6.3, min: -7.3, max: -1, limitKind: 'spec' } }))).toBe(
      '发射光功率 -6.50 dBm，低于预警值 -6.3 dBm，仍在规格范围 -7.3 至 -1 dBm 内',
    );
  });

  it('keeps the stored words when the figures cannot restate them (not measured), and English as stored', () => {
    expect(verdictReason(ctx, v({ value: null, status: 'not-measured', reason: 'Rx power not measured: no light' }))).toBe('Rx power not measured: no light');
    expect(verdictReason(reportContext(META), v({}))).toBe('Tx power -6.50 dBm below warning -6.3 dBm, within spec -7.3 to -1 dBm');
  });
});
