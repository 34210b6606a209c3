// `optic-bench decode FILE [--json]`: the contract other tools rely on. Most cases call main()
// in-process with captured output; one spawns the real CLI to check the exit code end to end.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { decodedModuleSchema } from '../../../preload/contract/module-schema';
import { buildSfpImage } from '../../../main/sff/image-builder';
import { requireVectors } from './vectors';
import { runCli } from '../../support/cli';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const run = runCli;

afterEach(() => {
  process.exitCode = undefined;
});

describe('decode command', () => {
  const vyatta = requireVectors() + 'vyatta-oem-sfp-10g-sr-it/dump.hex';

  it('--json prints exactly one JSON object of the contract shape, exit 0 despite problems', async () => {
    const r = await run(['decode', vyatta, '--json']);
    expect(r.code).toBe(0);
    const obj: unknown = JSON.parse(r.out); // throws if there is anything besides one JSON value
    const m = decodedModuleSchema.parse(obj);
    expect(m.vendor.partNumber).toBe('SFP-10G-SR-IT');
    expect(m.problems.map((p) => p.code)).toContain('CHECKSUM_BASE');
  });

  it('the text report reads like ethtool -m: identity, diagnostics with dBm, problems', async () => {
    const r = await run(['decode', requireVectors() + 'robustness/intel-e10gsfpsrx-ftlx8574d3bnl/dump_ice_correct.hex']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Vendor name\s+: Intel Corp/);
    expect(r.out).toMatch(/Transmit avg optical power\s+: 0\.5780 mW \/ -2\.38 dBm/);
    expect(r.out).toMatch(/Problems\s+: none/);
  });

  it('zero power prints "no light", never a number of dBm', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sff-cli-'));
    const file = path.join(dir, 'dark.bin');
    writeFileSync(file, buildSfpImage({ diagnostics: { rxPowerMw: 0 } }));
    const r = await run(['decode', file]);
    expect(r.out).toMatch(/Receiver signal average optical power\s+: 0\.0000 mW \/ no light/);
  });

  it('a missing file fails with FILE_NOT_FOUND naming the path, exit 1, nothing on stdout', async () => {
    const r = await run(['decode', '/no/such/module.hex', '--json']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe('error FILE_NOT_FOUND: no such file: /no/such/module.hex\n');
  });

  it('unparseable text fails with IMAGE_UNPARSEABLE naming the line', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sff-cli-'));
    const file = path.join(dir, 'bad.txt');
    writeFileSync(file, '03 04 07\nnot hex at all\n');
    const r = await run(['decode', file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error IMAGE_UNPARSEABLE: line 2: /);
  });

  it('end to end through npx tsx: exit code and one JSON object on stdout', () => {
    const ok = spawnSync('npx', ['tsx', 'main/cli/index.ts', 'decode', vyatta, '--json'], { cwd: ROOT, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ standard: 'SFF-8472' });
    const missing = spawnSync('npx', ['tsx', 'main/cli/index.ts', 'decode', '/no/such/file'], { cwd: ROOT, encoding: 'utf8' });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/FILE_NOT_FOUND/);
  });
});
