// The Settings screen end to end: station and operator (recorded with every test run), limit
// profiles viewed and versioned (never rewritten), technicians added, a backup through main's dialog.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { E2E_MANAGER, describeApp, type OpenedApp } from '../support/e2e';
import { screenshot } from './bench-helpers';

describeApp('settings screen', ({ runtime, open }) => {
  let app: OpenedApp;
  let tmp: string;
  beforeAll(async () => {
    app = await open({ viewport: { width: 1440, height: 960 } });
    tmp = await mkdtemp(path.join(os.tmpdir(), 'optic-bench-settings-'));
    await app.page.waitForSelector('nav');
    await app.page.click('nav >> text=Settings');
    await app.page.waitForSelector('[data-testid="station-input"]');
  });
  afterAll(async () => {
    await app?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('saves the station to the status bar; the operator is the signed-in person, with no field to type another name', async () => {
    const { page } = app;
    await page.fill('[data-testid="station-input"]', 'Bench 2');
    await page.click('[data-testid="station-save"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="status-station"]')?.textContent === 'Bench 2');
    expect(await page.innerText('[data-testid="status-operator"]')).toBe(E2E_MANAGER.label);
    expect(await page.locator('[data-testid="operator-input"]').count()).toBe(0);
    expect(await page.isDisabled('[data-testid="technician-add"]')).toBe(false);
    // Main keeps the station and the session, not the page: a reload shows the same values.
    await page.reload();
    await page.waitForFunction(() => document.querySelector('[data-testid="status-station"]')?.textContent === 'Bench 2');
    expect(await page.innerText('[data-testid="status-operator"]')).toBe(E2E_MANAGER.label);
    await page.click('nav >> text=Settings');
  });

  it('lists the shipped limit profiles and shows one with its source and limits', async () => {
    const { page } = app;
    const row = page.locator('[data-profile="ieee-10gbase-sr@1"]');
    await row.waitFor();
    await row.locator('button').click();
    const detail = page.locator('[data-testid="profile-detail"]');
    await detail.waitFor();
    expect(await detail.innerText()).toMatch(/IEEE 802\.3/);
    expect(await detail.innerText()).toMatch(/Tx power/);
  });

  it('saves an edited profile as a new version and keeps the old one', async () => {
    const { page } = app;
    await page.click('[data-testid="profile-new-version"]');
    const draft = page.locator('[data-testid="profile-draft"]');
    await draft.waitFor();
    // The shipped profile already has v2 (it added the OMA figures), so the draft is v3.
    expect(await draft.innerText()).toContain('v3');
    // A warning band outside its spec limit is refused before anything is sent.
    await draft.getByLabel('Tx power Warn min').fill('-9');
    await draft.locator('button[type="submit"]').click();
    await draft.locator('.field-error').waitFor();
    expect(await draft.locator('.field-error').innerText()).toMatch(/warnMin/);
    await draft.getByLabel('Tx power Warn min').fill('-6.5');
    await draft.locator('button[type="submit"]').click();
    await page.locator('[data-testid="settings-notice"]').waitFor();
    expect(await page.locator('[data-profile="ieee-10gbase-sr@3"]').count()).toBe(1);
    expect(await page.locator('[data-profile="ieee-10gbase-sr@2"]').count()).toBe(1);
    expect(await page.locator('[data-profile="ieee-10gbase-sr@1"]').count()).toBe(1);
  });

  // Harness only: it scripts main's file dialog (harness.dialogs); the Electron variant would show a real one.
  it.skipIf(runtime !== 'harness')('imports a profile file chosen in the open dialog and lists it', async () => {
    const { page } = app;
    // A shipped file holds every version of its profile (an array); the customer's file is one profile.
    const [shipped] = JSON.parse(await readFile(path.join(__dirname, '..', '..', 'resources', 'limits', 'ieee-10gbase-lr.json'), 'utf8')) as Array<Record<string, unknown>>;
    const file = path.join(tmp, 'customer-lr.json');
    await writeFile(file, JSON.stringify({ ...shipped, id: 'customer-10g-lr', version: 1, name: 'Customer 10G LR' }));
    app.harness!.dialogs.queueOpen(file);
    await page.click('[data-testid="profiles-import"]');
    await page.locator('[data-testid="settings-notice"]', { hasText: 'customer-lr.json' }).waitFor();
    expect(await page.locator('[data-profile="customer-10g-lr@1"]').count()).toBe(1);
  });

  it('adds a technician, and refuses a code the records would not accept', async () => {
    const { page } = app;
    await page.fill('[data-testid="technician-code"]', 'bad code!');
    await page.fill('[data-testid="technician-name"]', 'Wang Fang');
    await page.click('[data-testid="technician-add"]');
    await page.locator('.technicians__add .field-error').waitFor();
    await page.fill('[data-testid="technician-code"]', 'wfang');
    await page.click('[data-testid="technician-add"]');
    await page.locator('[data-testid="technicians-table"] td.code', { hasText: 'wfang' }).waitFor();
    expect(await page.innerText('[data-testid="technicians-table"]')).toContain('Wang Fang');
    await screenshot(page, 'settings.png');
  });

  // Harness only: it scripts main's file dialog (harness.dialogs); the Electron variant would show a real one.
  it.skipIf(runtime !== 'harness')('writes a backup to the file chosen in the save dialog', async () => {
    const { page } = app;
    const target = path.join(tmp, 'optic-bench-backup.sqlite');
    app.harness!.dialogs.queueSave(target);
    await page.click('[data-testid="backup-create"]');
    await page.locator('[data-testid="settings-notice"]', { hasText: 'optic-bench-backup' }).waitFor();
    expect((await stat(target)).size).toBeGreaterThan(0);
  });
});
