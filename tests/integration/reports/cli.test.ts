// `report` on the command line: end to end through tsx as a technician runs it, plus its refusals
// (in process, each must fail with a code naming the thing and leave no file behind).
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawSqlite } from '../../../main/db/index';
import { loadImageFile } from '../../../main/sff/image-file';
import { chromiumUnavailableReason } from '../../support/chromium';
import { tempDir } from '../db/helpers';
import { seedRepairCase, type SeededCase } from './fixture';
import { runCli, type CliRun } from '../../support/cli';

const out = tempDir('ob-report-cli-');
let seeded: SeededCase;
beforeAll(async () => {
  seeded = await seedRepairCase();
});
afterAll(async () => {
  await seeded.fx.close();
  fs.rmSync(out, { recursive: true, force: true });
});

function spawnCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve('node_modules/tsx/dist/cli.mjs'), 'main/cli/index.ts', 'report', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

const run = (args: string[]): Promise<CliRun> => runCli(['report', ...args]);

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

describe.skipIf(chromiumUnavailableReason() !== null)('report CLI end to end (tsx, Chromium)', () => {
  it('--rma prints the repair report to PDF and HTML and exits 0 promptly', async () => {
    const pdf = path.join(out, 'rma.pdf');
    const html = path.join(out, 'rma.html');
    const r = await spawnCli(['--rma', 'rma-7001', '--db', seeded.fx.file, '--pdf', pdf, '--html', html, '--station', 'Bench 9']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote ${pdf} (pdf,`);
    expect(r.ms).toBeLessThan(30_000);
    const text = pdfText(pdf);
    for (const s of ['RMA-7001', 'Northwind Networks', 'fail-within-1-year', 'Station: Bench 9', 'Page 1 /']) expect(text, s).toContain(s);
    expect(fs.readFileSync(html, 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('--dump --lang zh-CN prints a Chinese test report of an image file with its SHA-256', async () => {
    const pdf = path.join(out, 'dump-zh.pdf');
    const r = await spawnCli(['--dump', 'resources/modules/hostile-vendor-name.hex', '--pdf', pdf, '--lang', 'zh-CN', '--station', '工位 3', '--operator', '李伟', '--rx-light', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ lang: 'zh-CN', written: [{ kind: 'pdf', path: pdf }] });
    const text = pdfText(pdf);
    const image = await loadImageFile('resources/modules/hostile-vendor-name.hex');
    for (const s of ['模块测试报告', '工位 3', '李伟', '<svg onload=a()>', 'SHA-256']) expect(text, s).toContain(s);
    expect(text).toContain(createHash('sha256').update(image.bytes).digest('hex'));
  });
});

describe('report CLI audit', () => {
  it('a report of a stored record leaves an audit event naming who printed it and the files', async () => {
    const html = path.join(out, 'audited.html');
    const r = await run(['--rma', 'RMA-7001', '--db', seeded.fx.file, '--html', html, '--actor', 'Wang Fang']);
    expect(r.code).toBe(0);
    const raw = await RawSqlite.open(seeded.fx.file);
    try {
      const rows = await raw.all<{ actor: string; entity: string; details_json: string }>("SELECT actor, entity, details_json FROM audit_event WHERE action = 'report.file' AND actor = 'Wang Fang'");
      expect(rows).toHaveLength(1);
      expect(rows[0]?.entity).toBe('repair_case');
      expect(JSON.parse(rows[0]?.details_json ?? '{}')).toMatchObject({ lang: 'en', via: 'cli', files: [{ kind: 'html', file: 'audited.html' }] });
    } finally {
      await raw.close();
    }
  });
});

describe('report CLI refusals', () => {
  it('an unknown RMA is NOT_FOUND naming it, and no file is written', async () => {
    const pdf = path.join(out, 'none.pdf');
    const r = await run(['--rma', 'RMA-0000', '--db', seeded.fx.file, '--html', pdf]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error NOT_FOUND: no repair case with RMA RMA-0000');
    expect(fs.existsSync(pdf)).toBe(false);
  });

  it('an existing OUT is refused with REPORT_TARGET_EXISTS unless --force', async () => {
    const html = path.join(out, 'exists.html');
    fs.writeFileSync(html, 'keep me');
    const r = await run(['--rma', 'RMA-7001', '--db', seeded.fx.file, '--html', html]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('REPORT_TARGET_EXISTS');
    expect(fs.readFileSync(html, 'utf8')).toBe('keep me');
    const forced = await run(['--rma', 'RMA-7001', '--db', seeded.fx.file, '--html', html, '--force']);
    expect(forced.code).toBe(0);
    expect(fs.readFileSync(html, 'utf8')).toContain('RMA-7001');
  });

  it('an unreadable dump is FILE_NOT_FOUND / IMAGE_UNPARSEABLE naming the file', async () => {
    const missing = await run(['--dump', path.join(out, 'nope.hex'), '--html', path.join(out, 'x.html')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(`error FILE_NOT_FOUND: no such file: ${path.join(out, 'nope.hex')}`);
    const junk = path.join(out, 'junk.hex');
    fs.writeFileSync(junk, 'this is not a module image\n');
    const bad = await run(['--dump', junk, '--html', path.join(out, 'y.html')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/error (IMAGE_UNPARSEABLE|IMAGE_EMPTY)/);
    expect(fs.existsSync(path.join(out, 'y.html'))).toBe(false);
  });

  it('a missing database is not created: FILE_NOT_FOUND', async () => {
    const db = path.join(out, 'missing.sqlite');
    const r = await run(['--rma', 'RMA-7001', '--db', db, '--html', path.join(out, 'z.html')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('FILE_NOT_FOUND');
    expect(fs.existsSync(db)).toBe(false);
  });

  it('needs exactly one source and at least one output', async () => {
    expect((await run(['--html', path.join(out, 'a.html')])).err).toContain('give exactly one of --dump FILE, --rma NUMBER or --run ID');
    expect((await run(['--rma', 'RMA-7001', '--dump', 'x.hex', '--html', path.join(out, 'a.html')])).code).toBe(1);
    expect((await run(['--rma', 'RMA-7001', '--db', seeded.fx.file])).err).toContain('give --pdf OUT and/or --html OUT');
  });

  it('without Chromium, --pdf fails with REPORT_BROWSER_MISSING saying what to install, and writes no PDF', async () => {
    const pdf = path.join(out, 'no-browser.pdf');
    const saved = process.env.OPTIC_BENCH_CHROMIUM;
    process.env.OPTIC_BENCH_CHROMIUM = path.join(out, 'no-chromium-here');
    try {
      const r = await run(['--dump', 'resources/modules/good-10g-sr.hex', '--pdf', pdf]);
      expect(r.code).toBe(1);
      expect(r.err).toContain('error REPORT_BROWSER_MISSING');
      expect(r.err).toContain('apt-get install chromium');
      expect(fs.existsSync(pdf)).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.OPTIC_BENCH_CHROMIUM;
      else process.env.OPTIC_BENCH_CHROMIUM = saved;
    }
  });

  it('--run prints the test report of a stored run with its stored SHA-256', async () => {
    const html = path.join(out, 'run.html');
    const r = await run(['--run', String(seeded.beforeRunId), '--db', seeded.fx.file, '--html', html]);
    expect(r.code).toBe(0);
    const stored = await seeded.fx.services.testRuns.get(seeded.beforeRunId);
    expect(fs.readFileSync(html, 'utf8')).toContain(stored.sha256);
  });
});
