// Moving a bench into the lab (issue 14): every record of a bench's SQLite file copied into the
// lab's PostgreSQL server, several benches into one, RMA numbers kept, nothing twice.
//
// - The bench's file is never changed: a private copy is made with SQLite's backup API and
//   brought to this build's schema; its hash chain must verify, or nothing is copied.
// - Ids are the lab's: every bench numbered its rows from 1. Customers are matched by name
//   (case-insensitive, as the app does), technicians by code (the same code with another name is
//   a clash), modules by serial, deliveries by serial and date, limit profile versions by id and
//   version (the same version with other limits is a clash), cases by RMA number (a case of
//   another bench under the same RMA is a clash). Everything else is the bench's own.
// - migrate_map records each copied row (bench, table, its key there, its key here): a second run
//   copies only what is new, so the command can be run again safely, e.g. after a bench worked on.
// - Evidence rows get new links in the lab's chain (their ids changed). Each is checked: its
//   canonical content, with the lab's ids turned back into the bench's, must hash to the row hash
//   of the bench's own link. Counts are checked per table. All of it is one transaction: a clash
//   or a failed check leaves the lab as it was.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import { BenchError } from '../errors';
import { canonicalRowsByKey, execOfManager, linkUnlinkedRows, rowHashOf, verifyChain, type Exec } from '../db/evidence-chain';
import { openDatabase, type Db } from '../db/open';
import { RawSqlite, inspectDatabaseFile } from '../db/sqlite-file';
import { auditLog } from '../db/append-only';

export interface MigrateTableCount {
  /** Rows of the bench's file. */
  source: number;
  /** Copied by this run. */
  copied: number;
  /** Already in the lab: copied by an earlier run, or the same customer / person / module / delivery / profile. */
  existing: number;
}

export interface MigrateReport {
  source: string;
  /** The bench's identity in migrate_map: its meta.database_id. */
  sourceId: string;
  target: string;
  tables: Record<string, MigrateTableCount>;
  /** Evidence rows whose content was checked against the bench's own row hashes. */
  verifiedRows: number;
  /** Links added to the lab's chain. */
  links: number;
}

/** The copy order: parents before children; a case's evidence ids are set once its runs are in. */
const TABLES = [
  'customer',
  'technician',
  'module',
  'delivery',
  'limit_profile',
  'repair_case',
  'test_run',
  'test_run_attachment',
  'soak_run',
  'external_test',
  'status_change',
  'complaint',
  'follow_up_call',
  'audit_event',
] as const;
type Table = (typeof TABLES)[number];

/** Foreign keys to turn into the lab's ids: column -> the table its ids are of. */
const REFS: Partial<Record<Table, Record<string, Table>>> = {
  delivery: { customer_id: 'customer' },
  repair_case: { customer_id: 'customer', technician_id: 'technician', evidence_test_run_id: 'test_run', evidence_external_test_id: 'external_test', decision_delivery_id: 'delivery' },
  test_run: { repair_case_id: 'repair_case', corrects_id: 'test_run' },
  // Schema 5: a run's attachment to a case, and a withdrawal naming the attachment it withdraws.
  test_run_attachment: { test_run_id: 'test_run', repair_case_id: 'repair_case', withdraws_id: 'test_run_attachment' },
  // Schema 6: a soak's row, keyed by its test run.
  soak_run: { test_run_id: 'test_run' },
  external_test: { repair_case_id: 'repair_case' },
  status_change: { repair_case_id: 'repair_case' },
  complaint: { repair_case_id: 'repair_case', technician_id: 'technician' },
  follow_up_call: { repair_case_id: 'repair_case', technician_id: 'technician', caller_id: 'technician' },
};

const EVIDENCE: ReadonlySet<string> = new Set(['test_run', 'test_run_attachment', 'soak_run', 'external_test', 'status_change', 'audit_event', 'limit_profile']);

const conflict = (message: string, details: Record<string, unknown>): BenchError => new BenchError('MIGRATE_CONFLICT', `${message}; nothing was copied`, details);

export interface MigrateOptions {
  /** The bench's SQLite file. */
  from: string;
  /** The lab's records (opened by the caller, PostgreSQL). */
  to: Db;
  /** Who runs the move (audit event in the lab). */
  actor: string;
  onProgress?: (line: string) => void;
}

export async function migrateBench(opts: MigrateOptions): Promise<MigrateReport> {
  const { to } = opts;
  if (to.engine !== 'postgres') throw new BenchError('INVALID_INPUT', 'migrate --to takes a lab server (postgres://...)', { field: 'to' });
  const inspection = await inspectDatabaseFile(opts.from).catch((e: unknown) => {
    throw new BenchError('MIGRATE_SOURCE_INVALID', `${opts.from}: ${(e as Error).message}`, { path: opts.from });
  });
  if (inspection.kind !== 'optic-bench') throw new BenchError('MIGRATE_SOURCE_INVALID', `${opts.from} holds no Optic Bench records (${inspection.kind})`, { path: opts.from });

  // The bench's file is brought to this build's schema as the app would (which gives it its
  // database_id, the name migrate_map knows it by), then read from a private copy: a bench
  // working on meanwhile does not change what this run sees. No record in it is changed.
  await (await openDatabase({ path: opts.from })).close();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ob-migrate-'));
  const copy = path.join(dir, `source-${randomBytes(4).toString('hex')}.sqlite`);
  let source: Db | null = null;
  try {
    const raw = await RawSqlite.open(opts.from, 'readonly');
    try {
      await raw.backup(copy, 'to');
    } finally {
      await raw.close();
    }
    source = await openDatabase({ path: copy });
    const src: Exec = (sql, params) => (source as Db).dataSource.query(sql, params);
    const chain = await verifyChain(src, { maxProblems: 3 });
    if (!chain.ok) {
      throw new BenchError('MIGRATE_SOURCE_INVALID', `${opts.from}: its evidence chain does not verify (${chain.firstBroken?.message ?? 'broken'}); run "audit verify --db ${opts.from}"`, { path: opts.from, firstBroken: chain.firstBroken });
    }
    const [idRow] = (await src(`SELECT value FROM meta WHERE key = 'database_id'`)) as Array<{ value: string }>;
    if (idRow === undefined) throw new BenchError('MIGRATE_SOURCE_INVALID', `${opts.from} has no database id`, { path: opts.from });
    const sourceId = idRow.value;
    opts.onProgress?.(`source ${opts.from}: chain of ${chain.links} links verifies (bench ${sourceId.slice(0, 12)})`);
    const report = await to.write((em) => copyAll(em, src, sourceId, opts));
    return { ...report, sourceId, source: opts.from, target: to.path };
  } finally {
    if (source !== null) await source.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

type Row = Record<string, unknown>;

async function copyAll(em: EntityManager, src: Exec, sourceId: string, opts: MigrateOptions): Promise<Omit<MigrateReport, 'sourceId' | 'source' | 'target'>> {
  const q = (sql: string, params: unknown[] = []): Promise<Row[]> => em.query(sql, params);
  const now = opts.to.now();
  const tables: Record<string, MigrateTableCount> = {};
  // source key -> lab key, per table (earlier runs first, then this one's).
  const map = new Map<Table, Map<string, string>>(TABLES.map((t) => [t, new Map()]));
  for (const r of await q(`SELECT table_name, source_key, target_key FROM migrate_map WHERE source_id = ?`, [sourceId])) {
    map.get(r.table_name as Table)?.set(String(r.source_key), String(r.target_key));
  }
  const newMaps: Array<[Table, string, string, string | null]> = [];
  const remember = (t: Table, sourceKey: string, targetKey: string, rowHash: string | null = null): void => {
    map.get(t)?.set(sourceKey, targetKey);
    newMaps.push([t, sourceKey, targetKey, rowHash]);
  };
  const mapped = (t: Table, key: unknown): number | null => {
    if (key === null || key === undefined) return null;
    const v = map.get(t)?.get(String(key));
    if (v === undefined) throw new Error(`migrate: ${t} ${String(key)} has no copy in the lab yet`);
    return Number(v);
  };
  const columnsOf = async (t: Table): Promise<string[]> => ((await src(`SELECT name FROM pragma_table_info(?) ORDER BY cid`, [t])) as Array<{ name: string }>).map((c) => c.name);
  const insert = async (t: Table, row: Row, withoutId = true): Promise<number | null> => {
    const cols = Object.keys(row).filter((c) => !(withoutId && c === 'id'));
    const res = await q(`INSERT INTO ${t} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})${withoutId ? ' RETURNING id' : ''}`, cols.map((c) => row[c]));
    return withoutId ? Number(res[0]?.id) : null;
  };
  const count = (t: Table, n: number) => (tables[t] = { source: n, copied: 0, existing: 0 });
  const evidenceCopied: Array<[Table, string, number]> = []; // table, source key, lab id

  for (const t of TABLES) {
    const cols = await columnsOf(t);
    const key = t === 'module' ? 'serial' : t === 'limit_profile' ? 'id, version' : t === 'soak_run' ? 'test_run_id' : 'id';
    const srcRows = (await src(`SELECT ${cols.join(', ')} FROM ${t} ORDER BY ${key}`)) as Row[];
    const c = count(t, srcRows.length);
    for (const r of srcRows) {
      const sk = t === 'module' ? String(r.serial) : t === 'limit_profile' ? JSON.stringify([r.id, r.version]) : t === 'soak_run' ? String(r.test_run_id) : String(r.id);
      if (map.get(t)?.has(sk)) {
        c.existing++;
        continue;
      }
      const row: Row = { ...r };
      for (const [col, ref] of Object.entries(REFS[t] ?? {})) {
        // A case's evidence ids point at runs copied after it: set once they are in (below).
        if (t === 'repair_case' && (col === 'evidence_test_run_id' || col === 'evidence_external_test_id')) row[col] = null;
        else row[col] = mapped(ref, r[col]);
      }
      switch (t) {
        case 'customer': {
          const [have] = await q(`SELECT id FROM customer WHERE lower(name) = lower(?)`, [r.name]);
          if (have !== undefined) {
            remember(t, sk, String(have.id));
            c.existing++;
          } else {
            remember(t, sk, String(await insert(t, row)));
            c.copied++;
          }
          break;
        }
        case 'technician': {
          const [have] = await q(`SELECT id, name FROM technician WHERE code = ?`, [r.code]);
          if (have !== undefined) {
            if (String(have.name).trim().toLowerCase() !== String(r.name).trim().toLowerCase()) {
              throw conflict(`technician code ${String(r.code)} is ${String(r.name)} on this bench but ${String(have.name)} in the lab`, { table: t, code: r.code });
            }
            remember(t, sk, String(have.id));
            c.existing++;
          } else {
            remember(t, sk, String(await insert(t, row)));
            c.copied++;
          }
          break;
        }
        case 'module': {
          const res = await q(`INSERT INTO module (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING RETURNING serial`, cols.map((x) => row[x]));
          remember(t, sk, sk);
          if (res.length > 0) c.copied++;
          else c.existing++;
          break;
        }
        case 'delivery': {
          const [have] = await q(`SELECT id FROM delivery WHERE module_serial = ? AND delivered_on = ?`, [r.module_serial, r.delivered_on]);
          if (have !== undefined) {
            remember(t, sk, String(have.id));
            c.existing++;
          } else {
            remember(t, sk, String(await insert(t, row)));
            c.copied++;
          }
          break;
        }
        case 'limit_profile': {
          const [have] = await q(`SELECT json FROM limit_profile WHERE id = ? AND version = ?`, [r.id, r.version]);
          if (have !== undefined) {
            if (String(have.json) !== String(r.json)) throw conflict(`limit profile ${String(r.id)} version ${String(r.version)} has other limits in the lab`, { table: t, id: r.id, version: r.version });
            remember(t, sk, sk);
            c.existing++;
          } else {
            await insert(t, row, false);
            remember(t, sk, sk);
            evidenceCopied.push([t, sk, 0]);
            c.copied++;
          }
          break;
        }
        case 'repair_case': {
          const [have] = await q(`SELECT id FROM repair_case WHERE rma_number = ?`, [r.rma_number]);
          if (have !== undefined) throw conflict(`RMA ${String(r.rma_number)} is already a case in the lab (another bench's); rename one of them first`, { table: t, rmaNumber: r.rma_number });
          remember(t, sk, String(await insert(t, row)));
          c.copied++;
          break;
        }
        case 'soak_run': {
          // Keyed by its (mapped) test run: no id of its own.
          await insert(t, row, false);
          const labRun = String(row.test_run_id);
          remember(t, sk, labRun);
          evidenceCopied.push([t, sk, Number(labRun)]);
          c.copied++;
          break;
        }
        default: {
          const id = await insert(t, row);
          remember(t, sk, String(id));
          if (EVIDENCE.has(t)) evidenceCopied.push([t, sk, id as number]);
          c.copied++;
        }
      }
    }
    opts.onProgress?.(`${t}: ${c.copied} copied, ${c.existing} already in the lab (of ${c.source})`);
  }

  // The cases' evidence, now that runs and external tests have their lab ids.
  for (const r of (await src(`SELECT id, evidence_test_run_id, evidence_external_test_id FROM repair_case WHERE evidence_test_run_id IS NOT NULL OR evidence_external_test_id IS NOT NULL`)) as Row[]) {
    const labId = mapped('repair_case', r.id);
    const newlyCopied = newMaps.some(([t, sk]) => t === 'repair_case' && sk === String(r.id));
    if (!newlyCopied) continue;
    await q(`UPDATE repair_case SET evidence_test_run_id = ?, evidence_external_test_id = ? WHERE id = ?`, [mapped('test_run', r.evidence_test_run_id), mapped('external_test', r.evidence_external_test_id), labId]);
  }

  // Every copied evidence row against the bench's own row hash, with the lab's ids turned back.
  const lab = execOfManager(em);
  const back = new Map<Table, Map<string, string>>();
  for (const [t, m] of map) back.set(t, new Map([...m].map(([s, l]) => [l, s])));
  let verifiedRows = 0;
  for (const t of TABLES.filter((x) => EVIDENCE.has(x))) {
    const mine = evidenceCopied.filter(([tt]) => tt === t);
    if (mine.length === 0) continue;
    const sourceKeys = mine.map(([, sk]) => (t === 'limit_profile' ? (JSON.parse(sk) as unknown[]) : [Number(sk)]));
    const labKeys = mine.map(([, sk, id]) => (t === 'limit_profile' ? (JSON.parse(sk) as unknown[]) : [id]));
    const links = new Map(
      ((await src(`SELECT row_key, row_hash FROM evidence_link WHERE table_name = ?`, [t])) as Array<{ row_key: string; row_hash: string }>).map((l) => [l.row_key, l.row_hash]),
    );
    const labRows = await canonicalRowsByKey(lab, t, labKeys);
    for (const [i, [, sk]] of mine.entries()) {
      const labKey = JSON.stringify(labKeys[i]);
      const values = labRows.get(labKey);
      if (values === undefined) throw new Error(`migrate: ${t} ${labKey} was not found after the copy`);
      const asOnBench: Record<string, string | null> = { ...values };
      if (t !== 'limit_profile' && t !== 'soak_run') asOnBench.id = `i${sk}`;
      for (const [col, ref] of Object.entries(REFS[t] ?? {})) {
        const v = values[col];
        if (v !== null && v !== undefined) asOnBench[col] = `i${back.get(ref)?.get(v.slice(1)) ?? '?'}`;
      }
      const want = links.get(JSON.stringify(sourceKeys[i]));
      const got = rowHashOf(t, asOnBench);
      if (want !== got) {
        throw new BenchError('MIGRATE_SOURCE_INVALID', `${t} ${sk} did not arrive as recorded on the bench (its content hash differs in the lab); nothing was copied`, { table: t, sourceKey: sk });
      }
      const entry = newMaps.find(([tt, s]) => tt === t && s === sk);
      if (entry !== undefined) entry[3] = got;
      verifiedRows++;
    }
  }

  for (let i = 0; i < newMaps.length; i += 500) {
    const part = newMaps.slice(i, i + 500);
    await q(
      `INSERT INTO migrate_map (source_id, table_name, source_key, target_key, source_row_hash, migrated_at) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      part.flatMap(([t, s, l, h]) => [sourceId, t, s, l, h, now]),
    );
  }
  // Counts: every row of the bench is in the lab, once.
  for (const t of TABLES) {
    const [n] = await q(`SELECT count(*) AS n FROM migrate_map WHERE source_id = ? AND table_name = ?`, [sourceId, t]);
    const c = tables[t] as MigrateTableCount;
    if (Number(n?.n) !== c.source) throw new Error(`migrate: ${t} has ${c.source} rows on the bench but ${Number(n?.n)} are accounted for in the lab`);
  }
  const copiedTotal = Object.values(tables).reduce((a, c) => a + c.copied, 0);
  if (copiedTotal > 0) {
    await auditLog.append(em, now, {
      actor: opts.actor,
      action: 'records.migrate',
      entity: 'database',
      entityId: sourceId.slice(0, 16),
      details: { from: path.basename(opts.from), sourceId, tables },
    });
  }
  const links = await linkUnlinkedRows(lab, now);
  return { tables, verifiedRows, links };
}
