// Records for the Repairs / Supervision / Statistics end-to-end specs, made the way the app makes
// them: through window.bench in the page (so the same spec runs in the harness and in Electron),
// deliveries through the real CSV import and its file dialog, the operator through Settings.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { BenchApi } from '../../preload/contract/api';
import type { Customer, Technician } from '../../preload/contract/records';
import { loadSimulatedModule } from '../../main/hardware/sim-library';
import { E2E_MANAGER, type OpenedApp } from './e2e';

declare global {
  interface Window {
    bench: BenchApi;
  }
}

/** Who the specs work as: the harness signs E2E_MANAGER in (tests/support/e2e.ts). */
export const OPERATOR = E2E_MANAGER.label;
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
  // No actor anywhere: main records them under the signed-in person.
  const results = await page.evaluate(async ({ customers, staff }) => {
    const out: unknown[] = [];
    for (const name of customers) out.push(await window.bench.customers.create({ name }));
    for (const [code, name, role] of staff) out.push(await window.bench.technicians.create({ code, name, role }));
    return out;
  }, { customers: CUSTOMERS, staff: STAFF });
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
    const result = await app.page.evaluate(() => window.bench.deliveries.import());
    if (!result.ok || result.value.canceled) throw new Error(`deliveries import failed: ${JSON.stringify(result)}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The station's name through the Settings screen (who works at it is the signed-in person). */
export async function setOperator(page: Page): Promise<void> {
  await page.evaluate(() => { window.location.hash = '/settings'; });
  await page.getByTestId('station-input').fill(STATION);
  await page.getByTestId('station-input').press('Enter');
  await page.getByTestId('status-station').filter({ hasText: STATION }).waitFor();
}

/** The port of the harness's emulated programmer, after an enumeration that lists it (main opens no other). */
export async function emulatedPort(app: OpenedApp): Promise<string> {
  const device = app.harness?.emulator?.devicePath;
  if (device === undefined) throw new Error('the harness has no emulated programmer (HarnessOptions.programmer)');
  const ports = await app.page.evaluate(() => window.bench.ports.list());
  if (!ports.ok) throw new Error(`ports:list: ${ports.error.message}`);
  if (!ports.value.some((x) => x.path === device && x.kind !== null)) throw new Error(`${device} is not among the listed ports`);
  return device;
}

/** A simulated library module's image, to seat in the emulated programmer's cage. */
export async function moduleImage(name: string): Promise<Uint8Array> {
  return (await loadSimulatedModule(name, path.resolve(__dirname, '../../resources/modules'))).image;
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
 * the harness's emulated programmer (the only kind of read a decision may rest on), and decided
 * with a human cause, so the policy rejects it (not covered) and the case ends today. Used where
 * a spec needs finished cases, not the workflow itself. The harness must have `programmer`.
 */
export async function caseRejectedToday(app: OpenedApp, c: QuickCase): Promise<number> {
  const emulator = app.harness?.emulator;
  if (!emulator) throw new Error('caseRejectedToday needs the harness with an emulated programmer');
  const image = await moduleImage(c.module);
  emulator.insertModule(image);
  const port = await emulatedPort(app);
  const r = await app.page.evaluate(async ({ c, port }) => {
    const steps: string[] = [];
    const created = await window.bench.cases.create({
      rmaNumber: c.rma, customerId: c.customerId, moduleSerial: c.serial, notificationChannel: 'written',
      notifiedAt: new Date(Date.now() - 86_400_000).toISOString(), notifiedBy: 'Customer QA', complaintText: 'Damaged latch.',
      technicianId: c.technicianId,
    });
    if (!created.ok) return { error: `create: ${created.error.message}` };
    const id = created.value.id;
    const t1 = await window.bench.cases.transition({ caseId: id, to: 'diagnosing' });
    if (!t1.ok) return { error: `diagnosing: ${t1.error.message}` };
    const read = await window.bench.bench.read({ programmer: { kind: 'buspirate', path: port }, rxLightSource: true });
    if (!read.ok) return { error: `read: ${read.error.message}` };
    // The module's memory gives the library serial; the case is for c.serial: a supervisor's reason (the signed-in manager's).
    const run = await window.bench.testRuns.record({ readId: read.value.readId, role: 'before-repair', caseId: id, moduleSerial: c.serial, serialOverride: { reason: 'Test fixture: one library module stands in for many serials' } });
    if (!run.ok) return { error: `record: ${run.error.message}` };
    const t2 = await window.bench.cases.transition({ caseId: id, to: 'awaiting-decision' });
    if (!t2.ok) return { error: `awaiting: ${t2.error.message}` };
    const d = await window.bench.cases.decide({ caseId: id, cause: 'human' });
    if (!d.ok) return { error: `decide: ${d.error.message}` };
    steps.push(d.value.status);
    return { id, steps };
  }, { c, port });
  if ('error' in r) throw new Error(`caseRejectedToday ${c.rma}: ${r.error}`);
  return r.id as number;
}
