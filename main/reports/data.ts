// What each report prints, gathered in one place so the app, the CLI and the benchmark fetch the
// same data the same way. A report reads stored records; it never re-judges a stored run (the
// stored evaluation is the evidence the decision rested on).
import { createHash } from 'node:crypto';
import type { Evaluation, Finding, IncompleteReason, IntegrityCheck, NextStep, ParameterVerdict, TemperatureClass, TestSetup, LimitProfile } from '../../preload/contract/limits';
import type { DecodedModule } from '../../preload/contract/module';
import type { Complaint, Customer, Delivery, ExternalTest, FollowUpCall, RepairCase, RunCaseRef, StatusChange, Technician, TestRunRole, TestRunSummary } from '../../preload/contract/records';
import { evaluateModule } from '../limits/index';
import { decodeModule } from '../sff/index';
import type { RecordServices } from '../services/index';
import { loadSoakReportData, type SoakReportData } from './soak-section';

/** Where a test report's data came from: a stored run, or an image file judged on the spot. */
export type TestReportSource =
  | {
      kind: 'test-run';
      testRunId: number;
      role: TestRunRole;
      repairCaseId: number | null;
      rmaNumber: string | null;
      correctsId: number | null;
      correctionReason: string | null;
      correctedById: number | null;
      /** The cases the run counts for (attached, not withdrawn), with the role in each. */
      cases: RunCaseRef[];
    }
  | { kind: 'file'; path: string };

export interface TestReportData {
  source: TestReportSource;
  module: DecodedModule;
  evaluation: Evaluation;
  /** The image exactly as read; the SHA-256 is over these bytes. */
  image: { sha256: string; bytes: number };
  programmer: string;
  station: string;
  operator: string;
  /** ISO instant the module was read (for a file: when it was judged). */
  takenAt: string;
  /** The app version that took the reading (a stored run keeps the one it was recorded with). */
  appVersion: string;
  /** A soak run (issue 15): what the soak showed, printed after the read it started with. */
  soak?: SoakReportData;
}

/**
 * A parameter or integrity check of a run that did not pass, with its stored verdict, so the
 * report words it as the bench screen did ("no light (TX_FAULT asserted)", not "not measured").
 */
export type RunFinding = { kind: 'parameter'; status: 'fail' | 'marginal'; verdict: ParameterVerdict } | { kind: 'integrity'; status: 'fail'; check: IntegrityCheck };

export interface RepairReportRun extends TestRunSummary {
  findings: RunFinding[];
  /** Identity oddities of the run (never failures), as the bench listed them. */
  identityFindings: Finding[];
  /** Why an incomplete run is incomplete, and what to do. */
  incomplete: IncompleteReason[];
  nextSteps: NextStep[];
}

export interface ReportModuleIdentity {
  type: string;
  vendor: string;
  partNumber: string;
  serialNumber: string;
  revision: string;
  dateCode: string;
  manufactureDate: string | null;
  wavelengthNm: number | null;
}

export interface RepairReportData {
  case: RepairCase;
  customer: Customer;
  technician: Technician | null;
  /** Identity of the returned module from its decision-evidence (or first before-repair) run; null when never read. */
  module: ReportModuleIdentity | null;
  deliveries: Delivery[];
  /** The runs that count for the case, each with how it was attached. */
  runs: RepairReportRun[];
  /** Runs attached by mistake and withdrawn by a supervisor (who, when, why): kept on paper as on screen. */
  withdrawnRuns?: RepairReportRun[];
  /** The delivery record the decision counted from, when it counted from one. */
  decisionDelivery?: Delivery | null;
  /** CMIS detail of the evidence run (module and data-path states, firmware, lanes, VDM), when it is a CMIS module. */
  cmis?: { runId: number; module: DecodedModule; evaluation: Evaluation } | null;
  history: StatusChange[];
  complaints: Complaint[];
  calls: Array<FollowUpCall & { callerName: string | null }>;
  /** External link / BER tests of the case, oldest first. */
  externalTests: ExternalTest[];
  /** The soaks among the runs (issue 15), oldest first. */
  soaks?: SoakReportData[];
}

export function findingsOf(evaluation: Evaluation): RunFinding[] {
  const out: RunFinding[] = [];
  for (const v of evaluation.verdicts) {
    if (v.status === 'fail' || v.status === 'marginal') out.push({ kind: 'parameter', status: v.status, verdict: v });
  }
  for (const c of evaluation.integrity) if (c.status === 'fail') out.push({ kind: 'integrity', status: 'fail', check: c });
  return out;
}

export function moduleIdentity(m: DecodedModule): ReportModuleIdentity {
  return {
    type: m.identifier.name,
    vendor: m.vendor.name,
    partNumber: m.vendor.partNumber,
    serialNumber: m.vendor.serialNumber,
    revision: m.vendor.revision,
    dateCode: m.vendor.dateCode,
    manufactureDate: m.vendor.manufactureDate,
    wavelengthNm: m.wavelengthNm,
  };
}

export async function loadTestReportData(records: RecordServices, testRunId: number): Promise<TestReportData> {
  const run = await records.testRuns.get(testRunId);
  // The case it counts for (the newest attachment when several); a run recorded the old way names its own.
  const cases = run.cases ?? [];
  const first = cases[cases.length - 1] ?? null;
  const legacyRma = first === null && run.repairCaseId !== null ? (await records.repairs.getCase(run.repairCaseId)).rmaNumber : null;
  return {
    source: {
      kind: 'test-run',
      testRunId: run.id,
      role: first?.role ?? run.role,
      repairCaseId: first?.caseId ?? run.repairCaseId,
      rmaNumber: first?.rmaNumber ?? legacyRma,
      correctsId: run.correctsId,
      correctionReason: run.correctionReason,
      correctedById: run.correctedById,
      cases,
    },
    module: run.decoded,
    evaluation: run.evaluation,
    image: { sha256: run.sha256, bytes: run.rawHex.length / 2 },
    programmer: run.programmer,
    station: run.station,
    operator: run.operator,
    takenAt: run.takenAt,
    appVersion: run.appVersion,
    ...(run.kind === 'soak' ? { soak: await loadSoakReportData(records, run.id) } : {}),
  };
}

export interface ImageReportInput {
  bytes: Uint8Array;
  path: string;
  profiles: readonly LimitProfile[];
  setup: TestSetup;
  /** When the module is judged (profile effective dates); also printed as the test time. */
  at: Date;
  station: string;
  operator: string;
  programmer: string;
  appVersion: string;
  profileId?: string;
  temperatureClass?: TemperatureClass;
}

/** A test report for an image file: decoded and judged now, exactly as `check FILE` does. */
export function testReportDataFromImage(input: ImageReportInput): TestReportData {
  const module = decodeModule(input.bytes);
  const evaluation = evaluateModule(module, {
    profiles: input.profiles,
    profileId: input.profileId,
    setup: input.setup,
    at: input.at,
    temperatureClass: input.temperatureClass,
  });
  return {
    source: { kind: 'file', path: input.path },
    module,
    evaluation,
    image: { sha256: createHash('sha256').update(input.bytes).digest('hex'), bytes: input.bytes.length },
    programmer: input.programmer,
    station: input.station,
    operator: input.operator,
    takenAt: input.at.toISOString(),
    appVersion: input.appVersion,
  };
}

export async function loadRepairReportData(records: RecordServices, caseId: number): Promise<RepairReportData> {
  const detail = await records.repairs.getCaseDetail(caseId);
  const c = detail.case;
  const withdrawn = detail.withdrawnRuns ?? [];
  const [customer, staff, fullRecords, withdrawnRecords] = await Promise.all([
    records.customers.get(c.customerId),
    records.technicians.list({ includeInactive: true }),
    Promise.all(detail.testRuns.map((r) => records.testRuns.get(r.id))),
    Promise.all(withdrawn.map((r) => records.testRuns.get(r.id))),
  ]);
  // The case's own view of each run (its role, link and the serial it counts under), with the stored bytes' judgement.
  const full = fullRecords.map((rec, i) => ({ ...rec, ...detail.testRuns[i] }) as typeof rec);
  const toReportRun = ({ rawHex: _raw, decoded: _decoded, evaluation, ...summary }: (typeof fullRecords)[number]): RepairReportRun => ({
    ...summary,
    findings: findingsOf(evaluation),
    identityFindings: evaluation.findings ?? [],
    incomplete: evaluation.incomplete ?? [],
    nextSteps: evaluation.nextSteps ?? [],
  });
  const byId = new Map(staff.map((t) => [t.id, t]));
  const evidenceId = c.decisionDetail?.evidenceTestRunId ?? null;
  const evidence = full.find((r) => r.id === evidenceId) ?? full.find((r) => r.role === 'before-repair' && r.correctedById === null) ?? full.find((r) => r.role === 'before-repair');
  return {
    case: c,
    customer,
    technician: c.technicianId === null ? null : (byId.get(c.technicianId) ?? null),
    module: evidence === undefined ? null : moduleIdentity(evidence.decoded),
    deliveries: detail.deliveries,
    runs: full.map(toReportRun),
    withdrawnRuns: withdrawnRecords.map((rec, i) => toReportRun({ ...rec, ...withdrawn[i] } as typeof rec)),
    decisionDelivery: detail.deliveries.find((x) => x.id === (c.decisionDetail?.deliveryId ?? -1)) ?? null,
    cmis: evidence !== undefined && evidence.decoded.cmis !== undefined ? { runId: evidence.id, module: evidence.decoded, evaluation: evidence.evaluation } : null,
    history: detail.history,
    complaints: detail.complaints,
    calls: detail.calls.map((call) => ({ ...call, callerName: byId.get(call.callerId)?.name ?? null })),
    externalTests: detail.externalTests ?? [],
    soaks: await Promise.all(full.filter((r) => r.kind === 'soak').map((r) => loadSoakReportData(records, r.id))),
  };
}
