// `report`: a test report for an image file or a stored test run, or a repair report for a case,
// as PDF (Debian's Chromium through playwright-core) and/or HTML: the same documents the app prints.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { cliAppVersion, defaultActor } from '../cli-env';
import { TEMPERATURE_CLASSES, type TemperatureClass } from '../../../preload/contract/limits';
import { BenchError } from '../../errors';
import { DB_OPTION_HELP, openCliRecords } from '../records-db';
import { defaultLimitsDir, loadLimitLibrary } from '../../limits/library';
import {
  loadRepairReportData,
  loadTestReportData,
  renderRepairReportHtml,
  renderTestReportHtml,
  repairReportTitle,
  testReportDataFromImage,
  testReportTitle,
  type ReportLang,
  type ReportMeta,
} from '../../reports/index';
import { launchReportBrowser, type ReportBrowser } from '../../reports/pdf';
import { createRecordServices } from '../../services/index';
import { loadImageFile } from '../../sff/image-file';

interface ReportCliOptions {
  dump?: string;
  rma?: string;
  run?: string;
  pdf?: string;
  html?: string;
  force?: boolean;
  lang: ReportLang;
  station?: string;
  operator?: string;
  rxLight?: boolean;
  profile?: string;
  tempClass?: TemperatureClass;
  limits?: string;
  db?: string;
  actor?: string;
  json?: boolean;
}

export interface ReportCliDeps {
  now?: () => Date;
  launchBrowser?: () => Promise<ReportBrowser>;
}

/** Refuses before any work is done, so a long print never ends in "exists". */
function checkTarget(file: string | undefined, force: boolean): void {
  if (file === undefined) return;
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw new BenchError('FILE_NOT_FOUND', `the folder for ${file} does not exist: ${dir}`, { path: file });
  if (!force && fs.existsSync(file)) throw new BenchError('REPORT_TARGET_EXISTS', `${file} already exists; give --force to overwrite it`, { path: file });
}

function writeTarget(file: string, content: string | Buffer, force: boolean): void {
  try {
    // 'wx' fails if the file appeared since checkTarget: never overwrite without --force.
    fs.writeFileSync(file, content, { flag: force ? 'w' : 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new BenchError('REPORT_TARGET_EXISTS', `${file} already exists; give --force to overwrite it`, { path: file });
    throw new BenchError('REPORT_WRITE_FAILED', `cannot write ${file}: ${code ?? String(e)}`, { path: file });
  }
}

async function openRecords(value: string | undefined) {
  // A report reads records: opening a missing file would create an empty database instead.
  const db = await openCliRecords(value, { mustExist: true });
  return { db, records: createRecordServices(db) };
}

const positiveId = (v: string): number => {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new BenchError('INVALID_INPUT', `--run must be a test run id (a positive whole number), not ${JSON.stringify(v)}`, { field: 'run' });
  return Number(v);
};

/**
 * `report (--dump FILE | --rma NUMBER | --run ID) [--pdf OUT] [--html OUT] [--force] [--lang en|zh-CN]
 * [--station S] [--operator O] [--rx-light] [--profile ID] [--temp-class C] [--limits DIR] [--db PATH] [--json]`
 */
export function registerReport(program: Command, deps: ReportCliDeps = {}): void {
  program
    .command('report')
    .description('Print a test report (image file or stored test run) or a repair report (RMA) to PDF and/or HTML')
    .option('--dump <file>', 'test report for a module image file (decoded and judged now)')
    .option('--rma <number>', 'repair report for the case with this RMA number')
    .option('--run <id>', 'test report for a stored test run')
    .option('--pdf <out>', 'write the report as PDF (needs Chromium)')
    .option('--html <out>', 'write the report as one HTML document')
    .option('--force', 'overwrite OUT files that exist')
    .addOption(new Option('--lang <lang>', 'report language').choices(['en', 'zh-CN']).default('en'))
    .option('--station <name>', 'station printed in the header (default: the database setting, else the host name)')
    .option('--operator <name>', '--dump: who tested (default: OPTIC_BENCH_ACTOR or the login name)')
    .option('--rx-light', '--dump: a light source or loopback was attached: judge Rx power')
    .option('--profile <id>', '--dump: limit profile to use (as in check)')
    .addOption(new Option('--temp-class <class>', '--dump: case temperature class').choices([...TEMPERATURE_CLASSES]))
    .option('--limits <dir>', '--dump: limit library directory')
    .option('--db <path|url>', `--rma/--run: ${DB_OPTION_HELP}`)
    .option('--actor <who>', '--rma/--run: who prints (audit trail; default: OPTIC_BENCH_ACTOR or the login name)')
    .option('--json', 'print what was written as JSON')
    .action(async (o: ReportCliOptions) => {
      const sources = [o.dump, o.rma, o.run].filter((x) => x !== undefined).length;
      if (sources !== 1) throw new BenchError('INVALID_INPUT', 'give exactly one of --dump FILE, --rma NUMBER or --run ID');
      if (o.pdf === undefined && o.html === undefined) throw new BenchError('INVALID_INPUT', 'give --pdf OUT and/or --html OUT');
      if (o.pdf !== undefined && o.html !== undefined && path.resolve(o.pdf) === path.resolve(o.html)) throw new BenchError('INVALID_INPUT', '--pdf and --html name the same file');
      const force = o.force === true;
      checkTarget(o.pdf, force);
      checkTarget(o.html, force);
      const now = (deps.now ?? (() => new Date()))();
      const appVersion = cliAppVersion();

      let html: string;
      let title: string;
      let meta: ReportMeta;
      // Open while the files are written, so a stored record's report leaves an audit event.
      let opened: Awaited<ReturnType<typeof openRecords>> | null = null;
      let audited: { entity: string; entityId: string } | null = null;
      if (o.dump !== undefined) {
        const profiles = loadLimitLibrary(defaultLimitsDir(o.limits));
        const image = await loadImageFile(o.dump);
        const station = o.station ?? os.hostname();
        meta = { station, printedAt: now, lang: o.lang, appVersion };
        const data = testReportDataFromImage({
          bytes: image.bytes,
          path: o.dump,
          profiles,
          setup: { rxLightSource: o.rxLight === true },
          at: now,
          station,
          operator: o.operator ?? defaultActor(),
          programmer: `image file (${image.format})`,
          appVersion,
          ...(o.profile === undefined ? {} : { profileId: o.profile }),
          ...(o.tempClass === undefined ? {} : { temperatureClass: o.tempClass }),
        });
        html = renderTestReportHtml(data, meta);
        title = testReportTitle(data, meta);
      } else {
        opened = await openRecords(o.db);
        const { records } = opened;
        try {
          const station = o.station ?? ((await records.settings.get('station')) || os.hostname());
          meta = { station, printedAt: now, lang: o.lang, appVersion };
          if (o.rma !== undefined) {
            const c = await records.repairs.getCaseByRma(o.rma);
            const data = await loadRepairReportData(records, c.id);
            audited = { entity: 'repair_case', entityId: String(c.id) };
            html = renderRepairReportHtml(data, meta);
            title = repairReportTitle(data, meta);
          } else {
            const runId = positiveId(o.run ?? '');
            const data = await loadTestReportData(records, runId);
            audited = { entity: 'test_run', entityId: String(runId) };
            html = renderTestReportHtml(data, meta);
            title = testReportTitle(data, meta);
          }
        } catch (e) {
          await opened.db.close();
          throw e;
        }
      }

      const written: Array<{ kind: 'pdf' | 'html'; path: string; bytes: number }> = [];
      try {
        if (o.html !== undefined) {
          writeTarget(o.html, html, force);
          written.push({ kind: 'html', path: o.html, bytes: Buffer.byteLength(html) });
        }
        if (o.pdf !== undefined) {
          const browser = await (deps.launchBrowser ?? (() => launchReportBrowser()))();
          let pdf: Buffer;
          try {
            pdf = await browser.pdf(html, meta, title);
          } finally {
            await browser.close();
          }
          writeTarget(o.pdf, pdf, force);
          written.push({ kind: 'pdf', path: o.pdf, bytes: pdf.length });
        }
        if (opened !== null && audited !== null) {
          await opened.records.audit.recordOutput(o.actor ?? defaultActor(), {
            action: 'report.file',
            ...audited,
            details: { title, lang: o.lang, files: written.map((w) => ({ kind: w.kind, file: path.basename(w.path), bytes: w.bytes })), via: 'cli' },
          });
        }
      } finally {
        await opened?.db.close();
      }
      process.stdout.write(o.json === true ? JSON.stringify({ title, lang: o.lang, written }, null, 2) + '\n' : written.map((w) => `wrote ${w.path} (${w.kind}, ${w.bytes} bytes)`).join('\n') + '\n');
    });
}
