// Page header and footer for printing a report to PDF. Chromium's page.pdf (playwright, CLI and
// tests) and Electron's webContents.printToPDF take the same headerTemplate/footerTemplate and
// fill the pageNumber/totalPages spans, so both outputs get identical headers from here.
// Templates are rendered outside the document: they need their own inline styles (their default
// font size is 0) and must not load anything.
import type { ReportMeta } from './components';
import { reportFormat } from './format';
import { reportStrings } from './strings';

export interface ReportPdfOptions {
  format: 'A4';
  printBackground: true;
  displayHeaderFooter: true;
  headerTemplate: string;
  footerTemplate: string;
  margin: { top: string; bottom: string; left: string; right: string };
}

/** The report's own text put into a template: template strings are HTML, so escape it here. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const FONT = `font-family: 'DejaVu Sans', 'Liberation Sans', Arial, 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif; font-size: 8px; color: #444;`;

export function reportPdfOptions(meta: ReportMeta, title: string): ReportPdfOptions {
  const s = reportStrings(meta.lang);
  const f = reportFormat(meta.lang, meta.timeZone);
  const row = `width: 100%; margin: 0 14mm; display: flex; justify-content: space-between; ${FONT}`;
  const headerTemplate =
    `<div style="${row}"><span>${escapeHtml(title)}</span>` +
    `<span>${escapeHtml(s.t('station'))}: ${escapeHtml(meta.station.trim() === '' ? s.t('dash') : meta.station)} · ${escapeHtml(f.instant(meta.printedAt))}</span></div>`;
  const footerTemplate =
    `<div style="${row}"><span>Optic Bench ${escapeHtml(meta.appVersion)}</span>` +
    `<span>${escapeHtml(s.t('pageOf')).replace('#{page}', '<span class="pageNumber"></span>').replace('#{total}', '<span class="totalPages"></span>')}</span></div>`;
  return {
    format: 'A4',
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate,
    footerTemplate,
    margin: { top: '18mm', bottom: '16mm', left: '14mm', right: '14mm' },
  };
}
