// The handler table over the real services (temp SQLite, simulated programmer, shipped limit
// library), called through dispatch exactly as Electron and the harness call it.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchEvents, BenchReadResult, EventName } from '../../../preload/contract/api';
import type { Result } from '../../../preload/contract/errors';
import { dispatch, type Emit, type HandlerTable } from '../../../main/ipc/wrapper';
import type { AppServices } from '../../../main/services/app-services';
import { ScriptedDialogs } from '../../support/harness/server';
import { APP_URL, FIXTURE_ACTOR, openChannelFixture, type ChannelFixture } from '../../support/channels';

const ROOT = path.resolve(__dirname, '../../..');
const APP = APP_URL;

let tmp: string;
let services: AppServices;
let table: HandlerTable;
const dialogs = new ScriptedDialogs();
const events: { event: EventName; payload: unknown }[] = [];
const emit: Emit = (event, payload) => events.push({ event, payload });

let fx: ChannelFixture;

async function call<T = unknown>(channel: string, payload?: unknown, onEmit: Emit = emit): Promise<Result<T>> {
  return fx.call<T>(channel, payload, onEmit);
}

async function ok<T>(channel: string, payload?: unknown): Promise<T> {
  return fx.ok<T>(channel, payload);
}

async function read(module: string, extra: Record<string, unknown> = {}): Promise<BenchReadResult> {
  return ok<BenchReadResult>('bench:read', { programmer: { kind: 'sim', module }, rxLightSource: false, ...extra });
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'ob-table-'));
  fx = await openChannelFixture({ databasePath: path.join(tmp, 'records.sqlite'), dialogs, emit });
  ({ services, table } = fx);
});

afterAll(async () => {
  await services?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('bench channels', () => {
  it('reads and judges a simulated module, sending progress events tagged with the read id', async () => {
    events.length = 0;
    const r = await read('weak-tx', { readId: 'weak-1' });
    expect(r.evaluation.overall).toBe('fail');
    expect(r.source).toBe('programmer');
    const progress = events.filter((e) => e.event === 'bench:progress').map((e) => e.payload as BenchEvents['bench:progress']);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.every((p) => p.readId === 'weak-1')).toBe(true);
    expect(progress.at(-1)?.phase).toBe('done');
  });

  it('refuses a second read under an id already used (test runs are recorded by read id)', async () => {
    const r = await call('bench:read', { programmer: { kind: 'sim' }, rxLightSource: false, readId: 'weak-1' });
    expect(r.ok ? 'ok' : r.error.code).toBe('INVALID_INPUT');
  });

  it('brings a markup vendor name across as the same plain string (module strings are data)', async () => {
    const r = await read('hostile-vendor-name');
    expect(r.module.vendor.name).toBe('<svg onload=a()>');
    // What crosses IPC is a structured clone / JSON of the value: the string must survive unchanged.
    expect((JSON.parse(JSON.stringify(r)) as BenchReadResult).module.vendor.name).toBe('<svg onload=a()>');
    expect(structuredClone(r).module.vendor.name).toBe('<svg onload=a()>');
  });

  it('gives CANCELLED (not a failure) for a read cancelled while it runs', async () => {
    let cancelled: Promise<unknown> | null = null;
    const r = await call('bench:read', { programmer: { kind: 'sim' }, rxLightSource: false, readId: 'to-cancel' }, (event) => {
      if (event === 'bench:progress' && cancelled === null) cancelled = call('bench:cancel', { readId: 'to-cancel' });
    });
    expect(await cancelled).toEqual({ ok: true, value: { cancelled: true } });
    expect(r.ok ? 'ok' : r.error.code).toBe('CANCELLED');
    expect(await call('bench:cancel', { readId: 'to-cancel' })).toEqual({ ok: true, value: { cancelled: false } });
  });

  it('reports a missing simulated module as a coded error', async () => {
    const r = await call('bench:read', { programmer: { kind: 'sim', module: 'no-such-module' }, rxLightSource: false });
    expect(r.ok ? 'ok' : r.error.code).toBe('SIM_MODULE_UNKNOWN');
  });

  it('probes the simulated bench', async () => {
    await expect(ok('bench:probe', { programmer: { kind: 'sim', module: 'qsfp28-sr4' } })).resolves.toMatchObject({ present: true, programmer: { kind: 'sim' } });
  });

  it('streams live readings until stopped, then says the monitor ended without error', async () => {
    const base = await read('good-10g-sr');
    const readings: unknown[] = [];
    let ended: unknown = null;
    const started = await dispatch(table, 'bench:monitor-start', { readId: base.readId, rateHz: 10 }, {
      senderUrl: APP,
      isMainFrame: true,
      emit: (event, payload) => {
        if (event === 'bench:reading') readings.push(payload);
        if (event === 'bench:monitor-ended') ended = payload;
      },
    }, { isTrustedSender: () => true, access: services.auth });
    expect(started.ok).toBe(true);
    const monitorId = started.ok ? (started.value as { monitorId: string }).monitorId : '';
    const t0 = Date.now();
    while (readings.length < 2 && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 20));
    expect(readings.length).toBeGreaterThanOrEqual(2);
    expect(readings[0]).toMatchObject({ monitorId, reading: { temperatureC: expect.any(Number), lanes: [expect.any(Object)] } });
    expect(await ok('bench:monitor-stop', { monitorId })).toEqual({ stopped: true });
    expect(ended).toEqual({ monitorId, error: null });
    expect(services.bench.activeMonitors).toBe(0);
  });

  it('takes back its "page gone" listener when a monitor ends, so starts do not pile listeners on the page', async () => {
    const listeners = new Set<() => void>();
    const onSenderGone = (cleanup: () => void): (() => void) => {
      listeners.add(cleanup);
      return () => {
        listeners.delete(cleanup);
      };
    };
    for (let i = 0; i < 5; i++) {
      const base = await read('good-10g-sr');
      const started = await dispatch(table, 'bench:monitor-start', { readId: base.readId, rateHz: 10 }, { senderUrl: APP, isMainFrame: true, emit: () => undefined, onSenderGone }, { isTrustedSender: () => true, access: services.auth });
      expect(listeners.size).toBe(1);
      const monitorId = started.ok ? (started.value as { monitorId: string }).monitorId : '';
      await ok('bench:monitor-stop', { monitorId });
      expect(listeners.size).toBe(0);
    }
  });

  it('stops a monitor when the page that started it goes away (its port must not stay held)', async () => {
    const base = await read('good-10g-sr');
    let gone: (() => void) | null = null;
    const ended: unknown[] = [];
    const started = await dispatch(table, 'bench:monitor-start', { readId: base.readId, rateHz: 5 }, {
      senderUrl: APP,
      isMainFrame: true,
      emit: (event, payload) => {
        if (event === 'bench:monitor-ended') ended.push(payload);
      },
      onSenderGone: (cleanup) => {
        gone = cleanup;
        return () => {
          gone = null;
        };
      },
    }, { isTrustedSender: () => true, access: services.auth });
    expect(started.ok).toBe(true);
    expect(services.bench.activeMonitors).toBe(1);
    (gone as (() => void) | null)?.();
    const t0 = Date.now();
    while (services.bench.activeMonitors > 0 && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 10));
    expect(services.bench.activeMonitors).toBe(0);
    expect(ended).toHaveLength(1);
  });

  it('will not monitor a dump file (there is no module behind it)', async () => {
    dialogs.queueOpen(path.join(ROOT, 'resources/modules/good-10g-sr.hex'));
    const opened = await ok<{ canceled: false; read: BenchReadResult }>('files:open-dump', {});
    const r = await call('bench:monitor-start', { readId: opened.read.readId, rateHz: 1 });
    expect(r.ok ? 'ok' : r.error.code).toBe('INVALID_INPUT');
  });
});

describe('files:open-dump', () => {
  it('returns canceled when the user closes the dialog', async () => {
    dialogs.queueOpen(null);
    expect(await ok('files:open-dump', {})).toEqual({ canceled: true });
  });

  it('decodes and judges the chosen file, naming it without its folder', async () => {
    dialogs.queueOpen(path.join(ROOT, 'resources/modules/good-10g-sr.hex'));
    const r = await ok<{ canceled: false; read: BenchReadResult; format: string }>('files:open-dump', {});
    expect(r.format).toBe('ethtool-hex');
    expect(r.read).toMatchObject({ source: 'file', fileName: 'good-10g-sr.hex', evaluation: { overall: 'pass' } });
  });

  it('says FILE_NOT_FOUND for a file that vanished, and refuses a huge file before reading it', async () => {
    dialogs.queueOpen(path.join(tmp, 'gone.bin'));
    const gone = await call('files:open-dump', {});
    expect(gone.ok ? 'ok' : gone.error.code).toBe('FILE_NOT_FOUND');
    const big = path.join(tmp, 'big.bin');
    writeFileSync(big, Buffer.alloc(1024 * 1024));
    dialogs.queueOpen(big);
    const r = await call('files:open-dump', {});
    expect(r.ok ? 'ok' : r.error.code).toBe('IMAGE_UNPARSEABLE');
  });
});

describe('records channels', () => {
  it('takes a case from intake through a recorded read to a warranty decision', async () => {
    const customer = await ok<{ id: number }>('customers:create', { name: 'Northwind Networks' });
    const weak = await read('weak-tx');
    const serial = weak.module.vendor.serialNumber;
    const created = await ok<{ id: number; status: string }>('cases:create', {
      rmaNumber: 'RMA-2026-0001',
      customerId: customer.id,
      moduleSerial: serial,
      notificationChannel: 'telephone',
      notifiedAt: '2026-11-20T09:30:00+08:00',
      notifiedBy: 'Li Wei',
      complaintText: 'Link drops after warm-up',
    });
    expect(created.status).toBe('received');
    const tech = await ok<{ id: number }>('technicians:create', { code: 'zlin', name: 'Zhang Lin', role: 'technician' });
    await ok('cases:assign', { caseId: created.id, technicianId: tech.id });
    await ok('cases:transition', { caseId: created.id, to: 'diagnosing' });
    const run = await ok<{ id: number; overall: string; moduleSerial: string }>('testruns:record', {
      readId: weak.readId,
      role: 'before-repair',
      caseId: created.id,
    });
    // Provenance from main, not the page: the simulated bench is training, under the signed-in person.
    expect(run).toMatchObject({ overall: 'fail', moduleSerial: serial, source: 'simulated', programmerKind: 'sim', operator: FIXTURE_ACTOR, station: 'Fixture bench' });
    // A simulated read never becomes a decision's evidence (issue 16: REAL-123 became `replace` on one).
    const refused = await call('cases:transition', { caseId: created.id, to: 'awaiting-decision' });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('EVIDENCE_NOT_ADMISSIBLE');
    const detail = await ok<{ testRuns: { id: number }[]; history: unknown[] }>('cases:get', { id: created.id });
    expect(detail.testRuns.map((t) => t.id)).toEqual([run.id]);
    const stored = await ok<{ rawHex: string }>('testruns:get', { id: run.id });
    // The stored bytes are the ones main read, not anything the page could have sent.
    expect(stored.rawHex).toBe(weak.rawHex);
    const found = await ok<{ id: number }[]>('cases:find', { query: serial });
    expect(found[0]?.id).toBe(created.id);
    const listed = await ok<{ items: { id: number }[] }>('cases:list', { filters: { search: 'RMA-2026' } });
    expect(listed.items.map((c) => c.id)).toContain(created.id);
    const stats = await ok<{ total: number }>('stats:dashboard', {});
    expect(stats.total).toBeGreaterThanOrEqual(1);
  });

  it('refuses to record a read it does not hold', async () => {
    const r = await call('testruns:record', { readId: 'never-read', role: 'before-repair' });
    expect(r.ok ? 'ok' : r.error.code).toBe('NOT_FOUND');
  });

  it('stores settings', async () => {
    await ok('settings:set', { key: 'station', value: 'bench-7' });
    const all = await ok<{ key: string; value: string }[]>('settings:get');
    expect(all).toContainEqual(expect.objectContaining({ key: 'station', value: 'bench-7' }));
  });
});

describe('limit profiles', () => {
  it('lists the shipped library', async () => {
    const list = await ok<{ id: string }[]>('limits:list');
    expect(list.map((p) => p.id)).toContain('ieee-10gbase-sr');
  });

  it('adds a new version above the newest, refuses one that is not, and judges with it', async () => {
    const [sr] = (await ok<{ id: string; version: number }[]>('limits:list')).filter((p) => p.id === 'ieee-10gbase-sr');
    if (!sr) throw new Error('no 10GBASE-SR profile');
    const same = await call('limits:new-version', { profile: sr });
    expect(same.ok ? 'ok' : same.error.code).toBe('LIMIT_PROFILE_DUPLICATE');
    const next = { ...sr, version: sr.version + 1, effectiveFrom: null };
    await expect(ok('limits:new-version', { profile: next })).resolves.toMatchObject({ id: sr.id, version: next.version });
    const r = await read('good-10g-sr', { profileId: `${sr.id}@${next.version}` });
    expect(r.evaluation.profile).toMatchObject({ id: sr.id, version: next.version });
  });

  it('imports a profile file chosen in the dialog, and stores nothing from a file with a bad profile', async () => {
    const file = path.join(tmp, 'custom.json');
    writeFileSync(file, JSON.stringify({ id: 'custom-sr', version: 1, name: 'Custom SR', source: 'customer spec', effectiveFrom: null, match: { partNumbers: ['^CUST-SR'] }, limits: {} }));
    dialogs.queueOpen(file);
    const r = await ok<{ canceled: false; imported: { id: string }[] }>('limits:import', undefined);
    expect(r.imported.map((p) => p.id)).toEqual(['custom-sr']);
    const bad = path.join(tmp, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ id: 'custom-lr', version: 1, name: 'x', source: 'y', effectiveFrom: null, match: {}, limits: {} }, { id: 'BAD ID' }]));
    dialogs.queueOpen(bad);
    const refused = await call('limits:import', undefined);
    expect(refused.ok ? 'ok' : refused.error.code).toBe('LIMIT_PROFILE_INVALID');
    expect((await ok<{ id: string }[]>('limits:list')).map((p) => p.id)).not.toContain('custom-lr');
  });
});

describe('backup and restore through main dialogs', () => {
  it('backs up to the chosen file and restores from it, keeping the records of that moment', async () => {
    const target = path.join(tmp, 'backup.sqlite');
    dialogs.queueSave(target);
    const made = await ok<{ canceled: false; fileName: string }>('backup:create', undefined);
    expect(made.fileName).toBe('backup.sqlite');
    expect(existsSync(target)).toBe(true);
    await ok('customers:create', { name: 'Added after the backup' });
    dialogs.queueOpen(target);
    const restored = await ok<{ canceled: false; previousCopyKept: boolean }>('backup:restore', undefined);
    expect(restored.previousCopyKept).toBe(true);
    // The people and PINs are the backup's now: the station signs in again.
    expect((await call('customers:list', {})).ok ? 'ok' : 'refused').toBe('refused');
    await fx.signInAgain();
    const names = (await ok<{ name: string }[]>('customers:list', {})).map((c) => c.name);
    expect(names).toContain('Northwind Networks');
    expect(names).not.toContain('Added after the backup');
  });

  it('leaves the records usable when the chosen file is not a backup', async () => {
    const notDb = path.join(tmp, 'not-a-backup.sqlite');
    writeFileSync(notDb, 'hello');
    dialogs.queueOpen(notDb);
    const r = await call('backup:restore', undefined);
    expect(r.ok ? 'ok' : r.error.code).toBe('RESTORE_SOURCE_INVALID');
    expect((await ok<{ name: string }[]>('customers:list', {})).length).toBeGreaterThan(0);
  });
});
