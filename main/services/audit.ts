// Reading the audit trail. Writing it happens inside each service's own transaction
// (main/db/append-only.ts auditLog.append); there is no other write path.
import { AuditQuerySchema, type AuditEvent, type AuditQuery } from '../../preload/contract/records';
import type { Db } from '../db/open';
import { AuditEventEntity, type AuditEventRow } from '../db/entities';
import { parseRequest, toAuditEvent } from '../db/mappers';

export interface AuditService {
  /** Newest first; page with beforeId = the last id seen. */
  list(query?: AuditQuery): Promise<AuditEvent[]>;
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
  };
}
