// Records for the Repairs / Supervision / Statistics end-to-end specs, made the way the app makes
// them: through window.bench in the page (so the same spec runs in the harness and in Electron),
// deliveries through the real CSV import and its file dialog, the operator through Settings.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { BenchApi } from '../../preload/contract/api';
import type { Customer, Technician } from '../../preload/contract/records';
import type { OpenedApp } from './e2e';

declare global {
  interface Window {
    bench: BenchApi;
  }
}

export const OPERATOR = 'E2E Operator';
export const STATION = 'Bench E2E';

export interface Staff {
  customers: Customer[];
  technicians: Technician[];
}

const STAFF = [
  ['lwei', 'Li Wei', 'technician'],
  ['zmin', 'Zhang Min', 'technician'],
  ['hqiang', 'Huang Qiang', 'supervisor'],
  ['zhao', 'Zhao Lei', 'engineering-manager'],
] as const;
const CUSTOMERS = ['Northwind Telecom', 'Harbour Data Centre'];

/** Customers and staff created through the app's own channels. */
export async function seedStaff(page: Page): Promise<Staff> {
  // No helper functions inside evaluate: the page gets the function's text, nothing around it.
  const results = await page.evaluate(async ({ actor, customers, staff }) => {
    const out: unknown[] = [];
    for (const name of customers) out.push(await window.bench.customers.create({ name, actor }));
    for (const [code, name, role] of staff) out.push(await window.bench.technicians.create({ code, name, role, actor }));
    return out;
  }, { actor: OPERATOR, customers: CUSTOMERS, staff: STAFF });
  const values = results.map((r) => {
    const res = r as { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
    if (!res.ok) throw new Error(`seeding failed: ${res.error.code}: ${res.error.message}`);
    return res.value;
  });
  return { customers: values.slice(0, CUSTOMERS.length) as Customer[], technicians: values.slice(CUSTOMERS.length) as Technician[] };
}

/** Deliveries through Settings' CSV import channel: the file dialog is answered with a temp CSV. */
export async function importDeliveries(app: OpenedApp, rows: { serial: string; customer: string; deliveredOn: string }[]): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'optic-bench-deliveries-'));
  const file = path.join(dir, 'deliveries.csv');
  try {
    await writeFile(file, `serial,customer,delivered_on\n${rows.map((r) => `${r.serial},${r.customer},${r.deliveredOn}`).join('\n')}\n`);
    await app.chooseFile(file);
    const result = await app.page.evaluate((actor) => window.bench.deliveries.import({ actor }), OPERATOR);
    if (!result.ok || result.value.canceled) throw new Error(`deliveries import failed: ${JSON.stringify(result)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Station and operator through the Settings screen, as a technician starting the shift does. */
export async function setOperator(page: Page): Promise<void> {
  await page.evaluate(() => { window.location.hash = '/settings'; });
  await page.getByTestId('station-input').fill(STATION);
  await page.getByTestId('operator-input').fill(OPERATOR);
  await page.getByTestId('operator-input').press('Enter');
  await page.getByTestId('status-operator').filter({ hasText: OPERATOR }).waitFor();
}

export async function goTo(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => { window.location.hash = h; }, hash);
}

/** A calendar day `days` before today (UTC), YYYY-MM-DD. */
export function daysAgo(days: number, now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

export const SCREENSHOT_DIR = path.resolve(__dirname, '../../test-output/screenshots');
