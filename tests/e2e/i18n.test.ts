// Switching to Simplified Chinese at run time: every visible string comes from the zh-CN
// resources, dates follow the Chinese locale, errors read in Chinese with what to do next, and
// the choice survives a restart of the page.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeApp, type OpenedApp } from '../support/e2e';
import { pickSim, readVia, screenshot } from './bench-helpers';

describeApp('language switch', ({ open }) => {
  let app: OpenedApp;
  let tmp: string;
  beforeAll(async () => {
    app = await open({ viewport: { width: 1440, height: 960 } });
    tmp = await mkdtemp(path.join(os.tmpdir(), 'optic-bench-i18n-'));
  });
  afterAll(async () => {
    await app?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('switches the whole shell and the bench to Chinese without a reload', async () => {
    const { page } = app;
    await page.waitForSelector('[data-testid="read-button"]');
    const navBefore = await page.innerText('nav');
    expect(navBefore).toContain('Bench');
    await page.click('.lang-switch button[lang="zh-CN"]');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    const nav = await page.innerText('nav');
    expect(nav).toContain('测试台');
    expect(nav).toContain('设置');
    expect(nav).not.toContain('Bench');
    expect(await page.innerText('[data-testid="read-button"]')).toContain('读取');
    expect(await page.innerText('.status-bar')).toContain('工位');
  });

  it('shows verdicts in Chinese words (with their symbols) and dates in the Chinese locale', async () => {
    const { page } = app;
    await pickSim(page, 'weak-tx');
    await readVia(page);
    expect(await page.innerText('[data-testid="overall-verdict"]')).toMatch(/✖\s*不合格/);
    // Manufactured 2022-04-05 from the date code, and the read time, as Chinese dates.
    expect(await page.innerText('[data-testid="identity-manufactured"]')).toBe('2022年4月5日');
    expect(await page.innerText('[data-testid="taken-at"]')).toMatch(/读取时间 \d{4}年\d{1,2}月\d{1,2}日/);
    expect(await page.innerText('#verdicts-title')).toBe('判定结果');
    expect(await page.innerText('tr[data-parameter="txPowerDbm"]')).toContain('发射光功率');
    // The hex view's field labels are translated too (the standard's English name is only the fallback).
    expect(await page.innerText('.hex__field[data-field="A0h:vendor-name"]')).toContain('厂商名称');
    await screenshot(page, 'bench-zh-CN.png');
  });

  it('says why a failing module failed in Chinese words, and in English again after switching back', async () => {
    const { page } = app;
    // Still the weak-tx read of the previous spec: Tx power below the 10GBASE-SR minimum.
    const txRow = page.locator('tr[data-parameter="txPowerDbm"]');
    const reasonZh = await txRow.locator('td').last().innerText();
    expect(reasonZh).toMatch(/^发射光功率 -\d+\.\d{2} dBm，低于规格下限 -\d+(\.\d+)? dBm$/);
    expect(reasonZh).not.toMatch(/below|spec/);
    // Integrity reasons too (checksums that match).
    expect(await page.innerText('[data-testid="integrity"] li[data-check="checksumBase"]')).toContain('校验正确');
    await page.click('.lang-switch button[lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await txRow.locator('td').last().innerText()).toMatch(/^Tx power -\d+\.\d{2} dBm below spec minimum -\d+(\.\d+)? dBm$/);
    await page.click('.lang-switch button[lang="zh-CN"]');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
    expect(await txRow.locator('td').last().innerText()).toBe(reasonZh);
  });

  it('explains an error in Chinese with what to do next (an unreadable dump file)', async () => {
    const { page } = app;
    const junk = path.join(tmp, 'not-a-dump.txt');
    await writeFile(junk, 'this is not a module image\n');
    await app.chooseFile(junk);
    await page.click('text=打开转储文件…');
    const alert = page.locator('.state--error[role="alert"]');
    await alert.waitFor();
    const text = await alert.innerText();
    expect(await alert.getAttribute('data-error-code')).toMatch(/IMAGE_UNPARSEABLE|IMAGE_EMPTY|FILE_UNREADABLE/);
    // Plain Chinese words and a next step, not the English service message alone.
    expect(text).toMatch(/请/);
    expect(text).toMatch(/[\u4e00-\u9fff]{4,}/);
  });

  it('keeps Chinese after a restart of the page, and Ctrl+L switches back to English', async () => {
    const { page } = app;
    await page.reload();
    await page.waitForSelector('[data-testid="read-button"]');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await page.innerText('nav')).toContain('测试台');
    await page.keyboard.press('Control+l');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.innerText('nav')).toContain('Bench');
  });
});
