// The harness must be as strict as Electron's main: it answers only its own page, serves only
// the built renderer, and reports bad messages as coded errors. (Tests of the harness itself,
// not of the app; they keep the e2e results honest.)
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { IPC_PATH, startHarness, type Harness } from '../../support/harness/server';
import { testPreloadScript } from '../../support/harness/test-preload';

let harness: Harness;
let rendererDir: string;

beforeAll(async () => {
  // A stand-in renderer: these tests are about the server, not the built UI.
  rendererDir = mkdtempSync(path.join(os.tmpdir(), 'ob-harness-renderer-'));
  mkdirSync(path.join(rendererDir, 'assets'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Optic Bench</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  harness = await startHarness({ rendererDir });
});

afterAll(async () => {
  await harness?.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

function socket(origin: string | undefined): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${new URL(harness.origin).port}${IPC_PATH}`, origin === undefined ? {} : { origin });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function exchange(ws: WebSocket, message: string): Promise<{ id: number | null; result: { ok: boolean; error?: { code: string } } }> {
  return new Promise((resolve) => {
    ws.once('message', (data: WebSocket.RawData) => resolve(JSON.parse(data.toString()) as never));
    ws.send(message);
  });
}

describe('harness server', () => {
  it('answers its own page', async () => {
    const ws = await socket(harness.origin);
    const r = await exchange(ws, JSON.stringify({ id: 1, channel: 'app:info' }));
    expect(r).toMatchObject({ id: 1, result: { ok: true, value: { runtime: 'harness' } } });
    ws.close();
  });

  it.each([
    ['another origin', 'https://evil.example'],
    ['another local port', 'http://127.0.0.1:1'],
    ['no origin at all (not a browser page)', undefined],
  ])('refuses calls from %s with FORBIDDEN_SENDER', async (_what, origin) => {
    const ws = await socket(origin);
    const before = harness.calls.length;
    const r = await exchange(ws, JSON.stringify({ id: 7, channel: 'cases:list', payload: {} }));
    expect(r).toMatchObject({ id: 7, result: { ok: false, error: { code: 'FORBIDDEN_SENDER' } } });
    expect(harness.calls.length).toBe(before + 1);
    ws.close();
  });

  it('answers a malformed message with a coded error', async () => {
    const ws = await socket(harness.origin);
    expect(await exchange(ws, 'not json')).toMatchObject({ id: null, result: { ok: false, error: { code: 'INVALID_INPUT' } } });
    expect(await exchange(ws, JSON.stringify({ id: 'x', channel: 1 }))).toMatchObject({ id: null, result: { ok: false } });
    ws.close();
  });

  it('applies the same schemas as main (extra keys refused)', async () => {
    const ws = await socket(harness.origin);
    const r = await exchange(ws, JSON.stringify({ id: 2, channel: 'bench:cancel', payload: { readId: 'a', extra: 1 } }));
    expect(r.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    ws.close();
  });

  it('serves the renderer with the CSP header, client routes as the app page, and nothing outside it', async () => {
    const page = await fetch(harness.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${harness.origin}/repairs`)).status).toBe(200);
    expect((await fetch(`${harness.origin}/assets/app.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${harness.origin}/assets/missing.js`)).status).toBe(404);
    // Sent raw: fetch would normalise the dots away before the server saw them.
    const raw = await new Promise<number>((resolve, reject) => {
      http.get(`${harness.origin}/..%2f..%2fpackage.json`, (res) => resolve(res.statusCode ?? 0)).on('error', reject);
    });
    expect(raw).toBe(403);
    expect((await fetch(harness.url, { method: 'POST' })).status).toBe(405);
  });

  it('refuses to start without a built renderer, saying how to build it', async () => {
    await expect(startHarness({ rendererDir: path.join(rendererDir, 'nope') })).rejects.toThrow(/npm run build/);
  });
});

describe('test preload script', () => {
  it('is valid JavaScript that installs only on the harness origin', () => {
    const script = testPreloadScript('http://127.0.0.1:1234');
    // Compiles (a syntax error would only show as a missing window.bench in every e2e spec).
    expect(() => new Function(script)).not.toThrow();
    expect(script).toContain('location.origin !== config.origin');
  });
});
