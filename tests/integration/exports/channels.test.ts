// The export:* channels and backup:restore through the real handler table and validating wrapper,
// as Electron and the harness call them: main's save/open dialog chooses the file, never the page.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../preload/contract/errors';
import type { ExportFileResult } from '../../../preload/contract/exports';
import type { AuditEvent } from '../../../preload/contract/records';
import type { AppServices, Dialogs } from '../../../main/services/app-services';
import { makeForeignFiles, type ForeignFiles } from './foreign-files';
import { FIXTURE_ACTOR, openChannelFixture, type ChannelFixture } from '../../support/channels';

const NOW = Date.parse('2026-11-26T15:30:00.000Z');

/** Scripted dialogs that also remember what main offered (title, default name, filters). */
class RecordingDialogs implements Dialogs {
  readonly opens: (string | null)[] = [];
  readonly saves: (string | null)[] = [];
  readonly asked: { kind: 'open' | 'save'; title: string; defaultName?: string; extensions: string[] }[] = [];
  openFile(opts: { title: string; filters: { extensions: string[] }[] }): Promise<string | null> {
    this.asked.push({ kind: 'open', title: opts.title, extensions: opts.filters.flatMap((f) => f.extensions) });
    return Promise.resolve(this.opens.shift() ?? null);
  }
  saveFile(opts: { title: string; defaultName: string; filters: { extensions: string[] }[] }): Promise<string | null> {
    this.asked.push({ kind: 'save', title: opts.title, defaultName: opts.defaultName, extensions: opts.filters.flatMap((f) => f.extensions) });
    return Promise.resolve(this.saves.shift() ?? null);
  }
}

let tmp: string;
let services: AppServices;
let foreign: ForeignFiles;
const dialogs = new RecordingDialogs();

let fx: ChannelFixture;

async function call<T = unknown>(channel: string, payload?: unknown): Promise<Result<T>> {
  return fx.call<T>(channel, payload);
}
async function ok<T>(channel: string, payload?: unknown): Promise<T> {
  return fx.ok<T>(channel, payload);
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'ob-export-ipc-'));
  fx = await openChannelFixture({ databasePath: path.join(tmp, 'live', 'records.sqlite'), dialogs, now: () => NOW });
  ({ services } = fx);
  foreign = await makeForeignFiles(tmp);
  const customer = await ok<{ id: number }>('customers:create', { name: 'Zhongguancun IDC, 北京' });
  for (const [rma, at] of [['RMA-A1', '2026-10-01T08:00:00Z'], ['RMA-A2', '2026-11-01T08:00:00Z'], ['RMA-B1', '2026-11-20T08:00:00Z']] as const) {
    await ok('cases:create', { rmaNumber: rma, customerId: customer.id, moduleSerial: `SN-${rma}`, notificationChannel: 'written', notifiedAt: at, notifiedBy: 'NOC', complaintText: '=cmd|/C calc' });
  }
});

afterAll(async () => {
  await services?.close();
  rmSync(tmp, { recursive: true, force: true });
});

beforeEach(() => {
  dialogs.asked.length = 0;
});

describe('export channels', () => {
  it('an export is an audit event under the signed-in person (not a name the page sends), with the filters and row count', async () => {
    const file = path.join(tmp, 'audited.csv');
    dialogs.saves.push(file);
    const r = await ok<ExportFileResult>('export:cases', { format: 'csv', filters: { search: 'RMA-A' } });
    expect(r).toMatchObject({ canceled: false, rows: 2 });
    const events = await ok<AuditEvent[]>('audit:list', { entity: 'export', entityId: 'audited.csv' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'export.cases', actor: FIXTURE_ACTOR, details: { format: 'csv', rows: 2, filters: { search: 'RMA-A' } } });
  });

  it('export:cases writes the filtered cases to the file chosen in the save dialog, offering a dated default name', async () => {
    const target = path.join(tmp, 'chosen.csv');
    dialogs.saves.push(target);
    const r = await ok<ExportFileResult>('export:cases', { format: 'csv', filters: { search: 'RMA-A' } });
    expect(r).toEqual({ canceled: false, fileName: 'chosen.csv', rows: 2, bytes: readFileSync(target).length });
    expect(dialogs.asked).toEqual([{ kind: 'save', title: 'Export repair cases', defaultName: 'optic-bench-cases-2026-11-26.csv', extensions: ['csv'] }]);
    const rows = parse(readFileSync(target), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((x) => x.rma_number)).toEqual(['RMA-A2', 'RMA-A1']);
    expect(rows[0]).toMatchObject({ customer: 'Zhongguancun IDC, 北京', complaint: "'=cmd|/C calc" });
  });

  it('export:test-runs offers a .json name for JSON and writes the period asked for', async () => {
    const target = path.join(tmp, 'runs.json');
    dialogs.saves.push(target);
    const r = await ok<ExportFileResult>('export:test-runs', { format: 'json', filters: { from: '2026-11-01', to: '2026-12-01' } });
    expect(r).toMatchObject({ canceled: false, fileName: 'runs.json', rows: 0 });
    expect(dialogs.asked[0]).toMatchObject({ defaultName: 'optic-bench-test-runs-2026-11-26.json', extensions: ['json'] });
    expect(JSON.parse(readFileSync(target, 'utf8'))).toMatchObject({ kind: 'test-runs', filters: { from: '2026-11-01', to: '2026-12-01' }, rows: [] });
  });

  it('closing the save dialog is {canceled:true}, not an error, and writes nothing', async () => {
    const before = readdirSync(tmp).sort();
    expect(await ok('export:cases', { format: 'json', filters: {} })).toEqual({ canceled: true });
    expect(readdirSync(tmp).sort()).toEqual(before);
  });

  it('replaces a file the user chose to replace in the save dialog (the dialog asked already)', async () => {
    const target = path.join(tmp, 'again.csv');
    writeFileSync(target, 'old');
    dialogs.saves.push(target);
    expect(await ok('export:cases', { format: 'csv', filters: {} })).toMatchObject({ rows: 3 });
    expect(readFileSync(target, 'utf8')).not.toBe('old');
  });

  it('the page cannot name a path or an unknown format: INVALID_INPUT before any dialog opens', async () => {
    for (const bad of [{ format: 'csv', filters: {}, out: '/etc/passwd' }, { format: 'xlsx', filters: {} }, { format: 'csv', filters: { path: '/tmp/x' } }]) {
      const r = await call('export:cases', bad);
      expect(r.ok ? 'ok' : r.error.code).toBe('INVALID_INPUT');
    }
    const r = await call('export:test-runs', { format: 'csv', filters: { out: 'x' } });
    expect(r.ok ? 'ok' : r.error.code).toBe('INVALID_INPUT');
    expect(dialogs.asked).toEqual([]);
  });
});

describe('backup:restore through the open dialog', () => {
  const snapshot = async () => ({
    customers: (await ok<{ name: string }[]>('customers:list', {})).map((c) => c.name),
    cases: (await ok<{ items: { rmaNumber: string }[] }>('cases:list', { limit: 500 })).items.map((c) => c.rmaNumber),
  });
  const liveDir = () => path.join(tmp, 'live');

  it.each(['plainSqlite', 'textAsSqlite', 'empty'] as const)('refuses %s with RESTORE_SOURCE_INVALID, keeps the live records and makes no copy', async (which) => {
    const before = await snapshot();
    dialogs.opens.push(foreign[which]);
    const r = await call('backup:restore', undefined);
    expect(r.ok ? 'ok' : r.error.code).toBe('RESTORE_SOURCE_INVALID');
    expect(await snapshot()).toEqual(before);
    expect(readdirSync(liveDir()).filter((n) => n.includes('before-restore'))).toEqual([]);
    // The foreign file itself is not altered by having been looked at.
    expect(existsSync(foreign[which])).toBe(true);
  });

  it('a restore that goes ahead leaves a copy of the live records beside them first', async () => {
    const backup = path.join(tmp, 'restore-me.sqlite');
    dialogs.saves.push(backup);
    await ok('backup:create', undefined);
    await ok('customers:create', { name: 'Only in the live database' });
    dialogs.opens.push(backup);
    expect(await ok('backup:restore', undefined)).toMatchObject({ canceled: false, previousCopyKept: true });
    await fx.signInAgain();
    expect((await snapshot()).customers).not.toContain('Only in the live database');
    const copies = readdirSync(liveDir()).filter((n) => n.includes('before-restore'));
    expect(copies).toHaveLength(1);
    // The copy opens as the records as they were: restore it back and the customer returns. The
    // clock has not moved, so this second copy must get a name of its own (was a raw SQLite error).
    dialogs.opens.push(path.join(liveDir(), copies[0]!));
    await ok('backup:restore', undefined);
    await fx.signInAgain();
    expect((await snapshot()).customers).toContain('Only in the live database');
    expect(readdirSync(liveDir()).filter((n) => n.includes('before-restore'))).toHaveLength(2);
  });
});
