// The soak series as CSV (issue 15 item 5): one row per sample attempt, with its time, status,
// every parameter and lane in its unit, and the flags set. Shared by the bench's export and the
// command line's --out (written as the soak goes). UTF-8 with a BOM and CRLF like the other
// exports; every cell is a number or one of the bench's own words, so no formula guard is needed.
import { stringify } from 'csv-stringify/sync';
import type { SoakLayout } from './soak-layout';
import type { SampleRecord } from './soak-series';

const STATUS_WORDS = ['ok', 'module-nack', 'programmer-error', 'programmer-unplugged', 'paused'] as const;
const UNIT_WORDS: Record<string, string> = { degC: 'degC', V: 'V', mA: 'mA', dBm: 'dBm' };

export function soakCsvHeader(layout: SoakLayout): string {
  const cols = ['t_ms', 'time_utc', 'status', ...layout.channels.map((c) => `${c.key} (${UNIT_WORDS[c.unit] ?? c.unit})`), 'flags'];
  return '\ufeff' + stringify([cols], { record_delimiter: 'windows' });
}

/** Rows for samples; `values(rec)` gives the layout-order values of a good sample (NaN: no light). */
export function soakCsvRows(layout: SoakLayout, startedAtMs: number, recs: readonly { rec: SampleRecord; values: ArrayLike<number> | null; flags: ArrayLike<number> | null }[]): string {
  const rows = recs.map(({ rec, values, flags }) => {
    const vals = layout.channels.map((_, i) => {
      const v = values?.[i];
      return v === undefined || v === null || Number.isNaN(v) ? '' : String(Math.round(v * 10000) / 10000);
    });
    const set = flags ? layout.flags.filter((_, i) => flags[i] === 1).map((f) => (f.lane === null ? f.name : `${f.name}[${f.lane}]`)) : [];
    return [String(rec.t), new Date(startedAtMs + rec.t).toISOString(), STATUS_WORDS[rec.status] ?? String(rec.status), ...vals, set.join(' ')];
  });
  return rows.length === 0 ? '' : stringify(rows, { record_delimiter: 'windows' });
}
