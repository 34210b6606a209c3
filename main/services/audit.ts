// Reading the audit trail. Writing it happens inside each service's own transaction
// (main/db/append-only.ts auditLog.append); the one write here is for records that leave the app
// (exports, printed and saved reports), where nothing else changes to write it beside.
import { AuditQuerySchema, type AuditEvent, type AuditQuery } from '../../preload/contract/records';
import type { Db } from '../db/open';
import { auditLog } from '../db/append-only';
import { BenchError } from '../errors';
import { AuditEventEntity, type AuditEventRow } from '../db/entities';
import { parseRequest, toAuditEvent } from '../db/mappers';

export interface AuditService {
  /** Newest first; page with beforeId = the last id seen. */
  list(query?: AuditQuery): Promise<AuditEvent[]>;
  /** Records that data left the app: an export, a printed or a saved report. */
  recordOutput(actor: string, event: OutputEvent): Promise<void>;
}

/** What left the app: `export.cases`, `export.test-runs`, `report.print`, `report.save-pdf`, `report.file`. */
export interface OutputEvent {
  action: string;
  entity: string;
  entityId: string;
  details: Record<string, unknown>;
}

export function createAuditService(db: Db): AuditService {
  return {
    async list(query = {}) {
      const q = parseRequest(AuditQuerySchema, query);
      const qb = db.dataSource.getRepository(AuditEventEntity).createQueryBuilder('a').orderBy('a.id', 'DESC').limit(q.limit);
      if (q.entity !== undefined) qb.andWhere('a.entity = :entity', { entity: q.entity });
      if (q.entityId !== undefined) qb.andWhere('a.entity_id = :entityId', { entityId: q.entityId });
      if (q.beforeId !== undefined) qb.andWhere('a.id < :beforeId', { beforeId: q.beforeId });
      const rows: AuditEventRow[] = await qb.getMany();
      return rows.map(toAuditEvent);
    },
    async recordOutput(actor, event) {
      if (actor.trim() === '') throw new BenchError('INVALID_INPUT', 'who takes records out of the app must be known');
      await db.write((em) => auditLog.append(em, db.now(), { actor, ...event }));
    },
  };
}
