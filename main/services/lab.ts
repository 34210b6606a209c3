// A bench in a lab (issue 14): where the lab server is (Settings -> Lab server, kept in a file
// beside the bench's records, the password encrypted by the system's key store), the link to it
// while the app runs (the outbox of runs recorded while it does not answer, the changes other
// benches make), and the status line the screens show.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { LabRefusedRun, LabServerSettings, LabServerView, LabStatus, RecordsChangedEvent } from '../../preload/contract/lab';
import type { RecordTestRunInput, TestRunSummary } from '../../preload/contract/records';
import { BenchError } from '../errors';
import { isUnreachable } from '../db/lab-errors';
import { postgresTargetFromSettings, type PostgresTarget } from '../db/target';
import { openChangeFeed, type ChangeFeed } from '../db/change-feed';
import { PRIVATE_FILE_MODE, ensurePrivateDir, fsyncDir, fsyncFile } from '../db/private-files';
import type { Outbox } from './outbox';
import type { SecretStore } from './secret-store';

export const LAB_CONFIG_FILE = 'lab-server.json';
export const OUTBOX_FILE = 'outbox.sqlite';

/** Settings a bench keeps for itself in a lab (the lab's setting table is every bench's). */
export const BENCH_LOCAL_SETTINGS: readonly string[] = ['station'];

interface LabConfigFile {
  settings: LabServerSettings;
  enabled: boolean;
  /** safeStorage cipher text, base64; null: no password kept (PGPASSWORD, ~/.pgpass). */
  password: string | null;
  /** The lab's CA file, where the administrator put it. */
  caFile: string | null;
}

export function readLabConfig(file: string): LabConfigFile | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LabConfigFile;
  } catch {
    return null;
  }
}

/** Written whole and renamed into place, readable by the bench's user only. */
export function writeLabConfig(file: string, config: LabConfigFile | null): void {
  ensurePrivateDir(path.dirname(file));
  if (config === null) {
    fs.rmSync(file, { force: true });
    return;
  }
  const tmp = `${file}.partial`;
  fs.writeFileSync(tmp, JSON.stringify(config, null, 2), { mode: PRIVATE_FILE_MODE });
  fsyncFile(tmp);
  fs.renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}

export function labView(config: LabConfigFile | null, secrets: SecretStore): LabServerView {
  return {
    settings: config?.settings ?? null,
    enabled: config?.enabled ?? false,
    hasPassword: (config?.password ?? null) !== null,
    caFileName: config?.caFile ? path.basename(config.caFile) : null,
    secretStoreAvailable: secrets.isAvailable(),
  };
}

/** The connection a saved (or proposed) configuration describes, password decrypted, CA read. */
export function targetOf(config: LabConfigFile, secrets: SecretStore, password?: string): PostgresTarget {
  let plain: string | null = password ?? null;
  if (plain === null && config.password !== null) {
    try {
      plain = secrets.decrypt(Buffer.from(config.password, 'base64'));
    } catch (e) {
      throw new BenchError('LAB_SECRET_STORE_UNAVAILABLE', `the lab server's password kept on this bench cannot be read (${(e as Error).message}); enter it again in Settings -> Lab server`);
    }
  }
  let caPem: string | null = null;
  if (config.settings.tls === 'verify-full' && config.caFile !== null) {
    try {
      caPem = fs.readFileSync(config.caFile, 'utf8');
    } catch (e) {
      throw new BenchError('FILE_NOT_FOUND', `the lab's CA file ${path.basename(config.caFile)} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}); choose it again in Settings -> Lab server`, { file: path.basename(config.caFile) });
    }
  }
  return postgresTargetFromSettings({ ...config.settings, caPem, password: plain });
}

export interface LabLinkOptions {
  target: PostgresTarget;
  outbox: Outbox;
  now: () => number;
  /** Sends one run to the server (the records service of the lab's Db). */
  send(input: RecordTestRunInput & { runUid: string }): Promise<TestRunSummary>;
  onStatus(s: LabStatus): void;
  onChange(e: RecordsChangedEvent): void;
  /** Milliseconds between tries while runs wait (and between reconnections of the change feed). */
  retryMs?: number;
  logError?: (what: string, e: unknown) => void;
}

/**
 * The running link to the lab server: records a run there, or in the outbox when the server does
 * not answer (and while older runs still wait, so they go in the order they were taken); sends
 * the outbox when the server answers again; passes on the changes other benches make.
 */
export class LabLink {
  private connected = true;
  private lastContactAt: string | null = null;
  private lastError: string | null = null;
  private waiting = 0;
  private refused: LabRefusedRun[] = [];
  private draining: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private feed: ChangeFeed | null = null;
  private closed = false;

  private constructor(private readonly o: LabLinkOptions) {}

  static async start(o: LabLinkOptions): Promise<LabLink> {
    const link = new LabLink(o);
    await link.refreshCounts();
    link.lastContactAt = new Date(o.now()).toISOString();
    link.feed = openChangeFeed({
      target: o.target,
      retryMs: o.retryMs ?? 2000,
      onChange: (e) => o.onChange(e),
      onState: (up, error) => {
        link.setConnected(up, error);
        if (up) link.kick();
      },
    });
    link.timer = setInterval(() => link.kick(), o.retryMs ?? 2000);
    link.timer.unref?.();
    if (link.waiting > 0) link.kick();
    return link;
  }

  status(): LabStatus {
    return {
      mode: 'lab',
      server: this.o.target.display,
      connected: this.connected,
      waiting: this.waiting,
      refused: this.refused,
      lastContactAt: this.lastContactAt,
      lastError: this.lastError,
    };
  }

  private setConnected(up: boolean, error: string | null): void {
    const changed = up !== this.connected || (error ?? null) !== this.lastError;
    this.connected = up;
    this.lastError = up ? null : error;
    if (up) this.lastContactAt = new Date(this.o.now()).toISOString();
    if (changed) this.o.onStatus(this.status());
  }

  private async refreshCounts(): Promise<void> {
    const before = `${this.waiting}/${this.refused.length}`;
    this.waiting = await this.o.outbox.waiting();
    this.refused = await this.o.outbox.refused();
    if (`${this.waiting}/${this.refused.length}` !== before) this.o.onStatus(this.status());
  }

  /**
   * Records a run: on the server when it answers and nothing older waits, else in the outbox.
   * `queued` says which; the run keeps its runUid either way, so it is stored once.
   */
  async record(input: RecordTestRunInput): Promise<{ queued: false; run: TestRunSummary } | { queued: true; runUid: string }> {
    const withUid = { ...input, runUid: input.runUid ?? randomUUID() };
    if (this.waiting === 0) {
      try {
        const run = await this.o.send(withUid);
        this.setConnected(true, null);
        return { queued: false, run };
      } catch (e) {
        if (!isUnreachable(e)) throw e;
        this.setConnected(false, (e as Error).message);
      }
    }
    await this.o.outbox.enqueue(withUid, new Date(this.o.now()).toISOString());
    await this.refreshCounts();
    this.kick();
    return { queued: true, runUid: withUid.runUid };
  }

  /** Tries to send what waits (one try at a time). */
  kick(): void {
    if (this.closed || this.draining !== null || this.waiting === 0) return;
    this.draining = (async () => {
      try {
        const r = await this.o.outbox.drain((input) => this.o.send(input));
        if (r.sent > 0 || r.refused > 0) this.setConnected(true, null);
        if (r.interrupted) this.setConnected(false, 'the lab server does not answer');
      } catch (e) {
        this.o.logError?.('outbox', e);
      } finally {
        await this.refreshCounts().catch(() => undefined);
        this.draining = null;
      }
    })();
  }

  /** Waits for the sending in progress (tests, shutdown). */
  async settle(): Promise<void> {
    await this.draining;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearInterval(this.timer);
    await this.draining;
    await this.feed?.close();
  }
}

export const benchStatus = (): LabStatus => ({ mode: 'bench', server: null, connected: true, waiting: 0, refused: [], lastContactAt: null, lastError: null });

/** What a queued run shows until the server has it: the summary of its input, id 0, queued. */
export function queuedSummary(input: RecordTestRunInput & { runUid: string }, sha256: string, recordedAt: string): TestRunSummary {
  return {
    id: 0,
    moduleSerial: (input.moduleSerial ?? input.decoded.vendor.serialNumber).trim(),
    sha256,
    limitProfileId: input.evaluation.profile?.id ?? null,
    limitProfileVersion: input.evaluation.profile?.version ?? null,
    overall: input.evaluation.overall,
    withinSpec: input.evaluation.withinSpec,
    programmer: input.programmer,
    station: input.station,
    operator: input.operator,
    appVersion: input.appVersion,
    takenAt: input.takenAt,
    recordedAt,
    role: input.role,
    correctsId: input.correctsId ?? null,
    correctionReason: input.correctionReason ?? null,
    repairCaseId: input.repairCaseId ?? null,
    correctedById: null,
    source: input.provenance.source,
    programmerKind: input.provenance.programmerKind,
    programmerPort: input.provenance.programmerPort,
    programmerIdentity: input.provenance.programmerIdentity,
    sourceFileName: input.provenance.fileName,
    sourceFileSha256: input.provenance.fileSha256,
    serialRead: input.decoded.vendor.serialNumber.trim(),
    serialOverride: input.serialOverride ? { reason: input.serialOverride.reason, by: input.serialOverride.approver.label } : null,
    runUid: input.runUid,
    queued: true,
  };
}
