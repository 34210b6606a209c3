// The lint:security wrapper must fail on a real finding: Electronegativity itself exits 0 with
// findings, so a wrapper that only ran it would pass anything. Scans small fixture trees.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scan } from '../../../scripts/lint-security';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function fixture(windowSource: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ob-eng-fixture-'));
  dirs.push(root);
  for (const d of ['main', 'preload', 'renderer']) mkdirSync(path.join(root, d));
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'fixture', devDependencies: { electron: '^45.5.0' } }));
  writeFileSync(path.join(root, 'main', 'window.ts'), windowSource);
  writeFileSync(path.join(root, 'preload', 'index.ts'), "import { contextBridge } from 'electron';\ncontextBridge.exposeInMainWorld('x', {});\n");
  writeFileSync(
    path.join(root, 'renderer', 'index.html'),
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'" /> <!-- eng-disable CSP_GLOBAL_CHECK --></head><body></body></html>\n`,
  );
  return root;
}

describe('lint:security scan', () => {
  it('reports an insecure window above informational (sandbox off, no navigation limit, no permission handler)', async () => {
    const root = fixture(
      "import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n",
    );
    const result = await scan(root);
    const ids = result.issues.filter((i) => i.severity.value > 0).map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining(['SANDBOX_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK']));
  }, 60_000);

  it('finds nothing above informational in the shipped sources', async () => {
    const result = await scan();
    expect(result.issues.filter((i) => i.severity.value > 0).map((i) => `${i.id} ${i.file}:${i.location.line}`)).toEqual([]);
    expect(result.errors.filter((e) => !e.tolerable)).toEqual([]);
  }, 60_000);
});
