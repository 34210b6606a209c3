// Issue 12 item 9: every screen in Simplified Chinese, at 1366x768, through the emulated Bus
// Pirate (the real driver on a socat pseudo-terminal) and the harness's records: first start,
// the bench idle and after reads (SFP, a CMIS module with lanes, the soak panel), dialogs, the
// case list, case pages at several statuses with history and decision, intake with its
// validation errors, statistics, supervision, settings with the lab server and a deliveries
// preview, the test and repair report previews and errors. Each screen's visible text (with
// aria-labels, titles and placeholders) must hold no Latin-script word beyond units, standards,
// programmer names and the values this spec itself typed or the modules carry; buttons and
// labels must not be clipped or wrapped a character a line.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { decodeModule } from '../../main/sff/index';
import { describeApp, E2E_MANAGER, E2E_STATION, type OpenedApp } from '../support/e2e';
import { SCREENSHOT_DIR, caseRejectedToday, daysAgo, emulatedPort, goTo, importDeliveries, moduleImage, seedStaff, type Staff } from '../support/records-fixture';
import { ERROR_CODES } from '../../preload/contract/errors';
import { clippedControls, LatinAllow, leaksIn, visibleText, type Leak } from './zh-language';

const TIMEOUT = 180_000;
const VIEW = { width: 1366, height: 768 };
const MODULES = ['hot-module', 'weak-tx', 'good-10g-sr', 'qsfpdd-400g-fr4-dead-lane', 'corrupted-checksum'] as const;
// Everything this spec types or imports: allowed because it is the records' own data.
const TYPED = [
  E2E_MANAGER.name, E2E_MANAGER.code, E2E_MANAGER.label, E2E_STATION,
  'Li Wei', 'lwei', 'Zhang Min', 'zmin', 'Huang Qiang', 'hqiang', 'Zhao Lei', 'zhao',
  'Northwind Telecom', 'Harbour Data Centre', 'NOC', 'Customer QA',
  'RMA-ZH-1', 'RMA-ZH-OLD', 'RMA-ZH-2', 'deliveries.csv', 'bad.csv', 'not-a-dump.txt', 'SN-ZH-1', 'SN-ZH-2', 'Acme', 'OB-1',
  // caseRejectedToday's complaint and the supervisor's reason it types (records-fixture.ts).
  'Damaged latch.', 'Test fixture: one library module stands in for many serials',
  // The deliveries CSV's column names and date format, quoted as the file must spell them;
  // the lab server's example host and PostgreSQL's own password file and variable.
  // The emulated Bus Pirate's own banner (tests/support/emulators/bus-pirate.ts), kept as the run's provenance.
  'v3.b', 'v6.1 (r1676)', 'v4.4',
  'serial', 'customer', 'delivered_on', 'part_number', 'YYYY-MM-DD', 'lab-db.example.local', 'pgpass', 'PGPASSWORD', 'ethtool',
];

function flatStrings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) flatStrings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) flatStrings(x, out);
  return out;
}

describeApp('every screen in Simplified Chinese (1366x768)', ({ open }) => {
  let app: OpenedApp;
  let staff: Staff;
  let port: string;
  let dir: string;
  let caseId = 0;
  let endedId = 0;
  const allow = new LatinAllow(TYPED);
  const found: Leak[] = [];

  /** The page as it is now: its Latin words beyond the allow-list and its clipped controls. */
  async function check(screen: string): Promise<void> {
    const leaks = leaksIn(await visibleText(app.page), allow, screen);
    found.push(...leaks);
    const words = [...new Set(leaks.map((l) => `${l.word}  ←  ${l.context}`))];
    expect.soft(words, `English on the Chinese screen "${screen}"`).toEqual([]);
    expect.soft(await clippedControls(app.page), `controls that do not fit on "${screen}"`).toEqual([]);
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
    await app.page.waitForSelector('#bench-identity', { timeout: 30_000 });
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    dir = mkdtempSync(path.join(os.tmpdir(), 'optic-bench-zh-'));
    // The modules' own words (vendor names, part and serial numbers, revisions, the applications
    // they advertise) are values, not the app's words: taken from their decodings.
    for (const m of MODULES) {
      const d = decodeModule(await moduleImage(m));
      allow.add(flatStrings(d.vendor));
      // The applications a CMIS module advertises are SFF-8024's names (400GAUI-8 C2M, 400GBASE-FR4).
      allow.add(flatStrings((d as { cmis?: { applications?: unknown } }).cmis?.applications));
    }
    // A limit profile's id, title and the clause it cites are the profile file's own text (the
    // standard's English), shown as data beside the Chinese words, like a vendor name.
    const limits = path.resolve(__dirname, '../../resources/limits');
    for (const f of readdirSync(limits).filter((x) => x.endsWith('.json'))) {
      const parsed = JSON.parse(readFileSync(path.join(limits, f), 'utf8')) as Record<string, unknown> | Array<Record<string, unknown>>;
      for (const prof of Array.isArray(parsed) ? parsed : [parsed]) {
        allow.add([prof.id, prof.name, prof.source, prof.clause, `${String(prof.id)} v${String(prof.version)}`].filter((x): x is string => typeof x === 'string'));
        allow.add(flatStrings(prof.notes));
        allow.add(flatStrings((prof.match as { interfaces?: unknown } | undefined)?.interfaces));
      }
    }
    // Error codes are what a technician quotes to support, printed beside the Chinese words.
    allow.add(ERROR_CODES);
    // The placeholder's example host port (a switch model and its port name).
    allow.add(['Arista 7050SX-64', 'Et12']);
    app = await open({ viewport: VIEW, signIn: false, harness: { programmer: { kind: 'buspirate', image: null } } });
  }, TIMEOUT);
  let broken = false;
  afterEach(async (ctx) => {
    // A screen's English words fail softly (the walk goes on); a step that throws ends the walk.
    if (ctx.task.result?.errors?.some((e) => !String(e.message).startsWith('English on') && !String(e.message).startsWith('controls that'))) broken = true;
    if (ctx.task.result?.state === 'fail' && app) {
      await app.page.screenshot({ path: path.join(SCREENSHOT_DIR, `failed-zh-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true }).catch(() => undefined);
      if (app.pageErrors.length > 0) console.error(app.pageErrors.join('\n'));
    }
  });
  afterAll(async () => {
    if (found.length > 0) console.error(`zh-complete: ${found.length} Latin words:\n${[...new Set(found.map((l) => `${l.screen}: ${l.word} ← ${l.context}`))].join('\n')}`);
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('first start in Chinese: the setup form, its validation, then the bench idle with the programmer but no module', async (ctx) => {
    if (broken) ctx.skip();
    const { page } = app;
    await page.locator('[data-testid="session-gate"][data-state="setup-required"]').waitFor({ timeout: 30_000 });
    // The language a station chose is kept on the page (app-store's LANGUAGE_KEY): a Chinese station from its first start.
    await page.evaluate(() => window.localStorage.setItem('optic-bench.language', 'zh-CN'));
    await page.reload();
    await page.locator('[data-testid="session-gate"][data-state="setup-required"]').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    await check('first start');
    await page.getByTestId('setup-submit').click();
    await check('first start, nothing filled in');
    if ((await page.getByTestId('setup-person').count()) > 0) await page.getByTestId('setup-person').selectOption('new');
    await page.getByTestId('setup-name').fill(E2E_MANAGER.name);
    await page.getByTestId('setup-code').fill(E2E_MANAGER.code);
    if ((await page.getByTestId('setup-station').count()) > 0) await page.getByTestId('setup-station').fill(E2E_STATION);
    await page.getByTestId('setup-pin').fill(E2E_MANAGER.pin);
    await page.getByTestId('setup-pin-again').fill(E2E_MANAGER.pin);
    await page.getByTestId('setup-submit').click();
    await page.getByTestId('status-operator').filter({ hasText: E2E_MANAGER.label }).waitFor({ timeout: 30_000 });
    // The runtime's name in the status bar is an identifier (electron or harness).
    const info = await page.evaluate(() => window.bench.app.info());
    if (info.ok) allow.add([info.value.runtime]);
    staff = await seedStaff(page);
    await importDeliveries(app, [{ serial: 'SIM0002', customer: 'Northwind Telecom', deliveredOn: daysAgo(120) }]);
    endedId = await caseRejectedToday(app, { rma: 'RMA-ZH-OLD', serial: 'SIM0003', module: 'hot-module', customerId: staff.customers[0]!.id, technicianId: staff.technicians[0]!.id });
    app.harness?.emulator?.insertModule(null);
    caseId = await page.evaluate(async ({ customerId, technicianId }) => {
      const c = await window.bench.cases.create({
        rmaNumber: 'RMA-ZH-1', customerId, moduleSerial: 'SIM0002', notificationChannel: 'telephone',
        notifiedAt: new Date(Date.now() - 3_600_000).toISOString(), notifiedBy: 'NOC', complaintText: '光功率低告警', technicianId,
      });
      if (!c.ok) throw new Error(c.error.message);
      const t = await window.bench.cases.transition({ caseId: c.value.id, to: 'diagnosing' });
      if (!t.ok) throw new Error(t.error.message);
      return c.value.id;
    }, { customerId: staff.customers[0]!.id, technicianId: staff.technicians[0]!.id });
    port = await emulatedPort(app);
    await goTo(page, '/bench');
    await page.getByTestId('programmer-select').waitFor();
    await page.locator('[data-testid="programmer-select"] option').first().waitFor({ state: 'attached' });
    await page.locator('button', { hasText: '刷新列表' }).click();
    await page.waitForFunction((p) => Array.from(document.querySelectorAll('[data-testid="programmer-select"] option')).some((o) => (o as HTMLOptionElement).value === `buspirate:${p}`), port);
    await page.getByTestId('programmer-select').selectOption(`buspirate:${port}`);
    await page.locator('[data-testid="presence"][data-state="empty"]').waitFor({ timeout: 30_000 });
    await check('bench, empty cage');
  }, TIMEOUT);

  it('the bench after reads: a failing SFP with its case proposed, a bad checksum, a 400G CMIS module with a dead lane, the soak panel', async (ctx) => {
    if (broken) ctx.skip();
    const { page } = app;
    await seat('weak-tx');
    await answerOf('SIM0002');
    await page.locator('[data-testid="attach-choice"][data-rma="RMA-ZH-1"]').waitFor();
    await check('bench after a read (weak-tx SFP)');
    // The dialog for another case, and the live monitor with its chart and alarms.
    await page.getByTestId('attach-search').click();
    await page.locator('dialog[open]').first().waitFor();
    await check('attach to another case dialog');
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').first().waitFor({ state: 'detached' });
    await page.getByTestId('monitor-toggle').click();
    await page.locator('[data-testid="monitor"] svg.recharts-surface').first().waitFor({ timeout: 30_000 });
    await check('bench with the live monitor running');
    await page.getByTestId('monitor-toggle').click();
    // The keyboard help ("?").
    await page.locator('body').click({ position: { x: 5, y: 400 } });
    await page.keyboard.press('?');
    await page.locator('dialog[open]').first().waitFor();
    await check('keyboard shortcuts dialog');
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').first().waitFor({ state: 'detached' });
    await page.getByTestId('attach-button').click();
    await page.getByTestId('attach-recorded').waitFor();
    await check('bench, read attached');
    await page.getByTestId('open-test-report').first().click();
    await page.getByTestId('report-frame').waitFor();
    await page.locator('[data-testid="report-preview"][data-lang="zh-CN"]').waitFor();
    await page.frameLocator('[data-testid="report-frame"]').locator('body').waitFor();
    await check('test report preview');
    await page.keyboard.press('Escape');
    await seat(null);
    await page.locator('[data-testid="result-cleared"][data-reason="pulled"]').waitFor();
    await check('bench, module pulled');
    for (const m of ['corrupted-checksum', 'qsfpdd-400g-fr4-dead-lane'] as const) {
      const serial = (await seat(m)) as string;
      await answerOf(serial);
      await check(`bench after a read (${m})`);
      await seat(null);
      await page.locator('[data-testid="result-cleared"]').waitFor();
    }
    await seat('good-10g-sr');
    await answerOf('SIM0001');
    if ((await page.getByTestId('soak-start').count()) > 0) await page.getByTestId('soak-start').scrollIntoViewIfNeeded();
    await check('bench with the soak panel (good SFP, no case)');
    await seat(null);
  }, TIMEOUT);

  it('the case list, a case at several statuses with its history, the decision preview and the decided case with its repair report', async (ctx) => {
    if (broken) ctx.skip();
    const { page } = app;
    await goTo(page, '/repairs');
    await page.locator('.case-row[data-rma]').first().waitFor();
    await check('case list');
    await goTo(page, `/repairs/case/${caseId}`);
    await page.locator('[data-testid="case-status"]').waitFor();
    await check('case page, diagnosing with a before-repair run');
    // A run's withdrawal form (a supervisor's correction), opened and closed again.
    await page.getByTestId('withdraw-open').first().click();
    await page.getByTestId('withdraw-reason').waitFor();
    await check('case page, withdrawing a run');
    await page.getByTestId('withdraw-open').first().click();
    await page.getByTestId('withdraw-reason').waitFor({ state: 'detached' });
    await page.locator('[data-transition="awaiting-decision"]').click();
    await page.locator('[data-testid="case-status"][data-status="awaiting-decision"]').waitFor();
    await page.locator('#case-cause').selectOption('non-human');
    await check('case page, awaiting decision');
    await page.getByTestId('decide').click();
    await page.getByTestId('decision-preview').waitFor();
    await check('decision dialog with the preview');
    await page.getByTestId('decide-confirm').click();
    await page.locator('[data-testid="case-status"][data-status="replacing"]').waitFor();
    await check('case page, decided (replace) with history');
    await page.getByTestId('open-repair-report').first().click();
    await page.getByTestId('report-frame').waitFor();
    await page.frameLocator('[data-testid="report-frame"]').locator('body').waitFor();
    await check('repair report preview');
    await page.keyboard.press('Escape');
    await goTo(page, `/repairs/case/${endedId}`);
    await page.locator('[data-testid="case-status"]').waitFor();
    await check('case page, ended (not covered)');
  }, TIMEOUT);

  it('intake with validation errors, and a refused case number shown in Chinese', async (ctx) => {
    if (broken) ctx.skip();
    const { page } = app;
    await goTo(page, '/repairs/new');
    await page.locator('#intake-rma').waitFor();
    await page.locator('form[aria-labelledby="intake-heading"] button[type="submit"]').click();
    await page.locator('form[aria-labelledby="intake-heading"] [role="alert"], form[aria-labelledby="intake-heading"] .field__error').first().waitFor();
    await check('intake, nothing filled in');
    await page.locator('#intake-rma').fill('RMA-ZH-1');
    await page.locator('#intake-customer').selectOption({ index: 1 });
    await page.locator('#intake-notified-by').fill('NOC');
    await page.locator('#intake-complaint').fill('无光');
    await page.locator('.serial-scan input').first().fill('SN-ZH-1');
    await page.locator('.serial-scan input').first().press('Enter');
    await page.locator('form[aria-labelledby="intake-heading"] button[type="submit"]').click();
    await page.locator('[data-error-code]').first().waitFor({ timeout: 15_000 });
    await check('intake, RMA number taken');
  }, TIMEOUT);

  it('statistics, supervision and settings (lab server, a deliveries preview with bad lines)', async (ctx) => {
    if (broken) ctx.skip();
    const { page } = app;
    await goTo(page, '/statistics');
    await page.locator('.statistics[aria-busy="false"] [data-testid="stats-kpis"]').waitFor();
    await check('statistics');
    await goTo(page, '/supervision');
    const tabs = page.locator('.supervision [role="tab"]');
    await tabs.first().waitFor();
    for (let i = 0; i < (await tabs.count()); i += 1) {
      await tabs.nth(i).click();
      await page.locator('.supervision [role="tabpanel"]').first().waitFor();
      await check(`supervision, tab ${i + 1}`);
    }
    await goTo(page, '/settings');
    await page.getByTestId('station-input').waitFor();
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'serial,customer,delivered_on\nSN-ZH-1,Acme,2025-02-30\nSN-ZH-2,Acme,2025-03-01\n');
    await app.chooseFile(bad);
    await page.getByTestId('deliveries-choose').click();
    await page.locator('[data-testid="deliveries-preview"][data-errors="1"]').waitFor();
    await check('settings with a deliveries preview');
  }, TIMEOUT);

  it('the locked station in Chinese, a wrong PIN refused, then unlocked', async (ctx) => {
    if (broken) ctx.skip();
    const { page } = app;
    await page.getByTestId('lock-button').click();
    await page.locator('#unlock-pin').waitFor();
    await check('station locked');
    await page.locator('#unlock-pin').fill('000000');
    await page.getByTestId('unlock-submit').click();
    await page.locator('[role="alert"]').first().waitFor();
    // The refused PIN is cleared once its check has come back: type the right one only after that
    // (typed earlier, it was cleared with the wrong one and Unlock stayed disabled).
    await page.waitForFunction(() => (document.querySelector('#unlock-pin') as HTMLInputElement | null)?.value === '');
    await check('station locked, wrong PIN');
    await page.locator('#unlock-pin').fill(E2E_MANAGER.pin);
    await page.getByTestId('unlock-submit').click();
    await page.getByTestId('status-operator').waitFor();
  }, TIMEOUT);

  it('an unreadable dump file is explained in Chinese', async (ctx) => {
    if (broken) ctx.skip();
    const { page } = app;
    await goTo(page, '/bench');
    const junk = path.join(dir, 'not-a-dump.txt');
    writeFileSync(junk, 'this is not a module image\n');
    await app.chooseFile(junk);
    await page.locator('button', { hasText: '打开转储文件…' }).click();
    await page.locator('.state--error[role="alert"][data-error-code="IMAGE_UNPARSEABLE"]').waitFor();
    await check('bench, unreadable file');
  }, TIMEOUT);

  it('found no English on any Chinese screen (the list of every word, for the lead)', () => {
    expect([...new Set(found.map((l) => `${l.screen}: ${l.word}`))]).toEqual([]);
  });
});
