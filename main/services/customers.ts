import { CreateCustomerRequestSchema, type Customer } from '../../preload/contract/records';
import { BenchError } from '../errors';
import type { Db } from '../db/open';
import { CustomerEntity } from '../db/entities';
import { auditLog } from '../db/append-only';
import { parseRequest, toCustomer } from '../db/mappers';

export interface CustomerService {
  create(request: unknown): Promise<Customer>;
  get(id: number): Promise<Customer>;
  /** All customers by name, or those whose name starts with `search` (case-insensitive). */
  list(search?: string): Promise<Customer[]>;
}

export function createCustomerService(db: Db): CustomerService {
  const repo = () => db.dataSource.getRepository(CustomerEntity);
  return {
    async create(request) {
      const r = parseRequest(CreateCustomerRequestSchema, request);
      return db.write(async (em) => {
        const existing = await em.getRepository(CustomerEntity).createQueryBuilder('c').where('lower(c.name) = lower(:name)', { name: r.name }).getOne();
        if (existing !== null) throw new BenchError('DUPLICATE', `a customer named ${JSON.stringify(r.name)} already exists (id ${existing.id})`, { id: existing.id });
        const now = db.now();
        const row = { name: r.name, contact: r.contact ?? null, phone: r.phone ?? null, email: r.email ?? null, createdAt: now };
        const id = (await em.insert(CustomerEntity, row)).identifiers[0]?.id as number;
        await auditLog.append(em, now, { actor: r.actor, action: 'customer.create', entity: 'customer', entityId: id, details: row });
        return toCustomer({ id, ...row });
      });
    },
    async get(id) {
      const row = await repo().findOneBy({ id });
      if (row === null) throw new BenchError('NOT_FOUND', `no customer with id ${id}`, { entity: 'customer', id });
      return toCustomer(row);
    },
    async list(search) {
      const qb = repo().createQueryBuilder('c').orderBy('c.name', 'ASC');
      // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not (both fold ASCII only here).
      if (search !== undefined && search !== '') qb.where(`lower(c.name) LIKE lower(:p) ESCAPE '\\'`, { p: `${search.replace(/[\\%_]/g, '\\$&')}%` });
      return (await qb.getMany()).map(toCustomer);
    },
  };
}
