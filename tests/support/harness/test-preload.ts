// The test-only preload: plain JavaScript injected with page.addInitScript that builds
// window.bench (BenchApi) on top of the harness's WebSocket. The object's shape comes from the
// contract's API_LAYOUT / EVENT_LAYOUT, the same data the real preload is checked against, so a
// channel cannot exist in one and not the other.
import { API_LAYOUT, EVENT_LAYOUT, OPTIONAL_OBJECT_REQUESTS } from '../../../preload/contract/channels';
import { IPC_PATH } from './server';

/**
 * The script, as text (not a function: a bundler's helpers in a serialised function would not
 * exist in the page). It installs only on `origin`, so a page of another origin gets no bridge.
 */
export function testPreloadScript(origin: string): string {
  const config = JSON.stringify({ origin, path: IPC_PATH, api: API_LAYOUT, events: EVENT_LAYOUT, optionalObject: OPTIONAL_OBJECT_REQUESTS });
  return `(() => {
  const config = ${config};
  if (location.origin !== config.origin || window !== window.top) return;
  let socket = null;
  let nextId = 1;
  const pending = new Map();
  const listeners = new Map();
  const queue = [];
  const failAll = (message) => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'INTERNAL', message } });
    pending.clear();
  };
  const connect = () => {
    socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + config.path);
    socket.addEventListener('open', () => { while (queue.length) socket.send(queue.shift()); });
    socket.addEventListener('message', (m) => {
      let msg;
      try { msg = JSON.parse(m.data); } catch { return; }
      if (msg && typeof msg.event === 'string') {
        for (const l of Array.from(listeners.get(msg.event) || [])) { try { l(msg.payload); } catch (e) { console.error(e); } }
        return;
      }
      const resolve = pending.get(msg.id);
      if (resolve) { pending.delete(msg.id); resolve(msg.result); }
    });
    socket.addEventListener('close', () => { socket = null; failAll('The application did not answer (harness socket closed).'); });
  };
  const send = (text) => {
    if (!socket) connect();
    if (socket.readyState === WebSocket.OPEN) socket.send(text); else queue.push(text);
  };
  const call = (channel, request) => new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    const payload = request === undefined && config.optionalObject.includes(channel) ? {} : request;
    send(JSON.stringify(payload === undefined ? { id, channel } : { id, channel, payload }));
  });
  const subscribe = (event, listener) => {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    if (!listeners.has(event)) listeners.set(event, new Set());
    const entry = (payload) => listener(payload);
    listeners.get(event).add(entry);
    if (!socket) connect();
    return () => { const set = listeners.get(event); if (set) set.delete(entry); };
  };
  const api = {};
  for (const [area, methods] of Object.entries(config.api)) {
    api[area] = {};
    for (const [name, channel] of Object.entries(methods)) api[area][name] = (request) => call(channel, request);
  }
  for (const [area, subs] of Object.entries(config.events)) {
    api[area] = api[area] || {};
    for (const [name, event] of Object.entries(subs)) api[area][name] = (listener) => subscribe(event, listener);
  }
  for (const area of Object.values(api)) Object.freeze(area);
  // Like contextBridge: a frozen, non-writable window.bench the page cannot replace.
  Object.defineProperty(window, 'bench', { value: Object.freeze(api), writable: false, configurable: false, enumerable: true });
})();`;
}
