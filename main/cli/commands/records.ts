// Records commands over the same services the app uses. Each takes --db PATH; without it, the
// per-user database the app itself opens (OPTIC_BENCH_DB overrides both).
import fs from 'node:fs';
import type { Command } from 'commander';
import { defaultActor } from '../cli-env';
import { REPAIR_STATUSES, type RepairStatus } from '../../../preload/contract/records';
import { BenchError } from '../../errors';
import { defaultDatabasePath, inspectDatabaseFile, openDatabase, type Db } from '../../db/index';
import { createRecordServices, restoreDatabase, verifyBackupFile, type RecordServices } from '../../services/index';
import { createAuthService } from '../../services/auth';
import { authenticateInFile, authenticatedActor } from './evidence';
import { DB_OPTION_HELP, dbLabel, isLabServer, openCliRecords } from '../records-db';

interface DbOpt {
  db?: string;
  json?: boolean;
}

const dbPath = (o: DbOpt): string => o.db ?? defaultDatabasePath();
const print = (o: DbOpt, value: unknown, text: string) => process.stdout.write(o.json === true ? JSON.stringify(value, null, 2) + '\n' : text.endsWith('\n') ? text : text + '\n');

async function withServices<T>(o: DbOpt, fn: (s: RecordServices, db: Db) => Promise<T>): Promise<T> {
  const db = await openCliRecords(o.db);
  try {
    return await fn(createRecordServices(db), db);
  } finally {
    await db.close();
  }
}

/** A customer given on the command line as its id or its exact name (case-insensitive). */
async function customerIdOf(s: RecordServices, given: string): Promise<number> {
  if (/^\d+$/.test(given)) return (await s.customers.get(Number(given))).id;
  const match = (await s.customers.list(given)).find((c) => c.name.toLowerCase() === given.toLowerCase());
  if (match === undefined) throw new BenchError('NOT_FOUND', `no customer named ${JSON.stringify(given)}`, { entity: 'customer', name: given });
  return match.id;
}

export function registerRecords(program: Command): void {
  const dbOption = (c: Command) => c.option('--db <path|url>', DB_OPTION_HELP).option('--json', 'print JSON');

  /** Backup and restore of a lab server are PostgreSQL's own (pg_dump, the lab's backup): docs/lab.md. */
  const notOnLabServer = (o: DbOpt, what: string): void => {
    if (isLabServer(o.db)) throw new BenchError('INVALID_INPUT', `${what} of a lab server is PostgreSQL's own: use pg_dump / pg_restore or the lab's backup (docs/lab.md), not ${what} --db ${dbLabel(o.db)}`, { field: 'db' });
  };

  dbOption(program.command('db-info').description('Show where the records database is, its schema version and row counts')).action(async (o: DbOpt) => {
    if (isLabServer(o.db)) {
      await withServices(o, async (_s, db) => {
        const tables = ['customer', 'technician', 'module', 'delivery', 'repair_case', 'test_run', 'complaint', 'follow_up_call', 'audit_event'];
        const counts: Record<string, number> = {};
        for (const t of tables) counts[t] = Number((await db.dataSource.query(`SELECT count(*) AS n FROM ${t}`))[0]?.n ?? 0);
        const migrations = ((await db.dataSource.query('SELECT name FROM migrations ORDER BY id')) as Array<{ name: string }>).map((m) => m.name);
        const version = Number(((await db.dataSource.query(`SELECT value FROM meta WHERE key = 'schema_version'`)) as Array<{ value: string }>)[0]?.value ?? 0);
        const info = { server: db.path, engine: 'postgres', schemaVersion: version, migrations, counts };
        print(o, info, [`${db.path} (PostgreSQL)`, `schema version ${version} (${migrations.join(', ')})`, ...tables.map((t) => `  ${t.padEnd(15)} ${counts[t]}`)].join('\n'));
      });
      return;
    }
    const file = dbPath(o);
    const inspection = await inspectDatabaseFile(file);
    if (inspection.kind !== 'optic-bench') {
      print(o, { path: file, ...inspection }, `${file}: ${inspection.kind === 'missing' ? 'does not exist yet' : 'empty'}`);
      return;
    }
    await withServices(o, async (_s, db) => {
      const tables = ['customer', 'technician', 'module', 'delivery', 'repair_case', 'test_run', 'complaint', 'follow_up_call', 'audit_event'];
      const counts: Record<string, number> = {};
      for (const t of tables) counts[t] = Number((await db.dataSource.query(`SELECT count(*) AS n FROM ${t}`))[0]?.n ?? 0);
      const info = { path: file, schemaVersion: inspection.schemaVersion, migrations: inspection.migrations, bytes: fs.statSync(file).size, counts };
      print(o, info, [`${file}`, `schema version ${info.schemaVersion} (${info.migrations.join(', ')})`, ...tables.map((t) => `  ${t.padEnd(15)} ${counts[t]}`)].join('\n'));
    });
  });

  dbOption(program.command('backup').description('Copy the records database online to a new file (VACUUM INTO)'))
    .requiredOption('--to <file>', 'backup file to create (must not exist)')
    .option('--actor <who>', 'who takes the backup (audit trail)')
    .action(async (o: DbOpt & { to: string; actor?: string }) => {
      notOnLabServer(o, 'backup');
      const r = await withServices(o, (s) => s.backup.backup(o.to, o.actor ?? defaultActor()));
      print(o, r, `backup written to ${r.path} (${r.bytes} bytes)`);
    });

  dbOption(
    program
      .command('restore')
      .description('Replace the records database with a verified backup (schema and hash chain checked; refused while another program has the records open); the current one is kept beside it. Supervisors only'),
  )
    .requiredOption('--from <file>', 'backup file to restore')
    .option('--actor <who>', 'the supervisor who restores (name or code; PIN from OPTIC_BENCH_PIN or the prompt)')
    .action(async (o: DbOpt & { from: string; actor?: string }) => {
      notOnLabServer(o, 'restore');
      const live = dbPath(o);
      // A file that cannot be restored is refused before anyone is asked for a PIN.
      await verifyBackupFile(o.from);
      // Rolling the records back is a supervisor's act, checked against the records it replaces
      // (a station with no records yet checks against the backup's people).
      const inspection = await inspectDatabaseFile(live).catch(() => null);
      let actor: string;
      if (inspection?.kind === 'optic-bench') {
        const db = await openDatabase({ path: live });
        try {
          actor = (await authenticatedActor(createAuthService({ db: () => db, now: Date.now }), o.actor, 'supervisor')).label;
        } finally {
          await db.close();
        }
      } else {
        actor = (await authenticateInFile(o.from, o.actor, 'supervisor')).label;
      }
      const r = await restoreDatabase({ livePath: live, fromPath: o.from, actor });
      print(o, r, `restored from ${r.restoredFrom} (${r.links} links verified) by ${actor}${r.previousCopy === null ? '' : `; previous database kept as ${r.previousCopy}`}`);
    });

  dbOption(program.command('import-deliveries <csv>').description('Import deliveries (serial, customer, delivered_on[, part_number]) from CSV, all or nothing'))
    .option('--actor <who>', 'who imports (audit trail)')
    .action(async (csv: string, o: DbOpt & { actor?: string }) => {
      if (!fs.existsSync(csv)) throw new BenchError('FILE_NOT_FOUND', `${csv} does not exist`, { path: csv });
      const text = fs.readFileSync(csv, 'utf8');
      try {
        const r = await withServices(o, (s) => s.deliveries.importCsv(text, o.actor ?? defaultActor(), csv));
        print(o, r, `imported ${r.imported} deliveries (${r.customersCreated} new customers)`);
      } catch (e) {
        if (e instanceof BenchError && e.code === 'CSV_INVALID' && o.json !== true) {
          for (const row of (e.details?.errors as Array<{ line: number; message: string }>) ?? []) process.stderr.write(`${csv}:${row.line}: ${row.message}\n`);
        }
        throw e;
      }
    });

  dbOption(program.command('cases').description('List repair cases, newest first'))
    .option('--status <status...>', `filter by status (${REPAIR_STATUSES.join(', ')})`)
    .option('--search <prefix>', 'RMA number or module serial prefix')
    .option('--limit <n>', 'rows', '50')
    .option('--cursor <cursor>', 'next page cursor from a previous --json run')
    .action(async (o: DbOpt & { status?: string[]; search?: string; limit: string; cursor?: string }) => {
      const page = await withServices(o, (s) =>
        s.repairs.listCases({
          filters: { ...(o.status === undefined ? {} : { status: o.status as RepairStatus[] }), ...(o.search === undefined ? {} : { search: o.search }) },
          limit: Number(o.limit),
          cursor: o.cursor ?? null,
        }),
      );
      print(
        o,
        page,
        page.items.map((c) => `${c.rmaNumber.padEnd(18)} ${c.notifiedAt.slice(0, 16)} ${c.status.padEnd(20)} ${c.moduleSerial.padEnd(16)} ${c.customerName}`).join('\n') +
          (page.nextCursor === null ? '' : `\n(more: --cursor ${page.nextCursor})`),
      );
    });

  dbOption(program.command('case <rmaOrId>').description('Show one repair case with its test runs, history, complaints and calls')).action(async (key: string, o: DbOpt) => {
    const d = await withServices(o, async (s) => {
      const id = /^\d+$/.test(key) ? Number(key) : (await s.repairs.getCaseByRma(key)).id;
      return s.repairs.getCaseDetail(id);
    });
    const c = d.case;
    const lines = [
      `${c.rmaNumber}  ${c.status}  customer ${c.customerName}  module ${c.moduleSerial} (${c.partNumber ?? 'part number unknown'})`,
      `notified ${c.notifiedAt} by ${c.notifiedBy} (${c.notificationChannel}); technician ${c.technicianName ?? '-'}`,
      c.decisionDetail === null
        ? 'no decision yet'
        : `decision ${c.decisionDetail.decision} (${c.decisionDetail.rule}); age ${c.decisionDetail.ageDays} days from ${c.decisionDetail.basisDate}${c.decisionDetail.estimated ? ' (estimated)' : ''}; evidence run ${c.decisionDetail.evidenceTestRunId}`,
      'history:',
      ...d.history.map((h) => `  ${h.at}  ${h.from ?? '-'} -> ${h.to}  by ${h.actor}`),
      'test runs:',
      ...d.testRuns.map((r) => `  #${r.id} ${r.takenAt} ${r.role} ${r.moduleSerial} ${r.overall} sha256 ${r.sha256.slice(0, 12)}${r.correctedById === null ? '' : ` (corrected by #${r.correctedById})`}`),
      `complaints: ${d.complaints.length}, follow-up calls: ${d.calls.length}`,
    ];
    print(o, d, lines.join('\n'));
  });

  dbOption(program.command('stats').description('Statistics: counts, NFF rate and turnaround times'))
    .option('--from <date>', 'notified on or after (YYYY-MM-DD)')
    .option('--to <date>', 'notified before (YYYY-MM-DD)')
    .option('--customer <id-or-name>', 'only this customer\'s cases (numeric id, or the exact name)')
    .option('--part-number <pn>', 'only cases of this part number (exact)')
    .action(async (o: DbOpt & { from?: string; to?: string; customer?: string; partNumber?: string }) => {
      const st = await withServices(o, async (s) => {
        const customerId = o.customer === undefined ? null : await customerIdOf(s, o.customer);
        return s.statistics.statistics({ from: o.from ?? null, to: o.to ?? null, customerId, partNumber: o.partNumber ?? null });
      });
      const h = (x: number | null) => (x === null ? '-' : `${(x / 3600).toFixed(1)} h`);
      print(
        o,
        st,
        [
          `cases ${st.total}; NFF rate ${st.nffRate === null ? '-' : `${(st.nffRate * 100).toFixed(1)} %`}`,
          `first response median ${h(st.firstResponse.medianS)}, p90 ${h(st.firstResponse.p90S)}; closure median ${h(st.closure.medianS)}, p90 ${h(st.closure.p90S)}`,
          `by status: ${st.byStatus.map((r) => `${r.key} ${r.count}`).join(', ')}`,
          `by failure mode: ${st.byFailureMode.map((r) => `${r.key} ${r.count}`).join(', ')}`,
        ].join('\n'),
      );
    });
}
