// `warranty` on the command line: the exact JSON line of the issue, words without --json, and a
// non-zero exit naming the bad input.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli';

const run = runCli;

const base = ['warranty', '--delivered', '2024-02-29', '--notified', '2027-02-28', '--cause', 'non-human', '--verdict', 'fail'];

describe('cli warranty', () => {
  it('--json prints exactly the four keys, in order, with the issue separators', async () => {
    const r = await run([...base, '--json']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      '{"decision": "repair", "rule": "fail-within-3-years: fails a specified parameter, notified after the first and on or before the third anniversary of delivery: repair", "ageDays": 1095, "estimated": false}\n',
    );
    expect(Object.keys(JSON.parse(r.out) as object)).toEqual(['decision', 'rule', 'ageDays', 'estimated']);
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

  it('neither --delivered nor --date-code exits non-zero (the period cannot be counted)', async () => {
    const r = await run(['warranty', '--notified', '2025-01-01', '--cause', 'non-human', '--verdict', 'fail']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('WARRANTY_BASIS_UNKNOWN');
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
