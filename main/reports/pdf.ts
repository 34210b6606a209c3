// Report HTML to PDF outside Electron (CLI, tests, benchmark): the distribution's Chromium driven
// by playwright-core. Never a browser download: these machines cannot fetch one, and a report
// printer that silently pulls 150 MB would be a surprise anyway. Electron's printToPDF takes the
// same reportPdfOptions, so both paths print the same pages.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { BenchError } from '../errors';
import type { ReportMeta } from './components';
import { reportPdfOptions } from './pdf-options';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

export const REPORT_CHROMIUM_ARGS = [
  // Stations and CI containers run as root, where Chromium's own sandbox cannot start; the page
  // it renders is our own static HTML with scripts disabled.
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface ReportBrowser {
  /** Prints one report document; `title` goes into the page header (default: the document's <title>). */
  pdf(html: string, meta: ReportMeta, title?: string): Promise<Buffer>;
  close(): Promise<void>;
}

export interface LaunchReportBrowserOptions {
  /** Defaults to OPTIC_BENCH_CHROMIUM, then /usr/bin/chromium. */
  executablePath?: string;
  env?: NodeJS.ProcessEnv;
}

export function reportChromiumPath(opts: LaunchReportBrowserOptions = {}): string {
  return opts.executablePath ?? (opts.env ?? process.env).OPTIC_BENCH_CHROMIUM ?? DEFAULT_CHROMIUM_PATH;
}

function titleOf(html: string): string {
  const m = /<title>([^<]*)<\/title>/.exec(html);
  if (m?.[1] === undefined) return 'Optic Bench';
  // The title is already HTML-escaped in the document; the header template escapes again.
  return m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, '&');
}

export async function launchReportBrowser(opts: LaunchReportBrowserOptions = {}): Promise<ReportBrowser> {
  const executablePath = reportChromiumPath(opts);
  if (!existsSync(executablePath)) {
    throw new BenchError(
      'REPORT_BROWSER_MISSING',
      `no Chromium at ${executablePath}: install the distribution's package (Debian/Ubuntu: apt-get install chromium) or set OPTIC_BENCH_CHROMIUM to a Chromium binary`,
      { path: executablePath },
    );
  }
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath, headless: true, args: REPORT_CHROMIUM_ARGS, timeout: 30_000 });
  } catch (e) {
    throw new BenchError('REPORT_BROWSER_FAILED', `Chromium at ${executablePath} did not start: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, { path: executablePath });
  }
  let context: BrowserContext;
  try {
    // No scripts and no network: a report is static HTML, and a hostile module string must not be
    // able to do anything even if escaping ever failed.
    context = await browser.newContext({ javaScriptEnabled: false, offline: true });
  } catch (e) {
    await browser.close().catch(() => undefined);
    throw new BenchError('REPORT_BROWSER_FAILED', `Chromium at ${executablePath} could not open a page: ${e instanceof Error ? e.message : String(e)}`, { path: executablePath });
  }
  // One page, reused: opening a page costs Chromium a renderer round trip (about 250 ms on a busy
  // station), more than printing a short report. Calls are queued so two prints never share it.
  let page: Page | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const printOne = async (html: string, meta: ReportMeta, title: string | undefined): Promise<Buffer> => {
    if (page === null || page.isClosed()) page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load', timeout: 30_000 });
    return page.pdf(reportPdfOptions(meta, title ?? titleOf(html)));
  };
  return {
    pdf(html, meta, title) {
      const next = queue.then(() => printOne(html, meta, title));
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
    },
  };
}
