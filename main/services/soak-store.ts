// Soak runs in the records (issue 15): the journal a running soak writes as it goes, and the
// sealing of a finished (or interrupted) soak into evidence: a test run of kind 'soak' (the read
// it started with, its evaluation carrying the soak's verdict) plus its soak_run row (summary,
// events, phases, control writes and the full series), both in one transaction, hash-chained and
// append-only like every test run. See docs/soak.md.
import { createHash } from 'node:crypto';
import type { LaserBringUp, LimitRange, Evaluation, SoakThresholds } from '../../preload/contract/limits';
import type { DecodedModule } from '../../preload/contract/module';
import type { TestRunRole, TestRunSummary, TestRunSource } from '../../preload/contract/records';
import type { SoakEndReason, SoakEvent, SoakGap, SoakPhase, SoakSummary } from '../../preload/contract/soak';
import { BenchError, isBenchError } from '../errors';
import type { Db } from '../db/open';
import { soakRunStore } from '../db/append-only';
import { SampleDecoder, soakLayout, type SoakLayout } from '../hardware/soak-layout';
import { SAMPLE_STATUS, SERIES_VERSION, decodeFrame, encodeFrame, readSeriesHeader, type SampleRecord } from '../hardware/soak-series';
import { buildSummary, soakEvaluation, soakJudgement } from '../hardware/soak-summary';
import type { SoakGapCause } from '../../preload/contract/soak';
import type { TestRunService } from './test-runs';

/** Everything a journaled soak needs to be sealed, written when it starts. */
export interface SoakJournalHeader {
  version: 1;
  soakId: string;
  startedAtMs: number;
  requestedHz: number;
  durationMs: number;
  resumeWithinMs: number;
  thresholds: Required<SoakThresholds>;
  caseId: number | null;
  role: TestRunRole;
  actor: string;
  station: string;
  appVersion: string;
  programmer: { description: string; kind: string; port: string | null; identity: string | null };
  source: Extract<TestRunSource, 'programmer' | 'simulated'>;
  /** The start read, judged. */
  takenAt: string;
  decoded: DecodedModule;
  evaluation: Evaluation;
  limits: (LimitRange | null)[];
  rxJudged: boolean;
}

export interface SoakControlNote {
  what: 'bring-up' | 'release' | 'lost';
  atMs: number;
  record: LaserBringUp | null;
  note: string;
}

/** What the live run knows at its end (absent when a soak is sealed from its journal after a kill). */
export interface SoakFinal {
  endReason: SoakEndReason;
  endDetail: string | null;
  endMs: number;
  samples: number;
  failedSamples: number;
  jitterP99Ms: number;
  events: SoakEvent[];
  gaps: SoakGap[];
  eventCount: number;
  notListed: SoakSummary['eventsNotListed'];
}

export interface SoakSettings {
  requestedHz: number;
  durationMs: number;
  resumeWithinMs: number;
  thresholds: Required<SoakThresholds>;
  rxJudged: boolean;
  limits: (LimitRange | null)[];
}

export interface StoredSoak {
  testRunId: number;
  startedAtMs: number;
  summary: SoakSummary;
  events: SoakEvent[];
  phases: SoakPhase[];
  controls: SoakControlNote[];
  settings: SoakSettings;
  series: Uint8Array;
  seriesSha256: string;
  image: Uint8Array;
  decoded: DecodedModule;
  evaluation: Evaluation;
  failureMode: string;
  /** Set when the soak could not be recorded on the case it was started for. */
  notAttached: string | null;
}

export interface SealResult {
  run: TestRunSummary;
  summary: SoakSummary;
  notAttached: string | null;
}

export interface SoakStore {
  begin(header: SoakJournalHeader, image: Uint8Array, seriesHeader: Uint8Array): Promise<void>;
  /** One second's worth: a frame of samples and the notes since the last call, in one transaction. */
  append(soakId: string, frame: { seq: number; firstMs: number; samples: number; data: Uint8Array } | null, notes: { seq: number; atMs: number; kind: 'event' | 'phase' | 'controls'; body: string }[]): Promise<void>;
  seal(soakId: string, final?: SoakFinal): Promise<SealResult>;
  /**
   * Soaks in the journal (running in this process, or left by one that stopped); with `station`,
   * only that station's (a lab server's journal holds every bench's running soaks).
   */
  journaled(station?: string): Promise<string[]>;
  get(testRunId: number): Promise<StoredSoak>;
}

export interface SoakStoreDeps {
  testRuns: TestRunService;
  decode(image: Uint8Array): DecodedModule;
}

/** Gives the event loop a turn: packing a 24-hour series must not freeze the window. */
const yieldTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Repacks journal frames into FRAME_SAMPLES frames, yielding now and then. */
async function packFrames(seriesHeader: Uint8Array, frames: readonly Uint8Array[], onSample?: (s: SampleRecord) => void): Promise<Uint8Array> {
  const { header } = readSeriesHeader(seriesHeader);
  const parts: Uint8Array[] = [seriesHeader];
  let pending: SampleRecord[] = [];
  let n = 0;
  for (const f of frames) {
    for (const s of decodeFrame(f, 0, header.sampleBytes).samples) {
      onSample?.(s);
      pending.push(s);
      if (pending.length >= 4096) {
        parts.push(encodeFrame(pending, header.sampleBytes));
        pending = [];
        await yieldTurn();
      }
    }
    if (++n % 500 === 0) await yieldTurn();
  }
  if (pending.length > 0) parts.push(encodeFrame(pending, header.sampleBytes));
  return Buffer.concat(parts);
}

const CAUSE_OF: Record<number, SoakGapCause | undefined> = {
  [SAMPLE_STATUS.moduleNack]: 'module-nack',
  [SAMPLE_STATUS.programmerError]: 'programmer-timeout',
  [SAMPLE_STATUS.unplugged]: 'programmer-unplugged',
};

const INTERRUPTED =
  'The application stopped during the soak (closed without stopping it, killed or crashed). Every sample written up to then is kept; the soak was sealed at the next start.';

export function createSoakStore(db: Db, deps: SoakStoreDeps): SoakStore {
  return {
    async begin(header, image, seriesHeader) {
      await db.write(async (em) => {
        await em.query('INSERT INTO soak_journal (soak_id, started_at, header_json, image, series_header) VALUES (?, ?, ?, ?, ?)', [
          header.soakId,
          new Date(header.startedAtMs).toISOString(),
          JSON.stringify(header),
          Buffer.from(image),
          Buffer.from(seriesHeader),
        ]);
      });
    },

    async append(soakId, frame, notes) {
      if (frame === null && notes.length === 0) return;
      await db.write(async (em) => {
        if (frame) {
          await em.query('INSERT INTO soak_journal_frame (soak_id, seq, first_ms, samples, data) VALUES (?, ?, ?, ?, ?)', [soakId, frame.seq, frame.firstMs, frame.samples, Buffer.from(frame.data)]);
        }
        for (const n of notes) await em.query('INSERT INTO soak_journal_note (soak_id, seq, at_ms, kind, body) VALUES (?, ?, ?, ?, ?)', [soakId, n.seq, n.atMs, n.kind, n.body]);
      });
    },

    async journaled(station) {
      const rows: Array<{ soak_id: string; header_json: string }> = await db.writer.query('SELECT soak_id, header_json FROM soak_journal ORDER BY started_at, soak_id');
      // On a lab server the journal holds every bench's running soaks: a bench seals only its own.
      return rows.filter((r) => station === undefined || (JSON.parse(r.header_json) as SoakJournalHeader).station === station).map((r) => r.soak_id);
    },

    async seal(soakId, final) {
      // Read through the writer: the journal's last commits are the writer's own.
      const ds = db.writer;
      const [row] = (await ds.query('SELECT header_json, image, series_header FROM soak_journal WHERE soak_id = ?', [soakId])) as Array<{ header_json: string; image: Buffer; series_header: Buffer }>;
      if (row === undefined) throw new BenchError('NOT_FOUND', `no soak ${soakId} in the journal`, { soakId });
      const h = JSON.parse(row.header_json) as SoakJournalHeader;
      const image = new Uint8Array(row.image);
      const frames = ((await ds.query('SELECT data FROM soak_journal_frame WHERE soak_id = ? ORDER BY seq', [soakId])) as Array<{ data: Buffer }>).map((f) => new Uint8Array(f.data));
      const notes = (await ds.query('SELECT at_ms, kind, body FROM soak_journal_note WHERE soak_id = ? ORDER BY seq', [soakId])) as Array<{ at_ms: number; kind: string; body: string }>;
      const layout: SoakLayout = soakLayout(image, h.decoded);
      const decoder = new SampleDecoder(layout, image, deps.decode);
      const values = new Float64Array(layout.channels.length);
      const stats = layout.channels.map(() => ({ n: 0, noLight: 0, min: Infinity, max: -Infinity, sum: 0 }));
      let samples = 0;
      let failed = 0;
      let lastT = 0;
      const gaps: SoakGap[] = [];
      let open: SoakGap | null = null;
      const series = await packFrames(new Uint8Array(row.series_header), frames, (s) => {
        lastT = Math.max(lastT, s.t);
        if (s.status === SAMPLE_STATUS.good && s.bytes) {
          samples++;
          if (open) {
            open.durationMs = s.t - open.atMs;
            open = null;
          }
          decoder.values(s.bytes, values);
          values.forEach((v, i) => {
            const st = stats[i]!;
            if (Number.isNaN(v)) st.noLight++;
            else {
              st.n++;
              st.sum += v;
              st.min = Math.min(st.min, v);
              st.max = Math.max(st.max, v);
            }
          });
        } else if (s.status !== SAMPLE_STATUS.paused) {
          failed++;
          const cause = CAUSE_OF[s.status] ?? 'programmer-timeout';
          if (!open) {
            open = { atMs: s.t, durationMs: 0, cause, attempts: 0 };
            gaps.push(open);
          }
          open.attempts++;
          open.durationMs = s.t - open.atMs;
          if (cause === 'programmer-unplugged') open.cause = cause;
        }
      });
      const phases: SoakPhase[] = [];
      const controls: SoakControlNote[] = [];
      const journaledEvents: SoakEvent[] = [];
      for (const n of notes) {
        if (n.kind === 'phase') phases.push(JSON.parse(n.body) as SoakPhase);
        else if (n.kind === 'controls') controls.push(JSON.parse(n.body) as SoakControlNote);
        else {
          const { i, ev } = JSON.parse(n.body) as { i: number; ev: SoakEvent };
          journaledEvents[i] = ev;
        }
      }
      const events = final?.events ?? journaledEvents.filter((e) => e !== undefined);
      if (!final && controls.some((c) => c.what === 'bring-up') && !controls.some((c) => c.what === 'release')) {
        controls.push({ what: 'lost', atMs: lastT, record: null, note: 'The application stopped with the lasers held up: the control bytes the soak set stay until the module is power-cycled.' });
      }
      const faults = events.filter((e) => e.fault);
      const summary = buildSummary({
        startedAtMs: h.startedAtMs,
        endMs: final?.endMs ?? lastT,
        endReason: final?.endReason ?? 'app-stopped',
        endDetail: final ? final.endDetail : INTERRUPTED,
        requestedHz: h.requestedHz,
        samples: final?.samples ?? samples,
        failedSamples: final?.failedSamples ?? failed,
        jitterP99Ms: final?.jitterP99Ms ?? 0,
        layout,
        limits: h.limits,
        stats: stats.map((s) => ({ n: s.n, noLight: s.noLight, min: s.n > 0 ? s.min : null, max: s.n > 0 ? s.max : null, mean: s.n > 0 ? s.sum / s.n : null })),
        gaps: final?.gaps ?? gaps,
        eventCount: final?.eventCount ?? events.length,
        notListed: final?.notListed ?? {},
        faults: faults.length,
        seriesBytes: series.length,
      });
      const judgement = soakJudgement(summary, faults);
      const evaluation = soakEvaluation(h.evaluation, judgement);
      const seriesSha256 = createHash('sha256').update(series).digest('hex');
      const settings: SoakSettings = { requestedHz: h.requestedHz, durationMs: h.durationMs, resumeWithinMs: h.resumeWithinMs, thresholds: h.thresholds, rxJudged: h.rxJudged, limits: h.limits };
      const record = async (caseId: number | null, notAttached: string | null): Promise<TestRunSummary> =>
        deps.testRuns.record(
          {
            raw: image,
            decoded: h.decoded,
            evaluation,
            programmer: h.programmer.description,
            station: h.station,
            operator: h.actor,
            appVersion: h.appVersion,
            takenAt: h.takenAt,
            role: h.role,
            repairCaseId: caseId,
            actor: h.actor,
            provenance: {
              source: h.source,
              programmerKind: h.programmer.kind,
              programmerPort: h.programmer.port,
              programmerIdentity: h.programmer.identity,
              fileName: null,
              fileSha256: null,
            },
          },
          {
            kind: 'soak',
            within: async (em, testRunId, now) => {
              await soakRunStore.insert(
                em,
                {
                  testRunId,
                  seriesFormat: SERIES_VERSION,
                  startedAt: summary.startedAt,
                  endedAt: summary.endedAt,
                  durationMs: summary.durationMs,
                  endReason: summary.endReason,
                  requestedHz: summary.requestedHz,
                  achievedHz: summary.achievedHz,
                  samples: summary.samples,
                  failedSamples: summary.failedSamples,
                  verdict: summary.verdict,
                  failureMode: judgement.failureMode,
                  summaryJson: JSON.stringify({ ...summary, ...(notAttached ? { notAttached } : {}) }),
                  eventsJson: JSON.stringify(events),
                  phasesJson: JSON.stringify(phases),
                  controlsJson: JSON.stringify(controls),
                  settingsJson: JSON.stringify(settings),
                  series,
                  seriesSha256,
                },
                now,
              );
              // Sealed: the journal of this soak has done its work.
              await em.query('DELETE FROM soak_journal_note WHERE soak_id = ?', [soakId]);
              await em.query('DELETE FROM soak_journal_frame WHERE soak_id = ?', [soakId]);
              await em.query('DELETE FROM soak_journal WHERE soak_id = ?', [soakId]);
            },
          },
        );
      try {
        return { run: await record(h.caseId, null), summary, notAttached: null };
      } catch (e) {
        // The case was closed or another module was seated meanwhile: the soak is still evidence
        // of what was soaked, kept without the case (and says why) rather than lost.
        if (h.caseId === null || !isBenchError(e) || !['CASE_CLOSED', 'SERIAL_MISMATCH', 'NOT_FOUND', 'ALREADY_ATTACHED'].includes(e.code)) throw e;
        const why = `Not recorded on the case: ${e.message}`;
        return { run: await record(null, why), summary, notAttached: why };
      }
    },

    async get(testRunId) {
      const ds = db.dataSource;
      const [r] = (await ds.query(
        `SELECT s.started_at, s.summary_json, s.events_json, s.phases_json, s.controls_json, s.settings_json, s.series, s.series_sha256, s.failure_mode,
                t.raw_image, t.decoded_json, t.evaluation_json
           FROM soak_run s JOIN test_run t ON t.id = s.test_run_id WHERE s.test_run_id = ?`,
        [testRunId],
      )) as Array<Record<string, unknown>>;
      if (r === undefined) throw new BenchError('NOT_FOUND', `test run ${testRunId} is not a soak`, { entity: 'soak_run', id: testRunId });
      const summary = JSON.parse(String(r.summary_json)) as SoakSummary & { notAttached?: string };
      return {
        testRunId,
        startedAtMs: Date.parse(String(r.started_at)),
        summary,
        events: JSON.parse(String(r.events_json)) as SoakEvent[],
        phases: JSON.parse(String(r.phases_json)) as SoakPhase[],
        controls: JSON.parse(String(r.controls_json)) as SoakControlNote[],
        settings: JSON.parse(String(r.settings_json)) as SoakSettings,
        series: new Uint8Array(r.series as Buffer),
        seriesSha256: String(r.series_sha256),
        image: new Uint8Array(r.raw_image as Buffer),
        decoded: JSON.parse(String(r.decoded_json)) as DecodedModule,
        evaluation: JSON.parse(String(r.evaluation_json)) as Evaluation,
        failureMode: String(r.failure_mode),
        notAttached: summary.notAttached ?? null,
      };
    },
  };
}
