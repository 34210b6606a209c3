// Issue 16: who may call what is decided in main, by the one wrapper, from main's session. The
// page sends no actor (a request naming one is refused), errors reach it with file names only.
import { describe, expect, it } from 'vitest';
import { CHANNEL_ACCESS, CHANNELS, REQUEST_SCHEMAS } from '../../../preload/contract/channels';
import { dispatch, redactForPage, type AccessGate, type HandlerTable } from '../../../main/ipc/wrapper';
import { BenchError } from '../../../main/errors';
import { TEST_MANAGER, closedGate, openGate } from '../../support/access';
import { guardCell } from '../../../main/services/exports';

const APP = 'file:///app/out/renderer/index.html';
const source = { senderUrl: APP, isMainFrame: true, emit: () => undefined };

function spyTable(): { table: HandlerTable; actors: unknown[] } {
  const actors: unknown[] = [];
  const table = new Proxy({}, { get: () => (_req: unknown, ctx: { actor: unknown }) => (actors.push(ctx.actor), { ok: 1 }) }) as HandlerTable;
  return { table, actors };
}

describe('channel access', () => {
  it('names an access rule for every channel, and only the sign-in screen\'s channels are public', () => {
    expect(Object.keys(CHANNEL_ACCESS).sort()).toEqual([...CHANNELS].sort());
    const publicOnes = CHANNELS.filter((c) => CHANNEL_ACCESS[c] === 'public').sort();
    // lab:status and lab:watch: the sign-in screen says when the lab server does not answer (issue 14).
    expect(publicOnes).toEqual(['app:info', 'lab:status', 'lab:watch', 'session:lock', 'session:setup', 'session:sign-in', 'session:sign-out', 'session:status', 'session:unlock', 'settings:get']);
  });

  it('refuses every non-public channel when nobody is signed in, before its handler runs', async () => {
    const { table, actors } = spyTable();
    const r = await dispatch(table, 'cases:list', {}, source, { isTrustedSender: (u) => u === APP, access: closedGate });
    expect(r).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED' } });
    expect(actors).toEqual([]);
    expect((await dispatch(table, 'app:info', undefined, source, { isTrustedSender: (u) => u === APP, access: closedGate })).ok).toBe(true);
  });

  it.each([
    ['backup:restore', undefined, 'supervisor'],
    ['cases:reopen', { caseId: 1, reason: 'photos' }, 'supervisor'],
    ['limits:import', undefined, 'engineering-manager'],
    ['technicians:create', { code: 'x', name: 'X', role: 'technician' }, 'supervisor'],
  ] as const)('%s asks the session for a %s (restore, reopen and limit publishing are not for everyone)', async (channel, payload, role) => {
    const asked: unknown[] = [];
    const gate: AccessGate = { require: (r) => (asked.push(r), Promise.reject(new BenchError('ROLE_REQUIRED', 'no'))), touch: () => undefined };
    const { table, actors } = spyTable();
    const r = await dispatch(table, channel, payload, source, { isTrustedSender: (u) => u === APP, access: gate });
    expect(r).toMatchObject({ ok: false, error: { code: 'ROLE_REQUIRED' } });
    expect(asked).toEqual([role]);
    expect(actors).toEqual([]);
  });

  it('hands the handler the person the session admitted', async () => {
    const { table, actors } = spyTable();
    await dispatch(table, 'cases:list', {}, source, { isTrustedSender: (u) => u === APP, access: openGate });
    expect(actors).toEqual([TEST_MANAGER]);
  });

  it('no request schema has a field for who acts (actor, operator): the page cannot name one', () => {
    type Walkable = { shape?: Record<string, unknown>; options?: unknown[] };
    const named: string[] = [];
    const walk = (channel: string, s: unknown): void => {
      const w = s as Walkable;
      if (w.shape) for (const k of Object.keys(w.shape)) if (k === 'actor' || k === 'operator') named.push(`${channel}.${k}`);
      for (const o of w.options ?? []) walk(channel, o);
    };
    let objects = 0;
    for (const c of CHANNELS) {
      walk(c, REQUEST_SCHEMAS[c]);
      if ((REQUEST_SCHEMAS[c] as Walkable).shape) objects++;
    }
    expect(named).toEqual([]);
    // The walk saw the object schemas (it would pass vacuously otherwise).
    expect(objects).toBeGreaterThan(30);
  });

  it('refuses a monitor rate that no timer can honour (1e-9 Hz ran at ~700 samples a second)', async () => {
    const { table } = spyTable();
    for (const rateHz of [1e-9, 0, 11]) {
      const r = await dispatch(table, 'bench:monitor-start', { readId: 'r1', rateHz }, source, { isTrustedSender: (u) => u === APP, access: openGate });
      expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
  });
});

describe('errors to the page', () => {
  it('carry base names, never the folders around them; the full text goes to main\'s log', async () => {
    const logged: unknown[] = [];
    const table = new Proxy({}, {
      get: () => () => {
        throw new BenchError('FILE_NOT_FOUND', 'cannot open /home/zlin/Private/records.sqlite: gone', { path: '/home/zlin/Private/records.sqlite', file: 'C:\\Users\\zlin\\a.csv' });
      },
    }) as HandlerTable;
    const r = await dispatch(table, 'cases:list', {}, source, { isTrustedSender: (u) => u === APP, access: openGate, logRedacted: (_c, e) => logged.push(e) });
    expect(r).toEqual({ ok: false, error: { code: 'FILE_NOT_FOUND', message: 'cannot open records.sqlite: gone', details: { path: 'records.sqlite', file: 'a.csv' } } });
    expect(String((logged[0] as Error).message)).toContain('/home/zlin/Private');
  });

  it('leave text that only looks like a path alone (A0h/A2h, dates, ratios)', () => {
    expect(redactForPage({ code: 'X', message: 'A0h/A2h checksum, 2026/03/01, 3/4 lanes' }).message).toBe('A0h/A2h checksum, 2026/03/01, 3/4 lanes');
  });
});

describe('CSV formula guard', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['＝1+1', "'＝1+1"],
    ['＋86 10 1234', "'＋86 10 1234"],
    ['－5', "'－5"],
    ['＠SUM(A1)', "'＠SUM(A1)"],
    ['note;=cmd|/C calc', "note;'=cmd|/C calc"],
    ['a;+1;-2;@x', "a;'+1;'-2;'@x"],
    ['a; =1', "a; '=1"],
  ])('guards %s (full-width forms for CJK spreadsheets, ";" for semicolon locales)', (cell, guarded) => {
    expect(guardCell(cell)).toBe(guarded);
  });

  it('leaves ordinary text alone, semicolons included', () => {
    for (const cell of ['Northwind; Harbour', 'txPowerDbm[1]; integrity:checksumBase', '李娜', 'a=b']) expect(guardCell(cell)).toBe(cell);
  });
});
