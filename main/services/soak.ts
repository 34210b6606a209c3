// Soaks on the bench (issue 15): start one on a programmer read of this session, keep it running
// whatever the page does (a reload reattaches: the page polls status and series by id), journal
// it as it goes, seal it into evidence at the end, and seal at start-up what an app that stopped
// left in the journal. Every side effect comes in through deps (habit 9).
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Evaluation, LaserBringUp, LimitProfile } from '../../preload/contract/limits';
import type { DecodedModule } from '../../preload/contract/module';
import { END_STATUSES, type RepairStatus, type TestRunRole, type VerifiedPerson } from '../../preload/contract/records';
import { SOAK_THRESHOLD_DEFAULTS, type SoakThresholds } from '../../preload/contract/limits';
import type { SoakChannelInfo, SoakEvent, SoakLive, SoakPhase, SoakPhaseKind, SoakSeriesWindow, SoakSource, SoakState, SoakSummary } from '../../preload/contract/soak';
import { BenchError, isBenchError } from '../errors';
import type { I2cBus } from '../hardware/drivers/i2c-bus';
import { runSoak, p99Abs } from '../hardware/soak';
import { SeriesColumns } from '../hardware/soak-envelope';
import { soakCsvHeader, soakCsvRows } from '../hardware/soak-csv';
import { SampleDecoder, flagBits, soakLayout, type SoakLayout } from '../hardware/soak-layout';
import { SAMPLE_STATUS, readSeries, type SampleRecord } from '../hardware/soak-series';
import { limitsFor, rxJudgedBy } from '../hardware/soak-summary';
import type { SoakDetector } from '../hardware/soak-detect';
import type { ProgrammerChoice, StoredRead } from './bench-session';
import type { RecordServices } from './index';
import type { SoakControlNote, SoakJournalHeader, StoredSoak } from './soak-store';
import { fsyncDir, fsyncFile } from '../db/private-files';

/** Each channel's last value, rounded as shown (null: no light). */
function latestOf(l: Pick<Live, 'latest' | 'lastValues' | 'layout'>): Record<string, number | null> {
  if (!l.lastValues || !l.layout) return l.latest;
  const out: Record<string, number | null> = {};
  l.layout.channels.forEach((c, i) => {
    const v = l.lastValues![i]!;
    out[c.key] = Number.isNaN(v) ? null : Math.round(v * 10000) / 10000;
  });
  return out;
}

/** Writes an export under a temporary name, private and fsynced, then renames it: never half a file. */
export async function writeExportFile(file: string, text: string): Promise<number> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.part`);
  try {
    await writeFile(tmp, text, { mode: 0o600 });
    fsyncFile(tmp);
    await rename(tmp, file);
    fsyncDir(path.dirname(file));
  } catch (e) {
    await rm(tmp, { force: true });
    throw new BenchError('EXPORT_WRITE_FAILED', `${path.basename(file)} could not be written (${(e as NodeJS.ErrnoException).code ?? 'error'}).`, { file: path.basename(file) });
  }
  return Buffer.byteLength(text);
}

export interface SoakManagerDeps {
  records(): RecordServices;
  openProgrammer(choice: ProgrammerChoice, signal: AbortSignal): Promise<I2cBus>;
  decode(image: Uint8Array): DecodedModule;
  evaluate(module: DecodedModule, setup: { rxLightSource: boolean; profileId?: string | undefined; at: Date; laser?: LaserBringUp | undefined }): Evaluation;
  /** Stops live monitors on the programmer a soak is about to take (one master per programmer). */
  releasePort(choice: ProgrammerChoice): Promise<void>;
  profiles(): LimitProfile[];
  appVersion: string;
  now?: () => number;
  newId(): string;
  logError?: (what: string, e: unknown) => void;
}

export interface SoakStartInput {
  read: StoredRead;
  rateHz: number;
  durationS: number;
  caseId?: number | undefined;
  role?: TestRunRole | undefined;
  resumeWithinS?: number | undefined;
  thresholds?: SoakThresholds | undefined;
}

interface Live {
  soakId: string;
  state: SoakState;
  choice: ProgrammerChoice;
  controller: AbortController;
  done: Promise<void>;
  startedAtMs: number;
  durationMs: number;
  requestedHz: number;
  module: SoakLive['module'];
  programmer: SoakLive['programmer'];
  source: SoakLive['source'];
  caseId: number | null;
  rmaNumber: string | null;
  layout: SoakLayout | null;
  columns: SeriesColumns | null;
  channels: SoakChannelInfo[];
  latest: Record<string, number | null>;
  link: SoakLive['link'];
  /** The last good sample's values (layout order), copied per sample; `latest` is made from it when asked. */
  lastValues: Float64Array | null;
  events: SoakEvent[];
  phases: SoakPhase[];
  gaps: SoakLive['gaps'];
  faults: number;
  samples: number;
  failedSamples: number;
  lastMs: number;
  testRunId: number | null;
  summary: SoakSummary | null;
  error: { code: string; message: string } | null;
  /** Notes waiting for the next journal write, and their sequence. */
  notes: { seq: number; atMs: number; kind: 'event' | 'phase' | 'controls'; body: string }[];
  noteSeq: number;
  frameSeq: number;
  journaledEvents: string[];
  firstUnsettled: number;
  header: SoakJournalHeader | null;
  /** The run's detector, so a phase marked here is the phase of the events that follow. */
  detector: SoakDetector | null;
  /** Journal writes queue behind each other off the sampling path (an fsync must not delay a sample). */
  writing: Promise<void>;
  writeError: unknown;
}

const STORED_CACHE = 2;

/** Whether two choices share hardware (the simulated bench never does). */
function samePort(a: ProgrammerChoice, b: ProgrammerChoice): boolean {
  return a.kind !== 'sim' && b.kind !== 'sim' && a.path === b.path;
}

/** The journal bookkeeping every live entry starts with (a running soak fills it as it goes). */
function journalBookkeeping(): Pick<Live, 'notes' | 'noteSeq' | 'frameSeq' | 'journaledEvents' | 'firstUnsettled' | 'header' | 'detector' | 'writing' | 'writeError'> {
  return { notes: [], noteSeq: 0, frameSeq: 0, journaledEvents: [], firstUnsettled: 0, header: null, detector: null, writing: Promise.resolve(), writeError: null };
}

export class SoakManager {
  private readonly live = new Map<string, Live>();
  private readonly stored = new Map<number, { soak: StoredSoak; columns: SeriesColumns; layout: SoakLayout }>();
  private readonly now: () => number;
  private closed = false;
  /** Soaks sealed at start-up from the journal of an app that stopped (shown once on the bench). */
  recovered: { testRunId: number; summary: SoakSummary; rmaNumber: string | null }[] = [];

  constructor(private readonly deps: SoakManagerDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** True while a soak holds the programmer `choice` names (reads and monitors must wait). */
  busyOn(choice: ProgrammerChoice): boolean {
    return [...this.live.values()].some((l) => (l.state === 'starting' || l.state === 'running' || l.state === 'waiting-for-programmer' || l.state === 'stopping') && samePort(l.choice, choice));
  }

  get runningCount(): number {
    return [...this.live.values()].filter((l) => l.state !== 'finished' && l.state !== 'failed').length;
  }

  /**
   * Seals what an app that stopped left in the journal: every soak there for a bench's own file,
   * only this station's on a lab server (`station`), where other benches' soaks are running.
   */
  async recover(station?: string): Promise<void> {
    const store = this.deps.records().soaks;
    for (const id of await store.journaled(station)) {
      if (this.live.has(id)) continue;
      try {
        const r = await store.seal(id);
        this.recovered.push({ testRunId: r.run.id, summary: r.summary, rmaNumber: null });
        // Shown on the bench with this session's soaks: the technician sees it was sealed.
        await this.showStored(id, r.run.id).catch((e: unknown) => this.deps.logError?.(`showing the sealed soak ${id}`, e));
      } catch (e) {
        this.deps.logError?.(`sealing the interrupted soak ${id}`, e);
      }
    }
  }

  /** A sealed soak as a finished entry of the list (status, series and CSV by its id). */
  private async showStored(soakId: string, testRunId: number): Promise<void> {
    const records = this.deps.records();
    const soak = await records.soaks.get(testRunId);
    const run = await records.testRuns.get(testRunId);
    const layout = soakLayout(soak.image, soak.decoded);
    const rma = run.repairCaseId === null ? null : (await records.repairs.getCase(run.repairCaseId)).rmaNumber;
    const m = soak.decoded;
    this.live.set(soakId, {
      soakId,
      state: 'finished',
      choice: { kind: run.programmerKind === 'buspirate' || run.programmerKind === 'usbiss' ? run.programmerKind : 'sim', path: run.programmerPort ?? undefined },
      controller: new AbortController(),
      done: Promise.resolve(),
      startedAtMs: soak.startedAtMs,
      durationMs: soak.settings.durationMs,
      requestedHz: soak.settings.requestedHz,
      module: { vendor: m.vendor.name.trim(), partNumber: m.vendor.partNumber.trim(), serial: m.vendor.serialNumber.trim(), standard: m.standard },
      programmer: { kind: run.programmerKind ?? 'sim', description: run.programmer },
      source: run.source === 'programmer' ? 'programmer' : 'simulated',
      caseId: run.repairCaseId,
      rmaNumber: rma,
      layout,
      columns: null,
      channels: layout.channels.map((c, i) => ({ key: c.key, parameter: c.parameter, lane: c.lane, unit: c.unit, limit: soak.settings.limits[i] ?? null })),
      latest: {},
      link: null,
      lastValues: null,
      events: soak.events,
      phases: soak.phases,
      gaps: soak.summary.gaps,
      faults: soak.events.filter((e) => e.fault).length,
      samples: soak.summary.samples,
      failedSamples: soak.summary.failedSamples,
      lastMs: soak.summary.durationMs,
      testRunId,
      summary: soak.summary,
      error: null,
      ...journalBookkeeping(),
    });
  }

  /**
   * Starts a soak on the programmer of `input.read` and resolves once sampling has begun (the
   * start read done and journaled), or rejects with why it could not begin.
   */
  async start(input: SoakStartInput, actor: VerifiedPerson): Promise<{ soakId: string }> {
    if (this.closed) throw new BenchError('CANCELLED', 'The application is shutting down.');
    const read = input.read;
    if (read.choice === null || read.result.source !== 'programmer') throw new BenchError('INVALID_INPUT', 'A dump file has no live module to soak: read the module on the bench first.');
    const choice = read.choice;
    if (this.busyOn(choice)) throw new BenchError('SOAK_RUNNING', `A soak is already running on ${choice.path ?? 'that programmer'}.`, { port: choice.path ?? null });
    const records = this.deps.records();
    const station = (await records.settings.get('station'))?.trim() ?? '';
    if (station === '') throw new BenchError('STATION_NOT_SET', 'This station has no name yet: set it in Settings, so the soak says where it ran.');
    let rmaNumber: string | null = null;
    if (input.caseId !== undefined) {
      const c = await records.repairs.getCase(input.caseId);
      if (END_STATUSES.includes(c.status as RepairStatus)) throw new BenchError('CASE_CLOSED', `case ${c.rmaNumber} is ${c.status}: no more evidence can be added`, { caseId: c.id, status: c.status });
      const serial = read.result.module.vendor.serialNumber.trim();
      const expected = [c.moduleSerial, ...((input.role ?? 'before-repair') === 'after-repair' && c.replacementSerial !== null ? [c.replacementSerial] : [])];
      if (!expected.includes(serial)) {
        throw new BenchError('SERIAL_MISMATCH', `the module's memory gives serial ${serial || '(blank)'}; case ${c.rmaNumber} is for ${expected.join(' or ')}. Soak the case's module, or record the read with a supervisor's approval first.`, {
          caseId: c.id,
          serialRead: serial,
        });
      }
      rmaNumber = c.rmaNumber;
    }
    await this.deps.releasePort(choice);
    const soakId = this.deps.newId();
    const controller = new AbortController();
    const p = read.result.programmer;
    const m = read.result.module;
    const entry: Live = {
      soakId,
      state: 'starting',
      choice,
      controller,
      done: Promise.resolve(),
      startedAtMs: this.now(),
      durationMs: input.durationS * 1000,
      requestedHz: input.rateHz,
      module: { vendor: m.vendor.name.trim(), partNumber: m.vendor.partNumber.trim(), serial: m.vendor.serialNumber.trim(), standard: m.standard },
      programmer: { kind: p.kind, description: p.description },
      source: p.kind === 'sim' ? 'simulated' : 'programmer',
      caseId: input.caseId ?? null,
      rmaNumber,
      layout: null,
      columns: null,
      channels: [],
      latest: {},
      link: null,
      lastValues: null,
      events: [],
      phases: [],
      gaps: [],
      faults: 0,
      samples: 0,
      failedSamples: 0,
      lastMs: 0,
      testRunId: null,
      summary: null,
      error: null,
      ...journalBookkeeping(),
    };
    this.live.set(soakId, entry);
    let begun: (v: void) => void = () => undefined;
    let refused: (e: unknown) => void = () => undefined;
    const begin = new Promise<void>((resolve, reject) => {
      begun = resolve;
      refused = reject;
    });
    const store = records.soaks;
    const note = (kind: 'event' | 'phase' | 'controls', atMs: number, body: unknown): void => {
      entry.notes.push({ seq: entry.noteSeq++, atMs, kind, body: JSON.stringify(body) });
    };
    let thresholds: Required<SoakThresholds> = { ...SOAK_THRESHOLD_DEFAULTS };
    const run = async (): Promise<void> => {
      const outcome = await runSoak({
        open: (signal) => this.deps.openProgrammer(choice, signal),
        decode: this.deps.decode,
        judge: (held, layout) => {
          const evaluation = this.deps.evaluate(held.module, { rxLightSource: read.setup.rxLightSource, profileId: read.setup.profileId ?? undefined, at: new Date(this.now()), laser: held.laser });
          const profile = this.deps.profiles().find((x) => x.id === evaluation.profile?.id && x.version === evaluation.profile.version);
          thresholds = { ...SOAK_THRESHOLD_DEFAULTS, ...profile?.soak, ...input.thresholds };
          const limits = limitsFor(layout, evaluation);
          entry.header = {
            version: 1,
            soakId,
            startedAtMs: 0,
            requestedHz: input.rateHz,
            durationMs: input.durationS * 1000,
            resumeWithinMs: (input.resumeWithinS ?? 120) * 1000,
            thresholds,
            caseId: input.caseId ?? null,
            role: input.role ?? 'before-repair',
            actor: actor.label,
            station,
            appVersion: this.deps.appVersion,
            programmer: { description: held.programmer.description, kind: held.programmer.kind, port: held.programmer.path, identity: held.programmer.identity ?? null },
            source: entry.source,
            takenAt: new Date(this.now()).toISOString(),
            decoded: held.module,
            evaluation,
            limits,
            rxJudged: rxJudgedBy(evaluation),
          };
          return { limits, rxJudged: rxJudgedBy(evaluation), thresholds };
        },
        rateHz: input.rateHz,
        durationMs: input.durationS * 1000,
        signal: controller.signal,
        resumeWithinMs: (input.resumeWithinS ?? 120) * 1000,
        hooks: {
          started: async (info) => {
            const header = entry.header!;
            header.startedAtMs = info.startedAtMs;
            entry.startedAtMs = info.startedAtMs;
            entry.link = info.link;
            entry.layout = info.layout;
            entry.columns = new SeriesColumns(info.layout.channels.map((c) => c.key));
            entry.channels = info.layout.channels.map((c, i) => ({ key: c.key, parameter: c.parameter, lane: c.lane, unit: c.unit, limit: header.limits[i] ?? null }));
            entry.events = info.detector.events;
            entry.detector = info.detector;
            entry.gaps = info.detector.gaps;
            await store.begin(header, info.read.image, info.header);
            entry.state = 'running';
            begun();
          },
          sample: (rec, values) => {
            entry.lastMs = rec.t;
            if (values && entry.columns && entry.layout) {
              entry.samples++;
              entry.columns.push(rec.t, values);
              // The page asks a few times a second; the sampler runs up to 200 times: keep the numbers, make the object when asked.
              (entry.lastValues ??= new Float64Array(values.length)).set(values);
            } else if (rec.status !== SAMPLE_STATUS.paused) entry.failedSamples++;
          },
          frame: (frame, samples) => {
            // A journal that cannot be written ends the soak: samples that cannot be kept are no evidence.
            if (entry.writeError !== null) throw entry.writeError;
            const firstMs = entry.lastMs;
            this.collectEvents(entry);
            const notes = entry.notes.splice(0);
            const seq = entry.frameSeq++;
            entry.writing = entry.writing
              .then(() => store.append(soakId, { seq, firstMs, samples, data: frame }, notes))
              .catch((e: unknown) => {
                entry.writeError ??= e;
              });
          },
          laser: (what, record, why) => note('controls', entry.lastMs, { what, atMs: entry.lastMs, record, note: why } satisfies SoakControlNote),
          state: (s) => {
            if (entry.state !== 'stopping') entry.state = s === 'recovering' ? 'running' : s;
          },
        },
      });
      entry.faults = outcome.detector.faults.length;
      await entry.writing;
      if (entry.writeError !== null) throw entry.writeError;
      // What is still waiting goes in with the seal's own reading of the journal.
      this.collectEvents(entry);
      await store.append(soakId, null, entry.notes.splice(0));
      const sealed = await store.seal(soakId, {
        endReason: outcome.endReason,
        endDetail: outcome.endDetail,
        endMs: outcome.endMs,
        samples: outcome.samples,
        failedSamples: outcome.failedSamples,
        jitterP99Ms: p99Abs(outcome.intervalErrors),
        events: outcome.detector.events,
        gaps: outcome.detector.gaps,
        eventCount: outcome.detector.eventCount,
        notListed: outcome.detector.notListed,
      });
      entry.testRunId = sealed.run.id;
      entry.summary = sealed.summary;
      if (sealed.notAttached) {
        entry.caseId = null;
        entry.rmaNumber = null;
      }
      entry.state = 'finished';
    };
    entry.done = run().catch((e: unknown) => {
      entry.state = 'failed';
      entry.error = isBenchError(e) ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: 'The soak stopped because of an unexpected error.' };
      if (!isBenchError(e)) this.deps.logError?.('soak', e);
      refused(e);
    });
    void entry.done.then(() => begun());
    await begin;
    if (entry.state === 'failed' && entry.error) throw new BenchError(entry.error.code, entry.error.message);
    return { soakId };
  }

  /** Events opened or changed since the last journal write become notes. */
  private collectEvents(entry: Live): void {
    for (let i = entry.firstUnsettled; i < entry.events.length; i++) {
      const ev = entry.events[i]!;
      const json = JSON.stringify(ev);
      if (entry.journaledEvents[i] !== json) {
        entry.journaledEvents[i] = json;
        entry.notes.push({ seq: entry.noteSeq++, atMs: ev.atMs, kind: 'event', body: JSON.stringify({ i, ev }) });
      }
    }
    while (entry.firstUnsettled < entry.events.length && entry.events[entry.firstUnsettled]!.endMs !== null && entry.journaledEvents[entry.firstUnsettled] !== undefined) entry.firstUnsettled++;
  }

  private get(soakId: string): Live {
    const l = this.live.get(soakId);
    if (!l) throw new BenchError('NOT_FOUND', 'No soak with that id is known to this session: it may have ended before the application started again (see the case page).', { soakId });
    return l;
  }

  async stop(soakId: string): Promise<{ stopped: boolean }> {
    const l = this.live.get(soakId);
    if (!l || l.state === 'finished' || l.state === 'failed') return { stopped: false };
    l.state = 'stopping';
    l.controller.abort();
    await l.done;
    return { stopped: true };
  }

  phase(soakId: string, kind: SoakPhaseKind, note: string | null, actor: VerifiedPerson): SoakPhase {
    const l = this.get(soakId);
    if (l.state !== 'running' && l.state !== 'waiting-for-programmer') throw new BenchError('INVALID_INPUT', 'Phases are marked while the soak runs.', { soakId, state: l.state });
    const phase: SoakPhase = { atMs: Math.max(l.lastMs, Math.round(this.now() - l.startedAtMs)), kind, note: note === '' ? null : note, by: actor.label };
    l.phases.push(phase);
    l.detector?.setPhase(l.phases.length - 1);
    l.notes.push({ seq: l.noteSeq++, atMs: phase.atMs, kind: 'phase', body: JSON.stringify(phase) });
    return phase;
  }

  status(soakId: string, eventsFrom = 0): SoakLive {
    const l = this.get(soakId);
    const elapsed = l.summary ? l.summary.durationMs : l.state === 'starting' ? 0 : Math.max(0, this.now() - l.startedAtMs);
    return {
      soakId,
      state: l.state,
      startedAt: new Date(l.startedAtMs).toISOString(),
      elapsedMs: Math.round(Math.min(elapsed, l.durationMs + 60_000)),
      durationMs: l.durationMs,
      requestedHz: l.requestedHz,
      achievedHz: l.summary?.achievedHz ?? (elapsed > 0 ? Math.round((l.samples / (elapsed / 1000)) * 100) / 100 : 0),
      link: l.link,
      samples: l.summary?.samples ?? l.samples,
      failedSamples: l.summary?.failedSamples ?? l.failedSamples,
      module: l.module,
      programmer: l.programmer,
      source: l.source,
      caseId: l.caseId,
      rmaNumber: l.rmaNumber,
      channels: l.channels,
      latest: latestOf(l),
      events: l.events.slice(eventsFrom),
      eventsFrom,
      eventCount: l.events.length,
      phases: [...l.phases],
      gaps: l.gaps.map((g) => ({ ...g })),
      verdict: l.summary?.verdict ?? (l.events.some((e) => e.fault) ? 'fail' : 'pass'),
      testRunId: l.testRunId,
      summary: l.summary,
      error: l.error,
    };
  }

  /** Soaks of this session, newest first (running ones and those that ended), and the ones sealed at start-up. */
  list(): SoakLive[] {
    return [...this.live.keys()].reverse().map((id) => this.status(id));
  }

  private async storedSoak(testRunId: number): Promise<{ soak: StoredSoak; columns: SeriesColumns; layout: SoakLayout }> {
    const hit = this.stored.get(testRunId);
    if (hit) return hit;
    const soak = await this.deps.records().soaks.get(testRunId);
    const layout = soakLayout(soak.image, soak.decoded);
    const decoder = new SampleDecoder(layout, soak.image, this.deps.decode);
    const columns = new SeriesColumns(layout.channels.map((c) => c.key));
    const values = new Float64Array(layout.channels.length);
    for (const s of readSeries(soak.series)) {
      if (s.status !== SAMPLE_STATUS.good || !s.bytes) continue;
      decoder.values(s.bytes, values);
      columns.push(s.t, values);
    }
    const entry = { soak, columns, layout };
    this.stored.set(testRunId, entry);
    while (this.stored.size > STORED_CACHE) this.stored.delete(this.stored.keys().next().value as number);
    return entry;
  }

  async series(source: SoakSource, fromMs: number | undefined, toMs: number | undefined, buckets: number, channels?: string[]): Promise<SoakSeriesWindow> {
    if ('soakId' in source) {
      const l = this.get(source.soakId);
      if (l.testRunId !== null && l.state === 'finished') return this.series({ testRunId: l.testRunId }, fromMs, toMs, buckets, channels);
      if (!l.columns) return { fromMs: fromMs ?? 0, toMs: toMs ?? 0, bucketMs: 0, samples: 0, channels: [] };
      return l.columns.window(fromMs ?? 0, toMs ?? Math.max(1, l.columns.lastT + 1), buckets, channels);
    }
    const s = await this.storedSoak(source.testRunId);
    return s.columns.window(fromMs ?? 0, toMs ?? Math.max(1, s.soak.summary.durationMs + 1), buckets, channels);
  }

  /** The whole series of a finished soak as CSV text (soak-csv.ts). */
  async csv(source: SoakSource): Promise<{ text: string; name: string; rows: number }> {
    let testRunId: number;
    if ('soakId' in source) {
      const l = this.get(source.soakId);
      if (l.testRunId === null) throw new BenchError('INVALID_INPUT', 'The soak is still running: export it when it has ended.', { soakId: source.soakId });
      testRunId = l.testRunId;
    } else testRunId = source.testRunId;
    const { soak, layout } = await this.storedSoak(testRunId);
    const decoder = new SampleDecoder(layout, soak.image, this.deps.decode);
    const parts: string[] = [soakCsvHeader(layout)];
    let batch: { rec: SampleRecord; values: Float64Array | null; flags: Uint8Array | null }[] = [];
    let rows = 0;
    for (const rec of readSeries(soak.series)) {
      let values: Float64Array | null = null;
      let flags: Uint8Array | null = null;
      if (rec.bytes) {
        values = new Float64Array(layout.channels.length);
        decoder.values(rec.bytes, values);
        flags = new Uint8Array(layout.flags.length);
        flagBits(layout, rec.bytes, flags);
      }
      batch.push({ rec, values, flags });
      rows++;
      if (batch.length >= 2000) {
        parts.push(soakCsvRows(layout, soak.startedAtMs, batch));
        batch = [];
      }
    }
    parts.push(soakCsvRows(layout, soak.startedAtMs, batch));
    const serial = soak.decoded.vendor.serialNumber.trim().replace(/[^A-Za-z0-9._-]/g, '_') || 'module';
    return { text: parts.join(''), name: `optic-bench-soak-${testRunId}-${serial}.csv`, rows };
  }

  /** Stops every soak (each is sealed; controls put back) and refuses new ones. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.live.keys()].map((id) => this.stop(id)));
  }
}
