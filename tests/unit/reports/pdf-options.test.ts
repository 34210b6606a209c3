// The header/footer templates both Chromium (CLI) and Electron (app) print with.
import { describe, expect, it } from 'vitest';
import { reportPdfOptions, type ReportMeta } from '../../../main/reports/index';

const META: ReportMeta = { station: 'Bench 2', printedAt: new Date('2026-03-05T06:30:00Z'), lang: 'en', appVersion: '0.1.0', timeZone: 'UTC' };

describe('reportPdfOptions', () => {
  it('prints A4 with backgrounds and page numbers Chromium fills in (pageNumber / totalPages)', () => {
    const o = reportPdfOptions(META, 'Repair report RMA-1');
    expect(o).toMatchObject({ format: 'A4', printBackground: true, displayHeaderFooter: true });
    expect(o.footerTemplate).toContain('Page <span class="pageNumber"></span> / <span class="totalPages"></span>');
    expect(o.headerTemplate).toContain('Station: Bench 2 · 5 Mar 2026, 06:30');
    expect(o.headerTemplate).toContain('Repair report RMA-1');
    // Templates default to a 0 font size: without an explicit size nothing shows.
    expect(o.headerTemplate).toMatch(/font-size: \d+px/);
    // Margins leave room for header and footer.
    expect(parseFloat(o.margin.top)).toBeGreaterThanOrEqual(15);
    expect(parseFloat(o.margin.bottom)).toBeGreaterThanOrEqual(12);
  });

  it('escapes the station and title: the templates are HTML', () => {
    const o = reportPdfOptions({ ...META, station: '<img src=x onerror=a()>' }, 'SN <b>');
    expect(o.headerTemplate).not.toContain('<img');
    expect(o.headerTemplate).toContain('&lt;img src=x onerror=a()&gt;');
    expect(o.headerTemplate).toContain('SN &lt;b&gt;');
  });

  it('a station not set yet prints as a dash, not an empty label', () => {
    expect(reportPdfOptions({ ...META, station: '' }, 't').headerTemplate).toContain('Station: - · 5 Mar 2026');
  });

  it('in zh-CN words the page number the Chinese way', () => {
    const o = reportPdfOptions({ ...META, lang: 'zh-CN' }, '维修报告');
    expect(o.footerTemplate).toContain('第 <span class="pageNumber"></span> / <span class="totalPages"></span> 页');
    expect(o.headerTemplate).toContain('工位: Bench 2 · 2026年3月5日 06:30');
  });
});
