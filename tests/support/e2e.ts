// End-to-end fixture: the same spec runs against the real Electron app (Playwright's Electron
// driver) where an Electron binary is installed, and against the harness in Debian's Chromium
// always. Where Electron cannot run, its variant is registered as skipped with the reason, so the
// report says "not run, because", never silently nothing.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { describe } from 'vitest';
import { chromiumUnavailableReason, launchChromium } from './chromium';
import { REPO_ROOT, startHarness, type Harness, type HarnessOptions } from './harness/server';
import { testPreloadScript } from './harness/test-preload';

export type Runtime = 'harness' | 'electron';

export interface OpenedApp {
  page: Page;
  runtime: Runtime;
  /** The harness behind the page (null under Electron). */
  harness: Harness | null;
  /** The next file dialog of the app returns `file` (null = the user cancels). */
  chooseFile(file: string | null): Promise<void>;
  /** The next save dialog of the app returns `file` (null = the user cancels). */
  chooseSaveFile(file: string | null): Promise<void>;
  /** Uncaught page errors and console errors seen so far. */
  pageErrors: string[];
  close(): Promise<void>;
}

export interface OpenAppOptions {
  runtime?: Runtime;
  harness?: HarnessOptions;
  viewport?: { width: number; height: number };
  locale?: string;
  /** false: leave the page at the sign-in (or first-start) screen; default: sign in as E2E_MANAGER. */
  signIn?: boolean;
}

/** The station's name the first-start form gives (records-fixture's STATION). */
export const E2E_STATION = 'Bench E2E';

/** The person every spec works as unless it says otherwise: the station's first engineering manager. */
export const E2E_MANAGER = { code: 'e2e', name: 'E2E Manager', pin: '135790', label: 'E2E Manager (e2e)' } as const;

/**
 * Signs in the way a person does on a new station: the first-start form makes E2E_MANAGER the
 * first engineering manager (a seeded database's managers have no PIN yet, so "someone new").
 */
export async function setUpFirstManager(page: Page): Promise<void> {
  await page.locator('[data-testid="session-gate"][data-state="setup-required"]').waitFor({ timeout: 30_000 });
  if ((await page.getByTestId('setup-person').count()) > 0) await page.getByTestId('setup-person').selectOption('new');
  await page.getByTestId('setup-name').fill(E2E_MANAGER.name);
  await page.getByTestId('setup-code').fill(E2E_MANAGER.code);
  // First start names the station too (issue 12), unless the records already name it.
  if ((await page.getByTestId('setup-station').count()) > 0) await page.getByTestId('setup-station').fill(E2E_STATION);
  await page.getByTestId('setup-pin').fill(E2E_MANAGER.pin);
  await page.getByTestId('setup-pin-again').fill(E2E_MANAGER.pin);
  await page.getByTestId('setup-submit').click();
  await page.getByTestId('status-operator').filter({ hasText: E2E_MANAGER.label }).waitFor({ timeout: 30_000 });
}

/**
 * The Electron executable if one is installed, found the way node_modules/electron/index.js
 * does but WITHOUT requiring it: requiring it starts a download when the binary is missing.
 */
export function electronExecutable(): { path: string } | { reason: string } {
  const pkg = path.join(REPO_ROOT, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const exe = override ? path.join(override, rel ?? 'electron') : rel ? path.join(pkg, 'dist', rel) : null;
  if (!exe || !existsSync(exe)) {
    return { reason: 'no Electron binary installed (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1; the download is not reachable here)' };
  }
  return { path: exe };
}

/** Why a runtime cannot run on this machine, or null. */
export function runtimeUnavailableReason(runtime: Runtime): string | null {
  if (runtime === 'harness') return chromiumUnavailableReason();
  const exe = electronExecutable();
  if ('reason' in exe) return exe.reason;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'no display for Electron (run under xvfb-run)';
  if (!existsSync(path.join(REPO_ROOT, 'out', 'main', 'index.js'))) return 'the app is not built (npm run build)';
  return null;
}

function collectErrors(page: Page, into: string[]): void {
  page.on('pageerror', (e) => into.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') into.push(`console: ${m.text()}`);
  });
}

async function openHarnessApp(opts: OpenAppOptions): Promise<OpenedApp> {
  const harness = await startHarness(opts.harness);
  let browser: Awaited<ReturnType<typeof launchChromium>> | null = null;
  try {
    browser = await launchChromium({ ...(opts.viewport ? { viewport: opts.viewport } : {}), ...(opts.locale ? { locale: opts.locale } : {}) });
    await browser.context.addInitScript({ content: testPreloadScript(harness.origin) });
    // Like the app's session: nothing but the harness origin is ever fetched.
    await browser.context.route(
      (url) => url.origin !== harness.origin,
      (route) => route.abort('blockedbyclient'),
    );
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const pageErrors: string[] = [];
    collectErrors(page, pageErrors);
    await page.goto(harness.url);
    if (opts.signIn !== false) await setUpFirstManager(page);
    const b = browser;
    return {
      page,
      runtime: 'harness',
      harness,
      pageErrors,
      chooseFile: (file) => {
        harness.dialogs.queueOpen(file);
        return Promise.resolve();
      },
      chooseSaveFile: (file) => {
        harness.dialogs.queueSave(file);
        return Promise.resolve();
      },
      close: async () => {
        await b.close();
        await harness.close();
      },
    };
  } catch (e) {
    await browser?.close();
    await harness.close();
    throw e;
  }
}

async function openElectronApp(_opts: OpenAppOptions): Promise<OpenedApp> {
  const exe = electronExecutable();
  if ('reason' in exe) throw new Error(exe.reason);
  const userData = await mkdtemp(path.join(os.tmpdir(), 'optic-bench-electron-'));
  let app: ElectronApplication | null = null;
  try {
    app = await _electron.launch({
      executablePath: exe.path,
      // Its own database and window state (OPTIC_BENCH_USER_DATA below; --user-data-dir for Chromium's profile).
      args: [path.join(REPO_ROOT, 'out', 'main', 'index.js'), `--user-data-dir=${userData}`, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      cwd: REPO_ROOT,
      env: { ...process.env, ELECTRON_RENDERER_URL: '', OPTIC_BENCH_USER_DATA: userData } as Record<string, string>,
    });
    const page = await app.firstWindow();
    const pageErrors: string[] = [];
    collectErrors(page, pageErrors);
    await page.waitForLoadState('domcontentloaded');
    if (_opts.signIn !== false) await setUpFirstManager(page);
    const a = app;
    return {
      page,
      runtime: 'electron',
      harness: null,
      pageErrors,
      chooseFile: async (file) => {
        // The dialog is native and cannot be clicked by the driver: answer it from main.
        await a.evaluate(({ dialog }, chosen) => {
          const original = dialog.showOpenDialog.bind(dialog);
          dialog.showOpenDialog = ((..._args: unknown[]) => {
            dialog.showOpenDialog = original;
            return Promise.resolve({ canceled: chosen === null, filePaths: chosen === null ? [] : [chosen] });
          }) as typeof dialog.showOpenDialog;
        }, file);
      },
      chooseSaveFile: async (file) => {
        await a.evaluate(({ dialog }, chosen) => {
          const original = dialog.showSaveDialog.bind(dialog);
          dialog.showSaveDialog = ((..._args: unknown[]) => {
            dialog.showSaveDialog = original;
            return Promise.resolve({ canceled: chosen === null, filePath: chosen ?? '' });
          }) as typeof dialog.showSaveDialog;
        }, file);
      },
      close: async () => {
        await a.close();
        await rm(userData, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await app?.close().catch(() => undefined);
    await rm(userData, { recursive: true, force: true });
    throw e;
  }
}

/** Opens the app in the given runtime (default: the harness). */
export function openApp(opts: OpenAppOptions = {}): Promise<OpenedApp> {
  return (opts.runtime ?? 'harness') === 'electron' ? openElectronApp(opts) : openHarnessApp(opts);
}

export const RUNTIMES: readonly Runtime[] = ['electron', 'harness'];

/**
 * Registers `body` once per runtime. A runtime that cannot run here is registered as skipped,
 * its suite name carrying the reason, so the test report lists it as not run and why.
 */
export function describeApp(name: string, body: (ctx: { runtime: Runtime; open: (opts?: Omit<OpenAppOptions, 'runtime'>) => Promise<OpenedApp> }) => void): void {
  for (const runtime of RUNTIMES) {
    const reason = runtimeUnavailableReason(runtime);
    const open = (opts: Omit<OpenAppOptions, 'runtime'> = {}): Promise<OpenedApp> => openApp({ ...opts, runtime });
    if (reason) {
      describe.skip(`${name} [${runtime}: not run: ${reason}]`, () => body({ runtime, open }));
    } else {
      describe(`${name} [${runtime}]`, () => body({ runtime, open }));
    }
  }
}
