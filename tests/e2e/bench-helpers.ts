// Helpers shared by UI-A's end-to-end specs (bench, settings, i18n).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';

export const SHOTS = path.join(__dirname, '..', '..', 'test-output', 'screenshots');

/**
 * A whole-screen picture. The app keeps its nav and status bar sticky, which a Chromium
 * full-page capture paints mid-page; growing the viewport to the document's height keeps
 * them at the top and bottom where the technician sees them.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SHOTS, { recursive: true });
  const before = page.viewportSize() ?? { width: 1440, height: 960 };
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: before.width, height: Math.max(before.height, height) });
  const file = path.join(SHOTS, name);
  await page.screenshot({ path: file });
  await page.setViewportSize(before);
  return file;
}

export async function pickSim(page: Page, module: string): Promise<void> {
  await page.waitForSelector('[data-testid="sim-module"] option', { state: 'attached' });
  await page.selectOption('[data-testid="sim-module"]', module);
}

export async function readVia(page: Page, how: 'click' | 'key' = 'click'): Promise<void> {
  if (how === 'click') await page.click('[data-testid="read-button"]');
  else await page.keyboard.press('r');
  await page.waitForSelector('[data-testid="overall-verdict"]', { timeout: 15_000 });
  // The detail below the answer is rendered a moment after it (bench-screen.tsx, useDeferredValue).
  await page.waitForSelector('#bench-identity', { timeout: 15_000 });
}

/**
 * Attaches the read on the bench to the case with this RMA number in `role`: the case the bench
 * proposes for the serial when it is that one, else found through "Another case…".
 */
export async function attachToCase(page: Page, rma: string, role: 'before-repair' | 'after-repair'): Promise<void> {
  await page.locator('[data-testid="attach-choice"], [data-testid="attach-no-case"]').first().waitFor({ timeout: 30_000 });
  if ((await page.locator(`[data-testid="attach-choice"][data-rma="${rma}"]`).count()) === 0) {
    await page.getByTestId('attach-search').click();
    await page.getByTestId('attach-query').fill(rma);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.locator(`[data-testid="attach-results"] [data-rma="${rma}"][aria-selected="true"]`).waitFor();
    await page.getByTestId('attach-use-case').click();
    await page.locator(`[data-testid="attach-choice"][data-rma="${rma}"]`).waitFor();
  }
  await page.locator(`input[name="attach-role"][value="${role}"]`).check();
  await page.getByTestId('attach-button').click();
  await page.getByTestId('attach-recorded').waitFor({ timeout: 30_000 });
}
