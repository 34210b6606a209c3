import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openFixture, people, testRunInput, type Fixture } from './helpers';

/** SQLite: the triggers refuse. PostgreSQL: the bench's role has no UPDATE or DELETE (grants), before any trigger (lab-server.test.ts checks the triggers as the owner). */
const APPEND_ONLY_REFUSAL = /append-only|permission denied/;

let fx: Fixture;
beforeEach(async () => {
  fx = await openFixture();
  await people(fx.services);
});
afterEach(async () => fx.close());

describe('append-only evidence and audit trail', () => {
  it('stores the exact bytes read with their SHA-256', async () => {
    const input = testRunInput('SN-H1');
    const run = await fx.services.testRuns.record(input);
    const back = await fx.services.testRuns.get(run.id);
    expect(back.rawHex).toBe(Buffer.from(input.raw).toString('hex'));
    expect(back.sha256).toBe((await import('node:crypto')).createHash('sha256').update(input.raw).digest('hex'));
    expect(back.decoded.vendor.serialNumber).toBe('SN-H1');
    expect(back.limitProfileId).toBe('ieee-10gbase-sr');
  });

  it('the services offer no way to change or delete a test run or an audit event', () => {
    const names = (o: object) => Object.keys(o);
    // attach and withdraw only insert (a link, a withdrawal naming it); nothing rewrites a run.
    expect(names(fx.services.testRuns).sort()).toEqual(['attach', 'get', 'listForCase', 'listForSerial', 'record', 'withdraw', 'withdrawnForCase']);
    // recordOutput only appends (records leaving the app); nothing edits or removes an event.
    expect(names(fx.services.audit).sort()).toEqual(['list', 'recordOutput']);
  });

  it.each(['test_run', 'audit_event', 'status_change', 'limit_profile', 'test_run_attachment'])('SQLite triggers abort UPDATE and DELETE on %s even from raw SQL', async (table) => {
    await fx.services.testRuns.record(testRunInput('SN-H2'));
    await fx.services.settings.importLimitProfile(
      { id: 'custom-sr', version: 1, name: 'custom', source: 'lab', effectiveFrom: null, match: { interfaces: ['10GBASE-SR'] }, limits: {} },
      'zlin',
    );
    await fx.services.repairs.createCase({
      rmaNumber: 'RMA-1',
      customerId: 1,
      moduleSerial: 'SN-H2',
      notificationChannel: 'written',
      notifiedAt: '2026-03-01T00:00:00Z',
      notifiedBy: 'x',
      complaintText: 'y',
      actor: 'zlin',
    });
    if (table === 'test_run_attachment') {
      const [run] = await fx.services.testRuns.listForSerial('SN-H2');
      await fx.services.testRuns.attach({ testRunId: run!.id, caseId: 1, role: 'before-repair', actor: 'zlin', station: 'bench-1' });
    }
    const count = Number((await fx.db.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
    expect(count).toBeGreaterThan(0);
    const col = table === 'limit_profile' ? 'json' : table === 'audit_event' ? 'actor' : table === 'status_change' ? 'actor' : table === 'test_run_attachment' ? 'actor' : 'operator';
    await expect(fx.db.writer.query(`UPDATE ${table} SET ${col} = 'forged'`)).rejects.toThrow(APPEND_ONLY_REFUSAL);
    await expect(fx.db.writer.query(`DELETE FROM ${table}`)).rejects.toThrow(APPEND_ONLY_REFUSAL);
    expect(Number((await fx.db.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n)).toBe(count);
  });

  it('a limit profile version is imported once; a change needs a new version', async () => {
    const p = { id: 'custom-sr', version: 1, name: 'custom', source: 'lab', effectiveFrom: null, match: {}, limits: {} };
    await fx.services.settings.importLimitProfile(p, 'zlin');
    await expect(fx.services.settings.importLimitProfile({ ...p, name: 'changed' }, 'zlin')).rejects.toMatchObject({ code: 'LIMIT_PROFILE_DUPLICATE' });
    await fx.services.settings.importLimitProfile({ ...p, version: 2 }, 'zlin');
    expect((await fx.services.settings.listLimitProfiles()).map((x) => x.version)).toEqual([1, 2]);
  });

  it('every state change writes who, what and when in the same transaction; a refused change writes nothing', async () => {
    const before = (await fx.services.audit.list({ limit: 1000 })).length;
    fx.clock.set('2026-04-01T12:00:00.000Z');
    await fx.services.settings.set({ key: 'station', value: 'bench-2', actor: 'mwu' });
    const [last] = await fx.services.audit.list({ limit: 1 });
    expect(last).toMatchObject({ actor: 'mwu', action: 'setting.set', entity: 'setting', entityId: 'station', at: '2026-04-01T12:00:00.000Z', details: { before: null, after: 'bench-2' } });
    await expect(fx.services.customers.create({ name: 'northwind networks', actor: 'mwu' })).rejects.toMatchObject({ code: 'DUPLICATE' });
    expect((await fx.services.audit.list({ limit: 1000 })).length).toBe(before + 1);
  });

  it('reads during a write transaction see only committed records (a refused change is never shown)', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const writing = fx.db.write(async (em) => {
      await em.query(`INSERT INTO customer (name, created_at) VALUES ('Half Written', '2026-03-02T08:00:00.000Z')`);
      await gate;
      throw new Error('refused after the insert');
    });
    await new Promise((r) => setTimeout(r, 50));
    expect((await fx.services.customers.list()).map((c) => c.name)).not.toContain('Half Written');
    release();
    await expect(writing).rejects.toThrow('refused after the insert');
    expect((await fx.services.customers.list()).map((c) => c.name)).not.toContain('Half Written');
  });
});
