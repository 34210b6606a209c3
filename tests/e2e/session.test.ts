// Who may do what, in a real browser: the first-start setup (the first PIN goes to an engineering
// manager), sign-in with a wrong and a right PIN, the lock screen keeping a half-written form,
// a technician refused a restore and limit publishing, and the same screens in Chinese. The
// actor of every record comes from main's session: the page cannot name one.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { E2E_MANAGER, describeApp, setUpFirstManager, type OpenedApp } from '../support/e2e';
import { goTo } from '../support/records-fixture';
import { screenshot } from './bench-helpers';

const TIMEOUT = 90_000;
const TECH = { code: 'lwei', name: 'Li Wei', pin: '246810' };

describeApp('sign-in, lock and roles', ({ open }) => {
  let app: OpenedApp;
  beforeAll(async () => {
    app = await open({ viewport: { width: 1280, height: 900 }, signIn: false });
  }, TIMEOUT);
  afterAll(async () => {
    await app?.close();
  });

  it('a new station shows nothing of the records before the first engineering manager sets a PIN', async () => {
    const { page } = app;
    await page.locator('[data-testid="session-gate"][data-state="setup-required"]').waitFor();
    expect(await page.locator('nav').count()).toBe(0);
    // Main refuses the records to a page with nobody signed in, whatever the page asks.
    const refused = await page.evaluate(() => window.bench.cases.list({}));
    expect(refused.ok ? 'ok' : refused.error.code).toBe('SIGN_IN_REQUIRED');
    await screenshot(page, 'session-setup.png');
    await setUpFirstManager(page);
  }, TIMEOUT);

  it('the page cannot name the actor: a request carrying one is refused, and records name the signed-in person', async () => {
    const { page } = app;
    const withActor = await page.evaluate(() => (window.bench.customers.create as (r: unknown) => ReturnType<typeof window.bench.customers.create>)({ name: 'Forged', actor: 'Someone Else' }));
    expect(withActor.ok ? 'ok' : withActor.error.code).toBe('INVALID_INPUT');
    const made = await page.evaluate(() => window.bench.customers.create({ name: 'Northwind Telecom' }));
    expect(made.ok).toBe(true);
    const events = await page.evaluate(() => window.bench.audit.list({ entity: 'customer' }));
    expect(events.ok && events.value[0]?.actor).toBe(E2E_MANAGER.label);
  }, TIMEOUT);

  it('the manager adds a technician with a PIN in Settings; the PIN is never shown again', async () => {
    const { page } = app;
    await goTo(page, '/settings');
    await page.getByTestId('technician-code').fill(TECH.code);
    await page.getByTestId('technician-name').fill(TECH.name);
    await page.getByTestId('technician-add').click();
    await page.getByTestId(`pin-set-${TECH.code}`).click();
    await page.getByTestId('pin-new').fill(TECH.pin);
    await page.getByTestId('pin-repeat').fill(TECH.pin);
    await page.getByTestId('pin-save').click();
    // Once stored, the row offers a new PIN instead of a first one.
    await page.getByTestId(`pin-set-${TECH.code}`).filter({ hasText: 'New PIN' }).waitFor();
    const listed = await page.evaluate(() => window.bench.technicians.list({ includeInactive: true }));
    expect(JSON.stringify(listed)).not.toContain(TECH.pin);
    expect(listed.ok && listed.value.find((t) => t.code === 'lwei')?.hasPin).toBe(true);
  }, TIMEOUT);

  it('locks on request, keeps the half-written form under the lock, and unlocks only with the right PIN', async () => {
    const { page } = app;
    await goTo(page, '/repairs/new');
    await page.locator('#intake-complaint').fill('Half-written complaint that must survive the lock');
    await page.getByTestId('lock-button').click();
    await page.locator('[data-testid="session-gate"][data-state="locked"]').waitFor();
    expect(await page.getByTestId('lock-person').textContent()).toContain(E2E_MANAGER.name);
    // Locked in main too: a call from the page is refused.
    const locked = await page.evaluate(() => window.bench.cases.list({}));
    expect(locked.ok ? 'ok' : locked.error.code).toBe('SESSION_LOCKED');
    await page.getByTestId('unlock-pin').fill('000000');
    await page.getByTestId('unlock-submit').click();
    await page.locator('[data-testid="session-gate"] [data-error-code="PIN_INVALID"]').waitFor();
    await screenshot(page, 'session-locked.png');
    await page.getByTestId('unlock-pin').fill(E2E_MANAGER.pin);
    await page.getByTestId('unlock-submit').click();
    await page.getByTestId('session-gate').waitFor({ state: 'detached' });
    expect(await page.locator('#intake-complaint').inputValue()).toBe('Half-written complaint that must survive the lock');
    await page.getByRole('button', { name: 'Cancel' }).click();
  }, TIMEOUT);

  it('a technician signed in is refused a restore and limit publishing, in the UI and in main', async () => {
    const { page } = app;
    await page.getByTestId('sign-out-button').click();
    await page.locator('[data-testid="session-gate"][data-state="signed-out"]').waitFor();
    const person = page.getByTestId('sign-in-person');
    await person.selectOption({ label: `${TECH.name} (${TECH.code}) · Technician` });
    await page.getByTestId('sign-in-pin').fill(TECH.pin);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('status-operator').filter({ hasText: `${TECH.name} (${TECH.code})` }).waitFor();
    await goTo(page, '/settings');
    expect(await page.getByTestId('backup-restore').isDisabled()).toBe(true);
    expect(await page.getByTestId('profiles-import').isDisabled()).toBe(true);
    const restore = await page.evaluate(() => window.bench.backup.restore());
    expect(restore.ok ? 'ok' : restore.error.code).toBe('ROLE_REQUIRED');
    const publish = await page.evaluate(() => window.bench.limits.import());
    expect(publish.ok ? 'ok' : publish.error.code).toBe('ROLE_REQUIRED');
    // The dialog was never opened for either: main refused before anything else.
    expect(app.harness?.dialogs.asked ?? []).toEqual([]);
  }, TIMEOUT);

  it('checks the records from Settings and says every link matches', async () => {
    const { page } = app;
    await goTo(page, '/settings');
    await page.getByTestId('chain-verify').click();
    await page.locator('[data-testid="chain-result"][data-ok="true"]').waitFor();
    expect(await page.getByTestId('chain-result').textContent()).toMatch(/All \d+ records match their chain/);
  }, TIMEOUT);

  it('shows the lock and sign-in screens in Chinese', async () => {
    const { page } = app;
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByTestId('lock-button').click();
    await page.getByRole('heading', { name: '工位已锁定' }).waitFor();
    await page.getByTestId('lock-switch').click();
    await page.getByRole('heading', { name: '登录' }).waitFor();
    expect(await page.locator('.session-card').textContent()).toContain('每条记录都要写明是谁做的');
    await screenshot(page, 'session-sign-in-zh.png');
    await page.getByTestId('sign-in-person').selectOption({ label: `${TECH.name} (${TECH.code}) · 技术员` });
    await page.getByTestId('sign-in-pin').fill(TECH.pin);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('session-gate').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'English' }).click();
  }, TIMEOUT);
});
