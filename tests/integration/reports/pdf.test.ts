// Reports printed to PDF by Debian's Chromium, read back with pdftotext: what the customer gets
// on paper must say what the HTML says, with page numbers, in both languages.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRepairReportData, renderRepairReportHtml, renderTestReportHtml, testReportDataFromImage } from '../../../main/reports/index';
import { launchReportBrowser, type ReportBrowser } from '../../../main/reports/pdf';
import { loadImageFile } from '../../../main/sff/image-file';
import { tempDir } from '../db/helpers';
import { chromiumUnavailableReason } from '../../support/chromium';
import { META_EN, META_ZH, PROFILES, seedRepairCase, type SeededCase } from './fixture';

const skip = chromiumUnavailableReason();
const dir = tempDir('ob-report-pdf-');
const SHOTS = path.resolve('test-output/reports');

function pdfText(pdf: Buffer, name: string): string {
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

function pageCount(pdf: Buffer, name: string): number {
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
}

/** First page as PNG at 60 dpi under test-output/reports (copied to docs/screenshots by hand). */
function pageImage(pdf: Buffer, name: string): void {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(dir, `${name}.pdf`);
  fs.writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, path.join(SHOTS, name)]);
}

describe.skipIf(skip !== null)('report PDFs (Chromium)', () => {
  let browser: ReportBrowser;
  let seeded: SeededCase;
  beforeAll(async () => {
    browser = await launchReportBrowser();
    seeded = await seedRepairCase();
  });
  afterAll(async () => {
    await browser?.close();
    await seeded?.fx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function imageReport(name: string) {
    const img = await loadImageFile(`resources/modules/${name}.hex`);
    return testReportDataFromImage({
      bytes: img.bytes,
      path: img.path,
      profiles: PROFILES,
      setup: { rxLightSource: true },
      at: new Date('2026-03-02T09:00:00Z'),
      station: 'Bench 2',
      operator: 'zlin',
      programmer: 'simulated',
      appVersion: '0.1.0',
    });
  }

  it('a test report PDF shows the SHA-256, the failing value, the station header and "Page 1 / N" footers', async () => {
    const data = await imageReport('weak-tx');
    const pdf = await browser.pdf(renderTestReportHtml(data, META_EN), META_EN);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf, 'test-en');
    const pages = pageCount(pdf, 'test-en');
    expect(text).toContain(data.image.sha256);
    expect(text).toMatch(/Tx power\s+-\s+-7\.80\s+dBm\s+-7\.3/);
    expect(text).toContain('Station: Bench 2 · 5 Mar 2026, 14:30');
    for (let p = 1; p <= pages; p++) expect(text).toContain(`Page ${p} / ${pages}`);
    pageImage(pdf, 'report-test');
  });

  it('the hostile vendor prints as its literal characters', async () => {
    const data = await imageReport('hostile-vendor-name');
    const text = pdfText(await browser.pdf(renderTestReportHtml(data, META_EN), META_EN), 'hostile');
    expect(text).toContain('<svg onload=a()>');
    expect(text).toContain('<img src=x>');
  });

  it('a repair report PDF shows RMA, customer, decision with its rule, replacement, timeline and signature lines', async () => {
    const data = await loadRepairReportData(seeded.fx.services, seeded.caseId);
    const pdf = await browser.pdf(renderRepairReportHtml(data, META_EN), META_EN);
    const text = pdfText(pdf, 'repair-en');
    for (const s of ['Repair report RMA-7001', 'RMA-7001', 'Northwind Networks', 'Li Na (NOC)', 'replace', 'fail-within-1-year', 'SIM0001', 'Module replaced from stock', 'Status timeline', 'Supervisor', 'Customer', 'Page 1 /']) {
      expect(text, s).toContain(s);
    }
    expect(text).toMatch(/Tx power -7\.80 dBm\s+below/);
    pageImage(pdf, 'report-repair');
  });

  it('a zh-CN repair report prints Chinese text (fonts present) and Chinese page numbers', async () => {
    const data = await loadRepairReportData(seeded.fx.services, seeded.caseId);
    const pdf = await browser.pdf(renderRepairReportHtml(data, META_ZH), META_ZH);
    const text = pdfText(pdf, 'repair-zh');
    for (const s of ['维修报告', '保修判定', '依据规则', '更换', '状态记录', '签字', '工位: Bench 2']) expect(text, s).toContain(s);
    expect(text).toMatch(/第\s*1\s*\/\s*\d+\s*页/);
    pageImage(pdf, 'report-repair-zh');
  });

  it('a long repair report (60 readings) runs over several pages, repeats the table head and loses no row', async () => {
    const long = await seedRepairCase({ extraRuns: 60 });
    try {
      const data = await loadRepairReportData(long.fx.services, long.caseId);
      expect(data.runs).toHaveLength(62);
      const pdf = await browser.pdf(renderRepairReportHtml(data, META_EN), META_EN);
      const pages = pageCount(pdf, 'long');
      const text = pdfText(pdf, 'long');
      expect(pages).toBeGreaterThanOrEqual(2);
      expect(text).toContain(`Page ${pages} / ${pages}`);
      for (const r of data.runs) expect(text).toMatch(new RegExp(`#${r.id}\\b`));
      // The table head is printed again on the pages the runs table continues on.
      const perPage = text.split('\f').filter((p) => p.trim() !== '');
      expect(perPage.filter((p) => /Run\s+Tested at\s+Role/.test(p)).length).toBeGreaterThanOrEqual(2);
    } finally {
      await long.fx.close();
    }
  });

  it('a missing Chromium is REPORT_BROWSER_MISSING naming the path and what to install, never a download', async () => {
    await expect(launchReportBrowser({ executablePath: '/nonexistent/chromium' })).rejects.toMatchObject({
      code: 'REPORT_BROWSER_MISSING',
      message: expect.stringContaining('apt-get install chromium'),
    });
    await expect(launchReportBrowser({ env: { OPTIC_BENCH_CHROMIUM: '/nonexistent/c2' } })).rejects.toMatchObject({ code: 'REPORT_BROWSER_MISSING', details: { path: '/nonexistent/c2' } });
  });
});
