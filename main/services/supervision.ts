// Supervision of service quality (after-sale-service.md rules 6-8): complaints addressed to the
// supervisor or the engineering manager, follow-up calls, and the random choice of whom to call.
import {
  CallListQuerySchema,
  END_STATUSES,
  FileComplaintRequestSchema,
  FollowUpSelectionRequestSchema,
  RecordCallRequestSchema,
  UpdateComplaintRequestSchema,
  type CallListRow,
  type CallPage,
  type CaseSummary,
  type Complaint,
  type ComplaintStatus,
  type FollowUpCall,
  type RepairStatus,
} from '../../preload/contract/records';
import { BenchError } from '../errors';
import type { Db } from '../db/open';
import { ComplaintEntity, FollowUpCallEntity, RepairCaseEntity, TechnicianEntity } from '../db/entities';
import { auditLog } from '../db/append-only';
import { CASE_SUMMARY_COLUMNS, instantBound, parseRequest, toCaseSummary, toComplaint, toFollowUpCall } from '../db/mappers';

export interface SupervisionService {
  fileComplaint(request: unknown): Promise<Complaint>;
  updateComplaint(request: unknown): Promise<Complaint>;
  listComplaints(filter?: { status?: ComplaintStatus; technicianId?: number; caseId?: number }): Promise<Complaint[]>;
  recordCall(request: unknown): Promise<FollowUpCall>;
  /** Follow-up calls newest first (called_at, then id), with case RMA, customer, technician and caller names. */
  listCalls(request?: unknown): Promise<CallPage>;
  /** `count` cases that ended in [from, to] (dates, inclusive), chosen at random with `seed`: the same seed and data give the same list. */
  selectForFollowUp(request: unknown): Promise<CaseSummary[]>;
}

const COMPLAINT_NEXT: Record<ComplaintStatus, readonly ComplaintStatus[]> = {
  open: ['in-progress', 'resolved'],
  'in-progress': ['resolved'],
  resolved: [],
};

/** mulberry32: a small, well-mixed 32-bit PRNG; enough to pick calls fairly and replay the pick from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Partial Fisher-Yates over a copy: the first `count` of a uniform random permutation. */
export function sampleWithSeed<T>(items: readonly T[], count: number, seed: number): T[] {
  const a = items.slice();
  const random = seededRandom(seed);
  const n = Math.min(count, a.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (a.length - i));
    const tmp = a[i] as T;
    a[i] = a[j] as T;
    a[j] = tmp;
  }
  return a.slice(0, n);
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

export function createSupervisionService(db: Db): SupervisionService {
  return {
    async fileComplaint(request) {
      const r = parseRequest(FileComplaintRequestSchema, request);
      return db.write(async (em) => {
        const c = await em.findOneBy(RepairCaseEntity, { id: r.caseId });
        if (c === null) throw new BenchError('NOT_FOUND', `no repair case with id ${r.caseId}`, { entity: 'repair_case', id: r.caseId });
        const now = db.now();
        const row = {
          repairCaseId: c.id,
          technicianId: c.technicianId,
          addressedTo: r.addressedTo,
          text: r.text,
          status: 'open',
          resolution: null,
          createdAt: now,
          createdBy: r.actor,
          updatedAt: now,
          resolvedAt: null,
        };
        const id = (await em.insert(ComplaintEntity, row)).identifiers[0]?.id as number;
        await auditLog.append(em, now, { actor: r.actor, action: 'complaint.file', entity: 'complaint', entityId: id, details: { caseId: c.id, technicianId: c.technicianId, addressedTo: r.addressedTo, text: r.text } });
        return toComplaint({ id, ...row });
      });
    },

    async updateComplaint(request) {
      const r = parseRequest(UpdateComplaintRequestSchema, request);
      return db.write(async (em) => {
        const row = await em.findOneBy(ComplaintEntity, { id: r.complaintId });
        if (row === null) throw new BenchError('NOT_FOUND', `no complaint with id ${r.complaintId}`, { entity: 'complaint', id: r.complaintId });
        const from = row.status as ComplaintStatus;
        if (!COMPLAINT_NEXT[from].includes(r.status)) {
          throw new BenchError('ILLEGAL_TRANSITION', `a complaint cannot go from ${from} to ${r.status}`, { from, to: r.status });
        }
        const now = db.now();
        const patch = { status: r.status, resolution: r.resolution ?? row.resolution, updatedAt: now, resolvedAt: r.status === 'resolved' ? now : null };
        await em.update(ComplaintEntity, { id: row.id }, patch);
        await auditLog.append(em, now, { actor: r.actor, action: 'complaint.update', entity: 'complaint', entityId: row.id, details: { from, to: r.status, resolution: r.resolution ?? null } });
        return toComplaint({ ...row, ...patch });
      });
    },

    async listComplaints(filter = {}) {
      const where: Record<string, unknown> = {};
      if (filter.status !== undefined) where.status = filter.status;
      if (filter.technicianId !== undefined) where.technicianId = filter.technicianId;
      if (filter.caseId !== undefined) where.repairCaseId = filter.caseId;
      const rows = await db.dataSource.getRepository(ComplaintEntity).find({ where, order: { id: 'DESC' } });
      return rows.map(toComplaint);
    },

    async recordCall(request) {
      const r = parseRequest(RecordCallRequestSchema, request);
      return db.write(async (em) => {
        const c = await em.findOneBy(RepairCaseEntity, { id: r.caseId });
        if (c === null) throw new BenchError('NOT_FOUND', `no repair case with id ${r.caseId}`, { entity: 'repair_case', id: r.caseId });
        if (!END_STATUSES.includes(c.status as RepairStatus)) {
          throw new BenchError('INVALID_INPUT', `case ${c.rmaNumber} is still ${c.status}: satisfaction is asked once the service is over`, { caseId: c.id });
        }
        const caller = await em.findOneBy(TechnicianEntity, { id: r.callerId });
        if (caller === null) throw new BenchError('NOT_FOUND', `no technician with id ${r.callerId}`, { entity: 'technician', id: r.callerId });
        const now = db.now();
        const row = {
          repairCaseId: c.id,
          technicianId: c.technicianId,
          callerId: caller.id,
          calledAt: instantBound(r.calledAt, 'calledAt'),
          satisfaction: r.satisfaction,
          remarks: r.remarks ?? null,
          recordedAt: now,
        };
        const id = (await em.insert(FollowUpCallEntity, row)).identifiers[0]?.id as number;
        await auditLog.append(em, now, { actor: r.actor, action: 'call.record', entity: 'follow_up_call', entityId: id, details: row });
        return toFollowUpCall({ id, ...row });
      });
    },

    async listCalls(request = {}) {
      const q = parseRequest(CallListQuerySchema, request);
      let where = '1 = 1';
      const params: Array<string | number> = [];
      if (q.from != null) {
        where += ' AND fc.called_at >= ?';
        params.push(instantBound(q.from, 'from'));
      }
      if (q.to != null) {
        where += ' AND fc.called_at < ?';
        params.push(instantBound(q.to, 'to'));
      }
      if (q.technicianId != null) {
        where += ' AND fc.technician_id = ?';
        params.push(q.technicianId);
      }
      const [counted] = await db.dataSource.query(`SELECT count(*) AS n FROM follow_up_call fc WHERE ${where}`, params);
      // A call is never edited or deleted (append-only), so offsets stay stable while paging.
      const rows: Array<Record<string, unknown>> = await db.dataSource.query(
        `SELECT fc.id, fc.repair_case_id, rc.rma_number, cu.name AS customer_name, fc.technician_id, t.name AS technician_name,
                fc.caller_id, ca.name AS caller_name, fc.called_at, fc.satisfaction, fc.remarks
           FROM follow_up_call fc
           JOIN repair_case rc ON rc.id = fc.repair_case_id
           JOIN customer cu ON cu.id = rc.customer_id
           JOIN technician ca ON ca.id = fc.caller_id
           LEFT JOIN technician t ON t.id = fc.technician_id
          WHERE ${where}
          ORDER BY fc.called_at DESC, fc.id DESC
          LIMIT ? OFFSET ?`,
        [...params, q.limit, q.offset],
      );
      const items: CallListRow[] = rows.map((r) => ({
        id: Number(r.id),
        repairCaseId: Number(r.repair_case_id),
        rmaNumber: String(r.rma_number),
        customerName: String(r.customer_name),
        technicianId: r.technician_id == null ? null : Number(r.technician_id),
        technicianName: r.technician_name == null ? null : String(r.technician_name),
        callerId: Number(r.caller_id),
        callerName: String(r.caller_name),
        calledAt: String(r.called_at),
        satisfaction: Number(r.satisfaction) as CallListRow['satisfaction'],
        remarks: r.remarks == null ? null : String(r.remarks),
      }));
      return { items, total: Number((counted as { n: number } | undefined)?.n ?? 0), offset: q.offset, limit: q.limit };
    },

    async selectForFollowUp(request) {
      const r = parseRequest(FollowUpSelectionRequestSchema, request);
      // Ordered by id so the candidate list, and with it the seeded pick, does not depend on the query plan.
      const ids: Array<{ id: number }> = await db.dataSource.query(
        'SELECT id FROM repair_case WHERE closed_at >= ? AND closed_at < ? ORDER BY id',
        [instantBound(r.from, 'from'), nextDay(r.to)],
      );
      const picked = sampleWithSeed(
        ids.map((x) => x.id),
        r.count,
        r.seed,
      );
      if (picked.length === 0) return [];
      const rows: Array<Record<string, unknown>> = await db.dataSource.query(
        `SELECT ${CASE_SUMMARY_COLUMNS} FROM repair_case c JOIN customer cu ON cu.id = c.customer_id LEFT JOIN technician t ON t.id = c.technician_id WHERE c.id IN (${picked.map(() => '?').join(',')})`,
        picked,
      );
      const byId = new Map(rows.map((x) => [Number(x.id), toCaseSummary(x)]));
      return picked.map((id) => byId.get(id)).filter((x): x is CaseSummary => x !== undefined);
    },
  };
}
