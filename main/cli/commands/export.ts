// `export cases` and `export test-runs`: the app's exports on the command line, over the same
// service, filters and columns (README "## Exports"). An existing --out file is refused unless
// --force; the file appears only once it is complete.
import path from 'node:path';
import { Option, type Command } from 'commander';
import { cliAppVersion, defaultActor } from '../cli-env';
import { CASE_SORTS, REPAIR_STATUSES, type CaseFilters, type RepairStatus } from '../../../preload/contract/records';
import { EXPORT_FORMATS, type ExportKind, type TestRunExportFilters } from '../../../preload/contract/exports';
import { BenchError } from '../../errors';
import { DB_OPTION_HELP, openCliRecords } from '../records-db';
import { createRecordServices } from '../../services/index';
import { createExportService, type ExportResult } from '../../services/exports';

interface CommonOpts {
  db?: string;
  out: string;
  format: 'csv' | 'json';
  force?: boolean;
  json?: boolean;
  actor?: string;
  from?: string;
  to?: string;
}

const positiveInt = (flag: string) => (v: string): number => {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new BenchError('INVALID_INPUT', `${flag} must be a positive whole number, not ${JSON.stringify(v)}`, { field: flag });
  return Number(v);
};

function common(c: Command): Command {
  return c
    .requiredOption('--out <file>', 'file to write (refused if it exists, unless --force)')
    .addOption(new Option('--format <format>', 'file format').choices([...EXPORT_FORMATS]).default('csv'))
    .option('--db <path|url>', DB_OPTION_HELP)
    .option('--force', 'replace an existing --out file')
    .option('--actor <who>', 'who exports (audit trail; default: OPTIC_BENCH_ACTOR or the login name)')
    .option('--json', 'print the result as JSON');
}

type Exported = { result: ExportResult; filters: object };

async function run(
  o: CommonOpts,
  kind: ExportKind,
  fn: (s: ReturnType<typeof createExportService>, services: ReturnType<typeof createRecordServices>) => Promise<Exported>,
): Promise<void> {
  // Opening a mistyped path would create an empty database and "export 0 rows" from it.
  const db = await openCliRecords(o.db, { mustExist: true });
  let r: ExportResult;
  try {
    const services = createRecordServices(db);
    const { result, filters } = await fn(createExportService(db, { app: { name: 'Optic Bench', version: cliAppVersion() } }), services);
    r = result;
    // Records that left the app are audited as the app's exports are (the actor is who ran the command).
    await services.audit.recordOutput(o.actor ?? defaultActor(), {
      action: `export.${kind}`,
      entity: 'export',
      entityId: path.basename(r.path),
      details: { format: o.format, rows: r.rows, bytes: r.bytes, filters, via: 'cli' },
    });
  } finally {
    await db.close();
  }
  const what = kind === 'cases' ? 'cases' : 'test runs';
  process.stdout.write(o.json === true ? `${JSON.stringify(r, null, 2)}\n` : `exported ${r.rows} ${what} to ${r.path} (${r.bytes} bytes)\n`);
}

export function registerExport(program: Command): void {
  const exp = program.command('export').description('Export repair cases or test runs to CSV (Excel-ready) or JSON');

  common(exp.command('cases').description('Export repair cases with the case list\'s filters'))
    .option('--status <status...>', `only these statuses (${REPAIR_STATUSES.join(', ')})`)
    .option('--search <prefix>', 'RMA number or module serial prefix')
    .option('--customer <id-or-name>', 'only this customer (id, or the exact name)')
    .option('--technician <id>', 'only this technician id', positiveInt('--technician'))
    .option('--part-number <pn>', 'only this part number')
    .option('--from <date>', 'notified on or after (YYYY-MM-DD, or an ISO instant)')
    .option('--to <date>', 'notified before (exclusive; YYYY-MM-DD, or an ISO instant)')
    .addOption(new Option('--sort <order>', 'row order').choices([...CASE_SORTS]).default('notified-desc'))
    .action(async (o: CommonOpts & { status?: string[]; search?: string; customer?: string; technician?: number; partNumber?: string; sort: string }) => {
      for (const s of o.status ?? []) {
        if (!(REPAIR_STATUSES as readonly string[]).includes(s)) throw new BenchError('INVALID_INPUT', `--status ${s} is not one of ${REPAIR_STATUSES.join(', ')}`, { field: 'status' });
      }
      await run(o, 'cases', async (exporter, services) => {
        const filters: CaseFilters = {};
        if (o.status !== undefined) filters.status = o.status as RepairStatus[];
        if (o.search !== undefined) filters.search = o.search;
        if (o.technician !== undefined) filters.technicianId = o.technician;
        if (o.partNumber !== undefined) filters.partNumber = o.partNumber;
        if (o.from !== undefined) filters.from = o.from;
        if (o.to !== undefined) filters.to = o.to;
        if (o.customer !== undefined) {
          const key = o.customer.trim();
          if (/^\d+$/.test(key)) filters.customerId = Number(key);
          else {
            const match = (await services.customers.list(key)).find((c) => c.name.toLowerCase() === key.toLowerCase());
            if (match === undefined) throw new BenchError('NOT_FOUND', `no customer named ${JSON.stringify(key)}`, { entity: 'customer', name: key });
            filters.customerId = match.id;
          }
        }
        return { result: await exporter.exportCases({ format: o.format, filters, sort: o.sort }, { out: o.out, overwrite: o.force === true }), filters: { ...filters, sort: o.sort } };
      });
    });

  common(exp.command('test-runs').description('Export test runs (evidence: verdicts, SHA-256 and the raw image)'))
    .option('--from <date>', 'taken on or after (YYYY-MM-DD, or an ISO instant)')
    .option('--to <date>', 'taken before (exclusive; YYYY-MM-DD, or an ISO instant)')
    .option('--rma <number>', 'only runs of this repair case')
    .option('--serial <serial>', 'only runs of this module serial')
    .addOption(new Option('--verdict <verdict>', 'only runs with this overall verdict').choices(['pass', 'marginal', 'fail']))
    .action(async (o: CommonOpts & { rma?: string; serial?: string; verdict?: TestRunExportFilters['overall'] }) => {
      await run(o, 'test-runs', async (exporter) => {
        const filters: TestRunExportFilters = {};
        if (o.from !== undefined) filters.from = o.from;
        if (o.to !== undefined) filters.to = o.to;
        if (o.rma !== undefined) filters.rma = o.rma;
        if (o.serial !== undefined) filters.serial = o.serial;
        if (o.verdict !== undefined) filters.overall = o.verdict;
        return { result: await exporter.exportTestRuns({ format: o.format, filters }, { out: o.out, overwrite: o.force === true }), filters };
      });
    });
}
