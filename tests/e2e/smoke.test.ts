// The app starts, its page gets the bridge, and the bridge reaches real services: in the
// Electron app where it can run, and always through the harness in Debian's Chromium.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BenchApi } from '../../preload/contract/api';
import { describeApp, type OpenedApp } from '../support/e2e';

declare global {
  interface Window {
    bench: BenchApi;
  }
}

describeApp('smoke', ({ runtime, open }) => {
  let app: OpenedApp;
  beforeAll(async () => {
    app = await open();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('loads the app page with its title and no uncaught errors', async () => {
    await app.page.waitForLoadState('load');
    expect(await app.page.title()).toMatch(/Optic Bench/);
    expect(app.pageErrors).toEqual([]);
  });

  // file:// in Electron has no response headers (the meta tag applies there); the harness sends the header.
  it.skipIf(runtime !== 'harness')('serves the page under the same strict CSP the Electron window sets', async () => {
    const res = await app.page.request.get(app.harness!.url);
    expect(res.headers()['content-security-policy']).toContain("script-src 'self'");
    // An inline script is refused by that policy: the page cannot run injected markup's code.
    const ran = await app.page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.appendChild(s);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
  });

  it('answers app:info through window.bench, naming the runtime it runs in', async () => {
    const info = await app.page.evaluate(() => window.bench.app.info());
    expect(info).toMatchObject({ ok: true, value: { name: expect.any(String), runtime } });
  });

  it('reads a module on the simulated bench and returns a verdict with progress events on the way', async () => {
    const r = await app.page.evaluate(async () => {
      const phases: string[] = [];
      const off = window.bench.bench.onProgress((e) => phases.push(`${e.readId}:${e.phase}`));
      const result = await window.bench.bench.read({ programmer: { kind: 'sim', module: 'weak-tx' }, rxLightSource: false, readId: 'smoke-1' });
      off();
      return { result, phases };
    });
    expect(r.result.ok).toBe(true);
    if (!r.result.ok) return;
    expect(r.result.value.readId).toBe('smoke-1');
    // weak-tx is the library's aged laser: Tx power below the 10GBASE-SR minimum.
    expect(r.result.value.evaluation.overall).toBe('fail');
    expect(r.result.value.rawHex).toMatch(/^([0-9a-f]{2}){512}$/);
    expect(r.phases).toContain('smoke-1:done');
  });

  it('brings a markup vendor name across as a plain string, and the page does not turn it into markup', async () => {
    const r = await app.page.evaluate(async () => {
      const result = await window.bench.bench.read({ programmer: { kind: 'sim', module: 'hostile-vendor-name' }, rxLightSource: false });
      return { result, svgInDocument: document.querySelectorAll('svg[onload]').length };
    });
    expect(r.result.ok).toBe(true);
    if (!r.result.ok) return;
    expect(typeof r.result.value.module.vendor.name).toBe('string');
    expect(r.result.value.module.vendor.name).toBe('<svg onload=a()>');
    expect(r.svgInDocument).toBe(0);
  });

  it('opens a dump through main\'s file dialog: the page asks, the user chooses, the page never names a path', async () => {
    await app.chooseFile(path.resolve(__dirname, '../../resources/modules/good-10g-sr.hex'));
    const r = await app.page.evaluate(() => window.bench.files.openDump());
    expect(r).toMatchObject({ ok: true, value: { canceled: false, format: 'ethtool-hex', read: { source: 'file', fileName: 'good-10g-sr.hex', evaluation: { overall: 'pass' } } } });
    await app.chooseFile(null);
    expect(await app.page.evaluate(() => window.bench.files.openDump())).toEqual({ ok: true, value: { canceled: true } });
  });

  it('returns a coded error, not an exception, for a malformed call from the page', async () => {
    const r = await app.page.evaluate(() =>
      // Deliberately wrong: the page is untrusted as far as main is concerned.
      window.bench.bench.read({ programmer: { kind: 'sim' }, rxLightSource: 'yes' } as unknown as Parameters<BenchApi['bench']['read']>[0]),
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
