// A repair case built the way the app builds one: real module images decoded and judged by
// main/sff + main/limits, stored through the record services, decided by the warranty policy.
import { PROGRAMMER_PROVENANCE } from '../db/helpers';
import { loadImageFile } from '../../../main/sff/image-file';
import { defaultLimitsDir, loadLimitLibrary } from '../../../main/limits/library';
import { testReportDataFromImage } from '../../../main/reports/index';
import type { RecordServices } from '../../../main/services/index';
import type { ReportMeta } from '../../../main/reports/index';
import { openFixture, people, type Fixture } from '../db/helpers';

export const PROFILES = loadLimitLibrary(defaultLimitsDir());

export const META_EN: ReportMeta = { station: 'Bench 2', printedAt: new Date('2026-03-05T06:30:00Z'), lang: 'en', appVersion: '0.1.0', timeZone: 'Asia/Shanghai' };
export const META_ZH: ReportMeta = { ...META_EN, lang: 'zh-CN' };

/** Bytes, decoded module and evaluation of a shipped simulated module, as a test-run input. */
export async function runInput(name: string, over: { serial?: string; rxLight?: boolean } = {}) {
  const img = await loadImageFile(`resources/modules/${name}.hex`);
  const data = testReportDataFromImage({
    bytes: img.bytes,
    path: img.path,
    profiles: PROFILES,
    setup: { rxLightSource: over.rxLight ?? true },
    at: new Date('2026-03-02T09:00:00Z'),
    station: 'Bench 2',
    operator: 'zlin',
    programmer: 'simulated',
    appVersion: '0.1.0',
  });
  return { raw: img.bytes, decoded: data.module, evaluation: data.evaluation, moduleSerial: over.serial ?? data.module.vendor.serialNumber };
}

export interface SeededCase {
  fx: Fixture;
  caseId: number;
  rma: string;
  serial: string;
  beforeRunId: number;
  afterRunId: number;
}

/**
 * RMA-7001 for Northwind Networks: weak-tx module (Tx power below the 10GBASE-SR minimum) notified
 * nine months after delivery, so the policy replaces it (fail-within-1-year); replaced by SIM0001
 * (good-10g-sr), verified and closed, then a follow-up call and a complaint.
 * `extraRuns` adds that many further before-repair readings (a long report).
 */
export async function seedRepairCase(opts: { extraRuns?: number; complaintText?: string } = {}): Promise<SeededCase> {
  const fx = await openFixture('2026-03-02T08:00:00.000Z');
  const s: RecordServices = fx.services;
  const ids = await people(s);
  const weak = await runInput('weak-tx');
  const serial = weak.moduleSerial;
  await s.deliveries.importCsv(`serial,customer,delivered_on\n${serial},Northwind Networks,2025-06-01\n`, 'zlin');
  const c = await s.repairs.createCase({
    rmaNumber: 'RMA-7001',
    customerId: ids.customerId,
    moduleSerial: serial,
    partNumber: weak.decoded.vendor.partNumber,
    notificationChannel: 'telephone',
    notifiedAt: '2026-03-01T10:00:00+08:00',
    notifiedBy: 'Li Na (NOC)',
    complaintText: opts.complaintText ?? 'Link on port 12 flaps every few minutes; optical power alarm on the switch.',
    technicianId: ids.techId,
    actor: 'zlin',
  });
  // Decisions rest only on programmer reads: the fixture's runs are recorded as a USB-ISS's.
  const base = { programmer: 'Devantech USB-ISS firmware 9 on /dev/ttyACM0', station: 'Bench 2', operator: 'zlin', appVersion: '0.1.0', actor: 'zlin', repairCaseId: c.id, provenance: PROGRAMMER_PROVENANCE } as const;
  fx.clock.advance(3_600_000);
  await s.repairs.transition({ caseId: c.id, to: 'diagnosing', actor: 'zlin' });
  let beforeRunId = (await s.testRuns.record({ ...weak, ...base, takenAt: '2026-03-02T09:00:00.000Z', role: 'before-repair' })).id;
  for (let i = 0; i < (opts.extraRuns ?? 0); i++) {
    const at = new Date(Date.parse('2026-03-02T09:05:00.000Z') + i * 60_000).toISOString();
    // Each reading of a live module differs in its monitors (here the temperature's low byte, A2h
    // 97): the same bytes twice would be one reading attached twice, which the records refuse.
    const raw = new Uint8Array(weak.raw);
    raw[256 + 97] = ((raw[256 + 97] ?? 0) + i + 1) & 0xff;
    beforeRunId = (await s.testRuns.record({ ...weak, ...base, raw, takenAt: at, role: 'before-repair' })).id;
  }
  await s.repairs.transition({ caseId: c.id, to: 'awaiting-decision', note: 'Tx power low on every reading', actor: 'zlin' });
  await s.repairs.decide({ caseId: c.id, cause: 'non-human', actor: 'mwu' });
  await s.repairs.transition({ caseId: c.id, to: 'verifying', actionTaken: 'Module replaced from stock', replacementSerial: 'SIM0001', actor: 'zlin' });
  const good = await runInput('good-10g-sr');
  const afterRunId = (await s.testRuns.record({ ...good, ...base, takenAt: '2026-03-03T08:00:00.000Z', role: 'after-repair' })).id;
  fx.clock.advance(86_400_000);
  await s.repairs.transition({ caseId: c.id, to: 'closed', actor: 'zlin' });
  await s.supervision.recordCall({ caseId: c.id, callerId: ids.supervisorId, calledAt: '2026-03-04T10:00:00+08:00', satisfaction: 4, remarks: 'Customer satisfied, asked for faster shipping', actor: 'mwu' });
  await s.supervision.fileComplaint({ caseId: c.id, addressedTo: 'supervisor', text: 'Replacement took two days', actor: 'mwu' });
  return { fx, caseId: c.id, rma: 'RMA-7001', serial, beforeRunId, afterRunId };
}
