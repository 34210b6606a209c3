import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../main/cli/index';
import { tempDir } from './helpers';

const dir = tempDir('ob-cli-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  try {
    const code = await main(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}

describe('records CLI', () => {
  const db = path.join(dir, 'cli.sqlite');

  it('import-deliveries prints each bad row as FILE:LINE and exits 1 without importing', async () => {
    const csv = path.join(dir, 'd.csv');
    fs.writeFileSync(csv, 'serial,customer,delivered_on\nSN1,Acme,2025-01-01\nSN2,Acme,2025-13-01\n');
    const r = await run(['import-deliveries', csv, '--db', db, '--actor', 'tester']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${csv}:3: delivered_on "2025-13-01"`);
    expect(r.err).toContain('error CSV_INVALID');
    const info = await run(['db-info', '--db', db, '--json']);
    expect(info.code).toBe(0);
    expect(JSON.parse(info.out).counts.delivery).toBe(0);
  });

  it('backup then restore round-trips; restore of a foreign file exits 1 with its code', async () => {
    fs.writeFileSync(path.join(dir, 'ok.csv'), 'serial,customer,delivered_on\nSN1,Acme,2025-01-01\n');
    expect((await run(['import-deliveries', path.join(dir, 'ok.csv'), '--db', db])).code).toBe(0);
    const backup = path.join(dir, 'b.sqlite');
    expect((await run(['backup', '--db', db, '--to', backup])).code).toBe(0);
    const foreign = path.join(dir, 'foreign.txt');
    fs.writeFileSync(foreign, 'not a database');
    const bad = await run(['restore', '--db', db, '--from', foreign]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('RESTORE_SOURCE_INVALID');
    const ok = await run(['restore', '--db', db, '--from', backup, '--json']);
    expect(ok.code).toBe(0);
    expect(fs.existsSync(JSON.parse(ok.out).previousCopy)).toBe(true);
  });
});
