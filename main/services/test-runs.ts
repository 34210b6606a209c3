// Bench evidence. A test run is stored once, with the exact bytes read and their SHA-256, and is
// never changed: a mistake is corrected by a new record that names the one it corrects.
//
// Issue 12: every completed read is stored at once, attached to a case or not. Attaching is a
// link (test_run_attachment), made once per case, in one role; a link made by mistake is
// withdrawn by a supervisor with the reason (a second row naming the first). "The runs of a
// case" has one definition, the view case_test_run (migration 1764400000000): legacy links of
// runs recorded with their case (schema 1-4) and current attachments, less what was withdrawn.
// Everything that counts runs of a case (the decision, the move to awaiting-decision, the close,
// the case page, the reports, exports) reads it.
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  END_STATUSES,
  TEST_RUN_ROLES,
  TEST_RUN_SOURCES,
  roleAtLeast,
  type AttachRunInput,
  type RecordTestRunInput,
  type RepairStatus,
  type RunCaseRef,
  type TestRunRecord,
  type TestRunRole,
  type TestRunSummary,
  type WithdrawRunInput,
} from '../../preload/contract/records';
import type { DecodedModule } from '../../preload/contract/module';
import type { Evaluation } from '../../preload/contract/limits';
import { BenchError } from '../errors';
import { caseChangedError } from './case-changed';
import type { Db } from '../db/open';
import { RepairCaseEntity, TestRunEntity, type RepairCaseRow } from '../db/entities';
import { attachmentStore, auditLog, testRunStore } from '../db/append-only';
import { LINKED_RUN_COLUMNS, TEST_RUN_SUMMARY_COLUMNS, WITHDRAWN_RUN_COLUMNS, toTestRunSummary } from '../db/mappers';

/**
 * What a soak (issue 15) adds to a test run: its kind, and its own evidence row written in the
 * same transaction (soak_run, main/services/soak-store.ts), so the two are stored together or not at all.
 */
export interface TestRunExtra {
  kind: 'soak';
  within(em: EntityManager, testRunId: number, now: string): Promise<void>;
}

export interface TestRunService {
  /**
   * Stores a reading as a test run. With `repairCaseId` it is attached to that case in
   * `role` in the same transaction (the serial checks of attach apply). `extra` makes it a soak
   * run with its own evidence row written in the same transaction (issue 15).
   */
  record(input: RecordTestRunInput, extra?: TestRunExtra): Promise<TestRunSummary>;
  /** Links a stored run to a case in a role, once per case (ALREADY_ATTACHED otherwise). */
  attach(input: AttachRunInput): Promise<TestRunSummary>;
  /** A supervisor withdraws a run attached by mistake, with the reason (NOT_ATTACHED when it is not). */
  withdraw(input: WithdrawRunInput): Promise<TestRunSummary>;
  get(id: number): Promise<TestRunRecord>;
  /** The runs that count for a case, oldest first, each with its link. */
  listForCase(caseId: number): Promise<TestRunSummary[]>;
  /** Runs attached to the case and withdrawn, oldest first. */
  withdrawnForCase(caseId: number): Promise<TestRunSummary[]>;
  /** Every run recorded under a serial, oldest first, with the cases each counts for. */
  listForSerial(serial: string): Promise<TestRunSummary[]>;
}

/** Registers a module the first time the bench sees it; never rewrites what was first recorded. */
export async function ensureModule(em: EntityManager, serial: string, vendor: string | null, partNumber: string | null, at: string): Promise<void> {
  await em.query('INSERT INTO module (serial, vendor, part_number, first_seen_at) VALUES (?, ?, ?, ?) ON CONFLICT (serial) DO NOTHING', [serial, vendor, partNumber, at]);
  if (vendor !== null || partNumber !== null) {
    // A case opened from the paperwork may know only the serial; the first read fills the gaps.
    await em.query('UPDATE module SET vendor = COALESCE(vendor, ?), part_number = COALESCE(part_number, ?) WHERE serial = ?', [vendor, partNumber, serial]);
  }
}

type CaseRun = { id: number; withinSpec: number; evaluationJson: string; decodedJson: string; moduleSerial: string };

/** Current (not superseded) runs of a case with a role, newest first: what counts, evidence or not. */
export async function currentRunsForCase(em: EntityManager, caseId: number, role: TestRunRole): Promise<CaseRun[]> {
  return em.query(
    `SELECT r.id AS id, r.within_spec AS withinSpec, r.evaluation_json AS evaluationJson, r.decoded_json AS decodedJson, l.module_serial AS moduleSerial
       FROM case_test_run l JOIN test_run r ON r.id = l.test_run_id
      WHERE l.repair_case_id = ? AND l.role = ? AND NOT EXISTS (SELECT 1 FROM test_run x WHERE x.corrects_id = r.id)
      ORDER BY r.taken_at DESC, r.id DESC`,
    [caseId, role],
  );
}

/**
 * The current runs of a case that may be evidence: read on a real programmer (not the simulated
 * bench, not an imported dump) and counting under the case's module (or its replacement), or
 * attached under it with a supervisor's reason. Newest first, except that a soak that showed a
 * fault comes first (issue 15): an intermittent fault caught once is a fault, and a later read
 * that happens to pass does not undo it; a soak that passed is a read like any other.
 */
export async function evidenceRunsForCase(em: EntityManager, caseRow: Pick<RepairCaseRow, 'id' | 'rmaNumber'>, role: TestRunRole): Promise<CaseRun[]> {
  return em.query(
    `SELECT r.id AS id, r.within_spec AS withinSpec, r.evaluation_json AS evaluationJson, r.decoded_json AS decodedJson, l.module_serial AS moduleSerial
       FROM case_test_run l JOIN test_run r ON r.id = l.test_run_id JOIN repair_case c ON c.id = l.repair_case_id
      WHERE l.repair_case_id = ? AND l.role = ? AND r.source = 'programmer'
        AND (l.module_serial IN (c.module_serial, c.replacement_serial) OR l.serial_override_reason IS NOT NULL)
        AND NOT EXISTS (SELECT 1 FROM test_run x WHERE x.corrects_id = r.id)
      ORDER BY CASE WHEN r.kind = 'soak' AND r.overall_verdict = 'fail' THEN 0 ELSE 1 END, r.taken_at DESC, r.id DESC`,
    [caseRow.id, role],
  );
}

/**
 * Why a case has no evidence of a role: EVIDENCE_NOT_ADMISSIBLE when it has runs but only
 * training (simulated) or imported (file) ones, else EVIDENCE_MISSING with `missing`.
 */
export async function noEvidenceError(em: EntityManager, caseRow: Pick<RepairCaseRow, 'id' | 'rmaNumber'>, role: TestRunRole, missing: string): Promise<BenchError> {
  const runs = await currentRunsForCase(em, caseRow.id, role);
  if (runs.length === 0) return new BenchError('EVIDENCE_MISSING', missing, { caseId: caseRow.id });
  const ids = runs.map((r) => r.id);
  return new BenchError(
    'EVIDENCE_NOT_ADMISSIBLE',
    `case ${caseRow.rmaNumber} has ${role} run(s) ${ids.map((i) => `#${i}`).join(', ')}, but none is evidence: simulated (training) and file (imported) reads never decide or verify a case; read the module on a programmer`,
    { caseId: caseRow.id, testRunIds: ids },
  );
}

/** The current link of a run to a case (one at most: a run counts for a case in one role). */
async function currentLink(em: EntityManager, testRunId: number, caseId: number): Promise<{ role: TestRunRole; attachmentId: number | null } | null> {
  const [row] = (await em.query('SELECT role, attachment_id AS attachmentId FROM case_test_run WHERE test_run_id = ? AND repair_case_id = ?', [testRunId, caseId])) as Array<{
    role: TestRunRole;
    attachmentId: number | null;
  }>;
  return row === undefined ? null : { role: row.role, attachmentId: row.attachmentId === null ? null : Number(row.attachmentId) };
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

const roleWords = (r: TestRunRole): string => (r === 'before-repair' ? 'before repair' : 'after repair');

/** The case serials a run may count under in a role: the module's, and after repair its replacement's. */
function expectedSerials(c: Pick<RepairCaseRow, 'moduleSerial' | 'replacementSerial'>, role: TestRunRole): string[] {
  return [c.moduleSerial, ...(role === 'after-repair' && c.replacementSerial !== null ? [c.replacementSerial] : [])];
}

async function linkedSummary(em: EntityManager, testRunId: number, caseId: number): Promise<TestRunSummary> {
  const [row] = (await em.query(`SELECT ${LINKED_RUN_COLUMNS} FROM case_test_run l JOIN test_run r ON r.id = l.test_run_id WHERE l.test_run_id = ? AND l.repair_case_id = ?`, [
    testRunId,
    caseId,
  ])) as Array<Record<string, unknown>>;
  if (row === undefined) throw new BenchError('INTERNAL', `run ${testRunId} is not linked to case ${caseId} after attaching it`);
  return toTestRunSummary(row);
}

/**
 * Attaches a stored run inside the caller's transaction: the checks, the link, the audit events.
 * Kept here so recording-with-a-case and attaching-later go through the same rules.
 */
async function attachIn(em: EntityManager, now: string, input: AttachRunInput): Promise<TestRunSummary> {
  if (!TEST_RUN_ROLES.includes(input.role)) throw new BenchError('INVALID_INPUT', `role ${String(input.role)} is not before-repair or after-repair`);
  const run = await em.findOneBy(TestRunEntity, { id: input.testRunId });
  if (run === null) throw new BenchError('NOT_FOUND', `no test run with id ${input.testRunId}`, { entity: 'test_run', id: input.testRunId });
  const c = await em.findOneBy(RepairCaseEntity, { id: input.caseId });
  if (c === null) throw new BenchError('NOT_FOUND', `no repair case with id ${input.caseId}`, { entity: 'repair_case', id: input.caseId });
  if (END_STATUSES.includes(c.status as RepairStatus)) throw new BenchError('CASE_CLOSED', `case ${c.rmaNumber} is ${c.status}: no more evidence can be added`, { caseId: c.id, status: c.status });

  const existing = await currentLink(em, run.id, c.id);
  if (existing !== null) {
    throw new BenchError('ALREADY_ATTACHED', `test run #${run.id} is already attached to case ${c.rmaNumber} as ${roleWords(existing.role)}`, {
      testRunId: run.id,
      caseId: c.id,
      role: existing.role,
    });
  }
  // One read must not count twice: the same bytes from the same kind of source attached again (a
  // second record of one read, or an identical re-read of a module whose memory did not change)
  // add nothing but a duplicate row in the report. A training read with the same bytes as a
  // programmer read is a different record (it never counts as evidence) and may sit beside it.
  // A soak keeps the read it started with as its image: it is a record of another kind (its
  // series is the evidence), not a second copy of that read, and two soaks from one read are two
  // soaks. Only reads are compared.
  const twins: Array<{ id: number }> =
    run.kind === 'soak'
      ? []
      : await em.query(
          `SELECT r.id AS id FROM case_test_run l JOIN test_run r ON r.id = l.test_run_id
            WHERE l.repair_case_id = ? AND l.role = ? AND r.sha256 = ? AND COALESCE(r.source, 'programmer') = ? AND COALESCE(r.kind, 'read') = 'read'
              AND NOT EXISTS (SELECT 1 FROM test_run x WHERE x.corrects_id = r.id) LIMIT 1`,
          [c.id, input.role, run.sha256, run.source ?? 'programmer'],
        );
  const [twin] = twins;
  if (twin !== undefined) {
    throw new BenchError('ALREADY_ATTACHED', `case ${c.rmaNumber} already has these exact bytes (SHA-256 ${run.sha256.slice(0, 12)}…) as ${roleWords(input.role)} run #${twin.id}`, {
      testRunId: run.id,
      caseId: c.id,
      role: input.role,
      sameAs: Number(twin.id),
    });
  }

  const recorded = run.moduleSerial;
  const serialRead = (run.serialRead ?? run.moduleSerial).trim();
  let replacementSerial = c.replacementSerial;
  if (input.asReplacement === true) {
    // Testing the replacement before its serial was written down: the module's own memory gives it.
    if (input.role !== 'after-repair') throw new BenchError('INVALID_INPUT', 'only an after-repair run can name the replacement module', { field: 'asReplacement' });
    if (c.status !== 'replacing' && c.status !== 'verifying') {
      throw new BenchError('ILLEGAL_TRANSITION', `case ${c.rmaNumber} is ${c.status}: a replacement is tested once the decision is to replace`, { from: c.status, to: 'replacement' });
    }
    if (serialRead === '') throw new BenchError('INVALID_INPUT', "the replacement module's memory gives no serial: type its serial on the case page", { field: 'asReplacement' });
    if (serialRead === c.moduleSerial) throw new BenchError('INVALID_INPUT', `${serialRead} is the returned module's serial, not a replacement's`, { field: 'asReplacement' });
    if (replacementSerial !== null && replacementSerial !== serialRead) {
      throw new BenchError('SERIAL_MISMATCH', `case ${c.rmaNumber} already names ${replacementSerial} as its replacement; this module gives ${serialRead}`, {
        caseId: c.id,
        serialRead,
        replacementSerial,
      });
    }
    if (replacementSerial === null) {
      replacementSerial = serialRead;
      // Naming the replacement changes the case: it takes the next version (the optimistic check
      // of issue 14), so a page or another bench holding the old one is told, not overwritten.
      const written = await em.update(
        RepairCaseEntity,
        { id: c.id, version: c.version },
        { replacementSerial, updatedAt: now, version: Number(c.version) + 1, updatedBy: input.actor, updatedStation: input.station },
      );
      if (written.affected === 0) {
        const fresh = await em.findOneBy(RepairCaseEntity, { id: c.id });
        throw caseChangedError(fresh ?? c, Number(c.version));
      }
      await ensureModule(em, serialRead, null, null, now);
      await auditLog.append(em, now, {
        actor: input.actor,
        action: 'case.replacement-serial',
        entity: 'repair_case',
        entityId: c.id,
        details: { replacementSerial, fromTestRun: run.id },
      });
    }
  }

  // The module in the programmer must be the case's (or, after repair, its replacement), as its
  // own memory says: a run under another serial needs a supervisor's reason.
  const expected = expectedSerials({ moduleSerial: c.moduleSerial, replacementSerial }, input.role);
  const override = input.serialOverride ?? null;
  if (override !== null) {
    if (override.reason.trim() === '') throw new BenchError('INVALID_INPUT', 'a serial override must say why (e.g. the label was replaced)', { field: 'serialOverride.reason' });
    if (!roleAtLeast(override.approver.role, 'supervisor')) {
      throw new BenchError('ROLE_REQUIRED', `${override.approver.label} is a ${override.approver.role}: only a supervisor or an engineering manager may record a run under another serial`, {
        needed: 'supervisor',
      });
    }
  }
  const serialOk = expected.includes(recorded) && serialRead === recorded;
  if (!serialOk && override === null) {
    throw new BenchError(
      'SERIAL_MISMATCH',
      `the module's memory gives serial ${serialRead === '' ? '(blank)' : serialRead}` +
        (recorded !== serialRead ? `, recorded as ${recorded}` : '') +
        `; case ${c.rmaNumber} is for ${expected.join(' or ')}. A supervisor must approve recording it, with the reason (e.g. the label was replaced).`,
      { caseId: c.id, serialRead, recordedSerial: recorded, caseSerial: c.moduleSerial, replacementSerial },
    );
  }
  // Under a supervisor's override the run counts under the serial the case expects for the role.
  const recordedSerial = expected.includes(recorded) ? recorded : input.role === 'after-repair' ? (replacementSerial ?? c.moduleSerial) : c.moduleSerial;

  // Intake may not have typed the part number: the module as read says it (statistics count by it).
  const decoded = JSON.parse(run.decodedJson) as DecodedModule;
  const pn = decoded.vendor.partNumber.trim();
  if (c.partNumber === null && pn !== '' && input.role === 'before-repair' && recordedSerial === c.moduleSerial) {
    await em.update(RepairCaseEntity, { id: c.id }, { partNumber: pn, updatedAt: now });
    await auditLog.append(em, now, { actor: input.actor, action: 'case.part-number', entity: 'repair_case', entityId: c.id, details: { partNumber: pn, fromTestRun: run.id } });
  }

  const attachmentId = await attachmentStore.insert(em, {
    action: 'attach',
    testRunId: run.id,
    repairCaseId: c.id,
    role: input.role,
    recordedSerial,
    serialOverrideReason: override === null ? null : override.reason.trim(),
    serialOverrideBy: override === null ? null : override.approver.label,
    withdrawsId: null,
    reason: null,
    at: now,
    actor: input.actor,
    station: input.station,
  });
  await auditLog.append(em, now, {
    actor: input.actor,
    action: 'test-run.attach',
    entity: 'test_run',
    entityId: run.id,
    details: { attachmentId, repairCaseId: c.id, rmaNumber: c.rmaNumber, role: input.role, recordedSerial, serialRead, sha256: run.sha256, source: run.source },
  });
  if (override !== null) {
    // The approval is the supervisor's own act, so it is their event, beside the attaching.
    await auditLog.append(em, now, {
      actor: override.approver.label,
      action: 'test-run.serial-override',
      entity: 'test_run',
      entityId: run.id,
      details: { attachmentId, repairCaseId: c.id, serialRead, recordedSerial, reason: override.reason.trim(), recordedBy: input.actor },
    });
  }
  return linkedSummary(em, run.id, c.id);
}

export function createTestRunService(db: Db): TestRunService {
  const refsFor = async (ids: number[]): Promise<Map<number, RunCaseRef[]>> => {
    const out = new Map<number, RunCaseRef[]>();
    if (ids.length === 0) return out;
    const rows = (await db.dataSource.query(
      `SELECT l.test_run_id AS runId, l.repair_case_id AS caseId, l.role AS role, c.rma_number AS rmaNumber, c.status AS status
         FROM case_test_run l JOIN repair_case c ON c.id = l.repair_case_id
        WHERE l.test_run_id IN (${ids.map(() => '?').join(', ')}) ORDER BY l.attached_at`,
      ids,
    )) as Array<{ runId: number; caseId: number; role: TestRunRole; rmaNumber: string; status: RepairStatus }>;
    for (const r of rows) {
      const list = out.get(Number(r.runId)) ?? [];
      list.push({ caseId: Number(r.caseId), rmaNumber: r.rmaNumber, role: r.role, status: r.status });
      out.set(Number(r.runId), list);
    }
    return out;
  };

  return {
    async record(input, extra) {
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
      // A module whose memory gives no serial is still kept (every read is); it is attached to a
      // case only under a supervisor's approval, naming the case's serial.
      const serial = (input.moduleSerial ?? serialRead).trim();
      const caseId = input.repairCaseId ?? null;
      if (serial === '' && caseId !== null && input.serialOverride == null) {
        throw new BenchError('INVALID_INPUT', 'the module has no serial number; give moduleSerial', { field: 'moduleSerial' });
      }
      const raw = Buffer.from(input.raw);
      const sha256 = createHash('sha256').update(raw).digest('hex');

      const runUid = input.runUid ?? null;
      if (runUid !== null && !/^[A-Za-z0-9-]{8,64}$/.test(runUid)) throw new BenchError('INVALID_INPUT', 'runUid is a UUID-like id of 8-64 letters, digits and -', { field: 'runUid' });
      return db.write(async (em) => {
        const now = db.now();
        if (runUid !== null) {
          // A resend (the bench did not hear the answer, or the run waited in its outbox): the
          // stored run, once. A resend that names a case attaches the stored run to it, once (a
          // read kept while the lab server was away and attached on the bench meanwhile).
          const [again] = await em.query(`SELECT ${TEST_RUN_SUMMARY_COLUMNS} FROM test_run r WHERE r.run_uid = ?`, [runUid]);
          if (again !== undefined) {
            const stored = toTestRunSummary(again as Record<string, unknown>);
            if (caseId === null || (await currentLink(em, stored.id, caseId)) !== null) return stored;
            return attachIn(em, now, {
              testRunId: stored.id,
              caseId,
              role: input.role,
              actor: input.actor,
              station: input.station,
              ...(input.serialOverride != null ? { serialOverride: input.serialOverride } : {}),
            });
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
        if (caseId !== null) {
          // Refused before anything is stored: a closed case or an unknown one keeps nothing half-done.
          const c = await em.findOneBy(RepairCaseEntity, { id: caseId });
          if (c === null) throw new BenchError('NOT_FOUND', `no repair case with id ${caseId}`, { entity: 'repair_case', id: caseId });
          if (END_STATUSES.includes(c.status as RepairStatus)) throw new BenchError('CASE_CLOSED', `case ${c.rmaNumber} is ${c.status}: no more evidence can be added`, { caseId, status: c.status });
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
          // The role the read was taken for; the role it counts in is its attachment's.
          role: input.role,
          correctsId,
          correctionReason: input.correctionReason ?? null,
          // Schema 5: a run belongs to a case through test_run_attachment, never this column.
          repairCaseId: null,
          source: prov.source,
          programmerKind: prov.programmerKind,
          programmerPort: prov.programmerPort,
          programmerIdentity: prov.programmerIdentity,
          sourceFileName: prov.fileName,
          sourceFileSha256: prov.fileSha256,
          serialRead,
          serialOverrideReason: null,
          serialOverrideBy: null,
          ...(extra ? { kind: extra.kind } : {}),
          runUid,
        };
        const id = await testRunStore.insert(em, row);
        if (extra) await extra.within(em, id, now);
        await auditLog.append(em, now, {
          actor: input.actor,
          action: correctsId === null ? (extra ? `test-run.record-${extra.kind}` : 'test-run.record') : 'test-run.correct',
          entity: 'test_run',
          entityId: id,
          details: {
            moduleSerial: serial,
            serialRead,
            sha256,
            overall: row.overallVerdict,
            role: row.role,
            correctsId,
            correctionReason: row.correctionReason,
            profile: input.evaluation.profile,
            provenance: prov,
            station: row.station,
            appVersion: row.appVersion,
          },
        });
        if (caseId !== null) {
          return attachIn(em, now, {
            testRunId: id,
            caseId,
            role: input.role,
            actor: input.actor,
            station: input.station,
            ...(input.serialOverride != null ? { serialOverride: input.serialOverride } : {}),
          });
        }
        const [summary] = await em.query(`SELECT ${TEST_RUN_SUMMARY_COLUMNS} FROM test_run r WHERE r.id = ?`, [id]);
        return { ...toTestRunSummary(summary as Record<string, unknown>), cases: [] };
      });
    },

    attach(input) {
      return db.write((em) => attachIn(em, db.now(), input));
    },

    async withdraw(input) {
      const reason = input.reason.trim();
      if (reason === '') throw new BenchError('INVALID_INPUT', 'say why the run is withdrawn', { field: 'reason' });
      if (!roleAtLeast(input.supervisor.role, 'supervisor')) {
        throw new BenchError('ROLE_REQUIRED', `${input.supervisor.label} is a ${input.supervisor.role}: only a supervisor or an engineering manager withdraws an attached run`, {
          needed: 'supervisor',
        });
      }
      return db.write(async (em) => {
        const now = db.now();
        const c = await em.findOneBy(RepairCaseEntity, { id: input.caseId });
        if (c === null) throw new BenchError('NOT_FOUND', `no repair case with id ${input.caseId}`, { entity: 'repair_case', id: input.caseId });
        // An ended case was decided and verified on its runs: its record stands as it is.
        if (END_STATUSES.includes(c.status as RepairStatus)) throw new BenchError('CASE_CLOSED', `case ${c.rmaNumber} is ${c.status}: its runs can no longer be withdrawn`, { caseId: c.id, status: c.status });
        const link = await currentLink(em, input.testRunId, c.id);
        if (link === null) throw new BenchError('NOT_ATTACHED', `test run #${input.testRunId} does not count for case ${c.rmaNumber}: nothing to withdraw`, { testRunId: input.testRunId, caseId: c.id });
        const summary = await linkedSummary(em, input.testRunId, c.id);
        const id = await attachmentStore.insert(em, {
          action: 'withdraw',
          testRunId: input.testRunId,
          repairCaseId: c.id,
          role: link.role,
          recordedSerial: null,
          serialOverrideReason: null,
          serialOverrideBy: null,
          withdrawsId: link.attachmentId,
          reason,
          at: now,
          actor: input.supervisor.label,
          station: null,
        });
        const decidedOnIt = c.evidenceTestRunId === input.testRunId && c.decision !== null;
        await auditLog.append(em, now, {
          actor: input.supervisor.label,
          action: 'test-run.withdraw',
          entity: 'test_run',
          entityId: input.testRunId,
          details: { withdrawalId: id, attachmentId: link.attachmentId, repairCaseId: c.id, rmaNumber: c.rmaNumber, role: link.role, reason, requestedBy: input.requestedBy, decisionRestedOnIt: decidedOnIt },
        });
        return {
          ...summary,
          link: { ...(summary.link ?? { attachmentId: link.attachmentId, attachedAt: now, attachedBy: '' }), withdrawn: { id, at: now, by: input.supervisor.label, reason } },
        };
      });
    },

    async get(id) {
      const row = await db.dataSource.getRepository(TestRunEntity).findOneBy({ id });
      if (row === null) throw new BenchError('NOT_FOUND', `no test run with id ${id}`, { entity: 'test_run', id });
      const [summary] = (await db.dataSource.query(`SELECT ${TEST_RUN_SUMMARY_COLUMNS} FROM test_run r WHERE r.id = ?`, [id])) as Array<Record<string, unknown>>;
      if (summary === undefined) throw new BenchError('NOT_FOUND', `no test run with id ${id}`, { entity: 'test_run', id });
      const refs = await refsFor([id]);
      return {
        ...toTestRunSummary(summary),
        cases: refs.get(id) ?? [],
        rawHex: hex(row.rawImage),
        decoded: JSON.parse(row.decodedJson) as DecodedModule,
        evaluation: JSON.parse(row.evaluationJson) as Evaluation,
      };
    },

    async listForCase(caseId) {
      const rows = (await db.dataSource.query(
        `SELECT ${LINKED_RUN_COLUMNS} FROM case_test_run l JOIN test_run r ON r.id = l.test_run_id WHERE l.repair_case_id = ? ORDER BY r.taken_at, r.id`,
        [caseId],
      )) as Array<Record<string, unknown>>;
      return rows.map(toTestRunSummary);
    },

    async withdrawnForCase(caseId) {
      const rows = (await db.dataSource.query(
        `SELECT ${WITHDRAWN_RUN_COLUMNS}
           FROM test_run_attachment w JOIN test_run r ON r.id = w.test_run_id LEFT JOIN test_run_attachment a ON a.id = w.withdraws_id
          WHERE w.action = 'withdraw' AND w.repair_case_id = ? ORDER BY w.id`,
        [caseId],
      )) as Array<Record<string, unknown>>;
      return rows.map(toTestRunSummary);
    },

    async listForSerial(serial) {
      const rows = (await db.dataSource.query(`SELECT ${TEST_RUN_SUMMARY_COLUMNS} FROM test_run r WHERE r.module_serial = ? ORDER BY r.taken_at, r.id`, [serial])) as Array<
        Record<string, unknown>
      >;
      const runs = rows.map(toTestRunSummary);
      const refs = await refsFor(runs.map((r) => r.id));
      return runs.map((r) => ({ ...r, cases: refs.get(r.id) ?? [] }));
    },
  };
}
