// Issue 12 item 12: an outside accessibility audit runs axe-core (WCAG 2.1 A and AA) over the app
// with a magnifier or the keyboard alone in mind. This drives one harness (real Chromium, the
// emulated Bus Pirate on a socat pseudo-terminal) through every screen state a technician, their
// supervisor or the manager meets, in English and in Simplified Chinese, runs axe in each (and in
// the report preview's frame), and fails once at the end listing every violation by state, rule,
// impact and target, so one run shows the whole debt rather than the first rule hit.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { decodeModule } from '../../main/sff/index';
import { describeApp, setUpFirstManager, type OpenedApp } from '../support/e2e';
import { SCREENSHOT_DIR, daysAgo, emulatedPort, goTo, importDeliveries, moduleImage, seedStaff, type Staff } from '../support/records-fixture';

const TIMEOUT = 240_000;
const VIEW = { width: 1366, height: 768 };
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface Violation {
  state: string;
  rule: string;
  impact: string;
  target: string;
  summary: string;
}

async function axeIn(frame: Page): Promise<Omit<Violation, 'state'>[]> {
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(AXE_SOURCE);
  return frame.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: { id: string; impact?: string | null; nodes: { target: unknown[]; failureSummary?: string }[] }[] }> } }).axe;
    // iframes: false: each frame is audited on its own below (the report preview is a srcdoc frame).
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'], iframes: false });
    return r.violations.flatMap((v) =>
      v.nodes.map((n) => ({ rule: v.id, impact: v.impact ?? '', target: n.target.map(String).join(' > '), summary: (n.failureSummary ?? '').split('\n').slice(0, 2).join(' ') })),
    );
  }, WCAG_TAGS);
}

describeApp('accessibility: axe-core WCAG 2.1 A/AA over every screen state, English and Chinese', ({ open }) => {
  let app: OpenedApp;
  let staff: Staff;
  let port: string;
  const found: Violation[] = [];
  const audited: string[] = [];
  let lastMark = Date.now();

  async function audit(state: string): Promise<void> {
    const { page } = app;
    // Settle: no pending animation frames of the charts or transitions between states.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const lang = await page.evaluate(() => document.documentElement.lang);
    const name = `${lang} ${state}`;
    audited.push(name);
    const t0 = Date.now();
    for (const v of await axeIn(page)) found.push({ state: name, ...v });
    if (process.env.A11Y_TIMING) console.log(`TIMING ${String(t0 - lastMark).padStart(6)} ms before, axe ${String(Date.now() - t0).padStart(5)} ms | ${name}`);
    lastMark = Date.now();
    // The report preview is a sandboxed srcdoc frame (no scripts may run in it, by design): its
    // document is audited in a page of its own, as it is printed and saved.
    for (const html of await page.locator('iframe[srcdoc]').evaluateAll((els) => els.map((e) => (e as HTMLIFrameElement).srcdoc))) {
      const own = await page.context().newPage();
      try {
        await own.setContent(html);
        for (const v of await axeIn(own)) found.push({ state: `${name} (report document)`, ...v });
      } finally {
        await own.close();
      }
    }
  }

  async function seat(module: string | null): Promise<string | null> {
    if (module === null) {
      app.harness?.emulator?.insertModule(null);
      return null;
    }
    const image = await moduleImage(module);
    app.harness?.emulator?.insertModule(image);
    return decodeModule(image).vendor.serialNumber;
  }

  async function answerOf(serial: string): Promise<void> {
    await app.page.locator('[data-testid="answer-serial"]').filter({ hasText: serial }).waitFor({ timeout: 30_000 });
    await app.page.waitForSelector('#bench-identity', { timeout: 15_000 });
  }

  async function toBench(): Promise<void> {
    await goTo(app.page, '/bench');
    await app.page.getByTestId('programmer-select').waitFor();
    const select = app.page.getByTestId('programmer-select');
    if ((await select.inputValue()) !== `buspirate:${port}`) await select.selectOption(`buspirate:${port}`);
    // After a sign-out and back in, or a quick return to the bench, the cage watch was seen stuck
    // "looking" or the programmer not answering (left alone here and reported; this spec is about
    // what is on screen): the watch is started again the way a technician does, by its own button.
    const known = app.page.locator('[data-testid="presence"][data-state="empty"], [data-testid="presence"][data-state="seated"]');
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await known.first().waitFor({ timeout: 8_000 });
        return;
      } catch {
        const retry = app.page.locator('[data-testid="presence"] button');
        if ((await retry.count()) > 0) await retry.click();
        else {
          await select.selectOption('sim:');
          await app.page.locator('[data-testid="answer"]').waitFor({ timeout: 15_000 }).catch(() => undefined);
          await select.selectOption(`buspirate:${port}`);
        }
      }
    }
    await known.first().waitFor({ timeout: 15_000 });
  }

  async function newCase(rma: string, serial: string): Promise<number> {
    return app.page.evaluate(async ({ rma, serial, customerId, technicianId }) => {
      const c = await window.bench.cases.create({
        rmaNumber: rma, customerId, moduleSerial: serial, notificationChannel: 'telephone',
        notifiedAt: new Date(Date.now() - 3_600_000).toISOString(), notifiedBy: 'NOC', complaintText: 'Low optical power alarm', technicianId,
      });
      if (!c.ok) throw new Error(c.error.message);
      return c.value.id;
    }, { rma, serial, customerId: staff.customers[0]!.id, technicianId: staff.technicians[0]!.id });
  }

  async function caseAt(id: number, status: string): Promise<void> {
    await goTo(app.page, `/repairs/case/${id}`);
    await app.page.locator(`[data-testid="case-status"][data-status="${status}"]`).waitFor({ timeout: 30_000 });
  }

  /** Every state, in the language the app shows now. `round` keeps the records of two walks apart. */
  async function walk(round: string): Promise<void> {
    const { page } = app;
    // The sign-in screen: signed out and back in.
    await page.getByTestId('sign-out-button').click();
    await page.locator('[data-testid="session-gate"][data-state="signed-out"]').waitFor();
    await audit('sign-in');
    await page.getByTestId('sign-in-person').selectOption({ index: 1 }).catch(() => undefined);
    await signInAsManager(page);

    // Case list empty (first round) and, later, full.
    await goTo(page, '/repairs');
    await page.locator('[data-testid="list-empty"], [data-testid="case-count"]').first().waitFor();
    await audit(round === 'en' ? 'case list, empty' : 'case list, a few cases');

    // Intake with errors: submitted empty.
    await goTo(page, '/repairs/new');
    await page.locator('#intake-rma').waitFor();
    await page.locator('form button[type="submit"]').last().click();
    await page.locator('[aria-invalid="true"]').first().waitFor();
    await audit('intake form with errors');

    // Bench idle, then after reads of an SFP (with its monitor and hex view) and an 8-lane module.
    await toBench();
    await page.locator('[data-testid="presence"][data-state="empty"]').waitFor({ timeout: 30_000 });
    await audit('bench idle, cage empty');
    const serial = (await seat('weak-tx')) as string;
    await answerOf(serial);
    await audit('bench after a read (SFP, failing), all sections');
    // A field chosen in the field list highlights its bytes (the grid itself is a table).
    await page.getByTestId('hex-fields').locator('[role="option"]').first().click();
    await page.getByTestId('hex-active').waitFor();
    await audit('bench, hex view with a field selected');
    if ((await page.getByTestId('monitor-toggle').count()) > 0) {
      await page.getByTestId('monitor-toggle').click();
      await page.getByTestId('monitor').locator('svg, canvas').first().waitFor({ timeout: 15_000 }).catch(() => undefined);
      await audit('bench, live monitor running');
      await page.getByTestId('monitor-toggle').click();
    }
    if ((await page.getByTestId('soak').count()) > 0) await audit('bench, soak panel');
    // Attach: the search dialog.
    if ((await page.getByTestId('attach-search').count()) > 0) {
      await page.getByTestId('attach-search').click();
      await page.getByTestId('attach-query').fill(`RMA-A11Y-${round.toUpperCase()}`);
      await page.getByTestId('attach-query').press('Enter');
      await audit('attach dialog, search results');
      await page.keyboard.press('Escape');
    }
    await seat(null);
    await page.locator('[data-testid="result-cleared"]').waitFor();
    await audit('bench, module pulled (result cleared)');
    const lanes = (await seat('qsfpdd-400g-fr4-dead-lane')) as string;
    await answerOf(lanes);
    await audit('bench after a read (QSFP-DD, 8 lanes, CMIS)');
    await seat(null);

    // A case through each status, with the decision preview and the reports.
    const id = await newCase(`RMA-A11Y-${round.toUpperCase()}`, serial);
    await caseAt(id, 'received');
    await audit('case page, received');
    await page.locator('[data-transition="diagnosing"]').click();
    await page.locator('[data-testid="case-status"][data-status="diagnosing"]').waitFor();
    await audit('case page, diagnosing');
    await toBench();
    await seat('weak-tx');
    await answerOf(serial);
    await page.locator(`[data-testid="attach-choice"][data-rma="RMA-A11Y-${round.toUpperCase()}"]`).waitFor();
    await page.getByTestId('attach-button').click();
    await page.getByTestId('attach-recorded').waitFor();
    await audit('bench, read attached to its case');
    await seat(null);
    await caseAt(id, 'diagnosing');
    await page.locator('[data-transition="awaiting-decision"]').click();
    await page.locator('[data-testid="case-status"][data-status="awaiting-decision"]').waitFor();
    await audit('case page, awaiting decision');
    await page.locator('#case-cause').selectOption('non-human');
    await page.getByTestId('decide').click();
    await page.locator('[data-testid="decision-preview"]').waitFor();
    await audit('decision preview dialog');
    await page.getByTestId('decide-confirm').click();
    await page.locator('[data-testid="case-status"][data-status="replacing"]').waitFor();
    await audit('case page, replacing');
    await page.getByTestId('open-repair-report').click();
    await page.getByTestId('report-frame').waitFor();
    await page.frameLocator('[data-testid="report-frame"]').locator('body h1, body h2').first().waitFor();
    await audit('repair report preview');
    await page.keyboard.press('Escape');
    // The replacement, tested from the case page, then verifying and closed.
    await page.getByTestId('test-replacement').click();
    await page.locator('[data-testid="bench-target"]').waitFor();
    const good = (await seat('good-10g-sr')) as string;
    await answerOf(good);
    await page.getByTestId('attach-button').click();
    await page.getByTestId('attach-recorded').waitFor();
    await seat(null);
    await caseAt(id, 'replacing');
    await page.locator('#case-action').fill('Replaced with a new module from stock');
    await page.locator('[data-transition="verifying"]').click();
    await page.locator('[data-testid="case-status"][data-status="verifying"]').waitFor();
    await audit('case page, verifying');
    await page.locator('[data-transition="closed"]').click();
    await page.locator('[data-testid="case-status"][data-status="closed"]').waitFor();
    await audit('case page, closed');

    await goTo(page, '/repairs');
    await page.getByTestId('case-count').waitFor();
    await audit('case list, with cases');

    await goTo(page, '/supervision');
    await page.getByRole('tablist').waitFor();
    for (const tab of await page.getByRole('tab').all()) {
      await tab.click();
      await audit(`supervision, tab ${await tab.getAttribute('id')}`);
    }

    await goTo(page, '/statistics');
    await page.getByTestId('stats-kpis').waitFor({ timeout: 30_000 });
    await page.locator('.chart-box, .panel .notice').first().waitFor({ timeout: 30_000 });
    await audit('statistics');

    await goTo(page, '/settings');
    await page.getByTestId('station-input').waitFor();
    await audit('settings (station, bench, technicians, limits, lab server, deliveries)');
    // The lab-server form with TLS verify-full: the CA file chooser joins it. (This step clicked a
    // mode switch the panel does not have and waited out a 30 s timeout in each language.)
    await page.getByTestId('lab-tls').selectOption('verify-full');
    await page.getByTestId('lab-choose-ca').waitFor();
    await audit('settings, lab server form');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'a11y-deliveries-'));
    try {
      const file = path.join(dir, 'deliveries.csv');
      await writeFile(file, `serial,customer,delivered_on\nSIMX1,Northwind Telecom,${daysAgo(30)}\nSIMX2,,not-a-date\n`);
      await app.chooseFile(file);
      await page.getByTestId('deliveries-choose').click();
      await page.locator('[data-testid="deliveries-preview"], [data-testid="deliveries-errors"]').first().waitFor();
      await audit('settings, deliveries preview with errors');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async function signInAsManager(page: Page): Promise<void> {
    // The option says the role too ("E2E Manager (e2e) · Engineering manager"): chosen by its value.
    const value = await page.getByTestId('sign-in-person').locator('option', { hasText: 'E2E Manager (e2e)' }).first().getAttribute('value');
    await page.getByTestId('sign-in-person').selectOption(value ?? { index: 1 });
    await page.locator('[data-testid="session-gate"] input[type="password"]').fill('135790');
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('status-operator').filter({ hasText: 'E2E Manager' }).waitFor({ timeout: 30_000 });
  }

  beforeAll(async () => {
    app = await open({ viewport: VIEW, signIn: false, harness: { programmer: { kind: 'buspirate', image: null } } });
    await audit('first start (setup)');
    await setUpFirstManager(app.page);
    staff = await seedStaff(app.page);
    await importDeliveries(app, [{ serial: 'SIM0002', customer: 'Northwind Telecom', deliveredOn: daysAgo(120) }]);
    port = await emulatedPort(app);
    await goTo(app.page, '/bench');
    await app.page.getByRole('button', { name: 'Refresh list' }).click();
    await app.page.getByTestId('programmer-select').selectOption(`buspirate:${port}`);
    // The cage watch has the programmer open before the walk signs out: one left opening the Bus
    // Pirate was still busy when the bench came back, and the first return waited 8 s for it.
    await app.page.locator('[data-testid="presence"][data-state="empty"]').waitFor({ timeout: 30_000 });
  }, TIMEOUT);
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && app) {
      await app.page.screenshot({ path: path.join(SCREENSHOT_DIR, 'failed-a11y.png') }).catch(() => undefined);
      if (found.length > 0) console.error(found.map((v) => `${v.state} | ${v.rule} (${v.impact}) | ${v.target}`).join('\n'));
      if (app.pageErrors.length > 0) console.error(app.pageErrors.join('\n'));
    }
  });
  afterAll(async () => {
    await app?.close();
  });

  it('every screen state in English and Chinese has no WCAG 2.1 A/AA violation', async () => {
    await walk('en');
    await app.page.keyboard.press('Control+l');
    await app.page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await walk('zh');
    // The list, one line per element, is the work to do; the count alone would say nothing.
    const lines = found.map((v) => `${v.state} | ${v.rule} (${v.impact}) | ${v.target} | ${v.summary}`);
    expect(audited.length, 'states audited').toBeGreaterThanOrEqual(40);
    expect(lines, `${lines.length} axe violations over ${audited.length} states`).toEqual([]);
  }, TIMEOUT * 2);

  it('the skip link is seen above the top bar when focused and takes the focus into the current screen, not to the Bench', async () => {
    const { page } = app;
    await goTo(page, '/statistics');
    await page.locator('#main-content h1, #main-content h2').first().waitFor();
    await page.getByTestId('skip-link').focus();
    const box = await page.getByTestId('skip-link').boundingBox();
    expect(box).not.toBeNull();
    // Nothing is drawn over it (it was under the sticky top bar).
    const onTop = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-testid="skip-link"]') !== null, { x: box!.x + box!.width / 2, y: box!.y + box!.height / 2 });
    expect(onTop).toBe(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => window.location.hash)).toBe('#/statistics');
    expect(await page.evaluate(() => document.getElementById('main-content')?.contains(document.activeElement) ?? false)).toBe(true);
  }, TIMEOUT);

  it('the focus ring is at least 3:1 against white, the page, the status bar and the dark top bar (WCAG 1.4.11)', async () => {
    const { page } = app;
    await goTo(page, '/settings');
    await page.getByTestId('station-input').waitFor();
    await page.getByTestId('station-input').focus();
    await page.keyboard.press('Tab');
    const colour = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineColor);
    const rgb = (colour.match(/\d+/g) ?? []).slice(0, 3).map(Number);
    expect(rgb, colour).toHaveLength(3);
    const lum = ([r, g, b]: number[]) => {
      const c = [r!, g!, b!].map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
    };
    const ratio = (a: number[], b: number[]) => {
      const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
      return (hi! + 0.05) / (lo! + 0.05);
    };
    // The surfaces of base.css and shell.css: white cards, the page, the status bar, the top bar.
    for (const surface of [[255, 255, 255], [0xf4, 0xf6, 0xf8], [0xe2, 0xe7, 0xec], [0x16, 0x20, 0x2b]]) {
      expect(ratio(rgb, surface), `${colour} on rgb(${surface.join(',')})`).toBeGreaterThanOrEqual(3);
    }
  }, TIMEOUT);

  it('after a status change the focus is on the new status (not the page body) and the change is announced', async () => {
    const { page } = app;
    const id = await newCase('RMA-A11Y-FOCUS', 'SIM0009');
    await caseAt(id, 'received');
    await page.locator('[data-transition="diagnosing"]').click();
    await page.locator('[data-testid="case-status"][data-status="diagnosing"]').waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'case-status');
    await page.getByTestId('announcer').filter({ hasText: 'RMA-A11Y-FOCUS' }).waitFor();
  }, TIMEOUT);

  it('at 200% zoom of a 1366x768 screen (683x384 CSS px) no screen scrolls sideways and the fixed bars take at most 20% of the height', async () => {
    const { page } = app;
    const problems: string[] = [];
    const check = async (screen: string) => {
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const m = await page.evaluate(() => {
        const fixed = [...document.querySelectorAll<HTMLElement>('.top-bar, .status-bar')]
          .filter((e) => ['sticky', 'fixed'].includes(getComputedStyle(e).position))
          .reduce((sum, e) => sum + e.getBoundingClientRect().height, 0);
        return { scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth, fixed, height: window.innerHeight };
      });
      if (m.scrollWidth > m.width) problems.push(`${screen}: page ${m.scrollWidth} px wide in ${m.width}`);
      if (m.fixed > m.height * 0.2) problems.push(`${screen}: fixed bars ${m.fixed} px of ${m.height}`);
    };
    const id = await newCase('RMA-A11Y-ZOOM', 'SIM0002');
    await page.setViewportSize({ width: 683, height: 384 });
    try {
      await toBench();
      const serial = (await seat('weak-tx')) as string;
      await answerOf(serial);
      await check('bench after a read');
      await seat(null);
      await page.locator('[data-testid="result-cleared"]').waitFor();
      await goTo(page, '/repairs');
      await page.getByTestId('case-count').waitFor();
      await check('case list');
      await goTo(page, '/repairs/new');
      await page.locator('#intake-rma').waitFor();
      await check('intake');
      await caseAt(id, 'received');
      await check('case page');
      await goTo(page, '/supervision');
      await page.getByRole('tablist').waitFor();
      await check('supervision');
      await goTo(page, '/statistics');
      await page.locator('#main-content h1').first().waitFor();
      await check('statistics');
      await goTo(page, '/settings');
      await page.getByTestId('station-input').waitFor();
      await check('settings');
    } finally {
      await page.setViewportSize(VIEW);
    }
    expect(problems).toEqual([]);
  }, TIMEOUT);

  it('a finished read is announced; with single-key shortcuts off, N does nothing, the help and buttons show the Alt forms, which work; on again, the letters', async () => {
    // Why: with the setting off the help still listed the bare letters, which then did nothing.
    const { page } = app;
    await goTo(page, '/settings');
    await page.getByTestId('settings-single-keys').uncheck();
    await expect.poll(async () => {
      const r = await page.evaluate(() => window.bench.settings.get());
      return r.ok ? r.value.find((x) => x.key === 'singleKeyShortcuts')?.value : null;
    }).toBe('off');
    await toBench();
    const serial = (await seat('good-10g-sr')) as string;
    await answerOf(serial);
    await page.getByTestId('announcer').filter({ hasText: serial }).waitFor();
    await page.locator('#main-content h2').first().click();
    await page.keyboard.press('n');
    // N clears synchronously in the key handler (bench-store nextModule): two frames later React has
    // committed whatever it did, so looking then is not a race.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await page.locator('[data-testid="overall-verdict"]').count()).toBe(1);
    const stored = await page.evaluate(() => window.bench.settings.get());
    expect(stored.ok && stored.value.find((s) => s.key === 'singleKeyShortcuts')?.value).toBe('off');
    // The help and the buttons say what works now: the Alt forms, and F1 for the help ("?" is a single key too).
    expect(await page.locator('[data-testid="read-button"] kbd').innerText()).toBe('Alt+R');
    expect(await page.getByTestId('read-button').getAttribute('aria-keyshortcuts')).toBe('Alt+R');
    await page.keyboard.press('Shift+Slash');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await page.getByTestId('shortcut-table').count()).toBe(0);
    await page.keyboard.press('F1');
    const keysOff = await page.getByTestId('shortcut-table').locator('kbd').allInnerTexts();
    expect(keysOff).toEqual(expect.arrayContaining(['Alt+R', 'Alt+A / ↵', 'Alt+N', 'Alt+M', 'Alt+/', 'F1', 'Esc']));
    expect(keysOff.filter((k) => /^[A-Z/?]$/.test(k))).toEqual([]);
    await page.getByTestId('shortcuts-single-keys-off').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcut-table').waitFor({ state: 'detached' });
    // And the Alt form does what the help says.
    await page.locator('#main-content h2').first().click();
    await page.keyboard.press('Alt+KeyN');
    await page.locator('[data-testid="overall-verdict"]').waitFor({ state: 'detached' });
    await goTo(page, '/settings');
    await page.getByTestId('settings-single-keys').check();
    // Stored before the bench opens: the bench loads its settings from main when it mounts.
    await expect.poll(async () => {
      const r = await page.evaluate(() => window.bench.settings.get());
      return r.ok ? r.value.find((x) => x.key === 'singleKeyShortcuts')?.value : null;
    }).toBe('on');
    await toBench();
    await answerOf(serial);
    await page.locator('#main-content h2').first().click();
    await page.keyboard.press('?');
    const keysOn = await page.getByTestId('shortcut-table').locator('kbd').allInnerTexts();
    expect(keysOn).toEqual(expect.arrayContaining(['R', 'A / ↵', 'N', 'M', '/', '? / F1']));
    expect(keysOn.filter((k) => k.startsWith('Alt+'))).toEqual([]);
    expect(await page.getByTestId('shortcuts-single-keys-off').count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcut-table').waitFor({ state: 'detached' });
    await page.locator('#main-content h2').first().click();
    await page.keyboard.press('n');
    await page.locator('[data-testid="overall-verdict"]').waitFor({ state: 'detached' });
    await seat(null);
  }, TIMEOUT);
});
