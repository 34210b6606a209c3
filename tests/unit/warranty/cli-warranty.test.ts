// `warranty` on the command line: the exact JSON line of the issue, words without --json, and a
// non-zero exit naming the bad input.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';
import { requireVectors } from '../sff/vectors';

const run = runCli;

const base = ['warranty', '--delivered', '2024-02-29', '--notified', '2027-02-28', '--cause', 'non-human', '--verdict', 'fail'];

describe('cli warranty', () => {
  it('--json prints exactly the five keys, in order, with the issue separators', async () => {
    const r = await run([...base, '--json']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      '{"decision": "repair", "rule": "fail-within-3-years: fails a specified parameter, notified after the first and on or before the third anniversary of delivery: repair", "ageDays": 1095, "estimated": false, "verdict": "fail"}\n',
    );
    expect(Object.keys(JSON.parse(r.out) as object)).toEqual(['decision', 'rule', 'ageDays', 'estimated', 'verdict']);
  });

  it('prints decision, rule and age in words without --json', async () => {
    const r = await run(base);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Decision: repair');
    expect(r.out).toContain('Rule:     fail-within-3-years');
    expect(r.out).toContain('Age:      1095 days from delivery 2024-02-29');
  });

  it('--date-code instead of --delivered marks the result estimated', async () => {
    const r = await run(['warranty', '--date-code', '240229AB', '--notified', '2025-02-28', '--cause', 'non-human', '--verdict', 'fail', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ decision: 'replace', estimated: true, ageDays: 365 });
  });

  it.each([
    [['--notified', '2024-02-28'], 'WARRANTY_NOTIFIED_BEFORE_DELIVERY', '2024-02-28'],
    [['--delivered', '2023-02-29'], 'INVALID_DATE', '2023-02-29'],
    [['--cause', 'accident'], 'INVALID_CAUSE', 'accident'],
    [['--verdict', 'maybe'], 'INVALID_VERDICT', 'maybe'],
  ])('bad input %j exits non-zero with %s naming it', async (over, code, named) => {
    const argv = [...base];
    for (let i = 0; i < over.length; i += 2) argv[argv.indexOf(over[i]!) + 1] = over[i + 1]!;
    const r = await run(argv);
    expect(r.code).not.toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toContain(code);
    expect(r.err).toContain(named);
  });

  it('neither --delivered nor --date-code is a decision too: needs-evidence, asking for the delivery record (never an exception)', async () => {
    const r = await run(['warranty', '--notified', '2025-01-01', '--cause', 'non-human', '--verdict', 'fail', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ decision: 'needs-evidence', ageDays: null, estimated: false, verdict: 'fail' });
    expect(JSON.parse(r.out).rule).toMatch(/^basis-unknown-needs-evidence: .*find the delivery record/);
  });

  it('--verdict incomplete is never "no fault found": needs-evidence naming what to do', async () => {
    const r = await run(['warranty', '--delivered', '2025-06-01', '--notified', '2025-07-01', '--cause', 'non-human', '--verdict', 'incomplete']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Decision: needs-evidence');
    expect(r.out).toContain('To do:');
  });

  it('--dump and --verdict together, or neither, is refused with a coded error', async () => {
    const neither = await run(['warranty', '--delivered', '2025-06-01', '--notified', '2025-07-01', '--cause', 'non-human']);
    expect([neither.code, neither.err]).toEqual([1, expect.stringContaining('INVALID_INPUT')]);
    const both = await run(['warranty', '--dump', 'resources/modules/weak-tx.hex', '--verdict', 'pass', '--delivered', '2025-06-01', '--notified', '2025-07-01', '--cause', 'non-human']);
    expect([both.code, both.out, both.err]).toEqual([1, '', expect.stringContaining('INVALID_INPUT')]);
    const dateCode = await run(['warranty', '--dump', 'resources/modules/weak-tx.hex', '--date-code', '240229', '--notified', '2025-07-01', '--cause', 'non-human']);
    expect([dateCode.code, dateCode.err]).toEqual([1, expect.stringContaining('--date-code is read from the image')]);
  });

  describe('--dump FILE judges the image and decides on its verdict in one step', () => {
    const dump = (file: string, ...more: string[]) => run(['warranty', '--dump', file, '--notified', '2025-07-01', '--cause', 'non-human', ...more, '--json']);

    it('a failing module delivered a month ago: replace, on the verdict fail', async () => {
      const r = await dump('resources/modules/weak-tx.hex', '--delivered', '2025-06-01');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ decision: 'replace', ageDays: 30, estimated: false, verdict: 'fail' });
    });

    it('the real 100G passive DAC (ONL entry 33) is incomplete, so needs-evidence naming the external test, never "no fault found"', async () => {
      const r = await dump(requireVectors() + 'onl-sff-db/entries/33-Amphenol-NDAAFF-C103/dump.hex', '--delivered', '2025-06-01');
      expect(r.code).toBe(0);
      const o = JSON.parse(r.out) as { decision: string; rule: string; verdict: string };
      expect(o).toMatchObject({ decision: 'needs-evidence', ageDays: 30, estimated: false, verdict: 'incomplete' });
      expect(o.rule).toMatch(/^incomplete-needs-evidence: .*external link or BER test/);
    });

    it('without --delivered the age is estimated from the image date code (ONL entry 54: 190312 → 2019-03-12)', async () => {
      const r = await run(['warranty', '--dump', requireVectors() + 'onl-sff-db/entries/54-INNOLIGHT-T-DP4CNH-N00/dump.hex', '--notified', '2020-01-01', '--cause', 'non-human', '--json']);
      expect(r.code).toBe(0);
      // 2019-03-12 to 2020-01-01 is 295 days.
      expect(JSON.parse(r.out)).toMatchObject({ decision: 'needs-evidence', ageDays: 295, estimated: true, verdict: 'incomplete' });
    });

    it('--light-source judges Rx power: a good module with light on its receiver passes and is no fault found', async () => {
      const r = await dump('resources/modules/good-10g-sr.hex', '--delivered', '2025-06-01', '--light-source');
      expect(JSON.parse(r.out)).toMatchObject({ decision: 'no-fault-found', verdict: 'pass' });
    });
  });

  it('a missing required option is a usage error (exit 2)', async () => {
    const r = await run(['warranty', '--delivered', '2024-01-01', '--notified', '2025-01-01', '--verdict', 'fail']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--cause');
  });

  it('the real npm script exits non-zero on an impossible date and 0 otherwise (process exit codes, not just main())', () => {
    const cwd = path.resolve(__dirname, '../../..');
    const ok = spawnSync('npm', ['run', '-s', 'cli', '--', ...base, '--json'], { cwd, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ decision: 'repair' });
    const bad = spawnSync('npm', ['run', '-s', 'cli', '--', 'warranty', '--delivered', '2023-02-30', '--notified', '2024-01-01', '--cause', 'non-human', '--verdict', 'fail'], { cwd, encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('2023-02-30');
  });
});
