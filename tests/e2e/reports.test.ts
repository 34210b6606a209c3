// Reports inside the app, end to end in a real browser: a case is taken in, the hostile-vendor
// module is read on the simulated bench and attached, and its test report and the case's repair
// report are previewed (main's static HTML in a sandboxed frame), printed and saved as a PDF that
// pdftotext reads back. Module strings are markup here on purpose: they must print as text.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeApp, type OpenedApp } from '../support/e2e';
import { SCREENSHOT_DIR, goTo, seedStaff, setOperator } from '../support/records-fixture';

const TIMEOUT = 90_000;
const RMA = 'RMA-E2E-REP-0001';
const CUSTOMER = 'Harbour Data Centre';
// The label serial of the hostile module is markup too (its EEPROM serial is "><b>SIM0009).
const SERIAL = '"><b>SIM0009';

const preview = (page: Page) => page.getByTestId('report-preview');
const frame = (page: Page) => page.frameLocator('[data-testid="report-frame"]');
const frameText = async (page: Page): Promise<string> => (await frame(page).locator('body').textContent()) ?? '';

async function intake(page: Page): Promise<void> {
  await goTo(page, '/repairs/new');
  await page.locator('#intake-rma').fill(RMA);
  await page.locator('#intake-customer').selectOption({ label: CUSTOMER });
  await page.getByLabel('Telephone').check();
  await page.locator('#intake-notified-by').fill('NOC duty engineer');
  await page.locator('#intake-technician').selectOption({ label: 'Li Wei' });
  await page.locator('#intake-complaint').fill('No link after a firmware update; vendor shows odd characters.');
  await page.locator('#intake-serial').fill(SERIAL);
  await page.locator('#intake-serial').press('Enter');
  await page.getByRole('button', { name: 'Create case' }).click();
  await page.getByRole('heading', { name: `Case ${RMA}` }).waitFor();
  await page.locator('[data-transition="diagnosing"]').click();
  await page.locator('[data-testid="case-status"][data-status="diagnosing"]').waitFor();
}

async function readHostileAndAttach(page: Page): Promise<void> {
  await goTo(page, '/bench');
  // Choosing the simulated module seats it: it is read by itself, and the open case of its
  // (markup) serial is proposed.
  await page.getByTestId('sim-module').selectOption('hostile-vendor-name');
  await page.locator('[data-testid="overall-verdict"]').waitFor({ timeout: 30_000 });
  await page.locator(`[data-testid="attach-choice"][data-rma="${RMA}"][data-role="before-repair"]`).waitFor();
  await page.getByTestId('attach-button').click();
  await page.getByTestId('attach-recorded').waitFor();
}

async function openCase(page: Page): Promise<void> {
  await goTo(page, '/repairs');
  await page.locator('#case-search').fill(RMA);
  await page.locator('#case-search').press('Enter');
  await page.locator(`.case-row[data-rma="${RMA}"]`).click();
  await page.getByRole('heading', { name: `Case ${RMA}` }).waitFor();
}

async function closePreview(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await preview(page).waitFor({ state: 'detached' });
}

describeApp('reports: preview, print and save as PDF', ({ open }) => {
  let app: OpenedApp;
  let outDir: string;
  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    outDir = mkdtempSync(path.join(os.tmpdir(), 'optic-bench-report-e2e-'));
    app = await open({ viewport: { width: 1440, height: 1000 } });
    await seedStaff(app.page);
    await setOperator(app.page);
    await intake(app.page);
    await readHostileAndAttach(app.page);
  }, TIMEOUT);
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && app) {
      await app.page.screenshot({ path: path.join(SCREENSHOT_DIR, `failed-reports-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}.png`) }).catch(() => undefined);
      await app.page.keyboard.press('Escape').catch(() => undefined);
      if (app.pageErrors.length > 0) console.error(app.pageErrors.join('\n'));
    }
  });
  afterAll(async () => {
    await app?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('the test report of the run just recorded shows the markup vendor name as text, never as an element', async () => {
    const { page } = app;
    // Still on the bench after attaching: the recorded run offers its report.
    await page.getByTestId('open-test-report').click();
    await preview(page).waitFor();
    await frame(page).locator('body').waitFor();
    const text = await frameText(page);
    expect(text).toContain('<svg onload=a()>');
    expect(text).toContain('<img src=x>');
    // Had the strings been parsed, these elements would exist in the document.
    expect(await frame(page).locator('svg, img[src="x"], b').count()).toBe(0);
    // The frame runs nothing: no scripts allowed, no bridge to main.
    expect(await page.getByTestId('report-frame').getAttribute('sandbox')).toBe('');
    expect(text).toContain('Module test report');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'report-preview-test-run.png') });
    await closePreview(page);
    expect(app.pageErrors).toEqual([]);
  }, TIMEOUT);

  it('the repair report from the case page names the RMA and the customer; each run row opens its own test report', async () => {
    const { page } = app;
    await openCase(page);
    await page.getByTestId('open-repair-report').click();
    await preview(page).waitFor();
    await expect.poll(() => frameText(page)).toContain(RMA);
    const text = await frameText(page);
    expect(text).toContain(CUSTOMER);
    expect(text).toContain(SERIAL);
    expect(await page.getByRole('dialog').getByRole('heading', { level: 2 }).textContent()).toContain(RMA);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'report-preview.png') });
    await closePreview(page);

    const runId = await page.locator('[data-testid="case-test-runs"] [data-testid="open-test-report"]').first().getAttribute('data-report-id');
    await page.locator('[data-testid="case-test-runs"] [data-testid="open-test-report"]').first().click();
    await expect.poll(() => frameText(page)).toContain('Module test report');
    expect(await preview(page).getAttribute('data-kind')).toBe('test-run');
    expect(runId).toMatch(/^\d+$/);
    await closePreview(page);
  }, TIMEOUT);

  it('Save as PDF writes where main\'s save dialog points; the PDF holds the RMA number', async () => {
    const { page } = app;
    await openCase(page);
    await page.getByTestId('open-repair-report').click();
    await expect.poll(() => frameText(page)).toContain(RMA);
    const file = path.join(outDir, 'repair-report.pdf');
    await app.chooseSaveFile(file);
    await page.getByTestId('report-save-pdf').click();
    await page.locator('[data-testid="report-status"] [data-outcome="saved"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('report-status').textContent()).toContain('repair-report.pdf');
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain(RMA);
    expect(text).toContain(CUSTOMER);
    // Cancelling the dialog is not an error and writes nothing.
    await app.chooseSaveFile(null);
    await page.getByTestId('report-save-pdf').click();
    await page.locator('[data-testid="report-status"] [data-outcome="save-cancelled"]').waitFor();
    expect(await page.locator('[data-testid="report-preview"] [role="alert"]').count()).toBe(0);
    await closePreview(page);
  }, TIMEOUT);

  it('Print hands the same document to the printer (the harness records it: it has no system print dialog)', async ({ skip }) => {
    if (app.runtime !== 'harness' || !app.harness) skip('the Electron run would open the real system print dialog');
    const { page } = app;
    const harness = app.harness!;
    await openCase(page);
    await page.getByTestId('open-repair-report').click();
    await expect.poll(() => frameText(page)).toContain(RMA);
    const before = harness.printer.printed.length;
    await page.getByTestId('report-print').click();
    await page.locator('[data-testid="report-status"] [data-outcome="printed"]').waitFor();
    expect(harness.printer.printed.length).toBe(before + 1);
    expect(harness.printer.printed.at(-1)).toContain(RMA);
    await closePreview(page);
  }, TIMEOUT);

  it('switching the report language to 中文 shows Chinese labels in the document while the screen stays English', async () => {
    const { page } = app;
    await openCase(page);
    await page.getByTestId('open-repair-report').click();
    await expect.poll(() => frameText(page)).toContain('Repair report');
    await preview(page).getByRole('button', { name: '中文' }).click();
    await expect.poll(() => frameText(page)).toContain('维修报告');
    expect(await preview(page).getAttribute('data-lang')).toBe('zh-CN');
    expect(await preview(page).getByRole('button', { name: '中文' }).getAttribute('aria-pressed')).toBe('true');
    // Module strings stay as they were, whatever the language.
    expect(await frameText(page)).toContain(SERIAL);
    expect(await page.getByTestId('report-save-pdf').textContent()).toContain('Save as PDF');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'report-preview-zh.png') });
    await closePreview(page);
  }, TIMEOUT);

  it('works from the keyboard: Enter opens the preview, Ctrl+S saves, Escape closes', async () => {
    const { page } = app;
    await openCase(page);
    await page.getByTestId('open-repair-report').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => frameText(page)).toContain(RMA);
    // Focus lands inside the modal, on its first control.
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    const file = path.join(outDir, 'keyboard.pdf');
    await app.chooseSaveFile(file);
    await page.keyboard.press('Control+s');
    await page.locator('[data-testid="report-status"] [data-outcome="saved"]').waitFor({ timeout: 30_000 });
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await closePreview(page);
    expect(await page.locator('dialog[open]').count()).toBe(0);
    // Back where the technician was: the button that opened the preview has the focus again.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('open-repair-report');
  }, TIMEOUT);
});
