// The soak channels through the validating wrapper over the real services (simulated bench): bad
// requests refused with their code before anything runs, a soak holding the programmer refuses a
// read on it, CSV export through main's dialog (audited), the close question.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openChannelFixture, type ChannelFixture } from '../../support/channels';
import { mayCloseWithSoaks, CLOSE_WORDS } from '../../../main/services/soak-close';
import type { BenchReadResult, SoakLive } from '../../../preload/contract';

let dir: string;
let fx: ChannelFixture;
let saveTo: string | null = null;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ob-soak-ch-'));
  fx = await openChannelFixture({ databasePath: path.join(dir, 'db.sqlite'), dialogs: { openFile: async () => null, saveFile: async () => saveTo } });
});
afterEach(async () => {
  await fx.services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function simRead(module = 'good-10g-sr'): Promise<BenchReadResult> {
  return fx.ok<BenchReadResult>('bench:read', { programmer: { kind: 'sim', module }, rxLightSource: true });
}

describe('soak channels', () => {
  it('refuse a rate, a duration or a window out of range, and an unknown soak, each with its code', async () => {
    // Why: bad input gets a clear coded error and nothing starts.
    const read = await simRead();
    expect(await fx.call('soak:start', { readId: read.readId, rateHz: 0, durationS: 10 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await fx.call('soak:start', { readId: read.readId, rateHz: 20, durationS: 10 ** 9 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await fx.call('soak:series', { source: { soakId: 'x' }, buckets: 10, fromMs: 5, toMs: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await fx.call('soak:status', { soakId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await fx.call('soak:start', { readId: 'gone', rateHz: 20, durationS: 10 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(fx.services.soaks.runningCount).toBe(0);
  });

  it('a simulated soak runs, marks a phase, stops, is sealed as a training test run, and exports its CSV through the dialog', async () => {
    // Why: the bench's whole soak path over the one wrapper the page uses.
    const read = await simRead('intermittent-los-10g-sr');
    const { soakId } = await fx.ok<{ soakId: string }>('soak:start', { readId: read.readId, rateHz: 20, durationS: 30 });
    await fx.ok('soak:phase', { soakId, kind: 'ambient' });
    await new Promise((r) => setTimeout(r, 600));
    const live = await fx.ok<SoakLive>('soak:status', { soakId });
    expect(live).toMatchObject({ state: 'running', source: 'simulated', phases: [expect.objectContaining({ kind: 'ambient', by: 'Fixture Manager (fixture)' })] });
    // What the link carries was timed before the start and travels with the status (the panel says it).
    expect(live.link?.maxHz).toBeGreaterThanOrEqual(20);
    expect(live.link?.sampleMs).toBeGreaterThanOrEqual(0);
    expect((await fx.ok<SoakLive[]>('soak:list')).map((s) => s.soakId)).toContain(soakId);
    expect(await fx.ok('soak:stop', { soakId })).toEqual({ stopped: true });
    const done = await fx.ok<SoakLive>('soak:status', { soakId });
    expect(done).toMatchObject({ state: 'finished', summary: { endReason: 'stopped' } });
    expect(done.testRunId).not.toBeNull();
    const run = await fx.ok<{ kind: string; source: string }>('testruns:get', { id: done.testRunId });
    expect(run).toMatchObject({ kind: 'soak', source: 'simulated' });
    saveTo = path.join(dir, 'series.csv');
    const exported = await fx.ok<{ canceled: boolean; rows: number }>('soak:export', { source: { soakId } });
    expect(exported).toMatchObject({ canceled: false });
    const csv = fs.readFileSync(saveTo, 'utf8');
    expect(csv.startsWith('\ufefft_ms,time_utc,status,temperatureC (degC)')).toBe(true);
    expect(csv.split('\r\n').length - 2).toBe(exported.rows);
    const audit = await fx.services.records.audit.list({ entity: 'export' });
    expect(audit.some((e) => e.action === 'export.soak-series')).toBe(true);
  });

  it('a soak on a programmer refuses a read there until it ends (one master per programmer)', async () => {
    // Why: a read interleaved with the soak's samples would garble both.
    const read = await simRead();
    const { soakId } = await fx.ok<{ soakId: string }>('soak:start', { readId: read.readId, rateHz: 10, durationS: 30 });
    // The simulated bench is not a shared port: reads there go on.
    expect((await fx.call('bench:read', { programmer: { kind: 'sim', module: 'good-10g-sr' }, rxLightSource: true })).ok).toBe(true);
    expect(fx.services.soaks.busyOn({ kind: 'buspirate', path: '/dev/ttyUSB0' })).toBe(false);
    await fx.ok('soak:stop', { soakId });
  });
});

describe('closing the app while a soak runs', () => {
  const running = { state: 'running', module: { partNumber: 'OB-SFP10G-SR', serial: 'SIM0001' }, rmaNumber: 'RMA-1', elapsedMs: 600_000, durationMs: 3_600_000 } as unknown as SoakLive;
  it('asks, in the station language, and closes only when told to stop the soak', async () => {
    // Why: "closing the app asks before stopping a soak".
    const asked: string[] = [];
    const ask = (answer: number) => async (w: { title: string }, detail: string) => {
      asked.push(`${w.title}|${detail}`);
      return answer;
    };
    expect(await mayCloseWithSoaks({ running: () => [running], ask: ask(1), language: async () => 'en' })).toBe(false);
    expect(await mayCloseWithSoaks({ running: () => [running], ask: ask(0), language: async () => 'zh-CN' })).toBe(true);
    expect(asked[0]).toBe(`${CLOSE_WORDS.en.title}|OB-SFP10G-SR SIM0001 (RMA-1): 10 / 60 min`);
    expect(asked[1]!.startsWith(CLOSE_WORDS['zh-CN'].title)).toBe(true);
    expect(await mayCloseWithSoaks({ running: () => [{ ...running, state: 'finished' }], ask: ask(1), language: async () => 'en' })).toBe(true);
  });
});
