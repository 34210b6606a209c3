// `check` of a CMIS module read from a programmer (issue 13 item 7, issue 12): --as-is reads it as
// it sits, like `read --as-is`; and the budget that bounds opening the programmer must not cut
// the module's own advertised bring-up short (a flat 6 s once failed a slow 800G module).
import { describe, expect, it } from 'vitest';
import { runCheck, type CheckResult } from '../../../main/cli/commands/check';
import { runCli } from '../../support/cli';

describe('check --driver with a CMIS module', () => {
  it('--as-is writes no control byte: the lasers stay as they sat (ModuleLowPwr), their parameters are not judged', async () => {
    const r = await runCli(['check', '--driver', 'sim', '--module', 'qsfpdd-400g-dr4', '--as-is', '--json']);
    expect(r.code).toBe(0);
    const obj = JSON.parse(r.out) as CheckResult;
    expect(obj.evaluation.setup?.laser).toMatchObject({ outcome: 'as-is', writes: [] });
    expect(obj.module.cmis?.moduleState.name).toBe('ModuleLowPwr');
    // Lanes whose data path is not activated are not judged, never "no light".
    expect(obj.evaluation.verdicts.filter((v) => v.parameter === 'txPowerDbm').every((v) => v.status !== 'fail')).toBe(true);
  });

  it('without --as-is the same module is brought up, judged and put back', async () => {
    const r = await runCli(['check', '--driver', 'sim', '--module', 'qsfpdd-400g-dr4', '--json']);
    const obj = JSON.parse(r.out) as CheckResult;
    expect(obj.evaluation.setup?.laser?.outcome).toBe('done');
    expect(obj.evaluation.verdicts.filter((v) => v.parameter === 'txPowerDbm' && v.status === 'pass')).toHaveLength(4);
  });

  it('--as-is with an image file is refused: a dump is judged as it was taken', async () => {
    const r = await runCli(['check', 'any.hex', '--as-is']);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('--as-is');
  });

  it('a bring-up longer than the open budget completes: the budget bounds the open, the module its own waits', async () => {
    // qsfpdd-400g-dr4 takes about 0.9 s to come up (power-up 400 ms, data path 250 ms, Tx 100 ms,
    // back down 100 ms); a 300 ms budget used to abort it halfway.
    const result = await runCheck(undefined, { driver: 'sim', module: 'qsfpdd-400g-dr4' }, { readBudgetMs: 300 });
    expect(result.evaluation.setup?.laser?.outcome).toBe('done');
    expect(result.module.cmis?.lanes.every((l) => l.dataPathActive)).toBe(true);
  });
});
