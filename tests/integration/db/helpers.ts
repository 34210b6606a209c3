// Shared fixtures for the records tests: temp database files, a controllable clock, and decoded
// modules / evaluations shaped like the real decoder and limits output.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DecodedModule } from '../../../preload/contract/module';
import type { Evaluation, ParameterName } from '../../../preload/contract/limits';
import type { RecordTestRunInput, TestRunProvenance } from '../../../preload/contract/records';
import { openDatabase, openRecords, type Db } from '../../../main/db/index';
import { createMigratedDatabase } from '../../support/postgres';
import { createRecordServices, type RecordServices } from '../../../main/services/index';

export function tempDir(prefix = 'ob-db-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface FakeClock {
  (): Date;
  set(iso: string): void;
  advance(ms: number): void;
}

export function fakeClock(startIso = '2026-03-02T08:00:00.000Z'): FakeClock {
  let t = Date.parse(startIso);
  const clock = (() => new Date(t)) as FakeClock;
  clock.set = (iso) => {
    t = Date.parse(iso);
  };
  clock.advance = (ms) => {
    t += ms;
  };
  return clock;
}

export interface Fixture {
  dir: string;
  file: string;
  db: Db;
  clock: FakeClock;
  services: RecordServices;
  close(): Promise<void>;
}

/**
 * The engine openFixture opens (issue 14). The *.postgres.test.ts files set it to 'postgres'
 * and then import the suite they run again on the lab server's engine, so one suite body
 * serves both engines.
 */
let fixtureEngine: 'sqlite' | 'postgres' = 'sqlite';
export function useEngine(engine: 'sqlite' | 'postgres'): void {
  fixtureEngine = engine;
}
export const currentEngine = (): 'sqlite' | 'postgres' => fixtureEngine;

export async function openFixture(clockStart?: string): Promise<Fixture> {
  if (fixtureEngine === 'postgres') {
    // A fresh migrated database; the services connect as a bench's login (no UPDATE/DELETE on evidence).
    const t = await createMigratedDatabase('fx');
    const clock = fakeClock(clockStart);
    const db = await openRecords(t.bench, { clock, migrate: false });
    return {
      dir: '',
      file: '',
      db,
      clock,
      services: createRecordServices(db),
      async close() {
        await db.close();
        await t.drop();
      },
    };
  }
  const dir = tempDir();
  const file = path.join(dir, 'records.sqlite');
  const clock = fakeClock(clockStart);
  const db = await openDatabase({ path: file, clock });
  return {
    dir,
    file,
    db,
    clock,
    services: createRecordServices(db),
    async close() {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function decodedModule(serial: string, partNumber = 'OB-SFP10G-SR', manufactureDate: string | null = '2024-01-15'): DecodedModule {
  const dateCode = manufactureDate === null ? '' : manufactureDate.slice(2).replace(/-/g, '');
  return {
    standard: 'SFF-8472',
    identifier: { code: 3, name: 'SFP/SFP+/SFP28' },
    connector: { code: 7, name: 'LC' },
    encoding: { code: 6, name: '64B/66B' },
    compliance: ['10GBASE-SR'],
    nominalBitRateMbd: 10300,
    wavelengthNm: 850,
    lengths: { smfKm: 0, smfM: 0, om1M: 30, om2M: 80, om3M: 300, om4M: 400, copperM: 0 },
    vendor: { name: 'OPTIC BENCH', oui: '00:90:65', partNumber, revision: 'A', serialNumber: serial, dateCode, manufactureDate },
    checksums: { base: { stored: 1, computed: 1, ok: true }, extended: { stored: 2, computed: 2, ok: true }, diagnostics: null },
    diagnostics: null,
    problems: [],
  };
}

export function evaluation(withinSpec: boolean, failing: ParameterName = 'txPowerDbm'): Evaluation {
  return {
    profile: { id: 'ieee-10gbase-sr', version: 1, name: '10GBASE-SR', source: 'IEEE 802.3 clause 52.5' },
    matchedBy: 'interface 10GBASE-SR',
    verdicts: [
      { parameter: 'temperatureC', lane: null, value: 35, unit: 'degC', status: 'pass', limit: { min: 0, max: 70 }, limitSource: 'profile', reason: 'within spec' },
      withinSpec
        ? { parameter: failing, lane: 1, value: -2, unit: 'dBm', status: 'pass', limit: { min: -7.3, max: -1 }, limitSource: 'profile', reason: 'within spec' }
        : { parameter: failing, lane: 1, value: -9.1, unit: 'dBm', status: 'fail', limit: { min: -7.3, max: -1 }, limitSource: 'profile', reason: 'below spec minimum' },
    ],
    integrity: [{ check: 'checksumBase', status: 'pass', reason: 'ok' }],
    overall: withinSpec ? 'pass' : 'fail',
    withinSpec,
  };
}

/** A read on a real programmer, as main records it from one (the only kind a decision may rest on). */
export const PROGRAMMER_PROVENANCE: TestRunProvenance = {
  source: 'programmer',
  programmerKind: 'usbiss',
  programmerPort: '/dev/ttyACM0',
  programmerIdentity: 'USB-ISS module 7 firmware 9',
  fileName: null,
  fileSha256: null,
};
export const SIMULATED_PROVENANCE: TestRunProvenance = { source: 'simulated', programmerKind: 'sim', programmerPort: null, programmerIdentity: 'simulated', fileName: null, fileSha256: null };

let reads = 0;

export function testRunInput(serial: string, over: Partial<RecordTestRunInput> = {}): RecordTestRunInput {
  const raw = new Uint8Array(512);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 7 + serial.length) & 0xff;
  // Two reads of a live module never give the same bytes (its monitors move); the last bytes
  // stand for that, so a test that records two reads does not record one read twice.
  reads += 1;
  raw[510] = (reads >> 8) & 0xff;
  raw[511] = reads & 0xff;
  return {
    raw,
    decoded: decodedModule(serial),
    evaluation: evaluation(true),
    provenance: PROGRAMMER_PROVENANCE,
    programmer: 'Devantech USB-ISS firmware 9 on /dev/ttyACM0',
    station: 'bench-1',
    operator: 'zlin',
    appVersion: '0.1.0',
    takenAt: '2026-03-02T09:00:00.000Z',
    role: 'before-repair',
    actor: 'zlin',
    ...over,
  };
}

/** A customer, a technician and a supervisor, the minimum every case needs. */
export async function people(s: RecordServices): Promise<{ customerId: number; techId: number; supervisorId: number }> {
  const customer = await s.customers.create({ name: 'Northwind Networks', actor: 'admin' });
  const tech = await s.technicians.create({ code: 'zlin', name: 'Zhang Lin', role: 'technician', actor: 'admin' });
  const sup = await s.technicians.create({ code: 'mwu', name: 'Mei Wu', role: 'supervisor', actor: 'admin' });
  return { customerId: customer.id, techId: tech.id, supervisorId: sup.id };
}
