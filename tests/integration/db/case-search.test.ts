// The case list's prefix search picks its plan by how many cases the prefix matches: a broad one
// walks the notification-time index (the page fills at once), a narrow one sorts the matches from
// the RMA and serial indexes. Both must give the same rows in the same order, page after page.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../main/db/index';
import { BROAD_PREFIX_MATCHES, caseListSql, createRepairService, prefixMatchCountSql, searchCanWalkInOrder } from '../../../main/services/repairs';
import { CaseListQuerySchema, type CaseListQuery } from '../../../preload/contract/records';
import { seedCases } from '../../support/seed-cases';
import { tempDir } from './helpers';

const dir = tempDir('ob-search-');
const file = path.join(dir, 'cases.sqlite');
// Enough cases that "OB00" (serials OB0000001..OB0012000) is broad, and "OB00120" narrow.
const CASES = BROAD_PREFIX_MATCHES + 2_000;
let db: Db;

beforeAll(async () => {
  await seedCases(file, { count: CASES, now: new Date('2026-11-26T12:00:00Z') });
  db = await openDatabase({ path: file });
}, 120_000);
afterAll(async () => {
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Pages through the list with one plan forced, as the renderer would with its cursor. */
async function pagesWith(query: CaseListQuery, walkInOrder: boolean, pages: number): Promise<number[][]> {
  const out: number[][] = [];
  let cursor: string | null = null;
  for (let i = 0; i < pages; i++) {
    const q = CaseListQuerySchema.parse({ ...query, cursor });
    const { sql, params } = caseListSql(q, { walkInOrder });
    const rows = (await db.dataSource.query(sql, params)) as Array<{ id: number; notifiedAt: string }>;
    const page = rows.slice(0, q.limit);
    out.push(page.map((r) => Number(r.id)));
    const last = page.at(-1);
    if (rows.length <= q.limit || last === undefined) break;
    cursor = (await createRepairService(db).listCases({ ...query, cursor })).nextCursor;
  }
  return out;
}

describe('case list prefix search plans', () => {
  it.each([
    ['newest first', { filters: { search: 'OB00' }, sort: 'notified-desc', limit: 200 }],
    ['oldest first', { filters: { search: 'OB00' }, sort: 'notified-asc', limit: 200 }],
    ['with a period', { filters: { search: 'OB00', from: '2024-06-01', to: '2026-01-01' }, sort: 'notified-desc', limit: 100 }],
    ['an RMA prefix', { filters: { search: 'rma001' }, sort: 'notified-desc', limit: 150 }],
  ] as const)('walking in order gives the same pages as the range indexes (%s)', async (_, query) => {
    const walked = await pagesWith(query as CaseListQuery, true, 3);
    const ranged = await pagesWith(query as CaseListQuery, false, 3);
    expect(walked.flat().length).toBeGreaterThan(0);
    expect(walked).toEqual(ranged);
  });

  it('listCases walks in order for a broad prefix and still returns exactly the matching cases', async () => {
    const s = createRepairService(db);
    const { sql, params } = prefixMatchCountSql('OB00', BROAD_PREFIX_MATCHES);
    // Counting stops at the cap: no full count of a broad prefix.
    expect(Number(((await db.dataSource.query(sql, params)) as Array<{ n: number }>)[0]?.n)).toBe(BROAD_PREFIX_MATCHES);
    const page = await s.listCases({ filters: { search: 'OB00' }, sort: 'notified-desc', limit: 300 });
    expect(page.items).toHaveLength(300);
    expect(page.items.every((c) => c.moduleSerial.startsWith('OB00'))).toBe(true);
    const times = page.items.map((c) => c.notifiedAt);
    expect([...times].sort().reverse()).toEqual(times);
    const narrow = await s.listCases({ filters: { search: 'OB00120' }, sort: 'notified-desc', limit: 50 });
    expect(narrow.items.map((c) => c.moduleSerial)).toEqual(['OB0012000']);
  });

  it('keeps the planner\'s choice when a status, customer, technician or part number filter narrows the list', () => {
    const q = (filters: Record<string, unknown>) => CaseListQuerySchema.parse({ filters, limit: 10 });
    expect(searchCanWalkInOrder(q({ search: 'OB' }))).toBe(true);
    expect(searchCanWalkInOrder(q({ search: 'OB', from: '2026-01-01' }))).toBe(true);
    expect(searchCanWalkInOrder(q({ search: 'OB', status: ['closed'] }))).toBe(false);
    expect(searchCanWalkInOrder(q({ search: 'OB', customerId: 1 }))).toBe(false);
    expect(searchCanWalkInOrder(q({ search: 'OB', partNumber: 'OB-SFP10G-SR' }))).toBe(false);
    expect(searchCanWalkInOrder(q({}))).toBe(false);
  });
});
