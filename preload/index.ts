// The narrow bridge (DESIGN habits 1, 2): one function per channel, typed by BenchApi so a
// channel added to the contract but not here fails to compile. ipcRenderer itself never crosses
// to the page; listeners receive the payload only, never the IPC event (it carries `sender`).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { BenchApi, BenchEvents, ChannelName, EventName, Reply, RequestOf, ResponseOf, Unsubscribe } from './contract/api';

function call<C extends ChannelName>(channel: C, request?: RequestOf<C>): Reply<ResponseOf<C>> {
  // Main answers every call with a Result; a rejected invoke means the IPC itself broke.
  return ipcRenderer.invoke(channel, request).catch((e: unknown) => ({
    ok: false as const,
    error: { code: 'INTERNAL', message: `The application did not answer (${e instanceof Error ? e.message : String(e)}).` },
  })) as Reply<ResponseOf<C>>;
}

function subscribe<E extends EventName>(event: E, listener: (payload: BenchEvents[E]) => void): Unsubscribe {
  const wrapped = (_event: IpcRendererEvent, payload: BenchEvents[E]): void => listener(payload);
  ipcRenderer.on(event, wrapped);
  return () => {
    ipcRenderer.removeListener(event, wrapped);
  };
}

const api: BenchApi = {
  app: {
    info: () => call('app:info'),
  },
  ports: {
    list: () => call('ports:list'),
  },
  sim: {
    modules: () => call('sim:modules'),
  },
  bench: {
    probe: (req) => call('bench:probe', req),
    read: (req) => call('bench:read', req),
    cancel: (req) => call('bench:cancel', req),
    monitorStart: (req) => call('bench:monitor-start', req),
    monitorStop: (req) => call('bench:monitor-stop', req),
    onProgress: (listener) => subscribe('bench:progress', listener),
    onReading: (listener) => subscribe('bench:reading', listener),
    onMonitorEnded: (listener) => subscribe('bench:monitor-ended', listener),
  },
  files: {
    openDump: (req) => call('files:open-dump', req ?? {}),
  },
  limits: {
    list: () => call('limits:list'),
  },
};

contextBridge.exposeInMainWorld('bench', api);
