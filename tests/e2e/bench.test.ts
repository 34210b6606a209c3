// The Bench screen end to end in real Chromium: the technician's read → verdict → evidence path,
// driven through the UI only (clicks and keys), against the real services and the simulated bench.
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { BenchApi } from '../../preload/contract/api';
import { E2E_MANAGER, E2E_STATION, describeApp, type OpenedApp } from '../support/e2e';
import { pickSim, readVia, screenshot } from './bench-helpers';

describeApp('bench screen', ({ open }) => {
  let app: OpenedApp;
  let dialogs: string[];
  beforeAll(async () => {
    app = await open({ viewport: { width: 1440, height: 960 } });
    dialogs = [];
    app.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });
  afterAll(async () => {
    await app?.close();
  });
  beforeEach(async () => {
    // Each case starts from the bench with no result, as after "Next module".
    await app.page.reload();
    await app.page.waitForSelector('[data-testid="read-button"]');
  });

  it('shows FAIL with the reason for a module whose laser has aged (weak-tx)', async () => {
    const { page } = app;
    await pickSim(page, 'weak-tx');
    await readVia(page);
    const overall = page.locator('[data-testid="overall-verdict"]');
    expect(await overall.getAttribute('data-verdict')).toBe('fail');
    // Colour is not the only carrier: the word and the cross are there as text.
    expect(await overall.innerText()).toMatch(/✖\s*FAIL/);
    const row = page.locator('tr[data-parameter="txPowerDbm"][data-status="fail"]').first();
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toMatch(/dBm/);
    expect(text).toMatch(/below|min/i);
    expect(text).toMatch(/profile|IEEE/i);
  });

  it('shows PASS for a healthy module (good-10g-sr) with its identity and integrity checks', async () => {
    const { page } = app;
    await pickSim(page, 'good-10g-sr');
    await readVia(page);
    expect(await page.getAttribute('[data-testid="overall-verdict"]', 'data-verdict')).toBe('pass');
    expect(await page.locator('tr[data-status="fail"]').count()).toBe(0);
    expect((await page.innerText('[data-testid="identity-serial-number"]')).trim().length).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="integrity"] li[data-check="checksumBase"][data-status="pass"]').count()).toBe(1);
    expect(app.pageErrors).toEqual([]);
  });

  it('highlights the bytes of a field chosen in the field list, and selects a field from a byte', async () => {
    const { page } = app;
    await pickSim(page, 'good-10g-sr');
    await readVia(page);
    const bgOf = (offset: number) =>
      page.$eval(`[data-testid="hex-grid"] .hex__byte[data-offset="${offset}"]`, (el) => getComputedStyle(el).backgroundColor);
    const plain = await bgOf(20);
    // Vendor name is A0h bytes 20-35 (SFF-8472 table 4-1).
    await page.hover('.hex__field[data-field="A0h:vendor-name"]');
    expect(await bgOf(20)).not.toBe(plain);
    expect(await bgOf(35)).not.toBe(plain);
    expect(await bgOf(36)).toBe(plain);
    expect(await page.innerText('[data-testid="hex-active"]')).toMatch(/Vendor name.*20.*35/);
    // Clicking a byte of the serial number (bytes 68-83) selects that field and keeps it highlighted.
    await page.click('[data-testid="hex-grid"] .hex__byte[data-offset="70"]');
    await page.mouse.move(0, 0);
    expect(await page.getAttribute('.hex__field[data-field="A0h:vendor-sn"]', 'aria-selected')).toBe('true');
    expect(await bgOf(68)).not.toBe(plain);
    expect(await bgOf(20)).toBe(plain);
    // Without a mouse: arrow keys walk the field list and the focused field is highlighted.
    await page.focus('.hex__field[data-field="A0h:vendor-name"]');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-field'))).toBe('A0h:transceiver-ext');
    expect(await page.innerText('[data-testid="hex-active"]')).toMatch(/A0h 36/);
  });

  it('shows a markup vendor name as text: no element is created and no dialog fires', async () => {
    const { page } = app;
    await pickSim(page, 'hostile-vendor-name');
    await readVia(page);
    const vendor = await page.innerText('[data-testid="identity-vendor"]');
    expect(vendor).toMatch(/^<(img|svg)[^>]*>$/);
    expect(await page.locator('img[src="x"], img[onerror], svg[onload]').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });

  it('runs the bench by keyboard only: R reads, N clears for the next module, Enter reads again', async () => {
    const { page } = app;
    await pickSim(page, 'hot-module');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('r');
    await page.waitForSelector('[data-testid="overall-verdict"]', { timeout: 15_000 });
    expect(await page.getAttribute('[data-testid="overall-verdict"]', 'data-verdict')).toBe('fail');
    await page.keyboard.press('n');
    await page.waitForSelector('[data-testid="overall-verdict"]', { state: 'detached' });
    // After N the Read button has focus, so Enter (the scanner's terminator) reads the next one.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('read-button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="overall-verdict"]', { timeout: 15_000 });
    // The sections below the answer are drawn a moment after it (useDeferredValue).
    await page.waitForSelector('#bench-identity', { timeout: 15_000 });
    expect(await page.locator('tr[data-parameter="temperatureC"][data-status="fail"]').count()).toBe(1);
  });

  it('says "No module detected" with what to do when the socket is empty, and reads normally once a module is seated', async () => {
    const { page } = app;
    await pickSim(page, 'empty-socket');
    // The presence check already sees the bare cage (0x50 NACKs).
    await page.waitForSelector('[data-testid="presence"].presence--absent', { timeout: 15_000 });
    await page.click('[data-testid="read-button"]');
    const alert = page.locator('.state--error[role="alert"][data-error-code="NO_MODULE"]').last();
    await alert.waitFor({ timeout: 15_000 });
    const text = await alert.innerText();
    expect(text).toMatch(/No module detected/);
    expect(text).toMatch(/seat the module.*press Read again/i);
    expect(await page.locator('[data-testid="overall-verdict"]').count()).toBe(0);
    await screenshot(page, 'bench-no-module.png');
    // Seating a module (choosing one) and pressing Read again gives a verdict, no error left over.
    await pickSim(page, 'good-10g-sr');
    await readVia(page);
    expect(await page.getAttribute('[data-testid="overall-verdict"]', 'data-verdict')).toBe('pass');
    expect(await page.locator('.state--error[data-error-code="NO_MODULE"]').count()).toBe(0);
  });

  it('attaches the read to a repair case found by scanning its RMA number, keyboard only, as the before-repair run', async () => {
    const { page } = app;
    await pickSim(page, 'weak-tx');
    await readVia(page);
    const serial = (await page.innerText('[data-testid="identity-serial-number"]')).trim();
    // The case the module came back under, created through the same bridge the screens use.
    const caseId = await page.evaluate(async (moduleSerial) => {
      const b = (window as unknown as { bench: BenchApi }).bench;
      const c = await b.customers.create({ name: 'Northwind Telecom' });
      if (!c.ok) throw new Error(c.error.message);
      const rc = await b.cases.create({
        rmaNumber: 'RMA-E2E-0001', customerId: c.value.id, moduleSerial, notificationChannel: 'written',
        notifiedAt: new Date().toISOString(), notifiedBy: 'NOC desk', complaintText: 'link flaps',
      });
      if (!rc.ok) throw new Error(rc.error.message);
      return rc.value.id;
    }, serial);
    // The station is named once in Settings (every run records it), keyboard only; the operator
    // is whoever is signed in, never a name typed into a field.
    await page.keyboard.press('Control+5');
    await page.focus('[data-testid="station-input"]');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Bench 3');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid="status-station"]')?.textContent === 'Bench 3');
    await page.keyboard.press('Control+1');
    await page.waitForSelector('[data-testid="overall-verdict"]');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    // No open case had this serial when it was read: A asks for the case.
    await page.keyboard.press('a');
    await page.waitForSelector('[data-testid="attach-query"]');
    // The dialog's search field has the focus (not its close button, which Enter would press).
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('attach-query');
    // The scanner types the RMA label and ends with Enter; Enter again takes the highlighted case.
    await page.fill('[data-testid="attach-query"]', '');
    await page.keyboard.type('RMA-E2E-0001');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="attach-results"] [data-rma="RMA-E2E-0001"][aria-selected="true"]');
    await page.keyboard.press('Enter');
    // Back on the bench, the Attach button for that case has the focus: Enter attaches.
    await page.locator('[data-testid="attach-choice"][data-rma="RMA-E2E-0001"]').waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'attach-button');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="attach-recorded"]');
    expect(await page.innerText('[data-testid="attach-recorded"]')).toContain('RMA-E2E-0001');
    // The focus is on the confirmation: one more Enter does nothing (it once cleared the result).
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('attach-recorded');
    await page.keyboard.press('Enter');
    expect(await page.locator('[data-testid="overall-verdict"]').count()).toBe(1);
    const runs = await page.evaluate(async (id) => {
      const b = (window as unknown as { bench: BenchApi }).bench;
      return b.testRuns.list({ caseId: id });
    }, caseId);
    expect(runs.ok).toBe(true);
    if (!runs.ok) return;
    expect(runs.value).toHaveLength(1);
    // A simulated read: stored when it was read (at the station named then), as training (the
    // case page says so too), and attached once.
    expect(runs.value[0]).toMatchObject({ role: 'before-repair', overall: 'fail', station: E2E_STATION, operator: E2E_MANAGER.label, moduleSerial: serial, source: 'simulated' });
  });

  it('judges a four-lane QSFP28 per lane and shows its page 03h thresholds in the hex view', async () => {
    const { page } = app;
    await pickSim(page, 'qsfp28-sr4');
    await readVia(page);
    expect(await page.getAttribute('[data-testid="overall-verdict"]', 'data-verdict')).toBe('pass');
    // Tx power is judged lane by lane (100GBASE-SR4 limits apply to each lane), in the verdict
    // table and in the lane grid (four lanes across).
    expect(await page.locator('.verdict-table tr[data-parameter="txPowerDbm"]').count()).toBe(4);
    expect(await page.getAttribute('[data-testid="lane-grid"]', 'data-lanes')).toBe('4');
    expect(await page.locator('[data-testid="lane-grid"] tr[data-parameter="txPowerDbm"] td[data-status="pass"]').count()).toBe(4);
    await page.hover('.hex__field[data-field="03h:thr-temperature"]');
    expect(await page.innerText('[data-testid="hex-active"]')).toMatch(/03h 128-135.*512.*519/);
  });

  it('plots the live monitor with min/max per lane and the spec limit lines, then saves the screenshot', async () => {
    const { page } = app;
    await pickSim(page, 'weak-tx');
    await readVia(page);
    await page.keyboard.press('m');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="monitor-txPowerDbm"] path.recharts-curve').length > 0, null, { timeout: 15_000 });
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="min-txPowerDbm_1"]')?.textContent ?? ''), null, { timeout: 15_000 });
    expect(await page.innerText('[data-testid="min-txPowerDbm_1"]')).toMatch(/dBm/);
    // The limit lines of the verdict are drawn: Tx power has a spec minimum.
    expect(await page.locator('[data-testid="monitor-txPowerDbm"] .recharts-reference-line').count()).toBeGreaterThan(0);
    await page.waitForFunction(() => /(^|\D)([5-9]|\d\d+) samples/.test(document.querySelector('[data-testid="monitor"]')?.textContent ?? ''), null, { timeout: 15_000 });
    // A selected field stays highlighted in the picture (hover would not survive the capture).
    await page.click('.hex__field[data-field="A0h:vendor-pn"]');
    await page.mouse.move(0, 0);
    await screenshot(page, 'bench-result.png');
    await page.keyboard.press('m');
    expect(app.pageErrors).toEqual([]);
  });
});

describeApp('bench read cancel', ({ open }) => {
  let app: OpenedApp;
  beforeAll(async () => {
    // Paced like a real programmer, so a read is still in flight when Esc arrives.
    app = await open({ harness: { simRealisticDelay: true } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('cancels a read in flight with Esc and says so calmly: a cancelled read is not a failure', async () => {
    const { page } = app;
    // Reads start by hand here: a seated module read by itself would start again after the cancel.
    await page.waitForSelector('[data-testid="auto-read"]');
    if (await page.isChecked('[data-testid="auto-read"]')) await page.click('[data-testid="auto-read"]');
    await page.waitForSelector('[data-testid="overall-verdict"], [data-testid="read-button"]:not([disabled])');
    await page.waitForSelector('[data-testid="read-button"]:not([disabled])', { timeout: 15_000 });
    await pickSim(page, 'qsfp28-sr4');
    await page.waitForSelector('[data-testid="presence"][data-state="seated"]', { timeout: 15_000 });
    // Read and Esc from inside the page, so no round trip to the test runner sits between them.
    await page.evaluate(async () => {
      (document.querySelector('[data-testid="read-button"]') as HTMLButtonElement).click();
      // Esc as soon as the screen shows the read in progress (the moment a technician could press it).
      while (!document.querySelector('[data-testid="read-progress"]')) await new Promise((r) => requestAnimationFrame(r));
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    await page.locator('.notice[role="status"]').waitFor({ timeout: 15_000 });
    expect(await page.innerText('.notice[role="status"]')).toMatch(/cancelled/i);
    expect(await page.locator('.state--error').count()).toBe(0);
    expect(await page.locator('[data-testid="overall-verdict"]').count()).toBe(0);
    expect(app.harness === null || app.harness.calls.includes('bench:cancel')).toBe(true);
  });
});
