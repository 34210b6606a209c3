// What a Chinese screen may still show in Latin script (issue 12, item 9): units, the standards'
// own names, programmer and database names, keyboard keys, and values that come from the module
// or from the records the spec typed. Anything else in Latin letters is English left untranslated.
import type { Frame, Page } from 'playwright-core';

/** Units as the standards print them (SFF-8472 table 9-11, CMIS 8.8). */
const UNITS = ['dBm', 'Gb', 'mW', 'µW', 'uW', 'mA', 'V', 'mV', 'C', 'ms', 's', 'nm', 'Gb/s', 'GBd', 'dB', 'Hz', 'kHz', 'km', 'm', 'W', 'KB', 'kB', 'MB', 'ppm', 'ps/nm'];
/** The standards and the signal names they define (kept in Latin script in Chinese documents too). */
const STANDARDS = [
  'SFF-8472', 'SFF-8636', 'SFF-8024', 'CMIS', 'QSFP', 'QSFP28', 'QSFP112', 'QSFP-DD', 'QSFP+', 'SFP', 'SFP+', 'SFP28', 'OSFP', 'DDM', 'VDM',
  'RMA', 'BER', 'CSV', 'PDF', 'JSON', 'TLS', 'CA', 'PIN', 'ID', 'I2C', 'USB', 'EEPROM', 'OMA', 'Tx', 'Rx', 'TX', 'RX', 'LOS', 'LOL',
  'TX_FAULT', 'CDR', 'SHA-256', 'OUI', 'DOM', 'IEEE', 'PAM4', 'NRZ', 'SNR', 'FEC', 'LPMode', 'IntL', 'CRC', 'ASCII', 'MBd',
  // SFF-8472's own field names (section 8.x), quoted beside their Chinese names as the standard prints them.
  'CC_BASE', 'CC_EXT', 'CC_DMI', 'RX_LOS', 'TX_DISABLE', 'Rx_PWR', 'Tx_PWR', 'Tx_I', 'TEC', 'SFF-8079', 'SFF-8431', 'PN', 'SN',
  'OM1', 'OM2', 'OM3', 'OM4', 'OS1', 'OS2', 'SMF', 'MMF', 'BASE-T', 'LC', 'MPO', 'DFB', 'VCSEL', 'EML', 'MSA', 'PMD', 'MDI',
  // CMIS's state, register and page names (CMIS 5.2 tables 6-x, 8-x), quoted beside their Chinese words.
  'ModuleReady', 'ModuleLowPwr', 'ModulePwrUp', 'ModulePwrDn', 'ModuleFault', 'DataPathActivated', 'DataPathDeactivated', 'DataPathInit',
  'DataPathDeinit', 'DataPathTxTurnOn', 'DataPathTxTurnOff', 'DataPathInitialized', 'AppSel', 'CDB', 'Bank', 'bank',
];
const PROGRAMMERS_AND_ENGINES = ['Bus', 'Pirate', 'Bus Pirate', 'USB-ISS', 'Devantech', 'PostgreSQL', 'SQLite', 'FTDI', 'FT232R', 'v3'];
/** The product's name, and the language switch's "English" (each language is named in itself). */
const NAMES = ['Optic', 'Bench', 'Optic Bench', 'OPTIC', 'BENCH', 'English'];
/** Key caps as printed on the keyboard. */
const KEYS = ['Ctrl', 'Shift', 'Alt', 'Enter', 'Esc', 'Tab', 'Home', 'End', 'PageUp', 'PageDown', 'Ctrl+P', 'Ctrl+S', 'Ctrl+L', 'Ctrl+1', 'Ctrl+2', 'Ctrl+3', 'Ctrl+4', 'Ctrl+5', 'F1', 'R'];

export const BASE_ALLOW: readonly string[] = [...UNITS, ...STANDARDS, ...PROGRAMMERS_AND_ENGINES, ...NAMES, ...KEYS];

/** Latin-script words as a reader sees them: "SFF-8472", "Gb/s", "TX_FAULT" are one each. */
export function latinWords(text: string): string[] {
  // File and device paths (/dev/ttyUSB0, /tmp/...) are the machine's names, not words.
  const noPaths = text.replace(/(^|[\s(（])\/[^\s)）]+/g, '$1');
  // "SFP/SFP+/SFP28" is three names; "Gb/s" stays one unit.
  return (noPaths.match(/[0-9]*[A-Za-z][A-Za-z0-9]*(?:[-_/+.][0-9]*[A-Za-z0-9]+)*\+?/g) ?? []).flatMap((w) => (w === 'Gb/s' || w === 'ps/nm' ? [w] : w.split('/').filter((x) => /[A-Za-z]/.test(x))));
}

/**
 * Bytes shown as hex ("A0h", "0x7F", "3c", a SHA-256) are the module's or the record's values,
 * and a single letter is a key cap or a character of the hex view's ASCII column, not a word.
 */
function isValueToken(w: string): boolean {
  if (w.length === 1) return true;
  // The tail of a number in scientific notation ("3.40e-7" reads as "40e-7"): a value.
  if (/^\d+e-?\d+$/.test(w)) return true;
  if (/^0x[0-9A-Fa-f]+$/.test(w) || /^[0-9A-Fa-f]{2}$/.test(w) || /^[0-9a-f]{8,}$/.test(w) || /^[0-9a-f]{3}$/.test(w)) return true;
  return /^[0-9A-F]{1,8}h$/.test(w) || (/^[0-9A-F]{1,8}$/.test(w) && /[0-9]/.test(w));
}

export class LatinAllow {
  private readonly words = new Set<string>();
  constructor(extra: Iterable<string> = []) {
    this.add(BASE_ALLOW);
    this.add(extra);
  }
  /** Values the spec used (names typed, serials read): each of their words is allowed. */
  add(values: Iterable<string | null | undefined>): this {
    for (const v of values) {
      if (!v) continue;
      this.words.add(v.trim());
      for (const w of latinWords(v)) this.words.add(w);
    }
    return this;
  }
  allows(w: string): boolean {
    if (this.words.has(w) || isValueToken(w)) return true;
    // A key combination as printed on the key caps: "Alt+R", "Ctrl+Shift+L", "Alt+" (of "Alt+/").
    if (/^(?:(?:Ctrl|Alt|Shift)\+)+(?:[A-Z0-9]|F\d{1,2})?$/.test(w)) return true;
    // A unit glued to a value's suffix ("Tx1", "Rx8", "lane" numbers) or "SFF-8472"'s revision names.
    const m = /^(Tx|Rx|TX|RX)\d+$/.exec(w);
    return m !== null;
  }
}

/**
 * Everything a person sees or hears on the page: the rendered text (visible elements only,
 * innerText), aria-labels, titles, placeholders and alt texts of visible elements, and the text
 * of same-origin frames (the report preview is a frame of srcdoc).
 */
export async function visibleText(page: Page): Promise<string> {
  const parts: string[] = [];
  for (const frame of page.frames()) parts.push(await frameText(frame));
  return parts.join('\n');
}

async function frameText(frame: Frame): Promise<string> {
  return frame.evaluate(() => {
    const out = [document.body?.innerText ?? ''];
    for (const el of Array.from(document.querySelectorAll('[aria-label], [title], [placeholder], img[alt]'))) {
      const box = (el as HTMLElement).getBoundingClientRect();
      if (box.width === 0 && box.height === 0 && el.tagName !== 'svg') continue;
      for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
    }
    out.push(document.title);
    return out.join('\n');
  }).catch(() => '');
}

export interface Leak {
  word: string;
  screen: string;
  context: string;
}

/** The Latin-script words of `text` not allowed, each with the line it stood in. */
export function leaksIn(text: string, allow: LatinAllow, screen: string): Leak[] {
  const out: Leak[] = [];
  for (const line of text.split('\n')) {
    for (const w of latinWords(line)) {
      if (!allow.allows(w)) out.push({ word: w, screen, context: line.trim().slice(0, 120) });
    }
  }
  return out;
}

/**
 * Buttons, labels, tabs, headers and badges whose Chinese text does not fit: clipped (overflow
 * hidden and wider inside than out) or wrapped one character per line (taller than two lines
 * while narrower than three characters), as "报告" and "查看" once were.
 */
export async function clippedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const sel = 'button, label, [role="tab"], th, .badge, .status-badge, nav a, summary, legend';
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(sel))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const text = el.innerText.trim();
      if (text.length === 0) continue;
      const cs = getComputedStyle(el);
      const clips = cs.overflowX === 'hidden' || cs.overflowX === 'clip' || cs.textOverflow === 'ellipsis';
      if (clips && el.scrollWidth > el.clientWidth + 1) bad.push(`clipped: ${el.tagName.toLowerCase()} "${text.slice(0, 40)}"`);
      const fontSize = parseFloat(cs.fontSize);
      const line = cs.lineHeight === 'normal' ? fontSize * 1.3 : parseFloat(cs.lineHeight);
      const firstLine = text.split('\n')[0] ?? '';
      if (firstLine.length >= 2 && r.height > line * 2.2 + parseFloat(cs.paddingTop) + parseFloat(cs.paddingBottom) && r.width < fontSize * 2.6 + parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight)) {
        bad.push(`one character a line: ${el.tagName.toLowerCase()} "${firstLine.slice(0, 40)}"`);
      }
    }
    return bad;
  });
}
