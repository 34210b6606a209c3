// The real preload, the test preload and main's handler table must expose the same channels:
// a channel in one and not the other would be a renderer feature that works in one runtime only.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { API_LAYOUT, CHANNELS, EVENTS, EVENT_LAYOUT, REQUEST_SCHEMAS } from '../../../preload/contract/channels';
import { emptyRequestSchema, type BenchApi } from '../../../preload/contract/api';

const invoke = vi.fn((channel: string, _payload?: unknown) => Promise.resolve({ ok: true, value: channel }));
const listeners = new Map<string, (...args: unknown[]) => void>();
const exposed: Record<string, unknown> = {};

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => {
      exposed[key] = api;
    },
  },
  ipcRenderer: {
    invoke: (channel: string, payload?: unknown) => invoke(channel, payload),
    on: (event: string, fn: (...args: unknown[]) => void) => listeners.set(event, fn),
    removeListener: (event: string, fn: (...args: unknown[]) => void) => {
      if (listeners.get(event) === fn) listeners.delete(event);
    },
  },
}));

let api: BenchApi;
beforeAll(async () => {
  await import('../../../preload/index');
  api = exposed.bench as BenchApi;
});

describe('preload/index.ts', () => {
  it('exposes window.bench and nothing else', () => {
    expect(Object.keys(exposed)).toEqual(['bench']);
  });

  const methods = Object.entries(API_LAYOUT).flatMap(([area, m]) => Object.entries(m).map(([name, channel]) => [area, name, channel] as const));
  it.each(methods)('%s.%s invokes %s', async (area, name, channel) => {
    invoke.mockClear();
    const fn = (api as unknown as Record<string, Record<string, (x?: unknown) => Promise<unknown>>>)[area]?.[name];
    expect(fn).toBeTypeOf('function');
    await expect(fn?.({ probe: 1 })).resolves.toEqual({ ok: true, value: channel });
    // Channels without a request send nothing at all; the others pass the request through unchanged.
    const expected = REQUEST_SCHEMAS[channel] === emptyRequestSchema ? undefined : { probe: 1 };
    expect(invoke.mock.calls).toEqual([[channel, expected]]);
  });

  it('has no function the layout does not list (nothing reaches ipcRenderer by another path)', () => {
    const listed = new Set([...methods.map(([a, n]) => `${a}.${n}`), ...Object.entries(EVENT_LAYOUT).flatMap(([a, s]) => Object.keys(s).map((n) => `${a}.${n}`))]);
    const actual = Object.entries(api).flatMap(([a, fns]) => Object.keys(fns as object).map((n) => `${a}.${n}`));
    expect(actual.sort()).toEqual([...listed].sort());
  });

  it('hands listeners the payload only, never the IPC event (it carries `sender`), and unsubscribes', () => {
    const seen: unknown[] = [];
    const off = api.bench.onProgress((e) => seen.push(e));
    const registered = listeners.get('bench:progress');
    registered?.({ sender: { send: 'secret' } }, { readId: 'r', phase: 'done' });
    expect(seen).toEqual([{ readId: 'r', phase: 'done' }]);
    off();
    expect(listeners.has('bench:progress')).toBe(false);
  });

  it('turns a broken IPC (rejected invoke) into a coded error, not a rejection', async () => {
    invoke.mockImplementationOnce(() => Promise.reject(new Error('Render frame was disposed')));
    await expect(api.app.info()).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('sends {} for optional-object requests called with nothing, so the schema sees an object', async () => {
    invoke.mockClear();
    await api.files.openDump();
    expect(invoke).toHaveBeenCalledWith('files:open-dump', {});
  });
});

describe('channel tables', () => {
  it('lists each channel once, every channel has a schema, and every channel is on window.bench', () => {
    expect(new Set(CHANNELS).size).toBe(CHANNELS.length);
    expect(Object.keys(REQUEST_SCHEMAS).sort()).toEqual([...CHANNELS].sort());
    const onApi = Object.values(API_LAYOUT).flatMap((m) => Object.values(m));
    expect([...onApi].sort()).toEqual([...CHANNELS].sort());
  });

  it('names channels and events area:verb', () => {
    for (const c of [...CHANNELS, ...EVENTS]) expect(c).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
  });

  it('exposes every event through a subscription', () => {
    const subscribed = Object.values(EVENT_LAYOUT).flatMap((s) => Object.values(s));
    expect([...subscribed].sort()).toEqual([...EVENTS].sort());
  });
});
