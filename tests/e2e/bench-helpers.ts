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
