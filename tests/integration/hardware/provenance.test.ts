// Provenance through the real drivers (issue 16): a read on an emulated Bus Pirate over a socat
// pseudo-terminal is a programmer's run (kind, port, identity when the driver reports one) and
// may decide a case; the same module from the simulated bench or a dump file may not. A port
// the last enumeration did not list is never opened.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osBinding, type SerialBinding } from '../../../main/hardware/index';
import { loadSimulatedModule } from '../../../main/hardware/sim-library';
import { formatEthtoolHex } from '../../../main/sff/image-text';
import { startEmulator, type EmulatorHandle } from '../../support/emulators';
import { openChannelFixture, type ChannelFixture } from '../../support/channels';
import { ScriptedDialogs } from '../../support/harness/server';
import type { BenchReadResult } from '../../../preload/contract/api';

const MODULES = path.resolve(__dirname, '../../../resources/modules');
let tmp: string;
let emu: EmulatorHandle;
let fx: ChannelFixture;
const dialogs = new ScriptedDialogs();

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'ob-provenance-'));
  const weak = (await loadSimulatedModule('weak-tx', MODULES)).image;
  emu = await startEmulator({ kind: 'buspirate', image: weak, initialState: 'terminal' });
  const host = osBinding() as unknown as { open: (o: unknown) => Promise<unknown>; list: () => Promise<unknown[]> };
  const binding = { open: (o: unknown) => host.open(o), list: async () => [{ path: emu.devicePath, vendorId: '0403', productId: '6001', manufacturer: 'FTDI' }] } as unknown as SerialBinding;
  fx = await openChannelFixture({ databasePath: path.join(tmp, 'records.sqlite'), dialogs, binding });
}, 60_000);

afterAll(async () => {
  await fx?.services.close();
  await emu?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function caseFor(serial: string, rma: string): Promise<number> {
  const customer = (await fx.ok<Array<{ id: number }>>('customers:list', {}))[0] ?? (await fx.ok<{ id: number }>('customers:create', { name: 'Northwind' }));
  const tech = (await fx.ok<Array<{ id: number }>>('technicians:list', {}))[0];
  const c = await fx.ok<{ id: number }>('cases:create', {
    rmaNumber: rma, customerId: customer.id, moduleSerial: serial, notificationChannel: 'written', notifiedAt: '2026-11-20T09:00:00Z', notifiedBy: 'NOC', complaintText: 'low power', technicianId: tech?.id,
  });
  await fx.ok('cases:transition', { caseId: c.id, to: 'diagnosing' });
  return c.id;
}

describe('provenance of a read', () => {
  it('opens no port the last enumeration did not list (the page once could name any device path)', async () => {
    const before = await fx.call('bench:probe', { programmer: { kind: 'buspirate', path: emu.devicePath } });
    expect(before.ok ? 'ok' : before.error.code).toBe('PORT_NOT_LISTED');
    await fx.ok('ports:list');
    const other = await fx.call('bench:read', { programmer: { kind: 'usbiss', path: '/dev/sda' }, rxLightSource: false });
    expect(other.ok ? 'ok' : other.error.code).toBe('PORT_NOT_LISTED');
  });

  it('a Bus Pirate read is a programmer run: kind, port and the programmer\'s identity when it gives one; it decides the case', async () => {
    await fx.ok('ports:list');
    const read = await fx.ok<BenchReadResult>('bench:read', { programmer: { kind: 'buspirate', path: emu.devicePath }, rxLightSource: true });
    const serial = read.module.vendor.serialNumber;
    const caseId = await caseFor(serial, 'RMA-PROV-1');
    const run = await fx.ok<Record<string, unknown>>('testruns:record', { readId: read.readId, role: 'before-repair', caseId });
    expect(run).toMatchObject({ source: 'programmer', programmerKind: 'buspirate', programmerPort: emu.devicePath, serialRead: serial });
    // The driver's own identity string (banner / version reply) is recorded when it reports one (issue 13 fills it in).
    expect(run.programmerIdentity === null || typeof run.programmerIdentity === 'string').toBe(true);
    expect(run.programmerIdentity ?? null).toBe(read.programmer.identity ?? null);
    await fx.ok('cases:transition', { caseId, to: 'awaiting-decision' });
    const decided = await fx.ok<{ decisionDetail: { evidenceTestRunId: number } }>('cases:decide', { caseId, cause: 'non-human' });
    expect(decided.decisionDetail.evidenceTestRunId).toBe(run.id);
  }, 60_000);

  it('the same module from the simulated bench is training, and from a dump file imported (with its name and SHA-256): neither decides', async () => {
    const sim = await fx.ok<BenchReadResult>('bench:read', { programmer: { kind: 'sim', module: 'weak-tx' }, rxLightSource: true });
    const serial = sim.module.vendor.serialNumber;
    const caseId = await caseFor(serial, 'RMA-PROV-2');
    const training = await fx.ok<Record<string, unknown>>('testruns:record', { readId: sim.readId, role: 'before-repair', caseId });
    expect(training).toMatchObject({ source: 'simulated', programmerKind: 'sim' });
    const file = path.join(tmp, 'weak.txt');
    writeFileSync(file, formatEthtoolHex((await loadSimulatedModule('weak-tx', MODULES)).image));
    dialogs.queueOpen(file);
    const dump = await fx.ok<{ canceled: false; read: BenchReadResult }>('files:open-dump', {});
    const imported = await fx.ok<Record<string, unknown>>('testruns:record', { readId: dump.read.readId, role: 'before-repair', caseId });
    expect(imported).toMatchObject({ source: 'file', sourceFileName: 'weak.txt', sourceFileSha256: expect.stringMatching(/^[0-9a-f]{64}$/), programmerKind: null });
    const refused = await fx.call('cases:transition', { caseId, to: 'awaiting-decision' });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('EVIDENCE_NOT_ADMISSIBLE');
  }, 60_000);
});
