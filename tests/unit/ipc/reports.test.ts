// The reports channels over the real services (temp SQLite, simulated bench, the real report
// documents), called through dispatch as Electron and the harness call them. The printer is a
// recording fake here, except in the last block, which makes a real PDF with headless Chromium.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchReadResult, ReportPreview, ReportSaveResult } from '../../../preload/contract/api';
import type { Result } from '../../../preload/contract/errors';
import type { AuditEvent } from '../../../preload/contract/records';
import type { AppServices } from '../../../main/services/app-services';
import { cssLengthToInches, toElectronPdfOptions, type Printer, type ReportPdfOptions } from '../../../main/services/printer';
import { createReportService, safeFileStem } from '../../../main/services/reports';
import { chromiumUnavailableReason } from '../../support/chromium';
import { createHarnessPrinter } from '../../support/harness/printer';
import { ScriptedDialogs } from '../../support/harness/server';
import { FIXTURE_ACTOR, openChannelFixture, type ChannelFixture } from '../../support/channels';

const FAKE_PDF = new TextEncoder().encode('%PDF-1.7 fake');

class RecordingPrinter implements Printer {
  pdfCalls: { html: string; options: ReportPdfOptions }[] = [];
  printCalls: string[] = [];
  printAnswer = true;
  pdf(html: string, options: ReportPdfOptions): Promise<Uint8Array> {
    this.pdfCalls.push({ html, options });
    return Promise.resolve(FAKE_PDF);
  }
  print(html: string): Promise<boolean> {
    this.printCalls.push(html);
    return Promise.resolve(this.printAnswer);
  }
}

let tmp: string;
let services: AppServices;
const dialogs = new ScriptedDialogs();
const printer = new RecordingPrinter();
let caseId: number;
let hostileRunId: number;
const RMA = 'RMA-2026/0042';

let fx: ChannelFixture;

async function call<T = unknown>(channel: string, payload?: unknown): Promise<Result<T>> {
  return fx.call<T>(channel, payload);
}
async function ok<T>(channel: string, payload?: unknown): Promise<T> {
  return fx.ok<T>(channel, payload);
}
const codeOf = (r: Result<unknown>): string => (r.ok ? 'ok' : r.error.code);

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'ob-reports-'));
  fx = await openChannelFixture({ databasePath: path.join(tmp, 'records.sqlite'), dialogs, printer });
  ({ services } = fx);
  await ok('settings:set', { key: 'station', value: 'Bench Seven' });
  const customer = await ok<{ id: number }>('customers:create', { name: 'Harbour Data Centre' });
  const tech = await ok<{ id: number }>('technicians:create', { code: 'zlin', name: 'Zhang Lin', role: 'technician' });
  const hostile = await ok<BenchReadResult>('bench:read', { programmer: { kind: 'sim', module: 'hostile-vendor-name' }, rxLightSource: true });
  const created = await ok<{ id: number }>('cases:create', {
    rmaNumber: RMA,
    customerId: customer.id,
    moduleSerial: hostile.module.vendor.serialNumber,
    notificationChannel: 'written',
    notifiedAt: '2026-11-20T09:30:00Z',
    notifiedBy: 'NOC',
    complaintText: 'No link',
    technicianId: tech.id,
  });
  caseId = created.id;
  await ok('cases:transition', { caseId, to: 'diagnosing' });
  const run = await ok<{ id: number }>('testruns:record', { readId: hostile.readId, role: 'before-repair', caseId });
  hostileRunId = run.id;
});

afterAll(async () => {
  await services?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('reports:preview', () => {
  it('builds the test report of a stored run; a markup vendor name is text in it, never an element', async () => {
    const p = await ok<ReportPreview>('reports:preview', { kind: 'test-run', id: hostileRunId, lang: 'en' });
    expect(p.html).toContain('&lt;svg onload=a()&gt;');
    expect(p.html).not.toContain('<svg onload');
    expect(p.title).toContain('Module test report');
    expect(p.fileName).toBe(`test-run-${hostileRunId}.pdf`);
    // The station printing the report comes from main's settings, not from the page.
    expect(p.html).toContain('Bench Seven');
  });

  it('builds the repair report of a case by its id, in the language asked for', async () => {
    const en = await ok<ReportPreview>('reports:preview', { kind: 'repair', id: caseId, lang: 'en' });
    expect(en.html).toContain(RMA);
    expect(en.html).toContain('Harbour Data Centre');
    expect(en.title).toContain('Repair report');
    // "/" in an RMA number must not become a folder in the proposed file name.
    expect(en.fileName).toBe('RMA-2026_0042-repair-report.pdf');
    const zh = await ok<ReportPreview>('reports:preview', { kind: 'repair', id: caseId, lang: 'zh-CN' });
    expect(zh.title).toContain('维修报告');
    expect(zh.html).toContain(RMA);
  });

  it('dispatches on kind: the same id means a test run for test-run and a case for repair', async () => {
    // Run id and case id are both 1 here; the kind alone decides which record is read.
    expect(hostileRunId).toBe(caseId);
    const test = await ok<ReportPreview>('reports:preview', { kind: 'test-run', id: caseId, lang: 'en' });
    const repair = await ok<ReportPreview>('reports:preview', { kind: 'repair', id: caseId, lang: 'en' });
    expect(test.title).toContain('Module test report');
    expect(repair.title).toContain('Repair report');
  });

  it.each([
    ['test-run', 'test_run'],
    ['repair', 'repair_case'],
  ])('answers an unknown %s id with NOT_FOUND naming that id', async (kind, entity) => {
    const r = await call('reports:preview', { kind, id: 9999, lang: 'en' });
    expect(r).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('9999'), details: { entity, id: 9999 } } });
  });

  it.each([
    ['an unknown kind', { kind: 'invoice', id: 1, lang: 'en' }],
    ['an unknown language', { kind: 'repair', id: 1, lang: 'fr' }],
    ['a zero id', { kind: 'repair', id: 0, lang: 'en' }],
    ['HTML from the page', { kind: 'repair', id: 1, lang: 'en', html: '<script>x()</script>' }],
    ['a path from the page', { kind: 'repair', id: 1, lang: 'en', path: '/etc/passwd' }],
  ])('refuses %s with INVALID_INPUT before any service runs', async (_what, payload) => {
    const before = printer.pdfCalls.length + printer.printCalls.length + dialogs.asked.length;
    for (const channel of ['reports:preview', 'reports:print', 'reports:save-pdf']) expect(codeOf(await call(channel, payload))).toBe('INVALID_INPUT');
    expect(printer.pdfCalls.length + printer.printCalls.length + dialogs.asked.length).toBe(before);
  });
});

describe('reports:print', () => {
  it('hands the printer the same document the preview shows and passes its answer through', async () => {
    printer.printCalls.length = 0;
    printer.printAnswer = true;
    expect(await ok('reports:print', { kind: 'repair', id: caseId, lang: 'en' })).toEqual({ printed: true });
    printer.printAnswer = false;
    // The user closing the print dialog is an answer, not an error.
    expect(await ok('reports:print', { kind: 'repair', id: caseId, lang: 'en' })).toEqual({ printed: false });
    expect(printer.printCalls).toHaveLength(2);
    expect(printer.printCalls[0]).toContain(RMA);
  });

  it('says REPORT_PRINTER_UNAVAILABLE where no printer was given, while the preview still works', async () => {
    const svc = createReportService({ records: () => services.records, printer: null, dialogs, appVersion: 'x', now: Date.now });
    await expect(svc.print({ kind: 'repair', id: caseId, lang: 'en' })).rejects.toMatchObject({ code: 'REPORT_PRINTER_UNAVAILABLE' });
    await expect(svc.preview({ kind: 'repair', id: caseId, lang: 'en' })).resolves.toMatchObject({ title: expect.stringContaining(RMA) });
  });
});

describe('audit of reports leaving the app', () => {
  it('a printed or saved report is an audit event under the signed-in person; a closed print dialog is none', async () => {
    const before = await ok<AuditEvent[]>('audit:list', { entity: 'repair_case', entityId: String(caseId) });
    printer.printAnswer = false;
    await ok('reports:print', { kind: 'repair', id: caseId, lang: 'en' });
    printer.printAnswer = true;
    await ok('reports:print', { kind: 'repair', id: caseId, lang: 'zh-CN' });
    dialogs.queueSave(path.join(tmp, 'audited.pdf'));
    await ok('reports:save-pdf', { kind: 'test-run', id: hostileRunId, lang: 'en' });
    const cases = await ok<AuditEvent[]>('audit:list', { entity: 'repair_case', entityId: String(caseId) });
    const added = cases.filter((e) => !before.some((b) => b.id === e.id) && e.action.startsWith('report.'));
    expect(added.map((e) => [e.action, e.actor, e.details.lang])).toEqual([['report.print', FIXTURE_ACTOR, 'zh-CN']]);
    const runs = await ok<AuditEvent[]>('audit:list', { entity: 'test_run', entityId: String(hostileRunId) });
    expect(runs.find((e) => e.action === 'report.save-pdf')).toMatchObject({ actor: FIXTURE_ACTOR, details: { file: 'audited.pdf', bytes: FAKE_PDF.length } });
  });
});

describe('reports:save-pdf', () => {
  it('proposes the RMA file name, writes the PDF where the user chose and returns only its base name', async () => {
    const file = path.join(tmp, 'chosen.pdf');
    dialogs.queueSave(file);
    const asked = dialogs.asked.length;
    const r = await ok<ReportSaveResult>('reports:save-pdf', { kind: 'repair', id: caseId, lang: 'en' });
    expect(r).toEqual({ canceled: false, fileName: 'chosen.pdf', bytes: FAKE_PDF.length });
    expect(readFileSync(file)).toEqual(Buffer.from(FAKE_PDF));
    expect(dialogs.asked.slice(asked)).toEqual([{ kind: 'save', title: 'Save the report as PDF' }]);
    // The report's own page options (A4, header with title and station, page numbers) reach the printer.
    const options = printer.pdfCalls.at(-1)?.options;
    expect(options).toMatchObject({ format: 'A4', displayHeaderFooter: true, printBackground: true });
    expect(options?.headerTemplate).toContain('Bench Seven');
    expect(options?.footerTemplate).toContain('pageNumber');
  });

  it('writes nothing when the user cancels the save dialog', async () => {
    dialogs.queueSave(null);
    const before = readdirSync(tmp).sort();
    expect(await ok('reports:save-pdf', { kind: 'test-run', id: hostileRunId, lang: 'zh-CN' })).toEqual({ canceled: true });
    expect(readdirSync(tmp).sort()).toEqual(before);
  });

  it('reports an unknown id before asking where to save', async () => {
    const asked = dialogs.asked.length;
    expect(codeOf(await call('reports:save-pdf', { kind: 'test-run', id: 424242, lang: 'en' }))).toBe('NOT_FOUND');
    expect(dialogs.asked.length).toBe(asked);
  });

  it('a failed write is REPORT_WRITE_FAILED and leaves neither the target nor a temp file behind', async () => {
    const dir = mkdtempSync(path.join(tmp, 'full-disk-'));
    const target = path.join(dir, 'report.pdf');
    const svc = createReportService({
      records: () => services.records,
      printer,
      dialogs: { openFile: () => Promise.resolve(null), saveFile: () => Promise.resolve(target) },
      appVersion: 'x',
      now: Date.now,
      writeFile: () => Promise.reject(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })),
    });
    await expect(svc.savePdf({ kind: 'repair', id: caseId, lang: 'en' })).rejects.toMatchObject({ code: 'REPORT_WRITE_FAILED', details: { file: 'report.pdf', reason: 'ENOSPC' } });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('replaces a file the user chose to overwrite (the save dialog already asked)', async () => {
    const file = path.join(tmp, 'again.pdf');
    dialogs.queueSave(file);
    await ok('reports:save-pdf', { kind: 'repair', id: caseId, lang: 'en' });
    dialogs.queueSave(file);
    await ok('reports:save-pdf', { kind: 'test-run', id: hostileRunId, lang: 'en' });
    expect(readFileSync(file)).toEqual(Buffer.from(FAKE_PDF));
    expect(readdirSync(tmp).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('file names and Electron page options', () => {
  it.each([
    ['RMA-2026-0001', 'RMA-2026-0001'],
    ['RMA 2026/0001', 'RMA_2026_0001'],
    ['../../etc/passwd', 'etc_passwd'],
    ['维修-01', '-01'],
    ['', 'report'],
  ])('safeFileStem(%j) is %j: no separators, no leading dots', (input, expected) => {
    expect(safeFileStem(input)).toBe(expected);
  });

  it.each([
    ['25.4mm', 1],
    ['2.54cm', 1],
    ['0.5in', 0.5],
    ['96px', 1],
    ['48', 0.5],
  ])('reads the margin %s as %f inch (Electron wants inches, Playwright CSS lengths)', (css, inches) => {
    expect(cssLengthToInches(css)).toBeCloseTo(inches, 9);
  });

  it.each(['', '1em', '-3mm', 'auto'])('refuses %j as a margin rather than printing with a wrong one', (css) => {
    expect(() => cssLengthToInches(css)).toThrow(/page margin length/);
  });

  it("maps the report's options to printToPDF's names: pageSize, margins in inches, same templates", () => {
    const o = toElectronPdfOptions({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<div>h</div>',
      footerTemplate: '<div><span class="pageNumber"></span></div>',
      margin: { top: '18mm', bottom: '16mm', left: '14mm', right: '14mm' },
    });
    expect(o).toEqual({
      pageSize: 'A4',
      landscape: false,
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<div>h</div>',
      footerTemplate: '<div><span class="pageNumber"></span></div>',
      margins: { top: 18 / 25.4, bottom: 16 / 25.4, left: 14 / 25.4, right: 14 / 25.4 },
    });
  });
});

const noChromium = chromiumUnavailableReason();
describe.skipIf(noChromium !== null)(`the harness printer (headless Chromium)${noChromium ? `: not run: ${noChromium}` : ''}`, () => {
  it('makes a real PDF of the repair report through the same channel', async () => {
    const real = createHarnessPrinter();
    const file = path.join(tmp, 'real.pdf');
    try {
      const svc = createReportService({
        records: () => services.records,
        printer: real,
        dialogs: { openFile: () => Promise.resolve(null), saveFile: () => Promise.resolve(file) },
        appVersion: '0.0.0-test',
        now: Date.now,
      });
      const r = await svc.savePdf({ kind: 'repair', id: caseId, lang: 'en' });
      expect(r).toMatchObject({ canceled: false, fileName: 'real.pdf' });
      const bytes = readFileSync(file);
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(existsSync(file)).toBe(true);
      expect(real.pdfCount).toBe(1);
    } finally {
      await real.close();
    }
  }, 60_000);
});
