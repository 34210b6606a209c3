// registerIpc is the only code that touches ipcMain: it must register every channel, hand the
// real sender frame to the wrapper, send events to the caller only, and unregister cleanly.
import type { IpcMain } from 'electron';
import { openGate } from '../../support/access';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../preload/contract/channels';
import { registerIpc } from '../../../main/ipc/register';
import type { HandlerTable } from '../../../main/ipc/wrapper';

const APP = 'file:///app/out/renderer/index.html';
type Listener = (event: unknown, payload: unknown) => Promise<unknown>;

function fakeIpcMain(): { ipcMain: IpcMain; handlers: Map<string, Listener> } {
  const handlers = new Map<string, Listener>();
  const ipcMain = {
    handle: (channel: string, fn: Listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, fn);
    },
    removeHandler: (channel: string) => handlers.delete(channel),
  } as unknown as IpcMain;
  return { ipcMain, handlers };
}

function fakeEvent(url: string, opts: { subFrame?: boolean; destroyed?: boolean } = {}) {
  const sent: [string, unknown][] = [];
  const onDestroyed: (() => void)[] = [];
  const event = {
    senderFrame: { url, parent: opts.subFrame ? { url: APP } : null },
    sender: {
      isDestroyed: () => opts.destroyed ?? false,
      send: (name: string, data: unknown) => sent.push([name, data]),
      once: (name: string, fn: () => void) => {
        if (name === 'destroyed') onDestroyed.push(fn);
      },
    },
  };
  return { event, sent, onDestroyed };
}

const table = {
  'app:info': () => ({ name: 'x' }),
  'bench:read': (_req: unknown, ctx: { emit: (e: string, p: unknown) => void; onSenderGone: (fn: () => void) => () => void }) => {
    ctx.emit('bench:progress', { readId: 'r' });
    ctx.onSenderGone(() => undefined);
    return { readId: 'r' };
  },
} as unknown as HandlerTable;
const opts = { isTrustedSender: (u: string) => u === APP, access: openGate };

describe('registerIpc', () => {
  it('registers exactly the contract channels and removes them again', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const unregister = registerIpc(ipcMain, table, opts);
    expect([...handlers.keys()].sort()).toEqual([...CHANNELS].sort());
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('checks the frame that sent the call, refusing a sub-frame of the app page', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpc(ipcMain, table, opts);
    const info = handlers.get('app:info');
    await expect(info?.(fakeEvent(APP).event, undefined)).resolves.toEqual({ ok: true, value: { name: 'x' } });
    await expect(info?.(fakeEvent(APP, { subFrame: true }).event, undefined)).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    await expect(info?.(fakeEvent('https://evil.example/').event, undefined)).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });

  it('sends events to the calling WebContents only, never to a destroyed one, and watches it go away', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    registerIpc(ipcMain, table, opts);
    const live = fakeEvent(APP);
    await handlers.get('bench:read')?.(live.event, { programmer: { kind: 'sim' }, rxLightSource: false });
    expect(live.sent).toEqual([['bench:progress', { readId: 'r' }]]);
    expect(live.onDestroyed).toHaveLength(1);
    const dead = fakeEvent(APP, { destroyed: true });
    await handlers.get('bench:read')?.(dead.event, { programmer: { kind: 'sim' }, rxLightSource: false });
    expect(dead.sent).toEqual([]);
  });
});
