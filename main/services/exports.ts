// Exports of repair cases and test runs to CSV or JSON. Rows are read a keyset page at a time and
// streamed to the file as they come (200,000 cases never sit in memory together); the file is
// written under a temporary name and renamed at the end, so a failure never leaves half a file.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import {
  CaseExportRequestSchema,
  TestRunExportRequestSchema,
  type ExportFormat,
  type ExportKind,
} from '../../preload/contract/exports';
import type { Evaluation } from '../../preload/contract/limits';
import type { DecodedModule } from '../../preload/contract/module';
import { BenchError } from '../errors';
import { fsyncDir, fsyncFile, PRIVATE_FILE_MODE } from '../db/private-files';
import type { Db } from '../db/open';
import { instantBound, parseRequest } from '../db/mappers';
import { createRepairService } from './repairs';
import { CASE_COLUMNS, CASE_EXPORT_SELECT, TEST_RUN_COLUMNS, parametersWith, toCaseExportRow, type CellValue } from './export-columns';

/** Rows per query: the case list's largest page; test runs carry their image and JSON, so fewer. */
const CASE_PAGE = 500;
const TEST_RUN_PAGE = 200;

export interface ExportTarget {
  /** The file to write. */
  out: string;
  /** Replace an existing file (the app's save dialog has asked already); otherwise EXPORT_TARGET_EXISTS. */
  overwrite?: boolean;
}

export interface ExportResult {
  path: string;
  rows: number;
  bytes: number;
}

export interface ExportService {
  /** `request` is a CaseExportRequest ({format, filters, sort}), validated here. */
  exportCases(request: unknown, target: ExportTarget): Promise<ExportResult>;
  /** `request` is a TestRunExportRequest ({format, filters}), validated here. */
  exportTestRuns(request: unknown, target: ExportTarget): Promise<ExportResult>;
}

export interface ExportServiceOptions {
  app: { name: string; version: string };
}

/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a cell that begins with = + - @, a tab or
 * a carriage return may be run as a formula by Excel or LibreOffice, and so may their full-width
 * forms ＝ ＋ － ＠, which CJK spreadsheets read as the ASCII ones. Such text cells get a leading
 * apostrophe, which spreadsheets show as text. Where the list separator is ";" (many European
 * locales) a cell is also split at its semicolons, so each ";" followed by one of those
 * characters gets an apostrophe after it as well ("a;'=1"). Numbers are never guarded.
 */
export function guardCell(text: string): string {
  const inner = text.replace(/;(\s*)(?=[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/g, ";$1'");
  return /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(inner) ? `'${inner}` : inner;
}

function csvCell(v: CellValue): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  return guardCell(v);
}

/** The default file name for an export made on `date` (YYYY-MM-DD). */
export function defaultExportName(kind: ExportKind, format: ExportFormat, date: string): string {
  return `optic-bench-${kind}-${date}.${format}`;
}

/** Writes `produce`'s output to a temporary file beside `out`, then renames it into place. */
async function writeAtomically(target: ExportTarget, produce: (tmp: string) => Promise<number>): Promise<ExportResult> {
  const out = path.resolve(target.out);
  const name = path.basename(out);
  const exists = () => fs.existsSync(out);
  if (target.overwrite !== true && exists()) {
    throw new BenchError('EXPORT_TARGET_EXISTS', `${out} already exists; choose another file name (or --force to replace it)`, { file: out });
  }
  // Same folder, so the final rename is atomic and never crosses file systems.
  const tmp = path.join(path.dirname(out), `.${name}.${process.pid}-${randomBytes(4).toString('hex')}.partial`);
  try {
    const rows = await produce(tmp);
    if (target.overwrite !== true && exists()) {
      throw new BenchError('EXPORT_TARGET_EXISTS', `${out} appeared while the export was written; nothing was replaced`, { file: out });
    }
    fsyncFile(tmp);
    fs.renameSync(tmp, out);
    fsyncDir(path.dirname(out));
    return { path: out, rows, bytes: fs.statSync(out).size };
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    if (e instanceof BenchError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new BenchError('EXPORT_WRITE_FAILED', `${out} could not be written (${code}): ${e instanceof Error ? e.message : String(e)}`, { file: out, cause: code });
  }
}

interface Source {
  kind: ExportKind;
  columns: readonly string[];
  filters: unknown;
  /** Rows with the CSV columns (ExportRow values), plus (JSON only) the extra keys `jsonExtras` names. */
  rows(): AsyncIterable<Record<string, unknown>>;
  jsonExtras: readonly string[];
}

async function writeSource(src: Source, format: ExportFormat, target: ExportTarget, opts: ExportServiceOptions, exportedAt: string): Promise<ExportResult> {
  return writeAtomically(target, async (tmp) => {
    let count = 0;
    // Customers' names and the evidence: readable by the one who exported it only.
    const sink = fs.createWriteStream(tmp, { flags: 'wx', mode: PRIVATE_FILE_MODE });
    if (format === 'csv') {
      async function* records(): AsyncGenerator<string[]> {
        for await (const row of src.rows()) {
          count++;
          yield src.columns.map((c) => csvCell((row[c] as CellValue | undefined) ?? null));
        }
      }
      // RFC 4180: CRLF records, fields quoted when they hold a comma, quote or line break. The BOM
      // makes Excel read the file as UTF-8 (Chinese names and complaints stay readable).
      await pipeline(Readable.from(records()), stringify({ bom: true, header: true, columns: [...src.columns], record_delimiter: 'windows', quoted_match: /^\s|\s$/ }), sink);
    } else {
      const keys = [...src.columns, ...src.jsonExtras];
      async function* chunks(): AsyncGenerator<string> {
        const head = { exportedAt, app: opts.app, kind: src.kind, filters: src.filters, columns: src.columns };
        yield `${JSON.stringify(head).slice(0, -1)},"rows":[`;
        for await (const row of src.rows()) {
          const ordered: Record<string, unknown> = {};
          for (const k of keys) ordered[k] = row[k] ?? null;
          yield `${count === 0 ? '\n' : ',\n'}${JSON.stringify(ordered)}`;
          count++;
        }
        yield `${count === 0 ? '' : '\n'}],"rowCount":${count}}\n`;
      }
      await pipeline(Readable.from(chunks()), sink);
    }
    return count;
  });
}

export function createExportService(db: Db, opts: ExportServiceOptions): ExportService {
  const repairs = createRepairService(db);

  return {
    async exportCases(request, target) {
      const r = parseRequest(CaseExportRequestSchema, request);
      // Validate the dates before any file is touched.
      if (r.filters.from !== undefined) instantBound(r.filters.from, 'from');
      if (r.filters.to !== undefined) instantBound(r.filters.to, 'to');
      const src: Source = {
        kind: 'cases',
        columns: CASE_COLUMNS,
        filters: { ...r.filters, sort: r.sort },
        jsonExtras: [],
        async *rows() {
          // The case list's own query picks the rows ("export what I see"), a keyset page at a
          // time; the export columns for that page's ids come in one more statement.
          let cursor: string | null = null;
          do {
            const page = await repairs.listCases({ filters: r.filters, sort: r.sort, limit: CASE_PAGE, cursor });
            cursor = page.nextCursor;
            if (page.items.length === 0) break;
            const ids = page.items.map((c) => c.id);
            const full: Array<Record<string, unknown>> = await db.dataSource.query(`${CASE_EXPORT_SELECT} WHERE c.id IN (${ids.map(() => '?').join(', ')})`, ids);
            const byId = new Map(full.map((row) => [Number(row.id), row]));
            for (const id of ids) {
              const row = byId.get(id);
              // A case is never deleted; one missing here would be a bug, not a reason to stop.
              if (row !== undefined) yield toCaseExportRow(row);
            }
          } while (cursor !== null);
        },
      };
      return writeSource(src, r.format, target, opts, db.now());
    },

    async exportTestRuns(request, target) {
      const r = parseRequest(TestRunExportRequestSchema, request);
      const f = r.filters;
      const where: string[] = [];
      const params: unknown[] = [];
      if (f.from !== undefined) {
        where.push('r.taken_at >= ?');
        params.push(instantBound(f.from, 'from'));
      }
      if (f.to !== undefined) {
        where.push('r.taken_at < ?');
        params.push(instantBound(f.to, 'to'));
      }
      // The runs of a case are the view case_test_run's (legacy links and attachments, less withdrawals).
      if (f.caseId !== undefined) {
        where.push('r.id IN (SELECT l.test_run_id FROM case_test_run l WHERE l.repair_case_id = ?)');
        params.push(f.caseId);
      }
      if (f.rma !== undefined) {
        // RMA numbers are stored upper-case; the unique index finds the case.
        where.push('r.id IN (SELECT l.test_run_id FROM case_test_run l WHERE l.repair_case_id = (SELECT id FROM repair_case WHERE rma_number = ?))');
        params.push(f.rma.toUpperCase());
      }
      if (f.serial !== undefined) {
        where.push('r.module_serial = ?');
        params.push(f.serial);
      }
      if (f.overall !== undefined) {
        where.push('r.overall_verdict = ?');
        params.push(f.overall);
      }
      const src: Source = {
        kind: 'test-runs',
        columns: TEST_RUN_COLUMNS,
        filters: f,
        jsonExtras: ['evaluation', 'decoded'],
        async *rows() {
          // Keyset on the row id (the order runs were recorded in): taken_at has no index, and the
          // id order lets each page start where the last ended whatever the filters are.
          let after = 0;
          for (;;) {
            const rows: Array<Record<string, unknown>> = await db.dataSource.query(
              `SELECT r.id AS id,
                  (SELECT c.rma_number FROM case_test_run l JOIN repair_case c ON c.id = l.repair_case_id WHERE l.test_run_id = r.id ORDER BY l.attached_at DESC LIMIT 1) AS case_rma,
                  r.module_serial AS module_serial,
                  COALESCE((SELECT l.role FROM case_test_run l WHERE l.test_run_id = r.id ORDER BY l.attached_at DESC LIMIT 1), r.role) AS role, r.taken_at AS taken_at,
                  r.recorded_at AS recorded_at, r.station AS station, r.operator AS operator, r.programmer AS programmer,
                  r.app_version AS app_version, r.limit_profile_id AS limit_profile_id, r.limit_profile_version AS limit_profile_version,
                  r.overall_verdict AS overall_verdict, r.within_spec AS within_spec, r.corrects_id AS corrects_id,
                  r.correction_reason AS correction_reason,
                  (SELECT x.id FROM test_run x WHERE x.corrects_id = r.id ORDER BY x.id LIMIT 1) AS corrected_by_id,
                  r.kind AS kind, r.source AS source, r.programmer_kind AS programmer_kind, r.programmer_port AS programmer_port,
                  r.programmer_identity AS programmer_identity, r.source_file_name AS source_file_name, r.source_file_sha256 AS source_file_sha256,
                  r.serial_read AS serial_read, r.serial_override_reason AS serial_override_reason, r.serial_override_by AS serial_override_by,
                  r.sha256 AS sha256, r.raw_image AS raw_image, r.decoded_json AS decoded_json, r.evaluation_json AS evaluation_json
                 FROM test_run r
                WHERE ${[...where, 'r.id > ?'].join(' AND ')} ORDER BY r.id LIMIT ${TEST_RUN_PAGE}`,
              [...params, after],
            );
            for (const row of rows) {
              const decoded = JSON.parse(String(row.decoded_json)) as DecodedModule;
              const evaluation = JSON.parse(String(row.evaluation_json)) as Evaluation;
              const raw = row.raw_image as Buffer;
              yield {
                id: Number(row.id),
                case_rma: (row.case_rma as string | null) ?? null,
                module_serial: String(row.module_serial),
                vendor: decoded.vendor.name.trim() || null,
                part_number: decoded.vendor.partNumber.trim() || null,
                role: String(row.role),
                taken_at: String(row.taken_at),
                recorded_at: String(row.recorded_at),
                station: String(row.station),
                operator: String(row.operator),
                programmer: String(row.programmer),
                app_version: String(row.app_version),
                limit_profile_id: (row.limit_profile_id as string | null) ?? null,
                limit_profile_version: row.limit_profile_version === null ? null : Number(row.limit_profile_version),
                overall_verdict: String(row.overall_verdict),
                within_spec: Number(row.within_spec) === 1,
                failing_parameters: parametersWith(evaluation, 'fail'),
                marginal_parameters: parametersWith(evaluation, 'marginal'),
                corrects_id: row.corrects_id === null ? null : Number(row.corrects_id),
                correction_reason: (row.correction_reason as string | null) ?? null,
                corrected_by_id: row.corrected_by_id === null ? null : Number(row.corrected_by_id),
                kind: row.kind === 'soak' ? 'soak' : 'read',
                source: (row.source as string | null) ?? 'programmer',
                programmer_kind: (row.programmer_kind as string | null) ?? null,
                programmer_port: (row.programmer_port as string | null) ?? null,
                programmer_identity: (row.programmer_identity as string | null) ?? null,
                source_file_name: (row.source_file_name as string | null) ?? null,
                source_file_sha256: (row.source_file_sha256 as string | null) ?? null,
                serial_read: (row.serial_read as string | null) ?? null,
                serial_override_reason: (row.serial_override_reason as string | null) ?? null,
                serial_override_by: (row.serial_override_by as string | null) ?? null,
                sha256: String(row.sha256),
                raw_hex: Buffer.from(raw).toString('hex'),
                evaluation,
                decoded,
              };
            }
            const last = rows[rows.length - 1];
            if (last === undefined || rows.length < TEST_RUN_PAGE) break;
            after = Number(last.id);
          }
        },
      };
      return writeSource(src, r.format, target, opts, db.now());
    },
  };
}
