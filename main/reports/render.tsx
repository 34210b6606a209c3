/** @jsxRuntime automatic @jsxImportSource react */
// Renders the report components to complete static HTML documents.
import { renderToStaticMarkup } from 'react-dom/server';
import { reportContext, type ReportMeta } from './components';
import type { RepairReportData, TestReportData } from './data';
import { RepairReport } from './repair-report';
import { TestReport } from './test-report';

const DOCTYPE = '<!DOCTYPE html>';

export function renderTestReportHtml(data: TestReportData, meta: ReportMeta): string {
  return DOCTYPE + renderToStaticMarkup(<TestReport ctx={reportContext(meta)} data={data} />);
}

export function renderRepairReportHtml(data: RepairReportData, meta: ReportMeta): string {
  return DOCTYPE + renderToStaticMarkup(<RepairReport ctx={reportContext(meta)} data={data} />);
}

/** The title the header template and the PDF's document title use. */
export function testReportTitle(data: TestReportData, meta: ReportMeta): string {
  return `${reportContext(meta).s.t('testReportTitle')} ${data.module.vendor.serialNumber}`;
}

export function repairReportTitle(data: RepairReportData, meta: ReportMeta): string {
  return `${reportContext(meta).s.t('repairReportTitle')} ${data.case.rmaNumber}`;
}
