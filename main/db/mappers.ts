// Rows to the contract's domain types, and request parsing shared by the services.
import type { z } from 'zod';
import { BenchError } from '../errors';
import type {
  AuditEvent,
  CaseSummary,
  Complaint,
  ComplaintAddressee,
  ComplaintStatus,
  Customer,
  Delivery,
  FollowUpCall,
  NotificationChannel,
  RepairCase,
  RepairStatus,
  StatusChange,
  Technician,
  TechnicianRole,
  TestRunRole,
  TestRunSource,
  TestRunSummary,
} from '../../preload/contract/records';
import type { CauseCategory, EvidenceNeed, WarrantyDecision, WarrantyRuleId } from '../../preload/contract/warranty';
import type { OverallVerdict } from '../../preload/contract/limits';
import type { AuditEventRow, ComplaintRow, CustomerRow, DeliveryRow, FollowUpCallRow, RepairCaseRow, StatusChangeRow, TechnicianRow } from './entities';

/** Parses an untrusted request; INVALID_INPUT names every field that failed. */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(request)'}: ${i.message}`);
    throw new BenchError('INVALID_INPUT', `invalid request: ${issues.join('; ')}`, { issues });
  }
  return r.data;
}

export const toCustomer = (r: CustomerRow): Customer => ({ ...r });

/** Field by field: the PIN hash stays in main (a spread would carry it to the page). */
export const toTechnician = (r: TechnicianRow): Technician => ({
  id: r.id,
  code: r.code,
  name: r.name,
  role: r.role as TechnicianRole,
  active: r.active === 1,
  createdAt: r.createdAt,
  hasPin: r.pinHash !== null && r.pinHash !== undefined,
});

export const toDelivery = (r: DeliveryRow): Delivery => ({ ...r });

export const toStatusChange = (r: StatusChangeRow): StatusChange => ({
  id: r.id,
  from: r.fromStatus as RepairStatus | null,
  to: r.toStatus as RepairStatus,
  at: r.at,
  actor: r.actor,
  note: r.note,
});

export const toComplaint = (r: ComplaintRow): Complaint => ({
  ...r,
  addressedTo: r.addressedTo as ComplaintAddressee,
  status: r.status as ComplaintStatus,
});

export const toFollowUpCall = (r: FollowUpCallRow): FollowUpCall => ({ ...r, satisfaction: r.satisfaction as FollowUpCall['satisfaction'] });

export const toAuditEvent = (r: AuditEventRow): AuditEvent => ({
  id: r.id,
  at: r.at,
  actor: r.actor,
  action: r.action,
  entity: r.entity,
  entityId: r.entityId,
  details: JSON.parse(r.detailsJson) as Record<string, unknown>,
});

export function toRepairCase(r: RepairCaseRow, customerName: string, technicianName: string | null): RepairCase {
  const decided = r.decision !== null && r.decidedAt !== null && r.evidenceTestRunId !== null;
  return {
    id: r.id,
    rmaNumber: r.rmaNumber,
    customerId: r.customerId,
    customerName,
    moduleSerial: r.moduleSerial,
    partNumber: r.partNumber,
    status: r.status as RepairStatus,
    technicianId: r.technicianId,
    technicianName,
    notifiedAt: r.notifiedAt,
    decision: r.decision as WarrantyDecision | null,
    updatedAt: r.updatedAt,
    notificationChannel: r.notificationChannel as NotificationChannel,
    notifiedOn: r.notifiedOn,
    notifiedBy: r.notifiedBy,
    complaintText: r.complaintText,
    cause: r.cause as CauseCategory | null,
    decisionDetail: decided
      ? {
          decision: r.decision as WarrantyDecision,
          rule: r.decisionRule ?? '',
          ruleId: r.decisionRuleId as WarrantyRuleId | null,
          ageDays: r.decisionAgeDays ?? null,
          estimated: r.decisionEstimated === 1,
          basisDate: r.decisionBasisDate ?? null,
          cause: r.cause as CauseCategory,
          decidedAt: r.decidedAt ?? '',
          decidedBy: r.decidedBy ?? '',
          evidenceTestRunId: r.evidenceTestRunId ?? 0,
          evidenceExternalTestId: r.evidenceExternalTestId ?? null,
          ...(r.decisionNeeds === null || r.decisionNeeds === undefined ? {} : { needs: JSON.parse(r.decisionNeeds) as EvidenceNeed[] }),
          deliveryId: r.decisionDeliveryId ?? null,
        }
      : null,
    failureMode: r.failureMode,
    actionTaken: r.actionTaken,
    replacementSerial: r.replacementSerial,
    createdAt: r.createdAt,
    firstResponseAt: r.firstResponseAt,
    closedAt: r.closedAt,
    version: Number(r.version ?? 0),
    updatedBy: r.updatedBy ?? null,
    updatedStation: r.updatedStation ?? null,
  };
}

/** The case-list columns, selected by name so the list never reads complaint text or decisions in full. */
export const CASE_SUMMARY_COLUMNS =
  'c.id AS id, c.rma_number AS rmaNumber, c.customer_id AS customerId, cu.name AS customerName, c.module_serial AS moduleSerial, ' +
  'c.part_number AS partNumber, c.status AS status, c.technician_id AS technicianId, t.name AS technicianName, ' +
  'c.notified_at AS notifiedAt, c.decision AS decision, c.updated_at AS updatedAt';

export const toCaseSummary = (r: Record<string, unknown>): CaseSummary => ({
  id: Number(r.id),
  rmaNumber: String(r.rmaNumber),
  customerId: Number(r.customerId),
  customerName: String(r.customerName),
  moduleSerial: String(r.moduleSerial),
  partNumber: (r.partNumber as string | null) ?? null,
  status: r.status as RepairStatus,
  technicianId: r.technicianId === null || r.technicianId === undefined ? null : Number(r.technicianId),
  technicianName: (r.technicianName as string | null) ?? null,
  notifiedAt: String(r.notifiedAt),
  decision: (r.decision as WarrantyDecision | null) ?? null,
  updatedAt: String(r.updatedAt),
});

/**
 * Test-run columns without the image and the decoded JSON. `link` names where the case-specific
 * columns (role, case, the serial it counts under, a supervisor's serial approval) come from: the
 * run itself, or one row of the view case_test_run (alias l) when listing the runs of a case.
 */
function runColumns(link: { role: string; caseId: string; serial: string; overrideReason: string; overrideBy: string; extra?: string }): string {
  return (
    `r.id AS id, ${link.serial} AS moduleSerial, r.sha256 AS sha256, r.limit_profile_id AS limitProfileId, ` +
    'r.limit_profile_version AS limitProfileVersion, r.overall_verdict AS overall, r.within_spec AS withinSpec, r.programmer AS programmer, ' +
    'r.station AS station, r.operator AS operator, r.app_version AS appVersion, r.taken_at AS takenAt, r.recorded_at AS recordedAt, ' +
    `${link.role} AS role, r.corrects_id AS correctsId, r.correction_reason AS correctionReason, ${link.caseId} AS repairCaseId, ` +
    '(SELECT x.id FROM test_run x WHERE x.corrects_id = r.id ORDER BY x.id LIMIT 1) AS correctedById, ' +
    'r.source AS source, r.programmer_kind AS programmerKind, r.programmer_port AS programmerPort, r.programmer_identity AS programmerIdentity, ' +
    'r.source_file_name AS sourceFileName, r.source_file_sha256 AS sourceFileSha256, r.serial_read AS serialRead, ' +
    `${link.overrideReason} AS serialOverrideReason, ${link.overrideBy} AS serialOverrideBy, r.kind AS kind, r.run_uid AS runUid` +
    (link.extra === undefined ? '' : `, ${link.extra}`)
  );
}

/** A run on its own (alias r). */
export const TEST_RUN_SUMMARY_COLUMNS = runColumns({
  role: 'r.role',
  caseId: 'r.repair_case_id',
  serial: 'r.module_serial',
  overrideReason: 'r.serial_override_reason',
  overrideBy: 'r.serial_override_by',
});

/** A run as it counts for a case: test_run r joined to its row l of the view case_test_run. */
export const LINKED_RUN_COLUMNS = runColumns({
  role: 'l.role',
  caseId: 'l.repair_case_id',
  serial: 'l.module_serial',
  overrideReason: 'l.serial_override_reason',
  overrideBy: 'l.serial_override_by',
  extra: "'link' AS linkKind, l.attachment_id AS linkAttachmentId, l.attached_at AS linkAttachedAt, l.attached_by AS linkAttachedBy",
});

/**
 * A run whose link to a case was withdrawn: the withdrawal w, the attachment a it withdrew (none
 * for a legacy link, which the run's own columns describe) and the run r.
 */
export const WITHDRAWN_RUN_COLUMNS = runColumns({
  role: 'w.role',
  caseId: 'w.repair_case_id',
  serial: 'COALESCE(a.recorded_serial, r.module_serial)',
  overrideReason: 'CASE WHEN a.id IS NULL THEN r.serial_override_reason ELSE a.serial_override_reason END',
  overrideBy: 'CASE WHEN a.id IS NULL THEN r.serial_override_by ELSE a.serial_override_by END',
  extra:
    "'link' AS linkKind, a.id AS linkAttachmentId, COALESCE(a.at, r.recorded_at) AS linkAttachedAt, COALESCE(a.actor, r.operator) AS linkAttachedBy, " +
    'w.id AS withdrawnId, w.at AS withdrawnAt, w.actor AS withdrawnBy, w.reason AS withdrawnReason',
});

export const toTestRunSummary = (r: Record<string, unknown>): TestRunSummary => ({
  id: Number(r.id),
  moduleSerial: String(r.moduleSerial),
  sha256: String(r.sha256),
  limitProfileId: (r.limitProfileId as string | null) ?? null,
  limitProfileVersion: r.limitProfileVersion === null || r.limitProfileVersion === undefined ? null : Number(r.limitProfileVersion),
  overall: r.overall as OverallVerdict,
  withinSpec: Number(r.withinSpec) === 1,
  programmer: String(r.programmer),
  station: String(r.station),
  operator: String(r.operator),
  appVersion: String(r.appVersion),
  takenAt: String(r.takenAt),
  recordedAt: String(r.recordedAt),
  role: r.role as TestRunRole,
  correctsId: r.correctsId === null || r.correctsId === undefined ? null : Number(r.correctsId),
  correctionReason: (r.correctionReason as string | null) ?? null,
  repairCaseId: r.repairCaseId === null || r.repairCaseId === undefined ? null : Number(r.repairCaseId),
  correctedById: r.correctedById === null || r.correctedById === undefined ? null : Number(r.correctedById),
  source: (r.source as TestRunSource | null) ?? 'programmer',
  programmerKind: str(r.programmerKind),
  programmerPort: str(r.programmerPort),
  programmerIdentity: str(r.programmerIdentity),
  sourceFileName: str(r.sourceFileName),
  sourceFileSha256: str(r.sourceFileSha256),
  serialRead: str(r.serialRead),
  serialOverride: r.serialOverrideReason === null || r.serialOverrideReason === undefined ? null : { reason: String(r.serialOverrideReason), by: String(r.serialOverrideBy ?? '') },
  kind: r.kind === 'soak' ? 'soak' : 'read',
  ...(r.linkKind === 'link'
    ? {
        link: {
          attachmentId: r.linkAttachmentId === null || r.linkAttachmentId === undefined ? null : Number(r.linkAttachmentId),
          attachedAt: String(r.linkAttachedAt),
          attachedBy: String(r.linkAttachedBy),
          withdrawn:
            r.withdrawnId === null || r.withdrawnId === undefined
              ? null
              : { id: Number(r.withdrawnId), at: String(r.withdrawnAt), by: String(r.withdrawnBy), reason: String(r.withdrawnReason ?? '') },
        },
      }
    : {}),
  runUid: str(r.runUid),
});

function str(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

/** An ISO date or instant as the UTC instant string stored in *_at columns (dates mean UTC midnight). */
export function instantBound(value: string, field: string): string {
  const withTime = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : value;
  const t = Date.parse(withTime);
  if (Number.isNaN(t)) throw new BenchError('INVALID_DATE', `${field} ${JSON.stringify(value)} is not an ISO date or date-time`, { field, value });
  return new Date(t).toISOString();
}
