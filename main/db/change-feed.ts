// Changes other benches make, as they are committed (issue 14): one connection per bench LISTENs
// on the lab server's NOTIFY channel (the triggers of migration Lab1764600000000) and hands each
// change to main, which tells the screens (records:changed). The connection comes back by itself
// after the network or the server went away; `onState` says when it is up or down, which is also
// when the outbox tries again.
import pg from 'pg';
import type { RecordsChangedEvent } from '../../preload/contract/lab';
import { CHANGE_CHANNEL } from './migrations/postgres/1764600000000-lab';
import { pgConnectionOptions } from './postgres';
import type { PostgresTarget } from './target';

export interface ChangeFeed {
  close(): Promise<void>;
}

export interface ChangeFeedOptions {
  target: PostgresTarget;
  onChange(e: RecordsChangedEvent): void;
  onState(connected: boolean, error: string | null): void;
  /** Milliseconds between reconnection attempts. */
  retryMs?: number;
}

export function parseChange(payload: string | undefined): RecordsChangedEvent | null {
  try {
    const v = JSON.parse(payload ?? '') as Record<string, unknown>;
    if (typeof v.table !== 'string' || typeof v.id !== 'number') return null;
    return { table: v.table, id: v.id, caseId: typeof v.caseId === 'number' ? v.caseId : null, op: v.op === 'update' ? 'update' : 'insert' };
  } catch {
    return null;
  }
}

export function openChangeFeed(opts: ChangeFeedOptions): ChangeFeed {
  const retryMs = opts.retryMs ?? 2000;
  let client: pg.Client | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let connected = false;

  const setState = (up: boolean, error: string | null): void => {
    if (up === connected && error === null) return;
    connected = up;
    opts.onState(up, error);
  };

  const schedule = (): void => {
    if (closed || timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, retryMs);
  };

  const connect = async (): Promise<void> => {
    if (closed) return;
    const c = new pg.Client({ ...pgConnectionOptions(opts.target, { applicationName: 'optic-bench changes', connectTimeoutMs: 3000 }) });
    const lost = (e?: Error): void => {
      if (client !== c) return;
      client = null;
      c.removeAllListeners();
      c.on('error', () => undefined);
      void c.end().catch(() => undefined);
      setState(false, e?.message ?? 'the connection to the lab server ended');
      schedule();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    c.on('notification', (n) => {
      const change = parseChange(n.payload);
      if (change !== null) opts.onChange(change);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGE_CHANNEL}`);
      if (closed) {
        await c.end();
        return;
      }
      client = c;
      setState(true, null);
    } catch (e) {
      c.removeAllListeners();
      c.on('error', () => undefined);
      void c.end().catch(() => undefined);
      setState(false, (e as Error).message);
      schedule();
    }
  };

  void connect();
  return {
    async close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      const c = client;
      client = null;
      if (c !== null) {
        c.removeAllListeners();
        c.on('error', () => undefined);
        await c.end().catch(() => undefined);
      }
    },
  };
}
