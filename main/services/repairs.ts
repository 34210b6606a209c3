// Repair cases and their workflow. Every change is one transaction that also writes the status
// history and an audit event, so the record shows who did what, when, on which evidence.
import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import {
  AssignTechnicianRequestSchema,
  CaseListQuerySchema,
  CreateCaseRequestSchema,
  DECISION_STATUS,
  DecideRequestSchema,
  END_STATUSES,
  ReopenCaseRequestSchema,
  TRANSITIONS,
  TransitionRequestSchema,
  type CaseCandidate,
  type CaseDetail,
  type CaseListQuery,
  type CasePage,
  type RepairCase,
  type RepairStatus,
  type TestRunRole,
} from '../../preload/contract/records';
import type { DecisionBasis, DecisionPreview } from '../../preload/contract/api';
import type { CauseCategory, WarrantyInput, WarrantyOutcome } from '../../preload/contract/warranty';
import type { Evaluation } from '../../preload/contract/limits';
import type { DecodedModule } from '../../preload/contract/module';
import { BenchError } from '../errors';
import type { Db } from '../db/open';
import { CustomerEntity, RepairCaseEntity, TechnicianEntity, type ComplaintRow, type DeliveryRow, type ExternalTestRow, type FollowUpCallRow, type RepairCaseRow, type StatusChangeRow } from '../db/entities';
import { auditLog, statusHistory } from '../db/append-only';
import {
  CASE_SUMMARY_COLUMNS,
  LINKED_RUN_COLUMNS,
  WITHDRAWN_RUN_COLUMNS,
  instantBound,
  parseRequest,
  toCaseSummary,
  toComplaint,
  toDelivery,
  toFollowUpCall,
  toRepairCase,
  toStatusChange,
  toTestRunSummary,
} from '../db/mappers';
import { ensureModule, evidenceRunsForCase, noEvidenceError } from './test-runs';
import { externalTestsForCase, toExternalTest } from './external-tests';
import { parseDateCodeText } from '../sff/date-code';
import type { SqlExec } from './statistics';
import { decideWarranty as defaultDecideWarranty } from '../warranty/index';
import { nextRmaValue } from './engine-sql';
import { caseChangedError } from './case-changed';

export { caseChangedError };

export interface RepairServiceDeps {
  decideWarranty?: (input: WarrantyInput) => WarrantyOutcome;
  /**
   * The station making a change, for "changed by Li Wei at bench 3" (issue 14). Default: the
   * records' own `station` setting (a bench's file); a lab bench passes its local one.
   */
  station?: () => Promise<string | null>;
}

/** An RMA number from the sequence: RMA-2026-000123 (the year of intake, six digits or more). */
export function rmaFromSequence(value: number, at: string): string {
  return `RMA-${at.slice(0, 4)}-${String(value).padStart(6, '0')}`;
}

export interface RepairService {
  createCase(request: unknown): Promise<RepairCase>;
  getCase(id: number): Promise<RepairCase>;
  getCaseByRma(rmaNumber: string): Promise<RepairCase>;
  /** The case with its test runs, status history, complaints, follow-up calls and deliveries. */
  getCaseDetail(id: number): Promise<CaseDetail>;
  listCases(query?: CaseListQuery): Promise<CasePage>;
  assignTechnician(request: unknown): Promise<RepairCase>;
  transition(request: unknown): Promise<RepairCase>;
  decide(request: unknown): Promise<RepairCase>;
  /** A supervisor's act (checked by the caller): a decided case back to awaiting-decision, with the reason. */
  reopen(request: unknown): Promise<RepairCase>;
  /** What decide would decide now ({caseId, cause}), with its basis; nothing is written. */
  decidePreview(request: unknown): Promise<DecisionPreview>;
  /** Open cases whose module or replacement has this serial, newest first (a read is attached to one of them). */
  candidates(serial: string): Promise<CaseCandidate[]>;
}

/** The role a read takes for a case: after-repair once the case is being repaired or replaced, or for its replacement. */
export function candidateRole(status: RepairStatus, matchedBy: CaseCandidate['matchedBy']): TestRunRole {
  return matchedBy === 'replacement-serial' || status === 'repairing' || status === 'replacing' || status === 'verifying' ? 'after-repair' : 'before-repair';
}

const secondsBetween = (fromIso: string, toIso: string): number => Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000));

/**
 * The failing parameter or integrity check of the evidence, for counting failure modes. A dead
 * laser fails Tx bias and Tx power together; the mode is the one the screen and the reports lead
 * with ("no light"), so the statistics name what the technician saw.
 */
export function failureModeOf(evaluation: Evaluation): string {
  // A soak that failed (issue 15) names what it caught: "soak:flag:rxLos", "soak:step:txPowerDbm".
  if (evaluation.soak?.verdict === 'fail') return evaluation.soak.failureMode;
  const failed = evaluation.verdicts.find((v) => v.status === 'fail' && (v.reasonCode === 'no-light' || v.reasonCode === 'tx-fault')) ?? evaluation.verdicts.find((v) => v.status === 'fail');
  if (failed !== undefined) return failed.parameter;
  const integrity = evaluation.integrity.find((c) => c.status === 'fail');
  if (integrity !== undefined) return `integrity:${integrity.check}`;
  return 'none';
}

/**
 * The bench evidence as the policy reads it. An incomplete run is never a pass (never "no fault
 * found"); a run stored before 'incomplete' existed keeps the verdict it was recorded with.
 */
export function benchVerdictOf(evaluation: Evaluation, withinSpec: number): WarrantyInput['verdict'] {
  if (evaluation.overall === 'incomplete') return 'incomplete';
  if (evaluation.overall === 'fail') return 'fail';
  return withinSpec === 1 ? 'pass' : 'fail';
}

function encodeCursor(notifiedAt: string, id: number): string {
  return Buffer.from(JSON.stringify([notifiedAt, id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): [string, number] {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'number') return [v[0], v[1]];
  } catch {
    // fall through to the coded error
  }
  throw new BenchError('INVALID_INPUT', 'the page cursor is not one this app produced', { field: 'cursor' });
}

/** The largest code point: prefix + this is above every string that starts with prefix (SQLite compares UTF-8 bytes). */
const PREFIX_END = '\u{10FFFF}';

const CASE_COLUMNS = Object.entries(RepairCaseEntity.options.columns)
  .map(([prop, col]) => `c.${col?.name ?? prop} AS ${prop}`)
  .join(', ');
const CASE_DETAIL_SQL = `SELECT ${CASE_COLUMNS}, cu.name AS customerName, t.name AS technicianName
  FROM repair_case c JOIN customer cu ON cu.id = c.customer_id LEFT JOIN technician t ON t.id = c.technician_id WHERE c.id = ?`;

/**
 * A prefix matching at least this many cases is "broad": walking the notification-time index and
 * testing each row finds a page sooner than collecting every match through the RMA and serial
 * indexes and sorting them (bench:ui, 200,000 cases, "OB01" = 100,000 matches: 2 ms against
 * 120 ms). Below it the range indexes win (a few thousand rows to sort at most).
 */
export const BROAD_PREFIX_MATCHES = 10_000;

type ParsedCaseListQuery = z.output<typeof CaseListQuerySchema>;

/** Filters besides the search that the notification-time index serves as well (the period) or that are absent. */
export function searchCanWalkInOrder(q: ParsedCaseListQuery): boolean {
  const f = q.filters;
  return f.search !== undefined && (f.status === undefined || f.status.length === 0) && f.customerId === undefined && f.technicianId === undefined && f.partNumber === undefined;
}

/** Cases whose RMA or serial starts with `search`, counted only up to `cap` (two index-only range scans). */
export function prefixMatchCountSql(search: string, cap: number): { sql: string; params: unknown[] } {
  const rma = search.toUpperCase();
  return {
    sql:
      'SELECT (SELECT count(*) FROM (SELECT 1 FROM repair_case WHERE rma_number >= ? AND rma_number < ? LIMIT ?) AS by_rma)' +
      ' + (SELECT count(*) FROM (SELECT 1 FROM repair_case WHERE module_serial >= ? AND module_serial < ? LIMIT ?) AS by_serial) AS n',
    params: [rma, rma + PREFIX_END, cap, search, search + PREFIX_END, cap],
  };
}

/**
 * The case-list statement. Every filter is one indexed column; the order (notified_at, id) is the
 * keyset, so a page costs the same at row 50 and at row 200,000. Prefix search uses range
 * comparisons, not LIKE, so the RMA and serial indexes both serve it; for a broad prefix
 * (`walkInOrder`) the notification-time index is walked instead and the page fills at once.
 */
export function caseListSql(q: ParsedCaseListQuery, opts: { walkInOrder?: boolean } = {}): { sql: string; params: unknown[] } {
  const f = q.filters;
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.status !== undefined && f.status.length > 0) {
    where.push(`c.status IN (${f.status.map(() => '?').join(', ')})`);
    params.push(...f.status);
  }
  if (f.customerId !== undefined) {
    where.push('c.customer_id = ?');
    params.push(f.customerId);
  }
  if (f.technicianId !== undefined) {
    where.push('c.technician_id = ?');
    params.push(f.technicianId);
  }
  if (f.partNumber !== undefined) {
    where.push('c.part_number = ?');
    params.push(f.partNumber);
  }
  if (f.from !== undefined) {
    where.push('c.notified_at >= ?');
    params.push(instantBound(f.from, 'from'));
  }
  if (f.to !== undefined) {
    where.push('c.notified_at < ?');
    params.push(instantBound(f.to, 'to'));
  }
  if (f.search !== undefined) {
    const rma = f.search.toUpperCase();
    where.push('((c.rma_number >= ? AND c.rma_number < ?) OR (c.module_serial >= ? AND c.module_serial < ?))');
    params.push(rma, rma + PREFIX_END, f.search, f.search + PREFIX_END);
  }
  const desc = q.sort === 'notified-desc';
  if (q.cursor != null) {
    const [at, id] = decodeCursor(q.cursor);
    where.push(desc ? '(c.notified_at, c.id) < (?, ?)' : '(c.notified_at, c.id) > (?, ?)');
    params.push(at, id);
  }
  const dir = desc ? 'DESC' : 'ASC';
  const sql =
    `SELECT ${CASE_SUMMARY_COLUMNS} FROM repair_case c${opts.walkInOrder === true ? ' INDEXED BY idx_case_notified' : ''} JOIN customer cu ON cu.id = c.customer_id LEFT JOIN technician t ON t.id = c.technician_id` +
    (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
    ` ORDER BY c.notified_at ${dir}, c.id ${dir} LIMIT ${q.limit + 1}`;
  return { sql, params };
}

/**
 * The case-list rows (limit + 1 at most, for the cursor), given a way to run SQL: the service and
 * bench:db's raw-SQL reference share it. A broad prefix search (BROAD_PREFIX_MATCHES or more,
 * counted up to that) walks the notification-time index; anything else runs the plain statement.
 */
export async function queryCaseList(exec: SqlExec, q: ParsedCaseListQuery): Promise<Array<Record<string, unknown>>> {
  let walkInOrder = false;
  if (q.filters.search !== undefined && searchCanWalkInOrder(q)) {
    const count = prefixMatchCountSql(q.filters.search, BROAD_PREFIX_MATCHES);
    const [row] = await exec<{ n: number }>(count.sql, count.params);
    walkInOrder = Number(row?.n ?? 0) >= BROAD_PREFIX_MATCHES;
  }
  const { sql, params } = caseListSql(q, { walkInOrder });
  return exec(sql, params);
}

export function createRepairService(db: Db, deps: RepairServiceDeps = {}): RepairService {
  const decideWarranty = deps.decideWarranty ?? defaultDecideWarranty;
  const stationOf = async (em: EntityManager): Promise<string | null> => {
    if (deps.station !== undefined) return deps.station();
    const rows: Array<{ value: string }> = await em.query(`SELECT value FROM setting WHERE key = 'station'`);
    return rows[0]?.value ?? null;
  };

  /** The optimistic check (issue 14): the page's version must still be the case's. */
  function checkVersion(row: RepairCaseRow, expectedVersion: number | undefined): void {
    if (expectedVersion !== undefined && expectedVersion !== Number(row.version)) throw caseChangedError(row, expectedVersion);
  }

  /**
   * Writes a change of the case only where it still has the version read in this transaction:
   * the advisory lock (PostgreSQL) and the single writer (SQLite) already serialise writers, and
   * this makes a lost update impossible even for a writer that skipped them.
   */
  async function updateCase(em: EntityManager, row: RepairCaseRow, patch: Partial<RepairCaseRow>, actor: string): Promise<Partial<RepairCaseRow>> {
    const full: Partial<RepairCaseRow> = { ...patch, version: Number(row.version) + 1, updatedBy: actor, updatedStation: await stationOf(em) };
    const r = await em.update(RepairCaseEntity, { id: row.id, version: row.version }, full);
    if (r.affected === 0) throw caseChangedError(await loadCase(em, row.id), Number(row.version));
    return full;
  }

  async function loadCase(em: EntityManager, id: number): Promise<RepairCaseRow> {
    const row = await em.findOneBy(RepairCaseEntity, { id });
    if (row === null) throw new BenchError('NOT_FOUND', `no repair case with id ${id}`, { entity: 'repair_case', id });
    return row;
  }

  async function present(em: EntityManager, row: RepairCaseRow): Promise<RepairCase> {
    const customer = await em.findOneBy(CustomerEntity, { id: row.customerId });
    const tech = row.technicianId === null ? null : await em.findOneBy(TechnicianEntity, { id: row.technicianId });
    return toRepairCase(row, customer?.name ?? '', tech?.name ?? null);
  }

  /** Applies one status change: the row, the history, the turnaround figures and the audit event. */
  async function changeStatus(em: EntityManager, row: RepairCaseRow, to: RepairStatus, actor: string, note: string | null, extra: Partial<RepairCaseRow>, auditDetails: Record<string, unknown>): Promise<RepairCaseRow> {
    const now = db.now();
    let patch: Partial<RepairCaseRow> = { ...extra, status: to, updatedAt: now };
    if (row.firstResponseAt === null) {
      // The policy measures "as soon as possible" from notification to the first action on the case.
      patch.firstResponseAt = now;
      patch.responseS = secondsBetween(row.notifiedAt, now);
    }
    if (END_STATUSES.includes(to)) {
      patch.closedAt = now;
      patch.closureS = secondsBetween(row.notifiedAt, now);
    }
    patch = await updateCase(em, row, patch, actor);
    await statusHistory.insert(em, { repairCaseId: row.id, fromStatus: row.status, toStatus: to, at: now, actor, note });
    await auditLog.append(em, now, { actor, action: 'case.transition', entity: 'repair_case', entityId: row.id, details: { from: row.status, to, note, ...auditDetails } });
    return { ...row, ...patch };
  }

  /**
   * What the policy decides for the case now, and on what: the evidence run, an external test,
   * the delivery record or the date code. Shared by decide (which writes it) and decidePreview
   * (which shows it before the technician confirms), so the two can never differ.
   */
  async function planDecision(em: EntityManager, row: RepairCaseRow, cause: CauseCategory) {
    if (row.status !== 'awaiting-decision') {
      throw new BenchError('ILLEGAL_TRANSITION', `case ${row.rmaNumber} is ${row.status}: a decision is made only in awaiting-decision`, { from: row.status, to: 'decision' });
    }
    const [evidence] = await evidenceRunsForCase(em, row, 'before-repair');
    if (evidence === undefined) throw await noEvidenceError(em, row, 'before-repair', `case ${row.rmaNumber} has no before-repair test run`);
    const evaluation = JSON.parse(evidence.evaluationJson) as Evaluation;
    const decoded = JSON.parse(evidence.decodedJson) as DecodedModule;
    // What an I2C read cannot show, an external link / BER test on a host can: a failed one is
    // a fault whatever the read said; a passed one completes a read that was incomplete.
    const [external] = await externalTestsForCase(em, row.id, 'before-repair');
    const bench = benchVerdictOf(evaluation, evidence.withinSpec);
    const verdict: WarrantyInput['verdict'] =
      bench === 'fail' ? 'fail' : external?.result === 'fail' ? 'fail' : bench === 'incomplete' && external?.result === 'pass' ? 'pass' : bench;
    const usedExternal = external !== undefined && bench !== 'fail' ? external : undefined;
    // The delivery that put this module with the customer before the notification; a module sold twice has two.
    const deliveries: DeliveryRow[] = await em.query(
      `SELECT id, module_serial AS moduleSerial, customer_id AS customerId, delivered_on AS deliveredOn, part_number AS partNumber, imported_at AS importedAt
         FROM delivery WHERE module_serial = ? ORDER BY (delivered_on <= ?) DESC, CASE WHEN delivered_on <= ? THEN delivered_on END DESC, delivered_on ASC LIMIT 1`,
      [row.moduleSerial, row.notifiedOn, row.notifiedOn],
    );
    const delivery = deliveries[0];
    // The date code is only the fallback; read in every layout modules use, and never an error:
    // an unreadable one with no delivery record makes the decision needs-evidence.
    const manufacturedOn: string | null = decoded.vendor.manufactureDate ?? parseDateCodeText(decoded.vendor.dateCode).date;
    const input: WarrantyInput = {
      deliveredOn: delivery?.deliveredOn ?? null,
      manufacturedOn,
      notifiedOn: row.notifiedOn,
      cause,
      verdict,
      nextSteps: evaluation.nextSteps ?? [],
      unreadableDateCode: manufacturedOn === null ? decoded.vendor.dateCode : null,
    };
    const outcome = decideWarranty(input);
    const basis: DecisionBasis =
      delivery !== undefined
        ? { kind: 'delivery', delivery: toDelivery({ ...delivery, id: Number(delivery.id), customerId: Number(delivery.customerId) }) }
        : manufacturedOn !== null
          ? { kind: 'date-code', dateCode: decoded.vendor.dateCode, manufacturedOn }
          : { kind: 'none', dateCode: decoded.vendor.dateCode };
    return { outcome, evidence, usedExternal, bench, evaluation, input, basis, deliveryId: delivery === undefined ? null : Number(delivery.id) };
  }

  function illegal(from: string, to: string, why: string): BenchError {
    return new BenchError('ILLEGAL_TRANSITION', `a case cannot go from ${from} to ${to}: ${why}`, { from, to });
  }

  return {
    async createCase(request) {
      const r = parseRequest(CreateCaseRequestSchema, request);
      // The customer's own calendar date is the one written in the notification; the instant is kept in UTC for ordering.
      const notifiedOn = r.notifiedAt.slice(0, 10);
      const notifiedAt = instantBound(r.notifiedAt, 'notifiedAt');
      const requested = r.rmaNumber?.toUpperCase();
      return db.write(async (em) => {
        const now = db.now();
        let rma: string;
        if (requested !== undefined) {
          rma = requested;
          if ((await em.findOneBy(RepairCaseEntity, { rmaNumber: rma })) !== null) throw new BenchError('DUPLICATE', `RMA ${rma} already exists`, { rmaNumber: rma });
        } else {
          // A number typed by hand may already hold a value of the sequence: take the next one.
          for (;;) {
            rma = rmaFromSequence(await nextRmaValue(em, db.engine), now);
            if ((await em.findOneBy(RepairCaseEntity, { rmaNumber: rma })) === null) break;
          }
        }
        if ((await em.findOneBy(CustomerEntity, { id: r.customerId })) === null) throw new BenchError('NOT_FOUND', `no customer with id ${r.customerId}`, { entity: 'customer', id: r.customerId });
        if (r.technicianId != null && (await em.findOneBy(TechnicianEntity, { id: r.technicianId })) === null) {
          throw new BenchError('NOT_FOUND', `no technician with id ${r.technicianId}`, { entity: 'technician', id: r.technicianId });
        }
        await ensureModule(em, r.moduleSerial, r.vendor ?? null, r.partNumber ?? null, now);
        const mod: Array<{ part_number: string | null }> = await em.query('SELECT part_number FROM module WHERE serial = ?', [r.moduleSerial]);
        const row: Omit<RepairCaseRow, 'id'> = {
          rmaNumber: rma,
          customerId: r.customerId,
          moduleSerial: r.moduleSerial,
          partNumber: r.partNumber ?? mod[0]?.part_number ?? null,
          notificationChannel: r.notificationChannel,
          notifiedAt,
          notifiedOn,
          notifiedBy: r.notifiedBy,
          complaintText: r.complaintText,
          status: 'received',
          technicianId: r.technicianId ?? null,
          cause: null,
          decision: null,
          decisionRule: null,
          decisionRuleId: null,
          decisionAgeDays: null,
          decisionEstimated: null,
          decisionBasisDate: null,
          decidedAt: null,
          decidedBy: null,
          evidenceTestRunId: null,
          evidenceExternalTestId: null,
          decisionNeeds: null,
          failureMode: null,
          actionTaken: null,
          replacementSerial: null,
          createdAt: now,
          updatedAt: now,
          firstResponseAt: null,
          closedAt: null,
          responseS: null,
          closureS: null,
          decisionDeliveryId: null,
          version: 0,
          updatedBy: r.actor,
          updatedStation: await stationOf(em),
        };
        const id = (await em.insert(RepairCaseEntity, row)).identifiers[0]?.id as number;
        await statusHistory.insert(em, { repairCaseId: id, fromStatus: null, toStatus: 'received', at: now, actor: r.actor, note: null });
        const { actor: _a, ...details } = r;
        await auditLog.append(em, now, { actor: r.actor, action: 'case.create', entity: 'repair_case', entityId: id, details: { ...details, rmaNumber: rma } });
        return present(em, { id, ...row });
      });
    },

    async getCase(id) {
      const em = db.dataSource.manager;
      return present(em, await loadCase(em, id));
    },

    async getCaseByRma(rmaNumber) {
      const em = db.dataSource.manager;
      const row = await em.findOneBy(RepairCaseEntity, { rmaNumber: rmaNumber.toUpperCase() });
      if (row === null) throw new BenchError('NOT_FOUND', `no repair case with RMA ${rmaNumber}`, { entity: 'repair_case', rmaNumber });
      return present(em, row);
    },

    async getCaseDetail(id) {
      // One statement per part, each on an index; the ORM's find() would add its per-call
      // metadata work to every one of them (bench:db measures this path against raw SQL).
      const ds = db.dataSource;
      const [row] = (await ds.query(CASE_DETAIL_SQL, [id])) as Array<RepairCaseRow & { customerName: string; technicianName: string | null }>;
      if (row === undefined) throw new BenchError('NOT_FOUND', `no repair case with id ${id}`, { entity: 'repair_case', id });
      // The runs of a case have one definition, the view case_test_run (test-runs.ts).
      const runs: Array<Record<string, unknown>> = await ds.query(
        `SELECT ${LINKED_RUN_COLUMNS} FROM case_test_run l JOIN test_run r ON r.id = l.test_run_id WHERE l.repair_case_id = ? ORDER BY r.taken_at, r.id`,
        [id],
      );
      const withdrawn: Array<Record<string, unknown>> = await ds.query(
        `SELECT ${WITHDRAWN_RUN_COLUMNS}
           FROM test_run_attachment w JOIN test_run r ON r.id = w.test_run_id LEFT JOIN test_run_attachment a ON a.id = w.withdraws_id
          WHERE w.action = 'withdraw' AND w.repair_case_id = ? ORDER BY w.id`,
        [id],
      );
      const history: StatusChangeRow[] = await ds.query(
        'SELECT id, repair_case_id AS repairCaseId, from_status AS fromStatus, to_status AS toStatus, at, actor, note FROM status_change WHERE repair_case_id = ? ORDER BY id',
        [id],
      );
      const complaints: ComplaintRow[] = await ds.query(
        `SELECT id, repair_case_id AS repairCaseId, technician_id AS technicianId, addressed_to AS addressedTo, text, status, resolution,
                created_at AS createdAt, created_by AS createdBy, updated_at AS updatedAt, resolved_at AS resolvedAt
           FROM complaint WHERE repair_case_id = ? ORDER BY id`,
        [id],
      );
      const calls: FollowUpCallRow[] = await ds.query(
        `SELECT id, repair_case_id AS repairCaseId, technician_id AS technicianId, caller_id AS callerId, called_at AS calledAt, satisfaction, remarks, recorded_at AS recordedAt
           FROM follow_up_call WHERE repair_case_id = ? ORDER BY id`,
        [id],
      );
      const deliveries: DeliveryRow[] = await ds.query(
        `SELECT id, module_serial AS moduleSerial, customer_id AS customerId, delivered_on AS deliveredOn, part_number AS partNumber, imported_at AS importedAt
           FROM delivery WHERE module_serial = ? ORDER BY delivered_on`,
        [row.moduleSerial],
      );
      const external: ExternalTestRow[] = await ds.query(
        `SELECT id, module_serial AS moduleSerial, repair_case_id AS repairCaseId, role, kind, result, equipment, host_port AS hostPort, data_rate AS dataRate,
                duration_s AS durationS, bit_error_ratio AS bitErrorRatio, error_count AS errorCount, performed_by AS performedBy, performed_at AS performedAt,
                notes, station, recorded_at AS recordedAt, recorded_by AS recordedBy
           FROM external_test WHERE repair_case_id = ? ORDER BY performed_at, id`,
        [id],
      );
      return {
        case: toRepairCase(row, row.customerName, row.technicianName),
        testRuns: runs.map(toTestRunSummary),
        withdrawnRuns: withdrawn.map(toTestRunSummary),
        externalTests: external.map(toExternalTest),
        history: history.map(toStatusChange),
        complaints: complaints.map(toComplaint),
        calls: calls.map(toFollowUpCall),
        deliveries: deliveries.map(toDelivery),
      };
    },

    async listCases(query = {}) {
      const q = parseRequest(CaseListQuerySchema, query);
      const rows = await queryCaseList((sql, params) => db.dataSource.query(sql, params), q);
      const items = rows.slice(0, q.limit).map(toCaseSummary);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > q.limit && last !== undefined ? encodeCursor(last.notifiedAt, last.id) : null };
    },

    async assignTechnician(request) {
      const r = parseRequest(AssignTechnicianRequestSchema, request);
      return db.write(async (em) => {
        const row = await loadCase(em, r.caseId);
        checkVersion(row, r.expectedVersion);
        if (END_STATUSES.includes(row.status as RepairStatus)) throw new BenchError('CASE_CLOSED', `case ${row.rmaNumber} is ${row.status}`, { caseId: row.id, status: row.status });
        const tech = await em.findOneBy(TechnicianEntity, { id: r.technicianId });
        if (tech === null || tech.active !== 1) throw new BenchError('NOT_FOUND', `no active technician with id ${r.technicianId}`, { entity: 'technician', id: r.technicianId });
        const now = db.now();
        const patch = await updateCase(em, row, { technicianId: tech.id, updatedAt: now }, r.actor);
        await auditLog.append(em, now, { actor: r.actor, action: 'case.assign', entity: 'repair_case', entityId: row.id, details: { before: row.technicianId, after: tech.id } });
        return present(em, { ...row, ...patch });
      });
    },

    async transition(request) {
      const r = parseRequest(TransitionRequestSchema, request);
      return db.write(async (em) => {
        const row = await loadCase(em, r.caseId);
        checkVersion(row, r.expectedVersion);
        const from = row.status as RepairStatus;
        const to = r.to;
        if (!TRANSITIONS[from].includes(to)) {
          const allowed = TRANSITIONS[from];
          throw illegal(from, to, allowed.length === 0 ? `${from} is an end status` : `from ${from} only ${allowed.join(', ')}`);
        }
        if (from === 'awaiting-decision') throw illegal(from, to, 'the warranty decision moves the case on: use decide');
        const extra: Partial<RepairCaseRow> = {};
        if (r.actionTaken != null) extra.actionTaken = r.actionTaken;
        if (r.replacementSerial != null) extra.replacementSerial = r.replacementSerial;
        const details: Record<string, unknown> = { actionTaken: r.actionTaken ?? null, replacementSerial: r.replacementSerial ?? null };
        if (from === 'received' && row.technicianId === null) {
          throw illegal(from, to, 'assign a technician first: the record must say who works on it');
        }
        if (to === 'awaiting-decision') {
          const runs = await evidenceRunsForCase(em, row, 'before-repair');
          if (runs.length === 0) throw await noEvidenceError(em, row, 'before-repair', `case ${row.rmaNumber} has no before-repair test run: test the module before asking for a decision`);
        }
        if (from === 'replacing' && to === 'verifying' && (extra.replacementSerial ?? row.replacementSerial) === null) {
          throw new BenchError('INVALID_INPUT', 'a replacement needs the replacement module serial', { field: 'replacementSerial' });
        }
        if ((from === 'repairing' || from === 'replacing') && (extra.actionTaken ?? row.actionTaken) === null) {
          throw new BenchError('INVALID_INPUT', 'say what was done (actionTaken) before verification', { field: 'actionTaken' });
        }
        if (to === 'closed') {
          const runs = await evidenceRunsForCase(em, row, 'after-repair');
          const latest = runs[0];
          if (latest === undefined) throw await noEvidenceError(em, row, 'after-repair', `case ${row.rmaNumber} has no after-repair test run: verify the module before closing`);
          const expected = row.replacementSerial ?? row.moduleSerial;
          if (latest.moduleSerial !== expected) {
            throw new BenchError('EVIDENCE_MISSING', `the latest after-repair run is of module ${latest.moduleSerial}, not ${expected}`, { caseId: row.id, testRunId: latest.id });
          }
          if (latest.withinSpec !== 1) {
            throw new BenchError('VERIFICATION_FAILED', `after-repair test run ${latest.id} is not within spec: repair or replace again`, { caseId: row.id, testRunId: latest.id });
          }
          details.verifiedBy = latest.id;
        }
        const updated = await changeStatus(em, row, to, r.actor, r.note ?? null, extra, details);
        return present(em, updated);
      });
    },

    async decide(request) {
      const r = parseRequest(DecideRequestSchema, request);
      return db.write(async (em) => {
        const row = await loadCase(em, r.caseId);
        checkVersion(row, r.expectedVersion);
        const plan = await planDecision(em, row, r.cause);
        const { outcome, evidence, usedExternal, bench, evaluation, input, deliveryId } = plan;
        const now = db.now();
        const extra: Partial<RepairCaseRow> = {
          cause: r.cause,
          decision: outcome.decision,
          decisionRule: outcome.rule,
          decisionRuleId: outcome.ruleId ?? outcome.rule.split(':')[0] ?? null,
          decisionAgeDays: outcome.ageDays,
          decisionEstimated: outcome.estimated ? 1 : 0,
          decisionBasisDate: outcome.basisDate,
          decidedAt: now,
          decidedBy: r.actor,
          evidenceTestRunId: evidence.id,
          evidenceExternalTestId: usedExternal?.id ?? null,
          decisionNeeds: outcome.decision === 'needs-evidence' ? JSON.stringify(outcome.needs ?? []) : null,
          decisionDeliveryId: deliveryId,
          failureMode:
            outcome.decision === 'needs-evidence' ? null : bench === 'fail' ? failureModeOf(evaluation) : usedExternal?.result === 'fail' ? `external:${usedExternal.kind}` : 'none',
        };
        const to = DECISION_STATUS[outcome.decision];
        const updated = await changeStatus(em, row, to, r.actor, outcome.rule, extra, {
          decision: outcome,
          input,
          evidenceTestRunId: evidence.id,
          evidenceExternalTestId: usedExternal?.id ?? null,
          deliveryId,
        });
        return present(em, updated);
      });
    },

    async decidePreview(request) {
      const r = parseRequest(DecideRequestSchema, { ...(request as object), actor: 'preview' });
      const em = db.dataSource.manager;
      const row = await loadCase(em, r.caseId);
      const plan = await planDecision(em, row, r.cause);
      const { outcome } = plan;
      return {
        caseId: row.id,
        cause: r.cause,
        decision: outcome.decision,
        rule: outcome.rule,
        ruleId: outcome.ruleId ?? ((outcome.rule.split(':')[0] ?? null) as DecisionPreview['ruleId']),
        ageDays: outcome.ageDays,
        estimated: outcome.estimated,
        basisDate: outcome.basisDate,
        basis: plan.basis,
        needs: outcome.needs ?? [],
        verdict: plan.input.verdict,
        evidenceTestRunId: plan.evidence.id,
        evidenceExternalTestId: plan.usedExternal?.id ?? null,
        to: DECISION_STATUS[outcome.decision],
      };
    },

    async candidates(serial) {
      const s = serial.trim();
      if (s === '') return [];
      const open = END_STATUSES.map(() => '?').join(', ');
      const rows = (await db.dataSource.query(
        `SELECT ${CASE_SUMMARY_COLUMNS}, c.replacement_serial AS replacementSerial,
                CASE WHEN c.module_serial = ? THEN 'module-serial' ELSE 'replacement-serial' END AS matchedBy
           FROM repair_case c JOIN customer cu ON cu.id = c.customer_id LEFT JOIN technician t ON t.id = c.technician_id
          WHERE (c.module_serial = ? OR c.replacement_serial = ?) AND c.status NOT IN (${open})
          ORDER BY c.notified_at DESC, c.id DESC LIMIT 20`,
        [s, s, s, ...END_STATUSES],
      )) as Array<Record<string, unknown>>;
      return rows.map((x) => {
        const summary = toCaseSummary(x);
        const matchedBy = x.matchedBy === 'module-serial' ? 'module-serial' : 'replacement-serial';
        return { ...summary, replacementSerial: (x.replacementSerial as string | null) ?? null, matchedBy, role: candidateRole(summary.status, matchedBy) } satisfies CaseCandidate;
      });
    },

    // Issue 16: reopening is a supervisor's act (the IPC and CLI layers check the role). The case
    // goes back to awaiting-decision; the decision it had stays in the status history and the
    // audit event, and a closed case is not reopened (its module was repaired and verified).
    async reopen(request) {
      const r = parseRequest(ReopenCaseRequestSchema, request);
      return db.write(async (em) => {
        const row = await loadCase(em, r.caseId);
        checkVersion(row, r.expectedVersion);
        if (row.decision === null) throw illegal(row.status, 'awaiting-decision', 'the case has no decision to reopen');
        if (row.status === 'closed') throw illegal(row.status, 'awaiting-decision', 'a closed case was repaired and verified: open a new RMA for a new complaint');
        const before = { decision: row.decision, rule: row.decisionRule, decidedAt: row.decidedAt, decidedBy: row.decidedBy, evidenceTestRunId: row.evidenceTestRunId, cause: row.cause };
        const cleared: Partial<RepairCaseRow> = {
          decision: null,
          decisionRule: null,
          decisionRuleId: null,
          decisionAgeDays: null,
          decisionEstimated: null,
          decisionBasisDate: null,
          decidedAt: null,
          decidedBy: null,
          evidenceTestRunId: null,
          evidenceExternalTestId: null,
          decisionNeeds: null,
          decisionDeliveryId: null,
          failureMode: null,
          closedAt: null,
          closureS: null,
        };
        const updated = await changeStatus(em, row, 'awaiting-decision', r.actor, r.reason, cleared, { reopened: true, reason: r.reason, previousDecision: before });
        return present(em, updated);
      });
    },
  };
}
