// Bench evidence. A test run is stored once, with the exact bytes read and their SHA-256, and is
// never changed: a mistake is corrected by a new run that names the one it corrects.
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { END_STATUSES, TEST_RUN_ROLES, TEST_RUN_SOURCES, roleAtLeast, type RecordTestRunInput, type RepairStatus, type TestRunRecord, type TestRunSummary } from '../../preload/contract/records';
import type { DecodedModule } from '../../preload/contract/module';
import type { Evaluation } from '../../preload/contract/limits';
import { BenchError } from '../errors';
import type { Db } from '../db/open';
import { RepairCaseEntity, TestRunEntity, type RepairCaseRow } from '../db/entities';
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
  await em.query('INSERT INTO module (serial, vendor, part_number, first_seen_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', [serial, vendor, partNumber, at]);
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

type CaseRun = Awaited<ReturnType<typeof currentRunsForCase>>[number];

/**
 * The current runs of a case that may be evidence: read on a real programmer (not the simulated
 * bench, not an imported dump) and of the case's module, or recorded under it with a
 * supervisor's reason. Newest first.
 */
export async function evidenceRunsForCase(em: EntityManager, caseRow: Pick<RepairCaseRow, 'id' | 'rmaNumber'>, role: RecordTestRunInput['role']): Promise<CaseRun[]> {
  return em.query(
    `SELECT r.id AS id, r.within_spec AS withinSpec, r.evaluation_json AS evaluationJson, r.decoded_json AS decodedJson, r.module_serial AS moduleSerial
       FROM test_run r JOIN repair_case c ON c.id = r.repair_case_id
      WHERE r.repair_case_id = ? AND r.role = ? AND r.source = 'programmer'
        AND (r.module_serial IN (c.module_serial, c.replacement_serial) OR r.serial_override_reason IS NOT NULL)
        AND NOT EXISTS (SELECT 1 FROM test_run x WHERE x.corrects_id = r.id)
      ORDER BY r.taken_at DESC, r.id DESC`,
    [caseRow.id, role],
  );
}

/**
 * Why a case has no evidence of a role: EVIDENCE_NOT_ADMISSIBLE when it has runs but only
 * training (simulated) or imported (file) ones, else EVIDENCE_MISSING with `missing`.
 */
export async function noEvidenceError(em: EntityManager, caseRow: Pick<RepairCaseRow, 'id' | 'rmaNumber'>, role: RecordTestRunInput['role'], missing: string): Promise<BenchError> {
  const runs = await currentRunsForCase(em, caseRow.id, role);
  if (runs.length === 0) return new BenchError('EVIDENCE_MISSING', missing, { caseId: caseRow.id });
  const ids = runs.map((r) => r.id);
  return new BenchError(
    'EVIDENCE_NOT_ADMISSIBLE',
    `case ${caseRow.rmaNumber} has ${role} run(s) ${ids.map((i) => `#${i}`).join(', ')}, but none is evidence: simulated (training) and file (imported) reads never decide or verify a case; read the module on a programmer`,
    { caseId: caseRow.id, testRunIds: ids },
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
      const prov = input.provenance;
      if (!TEST_RUN_SOURCES.includes(prov.source)) throw new BenchError('INVALID_INPUT', `source ${String(prov.source)} is not programmer, simulated or file`, { field: 'source' });
      const serialRead = input.decoded.vendor.serialNumber.trim();
      const serial = (input.moduleSerial ?? serialRead).trim();
      if (serial === '') throw new BenchError('INVALID_INPUT', 'the module has no serial number; give moduleSerial', { field: 'moduleSerial' });
      const override = input.serialOverride ?? null;
      if (override !== null) {
        if (override.reason.trim() === '') throw new BenchError('INVALID_INPUT', 'a serial override must say why (e.g. the label was replaced)', { field: 'serialOverride.reason' });
        if (!roleAtLeast(override.approver.role, 'supervisor')) {
          throw new BenchError('ROLE_REQUIRED', `${override.approver.label} is a ${override.approver.role}: only a supervisor or an engineering manager may record a run under another serial`, { needed: 'supervisor' });
        }
      }
      const raw = Buffer.from(input.raw);
      const sha256 = createHash('sha256').update(raw).digest('hex');

      const runUid = input.runUid ?? null;
      if (runUid !== null && !/^[A-Za-z0-9-]{8,64}$/.test(runUid)) throw new BenchError('INVALID_INPUT', 'runUid is a UUID-like id of 8-64 letters, digits and -', { field: 'runUid' });
      return db.write(async (em) => {
        const now = db.now();
        if (runUid !== null) {
          // A resend (the bench did not hear the answer, or the run waited in its outbox): the stored run, once.
          const [again] = await em.query(`SELECT ${TEST_RUN_SUMMARY_COLUMNS} FROM test_run r WHERE r.run_uid = ?`, [runUid]);
          if (again !== undefined) return toTestRunSummary(again as Record<string, unknown>);
        }
        const caseId = input.repairCaseId ?? null;
        if (caseId !== null) {
          const c = await em.findOneBy(RepairCaseEntity, { id: caseId });
          if (c === null) throw new BenchError('NOT_FOUND', `no repair case with id ${caseId}`, { entity: 'repair_case', id: caseId });
          if (END_STATUSES.includes(c.status as RepairStatus)) throw new BenchError('CASE_CLOSED', `case ${c.rmaNumber} is ${c.status}: no more evidence can be added`, { caseId, status: c.status });
          // The module in the programmer must be the case's (or, after repair, its replacement),
          // as its own memory says: a run under another serial needs a supervisor's reason.
          const expected = [c.moduleSerial, ...(input.role === 'after-repair' && c.replacementSerial !== null ? [c.replacementSerial] : [])];
          if ((!expected.includes(serial) || serialRead !== serial) && override === null) {
            throw new BenchError(
              'SERIAL_MISMATCH',
              `the module's memory gives serial ${serialRead === '' ? '(blank)' : serialRead}` +
                (serial !== serialRead ? `, recorded as ${serial}` : '') +
                `; case ${c.rmaNumber} is for ${expected.join(' or ')}. A supervisor must approve recording it, with the reason (e.g. the label was replaced).`,
              { caseId, serialRead, recordedSerial: serial, caseSerial: c.moduleSerial, replacementSerial: c.replacementSerial },
            );
          }
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
          source: prov.source,
          programmerKind: prov.programmerKind,
          programmerPort: prov.programmerPort,
          programmerIdentity: prov.programmerIdentity,
          sourceFileName: prov.fileName,
          sourceFileSha256: prov.fileSha256,
          serialRead,
          serialOverrideReason: override === null ? null : override.reason.trim(),
          serialOverrideBy: override === null ? null : override.approver.label,
          runUid: input.runUid ?? null,
        };
        const id = await testRunStore.insert(em, row);
        await auditLog.append(em, now, {
          actor: input.actor,
          action: correctsId === null ? 'test-run.record' : 'test-run.correct',
          entity: 'test_run',
          entityId: id,
          details: {
            moduleSerial: serial,
            serialRead,
            sha256,
            overall: row.overallVerdict,
            role: row.role,
            repairCaseId: caseId,
            correctsId,
            correctionReason: row.correctionReason,
            profile: input.evaluation.profile,
            provenance: prov,
            station: row.station,
            appVersion: row.appVersion,
          },
        });
        if (override !== null) {
          // The approval is the supervisor's own act, so it is their event, beside the recording's.
          await auditLog.append(em, now, {
            actor: override.approver.label,
            action: 'test-run.serial-override',
            entity: 'test_run',
            entityId: id,
            details: { repairCaseId: caseId, serialRead, recordedSerial: serial, reason: row.serialOverrideReason, recordedBy: input.actor },
          });
        }
        const [summary] = await em.query(`SELECT ${TEST_RUN_SUMMARY_COLUMNS} FROM test_run r WHERE r.id = ?`, [id]);
        return toTestRunSummary(summary as Record<string, unknown>);
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

