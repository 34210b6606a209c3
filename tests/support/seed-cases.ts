// Bulk test data for the case list (e2e and `npm run bench:ui`): N repair cases over three years,
// written with a handful of set-based INSERT ... SELECT statements over a recursive counter, so
// 200,000 cases take about a second instead of minutes through the services. This bypasses the
// services on purpose (it is a fixture, not a record of work); the schema still comes from the
// app's own migrations through openDatabase, and every CHECK and foreign key still applies.
import { openDatabase } from '../../main/db';

export interface SeedOptions {
  count: number;
  /** The newest case is notified shortly before this instant; the oldest three years earlier. */
  now?: Date;
}

export interface SeedSummary {
  cases: number;
  customers: { id: number; name: string }[];
  technicians: { id: number; code: string; name: string; role: string }[];
  partNumbers: string[];
  /** Serial of case n is SERIAL_PREFIX + n padded to 7 digits; RMA is RMA_PREFIX + the same. */
  serialPrefix: string;
  rmaPrefix: string;
  ms: number;
}

export const SEED_CUSTOMERS = [
  'Northwind Telecom', 'Harbour Data Centre', 'Eastline Networks', 'Blue Ridge ISP', 'Metro Fibre Co',
  'Sunrise Cable', 'Delta Carrier', 'Polar Cloud', 'Granite Exchange', 'Lakeside Hosting', 'Riverbank University',
  'Summit Mobile',
];
export const SEED_PART_NUMBERS = [
  'OB-SFP10G-SR', 'OB-SFP10G-LR', 'OB-SFP25G-SR', 'OB-QSFP28-SR4', 'OB-QSFP28-LR4', 'OB-SFP1G-SX',
  'OB-SFP1G-LX', 'OB-QSFP40-SR4', 'OB-SFP10G-ER', 'OB-SFP25G-LR',
];
export const SEED_TECHNICIANS: { code: string; name: string; role: string }[] = [
  { code: 'lwei', name: 'Li Wei', role: 'technician' },
  { code: 'zmin', name: 'Zhang Min', role: 'technician' },
  { code: 'wfang', name: 'Wang Fang', role: 'technician' },
  { code: 'cjie', name: 'Chen Jie', role: 'technician' },
  { code: 'lna', name: 'Liu Na', role: 'technician' },
  { code: 'yyang', name: 'Yang Yang', role: 'technician' },
  { code: 'hqiang', name: 'Huang Qiang', role: 'supervisor' },
  { code: 'zhao', name: 'Zhao Lei', role: 'engineering-manager' },
];
const FAILURE_MODES = ['txPowerDbm', 'rxPowerDbm', 'temperatureC', 'txBiasMa', 'supplyVoltageV', 'integrity:checksumBase'];

/** Part numbers with realistic weights (the common 10G SR module returns most), as a pick list. */
const WEIGHTED_PART_NUMBERS = SEED_PART_NUMBERS.flatMap((pn, i) => Array.from({ length: [12, 8, 7, 6, 5, 4, 3, 2, 2, 1][i] ?? 1 }, () => pn));

const sqlList = (items: readonly string[]) => items.map((s) => `'${s.replace(/'/g, "''")}'`).join(',');

/** Seeds an Optic Bench database file (created and migrated if absent). Returns what it made. */
export async function seedCases(dbPath: string, opts: SeedOptions): Promise<SeedSummary> {
  const started = Date.now();
  const now = opts.now ?? new Date();
  const db = await openDatabase({ path: dbPath, clock: () => now });
  // Writes go through the writer connection (the records' read connection is read-only).
  const ds = db.writer;
  const count = Math.max(0, Math.floor(opts.count));
  const end = Math.floor(now.getTime() / 1000) - 3600;
  const span = 3 * 365 * 86400;
  const stamp = now.toISOString();
  try {
    // A fixture needs no fsync per commit, and twelve case indexes want a large page cache.
    await ds.query('PRAGMA synchronous = OFF');
    await ds.query('PRAGMA cache_size = -200000');
    await ds.query('BEGIN IMMEDIATE');
    for (const name of SEED_CUSTOMERS) {
      await ds.query('INSERT OR IGNORE INTO customer (name, created_at) VALUES (?, ?)', [name, stamp]);
    }
    for (const t of SEED_TECHNICIANS) {
      await ds.query('INSERT OR IGNORE INTO technician (code, name, role, active, created_at) VALUES (?, ?, ?, 1, ?)', [t.code, t.name, t.role, stamp]);
    }
    const customers = (await ds.query(`SELECT id, name FROM customer WHERE name IN (${sqlList(SEED_CUSTOMERS)}) ORDER BY id`)) as { id: number; name: string }[];
    const technicians = (await ds.query(`SELECT id, code, name, role FROM technician WHERE code IN (${sqlList(SEED_TECHNICIANS.map((t) => t.code))}) ORDER BY id`)) as SeedSummary['technicians'];
    const techIds = technicians.filter((t) => t.role === 'technician').map((t) => t.id);
    const custIds = customers.map((c) => c.id);
    const pick = (ids: readonly (number | string)[], expr: string) =>
      `CASE (${expr}) % ${ids.length} ${ids.map((id, i) => `WHEN ${i} THEN ${typeof id === 'number' ? id : `'${id}'`}`).join(' ')} END`;

    // n runs 1..count, oldest first; t is the notification epoch second (a little jitter per n).
    // Building the case indexes once after the insert is several times faster than maintaining
    // twelve of them row by row; they are recreated from their own stored definitions.
    const indexes = (await ds.query(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'repair_case' AND sql IS NOT NULL`)) as { name: string; sql: string }[];
    for (const ix of indexes) await ds.query(`DROP INDEX ${ix.name}`);
    const seq = `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ${count})`;
    const t = `(${end - span} + (n * ${span}) / ${Math.max(count, 1)} - ((n * 7919) % 3000))`;
    const iso = (expr: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${expr}, 'unixepoch')`;
    await ds.query(`${seq} INSERT OR IGNORE INTO module (serial, vendor, part_number, first_seen_at)
      SELECT 'OB' || printf('%07d', n), 'OPTIC BENCH', ${pick(WEIGHTED_PART_NUMBERS, 'n * 31')}, ${iso(t)} FROM seq`);
    // Status by age: the newest 3 % are still open at every step; older ones ended closed (70 %),
    // returned with no fault (20 %) or rejected (10 %).
    const openCut = Math.floor(count * 0.97);
    const status = `CASE WHEN n > ${openCut} THEN ${pick(['received', 'diagnosing', 'awaiting-decision', 'repairing', 'replacing', 'verifying'], 'n')}
      WHEN n % 10 < 7 THEN 'closed' WHEN n % 10 < 9 THEN 'returned-no-fault' ELSE 'rejected-not-covered' END`;
    await ds.query(`${seq}, c AS (SELECT n, ${t} AS t, ${status} AS status FROM seq)
      INSERT INTO repair_case (rma_number, customer_id, module_serial, part_number, notification_channel, notified_at, notified_on,
        notified_by, complaint_text, status, technician_id, cause, decision, decision_rule, decision_rule_id, decision_age_days,
        decision_estimated, decision_basis_date, decided_at, decided_by, failure_mode, action_taken, replacement_serial,
        created_at, updated_at, first_response_at, closed_at, response_s, closure_s)
      SELECT 'RMA' || printf('%07d', n), ${pick(custIds, 'n * 7')}, 'OB' || printf('%07d', n), ${pick(WEIGHTED_PART_NUMBERS, 'n * 31')},
        CASE n % 3 WHEN 0 THEN 'written' ELSE 'telephone' END, ${iso('t')}, strftime('%Y-%m-%d', t, 'unixepoch'),
        'Contact ' || (n % 97), 'Link down after ' || (n % 40 + 1) || ' days in service', status, ${pick(techIds, 'n * 5')},
        CASE WHEN status IN ('closed','returned-no-fault','repairing','replacing','verifying') THEN 'non-human' WHEN status = 'rejected-not-covered' THEN 'human' END,
        CASE status WHEN 'closed' THEN CASE n % 2 WHEN 0 THEN 'replace' ELSE 'repair' END WHEN 'returned-no-fault' THEN 'no-fault-found'
          WHEN 'rejected-not-covered' THEN 'not-covered' WHEN 'repairing' THEN 'repair' WHEN 'replacing' THEN 'replace' WHEN 'verifying' THEN 'repair' END,
        NULL, CASE status WHEN 'closed' THEN CASE n % 2 WHEN 0 THEN 'fail-within-1-year' ELSE 'fail-within-3-years' END
          WHEN 'returned-no-fault' THEN 'pass-within-3-years' WHEN 'rejected-not-covered' THEN 'excluded-human-cause' END,
        CASE WHEN status IN ('closed','returned-no-fault','rejected-not-covered') THEN 100 + n % 900 END, 0, NULL, NULL, NULL,
        CASE WHEN status IN ('closed','repairing','replacing','verifying') THEN ${pick(FAILURE_MODES, '(n / 10) * 7 + n % 3')}
          WHEN status = 'returned-no-fault' THEN 'none' END,
        NULL, NULL, ${iso('t')}, ${iso('t')},
        CASE WHEN status <> 'received' THEN ${iso(`t + 3600 * (1 + n % 47)`)} END,
        CASE WHEN status IN ('closed','returned-no-fault','rejected-not-covered') THEN ${iso(`t + 86400 * (2 + n % 28)`)} END,
        CASE WHEN status <> 'received' THEN 3600 * (1 + n % 47) END,
        CASE WHEN status IN ('closed','returned-no-fault','rejected-not-covered') THEN 86400 * (2 + n % 28) END
      FROM c`);
    for (const ix of indexes) await ds.query(ix.sql);
    await ds.query('COMMIT');
    await ds.query('ANALYZE');
  } catch (e) {
    await ds.query('ROLLBACK').catch(() => undefined);
    await db.close();
    throw e;
  }
  const customers = (await db.dataSource.query(`SELECT id, name FROM customer ORDER BY name`)) as { id: number; name: string }[];
  const technicians = (await db.dataSource.query(`SELECT id, code, name, role FROM technician ORDER BY id`)) as SeedSummary['technicians'];
  await db.close();
  return {
    cases: count, customers, technicians, partNumbers: [...SEED_PART_NUMBERS], serialPrefix: 'OB', rmaPrefix: 'RMA', ms: Date.now() - started,
  };
}

/** Serial of the n-th seeded case (1-based, oldest first). */
export function seededSerial(n: number): string {
  return `OB${String(n).padStart(7, '0')}`;
}
export function seededRma(n: number): string {
  return `RMA${String(n).padStart(7, '0')}`;
}
