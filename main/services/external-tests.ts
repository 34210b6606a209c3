// External tests: what an I2C read cannot show (a passive cable's signal path, a link that
// drops under traffic), judged on a host or tester and recorded here as evidence. Stored once
// with who ran it, on what equipment and when, never changed (external_test is append-only), and
// usable by the warranty decision beside the bench run (repairs.ts decide).
import type { EntityManager } from 'typeorm';
import { END_STATUSES, RecordExternalTestInputSchema, type ExternalTest, type RepairStatus } from '../../preload/contract/records';
import { auditLog, externalTestStore } from '../db/append-only';
import { RepairCaseEntity, type ExternalTestRow } from '../db/entities';
import { parseRequest } from '../db/mappers';
import type { Db } from '../db/open';
import { BenchError } from '../errors';
import { ensureModule } from './test-runs';

export interface ExternalTestService {
  record(request: unknown): Promise<ExternalTest>;
  listForCase(caseId: number): Promise<ExternalTest[]>;
  listForSerial(serial: string): Promise<ExternalTest[]>;
}

const COLUMNS =
  'id, module_serial AS moduleSerial, repair_case_id AS repairCaseId, role, kind, result, equipment, host_port AS hostPort, data_rate AS dataRate, ' +
  'duration_s AS durationS, bit_error_ratio AS bitErrorRatio, error_count AS errorCount, performed_by AS performedBy, performed_at AS performedAt, ' +
  'notes, station, recorded_at AS recordedAt, recorded_by AS recordedBy';

export function toExternalTest(r: ExternalTestRow): ExternalTest {
  return {
    id: Number(r.id),
    moduleSerial: r.moduleSerial,
    repairCaseId: r.repairCaseId === null ? null : Number(r.repairCaseId),
    role: r.role as ExternalTest['role'],
    kind: r.kind as ExternalTest['kind'],
    result: r.result as ExternalTest['result'],
    equipment: r.equipment,
    hostPort: r.hostPort,
    dataRate: r.dataRate,
    durationS: r.durationS === null ? null : Number(r.durationS),
    bitErrorRatio: r.bitErrorRatio === null ? null : Number(r.bitErrorRatio),
    errorCount: r.errorCount === null ? null : Number(r.errorCount),
    performedBy: r.performedBy,
    performedAt: r.performedAt,
    notes: r.notes,
    station: r.station,
    recordedAt: r.recordedAt,
    recordedBy: r.recordedBy,
  };
}

/** Current external tests of a case with a role, newest first (the decision's candidates). */
export async function externalTestsForCase(em: EntityManager, caseId: number, role: 'before-repair' | 'after-repair'): Promise<ExternalTest[]> {
  const rows: ExternalTestRow[] = await em.query(`SELECT ${COLUMNS} FROM external_test WHERE repair_case_id = ? AND role = ? ORDER BY performed_at DESC, id DESC`, [caseId, role]);
  return rows.map(toExternalTest);
}

export function createExternalTestService(db: Db): ExternalTestService {
  const list = async (where: string, params: unknown[]): Promise<ExternalTest[]> => {
    const rows: ExternalTestRow[] = await db.dataSource.query(`SELECT ${COLUMNS} FROM external_test WHERE ${where} ORDER BY performed_at, id`, params);
    return rows.map(toExternalTest);
  };
  return {
    async record(request) {
      const r = parseRequest(RecordExternalTestInputSchema, request);
      const performedAt = new Date(r.performedAt);
      return db.write(async (em) => {
        const now = db.now();
        // A test performed in the future is a typing error, not evidence.
        if (performedAt.getTime() > Date.parse(now) + 5 * 60_000) {
          throw new BenchError('INVALID_DATE', `performedAt ${r.performedAt} is after now (${now})`, { field: 'performedAt', value: r.performedAt });
        }
        let serial = r.moduleSerial ?? null;
        const caseId = r.caseId ?? null;
        if (caseId !== null) {
          const c = await em.findOneBy(RepairCaseEntity, { id: caseId });
          if (c === null) throw new BenchError('NOT_FOUND', `no repair case with id ${caseId}`, { entity: 'repair_case', id: caseId });
          if (END_STATUSES.includes(c.status as RepairStatus)) throw new BenchError('CASE_CLOSED', `case ${c.rmaNumber} is ${c.status}: no more evidence can be added`, { caseId, status: c.status });
          if (serial === null) serial = c.moduleSerial;
          // Evidence about another module than the case's: only the replacement, after repair.
          const allowed = r.role === 'after-repair' ? [c.moduleSerial, c.replacementSerial] : [c.moduleSerial];
          if (!allowed.includes(serial)) {
            throw new BenchError('INVALID_INPUT', `module ${serial} is not the module of case ${c.rmaNumber} (${allowed.filter(Boolean).join(' or ')})`, { field: 'moduleSerial', value: serial });
          }
        }
        if (serial === null) throw new BenchError('INVALID_INPUT', 'name the module (moduleSerial) or the case', { field: 'moduleSerial' });
        await ensureModule(em, serial, null, null, now);
        const row: Omit<ExternalTestRow, 'id'> = {
          moduleSerial: serial,
          repairCaseId: caseId,
          role: r.role,
          kind: r.kind,
          result: r.result,
          equipment: r.equipment,
          hostPort: r.hostPort ?? null,
          dataRate: r.dataRate ?? null,
          durationS: r.durationS ?? null,
          bitErrorRatio: r.bitErrorRatio ?? null,
          errorCount: r.errorCount ?? null,
          performedBy: r.performedBy,
          performedAt: performedAt.toISOString(),
          notes: r.notes ?? null,
          station: r.station,
          recordedAt: now,
          recordedBy: r.actor,
        };
        const id = await externalTestStore.insert(em, row);
        const { actor: _a, ...details } = r;
        await auditLog.append(em, now, { actor: r.actor, action: 'external-test.record', entity: 'external_test', entityId: id, details: { ...details, moduleSerial: serial } });
        return toExternalTest({ id, ...row });
      });
    },
    listForCase: (caseId) => list('repair_case_id = ?', [caseId]),
    listForSerial: (serial) => list('module_serial = ?', [serial]),
  };
}
