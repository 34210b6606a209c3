// Issue 12 item 9 on paper: the Chinese test and repair reports of a real case in a real SQLite
// file hold no English beyond units, standards' names and the records' own values (what people
// typed, what the module and the limit profiles say, the run's stored provenance). The same word
// check as the Chinese screens (tests/e2e/zh-language.ts), over the report's text.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRepairReportData, loadTestReportData, renderRepairReportHtml, renderTestReportHtml, type RepairReportData } from '../../../main/reports/index';
import { decodeModule } from '../../../main/sff/index';
import { loadSimulatedModule } from '../../../main/hardware/sim-library';
import { ERROR_CODES } from '../../../preload/contract/errors';
import { LatinAllow, leaksIn } from '../../e2e/zh-language';
import { META_ZH, seedRepairCase, type SeededCase } from './fixture';

let seeded: SeededCase;
let data: RepairReportData;
const allow = new LatinAllow();

function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

/** The report's text as a reader sees it: tags dropped, entities decoded, lines kept. */
function textOf(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<(br|\/p|\/div|\/li|\/tr|\/h\d|\/td|\/th)[^>]*>/g, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

beforeAll(async () => {
  seeded = await seedRepairCase();
  data = await loadRepairReportData(seeded.fx.services, seeded.caseId);
  // What the fixture typed (tests/integration/reports/fixture.ts) and what the records hold as values.
  allow.add([
    'RMA-7001', 'Li Na (NOC)', 'Link on port 12 flaps every few minutes; optical power alarm on the switch.', 'zlin', 'mwu', 'Bench 2',
    'Tx power low on every reading', 'Customer satisfied, asked for faster shipping', 'Replacement took two days', 'Module replaced from stock',
  ]);
  allow.add([data.customer?.name, data.technician?.name, data.technician?.code]);
  allow.add(strings(data.calls.map((c) => c.callerName)));
  allow.add([data.case.rmaNumber, data.case.moduleSerial, data.case.replacementSerial, data.case.complaintText, data.case.notifiedBy]);
  // The run's stored provenance (the programmer as its driver named it, the app's version), records' values.
  allow.add(data.runs.map((r) => (r as { programmer?: string }).programmer));
  for (const m of ['weak-tx', 'good-10g-sr']) {
    const d = decodeModule((await loadSimulatedModule(m, path.resolve(__dirname, '../../../resources/modules'))).image);
    allow.add(strings(d.vendor));
  }
  const limits = path.resolve(__dirname, '../../../resources/limits');
  for (const f of readdirSync(limits).filter((x) => x.endsWith('.json'))) {
    const parsed = JSON.parse(readFileSync(path.join(limits, f), 'utf8')) as Record<string, unknown> | Array<Record<string, unknown>>;
    // A profile is cited as "<id> v<version>", its name and clause as the profile file writes them.
    for (const p of Array.isArray(parsed) ? parsed : [parsed]) allow.add([p.id, p.name, p.source, p.clause, `${String(p.id)} v${String(p.version)}`].filter((x): x is string => typeof x === 'string'));
  }
  allow.add(ERROR_CODES);
  allow.add(['Optic Bench', 'PASS', 'FAIL']);
}, 60_000);
afterAll(async () => seeded?.fx.close());

describe('reports in Chinese', () => {
  it('the repair report: no English word beyond units, standards and the records\' values', () => {
    const leaks = leaksIn(textOf(renderRepairReportHtml(data, META_ZH)), allow, 'repair report');
    expect([...new Set(leaks.map((l) => `${l.word} ← ${l.context}`))]).toEqual([]);
  });

  it('the test report of the before-repair run: the same', async () => {
    const run = await loadTestReportData(seeded.fx.services, seeded.beforeRunId);
    allow.add([(run as { programmer?: string }).programmer]);
    const leaks = leaksIn(textOf(renderTestReportHtml(run, META_ZH)), allow, 'test report');
    expect([...new Set(leaks.map((l) => `${l.word} ← ${l.context}`))]).toEqual([]);
  });
});
