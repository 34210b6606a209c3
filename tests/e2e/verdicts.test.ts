// Issue 11 in the browser: the bench, the case page and the test report show `incomplete`,
// `not-applicable` and findings, in English and Chinese, with the same words on screen and paper.
// A passive cable is never failed as "no light"; an incomplete run makes the decision
// needs-evidence, and a recorded external link test completes it.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeApp, type OpenedApp } from '../support/e2e';
import { daysAgo, emulatedPort, goTo, importDeliveries, moduleImage, seedStaff, setOperator } from '../support/records-fixture';
import { pickSim, readVia, screenshot } from './bench-helpers';

const TIMEOUT = 90_000;
const VECTORS = path.resolve(__dirname, '../../../shared/vectors');

async function toLanguage(page: Page, lang: 'en' | 'zh-CN'): Promise<void> {
  await page.click(`.lang-switch button[lang="${lang}"]`);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

async function caseStatus(page: Page, status: string): Promise<void> {
  await page.locator(`[data-testid="case-status"][data-status="${status}"]`).waitFor();
}

describeApp('verdicts: incomplete, not applicable and findings', ({ open }) => {
  let app: OpenedApp;
  beforeAll(async () => {
    // The decision rests on a programmer read (simulated reads are training): an emulated Bus Pirate on a pty.
    app = await open({ viewport: { width: 1440, height: 1000 }, harness: { programmer: { kind: 'buspirate', image: null } } });
    await seedStaff(app.page);
    await setOperator(app.page);
  }, TIMEOUT);
  afterEach(async (ctx) => {
    // What the screen said when a step failed, for whoever reads the report.
    if (ctx.task.result?.state === 'fail' && app) {
      const alerts = await app.page.locator('[role="alert"]').allInnerTexts().catch(() => []);
      if (alerts.length > 0) console.error(`on screen: ${alerts.join(' | ')}`);
      if (app.pageErrors.length > 0) console.error(app.pageErrors.join('\n'));
    }
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a passive DAC without diagnostics: INCOMPLETE, every laser parameter not applicable ("no laser"), the next step named', async () => {
    const { page } = app;
    await goTo(page, '/bench');
    await pickSim(page, 'copper-no-ddm');
    await readVia(page);
    const overall = page.locator('[data-testid="overall-verdict"]');
    expect(await overall.getAttribute('data-verdict')).toBe('incomplete');
    // Shape and word, not colour alone.
    expect(await overall.innerText()).toMatch(/◐\s*INCOMPLETE/);
    expect(await page.locator('tr[data-status="fail"]').count()).toBe(0);
    expect(await page.locator('tr[data-status="not-applicable"]').count()).toBe(5);
    expect(await page.innerText('tr[data-parameter="txPowerDbm"]')).toContain('passive copper cable: no laser');
    expect(await page.innerText('tr[data-parameter="txPowerDbm"]')).toMatch(/NOT APPLICABLE/);
    expect(await page.innerText('[data-testid="incomplete-reasons"]')).toContain('nothing the read shows judges the signal path');
    expect(await page.locator('[data-testid="next-steps"] [data-step="external-test"]').count()).toBe(1);
    expect(await page.innerText('[data-testid="findings"]')).toContain('No findings');
    expect(app.pageErrors).toEqual([]);
  }, TIMEOUT);

  it('the same in Chinese: 未完成, 不适用 with the reason, the next step in Chinese words', async () => {
    const { page } = app;
    await toLanguage(page, 'zh-CN');
    expect(await page.innerText('[data-testid="overall-verdict"]')).toMatch(/◐\s*未完成/);
    const tx = await page.innerText('tr[data-parameter="txPowerDbm"]');
    expect(tx).toContain('不适用');
    expect(tx).toContain('无源铜缆，没有激光器');
    expect(await page.innerText('[data-testid="incomplete-reasons"]')).toContain('读取结果无法判定信号通路');
    expect(await page.innerText('[data-testid="next-steps"]')).toContain('进行外部链路或误码率测试');
    expect(await page.innerText('[data-testid="findings"]')).toContain('没有发现');
    await screenshot(page, 'bench-incomplete-zh-CN.png');
    await toLanguage(page, 'en');
  }, TIMEOUT);

  // Harness and Electron both answer the scripted file dialog (app.chooseFile).
  it('a dump whose date code has an unprogrammed 0xFF lot byte (ONL entry 44): a finding listed apart, never a failure', async () => {
    const { page } = app;
    await app.chooseFile(path.join(VECTORS, 'onl-sff-db/entries/44-FINISAR_CORP_-FCLF8522P2BTL-DL/dump.hex'));
    await page.click('text=Open a dump file…');
    await page.locator('[data-testid="overall-verdict"][data-verdict="incomplete"]').waitFor();
    const finding = page.locator('[data-testid="findings"] li[data-check="dateCodeValid"]');
    expect(await finding.getAttribute('data-finding')).toBe('lot-code-nonprintable');
    expect(await finding.innerText()).toMatch(/FINDING.*Date code.*2015.*0xff/s);
    expect(await page.locator('[data-testid="integrity"] li[data-check="dateCodeValid"]').getAttribute('data-status')).toBe('finding');
    // BASE-T: no laser either.
    expect(await page.innerText('tr[data-parameter="txBiasMa"]')).toContain('BASE-T (copper) module: no laser');
    await toLanguage(page, 'zh-CN');
    expect(await finding.innerText()).toMatch(/发现.*日期代码.*0xff/s);
    await toLanguage(page, 'en');
  }, TIMEOUT);

  it('on the case page an incomplete run is needs-evidence with what to do; a recorded external link test then gives no fault found', async () => {
    const { page } = app;
    // The DAC read through the emulated Bus Pirate (evidence), attached to a case made through the app's own channels.
    await goTo(page, '/bench');
    app.harness?.emulator?.insertModule(await moduleImage('copper-no-ddm'));
    const port = await emulatedPort(app);
    await page.getByRole('button', { name: 'Refresh list' }).click();
    await page.getByTestId('programmer-select').selectOption(`buspirate:${port}`);
    // Seated is read (the bench reads a module by itself once it answers).
    await page.locator('[data-testid="overall-verdict"][data-verdict="incomplete"]').waitFor({ timeout: 30_000 });
    const serial = (await page.innerText('[data-testid="identity-serial-number"]')).trim();
    // Delivered three months ago: inside the warranty, so a good cable is "no fault found".
    await importDeliveries(app, [{ serial, customer: 'Northwind Telecom', deliveredOn: daysAgo(90) }]);
    const caseId = await page.evaluate(async (moduleSerial) => {
      const b = window.bench;
      const customers = await b.customers.list({ search: 'Northwind' });
      const techs = await b.technicians.list({});
      if (!customers.ok || !techs.ok) throw new Error('seed missing');
      const c = await b.cases.create({
        rmaNumber: 'RMA-E2E-DAC1', customerId: customers.value[0]!.id, moduleSerial, notificationChannel: 'written',
        notifiedAt: new Date().toISOString(), notifiedBy: 'NOC desk', complaintText: 'CRC errors on the uplink', technicianId: techs.value[0]!.id,
      });
      if (!c.ok) throw new Error(c.error.message);
      const t = await b.cases.transition({ caseId: c.value.id, to: 'diagnosing' });
      if (!t.ok) throw new Error(t.error.message);
      return c.value.id;
    }, serial);
    // The case came after the read: it is found by its RMA number, then attached.
    await page.getByTestId('attach-search').click();
    await page.getByTestId('attach-query').fill('RMA-E2E-DAC1');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.locator('[data-testid="attach-results"] [data-rma="RMA-E2E-DAC1"][aria-selected="true"]').waitFor();
    await page.getByTestId('attach-use-case').click();
    await page.getByTestId('attach-button').click();
    await page.getByTestId('attach-recorded').waitFor();

    await goTo(page, `/repairs/case/${caseId}`);
    await page.locator('[data-testid="case-test-runs"] tr[data-verdict="incomplete"]').waitFor();
    expect(await page.innerText('[data-testid="case-test-runs"] tr[data-verdict="incomplete"]')).toContain('INCOMPLETE');
    await page.locator('[data-transition="awaiting-decision"]').click();
    await caseStatus(page, 'awaiting-decision');
    await page.locator('#case-cause').selectOption('non-human');
    await page.getByTestId('decide').click();
    await page.locator('[data-testid="decision-preview"][data-decision="needs-evidence"]').waitFor();
    await page.getByTestId('decide-confirm').click();
    await page.locator('[data-testid="case-decision"][data-decision="needs-evidence"]').waitFor();
    // Never "no fault found": back to diagnosing, with the step the bench named.
    await caseStatus(page, 'diagnosing');
    expect(await page.innerText('[data-testid="case-decision"]')).toContain('Needs evidence');
    expect(await page.locator('[data-testid="decision-needs"] [data-need="external-test"]').count()).toBe(1);

    // A BER test without its measured ratio cannot be recorded: the form says what is missing.
    const form = page.getByTestId('external-form');
    await form.locator('#ext-kind').selectOption('ber');
    await form.locator('#ext-result').selectOption('fail');
    await form.locator('#ext-equipment').fill('EXFO FTB-890');
    await form.locator('#ext-by').fill('Li Na');
    expect(await page.getByTestId('external-record').isDisabled()).toBe(true);
    expect(await page.innerText('#external-blocker')).toContain('bit error ratio');

    // The external link test, recorded through the form.
    await form.locator('#ext-kind').selectOption('link');
    await form.locator('#ext-result').selectOption('pass');
    await form.locator('#ext-equipment').fill('Arista 7050SX-64, port Et12');
    await form.locator('#ext-by').fill('Li Na');
    await page.getByTestId('external-record').click();
    await page.locator('[data-testid="case-external-tests"] tr[data-result="pass"][data-kind="link"]').waitFor();
    await page.locator('[data-transition="awaiting-decision"]').click();
    await caseStatus(page, 'awaiting-decision');
    await page.locator('#case-cause').selectOption('non-human');
    await page.getByTestId('decide').click();
    await page.locator('[data-testid="decision-preview"][data-decision="no-fault-found"]').waitFor();
    await page.getByTestId('decide-confirm').click();
    await page.locator('[data-testid="case-decision"][data-decision="no-fault-found"]').waitFor();
    expect(await page.innerText('[data-testid="case-decision"]')).toMatch(/External test #\d+/);
    await toLanguage(page, 'zh-CN');
    expect(await page.innerText('[data-testid="case-decision"]')).toContain('未发现故障');
    expect(await page.innerText('[data-testid="case-external-tests"]')).toContain('链路测试');
    await toLanguage(page, 'en');
  }, TIMEOUT);

  it('the test report of the incomplete run prints the same words: why, next steps, not applicable, findings (en and 中文)', async () => {
    const { page } = app;
    const html = await page.evaluate(async () => {
      const b = window.bench;
      const cases = await b.cases.list({ filters: { search: 'RMA-E2E-DAC1' } });
      if (!cases.ok) throw new Error(cases.error.message);
      const runs = await b.testRuns.list({ caseId: cases.value.items[0]!.id });
      if (!runs.ok) throw new Error(runs.error.message);
      const id = runs.value[0]!.id;
      const en = await b.reports.preview({ kind: 'test-run', id, lang: 'en' });
      const zh = await b.reports.preview({ kind: 'test-run', id, lang: 'zh-CN' });
      if (!en.ok || !zh.ok) throw new Error('preview failed');
      return { en: en.value.html, zh: zh.value.html };
    });
    expect(html.en).toContain('◐ INCOMPLETE');
    expect(html.en).toContain('nothing the read shows judges the signal path');
    expect(html.en).toContain('Run an external link or BER test and record it');
    expect(html.en).toContain('Tx power not applicable: passive copper cable: no laser');
    expect(html.en).toContain('Findings (not failures)');
    expect(html.zh).toContain('◐ 未完成');
    expect(html.zh).toContain('读取结果无法判定信号通路');
    expect(html.zh).toContain('发射光功率 不适用：无源铜缆，没有激光器');
    expect(html.zh).toContain('发现（不构成不合格）');
  }, TIMEOUT);
});
