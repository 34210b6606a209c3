// Deliveries: when each module reached which customer, the warranty's starting point
// (after-sale-service.md rule 3). Imported from the sales system's CSV in one transaction, so a
// file with a bad row changes nothing and every bad row is reported with its line number.
import { parse } from 'csv-parse/sync';
import type { CsvRowError, CsvRowProblem, Delivery, DeliveryImportReport, DeliveryPreview } from '../../preload/contract/records';
import { BenchError } from '../errors';
import type { Db } from '../db/open';
import { CustomerEntity, DeliveryEntity } from '../db/entities';
import { auditLog } from '../db/append-only';
import { toDelivery } from '../db/mappers';
import { formatCalendarDate, parseCalendarDate } from '../warranty/calendar';

export interface DeliveryService {
  /**
   * CSV with a header row: serial, customer, delivered_on (YYYY-MM-DD), optional part_number.
   * Unknown customers are created. CSV_INVALID with details.errors: CsvRowError[] when any row is bad.
   */
  importCsv(csvText: string, actor: string, source?: string): Promise<DeliveryImportReport>;
  /** The same checks as importCsv, and the rows as they would be imported; nothing is written. */
  previewCsv(csvText: string): Promise<DeliveryPreview>;
  listForSerial(serial: string): Promise<Delivery[]>;
}

interface ParsedRow {
  line: number;
  serial: string;
  customer: string;
  deliveredOn: string;
  partNumber: string | null;
}

const REQUIRED = ['serial', 'customer', 'delivered_on'] as const;

function csvInvalid(errors: CsvRowError[], source: string): BenchError {
  const shown = errors.slice(0, 10).map((e) => `line ${e.line}: ${e.message}`).join('; ');
  return new BenchError('CSV_INVALID', `${source}: ${errors.length} bad row(s), nothing imported: ${shown}${errors.length > 10 ? '; ...' : ''}`, { errors });
}

/** The file read and checked row by row; `errors` holds every bad line (nothing is written here). */
function parseDeliveries(csvText: string, today: string): { rows: ParsedRow[]; errors: CsvRowError[]; total: number } {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(csvText, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      info: true,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as typeof records;
  } catch (e) {
    const line = Number((e as { lines?: number }).lines ?? 0);
    return { rows: [], errors: [{ line, message: (e as Error).message, problems: [{ code: 'unparseable' }] }], total: 0 };
  }
  const header = records[0] === undefined ? [] : Object.keys(records[0].record);
  const missing = REQUIRED.filter((c) => records.length > 0 && !header.includes(c));
  if (missing.length > 0) return { rows: [], errors: [{ line: 1, message: `missing column(s) ${missing.join(', ')}`, problems: [{ code: 'missingColumns', args: { columns: missing.join(', ') } }] }], total: records.length };
  if (records.length === 0) return { rows: [], errors: [{ line: 1, message: 'no delivery rows', problems: [{ code: 'noRows' }] }], total: 0 };

  const errors: CsvRowError[] = [];
  const rows: ParsedRow[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    const serial = record.serial ?? '';
    const customer = record.customer ?? '';
    const dateText = record.delivered_on ?? '';
    const problems: string[] = [];
    const coded: CsvRowProblem[] = [];
    if (serial === '') {
      problems.push('serial is empty');
      coded.push({ code: 'serialEmpty' });
    }
    if (customer === '') {
      problems.push('customer is empty');
      coded.push({ code: 'customerEmpty' });
    }
    const date = parseCalendarDate(dateText);
    if (date === null) {
      problems.push(`delivered_on ${JSON.stringify(dateText)} is not a real YYYY-MM-DD date`);
      coded.push({ code: 'dateInvalid', args: { value: dateText } });
    } else if (formatCalendarDate(date) > today) {
      problems.push(`delivered_on ${dateText} is in the future`);
      coded.push({ code: 'dateFuture', args: { value: dateText } });
    }
    const key = `${serial}\u0000${dateText}`;
    const first = seen.get(key);
    if (serial !== '' && first !== undefined) {
      problems.push(`same serial and date as line ${first}`);
      coded.push({ code: 'sameAsLine', args: { line: first } });
    } else seen.set(key, line);
    if (problems.length > 0) errors.push({ line, message: problems.join('; '), problems: coded });
    else rows.push({ line, serial, customer, deliveredOn: dateText, partNumber: (record.part_number ?? '') === '' ? null : (record.part_number ?? null) });
  }
  return { rows, errors, total: records.length };
}

export function createDeliveryService(db: Db): DeliveryService {
  /** Deliveries already recorded, and customers not yet known, for the rows of a file. */
  const against = async (rows: ParsedRow[]): Promise<{ duplicates: CsvRowError[]; newCustomers: Set<string> }> => {
    const duplicates: CsvRowError[] = [];
    const newCustomers = new Set<string>();
    const known = new Map<string, boolean>();
    for (const row of rows) {
      const dup: unknown[] = await db.dataSource.query('SELECT 1 FROM delivery WHERE module_serial = ? AND delivered_on = ?', [row.serial, row.deliveredOn]);
      if (dup.length > 0) duplicates.push({ line: row.line, message: `delivery of ${row.serial} on ${row.deliveredOn} is already recorded`, problems: [{ code: 'alreadyRecorded', args: { serial: row.serial, date: row.deliveredOn } }] });
      const key = row.customer.toLowerCase();
      if (!known.has(key)) {
        const existing = await db.dataSource.getRepository(CustomerEntity).createQueryBuilder('c').where('c.name = :name COLLATE NOCASE', { name: row.customer }).getOne();
        known.set(key, existing !== null);
        if (existing === null) newCustomers.add(row.customer);
      }
    }
    return { duplicates, newCustomers };
  };

  return {
    async previewCsv(csvText) {
      const { rows, errors, total } = parseDeliveries(csvText, db.now().slice(0, 10));
      const { duplicates, newCustomers } = await against(rows);
      const bad = new Set(duplicates.map((d) => d.line));
      const all = [...errors, ...duplicates].sort((a, b) => a.line - b.line);
      return {
        rows: rows
          .filter((r) => !bad.has(r.line))
          .map((r) => ({ line: r.line, serial: r.serial, customer: r.customer, deliveredOn: r.deliveredOn, partNumber: r.partNumber, newCustomer: newCustomers.has(r.customer) })),
        errors: all,
        total,
        newCustomers: [...newCustomers],
      };
    },

    async importCsv(csvText, actor, source = 'deliveries CSV') {
      if (actor.trim() === '') throw new BenchError('INVALID_INPUT', 'who imports the deliveries must be known');
      const { rows, errors } = parseDeliveries(csvText, db.now().slice(0, 10));
      if (errors.length > 0) throw csvInvalid(errors, source);

      return db.write(async (em) => {
        const now = db.now();
        const customerIds = new Map<string, number>();
        let customersCreated = 0;
        const dbErrors: CsvRowError[] = [];
        for (const row of rows) {
          const dup: unknown[] = await em.query('SELECT 1 FROM delivery WHERE module_serial = ? AND delivered_on = ?', [row.serial, row.deliveredOn]);
          if (dup.length > 0) {
            dbErrors.push({ line: row.line, message: `delivery of ${row.serial} on ${row.deliveredOn} is already recorded`, problems: [{ code: 'alreadyRecorded', args: { serial: row.serial, date: row.deliveredOn } }] });
            continue;
          }
          const key = row.customer.toLowerCase();
          let customerId = customerIds.get(key);
          if (customerId === undefined) {
            const existing = await em.getRepository(CustomerEntity).createQueryBuilder('c').where('lower(c.name) = lower(:name)', { name: row.customer }).getOne();
            if (existing !== null) customerId = existing.id;
            else {
              customerId = (await em.insert(CustomerEntity, { name: row.customer, contact: null, phone: null, email: null, createdAt: now })).identifiers[0]?.id as number;
              customersCreated++;
              await auditLog.append(em, now, { actor, action: 'customer.create', entity: 'customer', entityId: customerId, details: { name: row.customer, from: source } });
            }
            customerIds.set(key, customerId);
          }
          await em.insert(DeliveryEntity, { moduleSerial: row.serial, customerId, deliveredOn: row.deliveredOn, partNumber: row.partNumber, importedAt: now });
        }
        // Throwing inside the transaction rolls back every row written above.
        if (dbErrors.length > 0) throw csvInvalid(dbErrors, source);
        await auditLog.append(em, now, { actor, action: 'delivery.import', entity: 'delivery', entityId: source, details: { rows: rows.length, customersCreated } });
        return { imported: rows.length, customersCreated };
      });
    },

    async listForSerial(serial) {
      const rows = await db.dataSource.getRepository(DeliveryEntity).find({ where: { moduleSerial: serial }, order: { deliveredOn: 'ASC' } });
      return rows.map(toDelivery);
    },
  };
}
