// The port through which report documents reach paper or a PDF. The Electron main process
// implements it with a hidden, sandboxed window (main/window.ts: printToPDF and the system print
// dialog); the renderer test harness with headless Chromium (tests/support/harness/printer.ts).
// No Electron and no playwright here: this file is imported by both.
import type { ReportPdfOptions } from '../reports/index';

export type { ReportPdfOptions };

export interface Printer {
  /** The document as PDF bytes, with the report's page size, margins, header and footer. */
  pdf(html: string, options: ReportPdfOptions): Promise<Uint8Array>;
  /** Shows the system print dialog; false when the user closed it without printing. */
  print(html: string): Promise<boolean>;
}

/** Electron's printToPDF options (margins in inches, `pageSize`), from the report's Playwright-style options. */
export interface ElectronPdfOptions {
  pageSize: 'A4';
  landscape: false;
  printBackground: boolean;
  displayHeaderFooter: boolean;
  headerTemplate: string;
  footerTemplate: string;
  margins: { top: number; bottom: number; left: number; right: number };
}

// Units Chromium's page.pdf accepts for margins; a bare number is CSS pixels (96 per inch).
const PER_INCH: Record<string, number> = { in: 1, cm: 2.54, mm: 25.4, px: 96, '': 96 };

/** A CSS length as Playwright's page.pdf reads it ("18mm", "0.5in", "2cm", "40px", "40"), in inches. */
export function cssLengthToInches(length: string): number {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(in|cm|mm|px)?\s*$/i.exec(length);
  const per = m ? PER_INCH[(m[2] ?? '').toLowerCase()] : undefined;
  if (!m?.[1] || per === undefined) throw new Error(`"${length}" is not a page margin length (a number with in, cm, mm or px)`);
  return Number(m[1]) / per;
}

export function toElectronPdfOptions(o: ReportPdfOptions): ElectronPdfOptions {
  return {
    pageSize: o.format,
    landscape: false,
    printBackground: o.printBackground,
    displayHeaderFooter: o.displayHeaderFooter,
    headerTemplate: o.headerTemplate,
    footerTemplate: o.footerTemplate,
    margins: {
      top: cssLengthToInches(o.margin.top),
      bottom: cssLengthToInches(o.margin.bottom),
      left: cssLengthToInches(o.margin.left),
      right: cssLengthToInches(o.margin.right),
    },
  };
}
