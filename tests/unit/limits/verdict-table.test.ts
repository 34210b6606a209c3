// docs/verdicts.md holds one reviewed row per image in ../shared/vectors: the overall verdict the
// standards and the bytes call for, the codes that decide it, and the findings. This checks the
// code against every row, so the table a reviewer reads and the behaviour cannot drift apart.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Evaluation } from '../../../preload/contract/limits';
import { evaluateModule } from '../../../main/limits/index';
import { loadLimitLibrary } from '../../../main/limits/library';
import { decodeModule } from '../../../main/sff/index';
import { parseImage } from '../../../main/sff/image-text';
import { requireVectors } from '../sff/vectors';

const ROOT = path.resolve(__dirname, '../../..');
const LIBRARY = loadLimitLibrary(path.join(ROOT, 'resources/limits'));
const AT = new Date('2026-12-05T12:00:00Z');

interface Row {
  image: string;
  overall: string;
  deciding: string[];
  findings: string[];
}

function codes(cell: string): string[] {
  return cell.trim() === '-' ? [] : [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
}

function rows(): Row[] {
  const text = readFileSync(path.join(ROOT, 'docs/verdicts.md'), 'utf8');
  return text
    .split('\n')
    // Image rows name a path; the legend tables above them name verdicts.
    .filter((l) => l.startsWith('| `') && (l.split(' | ')[0] ?? '').includes('/'))
    .map((l) => {
      const cells = l.split(' | ');
      return { image: (cells[0] ?? '').replace(/^\| `|`$/g, ''), overall: (cells[2] ?? '').trim(), deciding: codes(cells[3] ?? ''), findings: codes(cells[4] ?? '') };
    });
}

/** A row's image: a file, or "a0 + a2" halves placed at 0 and 256 (the FBOSS SFP fixture). */
function load(image: string): Uint8Array {
  const base = requireVectors();
  if (!image.includes(' + ')) return parseImage(readFileSync(path.join(base, image))).bytes;
  const [a0, a2] = image.split(' + ');
  const dir = path.dirname(a0 ?? '');
  const out = new Uint8Array(512);
  out.set(parseImage(readFileSync(path.join(base, a0 ?? ''))).bytes, 0);
  out.set(parseImage(readFileSync(path.join(base, dir, a2 ?? ''))).bytes, 256);
  return out;
}

function deciding(e: Evaluation): string[] {
  if (e.overall === 'fail') {
    return [...e.verdicts.filter((v) => v.status === 'fail').map((v) => `${v.parameter}${v.lane === null ? '' : `[${v.lane}]`}`), ...e.integrity.filter((c) => c.status === 'fail').map((c) => c.check)];
  }
  if (e.overall === 'incomplete') return (e.incomplete ?? []).map((r) => r.code);
  if (e.overall === 'marginal') return e.verdicts.filter((v) => v.status === 'marginal').map((v) => `${v.parameter}${v.lane === null ? '' : `[${v.lane}]`}`);
  return [];
}

const table = rows();

describe('docs/verdicts.md: the reviewed verdict of every image in ../shared/vectors', () => {
  it('has one row for each of the 55 ONL entries, both FBOSS fixtures, the Vyatta SFP and the four robustness images', () => {
    expect(table.filter((r) => r.image.startsWith('onl-sff-db/'))).toHaveLength(55);
    expect(table.filter((r) => r.image.startsWith('fboss-sff-test-vectors/'))).toHaveLength(2);
    expect(table.filter((r) => r.image.startsWith('vyatta-'))).toHaveLength(1);
    expect(table.filter((r) => r.image.startsWith('robustness/'))).toHaveLength(4);
    expect(new Set(table.map((r) => r.image)).size).toBe(table.length);
  });

  it.each(table.map((r) => [r.image, r] as const))('%s', (_name, row) => {
    const e = evaluateModule(decodeModule(load(row.image)), { profiles: LIBRARY, setup: { rxLightSource: false, imageSource: 'file' }, at: AT });
    expect({ overall: e.overall, deciding: deciding(e), findings: (e.findings ?? []).map((f) => f.reasonCode) }).toEqual({ overall: row.overall, deciding: row.deciding, findings: row.findings });
    // Whatever the row, nothing unmeasured passes and an incomplete run is never within spec.
    if (e.overall === 'incomplete') expect(e.withinSpec).toBe(false);
  });

  it('no QSFP in the set fails with "no light": the passive cables, AOCs and low-power optics of issue 11 do not fail', () => {
    for (const row of table) {
      const e = evaluateModule(decodeModule(load(row.image)), { profiles: LIBRARY, setup: { rxLightSource: false }, at: AT });
      expect(e.verdicts.filter((v) => v.reasonCode === 'no-light')).toEqual([]);
    }
  });
});
