// The IPC wrapper under hostile input (issue 5, "Security checks"): every bad call gets a coded
// error and the service behind the channel is never reached.
import { openGate } from '../../support/access';
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../preload/contract/channels';
import { BenchError } from '../../../main/errors';
import { dispatch, MAX_PAYLOAD_STRING, screenPayload, type CallSource, type HandlerTable } from '../../../main/ipc/wrapper';

const APP_URL = 'file:///opt/optic-bench/resources/app.asar/out/renderer/index.html';

function spyTable(): { table: HandlerTable; calls: string[] } {
  const calls: string[] = [];
  const table = Object.fromEntries(
    CHANNELS.map((c) => [
      c,
      (req: unknown) => {
        calls.push(c);
        return { echoed: req };
      },
    ]),
  ) as unknown as HandlerTable;
  return { table, calls };
}

const source = (over: Partial<CallSource> = {}): CallSource => ({ senderUrl: APP_URL, isMainFrame: true, emit: () => undefined, ...over });
const opts = { isTrustedSender: (u: string) => u === APP_URL, access: openGate };
const goodRead = { programmer: { kind: 'sim', module: 'good-10g-sr' }, rxLightSource: false };

describe('dispatch: sender', () => {
  it.each([
    ['another origin', { senderUrl: 'https://evil.example/' }],
    ['another local file (a downloaded page)', { senderUrl: 'file:///tmp/evil.html' }],
    ['a destroyed frame with no URL', { senderUrl: null }],
    ['a sub-frame of the app page', { isMainFrame: false }],
  ])('refuses %s with FORBIDDEN_SENDER and runs nothing', async (_what, over) => {
    const { table, calls } = spyTable();
    const r = await dispatch(table, 'bench:read', goodRead, source(over), opts);
    expect(r).toEqual({ ok: false, error: { code: 'FORBIDDEN_SENDER', message: expect.any(String) } });
    expect(calls).toEqual([]);
  });

  it('checks the sender before the channel, so a probe learns nothing about channel names', async () => {
    const { table } = spyTable();
    const r = await dispatch(table, 'no:such', undefined, source({ senderUrl: 'https://evil.example/' }), opts);
    expect(r.ok || r.error.code).toBe('FORBIDDEN_SENDER');
  });
});

describe('dispatch: payloads', () => {
  const bad: [string, string, unknown][] = [
    ['wrong type (boolean as text)', 'bench:read', { ...goodRead, rxLightSource: 'yes' }],
    ['wrong type (number as id)', 'bench:cancel', { readId: 42 }],
    ['missing field', 'bench:read', { programmer: { kind: 'sim' } }],
    ['unknown programmer kind', 'bench:probe', { programmer: { kind: 'jtag', path: '/dev/ttyUSB0' } }],
    ['extra key at the top', 'bench:read', { ...goodRead, admin: true }],
    ['extra key nested', 'bench:read', { ...goodRead, programmer: { kind: 'sim', shell: 'rm -rf /' } }],
    ['a payload where none is taken', 'app:info', { anything: 1 }],
    ['a string too long for its field', 'bench:probe', { programmer: { kind: 'buspirate', path: '/dev/' + 'x'.repeat(600) } }],
    ['a huge string anywhere', 'bench:read', { ...goodRead, profileId: 'p'.repeat(MAX_PAYLOAD_STRING + 1) }],
    ['__proto__ as an own key (JSON.parse makes one)', 'bench:read', JSON.parse('{"programmer":{"kind":"sim"},"rxLightSource":false,"__proto__":{"polluted":true}}')],
    ['constructor key nested', 'bench:probe', { programmer: { kind: 'sim', constructor: { prototype: { polluted: true } } } }],
    ['prototype key', 'files:open-dump', { prototype: {} }],
    ['a non-plain object', 'bench:cancel', new Date()],
    ['nesting far too deep', 'files:open-dump', JSON.parse('{"a":'.repeat(40) + '1' + '}'.repeat(40))],
    ['a read id with path characters', 'bench:cancel', { readId: '../../etc/passwd' }],
    ['a monitor rate above the hardware limit', 'bench:monitor-start', { readId: 'r1', rateHz: 1000 }],
  ];
  it.each(bad)('rejects %s with INVALID_INPUT and never calls the service', async (_what, channel, payload) => {
    const { table, calls } = spyTable();
    const r = await dispatch(table, channel, payload, source(), opts);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('INVALID_INPUT');
    expect(calls).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects an unknown channel', async () => {
    const { table, calls } = spyTable();
    const r = await dispatch(table, 'fs:read-any-file', { path: '/etc/shadow' }, source(), opts);
    expect(r.ok ? 'ok' : r.error.code).toBe('INVALID_INPUT');
    expect(calls).toEqual([]);
  });

  it('says which field is wrong, so the renderer can show it', async () => {
    const { table } = spyTable();
    const r = await dispatch(table, 'bench:read', { ...goodRead, rxLightSource: 'yes' }, source(), opts);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.details).toMatchObject({ channel: 'bench:read', issues: [{ path: 'rxLightSource' }] });
  });

  it('passes a valid request through as parsed data', async () => {
    const { table, calls } = spyTable();
    const r = await dispatch(table, 'bench:read', goodRead, source(), opts);
    expect(r).toEqual({ ok: true, value: { echoed: goodRead } });
    expect(calls).toEqual(['bench:read']);
  });
});

describe('dispatch: failures inside the service', () => {
  it('turns an unexpected exception into INTERNAL without its message (it may hold paths or SQL)', async () => {
    const { table } = spyTable();
    const logError = vi.fn();
    table['app:info'] = () => {
      throw new Error('SQLITE_CORRUPT at /home/tech/.config/Optic Bench/optic-bench.sqlite');
    };
    const r = await dispatch(table, 'app:info', undefined, source(), { ...opts, logError });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INTERNAL');
      expect(r.error.message).not.toMatch(/SQLITE|home/);
    }
    expect(logError).toHaveBeenCalledOnce();
  });

  it('keeps a rejected promise from crossing as an exception', async () => {
    const { table } = spyTable();
    table['ports:list'] = () => Promise.reject(new TypeError('x is undefined'));
    await expect(dispatch(table, 'ports:list', undefined, source(), opts)).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('passes a BenchError through as its code, message and details (errors are data)', async () => {
    const { table } = spyTable();
    table['bench:read'] = () => {
      throw new BenchError('NO_MODULE', 'No module detected: seat the module and press Read again.', { addr: 0x50 });
    };
    const r = await dispatch(table, 'bench:read', goodRead, source(), opts);
    expect(r).toEqual({ ok: false, error: { code: 'NO_MODULE', message: 'No module detected: seat the module and press Read again.', details: { addr: 0x50 } } });
  });

  it('survives a sender policy that throws', async () => {
    const { table, calls } = spyTable();
    const r = await dispatch(table, 'app:info', undefined, source(), {
      access: openGate,
      isTrustedSender: () => {
        throw new Error('bad policy');
      },
    });
    expect(r.ok).toBe(false);
    expect(calls).toEqual([]);
  });
});

describe('screenPayload', () => {
  it('accepts ordinary requests, arrays and null prototypes', () => {
    expect(screenPayload(undefined)).toBeNull();
    expect(screenPayload({ a: [1, 'two', { b: null }] })).toBeNull();
    expect(screenPayload(Object.assign(Object.create(null) as object, { a: 1 }))).toBeNull();
  });
  it('counts values so a wide payload is refused before the schema walks it', () => {
    expect(screenPayload({ list: new Array(20_000).fill(0) })).toMatch(/more than/);
  });
});
