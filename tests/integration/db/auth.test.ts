// Sign-in on real SQLite files (issue 16): PINs only as slow salted hashes, the first PIN for an
// engineering manager, guessing slowed, the idle lock on main's clock, who may give whom a PIN,
// and the command line's `technicians add` reading the new PIN from standard input.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuthService, MAX_PIN_FAILURES, PIN_BLOCK_MS, type AuthService } from '../../../main/services/auth';
import { openDatabase } from '../../../main/db/index';
import { runCli } from '../../support/cli';
import { withPin } from '../../support/people';
import { openFixture, people, type Fixture } from './helpers';

const REPO = path.resolve(__dirname, '../../..');
let fx: Fixture;
let now = Date.parse('2026-03-02T08:00:00Z');
let auth: AuthService;

beforeEach(async () => {
  fx = await openFixture();
  now = Date.parse('2026-03-02T08:00:00Z');
  auth = createAuthService({ db: () => fx.db, now: () => now });
});
afterEach(async () => fx.close());

describe('sign-in', () => {
  it('the first PIN goes to an engineering manager; a technician cannot be the first', async () => {
    const { techId } = await people(fx.services);
    expect(await auth.setupRequired()).toBe(true);
    await expect(auth.setup({ technicianId: techId, pin: '1234' })).rejects.toMatchObject({ code: 'ROLE_REQUIRED' });
    const status = await auth.setup({ code: 'zhao', name: 'Zhao Lei', pin: '482915' });
    expect(status).toMatchObject({ state: 'signed-in', person: { code: 'zhao', role: 'engineering-manager' } });
    await expect(auth.setup({ code: 'other', name: 'Other', pin: '1111' })).rejects.toMatchObject({ code: 'SETUP_ALREADY_DONE' });
  });

  it('stores the PIN as an argon2id hash, nowhere in plain text, and the page never sees the hash', async () => {
    await auth.setup({ code: 'zhao', name: 'Zhao Lei', pin: '482915' });
    const [row] = await fx.db.dataSource.query(`SELECT pin_hash FROM technician WHERE code = 'zhao'`);
    expect(String(row.pin_hash)).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    await fx.db.close();
    for (const f of fs.readdirSync(fx.dir).filter((n) => n.startsWith('records.sqlite'))) {
      expect(fs.readFileSync(path.join(fx.dir, f)).includes(Buffer.from('482915'))).toBe(false);
    }
    fx.db = await openDatabase({ path: fx.file });
    const listed = await createAuthService({ db: () => fx.db, now: () => now }).status();
    expect(JSON.stringify(listed)).not.toContain('argon2');
  });

  it('slows guessing: five wrong PINs block that person for five minutes, then the right PIN works', async () => {
    await auth.setup({ code: 'zhao', name: 'Zhao Lei', pin: '482915' });
    const id = (await auth.status()).person?.id as number;
    await auth.signOut();
    for (let i = 0; i < MAX_PIN_FAILURES; i++) await expect(auth.signIn({ technicianId: id, pin: '000000' })).rejects.toMatchObject({ code: 'PIN_INVALID' });
    await expect(auth.signIn({ technicianId: id, pin: '482915' })).rejects.toMatchObject({ code: 'PIN_THROTTLED' });
    now += PIN_BLOCK_MS + 1;
    await expect(auth.signIn({ technicianId: id, pin: '482915' })).resolves.toMatchObject({ state: 'signed-in' });
    const wrong = await fx.services.audit.list({ entity: 'technician' });
    expect(wrong.filter((e) => e.action === 'session.pin-wrong')).toHaveLength(MAX_PIN_FAILURES);
  });

  it('locks after the idle minutes on main\'s clock, records the lock, and unlocks only with the same person\'s PIN', async () => {
    await auth.setup({ code: 'zhao', name: 'Zhao Lei', pin: '482915' });
    now += 9 * 60_000;
    await expect(auth.require()).resolves.toMatchObject({ code: 'zhao' });
    auth.touch();
    now += 10 * 60_000;
    await expect(auth.require()).rejects.toMatchObject({ code: 'SESSION_LOCKED' });
    expect((await auth.status()).state).toBe('locked');
    await expect(auth.unlock({ pin: '111111' })).rejects.toMatchObject({ code: 'PIN_INVALID' });
    await auth.unlock({ pin: '482915' });
    await expect(auth.require('engineering-manager')).resolves.toMatchObject({ code: 'zhao' });
    const events = (await fx.services.audit.list({ entity: 'technician' })).map((e) => e.action);
    expect(events).toEqual(expect.arrayContaining(['session.lock', 'session.unlock', 'session.sign-in']));
  });

  it('a supervisor gives technicians PINs but not managers or other supervisors; a technician changes only their own', async () => {
    const { techId, supervisorId } = await people(fx.services);
    await auth.setup({ code: 'zhao', name: 'Zhao Lei', pin: '482915' });
    const manager = await auth.require();
    await auth.setPin(manager, supervisorId, '555555');
    const supervisor = await auth.authenticate({ technicianId: supervisorId }, '555555');
    await auth.setPin(supervisor, techId, '777777');
    await expect(auth.setPin(supervisor, manager.id, '123456')).rejects.toMatchObject({ code: 'ROLE_REQUIRED' });
    const tech = await auth.authenticate({ name: 'zlin' }, '777777');
    await expect(auth.setPin(tech, supervisorId, '999999')).rejects.toMatchObject({ code: 'ROLE_REQUIRED' });
    await auth.setPin(tech, techId, '888888');
    await expect(auth.authenticate({ name: 'Zhang Lin' }, '888888')).resolves.toMatchObject({ role: 'technician', label: 'Zhang Lin (zlin)' });
  });
});

describe('technicians add (CLI)', () => {
  const cli = (args: string[], input: string, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'main/cli/index.ts'), ...args], { input, encoding: 'utf8', cwd: REPO, env: { ...process.env, ...env }, timeout: 60_000 });

  it('reads the new PIN from standard input; the first must be an engineering manager; later ones need --actor and their PIN', async () => {
    await fx.db.close();
    const tech = cli(['technicians', 'add', '--db', fx.file, '--name', 'Li Wei', '--role', 'technician'], '246810\n');
    expect(tech.status).toBe(1);
    expect(tech.stderr).toContain('ROLE_REQUIRED');
    const first = cli(['technicians', 'add', '--db', fx.file, '--name', 'Zhao Lei', '--code', 'zhao', '--role', 'engineering-manager'], '482915\n');
    expect(first.status).toBe(0);
    const noActor = cli(['technicians', 'add', '--db', fx.file, '--name', 'Li Wei', '--role', 'technician'], '246810\n');
    expect(noActor.status).toBe(1);
    expect(noActor.stderr).toContain('SIGN_IN_REQUIRED');
    const wrong = cli(['technicians', 'add', '--db', fx.file, '--name', 'Li Wei', '--role', 'technician', '--actor', 'zhao'], '246810\n', { OPTIC_BENCH_PIN: '000000' });
    expect(wrong.stderr).toContain('PIN_INVALID');
    const ok = cli(['technicians', 'add', '--db', fx.file, '--name', 'Li Wei', '--role', 'technician', '--actor', 'zhao', '--json'], '246810\n', { OPTIC_BENCH_PIN: '482915' });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ code: 'liwei', role: 'technician', hasPin: true });
    fx.db = await openDatabase({ path: fx.file });
    await expect(createAuthService({ db: () => fx.db, now: Date.now }).authenticate({ name: 'liwei' }, '246810')).resolves.toMatchObject({ name: 'Li Wei' });
  }, 120_000);

  it('restore needs a supervisor: a technician\'s PIN is refused and the live records stay', async () => {
    await auth.setup({ code: 'zhao', name: 'Zhao Lei', pin: '482915' });
    const manager = await auth.require();
    const { techId } = await people(fx.services);
    await auth.setPin(manager, techId, '777777');
    const backup = path.join(fx.dir, 'b.sqlite');
    await fx.services.backup.backup(backup, manager.label);
    await fx.db.close();
    const before = fs.readFileSync(fx.file);
    const r = await withPin('777777', () => runCli(['restore', '--db', fx.file, '--from', backup, '--actor', 'zlin']));
    expect(r.code).toBe(1);
    expect(r.err).toContain('ROLE_REQUIRED');
    expect(fs.readFileSync(fx.file).equals(before)).toBe(true);
    fx.db = await openDatabase({ path: fx.file });
  });
});
