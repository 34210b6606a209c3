// `check` on the command line: the JSON shape ({input, module, evaluation}), exit 0 for a check
// that ran whatever its verdict, non-zero for errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../main/cli/commands/check';
import { runCli } from '../../support/cli';
import { requireVectors } from '../sff/vectors';

const MODULES = path.resolve(__dirname, '../../../resources/modules');

const run = runCli;

describe('cli check', () => {
  it('FILE --json: input, decoded module and evaluation; a failing module still exits 0', async () => {
    const file = path.join(MODULES, 'weak-tx.hex');
    const r = await run(['check', file, '--json']);
    expect(r.code).toBe(0);
    const obj = JSON.parse(r.out) as CheckResult;
    expect(Object.keys(obj)).toEqual(['input', 'module', 'evaluation']);
    expect(obj.input).toEqual({ kind: 'file', path: file });
    expect(obj.module.vendor.serialNumber).toBe('SIM0002');
    expect(obj.evaluation.overall).toBe('fail');
    // Judged today: the newest effective version (v2 added OMA figures; its average-power limits are v1's).
    expect(obj.evaluation.profile).toMatchObject({ id: 'ieee-10gbase-sr', version: 2 });
    expect(obj.evaluation.matchedBy).toBe('interface 10GBASE-SR');
    expect(obj.evaluation.verdicts.find((v) => v.parameter === 'rxPowerDbm')?.status).toBe('not-measured');
    expect(obj.evaluation.integrity).toHaveLength(7);
  });

  it('--rx-light judges Rx power; without it Rx is "not measured"', async () => {
    const r = await run(['check', path.join(MODULES, 'good-10g-sr.hex'), '--rx-light', '--json']);
    const obj = JSON.parse(r.out) as CheckResult;
    expect(obj.evaluation.verdicts.find((v) => v.parameter === 'rxPowerDbm')?.status).toBe('pass');
    expect(obj.evaluation.overall).toBe('pass');
  });

  it('prints a table and the verdict without --json', async () => {
    const r = await run(['check', path.join(MODULES, 'hot-module.hex')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/FAIL\s+temperatureC\s+76\.5 degC/);
    expect(r.out).toMatch(/Failures:\n {2}- Temperature 76\.50 degC above spec maximum 70 degC/);
    expect(r.out).toContain('Verdict:  FAIL');
  });

  it('--profile forces a profile (here a wrong one: the 850 nm module does not fit the 10GBASE-LR window, a finding)', async () => {
    const r = await run(['check', path.join(MODULES, 'good-10g-sr.hex'), '--profile', 'ieee-10gbase-lr', '--json']);
    const obj = JSON.parse(r.out) as CheckResult;
    expect(obj.evaluation.matchedBy).toBe('requested');
    expect(obj.evaluation.integrity.find((c) => c.check === 'wavelengthConsistent')?.status).toBe('finding');
    expect(obj.evaluation.findings?.map((f) => f.reasonCode)).toEqual(['wavelength-mismatch']);
  });

  it('--driver sim reads through the hardware layer and judges the simulated module', async () => {
    const r = await run(['check', '--driver', 'sim', '--module', 'qsfp28-sr4', '--json']);
    expect(r.code).toBe(0);
    const obj = JSON.parse(r.out) as CheckResult;
    expect(obj.input.kind).toBe('programmer');
    expect(obj.evaluation.profile?.id).toBe('ieee-100gbase-sr4');
  });

  it('a passive DAC (ONL entry 33) reads INCOMPLETE: what it declares, the not-applicable rows apart from failures, and what to do next', async () => {
    const r = await run(['check', requireVectors() + 'onl-sff-db/entries/33-Amphenol-NDAAFF-C103/dump.hex']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Declares: SFF-8636 byte 220 = 0x00 (no monitors declared); SFF-8636 byte 147 = 0xa0 (copper cable, passive)');
    expect(r.out).toMatch(/NOT-APPLICABLE\s+txPowerDbm lane 1/);
    expect(r.out).toContain('Not applicable:\n  - Temperature not applicable: not monitored by the module (SFF-8636 byte 220 bit 5 clear)');
    expect(r.out).toContain('  - Tx power not applicable: passive copper cable: no laser');
    expect(r.out).not.toContain('Failures:');
    expect(r.out).toContain('Verdict:  INCOMPLETE (not within spec)\n  incomplete: nothing the read shows judges the signal path (passive copper cable)');
    expect(r.out).toMatch(/Next: {5}Run an external link or BER test and record it\n$/);
  });

  it('--light-source is the documented name of --rx-light (which stays, hidden, for old scripts)', async () => {
    const file = path.join(MODULES, 'good-10g-sr.hex');
    const a = await run(['check', file, '--light-source', '--json']);
    const b = await run(['check', file, '--rx-light', '--json']);
    expect(a.out).toBe(b.out);
    expect((JSON.parse(a.out) as CheckResult).evaluation.setup).toMatchObject({ rxLightSource: true });
    expect((await run(['check', '--help'])).out).not.toContain('--rx-light');
  });

  it.each([
    [['check', '/nonexistent.hex'], 'FILE_NOT_FOUND'],
    [['check', path.join(MODULES, 'good-10g-sr.hex'), '--profile', 'nope'], 'LIMIT_PROFILE_NOT_FOUND'],
    [['check'], 'INVALID_INPUT'],
    [['check', path.join(MODULES, 'good-10g-sr.hex'), '--driver', 'sim'], 'INVALID_INPUT'],
    [['check', '--driver', 'usbiss'], 'INVALID_INPUT'],
  ])('%j exits 1 with %s', async (argv, code) => {
    const r = await run(argv);
    expect(r.code).toBe(1);
    expect(r.err).toContain(code);
    expect(r.out).toBe('');
  });

  it('--limits DIR with an invalid profile refuses before reading anything', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'limits-cli-'));
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ id: 'x', version: 1 }));
    const r = await run(['check', path.join(MODULES, 'good-10g-sr.hex'), '--limits', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('LIMIT_PROFILE_INVALID');
    expect(r.err).toContain('bad.json');
  });
});
