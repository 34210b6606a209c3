// Debian's Chromium driven by playwright-core: no browser download (none is possible here), no
// network beyond the loopback harness, a fresh profile each launch.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { reportChromiumPath, REPORT_CHROMIUM_ARGS } from '../../main/reports/pdf';

export const CHROMIUM_PATH = reportChromiumPath();

/** The report printer's flags (root in a container, no background traffic) plus two for test churn. */
export const CHROMIUM_ARGS = [...REPORT_CHROMIUM_ARGS, '--disable-quic', '--disable-dev-shm-usage'];

export interface LaunchedChromium {
  context: BrowserContext;
  userDataDir: string;
  close(): Promise<void>;
}

/** Why Chromium cannot run here, or null when it can. */
export function chromiumUnavailableReason(): string | null {
  return existsSync(CHROMIUM_PATH) ? null : `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set OPTIC_BENCH_CHROMIUM)`;
}

export async function launchChromium(opts: { viewport?: { width: number; height: number }; locale?: string } = {}): Promise<LaunchedChromium> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'optic-bench-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: opts.viewport ?? { width: 1280, height: 820 },
    locale: opts.locale ?? 'en-US',
    // Anything the page tries to reach other than the harness fails fast instead of timing out.
    offline: false,
  });
  return {
    context,
    userDataDir,
    close: async () => {
      await context.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
