// The repair report's HTML from a real case in a real SQLite file: what a technician hands over
// must carry the decision, the rule it applied and the evidence it rested on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRepairReportData, loadTestReportData, renderRepairReportHtml, renderTestReportHtml, type RepairReportData } from '../../../main/reports/index';
import { META_EN, META_ZH, seedRepairCase, type SeededCase } from './fixture';

let seeded: SeededCase;
let data: RepairReportData;
beforeAll(async () => {
  seeded = await seedRepairCase();
  data = await loadRepairReportData(seeded.fx.services, seeded.caseId);
});
afterAll(async () => seeded.fx.close());

const count = (html: string, needle: string) => html.split(needle).length - 1;

describe('repair report data', () => {
  it('finds the failing parameter of the before-repair run from its stored evaluation, none for the after-repair run', () => {
    const before = data.runs.find((r) => r.id === seeded.beforeRunId);
    const after = data.runs.find((r) => r.id === seeded.afterRunId);
    expect(before?.findings).toEqual([expect.objectContaining({ kind: 'parameter', status: 'fail', verdict: expect.objectContaining({ parameter: 'txPowerDbm', reasonCode: 'below-min' }) })]);
    expect(after?.overall).toBe('pass');
    expect(after?.findings.filter((x) => x.status === 'fail')).toEqual([]);
  });

  it('names the follow-up caller and takes the module identity from the decision evidence run', () => {
    expect(data.calls[0]?.callerName).toBe('Mei Wu');
    expect(data.module).toMatchObject({ serialNumber: seeded.serial, partNumber: 'OB-SFP10G-SR', vendor: 'OPTIC BENCH' });
    expect(data.technician?.name).toBe('Zhang Lin');
  });

  it('an unknown case id is NOT_FOUND, not an empty report', async () => {
    await expect(loadRepairReportData(seeded.fx.services, 999_999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('repair report HTML (en)', () => {
  it('carries customer, notification, complaint, decision with its rule, action, replacement serial and signature lines', () => {
    const html = renderRepairReportHtml(data, META_EN);
    for (const text of [
      'RMA-7001',
      'Northwind Networks',
      'telephone',
      'Li Na (NOC)',
      'Link on port 12 flaps every few minutes',
      'replace',
      'fail-within-1-year',
      'notified on or before the first anniversary',
      'Non-human (product fault)',
      'Module replaced from stock',
      'Failure mode</th><td>Tx power</td>',
      'SIM0001',
      'Zhang Lin',
      'Customer satisfied, asked for faster shipping',
      'Replacement took two days',
      'Supervisor',
      'Customer',
    ]) {
      expect(html, text).toContain(text);
    }
    // 273 days: 2025-06-01 to 2026-03-01, the customer's calendar date of the call.
    expect(html).toContain('273 days');
  });

  it('lists every test run and every status change, the failing parameter in the words the bench screen used', () => {
    const html = renderRepairReportHtml(data, META_EN);
    expect(count(html, 'data-testid="run-row"')).toBe(data.runs.length);
    expect(count(html, 'data-testid="history-row"')).toBe(data.history.length);
    expect(data.history.map((h) => h.to)).toEqual(['received', 'diagnosing', 'awaiting-decision', 'replacing', 'verifying', 'closed']);
    expect(html).toContain('Tx power -7.80 dBm below spec minimum -7.3 dBm');
    // Status by symbol and word, never colour alone.
    expect(html).toContain('✖ FAIL');
    expect(html).toContain('✔ PASS');
  });

  it('is one static document: doctype, print stylesheet for A4 with unbroken rows and repeated table heads, no scripts', () => {
    const html = renderRepairReportHtml(data, META_EN);
    expect(html.startsWith('<!DOCTYPE html><html lang="en">')).toBe(true);
    expect(html).toContain('size: A4');
    expect(html).toMatch(/tr \{ break-inside: avoid/);
    expect(html).toContain('thead { display: table-header-group; }');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('http-equiv="Content-Security-Policy" content="default-src &#x27;none&#x27;');
  });
});

describe('repair report HTML (zh-CN)', () => {
  it('prints every fixed label in Chinese, the rule in the policy’s Chinese words, dates in the Chinese format', () => {
    const html = renderRepairReportHtml(data, META_ZH);
    for (const text of ['维修报告', '客户', '报修通知', '电话', '故障描述', '测试记录', '保修判定', '依据规则', '有规定参数不合格，且在一周年当日或之前通知：更换。', '更换', '状态记录', '已关闭', '签字', '技术员', '主管', '2026年3月1日']) {
      expect(html, text).toContain(text);
    }
    expect(html).toContain('lang="zh-CN"');
    for (const english of ['Repair report', 'Warranty decision', 'Status timeline', 'Signatures']) expect(html).not.toContain(english);
  });
});

describe('test report from a stored run', () => {
  it('prints the stored evidence: run id, RMA, SHA-256 of the stored bytes, station and operator of the reading', async () => {
    const t = await loadTestReportData(seeded.fx.services, seeded.beforeRunId);
    const stored = await seeded.fx.services.testRuns.get(seeded.beforeRunId);
    const html = renderTestReportHtml(t, META_EN);
    expect(t.image.sha256).toBe(stored.sha256);
    expect(html).toContain(stored.sha256);
    expect(html).toContain(`#${seeded.beforeRunId} (before repair)`);
    expect(html).toContain('RMA-7001');
    expect(html).toContain('zlin');
    expect(html).toContain('Bench 2');
  });
});
