// Issue 14, item 7: four bench processes record test runs and decide cases at the same time on
// one lab server; one of them is cut off from it mid-way (its relay drops every connection) and
// reconnected. Nothing acknowledged is lost, nothing is stored twice, and every decision that did
// not happen was reported to its bench with a reason.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRecords, type Db } from '../../../main/db/index';
import { execOfManager, verifyChain } from '../../../main/db/evidence-chain';
import { createRecordServices } from '../../../main/services/index';
import { startBench, type BenchProcess } from '../../../scripts/lab-benches';
import { createMigratedDatabase, ensureCluster, postgresUnavailableReason, skipPostgres, type TestDatabase } from '../../support/postgres';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy';
import { evaluation, people, testRunInput } from '../db/helpers';

const RUNS_PER_BENCH = 40;
const CASES = 12;

describe.skipIf(skipPostgres())(`four benches on one lab server${skipPostgres() ? `: skipped, ${postgresUnavailableReason() ?? ''}` : ''}`, () => {
  let t: TestDatabase;
  let owner: Db;
  let proxy: TcpProxy;
  let dir: string;
  const benches: BenchProcess[] = [];
  const caseIds: number[] = [];

  beforeAll(async () => {
    t = await createMigratedDatabase('benches');
    owner = await openRecords(t.owner);
    const s = createRecordServices(owner);
    const ids = await people(s);
    for (let i = 0; i < CASES; i++) {
      const c = await s.repairs.createCase({ customerId: ids.customerId, moduleSerial: `SN-D${i}`, notificationChannel: 'written', notifiedAt: '2026-03-01T10:00:00Z', notifiedBy: 'NOC', complaintText: 'dead', technicianId: ids.techId, actor: 'zlin' });
      await s.repairs.transition({ caseId: c.id, to: 'diagnosing', actor: 'zlin' });
      await s.testRuns.record(testRunInput(`SN-D${i}`, { repairCaseId: c.id, evaluation: evaluation(i % 2 === 0), takenAt: new Date().toISOString() }));
      await s.repairs.transition({ caseId: c.id, to: 'awaiting-decision', actor: 'zlin' });
      caseIds.push(c.id);
    }
    const cluster = await ensureCluster();
    proxy = await startTcpProxy(cluster.host, cluster.port);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ob-benches-'));
  }, 120_000);

  afterAll(async () => {
    for (const b of benches) b.child.kill('SIGKILL');
    await proxy?.close();
    await owner?.close();
    await t?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loses nothing, stores nothing twice and reports every conflict, with one bench cut off and reconnected', async () => {
    const cluster = await ensureCluster();
    for (let i = 1; i <= 4; i++) {
      // Bench 4 reaches the server through the relay that is cut below.
      const port = i === 4 ? proxy.port : cluster.port;
      benches.push(
        startBench({
          station: `bench-${i}`,
          url: `postgres://${t.benchUser}@${cluster.host}:${port}/${t.name}`,
          password: t.benchPassword,
          dir,
          // Every bench tries every case, each in its own order: the same case is decided by several at once.
          args: ['--runs', String(RUNS_PER_BENCH), '--rate', '8', '--cases', [...caseIds].sort((a, b) => ((a * (i + 3)) % 17) - ((b * (i + 3)) % 17)).join(','), '--drain-ms', '60000'],
        }),
      );
    }
    await Promise.all(benches.map((b) => b.ready));
    for (const b of benches) b.go();

    // Cut bench 4 off once it has stored a few runs; reconnect it a little later.
    const cutOff = benches[3] as BenchProcess;
    const storedBy = (b: BenchProcess) => b.events.filter((e) => e.ev === 'ack' && e.queued === false).length;
    await waitFor(() => storedBy(cutOff) >= 5, 60_000, 'bench 4 storing runs');
    proxy.cut();
    await waitFor(() => cutOff.events.some((e) => e.ev === 'ack' && e.queued === true), 60_000, 'bench 4 queueing a run in its outbox');
    await waitFor(() => cutOff.events.filter((e) => e.ev === 'ack' && e.queued === true).length >= 5, 60_000, 'bench 4 queueing runs');
    proxy.restore();

    const codes = await Promise.all(benches.map((b) => b.exited));
    for (const [i, code] of codes.entries()) expect(code, `bench ${i + 1}: ${benches[i]?.stderr().slice(-1500)}`).toBe(0);

    // Every acknowledged run is on the server exactly once.
    const acked = benches.flatMap((b) => b.events.filter((e) => e.ev === 'ack').map((e) => String(e.uid)));
    expect(acked.length).toBe(4 * RUNS_PER_BENCH);
    expect(benches.flatMap((b) => b.events.filter((e) => e.ev === 'record-failed'))).toEqual([]);
    const stored = (await owner.dataSource.query(`SELECT run_uid, count(*) AS n FROM test_run WHERE run_uid IS NOT NULL GROUP BY run_uid`)) as Array<{ run_uid: string; n: number }>;
    const onServer = new Map(stored.map((r) => [r.run_uid, Number(r.n)]));
    expect(acked.filter((u) => onServer.get(u) !== 1), 'acknowledged runs missing or stored twice').toEqual([]);
    expect(cutOff.events.filter((e) => e.ev === 'ack' && e.queued === true).length).toBeGreaterThanOrEqual(5);
    for (const b of benches) expect(b.events.find((e) => e.ev === 'done'), b.station).toMatchObject({ waiting: 0, refused: 0 });

    // Each case decided once; every other try was refused with a reason its bench was given.
    const tries = benches.flatMap((b) => b.events.filter((e) => e.ev === 'decide'));
    expect(tries.length).toBe(4 * CASES);
    const decided = tries.filter((e) => e.outcome === 'decided').map((e) => Number(e.caseId));
    expect([...decided].sort((a, b) => a - b)).toEqual([...caseIds].sort((a, b) => a - b));
    const refusals = tries.filter((e) => e.outcome === 'refused');
    expect(refusals.length).toBe(3 * CASES);
    for (const r of refusals) expect(['CASE_CHANGED', 'ILLEGAL_TRANSITION', 'LAB_SERVER_UNREACHABLE'], JSON.stringify(r)).toContain(r.code);
    for (const id of caseIds) {
      const history = (await createRecordServices(owner).repairs.getCaseDetail(id)).history.filter((h) => h.from === 'awaiting-decision');
      expect(history.length, `case ${id} decided once`).toBe(1);
    }
    // And the evidence chain of all of it verifies.
    const chain = await verifyChain(execOfManager(owner.dataSource.manager));
    expect(chain.ok, JSON.stringify(chain.firstBroken)).toBe(true);
  }, 240_000);
});

async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
