// The composition of every service the renderer reaches. main/index.ts (Electron) and the
// renderer test harness both build the application through this one function, so the harness
// runs the same services, validation and data the desktop app does (DESIGN "What cannot run here").
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type {
  AppInfo,
  BackupCreateResult,
  BackupRestoreResult,
  BenchReadRequest,
  BenchReadResult,
  ChainCheckResult,
  ChainStatus,
  DeliveriesImportResult,
  DeliveriesPreviewResult,
  LimitsImportResult,
  OpenDumpResult,
  ReadProgressEvent,
  TestRunAttachRequest,
  TestRunRecordRequest,
  TestRunWithdrawRequest,
} from '../../preload/contract/api';
import type { PortInfo, SimulatedModuleInfo } from '../../preload/contract/hardware';
import type { SoakSource } from '../../preload/contract/soak';
import type { CaseExportRequest, ExportFileResult, ExportFormat, ExportKind, TestRunExportRequest } from '../../preload/contract/exports';
import type { LimitProfile } from '../../preload/contract/limits';
import type { CaseCandidate, CaseSummary, DeliveryImportReport, LimitProfileVersion, RecordTestRunInput, TestRunProvenance, TestRunSummary, VerifiedPerson } from '../../preload/contract/records';
import { openDatabase, openRecords, type Db } from '../db/index';
import { createHash } from 'node:crypto';
import type { LabChooseCaResult, LabConnectRequest, LabServerView, LabStatus, LabTestResult, RecordsChangedEvent } from '../../preload/contract/lab';
import type { SettingsService } from './settings';
import { BENCH_LOCAL_SETTINGS, LAB_CONFIG_FILE, LabLink, OUTBOX_FILE, benchStatus, labView, queuedSummary, readLabConfig, targetOf, writeLabConfig } from './lab';
import { Outbox } from './outbox';
import { noSecretStore, type SecretStore } from './secret-store';
import { checkDatabase } from './chain-check';
import { BenchError } from '../errors';
import { listPorts, listSimulatedModules, monitor, openProgrammer, readModule, type SerialBinding } from '../hardware/index';
import { checkMonitorable } from '../hardware/monitor';
import type { PortLister } from '../hardware/transport/list-ports';
import { evaluateModule } from '../limits/evaluate';
import { loadLimitLibrary } from '../limits/library';
import { parseLimitProfiles } from '../limits/profiles';
import { decodeModule } from '../sff/index';
import { parseImage } from '../sff/image-text';
import { BenchSession, type StoredRead } from './bench-session';
import { createRecordServices, restoreDatabase, type RecordServices } from './index';
import { createExportService, defaultExportName, type ExportTarget } from './exports';
import type { Printer } from './printer';
import type { OutputEvent } from './audit';
import { createReportService, type ReportService } from './reports';
import { createAuthService, type AuthService, type PinHasher } from './auth';
import { SoakManager, writeExportFile } from './soak';

export interface FileFilter {
  name: string;
  extensions: string[];
}

/** The user's choice of file, made in main (Electron's dialog) or scripted by a test harness. */
export interface Dialogs {
  /** The chosen path, or null when the user closed the dialog. */
  openFile(opts: { title: string; filters: FileFilter[] }): Promise<string | null>;
  saveFile(opts: { title: string; defaultName: string; filters: FileFilter[] }): Promise<string | null>;
}

export interface AppServicesOptions {
  runtime: AppInfo['runtime'];
  appName: string;
  appVersion: string;
  versions: AppInfo['versions'];
  platform: string;
  /** The records database file (userData/optic-bench.sqlite in the app, a temp file in tests). */
  databasePath: string;
  /** Folder holding modules/ and limits/ (see resolveResourcesRoot). */
  resourcesRoot: string;
  dialogs: Dialogs;
  /** Pace the simulated programmer like real hardware so progress is visible (the app); off in fast tests. */
  simRealisticDelay?: boolean;
  /** serialport binding for real programmers and port listing; the OS binding when absent. */
  binding?: SerialBinding;
  now?: () => number;
  newId?: () => string;
  logError?: (what: string, e: unknown) => void;
  /** Paper and PDF output for reports (Electron's hidden print window, or headless Chromium in the harness); absent: preview only. */
  printer?: Printer;
  /** PIN hashing for sign-in (argon2id); tests may pass a faster one. */
  pinHasher?: PinHasher;
  /** Where the lab server's password is kept encrypted (Electron safeStorage in the app; a test store in the harness). */
  secretStore?: SecretStore;
  /** Settings -> Lab server (default: lab-server.json beside the records file). */
  labConfigPath?: string;
  /** The outbox and this bench's own settings in a lab (default: outbox.sqlite beside the records file). */
  outboxPath?: string;
  /** Milliseconds between tries of the outbox and the change feed (tests shorten it). */
  labRetryMs?: number;
  /** Start on the bench's own records whatever Settings -> Lab server says (OPTIC_BENCH_LAB=off). */
  labDisabled?: boolean;
}

/** Who hears about records changed on the lab server and the lab link's status: the pages that asked (lab:watch). */
export interface LabWatcher {
  changed(e: RecordsChangedEvent): void;
  status(s: LabStatus): void;
}

export interface AppServices {
  info: AppInfo;
  dialogs: Dialogs;
  bench: BenchSession;
  /** The records services of the database currently open (replaced by a restore). */
  readonly records: RecordServices;
  readonly db: Db;
  /** Who is at the station: the IPC wrapper admits calls through it; handlers take the actor from it. */
  auth: AuthService;
  hardware: {
    listPorts(): Promise<PortInfo[]>;
    listSimulatedModules(): Promise<SimulatedModuleInfo[]>;
  };
  limits: {
    /** Every version of every profile, shipped and imported: by id, newest version first. */
    list(): LimitProfile[];
    importFile(actor: VerifiedPerson): Promise<LimitsImportResult>;
    newVersion(profile: LimitProfile, actor: VerifiedPerson): Promise<LimitProfileVersion>;
  };
  /**
   * Reads on the bench, each stored as a test run as soon as it completes (issue 12): the bytes,
   * verdicts and provenance main holds, the station from its setting, the operator the signed-in
   * person. A read that cannot be stored (no station name yet) is still shown, with storeError.
   */
  benchReads: {
    read(req: BenchReadRequest, actor: VerifiedPerson, onProgress: (e: ReadProgressEvent) => void): Promise<BenchReadResult>;
    openDump(file: string, setup: { rxLightSource: boolean; profileId?: string | undefined }, actor: VerifiedPerson): Promise<Extract<OpenDumpResult, { canceled: false }>>;
  };
  testRuns: {
    /**
     * Records a read of this session for a case: the run the read was stored as is attached (a
     * read is never stored twice), or, when it was not stored yet, stored and attached.
     */
    record(req: TestRunRecordRequest, actor: VerifiedPerson): Promise<TestRunSummary>;
    /** Attaches a stored run to a case (once per case); the bench's Attach checks the cage still holds that module. */
    attach(req: TestRunAttachRequest, actor: VerifiedPerson): Promise<TestRunSummary>;
    /** Withdraws a run attached by mistake: the signed-in supervisor, or a supervisor's PIN at the station. */
    withdraw(req: TestRunWithdrawRequest, actor: VerifiedPerson): Promise<TestRunSummary>;
  };
  audit: {
    /** The whole hash chain and the schema, checked now. */
    verify(): Promise<ChainCheckResult>;
    /** The start-up check (it runs in the background while the app starts). */
    chainStatus(): ChainStatus;
  };
  cases: {
    find(query: string): Promise<CaseSummary[]>;
    candidates(serial: string): Promise<CaseCandidate[]>;
  };
  deliveries: {
    importFile(actor: VerifiedPerson): Promise<DeliveriesImportResult>;
    /** Main's open dialog, then the file read and checked, kept under a token; nothing stored. */
    preview(): Promise<DeliveriesPreviewResult>;
    /** The previewed file imported in one transaction (PREVIEW_EXPIRED once used or after 30 minutes). */
    commit(token: string, actor: VerifiedPerson): Promise<DeliveryImportReport>;
  };
  /** The lab server (issue 14): Settings -> Lab server, the outbox status line, other benches' changes. */
  lab: {
    status(): LabStatus;
    /** Adds a page that hears records:changed and lab:status; the returned function removes it. */
    watch(w: LabWatcher): () => void;
    settings(): LabServerView;
    chooseCa(): Promise<LabChooseCaResult>;
    test(req: LabConnectRequest): Promise<LabTestResult>;
    connect(req: LabConnectRequest, actor: VerifiedPerson): Promise<LabStatus>;
    disconnect(actor: VerifiedPerson): Promise<LabStatus>;
  };
  backup: {
    create(actor: VerifiedPerson): Promise<BackupCreateResult>;
    restore(actor: VerifiedPerson): Promise<BackupRestoreResult>;
  };
  /** Exports through main's save dialog (which has asked before replacing a file). */
  exports: {
    cases(req: CaseExportRequest): Promise<ExportFileResult>;
    testRuns(req: TestRunExportRequest): Promise<ExportFileResult>;
  };
  /** Test and repair reports built from the stored records: preview HTML, print, Save as PDF. */
  reports: ReportService;
  /** Soak runs (issue 15): running, journaled, sealed; CSV of a series through main's save dialog. */
  soaks: SoakManager & { exportCsv(source: SoakSource, actor: VerifiedPerson): Promise<ExportFileResult> };
  /** Stops monitors and reads (closing their ports), then closes the database. Idempotent. */
  close(): Promise<void>;
}

/**
 * Where shipped data lives: in a packaged app electron-builder copies resources/modules and
 * resources/limits to process.resourcesPath (extraResources); in development and under the
 * harness it is the repository's resources/ folder.
 */
export function resolveResourcesRoot(opts: { isPackaged: boolean; resourcesPath: string | undefined; appRoot: string }): string {
  if (opts.isPackaged) {
    if (!opts.resourcesPath) throw new Error('a packaged app must have process.resourcesPath');
    return opts.resourcesPath;
  }
  return path.join(opts.appRoot, 'resources');
}

const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
/** Links a bench checks when it starts on a lab server (the full check is Settings -> Records check). */
export const STARTUP_TAIL_LINKS = 10_000;
const MAX_DUMP_BYTES = 64 * 1024;

async function readChosenFile(file: string, what: string): Promise<string> {
  const s = await stat(file).catch(() => null);
  if (!s || !s.isFile()) throw new BenchError('FILE_NOT_FOUND', `The chosen ${what} could not be found.`, { file: path.basename(file) });
  if (s.size > MAX_IMPORT_BYTES) throw new BenchError('FILE_UNREADABLE', `The chosen ${what} is ${s.size} bytes, more than a ${what} can be.`, { bytes: s.size });
  return readFile(file, 'utf8');
}

function byIdNewestFirst(a: LimitProfile, b: LimitProfile): number {
  return a.id === b.id ? b.version - a.version : a.id < b.id ? -1 : 1;
}

export async function openAppServices(opts: AppServicesOptions): Promise<AppServices> {
  const modulesDir = path.join(opts.resourcesRoot, 'modules');
  const limitsDir = path.join(opts.resourcesRoot, 'limits');
  // The shipped library is read-only and loaded once: a broken library must stop the start, not a read.
  const shipped = loadLimitLibrary(limitsDir);
  const binding = opts.binding;
  const now = opts.now ?? Date.now;

  const secrets = opts.secretStore ?? noSecretStore;
  const benchDir = path.dirname(path.resolve(opts.databasePath));
  const labConfigPath = opts.labConfigPath ?? path.join(benchDir, LAB_CONFIG_FILE);
  // Opened only for a lab server: a single bench gets no file it does not need.
  let outboxOpened: Outbox | null = null;
  const outboxFile = opts.outboxPath ?? path.join(benchDir, OUTBOX_FILE);
  const localStore = async (): Promise<Outbox> => (outboxOpened ??= await Outbox.open(outboxFile));
  const closeLocalStore = async (): Promise<void> => {
    const o = outboxOpened as Outbox | null;
    outboxOpened = null;
    if (o !== null) await o.close();
  };
  let lab: LabLink | null = null;
  const watchers = new Set<LabWatcher>();
  const broadcastStatus = (st: LabStatus): void => {
    for (const w of watchers) w.status(st);
  };
  const labStatus = (): LabStatus => (lab === null ? benchStatus() : lab.status());

  // In a lab the station's name is this bench's own (the lab's setting table is every bench's).
  const stationName = async (): Promise<string | null> =>
    lab !== null ? ((await (await localStore()).getSetting('station')) ?? null) : await records.settings.get('station');
  const localSettings = (shared: SettingsService): SettingsService => ({
    ...shared,
    all: async () => {
      const rows = (await shared.all()).filter((r) => !BENCH_LOCAL_SETTINGS.includes(r.key));
      for (const key of BENCH_LOCAL_SETTINGS) {
        const value = await (await localStore()).getSetting(key);
        if (value !== null) rows.push({ key, value, updatedAt: '', updatedBy: '' });
      }
      return rows.sort((a, b) => (a.key < b.key ? -1 : 1));
    },
    get: async (key) => (BENCH_LOCAL_SETTINGS.includes(key) ? (await localStore()).getSetting(key) : shared.get(key)),
    set: async (request) => {
      const r = request as { key?: unknown; value?: unknown };
      if (typeof r.key === 'string' && BENCH_LOCAL_SETTINGS.includes(r.key) && typeof r.value === 'string') {
        // Validated and audited like any setting (on the lab, naming this bench), then kept here.
        const row = await shared.set(request);
        await (await localStore()).setSetting(r.key, row.value);
        return row;
      }
      return shared.set(request);
    },
  });
  const servicesFor = (d: Db): RecordServices => {
    const base = createRecordServices(d, { station: stationName });
    return d.engine === 'postgres' ? { ...base, settings: localSettings(base.settings) } : base;
  };

  /** The records this bench works on: the lab server when Settings say so, else its own file. */
  const openConfigured = async (): Promise<Db> => {
    const config = readLabConfig(labConfigPath);
    if (config === null || !config.enabled || opts.labDisabled === true) return openDatabase({ path: opts.databasePath, clock: () => new Date(now()) });
    const target = targetOf(config, secrets);
    try {
      return await openRecords(target, { clock: () => new Date(now()), applicationName: `optic-bench ${opts.appVersion}` });
    } catch (e) {
      // The lab's people and cases are on the server: without it this bench cannot sign anyone in.
      // Its own file is not a silent stand-in (records would split); the way to it is named.
      if (e instanceof BenchError && (e.code === 'LAB_SERVER_UNREACHABLE' || e.code === 'LAB_SERVER_REFUSED')) {
        throw new BenchError(
          e.code,
          `${e.message}. Optic Bench works on the lab server ${target.display}, whose people and cases are there: start it again when the server answers, or start it on this bench's own records with OPTIC_BENCH_LAB=off (docs/lab.md).`,
          { ...(e.details ?? {}), server: target.display },
        );
      }
      throw e;
    }
  };
  const startLab = async (d: Db): Promise<void> => {
    if (d.engine !== 'postgres') return;
    const config = readLabConfig(labConfigPath);
    if (config === null) return;
    lab = await LabLink.start({
      target: targetOf(config, secrets),
      outbox: await localStore(),
      now,
      ...(opts.labRetryMs !== undefined ? { retryMs: opts.labRetryMs } : {}),
      send: (input) => records.testRuns.record(input),
      onStatus: broadcastStatus,
      onChange: (e) => {
        for (const w of watchers) w.changed(e);
      },
      ...(opts.logError ? { logError: opts.logError } : {}),
    });
  };

  let db: Db;
  try {
    db = await openConfigured();
  } catch (e) {
    await closeLocalStore();
    throw e;
  }
  let records = servicesFor(db);
  try {
    await startLab(db);
  } catch (e) {
    await db.close();
    await closeLocalStore();
    throw e;
  }
  let profiles: LimitProfile[] = [];
  const refreshProfiles = async (): Promise<void> => {
    const imported = await records.settings.listLimitProfiles();
    const fromDb = await Promise.all(imported.map((v) => records.settings.getLimitProfile(v.id, v.version)));
    profiles = [...shipped, ...fromDb].sort(byIdNewestFirst);
  };
  try {
    await refreshProfiles();
  } catch (e) {
    await db.close();
    throw e;
  }

  const auth = createAuthService({ db: () => db, now, ...(opts.pinHasher ? { hasher: opts.pinHasher } : {}) });
  // The ports the last enumeration found: a programmer is opened only on one of them, so the page
  // cannot name any device path it likes (/dev/sda, a socket) for main to open and write to.
  let listedPorts = new Set<string>();
  // Set just below: the bench asks the soaks whether a programmer is taken.
  let soaksRef: SoakManager | null = null;

  const bench = new BenchSession({
    portBusy: (choice) => soaksRef?.busyOn(choice) ?? false,
    openProgrammer: (choice, signal) => {
      if (choice.kind !== 'sim' && (choice.path === undefined || !listedPorts.has(choice.path))) {
        throw new BenchError('PORT_NOT_LISTED', `${choice.path ?? 'That port'} is not a serial port of the last search: refresh the port list and choose the programmer there.`, {
          port: choice.path ?? null,
        });
      }
      return openProgrammer({
        kind: choice.kind,
        path: choice.path,
        module: choice.module,
        modulesDir,
        signal,
        realisticDelay: opts.simRealisticDelay ?? false,
        ...(binding ? { binding } : {}),
      });
    },
    readModule: (bus, o) => readModule(bus, { signal: o.signal, onProgress: o.onProgress, asIs: o.asIs ?? false }),
    monitor: (bus, o) => monitor(bus, { rateHz: o.rateHz, signal: o.signal, image: o.image, exclusive: o.exclusive }),
    checkMonitorable,
    decode: decodeModule,
    evaluate: (module, setup) =>
      evaluateModule(module, {
        profiles,
        setup: { rxLightSource: setup.rxLightSource, imageSource: setup.imageSource, ...(setup.laser !== undefined ? { laser: setup.laser } : {}) },
        at: setup.at,
        ...(setup.profileId !== undefined ? { profileId: setup.profileId } : {}),
      }),
    parseImage,
    readFile: async (p) => {
      // A dump is a few hundred bytes; refusing big files before reading keeps a wrong choice harmless.
      const s = await stat(p).catch(() => null);
      if (!s || !s.isFile()) throw new BenchError('FILE_NOT_FOUND', `The chosen file ${path.basename(p)} could not be found.`, { file: path.basename(p) });
      if (s.size > MAX_DUMP_BYTES) throw new BenchError('IMAGE_UNPARSEABLE', `${path.basename(p)} is ${s.size} bytes; a module dump is at most a few kilobytes.`, { bytes: s.size });
      try {
        return new Uint8Array(await readFile(p));
      } catch (e) {
        throw new BenchError('FILE_UNREADABLE', `${path.basename(p)} could not be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`, { file: path.basename(p) });
      }
    },
    now,
    newId: opts.newId ?? randomUUID,
    ...(opts.logError ? { logError: opts.logError } : {}),
  });

  const openBenchProgrammer = (choice: { kind: 'buspirate' | 'usbiss' | 'sim'; path?: string | undefined; module?: string | undefined }, signal: AbortSignal) => {
    if (choice.kind !== 'sim' && (choice.path === undefined || !listedPorts.has(choice.path))) {
      throw new BenchError('PORT_NOT_LISTED', `${choice.path ?? 'That port'} is not a serial port of the last search: refresh the port list and choose the programmer there.`, { port: choice.path ?? null });
    }
    return openProgrammer({ kind: choice.kind, path: choice.path, module: choice.module, modulesDir, signal, realisticDelay: opts.simRealisticDelay ?? false, ...(binding ? { binding } : {}) });
  };
  const soaks = new SoakManager({
    records: () => records,
    openProgrammer: openBenchProgrammer,
    decode: decodeModule,
    evaluate: (module, setup) =>
      evaluateModule(module, {
        profiles,
        setup: { rxLightSource: setup.rxLightSource, imageSource: 'programmer', ...(setup.laser !== undefined ? { laser: setup.laser } : {}) },
        at: setup.at,
        ...(setup.profileId !== undefined ? { profileId: setup.profileId } : {}),
      }),
    profiles: () => profiles,
    releasePort: (choice) => bench.releasePort(choice),
    appVersion: opts.appVersion,
    now,
    newId: opts.newId ?? randomUUID,
    ...(opts.logError ? { logError: opts.logError } : {}),
  });
  soaksRef = soaks;
  // What an app that stopped mid-soak left in the journal is sealed in the background.
  // On a lab server only this station's soaks are this bench's to seal (a bench without a name seals none there).
  const soakRecovery = (async () => {
    if (db.engine !== 'postgres') return soaks.recover();
    const station = (await stationName())?.trim() ?? '';
    if (station !== '') await soaks.recover(station);
  })().catch((e: unknown) => opts.logError?.('soak recovery', e));

  const storeProfiles = async (list: LimitProfile[], actor: VerifiedPerson): Promise<LimitProfileVersion[]> => {
    // Checked as a whole first, so a file with one clashing version stores none of its profiles.
    const seen = new Set<string>();
    for (const p of list) {
      const key = `${p.id}@${p.version}`;
      if (seen.has(key) || profiles.some((q) => q.id === p.id && q.version === p.version)) {
        throw new BenchError('LIMIT_PROFILE_DUPLICATE', `Limit profile ${p.id} version ${p.version} already exists; a change needs a new version.`, { id: p.id, version: p.version });
      }
      seen.add(key);
    }
    const stored: LimitProfileVersion[] = [];
    for (const p of list) stored.push(await records.settings.importLimitProfile(p, actor.label));
    await refreshProfiles();
    return stored;
  };

  /** The station's name, which every test run carries: STATION_NOT_SET until it has one. */
  const requireStation = async (): Promise<string> => {
    const station = (await stationName())?.trim() ?? '';
    if (station === '') throw new BenchError('STATION_NOT_SET', 'This station has no name yet: set it in Settings, so every test run says where it was taken.');
    return station;
  };

  const provenanceOf = (read: StoredRead): TestRunProvenance => {
    const p = read.result.programmer;
    return read.result.source === 'file'
      ? { source: 'file', programmerKind: null, programmerPort: null, programmerIdentity: null, fileName: read.result.fileName, fileSha256: read.fileSha256 ?? null }
      : {
          source: p.kind === 'sim' ? 'simulated' : 'programmer',
          programmerKind: p.kind,
          programmerPort: p.path,
          programmerIdentity: p.identity ?? null,
          fileName: null,
          fileSha256: null,
        };
  };

  const approverOf = async (a: { technicianId: number; pin: string } | undefined, actor: VerifiedPerson): Promise<VerifiedPerson> =>
    // The supervisor's PIN is checked here; without one, the signed-in person approves (and must be a supervisor).
    a === undefined ? actor : auth.authenticate({ technicianId: a.technicianId }, a.pin);

  // Reads kept while the lab server did not answer: the run uid each waits under in the outbox,
  // so attaching one later amends that waiting run instead of sending a second copy (issue 14).
  const queuedReads = new Map<string, string>();

  /**
   * Stores a read of this session as an unattached test run (or its case's, with `extra`). On a
   * lab server a read the server cannot take now waits in the outbox (queued, id 0).
   */
  const storeRead = async (read: StoredRead, actor: VerifiedPerson, extra: Partial<RecordTestRunInput> = {}): Promise<TestRunSummary> => {
    const readId = read.result.readId;
    const queuedUid = queuedReads.get(readId);
    const input: RecordTestRunInput = {
      raw: read.image,
      decoded: read.result.module,
      evaluation: read.result.evaluation,
      programmer: read.result.programmer.description,
      station: await requireStation(),
      operator: actor.label,
      appVersion: opts.appVersion,
      takenAt: new Date(read.result.takenAt).toISOString(),
      role: 'before-repair',
      actor: actor.label,
      provenance: provenanceOf(read),
      ...extra,
      ...(queuedUid !== undefined ? { runUid: queuedUid } : {}),
    };
    if (lab === null) {
      const run = await records.testRuns.record(input);
      bench.markStored(readId, run.id);
      return run;
    }
    // In a lab, reading and judging never wait on the network.
    const r = await lab.record(input);
    if (!r.queued) {
      queuedReads.delete(readId);
      bench.markStored(readId, r.run.id);
      return r.run;
    }
    queuedReads.set(readId, r.runUid);
    return queuedSummary({ ...input, runUid: r.runUid }, createHash('sha256').update(Buffer.from(read.image)).digest('hex'), new Date(now()).toISOString());
  };

  /** Every completed read is kept: stored at once; a read that cannot be stored says why beside it. */
  const keep = async (result: BenchReadResult, actor: VerifiedPerson): Promise<BenchReadResult> => {
    try {
      const run = await storeRead(bench.getRead(result.readId), actor);
      return { ...result, testRun: run, storeError: null };
    } catch (e) {
      if (!(e instanceof BenchError)) opts.logError?.('store read', e);
      return { ...result, testRun: null, storeError: e instanceof BenchError ? e.toData() : { code: 'INTERNAL', message: 'The read could not be stored.' } };
    }
  };

  // Deliveries files previewed in Settings, by token, until imported or forgotten.
  const previews = new Map<string, { text: string; fileName: string; at: number }>();
  const PREVIEW_TTL_MS = 30 * 60_000;

  // Records leaving the app (exports, printed and saved reports) are audited under the signed-in
  // person: those requests carry no actor, and main's session knows who is at the station.
  const recordOutput = async (event: OutputEvent): Promise<void> => {
    const actor = await auth.require();
    await records.audit.recordOutput(actor.label, event);
  };

  // The start-up check of the chain runs in the background: a big database must not hold the window.
  let chainStatus: ChainStatus = { state: 'running' };
  // A lab server holds every bench's records: each bench starting checks the newest links and the guards, not the whole chain.
  const startupCheck = checkDatabase(db, db.engine === 'postgres' ? { tail: STARTUP_TAIL_LINKS } : {}).then(
    (result) => {
      chainStatus = { state: 'done', result };
      if (!result.ok) opts.logError?.('evidence chain', new Error(result.firstBroken?.message ?? 'the evidence chain does not verify'));
    },
    (e: unknown) => {
      chainStatus = { state: 'failed', error: e instanceof BenchError ? e.toData() : { code: 'INTERNAL', message: 'The records could not be checked.' } };
      opts.logError?.('evidence chain', e);
    },
  );
  const exportTo = async (
    kind: ExportKind,
    format: ExportFormat,
    filters: unknown,
    write: (target: ExportTarget) => Promise<{ path: string; rows: number; bytes: number }>,
  ): Promise<ExportFileResult> => {
    const stamp = new Date(now()).toISOString().slice(0, 10);
    const file = await opts.dialogs.saveFile({
      title: kind === 'cases' ? 'Export repair cases' : 'Export test runs',
      defaultName: defaultExportName(kind, format, stamp),
      filters: [format === 'csv' ? { name: 'CSV (Excel, LibreOffice)', extensions: ['csv'] } : { name: 'JSON', extensions: ['json'] }],
    });
    if (file === null) return { canceled: true };
    const r = await write({ out: file, overwrite: true });
    await recordOutput({ action: `export.${kind}`, entity: 'export', entityId: path.basename(r.path), details: { format, rows: r.rows, bytes: r.bytes, filters: filters ?? {} } });
    return { canceled: false, fileName: path.basename(r.path), rows: r.rows, bytes: r.bytes };
  };
  const exporter = () => createExportService(db, { app: { name: opts.appName, version: opts.appVersion } });


  // Settings -> Lab server: the CA file chosen in main's dialog (the page never names a path).
  let pendingCaFile: string | null = null;
  const proposed = (req: LabConnectRequest) => {
    const saved = readLabConfig(labConfigPath);
    const caFile = req.settings.tls === 'verify-full' ? (pendingCaFile ?? saved?.caFile ?? null) : null;
    if (req.settings.tls === 'verify-full' && caFile === null) throw new BenchError('INVALID_INPUT', "Verifying the server needs the lab's CA file: choose it first.", { field: 'caFile' });
    return { settings: req.settings, enabled: saved?.enabled ?? false, password: req.clearPassword === true ? null : (saved?.password ?? null), caFile };
  };
  /** Moves the app onto other records (a lab server, or back to the bench's file); everyone signs in again. */
  const switchTo = async (opened: Db, actor: VerifiedPerson, event: Record<string, unknown>): Promise<void> => {
    await startupCheck;
    const oldLab = lab;
    lab = null;
    await oldLab?.close();
    const old = db;
    db = opened;
    records = servicesFor(db);
    await old.close().catch((e: unknown) => opts.logError?.('closing the previous records', e));
    await startLab(db);
    await refreshProfiles();
    // The people and PINs are now those of the records just opened.
    auth.reset();
    await records.audit.recordOutput(actor.label, { action: String(event.action), entity: 'lab', entityId: String(event.server ?? 'bench'), details: { ...event, station: await stationName() } }).catch((e: unknown) => opts.logError?.('lab audit', e));
    broadcastStatus(labStatus());
  };

  let closed = false;
  return {
    info: {
      name: opts.appName,
      version: opts.appVersion,
      runtime: opts.runtime,
      platform: opts.platform,
      versions: opts.versions,
    },
    dialogs: opts.dialogs,
    bench,
    get records() {
      return records;
    },
    get db() {
      return db;
    },
    auth,
    hardware: {
      listPorts: async () => {
        const ports = await (binding ? listPorts(binding as unknown as PortLister) : listPorts());
        listedPorts = new Set(ports.map((p) => p.path));
        return ports;
      },
      listSimulatedModules: () => listSimulatedModules(modulesDir),
    },
    limits: {
      list: () => profiles,
      importFile: async (actor) => {
        const file = await opts.dialogs.openFile({ title: 'Import limit profiles', filters: [{ name: 'Limit profiles (JSON)', extensions: ['json'] }] });
        if (file === null) return { canceled: true };
        const text = await readChosenFile(file, 'limit profile file');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch (e) {
          throw new BenchError('LIMIT_PROFILE_INVALID', `${path.basename(file)} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, { file: path.basename(file) });
        }
        const imported = await storeProfiles(parseLimitProfiles(json, path.basename(file)), actor);
        return { canceled: false, imported, fileName: path.basename(file) };
      },
      newVersion: async (profile, actor) => {
        const newest = profiles.filter((p) => p.id === profile.id).reduce((m, p) => Math.max(m, p.version), 0);
        if (profile.version <= newest) {
          throw new BenchError('LIMIT_PROFILE_DUPLICATE', `A new version of ${profile.id} must be above version ${newest}.`, { id: profile.id, newest });
        }
        const [stored] = await storeProfiles([profile], actor);
        if (!stored) throw new BenchError('INTERNAL', 'The profile was not stored.');
        return stored;
      },
    },
    benchReads: {
      read: async (req, actor, onProgress) => keep(await bench.read(req, onProgress), actor),
      openDump: async (file, setup, actor) => {
        const { read, format } = await bench.openDump(file, setup);
        return { canceled: false, read: await keep(read, actor), format };
      },
    },
    testRuns: {
      record: async (req, actor) => {
        const read = bench.getRead(req.readId);
        const serialOverride =
          req.serialOverride === undefined ? null : { reason: req.serialOverride.reason, approver: await approverOf(req.serialOverride.approver, actor) };
        const caseId = req.caseId ?? null;
        // A read is stored once: a read kept already is attached, not stored a second time (issue 12).
        if (read.testRunId !== undefined && req.correctsId == null && req.moduleSerial === undefined) {
          if (caseId === null) return records.testRuns.get(read.testRunId);
          return records.testRuns.attach({
            testRunId: read.testRunId,
            caseId,
            role: req.role,
            actor: actor.label,
            station: await requireStation(),
            serialOverride,
            ...(req.asReplacement === true ? { asReplacement: true } : {}),
          });
        }
        return storeRead(read, actor, {
          ...(req.moduleSerial !== undefined ? { moduleSerial: req.moduleSerial } : {}),
          role: req.role,
          repairCaseId: caseId,
          correctsId: req.correctsId ?? null,
          correctionReason: req.correctionReason ?? null,
          serialOverride,
        });
      },
      attach: async (req, actor) => {
        if (req.seatedCheck === true) {
          // The screen clears a result when its module is pulled; between that and a key press the
          // cage may already hold another module: main, which watches it, has the last word.
          const s = bench.staleness(req.testRunId);
          if (s !== null && s.stale) {
            throw new BenchError(
              'MODULE_CHANGED',
              s.now === null
                ? `The module of test run #${req.testRunId} was pulled: attach it from the case page, or read the module again.`
                : `The cage now holds ${s.now.serial === '' ? 'another module' : `module ${s.now.serial}`}, not the one of test run #${req.testRunId}: read it again.`,
              { testRunId: req.testRunId, seatedSerial: s.now?.serial ?? null },
            );
          }
        }
        const serialOverride =
          req.serialOverride === undefined ? null : { reason: req.serialOverride.reason, approver: await approverOf(req.serialOverride.approver, actor) };
        return records.testRuns.attach({
          testRunId: req.testRunId,
          caseId: req.caseId,
          role: req.role,
          actor: actor.label,
          station: (await records.settings.get('station'))?.trim() || null,
          serialOverride,
          ...(req.asReplacement === true ? { asReplacement: true } : {}),
        });
      },
      withdraw: async (req, actor) => {
        const supervisor = await approverOf(req.approver, actor);
        return records.testRuns.withdraw({ testRunId: req.testRunId, caseId: req.caseId, reason: req.reason, supervisor, requestedBy: actor.label });
      },
    },
    audit: {
      verify: () => checkDatabase(db),
      chainStatus: () => chainStatus,
    },
    cases: {
      find: async (query) => {
        const q = query.trim();
        const page = await records.repairs.listCases({ filters: { search: q }, limit: 20 });
        const exact = (c: CaseSummary): number => (c.rmaNumber.toLowerCase() === q.toLowerCase() || c.moduleSerial.toLowerCase() === q.toLowerCase() ? 0 : 1);
        return [...page.items].sort((a, b) => exact(a) - exact(b));
      },
      candidates: (serial) => records.repairs.candidates(serial),
    },
    deliveries: {
      importFile: async (actor) => {
        const file = await opts.dialogs.openFile({ title: 'Import deliveries', filters: [{ name: 'Deliveries (CSV)', extensions: ['csv'] }] });
        if (file === null) return { canceled: true };
        const report = await records.deliveries.importCsv(await readChosenFile(file, 'deliveries file'), actor.label, path.basename(file));
        return { canceled: false, report, fileName: path.basename(file) };
      },
      preview: async () => {
        const file = await opts.dialogs.openFile({ title: 'Import deliveries', filters: [{ name: 'Deliveries (CSV)', extensions: ['csv'] }] });
        if (file === null) return { canceled: true };
        const text = await readChosenFile(file, 'deliveries file');
        const preview = await records.deliveries.previewCsv(text);
        const at = now();
        for (const [k, v] of previews) if (at - v.at > PREVIEW_TTL_MS) previews.delete(k);
        const token = (opts.newId ?? randomUUID)().replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64);
        // The file as previewed is what is imported: a file changed on disk after the preview is not re-read.
        previews.set(token, { text, fileName: path.basename(file), at });
        return { canceled: false, token, fileName: path.basename(file), preview };
      },
      commit: async (token, actor) => {
        const p = previews.get(token);
        if (p === undefined || now() - p.at > PREVIEW_TTL_MS) {
          previews.delete(token);
          throw new BenchError('PREVIEW_EXPIRED', 'That preview is no longer open (it was imported, or it is older than 30 minutes): choose the file again.', {});
        }
        previews.delete(token);
        return records.deliveries.importCsv(p.text, actor.label, p.fileName);
      },
    },
    backup: {
      create: async (actor) => {
        if (db.engine === 'postgres') throw new BenchError('INVALID_INPUT', "The lab server is backed up by the lab administrator with pg_dump or the lab's own backup (docs/lab.md), not from a bench.");
        const stamp = new Date(now()).toISOString().slice(0, 10);
        const file = await opts.dialogs.saveFile({
          title: 'Back up the records',
          defaultName: `optic-bench-backup-${stamp}.sqlite`,
          filters: [{ name: 'Optic Bench backup', extensions: ['sqlite'] }],
        });
        if (file === null) return { canceled: true };
        const r = await records.backup.backup(file, actor.label);
        return { canceled: false, fileName: path.basename(r.path), bytes: r.bytes };
      },
      restore: async (actor) => {
        if (db.engine === 'postgres') throw new BenchError('INVALID_INPUT', "The lab server's records are restored by the lab administrator with PostgreSQL's own tools (docs/lab.md), not from a bench.");
        const file = await opts.dialogs.openFile({ title: 'Restore the records from a backup', filters: [{ name: 'Optic Bench backup', extensions: ['sqlite'] }] });
        if (file === null) return { canceled: true };
        if (soaks.runningCount > 0) throw new BenchError('SOAK_RUNNING', 'A soak is writing to the records: stop it before restoring a backup.');
        // restoreDatabase refuses while anyone holds the file, this process included: let go of it.
        const livePath = db.path;
        await soakRecovery;
        await startupCheck;
        await db.close();
        let result: Awaited<ReturnType<typeof restoreDatabase>> | null = null;
        let failure: unknown = null;
        try {
          // The restored file's own audit trail records who brought it back and from where.
          result = await restoreDatabase({ livePath, fromPath: file, actor: actor.label, clock: () => new Date(now()) });
        } catch (e) {
          failure = e;
        }
        // Reopened whether or not the restore worked: a refused backup leaves the old records in place.
        db = await openDatabase({ path: livePath, clock: () => new Date(now()) });
        records = servicesFor(db);
        await refreshProfiles();
        if (failure !== null || result === null) throw failure;
        // The people and PINs are now the backup's: whoever works on signs in against them.
        auth.reset();
        return { canceled: false, restoredFrom: path.basename(result.restoredFrom), previousCopyKept: result.previousCopy !== null, links: result.links };
      },
    },
    lab: {
      status: labStatus,
      watch: (w) => {
        watchers.add(w);
        return () => {
          watchers.delete(w);
        };
      },
      settings: () => labView(readLabConfig(labConfigPath), secrets),
      chooseCa: async () => {
        const file = await opts.dialogs.openFile({ title: "The lab's CA certificate", filters: [{ name: 'CA certificate (PEM)', extensions: ['pem', 'crt', 'cer'] }] });
        if (file === null) return { canceled: true };
        const text = await readChosenFile(file, 'CA certificate');
        if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new BenchError('FILE_UNREADABLE', `${path.basename(file)} is not a PEM certificate (it has no BEGIN CERTIFICATE line).`, { file: path.basename(file) });
        pendingCaFile = file;
        return { canceled: false, fileName: path.basename(file) };
      },
      test: async (req) => {
        const config = proposed(req);
        const probe = await openRecords(targetOf(config, secrets, req.password), { clock: () => new Date(now()), migrate: false, applicationName: `optic-bench ${opts.appVersion} (test)` }).catch(async (e: unknown) => {
          // An older schema is still a server that answers: the administrator upgrades it.
          throw e;
        });
        try {
          const [v] = (await probe.dataSource.query(`SELECT value FROM meta WHERE key = 'schema_version'`)) as Array<{ value: string }>;
          const [sv] = (await probe.dataSource.query('SHOW server_version')) as Array<{ server_version: string }>;
          const [tls] = (await probe.dataSource.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')) as Array<{ ssl: boolean }>;
          return { ok: true, server: probe.path, schemaVersion: Number(v?.value ?? 0), serverVersion: sv?.server_version ?? '', tls: tls?.ssl === true };
        } finally {
          await probe.close();
        }
      },
      connect: async (req, actor) => {
        const config = proposed(req);
        if (req.password !== undefined && req.password !== '' && !secrets.isAvailable()) {
          throw new BenchError('LAB_SECRET_STORE_UNAVAILABLE', 'This computer has no key store to keep the password encrypted: leave it empty and put it in ~/.pgpass (mode 0600) instead.');
        }
        const password = req.password !== undefined && req.password !== '' ? secrets.encrypt(req.password).toString('base64') : req.clearPassword === true ? null : config.password;
        const next = { ...config, password, enabled: true };
        const opened = await openRecords(targetOf(next, secrets, req.password), { clock: () => new Date(now()), applicationName: `optic-bench ${opts.appVersion}` });
        writeLabConfig(labConfigPath, next);
        await switchTo(opened, actor, { action: 'lab.connect', server: opened.path });
        return labStatus();
      },
      disconnect: async (actor) => {
        const config = readLabConfig(labConfigPath);
        if (config !== null) writeLabConfig(labConfigPath, { ...config, enabled: false });
        if (db.engine !== 'postgres') return labStatus();
        if (lab !== null && lab.status().waiting > 0) {
          if (config !== null) writeLabConfig(labConfigPath, config);
          throw new BenchError('INVALID_INPUT', `${lab.status().waiting} test run(s) still wait for the lab server on this bench: leave the bench on the lab until they are sent.`);
        }
        const opened = await openDatabase({ path: opts.databasePath, clock: () => new Date(now()) });
        await switchTo(opened, actor, { action: 'lab.disconnect' });
        return labStatus();
      },
    },
    exports: {
      cases: (req) => exportTo('cases', req.format, req.filters, (target) => exporter().exportCases(req, target)),
      testRuns: (req) => exportTo('test-runs', req.format, req.filters, (target) => exporter().exportTestRuns(req, target)),
    },
    reports: createReportService({ records: () => records, printer: opts.printer ?? null, dialogs: opts.dialogs, appVersion: opts.appVersion, now, recordOutput }),
    soaks: Object.assign(soaks, {
      exportCsv: async (source: SoakSource, actor: VerifiedPerson): Promise<ExportFileResult> => {
        const { text, name, rows } = await soaks.csv(source);
        const file = await opts.dialogs.saveFile({ title: 'Export the soak series', defaultName: name, filters: [{ name: 'CSV (Excel, LibreOffice)', extensions: ['csv'] }] });
        if (file === null) return { canceled: true };
        const bytes = await writeExportFile(file, text);
        await records.audit.recordOutput(actor.label, { action: 'export.soak-series', entity: 'export', entityId: path.basename(file), details: { format: 'csv', rows, bytes, source } });
        return { canceled: false, fileName: path.basename(file), rows, bytes };
      },
    }),
    close: async () => {
      if (closed) return;
      closed = true;
      await soaks.close();
      await soakRecovery;
      await bench.close();
      await startupCheck;
      await lab?.close();
      await db.close();
      await closeLocalStore();
    },
  };
}
