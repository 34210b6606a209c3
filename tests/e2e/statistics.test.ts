// The statistics dashboard in a real browser over a seeded year-scale database: the figures the
// policy asks for (cases by month, failure modes, part numbers, no-fault-found rate, turnaround
// median and 90th percentile) appear as charts with their numbers, and a period filter changes
// them. Seeded in bulk beforehand, so this spec runs on the harness only.
import { mkdtemp, rm } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeApp, type OpenedApp } from '../support/e2e';
import { seedCases } from '../support/seed-cases';
import { SCREENSHOT_DIR, goTo } from '../support/records-fixture';
import { RawSqlite } from '../../main/db/index';

const RECORDS = 20_000;

describeApp('statistics: the dashboard', ({ runtime, open }) => {
  let app: OpenedApp | undefined;
  let dir: string | undefined;
  let file = '';
  beforeAll(async () => {
    if (runtime !== 'harness') return;
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    dir = await mkdtemp(path.join(os.tmpdir(), 'optic-bench-stats-'));
    file = path.join(dir, 'cases.sqlite');
    await seedCases(file, { count: RECORDS, now: new Date('2026-11-26T12:00:00Z') });
    app = await open({ harness: { databasePath: file }, viewport: { width: 1440, height: 1100 } });
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // Harness only: it runs on a seeded database file, which the Electron variant (its own empty profile) cannot be handed.
  it.skipIf(runtime !== 'harness')('shows the counts, NFF rate and turnaround figures with a chart and a data table each', async () => {
    const page = app!.page;
    await goTo(page, '/statistics');
    await expect.poll(() => page.locator('[data-testid="kpi-cases"] .kpi__value').textContent(), { timeout: 30_000 }).toBe('20,000');
    // The seed returns 20 % of cases with no fault among the decided ones (closed 70 %, NFF 20 %, rejected 10 %).
    expect(await page.locator('[data-testid="kpi-nff"] .kpi__value').textContent()).toMatch(/^\d{1,2}(\.\d)?%$/);
    for (const id of ['chart-by-month', 'chart-nff', 'chart-failure-modes', 'chart-part-numbers', 'chart-turnaround']) {
      const card = page.getByTestId(id);
      await card.locator('svg.recharts-surface').first().waitFor();
      expect(await card.locator('table tbody tr').count()).toBeGreaterThan(0);
    }
    // Failure modes read as words, not column names.
    expect(await page.getByTestId('chart-failure-modes').locator('table').textContent()).toContain('Tx power');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'statistics.png'), fullPage: true });
  }, 120_000);

  // Harness only: it runs on a seeded database file, which the Electron variant (its own empty profile) cannot be handed.
  it.skipIf(runtime !== 'harness')('narrows every figure to the chosen period', async () => {
    const page = app!.page;
    await page.locator('#stats-from').fill('2026-01-01');
    await page.locator('#stats-to').fill('2026-03-31');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(async () => Number((await page.locator('[data-testid="kpi-cases"] .kpi__value').textContent())?.replace(/,/g, '')), { timeout: 30_000 })
      .toBeLessThan(RECORDS / 5);
    const months = await page.getByTestId('chart-by-month').locator('table tbody th').allTextContents();
    expect(months).toEqual(['Jan 2026', 'Feb 2026', 'Mar 2026']);
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => page.locator('[data-testid="kpi-cases"] .kpi__value').textContent()).toBe('20,000');
    expect(app!.pageErrors).toEqual([]);
  }, 120_000);

  // Harness only: it runs on a seeded database file, which the Electron variant (its own empty profile) cannot be handed.
  it.skipIf(runtime !== 'harness')('narrows to one customer and one part number, exactly as the database counts them, and refuses an unknown customer', async () => {
    const page = app!.page;
    const kpi = async () => Number((await page.locator('[data-testid="kpi-cases"] .kpi__value').textContent())?.replace(/,/g, ''));
    // Expected figures come from the same file, counted independently of the service's SQL.
    const raw = await RawSqlite.open(file);
    const count = async (where: string, params: unknown[]) => Number((await raw.all<{ n: number }>(`SELECT count(*) AS n FROM repair_case rc JOIN customer cu ON cu.id = rc.customer_id WHERE ${where}`, params))[0]?.n);
    const northwind = await count('cu.name = ?', ['Northwind Telecom']);
    const northwindSr = await count('cu.name = ? AND rc.part_number = ?', ['Northwind Telecom', 'OB-SFP10G-SR']);
    const sr = await count('rc.part_number = ?', ['OB-SFP10G-SR']);
    await raw.close();
    expect(northwindSr).toBeGreaterThan(0);

    // Typing part of the name offers the matching customers (customers:list search).
    await page.locator('#stats-customer').fill('North');
    await expect.poll(() => page.locator('#stats-customer-options option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['Northwind Telecom']);
    // Case does not matter once the name is complete.
    await page.locator('#stats-customer').fill('northwind telecom');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(kpi, { timeout: 30_000 }).toBe(northwind);
    expect(await page.getByTestId('stats-active-filters').textContent()).toContain('Northwind Telecom');
    // The part-number suggestions are the part numbers this customer's dashboard counts.
    const offered = await page.locator('#stats-pn-options option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toContain('OB-SFP10G-SR');
    await page.locator('#stats-pn').fill('OB-SFP10G-SR');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(kpi, { timeout: 30_000 }).toBe(northwindSr);
    const pns = await page.getByTestId('chart-part-numbers').locator('table tbody th').allTextContents();
    expect(pns).toEqual(['OB-SFP10G-SR']);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'statistics-filtered.png'), fullPage: true });

    await page.locator('#stats-customer').fill('');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(kpi, { timeout: 30_000 }).toBe(sr);

    // A name no customer has: said in words, and the figures stay as they were.
    await page.locator('#stats-customer').fill('Nobody Networks');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Nobody Networks' }).count()).toBe(1);
    expect(await kpi()).toBe(sr);
    expect(await page.locator('#stats-customer').getAttribute('aria-invalid')).toBe('true');

    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(kpi).toBe(RECORDS);
    expect(await page.getByTestId('stats-active-filters').count()).toBe(0);
    expect(app!.pageErrors).toEqual([]);
  }, 120_000);
});
