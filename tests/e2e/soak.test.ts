// A soak on the bench in a real browser (issue 15): the module read through the harness's
// emulated Bus Pirate and recorded on its case, a soak started from the panel, faults injected
// in the emulator while it runs (the page and main know nothing of them), a phase marked, the page
// reloaded mid-soak (the panel finds the soak again), the soak's events and plots, its result
// recorded on the case, the warranty decided on it, and its report in English and Chinese.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeApp, type OpenedApp } from '../support/e2e';
import { attachToCase } from './bench-helpers';
import { SCREENSHOT_DIR, daysAgo, emulatedPort, goTo, importDeliveries, moduleImage, seedStaff, setOperator } from '../support/records-fixture';

const TIMEOUT = 120_000;

describeApp('soak on the bench', ({ open }) => {
  let app: OpenedApp;
  let caseId = 0;
  const rma = 'RMA-SOAK-0001';
  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    app = await open({ viewport: { width: 1440, height: 1100 }, harness: { programmer: { kind: 'buspirate', image: null } } });
    const staff = await seedStaff(app.page);
    // SIM0001 was delivered four months ago: a fault found now is within the first year.
    await importDeliveries(app, [{ serial: 'SIM0001', customer: 'Northwind Telecom', deliveredOn: daysAgo(120) }]);
    await setOperator(app.page);
    const made = await app.page.evaluate(
      async ({ customerId, technicianId, rma: r }) => {
        const c = await window.bench.cases.create({
          rmaNumber: r,
          customerId,
          moduleSerial: 'SIM0001',
          notificationChannel: 'written',
          notifiedAt: new Date().toISOString(),
          notifiedBy: 'NOC',
          complaintText: 'Link drops a few times a day; the module reads fine.',
          technicianId,
        });
        if (!c.ok) return c;
        return window.bench.cases.transition({ caseId: c.value.id, to: 'diagnosing' });
      },
      { customerId: staff.customers[0]!.id, technicianId: staff.technicians[0]!.id, rma },
    );
    if (!made.ok) throw new Error(`case: ${made.error.message}`);
    caseId = made.value.id;
  }, TIMEOUT);
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && app) {
      await app.page.screenshot({ path: path.join(SCREENSHOT_DIR, `failed-soak-${ctx.task.name.slice(0, 30).replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true }).catch(() => undefined);
      if (app.pageErrors.length > 0) console.error(app.pageErrors.join('\n'));
    }
  });
  afterAll(async () => {
    await app?.close();
  });

  it('catches an Rx LOS glitch and a Tx step injected while it runs, survives a reload, records the soak and decides the case on it', async () => {
    const { page } = app;
    const emu = app.harness!.emulator!;
    emu.insertModule(await moduleImage('good-10g-sr'));
    await goTo(page, '/bench');
    const port = await emulatedPort(app);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByTestId('programmer-select').selectOption(`buspirate:${port}`);
    await page.locator('[data-testid="presence"].presence--present').waitFor({ timeout: 30_000 });
    // A seated module is read by itself (the bench watches the cage).
    await page.locator('[data-testid="overall-verdict"][data-verdict="pass"]').waitFor({ timeout: 30_000 });
    await attachToCase(page, rma, 'before-repair');

    // The soak: 20 samples a second for 15 s, on the case the read was recorded on.
    await page.getByTestId('soak-rate').fill('20');
    await page.getByTestId('soak-minutes').fill('0.25');
    expect(await page.getByTestId('soak-on-case').isChecked()).toBe(true);
    await page.getByTestId('soak-start').click();
    await page.locator('[data-testid="soak-state"][data-state="running"]').waitFor({ timeout: 30_000 });
    // Faults at times only the emulator knows. The LOS glitch lasts 300 ms here: this test is about
    // the flow, and its emulator, Playwright and the harness share one event loop, which a loaded CI
    // host stalls for longer than a sample period (a 50 ms glitch was missed so in CI). Catching a
    // 50 ms glitch at 20 Hz in its sample period is proven where the timing is the subject:
    // tests/integration/hardware/soak.test.ts (emulators) and tests/unit/hardware/soak-watch.test.ts (a virtual clock).
    emu.script({ noise: true, faults: [{ kind: 'los-glitch', atMs: 2500, durationMs: 300 }, { kind: 'tx-step', atMs: 5000, db: -3 }] });
    await page.getByTestId('soak-phase-note').fill('hot air 70 °C');
    await page.getByTestId('soak-phase-heated').click();
    await page.getByTestId('soak-phase-current').waitFor();
    await page.locator('[data-testid="soak-events"] tr[data-detail="rxLos"][data-fault="true"]').waitFor({ timeout: 20_000 });

    // A reload mid-soak: main kept it running; the panel finds it again with its events.
    await page.reload();
    await page.locator('[data-testid="session-gate"][data-state="signed-in"], [data-testid="status-operator"]').first().waitFor({ timeout: 30_000 });
    await goTo(page, '/bench');
    await page.locator('[data-testid="soak-state"][data-state="running"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="soak-events"] tr[data-detail="rxLos"]').waitFor();
    await page.locator('[data-testid="soak-events"] tr[data-kind="step"][data-fault="true"]').waitFor({ timeout: 20_000 });
    // The plots draw the envelope: points for each channel, a chart per parameter and lane.
    await expect.poll(async () => Number(await page.getByTestId('soak-chart-txPowerDbm:1').getAttribute('data-points')), { timeout: 10_000 }).toBeGreaterThan(10);
    expect(await page.locator('[data-testid^="soak-chart-"]').count()).toBe(5);

    await page.locator('[data-testid="soak-state"][data-state="finished"]').waitFor({ timeout: 40_000 });
    await page.locator('[data-testid="soak"] [data-verdict="fail"]').first().waitFor();
    await page.getByTestId('soak-recorded').waitFor();
    // Zoom to the step and back: main answers the window with its own buckets.
    await page.getByTestId('soak-pan-right').click();
    await page.getByTestId('soak-zoom-reset').click();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'bench-soak.png'), fullPage: true });

    // The soak is the case's evidence: it decides (replace within a year) with the soak's failure mode.
    const decided = await page.evaluate(async (id) => {
      const t = await window.bench.cases.transition({ caseId: id, to: 'awaiting-decision' });
      if (!t.ok) return t;
      return window.bench.cases.decide({ caseId: id, cause: 'non-human' });
    }, caseId);
    expect(decided.ok).toBe(true);
    if (decided.ok) {
      expect(decided.value.decision).toBe('replace');
      expect(decided.value.failureMode).toBe('soak:flag:rxLos');
    }
  }, TIMEOUT);

  it('the repair report prints the soak summary, its events and SVG plots, in English and in Chinese', async () => {
    const { page } = app;
    for (const lang of ['en', 'zh-CN'] as const) {
      const r = await page.evaluate(async ({ id, lang: l }) => window.bench.reports.preview({ kind: 'repair', id, lang: l }), { id: caseId, lang });
      if (!r.ok) throw new Error(r.error.message);
      const html = r.value.html;
      expect(html).toContain('data-testid="soak-section"');
      expect(html).toContain('data-detail="rxLos"');
      expect((html.match(/data-testid="soak-plot"/g) ?? []).length).toBe(5);
      expect(html).toContain('<svg');
      expect(html).toContain(lang === 'en' ? 'Rx loss of signal' : '接收信号丢失');
      expect(html).toContain(lang === 'en' ? 'Heated' : '加热');
    }
  }, TIMEOUT);

  it('the soak panel speaks Chinese', async () => {
    const { page } = app;
    await goTo(page, '/bench');
    await page.click('.lang-switch button[lang="zh-CN"]');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await page.getByRole('heading', { name: '老化测试' }).waitFor();
    expect(await page.getByTestId('soak-events').textContent()).toContain('接收信号丢失');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'bench-soak-zh.png'), fullPage: true });
    await page.click('.lang-switch button[lang="en"]');
  }, TIMEOUT);
});
