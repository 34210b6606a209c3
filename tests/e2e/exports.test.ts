// Export from the case list in a real browser: filter the list, export CSV through main's save
// dialog, and the file holds exactly the cases the list shows (in its order); test runs of the same
// period; a failed write shown in plain words; a closed dialog is no error; the menu in Chinese.
// The save dialog is answered by the harness (tests/support/harness ScriptedDialogs), so the
// file-writing specs run on the harness; Electron's native save dialog cannot be scripted here.
import { mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeApp, type OpenedApp } from '../support/e2e';
import { seedCases } from '../support/seed-cases';
import { SCREENSHOT_DIR, goTo } from '../support/records-fixture';

const TIMEOUT = 120_000;

describeApp('exports from the case list', ({ runtime, open }) => {
  let app: OpenedApp | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    if (runtime !== 'harness') return;
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    dir = await mkdtemp(path.join(os.tmpdir(), 'optic-bench-export-e2e-'));
    const file = path.join(dir, 'cases.sqlite');
    await seedCases(file, { count: 3_000, now: new Date('2026-11-26T12:00:00Z') });
    app = await open({ harness: { databasePath: file }, viewport: { width: 1440, height: 900 } });
    await goTo(app.page, '/repairs');
    await app.page.locator('[data-testid="case-count"]').waitFor();
  }, TIMEOUT);
  afterAll(async () => {
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Every RMA the list's own channel returns for these filters, through the page's window.bench. */
  const listed = (filters: Record<string, unknown>) =>
    app!.page.evaluate(async (f) => {
      const out: string[] = [];
      let cursor: string | null = null;
      do {
        const r = await (window as unknown as { bench: { cases: { list(q: unknown): Promise<{ ok: boolean; value: { items: { rmaNumber: string }[]; nextCursor: string | null } }> } } }).bench.cases.list({ filters: f, limit: 500, cursor });
        if (!r.ok) throw new Error('cases:list failed');
        out.push(...r.value.items.map((c) => c.rmaNumber));
        cursor = r.value.nextCursor;
      } while (cursor !== null);
      return out;
    }, filters);

  // Harness only: it runs on a seeded database file, which the Electron variant (its own empty profile) cannot be handed.
  it.skipIf(runtime !== 'harness')('exports the filtered list to CSV: the file holds exactly the cases the list shows, in its order', async () => {
    const page = app!.page;
    await page.locator('#case-status').selectOption('closed');
    await page.locator('#case-search').fill('RMA00012');
    await page.locator('#case-search').press('Enter');
    await expect.poll(() => page.locator('[data-testid="case-count"]').textContent(), { timeout: 30_000 }).toMatch(/^\d+ cases$/);
    const shown = Number((await page.locator('[data-testid="case-count"]').textContent())?.replace(/\D/g, ''));
    expect(shown).toBeGreaterThan(0);

    const target = path.join(dir!, 'closed-0012.csv');
    app!.harness!.dialogs.queueSave(target);
    await page.getByTestId('export-toggle').click();
    await page.getByTestId('export-cases-csv').click();
    const result = page.getByTestId('export-result');
    await result.waitFor();
    expect(await result.textContent()).toContain(`Exported ${shown} cases to closed-0012.csv`);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'case-list-export.png') });

    const bytes = readFileSync(target);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(shown);
    expect(rows.every((r) => r.status === 'closed' && (r.rma_number ?? '').startsWith('RMA00012'))).toBe(true);
    expect(rows.map((r) => r.rma_number)).toEqual(await listed({ status: ['closed'], search: 'RMA00012' }));
    expect(app!.harness!.calls).toContain('export:cases');
  }, TIMEOUT);

  // Harness only: it runs on a seeded database file, which the Electron variant (its own empty profile) cannot be handed.
  it.skipIf(runtime !== 'harness')('exports the test runs of the same period as JSON, the period sent as the list shows it', async () => {
    const page = app!.page;
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.locator('#case-from').fill('2026-01-01');
    await page.locator('#case-to').fill('2026-01-31');
    const target = path.join(dir!, 'runs-january.json');
    app!.harness!.dialogs.queueSave(target);
    await page.getByTestId('export-toggle').click();
    await expect.poll(() => page.locator('[data-period]').textContent()).toContain('2026-01-01');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'case-list-export-menu.png') });
    await page.getByTestId('export-test-runs-json').click();
    await expect.poll(() => page.getByTestId('export-result').getAttribute('data-file')).toBe('runs-january.json');
    const doc = JSON.parse(readFileSync(target, 'utf8')) as { kind: string; filters: unknown; rows: unknown[] };
    // The "to" day is inclusive on screen, so the request ends at the start of the next day.
    expect(doc).toMatchObject({ kind: 'test-runs', filters: { from: '2026-01-01', to: '2026-02-01' }, rows: [] });
  }, TIMEOUT);

  // Harness only: it runs on a seeded database file, which the Electron variant (its own empty profile) cannot be handed.
  it.skipIf(runtime !== 'harness')('a closed save dialog is no error; an unwritable folder is explained in plain words', async () => {
    const page = app!.page;
    await page.getByTestId('export-toggle').click();
    await page.getByTestId('export-cases-json').click(); // nothing queued: the user cancels
    await expect.poll(() => page.getByTestId('export-toggle').isEnabled()).toBe(true);
    expect(await page.getByTestId('export-error').count()).toBe(0);
    expect(await page.getByTestId('export-result').count()).toBe(0);

    app!.harness!.dialogs.queueSave(path.join(dir!, 'no-such-folder', 'cases.csv'));
    await page.getByTestId('export-toggle').click();
    await page.getByTestId('export-cases-csv').click();
    const error = page.getByTestId('export-error');
    await error.waitFor();
    expect(await error.locator('[data-error-code]').getAttribute('data-error-code')).toBe('EXPORT_WRITE_FAILED');
    expect(await error.textContent()).toContain('The export could not be written');
    await error.getByRole('button', { name: 'Dismiss' }).click();
    expect(await page.getByTestId('export-error').count()).toBe(0);
  }, TIMEOUT);

  // Harness only: it runs on a seeded database file, which the Electron variant (its own empty profile) cannot be handed.
  it.skipIf(runtime !== 'harness')('the menu and the result speak Chinese when the language is switched; Escape closes the menu', async () => {
    const page = app!.page;
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '维修单' }).waitFor();
    await page.getByTestId('export-toggle').click();
    await page.getByRole('button', { name: '将维修单导出为 CSV（Excel）' }).waitFor();
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('export-cases-csv').count()).toBe(0);
    expect(await page.getByTestId('export-toggle').evaluate((el) => el === document.activeElement)).toBe(true);
    const target = path.join(dir!, '导出.csv');
    app!.harness!.dialogs.queueSave(target);
    await page.getByTestId('export-toggle').click();
    await page.getByTestId('export-cases-csv').click();
    await expect.poll(() => page.getByTestId('export-result').textContent()).toMatch(/^✔已将 [\d,]+ 个维修单导出到 导出\.csv/);
    await page.getByRole('button', { name: 'English' }).click();
    expect(app!.pageErrors).toEqual([]);
  }, TIMEOUT);
});
