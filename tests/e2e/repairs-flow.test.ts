// The repair bench's day, end to end in a real browser: a notification is taken in (serials by a
// scanner acting as a keyboard), the module is read on the simulated bench and the run attached,
// the after-sale policy decides, and the case goes through to its end status. One spec per
// outcome the policy names: replace (fail within a year of delivery) and no fault found (pass,
// delivery unknown, so the EEPROM date code is the basis and the decision says "estimated").
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeApp, type OpenedApp } from '../support/e2e';
import { SCREENSHOT_DIR, daysAgo, emulatedPort, goTo, importDeliveries, moduleImage, seedStaff, setOperator } from '../support/records-fixture';
import { decodeModule } from '../../main/sff/index';

const TIMEOUT = 90_000;

async function intake(page: Page, opts: { rma: string; customer: string; technician: string; serials: string[]; complaint: string }): Promise<void> {
  await goTo(page, '/repairs/new');
  await page.locator('#intake-rma').fill(opts.rma);
  await page.locator('#intake-customer').selectOption({ label: opts.customer });
  await page.getByLabel('Telephone').check();
  await page.locator('#intake-notified-by').fill('J. Smith, network operations');
  await page.locator('#intake-technician').selectOption({ label: opts.technician });
  await page.locator('#intake-complaint').fill(opts.complaint);
  const scan = page.locator('#intake-serial');
  for (const serial of opts.serials) {
    // A scanner types the characters and ends with Enter.
    await scan.pressSequentially(serial, { delay: 5 });
    await scan.press('Enter');
  }
  await page.getByRole('button', { name: 'Create case' }).click();
  await page.getByRole('heading', { name: `Case ${opts.rma}` }).waitFor();
}

/**
 * Reads `module` and attaches the run. 'programmer': the module is seated in the harness's
 * emulated Bus Pirate and read through the real driver on a pseudo-terminal (evidence);
 * 'simulated': the simulated bench (training). Either way the bench reads a seated module by
 * itself; the case is the one proposed for the module's serial, or found by its RMA number.
 */
async function readAndAttach(app: OpenedApp, module: string, rma: string, role: 'before-repair' | 'after-repair', verdict: 'pass' | 'fail', via: 'programmer' | 'simulated' = 'programmer'): Promise<void> {
  const { page } = app;
  await goTo(page, '/bench');
  const image = await moduleImage(module);
  const serial = decodeModule(image).vendor.serialNumber;
  if (via === 'programmer') {
    app.harness?.emulator?.insertModule(image);
    const port = await emulatedPort(app);
    await page.getByRole('button', { name: 'Refresh list' }).click();
    await page.getByTestId('programmer-select').selectOption(`buspirate:${port}`);
  } else {
    await page.getByTestId('programmer-select').selectOption('sim:');
    await page.getByTestId('sim-module').selectOption(module);
  }
  // Seated is read: the answer for this module appears without a key.
  await page.locator(`[data-testid="answer"][data-overall="${verdict}"] [data-testid="answer-serial"]`).filter({ hasText: serial }).waitFor({ timeout: 30_000 });
  await page.locator('[data-testid="attach-choice"], [data-testid="attach-no-case"]').first().waitFor();
  if ((await page.locator(`[data-testid="attach-choice"][data-rma="${rma}"]`).count()) === 0) {
    await page.getByTestId('attach-search').click();
    await page.getByTestId('attach-query').fill(rma);
    await page.getByRole('button', { name: 'Find' }).click();
    // The exact RMA match comes first and is highlighted.
    await page.locator(`[data-testid="attach-results"] [data-rma="${rma}"][aria-selected="true"]`).waitFor();
    await page.getByTestId('attach-use-case').click();
    await page.locator(`[data-testid="attach-choice"][data-rma="${rma}"]`).waitFor();
  }
  await page.locator(`input[name="attach-role"][value="${role}"]`).check();
  await page.getByTestId('attach-button').click();
  await page.getByTestId('attach-recorded').waitFor();
}

async function openCaseByRma(page: Page, rma: string): Promise<void> {
  await goTo(page, '/repairs');
  await page.locator('#case-search').fill(rma);
  await page.locator('#case-search').press('Enter');
  await page.locator(`.case-row[data-rma="${rma}"]`).click();
  await page.getByRole('heading', { name: `Case ${rma}` }).waitFor();
}

async function expectStatus(page: Page, status: string): Promise<void> {
  await page.locator(`[data-testid="case-status"][data-status="${status}"]`).waitFor();
}

describeApp('repairs: intake to decision to close', ({ open }) => {
  let app: OpenedApp;
  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    // Decisions rest on programmer reads: the harness has an emulated Bus Pirate (socat pty).
    app = await open({ viewport: { width: 1440, height: 1000 }, harness: { programmer: { kind: 'buspirate', image: null } } });
    await seedStaff(app.page);
    // SIM0002 (the weak-tx module) was delivered four months ago: a failure now is within the first year.
    await importDeliveries(app, [{ serial: 'SIM0002', customer: 'Northwind Telecom', deliveredOn: daysAgo(120) }]);
    await setOperator(app.page);
  }, TIMEOUT);
  afterEach(async (ctx) => {
    // What the screen showed when a step failed, for whoever reads the report.
    if (ctx.task.result?.state === 'fail' && app) {
      await app.page.screenshot({ path: path.join(SCREENSHOT_DIR, `failed-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true }).catch(() => undefined);
      await app.page.keyboard.press('Escape').catch(() => undefined);
      if (app.pageErrors.length > 0) console.error(app.pageErrors.join('\n'));
    }
  });
  afterAll(async () => {
    await app?.close();
  });

  it('scanning a serial with Enter adds it and keeps the focus in the scan field, a repeat is refused', async () => {
    const { page } = app;
    await goTo(page, '/repairs/new');
    const scan = page.locator('#intake-serial');
    await scan.pressSequentially('SIM9001');
    await scan.press('Enter');
    await scan.pressSequentially('SIM9001');
    await scan.press('Enter');
    await scan.pressSequentially('SIM9002');
    await scan.press('Enter');
    // The form was not submitted by the scanner's Enter, and the next scan can follow at once.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('intake-serial');
    await expect.poll(() => page.locator('.serial-scan__list li').allTextContents()).toEqual([expect.stringContaining('SIM9001'), expect.stringContaining('SIM9002')]);
    await expect.poll(() => page.locator('.serial-scan__notice').textContent()).toContain('SIM9002');
    expect(await page.getByRole('heading', { name: 'New repair case' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Cancel' }).click();
  }, TIMEOUT);

  it('refuses an intake without what the record needs, naming each missing field', async () => {
    const { page } = app;
    await goTo(page, '/repairs/new');
    await page.getByRole('button', { name: 'Create case' }).click();
    await expect.poll(() => page.locator('.field__error').allTextContents()).toEqual(expect.arrayContaining([
      "Choose a customer or type a new customer's name.",
      'Say who notified.',
      'Write what the customer reported.',
      'Scan or type at least one module serial.',
    ]));
    await page.getByRole('button', { name: 'Cancel' }).click();
  }, TIMEOUT);

  it('a failing module within a year of delivery: fail verdict, decision replace by rule fail-within-1-year, replaced, verified and closed', async () => {
    const { page } = app;
    const rma = 'RMA-E2E-0001';
    await intake(page, { rma, customer: 'Northwind Telecom', technician: 'Li Wei', serials: ['SIM0002'], complaint: 'Link flaps, low optical power reported by the switch.' });
    await expectStatus(page, 'received');
    // Only the moves the workflow allows are offered.
    expect(await page.locator('[data-transition]').evaluateAll((els) => els.map((e) => e.getAttribute('data-transition')))).toEqual(['diagnosing']);
    await page.locator('[data-transition="diagnosing"]').click();
    await expectStatus(page, 'diagnosing');

    // A simulated read of the same module is kept as training, and no decision can rest on it.
    await readAndAttach(app, 'weak-tx', rma, 'before-repair', 'fail', 'simulated');
    await openCaseByRma(page, rma);
    await page.locator('[data-testid="case-test-runs"] tr[data-source="simulated"] [data-testid="run-not-evidence"]').waitFor();
    // The step is shown, disabled, with the reason beside it (not refused after a click).
    await page.locator('[data-transition="awaiting-decision"][disabled]').waitFor();
    expect(await page.locator('[data-blocker="onlyTrainingRuns"]').textContent()).toContain('programmer');
    await expectStatus(page, 'diagnosing');

    await readAndAttach(app, 'weak-tx', rma, 'before-repair', 'fail');
    await openCaseByRma(page, rma);
    await page.locator('[data-testid="case-test-runs"] tr[data-role="before-repair"][data-verdict="fail"][data-source="programmer"]').waitFor();
    expect(await page.locator('[data-testid="case-test-runs"] tr[data-verdict="fail"][data-source="programmer"]').textContent()).toContain('FAIL');

    await page.locator('[data-transition="awaiting-decision"]').click();
    await expectStatus(page, 'awaiting-decision');
    // In awaiting-decision the decision is the only way on: no transition buttons.
    expect(await page.locator('[data-transition]').count()).toBe(0);
    await page.locator('#case-cause').selectOption('non-human');
    await page.getByTestId('decide').click();
    // The decision is shown before it is made: replace, on the delivery record, then confirmed.
    await page.locator('[data-testid="decision-preview"][data-decision="replace"][data-estimated="false"]').waitFor();
    expect(await page.locator('[data-testid="decision-preview"] [data-basis="delivery"]').count()).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('decide-confirm');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="case-decision"][data-decision="replace"]').waitFor();
    expect(await page.locator('[data-testid="case-decision"] [data-rule]').getAttribute('data-rule')).toBe('fail-within-1-year');
    expect(await page.locator('[data-testid="case-decision"] [data-estimated]').getAttribute('data-estimated')).toBe('false');
    await expectStatus(page, 'replacing');

    await page.locator('#case-action').fill('Module replaced from stock.');
    await page.locator('#case-replacement').fill('SIM0001');
    await page.locator('[data-transition="verifying"]').click();
    await expectStatus(page, 'verifying');

    // Closing needs a passing after-repair run of the replacement: the good module is SIM0001.
    await readAndAttach(app, 'good-10g-sr', rma, 'after-repair', 'pass');
    await openCaseByRma(page, rma);
    await page.locator('[data-testid="case-test-runs"] tr[data-role="after-repair"][data-verdict="pass"]').waitFor();
    await page.locator('[data-transition="closed"]').click();
    await expectStatus(page, 'closed');
    expect(await page.locator('[data-transition]').count()).toBe(0);
    const timeline = await page.locator('[data-testid="status-timeline"] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(timeline).toEqual(['received', 'diagnosing', 'awaiting-decision', 'replacing', 'verifying', 'closed']);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'case-page.png'), fullPage: true });
  }, TIMEOUT);

  it('a module that passes, with no delivery record: no fault found, basis estimated from the EEPROM date code, returned', async () => {
    const { page } = app;
    const rma = 'RMA-E2E-0002';
    await intake(page, { rma, customer: 'Harbour Data Centre', technician: 'Zhang Min', serials: ['SIM0007'], complaint: 'Suspected lane errors on port 12.' });
    await page.locator('[data-transition="diagnosing"]').click();
    await expectStatus(page, 'diagnosing');
    await readAndAttach(app, 'qsfp28-sr4', rma, 'before-repair', 'pass');
    await openCaseByRma(page, rma);
    await page.locator('[data-testid="case-test-runs"] tr[data-verdict="pass"]').waitFor();
    await page.locator('[data-transition="awaiting-decision"]').click();
    await page.locator('#case-cause').selectOption('non-human');
    await page.getByTestId('decide').click();
    await page.locator('[data-testid="decision-preview"][data-decision="no-fault-found"][data-estimated="true"]').waitFor();
    await page.getByTestId('decide-confirm').click();
    await page.locator('[data-testid="case-decision"][data-decision="no-fault-found"]').waitFor();
    expect(await page.locator('[data-testid="case-decision"] [data-rule]').getAttribute('data-rule')).toBe('pass-within-3-years');
    // No delivery of SIM0007 is on record: the date came from the module's date code.
    expect(await page.locator('[data-testid="case-decision"] [data-estimated]').getAttribute('data-estimated')).toBe('true');
    expect(await page.locator('[data-testid="case-decision"]').textContent()).toContain('estimated');
    await expectStatus(page, 'returned-no-fault');
    expect(await page.locator('[data-transition]').count()).toBe(0);
  }, TIMEOUT);

  it('several serials in one notification become one case each, RMA numbers suffixed', async () => {
    const { page } = app;
    await intake(page, { rma: 'RMA-E2E-0100', customer: 'Northwind Telecom', technician: 'Li Wei', serials: ['SIM0101', 'SIM0102'], complaint: 'Two modules dead after a power cut.' });
    await goTo(page, '/repairs');
    await page.locator('#case-search').fill('RMA-E2E-0100');
    await page.locator('#case-search').press('Enter');
    await expect.poll(async () => (await page.locator('.case-row[data-rma]').evaluateAll((els) => els.map((e) => e.getAttribute('data-rma')))).sort())
      .toEqual(['RMA-E2E-0100-01', 'RMA-E2E-0100-02']);
  }, TIMEOUT);

  it('shows the Repairs screens in Chinese when the language is switched', async () => {
    const { page } = app;
    await goTo(page, '/repairs');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '维修单' }).waitFor();
    expect(await page.locator('.case-table__head').textContent()).toContain('通知时间');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
  }, TIMEOUT);
});
