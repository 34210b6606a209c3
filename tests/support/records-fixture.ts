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

export interface QuickCase {
  rma: string;
  serial: string;
  /** Simulated-bench module read as the before-repair evidence. */
  module: string;
  customerId: number;
  technicianId: number;
}

/**
 * A case taken to an end status through the app's channels, quickly: created, diagnosed, read on
 * the simulated bench, and decided with a human cause, so the policy rejects it (not covered) and
 * the case ends today. Used where a spec needs finished cases, not the workflow itself.
 */
export async function caseRejectedToday(page: Page, c: QuickCase): Promise<number> {
  const r = await page.evaluate(async ({ c, actor, station }) => {
    const steps: string[] = [];
    const created = await window.bench.cases.create({
      rmaNumber: c.rma, customerId: c.customerId, moduleSerial: c.serial, notificationChannel: 'written',
      notifiedAt: new Date(Date.now() - 86_400_000).toISOString(), notifiedBy: 'Customer QA', complaintText: 'Damaged latch.',
      technicianId: c.technicianId, actor,
    });
    if (!created.ok) return { error: `create: ${created.error.message}` };
    const id = created.value.id;
    const t1 = await window.bench.cases.transition({ caseId: id, to: 'diagnosing', actor });
    if (!t1.ok) return { error: `diagnosing: ${t1.error.message}` };
    const read = await window.bench.bench.read({ programmer: { kind: 'sim', module: c.module }, rxLightSource: true });
    if (!read.ok) return { error: `read: ${read.error.message}` };
    const run = await window.bench.testRuns.record({ readId: read.value.readId, role: 'before-repair', caseId: id, station, operator: actor, moduleSerial: c.serial });
    if (!run.ok) return { error: `record: ${run.error.message}` };
    const t2 = await window.bench.cases.transition({ caseId: id, to: 'awaiting-decision', actor });
    if (!t2.ok) return { error: `awaiting: ${t2.error.message}` };
    const d = await window.bench.cases.decide({ caseId: id, cause: 'human', actor });
    if (!d.ok) return { error: `decide: ${d.error.message}` };
    steps.push(d.value.status);
    return { id, steps };
  }, { c, actor: OPERATOR, station: STATION });
  if ('error' in r) throw new Error(`caseRejectedToday ${c.rma}: ${r.error}`);
  return r.id as number;
}
