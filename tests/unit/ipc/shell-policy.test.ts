// The pure rules behind the window: who may call main, where the page may go, what it may load,
// the remembered window state, the menu. (window.ts itself only wires these into Electron.)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { buildMenuTemplate } from '../../../main/menu';
import { createSenderPolicy, isAppUrl, isInsideRendererDir, isSameOrigin } from '../../../main/ipc/sender-policy';
import { CONTENT_SECURITY_POLICY } from '../../../main/content-security-policy';
import { MIN_SIZE, parseWindowState, saveWindowStateSync, loadWindowState } from '../../../main/window-state';

const rendererFile = path.resolve('/opt/Optic Bench/resources/app.asar/out/renderer/index.html');
const appUrl = pathToFileURL(rendererFile).href;

describe('sender policy', () => {
  const trusted = createSenderPolicy({ rendererFile });

  it('trusts the app page, with a hash route or query', () => {
    expect(trusted(appUrl)).toBe(true);
    expect(trusted(`${appUrl}#/repairs/12`)).toBe(true);
  });

  it.each([
    ['another file next to the app page', pathToFileURL(path.join(path.dirname(rendererFile), 'other.html')).href],
    ['a downloaded HTML file', 'file:///home/tech/Downloads/dump.html'],
    ['a UNC-style file URL with a host', 'file://evil-host/opt/Optic%20Bench/resources/app.asar/out/renderer/index.html'],
    ['a web page', 'https://example.com/'],
    ['a data URL', 'data:text/html,<script>1</script>'],
    ['about:blank (an opened blank frame)', 'about:blank'],
    ['garbage', 'not a url'],
  ])('refuses %s', (_what, url) => {
    expect(trusted(url)).toBe(false);
  });

  it('trusts the dev server origin only when one is configured, and only that origin', () => {
    const dev = createSenderPolicy({ rendererFile, devServerUrl: 'http://localhost:5173/' });
    expect(dev('http://localhost:5173/#/bench')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
    expect(dev('http://127.0.0.1:5173/')).toBe(false);
    expect(trusted('http://localhost:5173/')).toBe(false);
  });

  it('navigation follows the same rule as IPC', () => {
    expect(isAppUrl(appUrl, { rendererFile })).toBe(true);
    expect(isAppUrl('https://example.com/', { rendererFile })).toBe(false);
  });
});

describe('what the page may load', () => {
  it('allows files under out/renderer only, so the page cannot read other files through file://', () => {
    const asset = pathToFileURL(path.join(path.dirname(rendererFile), 'assets', 'index-abc.js')).href;
    expect(isInsideRendererDir(asset, rendererFile)).toBe(true);
    expect(isInsideRendererDir('file:///etc/passwd', rendererFile)).toBe(false);
    expect(isInsideRendererDir(pathToFileURL(path.join(path.dirname(rendererFile), '..', 'main', 'index.js')).href, rendererFile)).toBe(false);
    expect(isInsideRendererDir('https://cdn.example.com/x.js', rendererFile)).toBe(false);
  });

  it('matches the dev server by host and port, including its HMR socket', () => {
    expect(isSameOrigin('ws://localhost:5173/', 'http://localhost:5173/')).toBe(true);
    expect(isSameOrigin('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isSameOrigin('ftp://localhost:5173/', 'http://localhost:5173/')).toBe(false);
  });

  it('keeps scripts to the app bundle and forbids plugins and base rewriting', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval|\*)/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("base-uri 'none'");
  });

  it('ships the same policy in the page meta tag (file:// loads get no response headers)', () => {
    const html = readFileSync(path.resolve(__dirname, '../../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    // frame-ancestors is ignored in a meta tag, so the meta carries the rest of the header's policy.
    expect(meta).toBe(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''));
  });
});

describe('window state', () => {
  const screens = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  const good = { x: 100, y: 80, width: 1400, height: 900, maximized: false };
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('restores a saved state that is on a screen', () => {
    expect(parseWindowState(JSON.stringify(good), screens)).toEqual(good);
  });

  it.each([
    ['not JSON', '{x:'],
    ['a state with an extra key', JSON.stringify({ ...good, url: 'https://evil' })],
    ['a size below the minimum', JSON.stringify({ ...good, width: MIN_SIZE.width - 1 })],
    ['a fractional coordinate', JSON.stringify({ ...good, x: 1.5 })],
    ['text where a number belongs', JSON.stringify({ ...good, height: '900' })],
    ['a window on a monitor that is gone', JSON.stringify({ ...good, x: 2500 })],
  ])('ignores %s (the window opens at the default place)', (_what, text) => {
    expect(parseWindowState(text, screens)).toBeNull();
  });

  it('writes what it reads back, atomically', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ob-ws-'));
    const file = path.join(dir, 'window-state.json');
    expect(saveWindowStateSync(file, { ...good, width: 1400.4 })).toBe(true);
    expect(await loadWindowState(file, screens)).toEqual(good);
    writeFileSync(file, 'garbage');
    expect(await loadWindowState(file, screens)).toBeNull();
    expect(await loadWindowState(path.join(dir, 'missing.json'), screens)).toBeNull();
  });

  it('does not throw when the folder is not writable (a full or read-only disk must not crash quitting)', () => {
    expect(saveWindowStateSync('/proc/optic-bench-cannot-write/window-state.json', good)).toBe(false);
  });
});

describe('application menu', () => {
  const roles = (t: ReturnType<typeof buildMenuTemplate>): string[] =>
    t.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu.map((i) => String(i.role ?? i.type)) : []));

  it('has the usual edit and view items (their roles carry the platform shortcuts)', () => {
    const r = roles(buildMenuTemplate({ appName: 'Optic Bench', isMac: false, isDev: false }));
    for (const role of ['quit', 'undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']) expect(r).toContain(role);
  });

  it('offers developer tools in development only', () => {
    expect(roles(buildMenuTemplate({ appName: 'Optic Bench', isMac: false, isDev: false }))).not.toContain('toggleDevTools');
    expect(roles(buildMenuTemplate({ appName: 'Optic Bench', isMac: false, isDev: true }))).toContain('toggleDevTools');
  });

  it('puts the application menu first on macOS', () => {
    const t = buildMenuTemplate({ appName: 'Optic Bench', isMac: true, isDev: false });
    expect(t[0]?.label).toBe('Optic Bench');
  });
});
