// Bench evidence. A test run is stored once, with the exact bytes read and their SHA-256, and is
// never changed: a mistake is corrected by a new run that names the one it corrects.
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { END_STATUSES, TEST_RUN_ROLES, type RecordTestRunInput, type RepairStatus, type TestRunRecord, type TestRunSummary } from '../../preload/contract/records';
import type { DecodedModule } from '../../preload/contract/module';
import type { Evaluation } from '../../preload/contract/limits';
import { BenchError } from '../errors';
import type { Db } from '../db/open';
import { RepairCaseEntity, TestRunEntity } from '../db/entities';
import { auditLog, testRunStore } from '../db/append-only';
import { TEST_RUN_SUMMARY_COLUMNS, toTestRunSummary } from '../db/mappers';

export interface TestRunService {
  record(input: RecordTestRunInput): Promise<TestRunSummary>;
  get(id: number): Promise<TestRunRecord>;
  listForCase(caseId: number): Promise<TestRunSummary[]>;
  listForSerial(serial: string): Promise<TestRunSummary[]>;
}

/** Registers a module the first time the bench sees it; never rewrites what was first recorded. */
export async function ensureModule(em: EntityManager, serial: string, vendor: string | null, partNumber: string | null, at: string): Promise<void> {
  await em.query('INSERT OR IGNORE INTO module (serial, vendor, part_number, first_seen_at) VALUES (?, ?, ?, ?)', [serial, vendor, partNumber, at]);
  if (vendor !== null || partNumber !== null) {
    // A case opened from the paperwork may know only the serial; the first read fills the gaps.
    await em.query('UPDATE module SET vendor = COALESCE(vendor, ?), part_number = COALESCE(part_number, ?) WHERE serial = ?', [vendor, partNumber, serial]);
  }
}

/** Current (not superseded) runs of a case with a role, newest first. */
export async function currentRunsForCase(em: EntityManager, caseId: number, role: RecordTestRunInput['role']): Promise<Array<{ id: number; withinSpec: number; evaluationJson: string; decodedJson: string; moduleSerial: string }>> {
  return em.query(
    `SELECT r.id AS id, r.within_spec AS withinSpec, r.evaluation_json AS evaluationJson, r.decoded_json AS decodedJson, r.module_serial AS moduleSerial
       FROM test_run r
      WHERE r.repair_case_id = ? AND r.role = ? AND NOT EXISTS (SELECT 1 FROM test_run x WHERE x.corrects_id = r.id)
      ORDER BY r.taken_at DESC, r.id DESC`,
    [caseId, role],
  );
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function createTestRunService(db: Db): TestRunService {
  const summaries = async (where: string, params: unknown[]): Promise<TestRunSummary[]> => {
    const rows: Array<Record<string, unknown>> = await db.dataSource.query(`SELECT ${TEST_RUN_SUMMARY_COLUMNS} FROM test_run r WHERE ${where} ORDER BY r.taken_at, r.id`, params);
    return rows.map(toTestRunSummary);
  };

  return {
    async record(input) {
      if (!(input.raw instanceof Uint8Array) || input.raw.length === 0) throw new BenchError('IMAGE_EMPTY', 'a test run needs the module image as read');
      if (!TEST_RUN_ROLES.includes(input.role)) throw new BenchError('INVALID_INPUT', `role ${String(input.role)} is not before-repair or after-repair`);
      for (const [k, v] of Object.entries({ programmer: input.programmer, station: input.station, operator: input.operator, appVersion: input.appVersion, actor: input.actor })) {
        if (typeof v !== 'string' || v.trim() === '') throw new BenchError('INVALID_INPUT', `a test run must say its ${k}`, { field: k });
      }
      const takenAt = new Date(input.takenAt);
      if (Number.isNaN(takenAt.getTime())) throw new BenchError('INVALID_DATE', `takenAt ${JSON.stringify(input.takenAt)} is not a date-time`, { field: 'takenAt' });
      const serial = (input.moduleSerial ?? input.decoded.vendor.serialNumber).trim();
      if (serial === '') throw new BenchError('INVALID_INPUT', 'the module has no serial number; give moduleSerial', { field: 'moduleSerial' });
      const raw = Buffer.from(input.raw);
      const sha256 = createHash('sha256').update(raw).digest('hex');

      return db.write(async (em) => {
        const now = db.now();
        const caseId = input.repairCaseId ?? null;
        if (caseId !== null) {
          const c = await em.findOneBy(RepairCaseEntity, { id: caseId });
          if (c === null) throw new BenchError('NOT_FOUND', `no repair case with id ${caseId}`, { entity: 'repair_case', id: caseId });
          if (END_STATUSES.includes(c.status as RepairStatus)) throw new BenchError('CASE_CLOSED', `case ${c.rmaNumber} is ${c.status}: no more evidence can be added`, { caseId, status: c.status });
        }
        const correctsId = input.correctsId ?? null;
        if (correctsId !== null) {
          const corrected = await em.findOneBy(TestRunEntity, { id: correctsId });
          if (corrected === null) throw new BenchError('NOT_FOUND', `no test run with id ${correctsId} to correct`, { entity: 'test_run', id: correctsId });
          const already: Array<{ id: number }> = await em.query('SELECT id FROM test_run WHERE corrects_id = ? LIMIT 1', [correctsId]);
          if (already[0] !== undefined) throw new BenchError('DUPLICATE', `test run ${correctsId} is already corrected by run ${already[0].id}; correct that one instead`, { correctedById: already[0].id });
          if ((input.correctionReason ?? '').trim() === '') throw new BenchError('INVALID_INPUT', 'a correction must say why', { field: 'correctionReason' });
        }
        const vendor = input.decoded.vendor.name.trim() || null;
        const partNumber = input.decoded.vendor.partNumber.trim() || null;
        await ensureModule(em, serial, vendor, partNumber, now);
        const row = {
          moduleSerial: serial,
          rawImage: raw,
          sha256,
          decodedJson: JSON.stringify(input.decoded),
          limitProfileId: input.evaluation.profile?.id ?? null,
          limitProfileVersion: input.evaluation.profile?.version ?? null,
          evaluationJson: JSON.stringify(input.evaluation),
          overallVerdict: input.evaluation.overall,
          withinSpec: input.evaluation.withinSpec ? 1 : 0,
          programmer: input.programmer,
          station: input.station,
          operator: input.operator,
          appVersion: input.appVersion,
          takenAt: takenAt.toISOString(),
          recordedAt: now,
          role: input.role,
          correctsId,
          correctionReason: input.correctionReason ?? null,
          repairCaseId: caseId,
        };
        const id = await testRunStore.insert(em, row);
        await auditLog.append(em, now, {
          actor: input.actor,
          action: correctsId === null ? 'test-run.record' : 'test-run.correct',
          entity: 'test_run',
          entityId: id,
          details: { moduleSerial: serial, sha256, overall: row.overallVerdict, role: row.role, repairCaseId: caseId, correctsId, correctionReason: row.correctionReason, profile: input.evaluation.profile },
        });
        const { rawImage: _raw, decodedJson: _d, evaluationJson: _e, ...rest } = row;
        return { ...rest, id, overall: input.evaluation.overall, withinSpec: input.evaluation.withinSpec, correctedById: null };
      });
    },

    async get(id) {
      const row = await db.dataSource.getRepository(TestRunEntity).findOneBy({ id });
      if (row === null) throw new BenchError('NOT_FOUND', `no test run with id ${id}`, { entity: 'test_run', id });
      const [summary] = await summaries('r.id = ?', [id]);
      if (summary === undefined) throw new BenchError('NOT_FOUND', `no test run with id ${id}`, { entity: 'test_run', id });
      return { ...summary, rawHex: hex(row.rawImage), decoded: JSON.parse(row.decodedJson) as DecodedModule, evaluation: JSON.parse(row.evaluationJson) as Evaluation };
    },
    listForCase: (caseId) => summaries('r.repair_case_id = ?', [caseId]),
    listForSerial: (serial) => summaries('r.module_serial = ?', [serial]),
  };
}

