// The app killed mid-soak (SIGKILL, a real child process on a real SQLite file): at the next
// start every sample the journal had committed is in the sealed soak, which ends "app-stopped",
// verifies in the chain, and leaves nothing in the journal (issue 15 item 6).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openAppServices } from '../../../main/services/app-services';
import { readSeries, SAMPLE_STATUS } from '../../../main/hardware/soak-series';
import { tempDir } from './helpers';

const dir = tempDir('ob-soak-kill-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('an app killed mid-soak', () => {
  it('keeps every sample up to the last journaled second, sealed at the next start', async () => {
    const file = path.join(dir, 'records.sqlite');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures', 'soak-writer.ts'), file], {
      cwd: path.resolve(__dirname, '../../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, signal) => resolve(signal)));
    let committed = { samples: 0, lastMs: 0 };
    await new Promise<void>((resolve, reject) => {
      let buf = '';
      let frames = 0;
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop() ?? '';
        for (const l of lines) {
          const m = /^journaled (\d+) (\d+)$/.exec(l);
          if (!m) continue;
          committed = { samples: Number(m[1]), lastMs: Number(m[2]) };
          // Killed in full flow, a few seconds in, between two journal writes.
          if (++frames === 4) {
            child.kill('SIGKILL');
            resolve();
          }
        }
      });
      child.on('exit', () => reject(new Error(`the soak writer exited before it was killed: ${stderr}`)));
    });
    expect(await exited).toBe('SIGKILL');
    expect(committed.samples).toBeGreaterThan(40);

    const services = await openAppServices({
      runtime: 'harness',
      appName: 'Optic Bench',
      appVersion: '0.1.0',
      versions: { node: process.versions.node, electron: null, chrome: null },
      platform: process.platform,
      databasePath: file,
      resourcesRoot: path.resolve(__dirname, '../../../resources'),
      dialogs: { openFile: async () => null, saveFile: async () => null },
      pinHasher: { hash: async (p) => `plain:${p}`, verify: async (h, p) => h === `plain:${p}` },
    });
    try {
      // The start-up recovery runs in the background: wait for it (bounded).
      for (let i = 0; i < 200 && services.soaks.list().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(services.soaks.recovered).toHaveLength(1);
      const { testRunId, summary } = services.soaks.recovered[0]!;
      expect(summary.endReason).toBe('app-stopped');
      expect(summary.samples).toBeGreaterThanOrEqual(committed.samples);
      const stored = await services.records.soaks.get(testRunId);
      const good = [...readSeries(stored.series)].filter((s) => s.status === SAMPLE_STATUS.good);
      expect(good.length).toBe(summary.samples);
      expect(good.at(-1)!.t).toBeGreaterThanOrEqual(committed.lastMs);
      expect(await services.records.soaks.journaled()).toEqual([]);
      expect((await services.audit.verify()).ok).toBe(true);
      const run = await services.records.testRuns.get(testRunId);
      expect(run).toMatchObject({ kind: 'soak', source: 'simulated' });
      // The bench lists it with this session's soaks, finished, ended by the app stopping.
      expect(services.soaks.list()[0]).toMatchObject({ state: 'finished', testRunId, summary: { endReason: 'app-stopped' } });
    } finally {
      await services.close();
    }
  }, 60_000);
});
