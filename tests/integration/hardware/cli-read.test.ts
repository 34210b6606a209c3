// The command line paths of issue 3: `read` through the simulated bench and the emulated
// programmers, `ports`, and that every failure exits non-zero, names the problem, writes no
// --out file, and ends within 10 s.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../support/emulators';
import { loadSimulatedModule } from '../../../main/hardware/sim-library';
import { parseImage } from '../../../main/sff/image-file';
import { runCli } from '../../support/cli';

const emus: EmulatorHandle[] = [];
afterEach(async () => {
  while (emus.length > 0) await emus.pop()?.close();
});

const run = runCli;

const tmp = (): string => mkdtempSync(path.join(tmpdir(), 'optic-read-'));

describe('cli read', () => {
  it('--driver sim --json prints the decode object plus the raw image as hex', async () => {
    const r = await run(['read', '--driver', 'sim', '--module', 'good-10g-sr', '--json']);
    expect(r.code).toBe(0);
    const obj = JSON.parse(r.out) as { standard: string; raw: string; vendor: { name: string } };
    const { image } = await loadSimulatedModule('good-10g-sr');
    expect(obj.raw).toBe(Buffer.from(image).toString('hex'));
    expect(obj.standard).toBe('SFF-8472');
  });

  it('--out writes the ethtool-layout hex of a completed read, which parses back to the same bytes', async () => {
    const file = path.join(tmp(), 'module.hex');
    const r = await run(['read', '--driver', 'sim', '--module', 'qsfp28-sr4', '--out', file]);
    expect(r.code).toBe(0);
    const { image } = await loadSimulatedModule('qsfp28-sr4');
    expect(Buffer.from(parseImage(readFileSync(file)).bytes).equals(Buffer.from(image))).toBe(true);
  });

  it('a module whose stored checksum is really wrong is still a complete read (exit 0) with the problem reported', async () => {
    const r = await run(['read', '--driver', 'sim', '--module', 'corrupted-checksum', '--json']);
    expect(r.code).toBe(0);
    const obj = JSON.parse(r.out) as { problems: { code: string }[]; readNotes: { code: string }[] };
    expect(obj.readNotes.map((n) => n.code)).toContain('CHECKSUM_CONFIRMED');
    expect(obj.problems.length).toBeGreaterThan(0);
  });

  it('an unknown simulated module is refused with the list of names', async () => {
    const r = await run(['read', '--driver', 'sim', '--module', 'nope']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/SIM_MODULE_UNKNOWN.*good-10g-sr/);
  });

  it.each(['buspirate', 'usbiss'] as const)('reads through an emulated %s and writes --out', async (kind) => {
    const { image } = await loadSimulatedModule('good-10g-sr');
    const emu = await startEmulator({ kind, image });
    emus.push(emu);
    const file = path.join(tmp(), 'm.hex');
    const r = await run(['read', '--driver', kind, '--port', emu.devicePath, '--out', file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('10GBASE-SR');
    expect(Buffer.from(parseImage(readFileSync(file)).bytes).equals(Buffer.from(image))).toBe(true);
  });

  it.each(['buspirate', 'usbiss'] as const)('%s with an empty cage: NO_MODULE, exit 1, no --out file', async (kind) => {
    const emu = await startEmulator({ kind, image: null });
    emus.push(emu);
    const file = path.join(tmp(), 'm.hex');
    const r = await run(['read', '--driver', kind, '--port', emu.devicePath, '--out', file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/NO_MODULE/);
    expect(existsSync(file)).toBe(false);
    expect(r.ms).toBeLessThan(10_000);
  });

  it('a port that does not exist: PORT_NOT_FOUND naming it, exit 1, no --out file', async () => {
    const file = path.join(tmp(), 'm.hex');
    const r = await run(['read', '--driver', 'buspirate', '--port', '/dev/ttyOPTIC-MISSING', '--out', file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/PORT_NOT_FOUND.*\/dev\/ttyOPTIC-MISSING/);
    expect(existsSync(file)).toBe(false);
  });

  it('a real programmer needs --port (bad usage is refused, not guessed)', async () => {
    const r = await run(['read', '--driver', 'usbiss']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--port/);
  });

  it('a programmer unplugged mid-read ends the process within 10 s with PROGRAMMER_UNPLUGGED (spawned CLI)', async () => {
    const { image } = await loadSimulatedModule('good-10g-sr');
    const emu = await startEmulator({ kind: 'usbiss', image, fault: 'unplug', faultOptions: { afterBytes: 30 } });
    emus.push(emu);
    const file = path.join(tmp(), 'm.hex');
    const started = Date.now();
    const child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'main/cli/index.ts', 'read', '--driver', 'usbiss', '--port', emu.devicePath, '--out', file], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((res) => child.on('close', res));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).toBe(1);
    expect(err).toMatch(/PROGRAMMER_UNPLUGGED/);
    expect(existsSync(file)).toBe(false);
  }, 20_000);
});

describe('cli read of CMIS modules (simulated bench)', () => {
  type ReadJson = {
    standard: string;
    raw: string;
    laser: { outcome: string; writes: { restored: boolean }[] } | null;
    programmer: { identity?: string };
    diagnostics: { lanes: { dataPathActive?: boolean; txPowerDbm: number | null }[] } | null;
    cmis?: { moduleState: { name: string }; vdm: { observables: unknown[] } | null };
  };

  // The 800G case of the issue: eight lanes lit for the read, provenance named, the text dump reading back to what was stored.
  it('osfp-800g-dr8 --json --out: lasers brought up and put back, 8 active lanes, VDM, identity; the --out text parses back to the raw bytes', async () => {
    const file = path.join(tmp(), 'osfp.txt');
    const r = await run(['read', '--driver', 'sim', '--module', 'osfp-800g-dr8', '--json', '--out', file]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const obj = JSON.parse(r.out) as ReadJson;
    expect(obj.standard).toBe('CMIS');
    expect(obj.laser?.outcome).toBe('done');
    expect(obj.laser?.writes.every((w) => w.restored)).toBe(true);
    expect(obj.programmer.identity).toBe('simulated bench, module osfp-800g-dr8');
    expect(obj.diagnostics?.lanes).toHaveLength(8);
    expect(obj.diagnostics?.lanes.every((l) => l.dataPathActive === true)).toBe(true);
    expect(obj.cmis?.vdm?.observables.length).toBeGreaterThan(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# page 0x11 bank 0$/m);
    expect(Buffer.from(parseImage(Buffer.from(text)).bytes).toString('hex')).toBe(obj.raw);
    // decode takes the same file and gives the same lanes.
    const d = await run(['decode', file, '--json']);
    expect(d.code).toBe(0);
    expect((JSON.parse(d.out) as ReadJson).diagnostics?.lanes).toEqual(obj.diagnostics?.lanes);
  });

  it('--as-is reads a CMIS module without bringing it up: outcome as-is, no control write, lanes not active', async () => {
    const r = await run(['read', '--driver', 'sim', '--module', 'qsfpdd-400g-dr4', '--as-is', '--json']);
    expect(r.code).toBe(0);
    const obj = JSON.parse(r.out) as ReadJson;
    expect(obj.laser).toMatchObject({ outcome: 'as-is', writes: [] });
    expect(obj.cmis?.moduleState.name).toBe('ModuleLowPwr');
    expect(obj.diagnostics?.lanes.some((l) => l.dataPathActive === true)).toBe(false);
  });

  it('the module stuck in ModuleLowPwr: a complete read (exit 0) whose text names the timeout and the state', async () => {
    const r = await run(['read', '--driver', 'sim', '--module', 'qsfpdd-400g-sr8-stuck-lowpwr']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Lasers: timeout: .*ModuleLowPwr/m);
  }, 30_000);
});

describe('cli ports', () => {
  it('ports --json prints an array of ports (udev is present here)', async () => {
    const r = await run(['ports', '--json']);
    expect(r.code).toBe(0);
    expect(Array.isArray(JSON.parse(r.out))).toBe(true);
  });
});
