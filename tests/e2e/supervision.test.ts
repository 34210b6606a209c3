// Supervision of service quality (after-sale policy rules 6-8) in a real browser: a complaint
// addressed to the engineering manager and tracked to its resolution, this week's follow-up calls
// picked at random but reproducibly (the seed is shown), a call recorded, and the technician's
// scorecard counting both.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { describeApp, type OpenedApp } from '../support/e2e';
import { SCREENSHOT_DIR, caseRejectedToday, goTo, seedStaff, setOperator, type Staff } from '../support/records-fixture';

const TIMEOUT = 90_000;

describeApp('supervision: complaints, follow-up calls, scorecards', ({ open }) => {
  let app: OpenedApp;
  let staff: Staff;
  const rmas = ['RMA-SUP-01', 'RMA-SUP-02', 'RMA-SUP-03'];
  beforeAll(async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    // The finished cases rest on programmer reads: the harness gets an emulated Bus Pirate.
    app = await open({ viewport: { width: 1440, height: 1000 }, harness: { programmer: { kind: 'buspirate', image: null } } });
    staff = await seedStaff(app.page);
    await setOperator(app.page);
    const liWei = staff.technicians.find((t) => t.code === 'lwei')!;
    const customer = staff.customers[0]!;
    for (const [i, rma] of rmas.entries()) {
      await caseRejectedToday(app, { rma, serial: `SUP000${i + 1}`, module: 'good-10g-sr', customerId: customer.id, technicianId: liWei.id });
    }
  }, TIMEOUT);
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && app) {
      await app.page.screenshot({ path: path.join(SCREENSHOT_DIR, `failed-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true }).catch(() => undefined);
      if (app.pageErrors.length > 0) console.error(app.pageErrors.join('\n'));
    }
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses a complaint against an RMA that does not exist, saying so', async () => {
    const { page } = app;
    await goTo(page, '/supervision');
    await page.locator('#complaint-rma').fill('RMA-NOPE');
    await page.locator('#complaint-text').fill('Nobody called back.');
    await page.getByRole('button', { name: 'Record complaint' }).click();
    await page.getByText('No case with RMA RMA-NOPE.').waitFor();
  }, TIMEOUT);

  it('records a complaint addressed to the engineering manager and tracks it to resolved', async () => {
    const { page } = app;
    await goTo(page, '/supervision');
    await page.locator('#complaint-rma').fill('RMA-SUP-01');
    await page.getByLabel('Engineering manager').check();
    await page.locator('#complaint-text').fill('The module was rejected without anyone explaining why.');
    await page.getByRole('button', { name: 'Record complaint' }).click();
    const row = page.locator('[data-testid="complaints-table"] tr[data-addressee="engineering-manager"]');
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('open');
    expect(await row.textContent()).toContain('RMA-SUP-01');
    expect(await row.textContent()).toContain('Li Wei');
    await page.getByText('Complaint recorded and addressed to the Engineering manager').waitFor();

    await row.getByRole('button', { name: 'Start handling' }).click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('in-progress');
    await row.getByRole('button', { name: 'Resolve' }).click();
    // A resolution cannot be empty.
    await row.getByRole('button', { name: 'Mark resolved' }).click();
    await row.getByText('Write the resolution.').waitFor();
    await row.getByLabel('Resolution').fill('Manager called the customer and explained the ESD damage with photos.');
    await row.getByRole('button', { name: 'Mark resolved' }).click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('resolved');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'supervision.png') });

    // The case page shows the complaint with its addressee.
    const caseId = await page.evaluate(async () => {
      const r = await window.bench.cases.find({ query: 'RMA-SUP-01' });
      return r.ok ? r.value[0]!.id : null;
    });
    await goTo(page, `/repairs/case/${caseId}`);
    await page.locator('[data-testid="case-complaints"] li[data-addressee="engineering-manager"][data-status="resolved"]').waitFor();
  }, TIMEOUT);

  it('picks closed cases for this week\'s calls with a shown seed, the same seed picks the same cases, and a call is recorded', async () => {
    const { page } = app;
    await goTo(page, '/supervision');
    await page.getByRole('tab', { name: 'Follow-up calls' }).click();
    await page.locator('#pick-count').fill('2');
    await page.locator('#pick-seed').fill('424242');
    await page.getByRole('button', { name: 'Pick at random' }).click();
    const picks = page.locator('[data-testid="follow-up-picks"]');
    await picks.locator('tr[data-rma]').first().waitFor();
    expect(await picks.getAttribute('data-seed')).toBe('424242');
    expect(await picks.textContent()).toContain('seed 424242');
    const first = await picks.locator('tr[data-rma]').evaluateAll((els) => els.map((e) => e.getAttribute('data-rma')));
    expect(first).toHaveLength(2);
    // Reproducible: the supervisor can show which cases the draw gave.
    await page.getByRole('button', { name: 'Pick at random' }).click();
    await expect.poll(() => picks.locator('tr[data-rma]').evaluateAll((els) => els.map((e) => e.getAttribute('data-rma')))).toEqual(first);

    const rma = first[0]!;
    await picks.getByRole('button', { name: `Record the call for ${rma}` }).click();
    await page.locator('#call-caller').selectOption({ label: 'Huang Qiang (supervisor)' });
    await page.getByRole('radio', { name: '4' }).check();
    await page.locator('#call-remarks').fill('Satisfied with the explanation; slow first response.');
    await page.getByRole('button', { name: 'Save call' }).click();
    await picks.locator(`tr[data-rma="${rma}"][data-called="yes"]`).waitFor();
    expect(await picks.locator(`tr[data-rma="${rma}"]`).textContent()).toContain('4 of 5');
    // The list of every call shows it at once, with who called and what the customer said.
    const listed = page.locator(`[data-testid="calls-table"] tr[data-rma="${rma}"]`);
    await listed.waitFor();
    const cells = await listed.locator('td').allTextContents();
    expect(cells.slice(0, 4)).toEqual([rma, 'Northwind Telecom', 'Li Wei', 'Huang Qiang']);
    expect(cells[5]).toContain('4 of 5');
    expect(cells[6]).toBe('Satisfied with the explanation; slow first response.');
  }, TIMEOUT);

  it('counts the call and the complaint in the technician\'s scorecard', async () => {
    const { page } = app;
    await goTo(page, '/supervision');
    await page.getByRole('tab', { name: 'Technician scorecards' }).click();
    const row = page.locator('[data-testid="scorecards"] tr[data-code="lwei"]');
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    // cases, NFF rate, average satisfaction, calls, complaints
    expect(cells[0]).toBe('3');
    expect(cells[1]).toBe('0%');
    expect(cells[2]).toBe('4.0');
    expect(cells[3]).toBe('1');
    expect(cells[4]).toBe('1');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'supervision-scorecards.png') });
  }, TIMEOUT);

  it('pages through every follow-up call, newest first, and narrows them to a period of call days', async () => {
    const { page } = app;
    const caller = staff.technicians.find((t) => t.code === 'hqiang')!;
    // Last, since it changes the scorecard figures above. 30 more calls on the closed cases, one a day through October 2026, recorded through the bridge.
    const ids = await page.evaluate(() => window.bench.cases.list({ limit: 10 }));
    if (!ids.ok) throw new Error(ids.error.message);
    const caseIds = ids.value.items.filter((c) => c.rmaNumber.startsWith('RMA-SUP-')).map((c) => c.id);
    const failures = await page.evaluate(async ({ caseIds, callerId }) => {
      const bad: string[] = [];
      for (let d = 1; d <= 30; d++) {
        const r = await window.bench.calls.record({
          caseId: caseIds[d % caseIds.length]!, callerId, calledAt: `2026-10-${String(d).padStart(2, '0')}T12:00:00Z`, satisfaction: (d % 5) + 1, remarks: `call ${d}`,
        });
        if (!r.ok) bad.push(r.error.message);
      }
      return bad;
    }, { caseIds, callerId: caller.id });
    expect(failures).toEqual([]);

    await goTo(page, '/supervision');
    // Entering the tab loads the list afresh (the calls above were recorded behind its back).
    await page.getByRole('tab', { name: 'Complaints' }).click();
    await page.getByRole('tab', { name: 'Follow-up calls' }).click();
    const table = page.locator('[data-testid="calls-table"]');
    await expect.poll(() => table.getAttribute('data-total')).toBe('31');
    expect(await page.getByTestId('calls-page').textContent()).toBe('Page 1 of 2 · 31 calls');
    expect(await table.locator('tbody tr').count()).toBe(25);
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.getByTestId('calls-page').textContent()).toBe('Page 2 of 2 · 31 calls');
    // Newest first: the last page ends with the oldest call, 1 October.
    const remarks = await table.locator('tbody tr td:last-child').allTextContents();
    expect(remarks).toHaveLength(6);
    expect(remarks.at(-1)).toBe('call 1');
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);

    // Both ends of the period are inclusive call days.
    await page.locator('#calls-from').fill('2026-10-05');
    await page.locator('#calls-to').fill('2026-10-07');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => table.getAttribute('data-total')).toBe('3');
    expect(await table.locator('tbody tr td:last-child').allTextContents()).toEqual(['call 7', 'call 6', 'call 5']);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'supervision-calls.png'), fullPage: true });
    expect(app.pageErrors).toEqual([]);
  }, TIMEOUT);
});
