// Issue 12 as the outside walkthrough tries it, at 1366x768 (a common bench laptop) in real
// Chromium, modules seated and pulled in the harness's emulated Bus Pirate (the real driver on a
// socat pseudo-terminal): the screen shows the module in the socket or nothing, the answer is
// above the fold, a read attaches with one key to the open case of its serial and never twice, the
// replacement is tested from its case page, a mistake is withdrawn by a supervisor and shown, and
// deliveries come in through Settings with a preview.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { decodeModule } from '../../main/sff/index';
import { E2E_MANAGER, describeApp, type OpenedApp } from '../support/e2e';
import { SCREENSHOT_DIR, caseRejectedToday, daysAgo, emulatedPort, goTo, importDeliveries, moduleImage, seedStaff, setOperator, type Staff } from '../support/records-fixture';

const TIMEOUT = 120_000;
const VIEW = { width: 1366, height: 768 };

async function seat(app: OpenedApp, module: string | null): Promise<string | null> {
  if (module === null) {
    app.harness?.emulator?.insertModule(null);
    return null;
  }
  const image = await moduleImage(module);
  app.harness?.emulator?.insertModule(image);
  return decodeModule(image).vendor.serialNumber;
}

/** The answer of `serial` is on screen (read by itself once seated: no key). */
async function answerOf(page: Page, serial: string): Promise<void> {
  await page.locator('[data-testid="answer-serial"]').filter({ hasText: serial }).waitFor({ timeout: 30_000 });
}

/** The bottom of the visible page area: the viewport less the status bar fixed at its foot. */
async function foldY(page: Page): Promise<number> {
  const bar = await page.locator('.status-bar').boundingBox();
  return bar?.y ?? VIEW.height;
}

async function caseRuns(page: Page, caseId: number): Promise<Array<{ id: number; role: string; source: string }>> {
  const r = await page.evaluate((id) => window.bench.testRuns.list({ caseId: id }), caseId);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describeApp('the bench flow of a day of returns (1366x768)', ({ open }) => {
  let app: OpenedApp;
  let staff: Staff;
  let port: string;
  let flowCase: number;
  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    app = await open({ viewport: VIEW, harness: { programmer: { kind: 'buspirate', image: null } } });
    staff = await seedStaff(app.page);
    // SIM0002 (weak-tx) reached Northwind four months ago: failing now, it is replaced.
    await importDeliveries(app, [{ serial: 'SIM0002', customer: 'Northwind Telecom', deliveredOn: daysAgo(120) }]);
    await setOperator(app.page);
    // An older case of the same module, already ended: it must never be offered again.
    await caseRejectedToday(app, { rma: 'RMA-FLOW-OLD', serial: 'SIM0002', module: 'weak-tx', customerId: staff.customers[0]!.id, technicianId: staff.technicians[0]!.id });
    app.harness?.emulator?.insertModule(null);
    const created = await app.page.evaluate(async ({ customerId, technicianId }) => {
      const c = await window.bench.cases.create({
        rmaNumber: 'RMA-FLOW-1', customerId, moduleSerial: 'SIM0002', notificationChannel: 'telephone',
        notifiedAt: new Date(Date.now() - 3_600_000).toISOString(), notifiedBy: 'NOC', complaintText: 'Low optical power alarm', technicianId,
      });
      if (!c.ok) throw new Error(c.error.message);
      const t = await window.bench.cases.transition({ caseId: c.value.id, to: 'diagnosing' });
      if (!t.ok) throw new Error(t.error.message);
      return c.value.id;
    }, { customerId: staff.customers[0]!.id, technicianId: staff.technicians[0]!.id });
    flowCase = created;
    port = await emulatedPort(app);
    await goTo(app.page, '/bench');
    await app.page.getByRole('button', { name: 'Refresh list' }).click();
    await app.page.getByTestId('programmer-select').selectOption(`buspirate:${port}`);
    await app.page.locator('[data-testid="presence"][data-state="empty"]').waitFor({ timeout: 30_000 });
  }, TIMEOUT);
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && app) {
      await app.page.screenshot({ path: path.join(SCREENSHOT_DIR, `failed-flow-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}.png`) }).catch(() => undefined);
      await app.page.keyboard.press('Escape').catch(() => undefined);
      if (app.pageErrors.length > 0) console.error(app.pageErrors.join('\n'));
    }
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a seated module is read with no key, and its answer is above the fold: a dead laser, a bad checksum, a dead lane of 8', async () => {
    const { page } = app;
    for (const [module, check] of [
      ['failed-laser', 'li[data-parameter="txPowerDbm"][data-status="fail"]'],
      ['corrupted-checksum', 'li[data-check="checksumBase"][data-status="fail"]'],
      ['qsfpdd-400g-fr4-dead-lane', 'li[data-status="fail"]'],
    ] as const) {
      const serial = (await seat(app, module)) as string;
      await answerOf(page, serial);
      await page.locator(`[data-testid="answer-problems"] ${check}`).first().waitFor();
      const fold = await foldY(page);
      // Every item of the answer, the verdict and the next action are visible without scrolling.
      for (const box of await page.locator('[data-testid="answer-problems"] li, [data-testid="answer-findings"] li, [data-testid="overall-verdict"]').evaluateAll((els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return { bottom: r.bottom, top: r.top };
        }),
      )) {
        expect(box.top, module).toBeGreaterThanOrEqual(0);
        expect(box.bottom, module).toBeLessThanOrEqual(fold);
      }
      const action = await page.locator('[data-testid="attach-panel"] button.primary').first().boundingBox();
      expect((action?.y ?? Infinity) + (action?.height ?? 0), module).toBeLessThanOrEqual(fold);
      if (module === 'corrupted-checksum') await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'bench-answer-checksum.png') });
      await seat(app, null);
      await page.locator('[data-testid="result-cleared"][data-reason="pulled"]').waitFor();
    }
  }, TIMEOUT);

  it('pulled, the result goes and nothing stale can be attached; another serial seated is read anew', async () => {
    const { page } = app;
    const good = (await seat(app, 'good-10g-sr')) as string;
    await answerOf(page, good);
    await seat(app, null);
    await page.locator('[data-testid="result-cleared"][data-reason="pulled"]').waitFor();
    // Nothing of it is left to attach, and the cage says it is empty (not "No module" beside a PASS).
    expect(await page.locator('[data-testid="overall-verdict"], [data-testid="attach-button"]').count()).toBe(0);
    expect(await page.getAttribute('[data-testid="presence"]', 'data-state')).toBe('empty');
    await seat(app, 'good-10g-sr');
    await answerOf(page, good);
    // Swapped without a pause between: the other serial's result replaces it.
    const hot = (await seat(app, 'hot-module')) as string;
    await answerOf(page, hot);
    expect(await page.locator('[data-testid="answer-serial"]').filter({ hasText: good }).count()).toBe(0);

    // Main has the last word: a read whose module is no longer in the cage is refused (MODULE_CHANGED).
    const runs = await page.evaluate(() => window.bench.testRuns.list({ serial: 'SIM0001' }));
    if (!runs.ok) throw new Error(runs.error.message);
    const stale = runs.value[runs.value.length - 1]!.id;
    const refused = await page.evaluate(({ id, caseId }) => window.bench.testRuns.attach({ testRunId: id, caseId, role: 'before-repair', seatedCheck: true }), { id: stale, caseId: flowCase });
    expect(refused).toMatchObject({ ok: false, error: { code: 'MODULE_CHANGED' } });
    await seat(app, null);
    await page.locator('[data-testid="presence"][data-state="empty"]').waitFor();
  }, TIMEOUT);

  it('the open case of the serial is proposed (never an ended one); Enter attaches, once; an identical re-read is refused', async () => {
    const { page } = app;
    await seat(app, 'weak-tx');
    await answerOf(page, 'SIM0002');
    await page.locator('[data-testid="attach-choice"][data-rma="RMA-FLOW-1"][data-role="before-repair"]').waitFor();
    expect(await page.locator('[data-testid="attach-candidates"] option', { hasText: 'RMA-FLOW-OLD' }).count()).toBe(0);
    // The focus waits on Attach: one key.
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'attach-button');
    await page.keyboard.press('Enter');
    await page.getByTestId('attach-recorded').waitFor();
    // One more Enter neither attaches again nor clears the result.
    await page.keyboard.press('Enter');
    expect(await page.locator('[data-testid="overall-verdict"]').count()).toBe(1);
    expect((await caseRuns(page, flowCase)).filter((r) => r.source === 'programmer')).toHaveLength(1);
    // Pulled and seated again: the same bytes (the emulator's module does not drift) are refused beside the button.
    await seat(app, null);
    await page.locator('[data-testid="result-cleared"]').waitFor();
    await seat(app, 'weak-tx');
    await answerOf(page, 'SIM0002');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'attach-button');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="attach-panel"] [data-error-code="ALREADY_ATTACHED"]').waitFor();
    expect((await caseRuns(page, flowCase)).filter((r) => r.source === 'programmer')).toHaveLength(1);
    await seat(app, null);
  }, TIMEOUT);

  it('decided replace, the replacement is tested from its case page: one click to the bench, seat it, Enter', async () => {
    const { page } = app;
    await goTo(page, `/repairs/case/${flowCase}`);
    await page.locator('[data-transition="awaiting-decision"]').click();
    await page.locator('#case-cause').selectOption('non-human');
    await page.getByTestId('decide').click();
    // What the policy will decide is shown first, on the delivery record, then confirmed.
    await page.locator('[data-testid="decision-preview"][data-decision="replace"] [data-basis="delivery"]').waitFor();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="case-status"][data-status="replacing"]').waitFor();
    // Close is offered only later, disabled with what is missing; here the next step needs the work done.
    expect(await page.locator('[data-transition="verifying"][disabled]').count()).toBe(1);
    await page.getByTestId('test-replacement').click();
    await page.locator('[data-testid="bench-target"][data-rma="RMA-FLOW-1"]').waitFor();
    await seat(app, 'good-10g-sr');
    await answerOf(page, 'SIM0001');
    await page.locator('[data-testid="attach-choice"][data-rma="RMA-FLOW-1"][data-role="after-repair"]').waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'attach-button');
    await page.keyboard.press('Enter');
    await page.getByTestId('attach-recorded').waitFor();
    const detail = await page.evaluate((id) => window.bench.cases.get({ id }), flowCase);
    if (!detail.ok) throw new Error(detail.error.message);
    // The replacement's own memory named it: no typing of the serial.
    expect(detail.value.case.replacementSerial).toBe('SIM0001');
    expect(detail.value.testRuns.map((r) => [r.role, r.moduleSerial])).toContainEqual(['after-repair', 'SIM0001']);
    await seat(app, null);
  }, TIMEOUT);

  it('a run attached by mistake is withdrawn by a supervisor with the reason, and the case and its report show it', async () => {
    const { page } = app;
    // A training read of the same module attached by mistake as another before-repair run.
    await page.getByTestId('programmer-select').selectOption('sim:');
    await page.getByTestId('sim-module').selectOption('weak-tx');
    await answerOf(page, 'SIM0002');
    await page.locator('[data-testid="attach-choice"][data-rma="RMA-FLOW-1"]').waitFor();
    await page.locator('input[name="attach-role"][value="before-repair"]').check();
    await page.getByTestId('attach-button').click();
    await page.getByTestId('attach-recorded').waitFor();
    await goTo(page, `/repairs/case/${flowCase}`);
    const row = page.locator('[data-testid="case-test-runs"] tr[data-source="simulated"]');
    await row.waitFor();
    const runId = await row.getAttribute('data-run');
    await row.getByTestId('withdraw-open').click();
    // The signed-in engineering manager is a supervisor: the reason is all that is asked.
    await page.getByTestId('withdraw-reason').fill('Training read attached by mistake');
    await page.getByTestId('withdraw-confirm').click();
    await page.locator(`[data-testid="withdrawn-runs"] li[data-run="${runId}"]`).waitFor();
    expect(await page.innerText(`[data-testid="withdrawn-runs"] li[data-run="${runId}"]`)).toContain('Training read attached by mistake');
    expect(await page.locator(`[data-testid="case-test-runs"] tr[data-run="${runId}"]`).count()).toBe(0);
    await page.getByTestId('open-repair-report').click();
    await expect.poll(async () => (await page.frameLocator('[data-testid="report-frame"]').locator('body').textContent()) ?? '').toContain('Runs withdrawn (attached by mistake)');
    await page.keyboard.press('Escape');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'case-page-withdrawn.png'), fullPage: true });
  }, TIMEOUT);

  it('a module with no case: New case from this module prefills the intake, and back on the bench Enter attaches to it', async () => {
    const { page } = app;
    await goTo(page, '/bench');
    await page.getByTestId('programmer-select').selectOption(`buspirate:${port}`);
    await seat(app, 'hot-module');
    await answerOf(page, 'SIM0003');
    await page.getByTestId('attach-no-case').waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'new-case-from-module');
    await page.keyboard.press('Enter');
    await page.getByTestId('intake-from-bench').waitFor();
    expect(await page.locator('.serial-scan__list li').allTextContents()).toEqual([expect.stringContaining('SIM0003')]);
    expect(await page.inputValue('#intake-pn')).toBe('OB-SFP10G-SR');
    await page.locator('#intake-rma').fill('RMA-FLOW-NEW');
    await page.locator('#intake-customer').selectOption({ label: 'Harbour Data Centre' });
    await page.locator('#intake-notified-by').fill('NOC');
    await page.locator('#intake-complaint').fill('Runs hot');
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.locator('[data-testid="attach-choice"][data-rma="RMA-FLOW-NEW"]').waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'attach-button');
    await page.keyboard.press('Enter');
    await page.getByTestId('attach-recorded').waitFor();
    await seat(app, null);
  }, TIMEOUT);

  it('a copper SFP read from the programmer: the monitor is offered, disabled with what the module lacks, not "a file"', async () => {
    // Why: issue 12 item 10; the copper SFP was told it needed "a module read from a programmer, not a file".
    const { page } = app;
    await seat(app, 'copper-no-ddm');
    await answerOf(page, 'SIM0008');
    expect(await page.getAttribute('[data-testid="monitor-unavailable"]', 'data-why')).toBe('no-ddm');
    const why = await page.innerText('[data-testid="monitor-unavailable"]');
    expect(why).toMatch(/no digital diagnostics \(A0h byte 92 bit 6 is clear\)/);
    expect(why).not.toMatch(/file/);
    expect(await page.isDisabled('[data-testid="monitor-toggle"]')).toBe(true);
    await seat(app, null);
  }, TIMEOUT);

  it('a module seated while the station is locked: the refused read is gone once unlocked, and the module is read', async () => {
    // Why: errors raised under the lock (SESSION_LOCKED) stayed on the panels after the unlock until the next action.
    const { page } = app;
    await page.getByTestId('lock-button').click();
    await page.locator('[data-testid="session-gate"][data-state="locked"]').waitFor();
    const serial = await seat(app, 'good-10g-sr');
    // The auto-read under the lock is refused, and says so on the (covered) bench.
    await page.locator('[data-error-code="SESSION_LOCKED"]').first().waitFor({ state: 'attached', timeout: 30_000 });
    await page.getByTestId('unlock-pin').fill(E2E_MANAGER.pin);
    await page.getByTestId('unlock-submit').click();
    await page.locator('[data-testid="session-gate"]').waitFor({ state: 'detached' });
    await answerOf(page, serial!);
    expect(await page.locator('[data-error-code="SESSION_LOCKED"]').count()).toBe(0);
    await seat(app, null);
    await page.locator('[data-testid="presence"][data-state="empty"]').waitFor({ timeout: 30_000 });
  }, TIMEOUT);

  it('the case list is a grid for the keyboard: / searches, arrows move, Enter opens; no internal timing is shown', async () => {
    const { page } = app;
    await goTo(page, '/repairs');
    await page.locator('.case-row[data-rma]').first().waitFor();
    await page.locator('body').click({ position: { x: 5, y: 400 } });
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('case-search');
    await page.keyboard.type('RMA-FLOW');
    await page.keyboard.press('Enter');
    await expect.poll(async () => page.locator('.case-row[data-rma]').count()).toBeGreaterThanOrEqual(3);
    await page.keyboard.press('ArrowDown');
    const first = await page.evaluate(() => document.activeElement?.getAttribute('data-rma'));
    await page.keyboard.press('ArrowDown');
    const second = await page.evaluate(() => document.activeElement?.getAttribute('data-rma'));
    expect(second).not.toBe(first);
    // One Tab stop for the list: the rows not focused are out of the Tab order.
    expect(await page.locator('.case-row[tabindex="0"]').count()).toBe(1);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Case ${second}` }).waitFor();
    expect(await page.innerText('.repairs')).not.toMatch(/\d+\s*ms\b/);
  }, TIMEOUT);
});

describeApp('first start, deliveries and empty states on a new station', ({ open }) => {
  let app: OpenedApp;
  let dir: string;
  beforeAll(async () => {
    app = await open({ viewport: VIEW, signIn: false });
    dir = mkdtempSync(path.join(os.tmpdir(), 'optic-bench-flow-'));
  }, TIMEOUT);
  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('first start asks for the station name with the first person, before anything else', async () => {
    const { page } = app;
    await page.locator('[data-testid="session-gate"][data-state="setup-required"]').waitFor();
    expect(await page.getByTestId('setup-station').count()).toBe(1);
    await page.getByTestId('setup-name').fill('Zhao Lei');
    await page.getByTestId('setup-code').fill('zhao');
    await page.getByTestId('setup-station').fill('Repair bench 2');
    await page.getByTestId('setup-pin').fill('246810');
    await page.getByTestId('setup-pin-again').fill('246810');
    await page.getByTestId('setup-submit').click();
    await page.getByTestId('status-station').filter({ hasText: 'Repair bench 2' }).waitFor();
    expect(await page.innerText('[data-testid="status-operator"]')).toBe('Zhao Lei (zhao)');
  }, TIMEOUT);

  it('a new station\'s case list says there are no cases yet (not "no case matches these filters")', async () => {
    const { page } = app;
    await goTo(page, '/repairs');
    await page.locator('[data-testid="list-empty"][data-kind="none"]').waitFor();
    expect(await page.innerText('[data-testid="list-empty"]')).not.toContain('filters');
  }, TIMEOUT);

  it('a new station\'s statistics say no cases are recorded yet, and draw no empty turnaround chart', async () => {
    // Why: item 8's empty states; statistics said "No data for these filters" with no filter set, beside an empty chart.
    const { page } = app;
    await goTo(page, '/statistics');
    await page.getByTestId('chart-by-month-empty').waitFor({ timeout: 30_000 });
    for (const id of ['chart-by-month', 'chart-nff', 'chart-failure-modes', 'chart-part-numbers', 'chart-turnaround']) {
      expect(await page.innerText(`[data-testid="${id}-empty"]`)).toBe('No cases recorded yet: the figures appear as cases come in.');
      expect(await page.getByTestId(id).locator('svg').count()).toBe(0);
    }
  }, TIMEOUT);

  it('Settings imports deliveries with a preview: bad lines by number, nothing imported until the file is right', async () => {
    const { page } = app;
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'serial,customer,delivered_on\nSN-D1,Acme,2025-02-30\nSN-D2,Acme,2025-03-01\n');
    const good = path.join(dir, 'good.csv');
    writeFileSync(good, `serial,customer,delivered_on,part_number\nSN-D1,Acme,2025-02-28,OB-1\nSN-D2,Acme,${daysAgo(10)},OB-1\n`);
    await goTo(page, '/settings');
    await app.chooseFile(bad);
    await page.getByTestId('deliveries-choose').click();
    await page.locator('[data-testid="deliveries-preview"][data-errors="1"]').waitFor();
    expect(await page.innerText('[data-testid="deliveries-errors"]')).toMatch(/Line 2: .*2025-02-30/);
    expect(await page.isDisabled('[data-testid="deliveries-import"]')).toBe(true);
    await app.chooseFile(good);
    await page.getByTestId('deliveries-choose').click();
    await page.locator('[data-testid="deliveries-preview"][data-errors="0"][data-rows="2"]').waitFor();
    expect(await page.innerText('[data-testid="deliveries-preview"]')).toContain('Acme');
    await page.getByTestId('deliveries-import').click();
    await page.getByTestId('deliveries-imported').waitFor();
    const listed = await page.evaluate(() => window.bench.deliveries.list({ serial: 'SN-D2' }));
    expect(listed).toMatchObject({ ok: true, value: [{ moduleSerial: 'SN-D2', partNumber: 'OB-1' }] });
  }, TIMEOUT);
});
