// Entities as EntitySchema (esbuild emits no decorator metadata). Property names are camelCase,
// columns snake_case as the migrations create them; the migrations, not these, define the schema.
import { EntitySchema, type EntitySchemaColumnOptions } from 'typeorm';

type Cols = Record<string, EntitySchemaColumnOptions>;
const text = (name: string, nullable = false): EntitySchemaColumnOptions => ({ type: 'text', name, nullable });
const int = (name: string, nullable = false): EntitySchemaColumnOptions => ({ type: 'integer', name, nullable });
const pk: EntitySchemaColumnOptions = { type: 'integer', primary: true, generated: 'increment' };

export interface CustomerRow {
  id: number;
  name: string;
  contact: string | null;
  phone: string | null;
  email: string | null;
  createdAt: string;
}
export const CustomerEntity = new EntitySchema<CustomerRow>({
  name: 'Customer',
  tableName: 'customer',
  columns: { id: pk, name: text('name'), contact: text('contact', true), phone: text('phone', true), email: text('email', true), createdAt: text('created_at') } satisfies Cols,
});

export interface TechnicianRow {
  id: number;
  code: string;
  name: string;
  role: string;
  active: number;
  createdAt: string;
  /** argon2id PHC string of the sign-in PIN; null until one is set (evidence migration). */
  pinHash: string | null;
  pinSetAt: string | null;
}
export const TechnicianEntity = new EntitySchema<TechnicianRow>({
  name: 'Technician',
  tableName: 'technician',
  columns: {
    id: pk,
    code: text('code'),
    name: text('name'),
    role: text('role'),
    active: int('active'),
    createdAt: text('created_at'),
    pinHash: text('pin_hash', true),
    pinSetAt: text('pin_set_at', true),
  },
});

export interface ModuleRow {
  serial: string;
  vendor: string | null;
  partNumber: string | null;
  firstSeenAt: string;
}
export const ModuleEntity = new EntitySchema<ModuleRow>({
  name: 'Module',
  tableName: 'module',
  columns: { serial: { type: 'text', primary: true }, vendor: text('vendor', true), partNumber: text('part_number', true), firstSeenAt: text('first_seen_at') },
});

export interface DeliveryRow {
  id: number;
  moduleSerial: string;
  customerId: number;
  deliveredOn: string;
  partNumber: string | null;
  importedAt: string;
}
export const DeliveryEntity = new EntitySchema<DeliveryRow>({
  name: 'Delivery',
  tableName: 'delivery',
  columns: {
    id: pk,
    moduleSerial: text('module_serial'),
    customerId: int('customer_id'),
    deliveredOn: text('delivered_on'),
    partNumber: text('part_number', true),
    importedAt: text('imported_at'),
  },
});

export interface RepairCaseRow {
  id: number;
  rmaNumber: string;
  customerId: number;
  moduleSerial: string;
  partNumber: string | null;
  notificationChannel: string;
  notifiedAt: string;
  notifiedOn: string;
  notifiedBy: string;
  complaintText: string;
  status: string;
  technicianId: number | null;
  cause: string | null;
  decision: string | null;
  decisionRule: string | null;
  decisionRuleId: string | null;
  decisionAgeDays: number | null;
  decisionEstimated: number | null;
  decisionBasisDate: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  evidenceTestRunId: number | null;
  /** Schema 3: the external test a decision rests on besides the bench run. */
  evidenceExternalTestId: number | null;
  /** Schema 3: a needs-evidence decision's needs, JSON array of EvidenceNeed. */
  decisionNeeds: string | null;
  failureMode: string | null;
  actionTaken: string | null;
  replacementSerial: string | null;
  createdAt: string;
  updatedAt: string;
  firstResponseAt: string | null;
  closedAt: string | null;
  responseS: number | null;
  closureS: number | null;
  /** Schema 5: the delivery record the decision counted from. */
  decisionDeliveryId: number | null;
  /** Schema 5 (issue 14): raised by every change; the optimistic check compares it. */
  version: number;
  updatedBy: string | null;
  updatedStation: string | null;
}
export const RepairCaseEntity = new EntitySchema<RepairCaseRow>({
  name: 'RepairCase',
  tableName: 'repair_case',
  columns: {
    id: pk,
    rmaNumber: text('rma_number'),
    customerId: int('customer_id'),
    moduleSerial: text('module_serial'),
    partNumber: text('part_number', true),
    notificationChannel: text('notification_channel'),
    notifiedAt: text('notified_at'),
    notifiedOn: text('notified_on'),
    notifiedBy: text('notified_by'),
    complaintText: text('complaint_text'),
    status: text('status'),
    technicianId: int('technician_id', true),
    cause: text('cause', true),
    decision: text('decision', true),
    decisionRule: text('decision_rule', true),
    decisionRuleId: text('decision_rule_id', true),
    decisionAgeDays: int('decision_age_days', true),
    decisionEstimated: int('decision_estimated', true),
    decisionBasisDate: text('decision_basis_date', true),
    decidedAt: text('decided_at', true),
    decidedBy: text('decided_by', true),
    evidenceTestRunId: int('evidence_test_run_id', true),
    evidenceExternalTestId: int('evidence_external_test_id', true),
    decisionNeeds: text('decision_needs', true),
    failureMode: text('failure_mode', true),
    actionTaken: text('action_taken', true),
    replacementSerial: text('replacement_serial', true),
    createdAt: text('created_at'),
    updatedAt: text('updated_at'),
    firstResponseAt: text('first_response_at', true),
    closedAt: text('closed_at', true),
    responseS: int('response_s', true),
    closureS: int('closure_s', true),
    decisionDeliveryId: int('decision_delivery_id', true),
    version: int('version'),
    updatedBy: text('updated_by', true),
    updatedStation: text('updated_station', true),
  },
});

export interface StatusChangeRow {
  id: number;
  repairCaseId: number;
  fromStatus: string | null;
  toStatus: string;
  at: string;
  actor: string;
  note: string | null;
}
export const StatusChangeEntity = new EntitySchema<StatusChangeRow>({
  name: 'StatusChange',
  tableName: 'status_change',
  columns: {
    id: pk,
    repairCaseId: int('repair_case_id'),
    fromStatus: text('from_status', true),
    toStatus: text('to_status'),
    at: text('at'),
    actor: text('actor'),
    note: text('note', true),
  },
});

export interface TestRunRow {
  id: number;
  moduleSerial: string;
  rawImage: Buffer;
  sha256: string;
  decodedJson: string;
  limitProfileId: string | null;
  limitProfileVersion: number | null;
  evaluationJson: string;
  overallVerdict: string;
  withinSpec: number;
  programmer: string;
  station: string;
  operator: string;
  appVersion: string;
  takenAt: string;
  recordedAt: string;
  role: string;
  correctsId: number | null;
  correctionReason: string | null;
  repairCaseId: number | null;
  /** Provenance (evidence migration): 'programmer' | 'simulated' | 'file'. */
  source: string | null;
  programmerKind: string | null;
  programmerPort: string | null;
  programmerIdentity: string | null;
  sourceFileName: string | null;
  sourceFileSha256: string | null;
  /** The serial the module's memory gave (module_serial is what the run is recorded under). */
  serialRead: string | null;
  serialOverrideReason: string | null;
  serialOverrideBy: string | null;
  /** Schema 6 (issue 15): NULL for a read, 'soak' for a soak (its soak_run row holds the rest). */
  kind?: string | null;
  /** Schema 5 (issue 14): the bench's own id of the run, kept through its outbox (a resend is recognised). */
  runUid: string | null;
}
export const TestRunEntity = new EntitySchema<TestRunRow>({
  name: 'TestRun',
  tableName: 'test_run',
  columns: {
    id: pk,
    moduleSerial: text('module_serial'),
    rawImage: { type: 'blob', name: 'raw_image' },
    sha256: text('sha256'),
    decodedJson: text('decoded_json'),
    limitProfileId: text('limit_profile_id', true),
    limitProfileVersion: int('limit_profile_version', true),
    evaluationJson: text('evaluation_json'),
    overallVerdict: text('overall_verdict'),
    withinSpec: int('within_spec'),
    programmer: text('programmer'),
    station: text('station'),
    operator: text('operator'),
    appVersion: text('app_version'),
    takenAt: text('taken_at'),
    recordedAt: text('recorded_at'),
    role: text('role'),
    correctsId: int('corrects_id', true),
    correctionReason: text('correction_reason', true),
    repairCaseId: int('repair_case_id', true),
    source: text('source', true),
    programmerKind: text('programmer_kind', true),
    programmerPort: text('programmer_port', true),
    programmerIdentity: text('programmer_identity', true),
    sourceFileName: text('source_file_name', true),
    sourceFileSha256: text('source_file_sha256', true),
    serialRead: text('serial_read', true),
    serialOverrideReason: text('serial_override_reason', true),
    serialOverrideBy: text('serial_override_by', true),
    kind: text('kind', true),
    runUid: text('run_uid', true),
  },
});

/** Schema 3: a link or BER test on a host or tester, recorded once and never changed (evidence). */
export interface ExternalTestRow {
  id: number;
  moduleSerial: string;
  repairCaseId: number | null;
  role: string;
  kind: string;
  result: string;
  equipment: string;
  hostPort: string | null;
  dataRate: string | null;
  durationS: number | null;
  bitErrorRatio: number | null;
  errorCount: number | null;
  performedBy: string;
  performedAt: string;
  notes: string | null;
  station: string;
  recordedAt: string;
  recordedBy: string;
}
export const ExternalTestEntity = new EntitySchema<ExternalTestRow>({
  name: 'ExternalTest',
  tableName: 'external_test',
  columns: {
    id: pk,
    moduleSerial: text('module_serial'),
    repairCaseId: int('repair_case_id', true),
    role: text('role'),
    kind: text('kind'),
    result: text('result'),
    equipment: text('equipment'),
    hostPort: text('host_port', true),
    dataRate: text('data_rate', true),
    durationS: int('duration_s', true),
    bitErrorRatio: { type: 'real', name: 'bit_error_ratio', nullable: true },
    errorCount: int('error_count', true),
    performedBy: text('performed_by'),
    performedAt: text('performed_at'),
    notes: text('notes', true),
    station: text('station'),
    recordedAt: text('recorded_at'),
    recordedBy: text('recorded_by'),
  },
});

/**
 * Schema 5: a run attached to a case (action 'attach'), or an attachment withdrawn by a
 * supervisor (action 'withdraw', naming it by withdraws_id, or a legacy link by run, case and
 * role with withdraws_id null). Evidence: inserted once, never changed.
 */
export interface TestRunAttachmentRow {
  id: number;
  action: 'attach' | 'withdraw';
  testRunId: number;
  repairCaseId: number;
  role: string;
  recordedSerial: string | null;
  serialOverrideReason: string | null;
  serialOverrideBy: string | null;
  withdrawsId: number | null;
  reason: string | null;
  at: string;
  actor: string;
  station: string | null;
}
export const TestRunAttachmentEntity = new EntitySchema<TestRunAttachmentRow>({
  name: 'TestRunAttachment',
  tableName: 'test_run_attachment',
  columns: {
    id: pk,
    action: text('action'),
    testRunId: int('test_run_id'),
    repairCaseId: int('repair_case_id'),
    role: text('role'),
    recordedSerial: text('recorded_serial', true),
    serialOverrideReason: text('serial_override_reason', true),
    serialOverrideBy: text('serial_override_by', true),
    withdrawsId: int('withdraws_id', true),
    reason: text('reason', true),
    at: text('at'),
    actor: text('actor'),
    station: text('station', true),
  },
});

export interface ComplaintRow {
  id: number;
  repairCaseId: number;
  technicianId: number | null;
  addressedTo: string;
  text: string;
  status: string;
  resolution: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  resolvedAt: string | null;
}
export const ComplaintEntity = new EntitySchema<ComplaintRow>({
  name: 'Complaint',
  tableName: 'complaint',
  columns: {
    id: pk,
    repairCaseId: int('repair_case_id'),
    technicianId: int('technician_id', true),
    addressedTo: text('addressed_to'),
    text: text('text'),
    status: text('status'),
    resolution: text('resolution', true),
    createdAt: text('created_at'),
    createdBy: text('created_by'),
    updatedAt: text('updated_at'),
    resolvedAt: text('resolved_at', true),
  },
});

export interface FollowUpCallRow {
  id: number;
  repairCaseId: number;
  technicianId: number | null;
  callerId: number;
  calledAt: string;
  satisfaction: number;
  remarks: string | null;
  recordedAt: string;
}
export const FollowUpCallEntity = new EntitySchema<FollowUpCallRow>({
  name: 'FollowUpCall',
  tableName: 'follow_up_call',
  columns: {
    id: pk,
    repairCaseId: int('repair_case_id'),
    technicianId: int('technician_id', true),
    callerId: int('caller_id'),
    calledAt: text('called_at'),
    satisfaction: int('satisfaction'),
    remarks: text('remarks', true),
    recordedAt: text('recorded_at'),
  },
});

export interface AuditEventRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  detailsJson: string;
}
export const AuditEventEntity = new EntitySchema<AuditEventRow>({
  name: 'AuditEvent',
  tableName: 'audit_event',
  columns: { id: pk, at: text('at'), actor: text('actor'), action: text('action'), entity: text('entity'), entityId: text('entity_id'), detailsJson: text('details_json') },
});

export interface SettingRow {
  key: string;
  value: string;
  updatedAt: string;
  updatedBy: string;
}
export const SettingEntity = new EntitySchema<SettingRow>({
  name: 'Setting',
  tableName: 'setting',
  columns: { key: { type: 'text', primary: true }, value: text('value'), updatedAt: text('updated_at'), updatedBy: text('updated_by') },
});

export interface LimitProfileRow {
  id: string;
  version: number;
  json: string;
  importedAt: string;
  importedBy: string;
}
export const LimitProfileEntity = new EntitySchema<LimitProfileRow>({
  name: 'LimitProfile',
  tableName: 'limit_profile',
  columns: {
    id: { type: 'text', primary: true },
    version: { type: 'integer', primary: true },
    json: text('json'),
    importedAt: text('imported_at'),
    importedBy: text('imported_by'),
  },
});

export const ENTITIES = [
  CustomerEntity,
  TechnicianEntity,
  ModuleEntity,
  DeliveryEntity,
  RepairCaseEntity,
  StatusChangeEntity,
  TestRunEntity,
  ExternalTestEntity,
  TestRunAttachmentEntity,
  ComplaintEntity,
  FollowUpCallEntity,
  AuditEventEntity,
  SettingEntity,
  LimitProfileEntity,
];

/**
 * The same entities for PostgreSQL (issue 14): TypeORM matches an EntitySchema by name, so the
 * services' `em.insert(TestRunEntity, ...)` finds these. Only the column types differ: SQLite's
 * BLOB is bytea there, and SQLite's REAL (8 bytes) is double precision (PostgreSQL's real is 4).
 */
let postgresEntities: EntitySchema[] | null = null;
export function entitiesFor(engine: 'sqlite' | 'postgres'): EntitySchema[] {
  if (engine === 'sqlite') return ENTITIES as EntitySchema[];
  postgresEntities ??= (ENTITIES as EntitySchema[]).map((e) => {
    const columns: Record<string, EntitySchemaColumnOptions> = {};
    for (const [k, c] of Object.entries(e.options.columns) as Array<[string, EntitySchemaColumnOptions]>) {
      columns[k] = c.type === 'blob' ? { ...c, type: 'bytea' } : c.type === 'real' ? { ...c, type: 'double precision' } : c;
    }
    return new EntitySchema({ ...e.options, columns });
  });
  return postgresEntities;
}
