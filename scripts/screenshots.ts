// npm run screenshots — the README's pictures, taken from the app as it is now (issue 12 item 11):
// the built renderer in Debian's Chromium through the e2e harness (the same handler table as the
// app), modules seated in the harness's emulated Bus Pirate (the real driver on a socat
// pseudo-terminal), records made through window.bench as the e2e specs make them. 1366x768, the
// common bench laptop. Writes docs/screenshots/*.png; not part of CI because it rewrites files
// that are committed. Needs `npm run build` first.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../tests/support/chromium';
import { REPO_ROOT, startHarness } from '../tests/support/harness/server';
import { testPreloadScript } from '../tests/support/harness/test-preload';
import { loadSimulatedModule } from '../main/hardware/sim-library';
import type { BenchApi } from '../preload/contract/api';

// The page's globals as these page functions use them (this script compiles without the DOM library).
declare const window: { bench: BenchApi; location: { hash: string } };
declare const document: {
  fonts: { ready: Promise<unknown> };
  documentElement: { lang: string };
  querySelector(selector: string): { getAttribute(name: string): string | null } | null;
};
declare const requestAnimationFrame: (callback: () => void) => number;

const VIEW = { width: 1366, height: 768 };
const OUT = path.join(REPO_ROOT, 'docs', 'screenshots');

async function image(name: string): Promise<Uint8Array> {
  return (await loadSimulatedModule(name, path.join(REPO_ROOT, 'resources', 'modules'))).image;
}

async function goTo(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => { window.location.hash = h; }, hash);
}

function daysAgo(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

async function shot(page: Page, name: string): Promise<void> {
  // Let the last paint (charts, fonts) settle: a frame, then the fonts the page asked for.
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((r) => requestAnimationFrame(() => r(null)));
  });
  const file = path.join(OUT, name);
  await page.screenshot({ path: file });
  console.log(`  ${path.relative(REPO_ROOT, file)}`);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'optic-bench-shots-'));
  const harness = await startHarness({ programmer: { kind: 'buspirate', image: null } });
  const browser = await launchChromium({ viewport: VIEW });
  try {
    await browser.context.addInitScript({ content: testPreloadScript(harness.origin) });
    await browser.context.route((url) => url.origin !== harness.origin, (route) => route.abort('blockedbyclient'));
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(harness.url);
    await page.locator('[data-testid="session-gate"][data-state="setup-required"]').waitFor({ timeout: 60_000 });
    if ((await page.getByTestId('setup-person').count()) > 0) await page.getByTestId('setup-person').selectOption('new');
    await page.getByTestId('setup-name').fill('Zhao Lei');
    await page.getByTestId('setup-code').fill('zhao');
    if ((await page.getByTestId('setup-station').count()) > 0) await page.getByTestId('setup-station').fill('Repair bench 1');
    await page.getByTestId('setup-pin').fill('246810');
    await page.getByTestId('setup-pin-again').fill('246810');
    await page.getByTestId('setup-submit').click();
    await page.getByTestId('status-operator').waitFor({ timeout: 30_000 });

    // Staff, customers, the deliveries production sent, and a case waiting for its module.
    const staff = await page.evaluate(async () => {
      const out: number[] = [];
      for (const name of ['Northwind Telecom', 'Harbour Data Centre']) {
        const r = await window.bench.customers.create({ name });
        if (!r.ok) throw new Error(r.error.message);
        out.push(r.value.id);
      }
      const t = await window.bench.technicians.create({ code: 'lwei', name: 'Li Wei', role: 'technician' });
      if (!t.ok) throw new Error(t.error.message);
      return { customerId: out[0]!, otherCustomerId: out[1]!, technicianId: t.value.id };
    });
    const csv = path.join(tmp, 'deliveries.csv');
    writeFileSync(csv, `serial,customer,delivered_on\nSIM0002,Northwind Telecom,${daysAgo(120)}\nSIM0001,Harbour Data Centre,${daysAgo(500)}\n`);
    harness.dialogs.queueOpen(csv);
    const imported = await page.evaluate(() => window.bench.deliveries.import());
    if (!imported.ok) throw new Error(imported.error.message);
    const caseId = await page.evaluate(async (s) => {
      const out: number[] = [];
      for (const [rma, serial, customerId, complaint] of [
        ['RMA-2026-0141', 'SIM0002', s.customerId, 'Low optical power alarm on the switch port'],
        ['RMA-2026-0142', 'SIM0001', s.otherCustomerId, 'Link flaps a few times a day'],
      ] as const) {
        const c = await window.bench.cases.create({
          rmaNumber: rma, customerId, moduleSerial: serial, notificationChannel: 'telephone',
          notifiedAt: new Date(Date.now() - 7_200_000).toISOString(), notifiedBy: 'NOC', complaintText: complaint, technicianId: s.technicianId,
        });
        if (!c.ok) throw new Error(c.error.message);
        const t = await window.bench.cases.transition({ caseId: c.value.id, to: 'diagnosing' });
        if (!t.ok) throw new Error(t.error.message);
        out.push(c.value.id);
      }
      return out[0]!;
    }, staff);

    // The bench: the emulated Bus Pirate chosen, a failing module seated and read by itself.
    const port = harness.emulator!.devicePath;
    await goTo(page, '/bench');
    await page.getByRole('button', { name: 'Refresh list' }).click();
    await page.getByTestId('programmer-select').selectOption(`buspirate:${port}`);
    await page.locator('[data-testid="presence"][data-state="empty"]').waitFor({ timeout: 30_000 });
    harness.emulator!.insertModule(await image('weak-tx'));
    await page.locator('[data-testid="answer-serial"]').filter({ hasText: 'SIM0002' }).waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="attach-choice"][data-rma="RMA-2026-0141"]').waitFor();
    await page.waitForSelector('#bench-identity');
    await shot(page, 'bench-result.png');
    await page.getByTestId('attach-button').click();
    await page.getByTestId('attach-recorded').waitFor();

    // A report preview of that read.
    await page.getByTestId('open-test-report').first().click();
    await page.frameLocator('[data-testid="report-frame"]').locator('body').waitFor();
    await page.waitForTimeout(300);
    await shot(page, 'report-preview.png');
    await page.keyboard.press('Escape');

    // The case page with the decision preview (on the delivery record).
    await goTo(page, `/repairs/case/${caseId}`);
    await page.locator('[data-transition="awaiting-decision"]').click();
    await page.locator('[data-testid="case-status"][data-status="awaiting-decision"]').waitFor();
    await page.locator('#case-cause').selectOption('non-human');
    await page.getByTestId('decide').click();
    await page.getByTestId('decision-preview').waitFor();
    await shot(page, 'case-page.png');
    await page.getByTestId('decide-confirm').click();
    await page.locator('[data-testid="case-status"][data-status="replacing"]').waitFor();

    // The soak panel: the other case's module read and soaked for a few seconds.
    harness.emulator!.insertModule(null);
    await goTo(page, '/bench');
    await page.locator('[data-testid="presence"][data-state="empty"]').waitFor({ timeout: 30_000 });
    harness.emulator!.insertModule(await image('good-10g-sr'));
    await page.locator('[data-testid="answer-serial"]').filter({ hasText: 'SIM0001' }).waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="attach-choice"][data-rma="RMA-2026-0142"]').waitFor();
    await page.getByTestId('attach-button').click();
    await page.getByTestId('attach-recorded').waitFor();
    // The soak panel as the technician finds it under a read: rate, length, the case, Start.
    await page.getByTestId('soak-rate').fill('20');
    // The panel's top just under the fixed navigation bar.
    await page.getByTestId('soak-start').evaluate((el) => {
      const section = (el as unknown as { closest(s: string): { getBoundingClientRect(): { top: number } } | null }).closest('section');
      const top = section?.getBoundingClientRect().top ?? 0;
      (globalThis as unknown as { scrollBy(x: number, y: number): void }).scrollBy(0, top - 64);
    });
    await shot(page, 'soak-panel.png');

    await goTo(page, '/repairs');
    await page.locator('.case-row[data-rma]').first().waitFor();
    await shot(page, 'case-list.png');

    await goTo(page, '/statistics');
    await page.locator('.statistics[aria-busy="false"] [data-testid="stats-kpis"]').waitFor();
    await page.waitForTimeout(300);
    await shot(page, 'statistics.png');

    await goTo(page, '/settings');
    await page.locator('[data-testid="lab-panel"]').first().scrollIntoViewIfNeeded();
    await shot(page, 'settings-lab-server.png');

    // Chinese: the bench with the weak module again, and its case page.
    await page.click('.lang-switch button[lang="zh-CN"]');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    harness.emulator!.insertModule(null);
    await goTo(page, '/bench');
    await page.locator('[data-testid="presence"][data-state="empty"]').waitFor({ timeout: 30_000 });
    harness.emulator!.insertModule(await image('weak-tx'));
    await page.locator('[data-testid="answer-serial"]').filter({ hasText: 'SIM0002' }).waitFor({ timeout: 30_000 });
    await page.waitForSelector('#bench-identity');
    await shot(page, 'bench-zh-CN.png');
    await goTo(page, `/repairs/case/${caseId}`);
    await page.locator('[data-testid="case-status"][data-status="replacing"]').waitFor();
    await shot(page, 'case-page-zh-CN.png');
  } finally {
    await browser.close();
    await harness.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack ?? e.message : String(e));
  process.exitCode = 1;
});
