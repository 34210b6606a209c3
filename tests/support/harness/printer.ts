// The harness's Printer: real PDFs from Debian's headless Chromium (page.setContent + page.pdf
// with the report's own options), so Save as PDF is checked end to end on real bytes. Printing
// on paper is not: a headless browser has no system print dialog to show, so print() only
// records the document it was given and answers "printed". The Electron printer (main/window.ts)
// is the one that opens the real dialog.
import { chromium, type Browser } from 'playwright-core';
import type { Printer, ReportPdfOptions } from '../../../main/services/printer';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';

export interface HarnessPrinter extends Printer {
  /** The documents print() was asked to print, in order. */
  readonly printed: string[];
  /** How many PDFs were made. */
  readonly pdfCount: number;
  close(): Promise<void>;
}

export function createHarnessPrinter(opts: { executablePath?: string } = {}): HarnessPrinter {
  // Launched on the first PDF and kept: most specs never save a report and should not pay for a browser.
  let browser: Promise<Browser> | null = null;
  const printed: string[] = [];
  let pdfCount = 0;
  const launch = (): Promise<Browser> => {
    browser ??= chromium.launch({ executablePath: opts.executablePath ?? CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS }).catch((e: unknown) => {
      // A failed start is not remembered: the next Save as PDF tries again.
      browser = null;
      throw e;
    });
    return browser;
  };
  return {
    printed,
    get pdfCount() {
      return pdfCount;
    },
    async pdf(html: string, options: ReportPdfOptions) {
      // Like Electron's print window: no scripts, no network, a fresh context per document.
      const context = await (await launch()).newContext({ javaScriptEnabled: false, offline: true });
      try {
        const page = await context.newPage();
        await page.setContent(html, { waitUntil: 'load' });
        const bytes = await page.pdf(options);
        pdfCount += 1;
        return bytes;
      } finally {
        await context.close().catch(() => undefined);
      }
    },
    print(html: string) {
      printed.push(html);
      return Promise.resolve(true);
    },
    async close() {
      const b = browser;
      browser = null;
      if (b) await b.then((x) => x.close()).catch(() => undefined);
    },
  };
}
