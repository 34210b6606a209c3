import { CreateTechnicianRequestSchema, SetTechnicianActiveRequestSchema, type Technician } from '../../preload/contract/records';
import { BenchError } from '../errors';
import type { Db } from '../db/open';
import { TechnicianEntity } from '../db/entities';
import { auditLog } from '../db/append-only';
import { parseRequest, toTechnician } from '../db/mappers';

export interface TechnicianService {
  create(request: unknown): Promise<Technician>;
  get(id: number): Promise<Technician>;
  list(options?: { includeInactive?: boolean }): Promise<Technician[]>;
  /** Technicians leave; their records stay, so they are deactivated, never deleted. */
  setActive(request: unknown): Promise<Technician>;
}

export function createTechnicianService(db: Db): TechnicianService {
  const repo = () => db.dataSource.getRepository(TechnicianEntity);
  return {
    async create(request) {
      const r = parseRequest(CreateTechnicianRequestSchema, request);
      return db.write(async (em) => {
        if ((await em.findOneBy(TechnicianEntity, { code: r.code })) !== null) {
          throw new BenchError('DUPLICATE', `a technician with code ${JSON.stringify(r.code)} already exists`, { code: r.code });
        }
        const now = db.now();
        const row = { code: r.code, name: r.name, role: r.role, active: 1, createdAt: now, pinHash: null, pinSetAt: null };
        const id = (await em.insert(TechnicianEntity, row)).identifiers[0]?.id as number;
        await auditLog.append(em, now, { actor: r.actor, action: 'technician.create', entity: 'technician', entityId: id, details: { code: r.code, name: r.name, role: r.role } });
        return toTechnician({ id, ...row });
      });
    },
    async get(id) {
      const row = await repo().findOneBy({ id });
      if (row === null) throw new BenchError('NOT_FOUND', `no technician with id ${id}`, { entity: 'technician', id });
      return toTechnician(row);
    },
    async list(options = {}) {
      const rows = await repo().find({ where: options.includeInactive === true ? {} : { active: 1 }, order: { name: 'ASC' } });
      return rows.map(toTechnician);
    },
    async setActive(request) {
      const r = parseRequest(SetTechnicianActiveRequestSchema, request);
      return db.write(async (em) => {
        const row = await em.findOneBy(TechnicianEntity, { id: r.technicianId });
        if (row === null) throw new BenchError('NOT_FOUND', `no technician with id ${r.technicianId}`, { entity: 'technician', id: r.technicianId });
        await em.update(TechnicianEntity, { id: row.id }, { active: r.active ? 1 : 0 });
        await auditLog.append(em, db.now(), {
          actor: r.actor,
          action: r.active ? 'technician.activate' : 'technician.deactivate',
          entity: 'technician',
          entityId: row.id,
          details: { before: row.active === 1, after: r.active },
        });
        return toTechnician({ ...row, active: r.active ? 1 : 0 });
      });
    },
  };
}
