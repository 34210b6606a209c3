// A bench's outbox (issue 14): test runs recorded while the lab server does not answer wait here,
// in a SQLite file on the bench, and are sent in order when it answers again. Each carries the
// run's own id (runUid): the server stores a run once whatever happens to its answer, so a run
// is sent until the server has confirmed it, then removed here, and never stored twice.
// The file also keeps this bench's own settings (its station name), which the lab's shared
// setting table cannot hold.
import fs from 'node:fs';
import path from 'node:path';
import type { RecordTestRunInput, TestRunSummary } from '../../preload/contract/records';
import type { LabRefusedRun } from '../../preload/contract/lab';
import { RawSqlite } from '../db/sqlite-file';
import { createPrivateFile, ensurePrivateDir, makePrivate } from '../db/private-files';
import { isUnreachable } from '../db/lab-errors';
import { BenchError } from '../errors';

type Stored = Omit<RecordTestRunInput, 'raw'> & { raw: string };

export interface OutboxEntry {
  runUid: string;
  queuedAt: string;
  /** The stored payload as it was read (removed after sending only if still the same). */
  payload: string;
  input: RecordTestRunInput & { runUid: string };
}

export interface DrainResult {
  sent: number;
  refused: number;
  /** The server stopped answering part-way. */
  interrupted: boolean;
}

export class Outbox {
  private constructor(
    private readonly raw: RawSqlite,
    readonly file: string,
  ) {}

  static async open(file: string): Promise<Outbox> {
    ensurePrivateDir(path.dirname(file));
    if (!fs.existsSync(file)) createPrivateFile(file);
    makePrivate(file);
    const raw = await RawSqlite.open(file, 'readwrite');
    raw.busyTimeout(5000);
    await raw.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
      CREATE TABLE IF NOT EXISTS outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        run_uid TEXT NOT NULL UNIQUE,
        queued_at TEXT NOT NULL,
        module_serial TEXT NOT NULL,
        payload TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('waiting','refused')),
        attempts INTEGER NOT NULL DEFAULT 0,
        error_code TEXT,
        error_message TEXT);
      CREATE TABLE IF NOT EXISTS bench_setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);`);
    return new Outbox(raw, file);
  }

  async enqueue(input: RecordTestRunInput & { runUid: string }, at: string): Promise<void> {
    const stored: Stored = { ...input, raw: Buffer.from(input.raw).toString('base64') };
    // The same run again (a read kept while the server was away, then attached to a case on the
    // bench): a run still waiting takes the newer payload, so it is sent once, attached.
    await this.raw.run(
      `INSERT INTO outbox (run_uid, queued_at, module_serial, payload, state) VALUES (?, ?, ?, ?, 'waiting')
       ON CONFLICT (run_uid) DO UPDATE SET payload = excluded.payload, module_serial = excluded.module_serial WHERE outbox.state = 'waiting'`,
      [
      input.runUid,
      at,
      input.moduleSerial ?? input.decoded.vendor.serialNumber.trim(),
      JSON.stringify(stored),
      ],
    );
  }

  async waiting(): Promise<number> {
    return Number((await this.raw.get<{ n: number }>(`SELECT count(*) AS n FROM outbox WHERE state = 'waiting'`))?.n ?? 0);
  }

  async refused(): Promise<LabRefusedRun[]> {
    const rows = await this.raw.all<Record<string, unknown>>(`SELECT run_uid, queued_at, module_serial, error_code, error_message FROM outbox WHERE state = 'refused' ORDER BY seq`);
    return rows.map((r) => ({ runUid: String(r.run_uid), queuedAt: String(r.queued_at), moduleSerial: String(r.module_serial), code: String(r.error_code ?? ''), message: String(r.error_message ?? '') }));
  }

  async next(): Promise<OutboxEntry | null> {
    const r = await this.raw.get<{ run_uid: string; queued_at: string; payload: string }>(`SELECT run_uid, queued_at, payload FROM outbox WHERE state = 'waiting' ORDER BY seq LIMIT 1`);
    if (r === undefined) return null;
    const stored = JSON.parse(r.payload) as Stored;
    return { runUid: r.run_uid, queuedAt: r.queued_at, payload: r.payload, input: { ...stored, raw: new Uint8Array(Buffer.from(stored.raw, 'base64')), runUid: r.run_uid } };
  }

  /**
   * Sends the waiting runs in the order they were recorded. A run the server stored (now or on
   * an earlier try whose answer was lost) leaves the outbox; a run it refuses (a coded error:
   * the case was closed meanwhile) stays, marked refused, for a person to see; when the server
   * stops answering the rest wait for the next try.
   */
  async drain(send: (input: RecordTestRunInput & { runUid: string }) => Promise<TestRunSummary>): Promise<DrainResult> {
    let sent = 0;
    let refused = 0;
    for (;;) {
      const e = await this.next();
      if (e === null) return { sent, refused, interrupted: false };
      await this.raw.run(`UPDATE outbox SET attempts = attempts + 1 WHERE run_uid = ?`, [e.runUid]);
      try {
        await send(e.input);
      } catch (err) {
        if (isUnreachable(err)) return { sent, refused, interrupted: true };
        const code = err instanceof BenchError ? err.code : 'INTERNAL';
        await this.raw.run(`UPDATE outbox SET state = 'refused', error_code = ?, error_message = ? WHERE run_uid = ?`, [code, (err as Error).message.slice(0, 1000), e.runUid]);
        refused++;
        continue;
      }
      // Removed only as sent: a payload amended while it was on its way (attached meanwhile) is
      // sent again, and the server, which has the run by its uid, attaches it once.
      await this.raw.run(`DELETE FROM outbox WHERE run_uid = ? AND payload = ?`, [e.runUid, e.payload]);
      sent++;
    }
  }

  async getSetting(key: string): Promise<string | null> {
    return (await this.raw.get<{ value: string }>(`SELECT value FROM bench_setting WHERE key = ?`, [key]))?.value ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.raw.run(`INSERT INTO bench_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [key, value]);
  }

  close(): Promise<void> {
    return this.raw.close();
  }
}
