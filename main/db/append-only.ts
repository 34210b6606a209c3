// The append-only stores: evidence (test runs, external tests, status history, imported limit profiles) and the
// audit trail. These functions are the only code that writes those tables, and they only insert;
// the triggers abort any UPDATE, DELETE or INSERT OR REPLACE that gets past this. Every insert
// links its row into the hash chain in the same transaction (evidence-chain.ts).
import type { EntityManager } from 'typeorm';
import { execOfManager, linkRow } from './evidence-chain';
import {
  AuditEventEntity,
  ExternalTestEntity,
  LimitProfileEntity,
  TestRunAttachmentEntity,
  StatusChangeEntity,
  TestRunEntity,
  type AuditEventRow,
  type ExternalTestRow,
  type LimitProfileRow,
  type StatusChangeRow,
  type TestRunAttachmentRow,
  type TestRunRow,
} from './entities';

export interface AuditInput {
  actor: string;
  action: string;
  entity: string;
  entityId: string | number;
  details?: Record<string, unknown>;
}

const execOf = execOfManager;

async function insertReturningId(
  em: EntityManager,
  target: typeof TestRunEntity | typeof AuditEventEntity | typeof StatusChangeEntity | typeof ExternalTestEntity | typeof TestRunAttachmentEntity,
  values: object,
  at: string,
): Promise<number> {
  const table = target.options.tableName ?? 'table';
  const result = await em.insert(target, values);
  const id = (result.identifiers[0] as { id?: number } | undefined)?.id;
  if (typeof id !== 'number') throw new Error(`insert into ${table} returned no id`);
  await linkRow(execOf(em), table, [id], at);
  return id;
}

export const auditLog = {
  /** Writes one audit event with the caller's transaction manager, so it commits with the change it records. */
  async append(em: EntityManager, at: string, e: AuditInput): Promise<number> {
    return insertReturningId(em, AuditEventEntity, {
      at,
      actor: e.actor,
      action: e.action,
      entity: e.entity,
      entityId: String(e.entityId),
      detailsJson: JSON.stringify(e.details ?? {}),
    } satisfies Omit<AuditEventRow, 'id'>, at);
  },
};

export const testRunStore = {
  insert(em: EntityManager, row: Omit<TestRunRow, 'id'>): Promise<number> {
    return insertReturningId(em, TestRunEntity, row, row.recordedAt);
  },
};

/** External link / BER tests (schema 3): evidence like a test run, inserted once. */
export const externalTestStore = {
  insert(em: EntityManager, row: Omit<ExternalTestRow, 'id'>): Promise<number> {
    return insertReturningId(em, ExternalTestEntity, row, row.recordedAt);
  },
};

/** Schema 5: attachments of runs to cases and their withdrawals, each inserted once. */
export const attachmentStore = {
  insert(em: EntityManager, row: Omit<TestRunAttachmentRow, 'id'>): Promise<number> {
    return insertReturningId(em, TestRunAttachmentEntity, row, row.at);
  },
};

/** A soak's own evidence row (schema 6, issue 15), written once beside its test run. */
export interface SoakRunRow {
  testRunId: number;
  seriesFormat: number;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  endReason: string;
  requestedHz: number;
  achievedHz: number;
  samples: number;
  failedSamples: number;
  verdict: string;
  failureMode: string;
  summaryJson: string;
  eventsJson: string;
  phasesJson: string;
  controlsJson: string;
  settingsJson: string;
  series: Uint8Array;
  seriesSha256: string;
}

export const soakRunStore = {
  async insert(em: EntityManager, row: SoakRunRow, at: string): Promise<void> {
    await em.query(
      `INSERT INTO soak_run (test_run_id, series_format, started_at, ended_at, duration_ms, end_reason, requested_hz, achieved_hz, samples, failed_samples,
         verdict, failure_mode, summary_json, events_json, phases_json, controls_json, settings_json, series, series_sha256, series_bytes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        row.testRunId, row.seriesFormat, row.startedAt, row.endedAt, row.durationMs, row.endReason, row.requestedHz, row.achievedHz, row.samples, row.failedSamples,
        row.verdict, row.failureMode, row.summaryJson, row.eventsJson, row.phasesJson, row.controlsJson, row.settingsJson, Buffer.from(row.series), row.seriesSha256, row.series.length,
      ],
    );
    await linkRow(execOf(em), 'soak_run', [row.testRunId], at);
  },
};

export const statusHistory = {
  insert(em: EntityManager, row: Omit<StatusChangeRow, 'id'>): Promise<number> {
    return insertReturningId(em, StatusChangeEntity, row, row.at);
  },
};

export const limitProfileStore = {
  async insert(em: EntityManager, row: LimitProfileRow): Promise<void> {
    await em.insert(LimitProfileEntity, row);
    await linkRow(execOf(em), 'limit_profile', [row.id, row.version], row.importedAt);
  },
};
