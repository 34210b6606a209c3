import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, RawSqlite } from '../../../main/db/index';
import { tempDir } from './helpers';

const dir = tempDir('ob-kill-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a writer killed mid-stream', () => {
  it('loses nothing it reported committed and leaves a file that passes integrity_check', async () => {
    const file = path.join(dir, 'records.sqlite');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'writer.ts'), file], {
      cwd: path.resolve(__dirname, '../../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const committed: string[] = [];
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop() ?? '';
        for (const l of lines) if (l.startsWith('committed ')) committed.push(l.slice('committed '.length));
        // Kill while the writer is in full flow, in the middle of its next transaction.
        if (committed.length >= 40) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`writer exited before it was killed: ${stderr}`)));
    });
    expect(await exited).toBe('SIGKILL');

    const raw = await RawSqlite.open(file, 'readwrite');
    expect(await raw.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    const rmas = new Set((await raw.all<{ rma_number: string }>('SELECT rma_number FROM repair_case')).map((r) => r.rma_number));
    const runs = Number((await raw.get<{ n: number }>('SELECT count(*) AS n FROM test_run'))?.n);
    await raw.close();
    for (const rma of committed) expect(rmas.has(rma), `${rma} was reported committed`).toBe(true);
    expect(runs).toBeGreaterThanOrEqual(committed.length);
    // And the app opens it again as usual.
    const db = await openDatabase({ path: file });
    await db.close();
  }, 45_000);
});
