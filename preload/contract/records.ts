// Repair records: the domain types and request schemas the IPC layer, the CLI and the renderer
// share (issue 4). Pure TypeScript + zod: no node:*, no typeorm. Dates are ISO strings: instants
// as UTC "YYYY-MM-DDTHH:mm:ss.sssZ", calendar dates as "YYYY-MM-DD".
import { z } from 'zod';
import type { CauseCategory, EvidenceNeed, WarrantyDecision, WarrantyRuleId } from './warranty';
import type { Evaluation, OverallVerdict } from './limits';
import type { DecodedModule } from './module';

export const TECHNICIAN_ROLES = ['technician', 'supervisor', 'engineering-manager'] as const;
export type TechnicianRole = (typeof TECHNICIAN_ROLES)[number];
export const NOTIFICATION_CHANNELS = ['written', 'telephone'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
export const REPAIR_STATUSES = [
  'received',
  'diagnosing',
  'awaiting-decision',
  'repairing',
  'replacing',
  'verifying',
  'closed',
  'returned-no-fault',
  'rejected-not-covered',
] as const;
export type RepairStatus = (typeof REPAIR_STATUSES)[number];
/** Statuses a case ends in; they have no way out. */
export const END_STATUSES: readonly RepairStatus[] = ['closed', 'returned-no-fault', 'rejected-not-covered'];
export const COMPLAINT_ADDRESSEES = ['supervisor', 'engineering-manager'] as const;
export type ComplaintAddressee = (typeof COMPLAINT_ADDRESSEES)[number];
export const COMPLAINT_STATUSES = ['open', 'in-progress', 'resolved'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
export const TEST_RUN_ROLES = ['before-repair', 'after-repair'] as const;
export type TestRunRole = (typeof TEST_RUN_ROLES)[number];
/**
 * Where a test run's bytes came from. Only `programmer` runs (a real programmer on a serial
 * port) are evidence a warranty decision or a verification may rest on; `simulated` runs are
 * training, `file` runs are imported dumps: both are stored and shown, never decisive.
 */
export const TEST_RUN_SOURCES = ['programmer', 'simulated', 'file'] as const;
export type TestRunSource = (typeof TEST_RUN_SOURCES)[number];
/** Roles in rising order of authority: each may do what the ones before it may. */
export const ROLE_RANK: Readonly<Record<TechnicianRole, number>> = { technician: 1, supervisor: 2, 'engineering-manager': 3 };
export function roleAtLeast(role: TechnicianRole, needed: TechnicianRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[needed];
}

/**
 * The workflow. Leaving awaiting-decision happens only through `decide`, which moves the case to
 * the status its decision implies (DECISION_STATUS); verifying may go back when the repaired or
 * replacement module fails its after-repair test.
 */
export const TRANSITIONS: Readonly<Record<RepairStatus, readonly RepairStatus[]>> = {
  received: ['diagnosing'],
  diagnosing: ['awaiting-decision'],
  'awaiting-decision': ['repairing', 'replacing', 'returned-no-fault', 'rejected-not-covered'],
  repairing: ['verifying'],
  replacing: ['verifying'],
  verifying: ['closed', 'repairing', 'replacing'],
  closed: [],
  'returned-no-fault': [],
  'rejected-not-covered': [],
};
export const DECISION_STATUS: Readonly<Record<WarrantyDecision, RepairStatus>> = {
  replace: 'replacing',
  repair: 'repairing',
  'no-fault-found': 'returned-no-fault',
  'not-covered': 'rejected-not-covered',
  'out-of-warranty': 'rejected-not-covered',
  // More evidence first: the case goes back to diagnosing (read again, record an external test),
  // then to awaiting-decision and a new decision.
  'needs-evidence': 'diagnosing',
};

export interface Customer {
  id: number;
  name: string;
  contact: string | null;
  phone: string | null;
  email: string | null;
  createdAt: string;
}

export interface Technician {
  id: number;
  /** Short unique login/initials, e.g. "zlin"; what audit events name as the actor. */
  code: string;
  name: string;
  role: TechnicianRole;
  active: boolean;
  createdAt: string;
  /** True once a PIN is set: the person can sign in. The PIN's hash never leaves main. */
  hasPin: boolean;
}

export interface ModuleRecord {
  serial: string;
  vendor: string | null;
  partNumber: string | null;
  firstSeenAt: string;
}

export interface Delivery {
  id: number;
  moduleSerial: string;
  customerId: number;
  deliveredOn: string;
  partNumber: string | null;
  importedAt: string;
}

export interface CaseDecision {
  decision: WarrantyDecision;
  /** "rule-id: words" as decideWarranty produced it. */
  rule: string;
  ruleId: WarrantyRuleId | null;
  /** null when no basis date was known (a needs-evidence decision without delivery record or readable date code). */
  ageDays: number | null;
  estimated: boolean;
  basisDate: string | null;
  cause: CauseCategory;
  decidedAt: string;
  decidedBy: string;
  /** The before-repair test run whose verdict the decision rests on. */
  evidenceTestRunId: number;
  /** The external link / BER test the decision rests on as well, when one was recorded. */
  evidenceExternalTestId?: number | null;
  /** A needs-evidence decision: what to do before deciding again. */
  needs?: EvidenceNeed[];
  /** The delivery record the age was counted from (null: estimated from the date code, or no basis). */
  deliveryId?: number | null;
}

/** One row of the case list. */
export interface CaseSummary {
  id: number;
  rmaNumber: string;
  customerId: number;
  customerName: string;
  moduleSerial: string;
  partNumber: string | null;
  status: RepairStatus;
  technicianId: number | null;
  technicianName: string | null;
  notifiedAt: string;
  decision: WarrantyDecision | null;
  updatedAt: string;
}

export interface StatusChange {
  id: number;
  from: RepairStatus | null;
  to: RepairStatus;
  at: string;
  actor: string;
  note: string | null;
}

export interface RepairCase extends CaseSummary {
  notificationChannel: NotificationChannel;
  /** The customer's calendar date of the notification (what the warranty counts from). */
  notifiedOn: string;
  notifiedBy: string;
  complaintText: string;
  cause: CauseCategory | null;
  decision: WarrantyDecision | null;
  decisionDetail: CaseDecision | null;
  /** Failing parameter or integrity check of the evidence run, "none" when it passed. */
  failureMode: string | null;
  actionTaken: string | null;
  replacementSerial: string | null;
  createdAt: string;
  firstResponseAt: string | null;
  closedAt: string | null;
  /**
   * Issue 14: raised by every change of the case. A change request may carry the version the
   * page shows (expectedVersion); if the case has moved on, CASE_CHANGED names who changed it.
   */
  version: number;
  /** Who made the last change, and at which station (null for cases changed before schema 5). */
  updatedBy: string | null;
  updatedStation: string | null;
}

/** A stored test run without its raw bytes and decoded JSON (list form). */
export interface TestRunSummary {
  id: number;
  moduleSerial: string;
  sha256: string;
  limitProfileId: string | null;
  limitProfileVersion: number | null;
  overall: OverallVerdict;
  withinSpec: boolean;
  programmer: string;
  station: string;
  operator: string;
  appVersion: string;
  takenAt: string;
  recordedAt: string;
  role: TestRunRole;
  correctsId: number | null;
  correctionReason: string | null;
  repairCaseId: number | null;
  /** Id of a later run that corrects this one, if any (this one is then superseded). */
  correctedById: number | null;
  /** Where the bytes came from; only 'programmer' runs may be a decision's or a verification's evidence. */
  source: TestRunSource;
  programmerKind: string | null;
  programmerPort: string | null;
  /** The programmer's own identity string (firmware banner / version reply), when it gave one. */
  programmerIdentity: string | null;
  /** For source 'file': the dump's base name and the SHA-256 of the file as opened. */
  sourceFileName: string | null;
  sourceFileSha256: string | null;
  /** The serial the module's memory gave (moduleSerial is what the run is recorded under); null in runs stored before it was kept. */
  serialRead: string | null;
  /** A run recorded for a case under a serial the module did not give: the supervisor's reason and name. */
  serialOverride: { reason: string; by: string } | null;
  /** Issue 14: the bench's own id of the run (null for runs recorded before schema 5). */
  runUid?: string | null;
  /**
   * Issue 14: the lab server did not answer; the run waits in this bench's outbox and is sent
   * when it answers (id 0 until then; the status bar counts the runs waiting).
   */
  queued?: boolean;
  /** 'soak' (issue 15): a soak run, its series and events beside it (soaks:get by this id); 'read' otherwise. */
  kind?: 'read' | 'soak';
  /**
   * Listed as a run of a case (case page, repair report): how it belongs to that case. Absent in
   * listings that are not about one case. repairCaseId, role, moduleSerial and serialOverride
   * above then describe that link.
   */
  link?: RunLink;
  /** Listed by serial (the bench, "reads of this module"): the cases it currently counts for. */
  cases?: RunCaseRef[];
}

/**
 * How a run belongs to a case (issue 12). A read is stored once, whether or not it is attached;
 * attaching links it to a case, once per case, in one role; a link made by mistake is withdrawn
 * by a supervisor with the reason, and both stay in the record.
 */
export interface RunLink {
  /** null: recorded with its case before attachments existed (schema 4 and earlier). */
  attachmentId: number | null;
  attachedAt: string;
  attachedBy: string;
  /** Set when the link was withdrawn: the run no longer counts for the case. */
  withdrawn: { id: number; at: string; by: string; reason: string } | null;
}

/** A case a run currently counts for. */
export interface RunCaseRef {
  caseId: number;
  rmaNumber: string;
  role: TestRunRole;
  status: RepairStatus;
}

/** An open case a read could be attached to, as the bench proposes it. */
export interface CaseCandidate extends CaseSummary {
  /** The role the read would take: after-repair once the case is being repaired or replaced. */
  role: TestRunRole;
  /** How the serial matched: the case's module, or its recorded replacement. */
  matchedBy: 'module-serial' | 'replacement-serial' | 'chosen';
  replacementSerial: string | null;
}

export interface TestRunRecord extends TestRunSummary {
  /** The module image exactly as read, hex (ethtool layout); SHA-256 is over these bytes. */
  rawHex: string;
  decoded: DecodedModule;
  evaluation: Evaluation;
}

/**
 * What an I2C read cannot show (a passive cable's signal path, a link that drops under traffic)
 * judged on a host or tester: a link test (the link comes up and stays up) or a BER test (bit
 * error ratio over a time). Stored once, never changed, usable as the evidence of a decision.
 */
export const EXTERNAL_TEST_KINDS = ['link', 'ber'] as const;
export type ExternalTestKind = (typeof EXTERNAL_TEST_KINDS)[number];
export const EXTERNAL_TEST_RESULTS = ['pass', 'fail'] as const;
export type ExternalTestResult = (typeof EXTERNAL_TEST_RESULTS)[number];

export interface ExternalTest {
  id: number;
  moduleSerial: string;
  repairCaseId: number | null;
  role: TestRunRole;
  kind: ExternalTestKind;
  result: ExternalTestResult;
  /** The host or tester: make, model, and where ("Arista 7050SX-64, Et12", "EXFO FTB-890"). */
  equipment: string;
  hostPort: string | null;
  /** The rate or interface tested, as the equipment names it ("10GBASE-SR", "100G"). */
  dataRate: string | null;
  durationS: number | null;
  /** Measured bit error ratio (BER tests). */
  bitErrorRatio: number | null;
  errorCount: number | null;
  /** Who ran the test (may differ from who records it). */
  performedBy: string;
  performedAt: string;
  notes: string | null;
  station: string;
  recordedAt: string;
  recordedBy: string;
}

export interface Complaint {
  id: number;
  repairCaseId: number;
  technicianId: number | null;
  addressedTo: ComplaintAddressee;
  text: string;
  status: ComplaintStatus;
  resolution: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  resolvedAt: string | null;
}

export interface FollowUpCall {
  id: number;
  repairCaseId: number;
  /** The technician whose work the call assesses (the case's technician). */
  technicianId: number | null;
  callerId: number;
  calledAt: string;
  satisfaction: 1 | 2 | 3 | 4 | 5;
  remarks: string | null;
  recordedAt: string;
}

export interface CaseDetail {
  case: RepairCase;
  /** The runs that count for the case (current links), oldest first; each with its `link`. */
  testRuns: TestRunSummary[];
  /** Runs attached by mistake and withdrawn (link.withdrawn set): kept and shown, never counted. */
  withdrawnRuns?: TestRunSummary[];
  /** External link / BER tests of the case, oldest first (absent from servers older than schema 3). */
  externalTests?: ExternalTest[];
  history: StatusChange[];
  complaints: Complaint[];
  calls: FollowUpCall[];
  deliveries: Delivery[];
}

export interface AuditEvent {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  details: Record<string, unknown>;
}

export interface CountRow {
  key: string;
  count: number;
}

export interface DurationStats {
  /** Cases the figure is over (those that reached the event). */
  count: number;
  medianS: number | null;
  p90S: number | null;
}

export interface Statistics {
  period: { from: string | null; to: string | null };
  total: number;
  byStatus: CountRow[];
  byCause: CountRow[];
  byFailureMode: CountRow[];
  byDecision: CountRow[];
  byPartNumber: CountRow[];
  byCustomer: CountRow[];
  byTechnician: CountRow[];
  /** "YYYY-MM" of notification. */
  byMonth: CountRow[];
  /** NFF decisions / all decisions; null when nothing was decided. */
  nffRate: number | null;
  /** Notification to first status change after intake. */
  firstResponse: DurationStats;
  /** Notification to reaching an end status. */
  closure: DurationStats;
}

export interface Scorecard {
  technicianId: number;
  code: string;
  name: string;
  cases: number;
  decided: number;
  nff: number;
  nffRate: number | null;
  calls: number;
  averageSatisfaction: number | null;
  complaints: number;
  openComplaints: number;
}

export interface Setting {
  key: string;
  value: string;
  updatedAt: string;
  updatedBy: string;
}

export interface LimitProfileVersion {
  id: string;
  version: number;
  json: string;
  importedAt: string;
  importedBy: string;
}

export interface DeliveryImportReport {
  imported: number;
  customersCreated: number;
}

/** One row of a deliveries CSV as it would be imported (Settings' preview). */
export interface DeliveryPreviewRow {
  line: number;
  serial: string;
  customer: string;
  deliveredOn: string;
  partNumber: string | null;
  /** The customer is not in the records yet: the import creates it. */
  newCustomer: boolean;
}

/** A deliveries CSV read and checked, nothing stored yet; `errors` empty means it can be imported as shown. */
export interface DeliveryPreview {
  rows: DeliveryPreviewRow[];
  errors: CsvRowError[];
  /** Data rows in the file (good and bad). */
  total: number;
  newCustomers: string[];
}

/** A bad CSV row: `line` is the 1-based line in the file. */
export interface CsvRowError {
  line: number;
  /** main's English (logs, the CLI). */
  message: string;
  /** What is wrong with the line, by code, so a page can say it in its own language. */
  problems?: CsvRowProblem[];
}

export const CSV_ROW_PROBLEM_CODES = ['unparseable', 'missingColumns', 'noRows', 'serialEmpty', 'customerEmpty', 'dateInvalid', 'dateFuture', 'sameAsLine', 'alreadyRecorded'] as const;
export interface CsvRowProblem {
  code: (typeof CSV_ROW_PROBLEM_CODES)[number];
  /** The value or line the words name (a date as written, column names, a line number, a serial). */
  args?: Record<string, string | number>;
}

// ---- request schemas (habit 3: every payload is unknown until one of these passes) ----

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
/** An instant with an offset or Z; the date part as written is the customer's calendar date. */
const isoInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/, 'expected an ISO date-time with Z or an offset');
const actor = z.string().trim().min(1, 'who is doing this must be known').max(100);
const id = z.number().int().positive();
/** A sign-in PIN: digits only, so a bench keypad or the number row types it. */
export const pinSchema = z.string().regex(/^\d{4,12}$/, 'a PIN is 4 to 12 digits');

export const CreateCustomerRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    contact: z.string().max(200).nullish(),
    phone: z.string().max(50).nullish(),
    email: z.string().max(200).nullish(),
    actor,
  })
  .strict();
export type CreateCustomerRequest = z.infer<typeof CreateCustomerRequestSchema>;

export const CreateTechnicianRequestSchema = z
  .object({
    code: z.string().trim().regex(/^[A-Za-z0-9._-]{1,32}$/, 'letters, digits, . _ - only'),
    name: z.string().trim().min(1).max(200),
    role: z.enum(TECHNICIAN_ROLES),
    actor,
  })
  .strict();
export type CreateTechnicianRequest = z.infer<typeof CreateTechnicianRequestSchema>;

export const SetTechnicianActiveRequestSchema = z.object({ technicianId: id, active: z.boolean(), actor }).strict();
export type SetTechnicianActiveRequest = z.infer<typeof SetTechnicianActiveRequestSchema>;

/** A new PIN for a person (set by a supervisor or, for supervisors and managers, an engineering manager). */
export const SetTechnicianPinRequestSchema = z.object({ technicianId: id, pin: pinSchema, actor }).strict();
export type SetTechnicianPinRequest = z.infer<typeof SetTechnicianPinRequestSchema>;

export const CreateCaseRequestSchema = z
  .object({
    /** Absent: the next number of the RMA sequence (issue 14: two benches never get the same one). */
    rmaNumber: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/, 'RMA numbers are letters, digits and . _ / -').optional(),
    customerId: id,
    moduleSerial: z.string().trim().min(1).max(64),
    partNumber: z.string().trim().max(64).nullish(),
    vendor: z.string().trim().max(64).nullish(),
    notificationChannel: z.enum(NOTIFICATION_CHANNELS),
    notifiedAt: isoInstant,
    notifiedBy: z.string().trim().min(1).max(200),
    complaintText: z.string().trim().min(1).max(10_000),
    technicianId: id.nullish(),
    actor,
  })
  .strict();
export type CreateCaseRequest = z.infer<typeof CreateCaseRequestSchema>;

/** Issue 14: the optimistic check of case changes (RepairCase.version). */
const expectedVersion = z.number().int().min(0).optional();

export const TransitionRequestSchema = z
  .object({
    caseId: id,
    to: z.enum(REPAIR_STATUSES),
    note: z.string().max(2000).nullish(),
    actionTaken: z.string().max(2000).nullish(),
    replacementSerial: z.string().trim().min(1).max(64).nullish(),
    /** The case version the page shows; absent: no check (the command line acts on the latest). */
    expectedVersion,
    actor,
  })
  .strict();
export type TransitionRequest = z.infer<typeof TransitionRequestSchema>;

export const AssignTechnicianRequestSchema = z.object({ caseId: id, technicianId: id, expectedVersion, actor }).strict();
export type AssignTechnicianRequest = z.infer<typeof AssignTechnicianRequestSchema>;

export const DecideRequestSchema = z
  .object({ caseId: id, cause: z.enum(['non-human', 'human', 'force-majeure']), expectedVersion, actor })
  .strict();
export type DecideRequest = z.infer<typeof DecideRequestSchema>;

/** A supervisor takes a decided case back to awaiting-decision; the earlier decision stays in the history. */
export const ReopenCaseRequestSchema = z.object({ caseId: id, reason: z.string().trim().min(1, 'say why the decision is reopened').max(2000), expectedVersion, actor }).strict();
export type ReopenCaseRequest = z.infer<typeof ReopenCaseRequestSchema>;

export const CASE_SORTS = ['notified-desc', 'notified-asc'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export const CaseFiltersSchema = z
  .object({
    status: z.array(z.enum(REPAIR_STATUSES)).max(REPAIR_STATUSES.length).optional(),
    customerId: id.optional(),
    technicianId: id.optional(),
    partNumber: z.string().min(1).max(64).optional(),
    /** Notified on or after (inclusive) / before (exclusive), ISO instants or dates. */
    from: z.string().min(10).max(40).optional(),
    to: z.string().min(10).max(40).optional(),
    /** Prefix of the module serial or of the RMA number. */
    search: z.string().trim().min(1).max(64).optional(),
  })
  .strict();
export type CaseFilters = z.infer<typeof CaseFiltersSchema>;

export const CaseListQuerySchema = z
  .object({
    filters: CaseFiltersSchema.default({}),
    sort: z.enum(CASE_SORTS).default('notified-desc'),
    limit: z.number().int().min(1).max(500).default(50),
    /** Opaque keyset cursor from the previous page's nextCursor. */
    cursor: z.string().max(200).nullish(),
  })
  .strict();
export type CaseListQuery = z.input<typeof CaseListQuerySchema>;

export interface CasePage {
  items: CaseSummary[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export const FileComplaintRequestSchema = z
  .object({ caseId: id, addressedTo: z.enum(COMPLAINT_ADDRESSEES), text: z.string().trim().min(1).max(10_000), actor })
  .strict();
export type FileComplaintRequest = z.infer<typeof FileComplaintRequestSchema>;

/** The complaint update's fields; the page's request is these without the actor (zod cannot omit from a refined object). */
export const UpdateComplaintFieldsSchema = z
  .object({
    complaintId: id,
    status: z.enum(COMPLAINT_STATUSES),
    resolution: z.string().trim().min(1).max(10_000).nullish(),
    actor,
  })
  .strict();
export const resolvedNeedsResolution: [(r: { status: ComplaintStatus; resolution?: string | null | undefined }) => boolean, { message: string; path: string[] }] = [
  (r) => r.status !== 'resolved' || (r.resolution ?? '') !== '',
  { message: 'a resolved complaint needs its resolution', path: ['resolution'] },
];
export const UpdateComplaintRequestSchema = UpdateComplaintFieldsSchema.refine(...resolvedNeedsResolution);
export type UpdateComplaintRequest = z.infer<typeof UpdateComplaintRequestSchema>;

export const RecordCallRequestSchema = z
  .object({
    caseId: id,
    callerId: id,
    calledAt: isoInstant,
    satisfaction: z.number().int().min(1).max(5),
    remarks: z.string().max(5000).nullish(),
    actor,
  })
  .strict();
export type RecordCallRequest = z.infer<typeof RecordCallRequestSchema>;

export const FollowUpSelectionRequestSchema = z
  .object({ from: isoDate, to: isoDate, count: z.number().int().min(1).max(1000), seed: z.number().int().min(0).max(0xffffffff) })
  .strict();
export type FollowUpSelectionRequest = z.infer<typeof FollowUpSelectionRequestSchema>;

/** Follow-up calls, newest first, one page at a time (calls:list). */
export const CallListQuerySchema = z
  .object({
    /** Called on or after (inclusive) / before (exclusive): ISO instants or dates. */
    from: z.string().min(10).max(40).nullish(),
    to: z.string().min(10).max(40).nullish(),
    /** Only calls about this technician's work (the case's technician). */
    technicianId: id.nullish(),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).max(10_000_000).default(0),
  })
  .strict();
export type CallListQuery = z.input<typeof CallListQuerySchema>;

/** One follow-up call with what a supervisor reads in a list: the case, its customer and who called. */
export interface CallListRow {
  id: number;
  repairCaseId: number;
  rmaNumber: string;
  customerName: string;
  /** The technician whose work the call assesses; null when the case had none. */
  technicianId: number | null;
  technicianName: string | null;
  callerId: number;
  callerName: string;
  calledAt: string;
  satisfaction: 1 | 2 | 3 | 4 | 5;
  remarks: string | null;
}

export interface CallPage {
  items: CallListRow[];
  /** Calls matching the filter, all pages together. */
  total: number;
  offset: number;
  limit: number;
}

export const StatisticsQuerySchema = z
  .object({
    from: z.string().min(10).max(40).nullish(),
    to: z.string().min(10).max(40).nullish(),
    top: z.number().int().min(1).max(500).default(20),
    /** Only this customer's cases. */
    customerId: id.nullish(),
    /** Only cases of this part number (exact match, as stored). */
    partNumber: z.string().trim().min(1).max(64).nullish(),
  })
  .strict();
export type StatisticsQuery = z.input<typeof StatisticsQuerySchema>;

export const SETTING_KEYS = ['station', 'operator', 'language', 'programmer', 'reportFooter', 'idleLockMinutes', 'autoRead', 'singleKeyShortcuts'] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];
export const SetSettingRequestSchema = z.object({ key: z.enum(SETTING_KEYS), value: z.string().max(2000), actor }).strict();
export type SetSettingRequest = z.infer<typeof SetSettingRequestSchema>;

export const AuditQuerySchema = z
  .object({ entity: z.string().max(40).optional(), entityId: z.string().max(64).optional(), beforeId: id.optional(), limit: z.number().int().min(1).max(1000).default(100) })
  .strict();
export type AuditQuery = z.input<typeof AuditQuerySchema>;

/** Where a reading came from, as main knows it (never as the page says it). */
export interface TestRunProvenance {
  source: TestRunSource;
  programmerKind: string | null;
  programmerPort: string | null;
  programmerIdentity: string | null;
  fileName: string | null;
  fileSha256: string | null;
}

/** A signed-in or PIN-checked person, as main's auth service vouches for them. */
export interface VerifiedPerson {
  id: number;
  code: string;
  name: string;
  role: TechnicianRole;
  /** How audit events and records name them: "Name (code)". */
  label: string;
}

const externalTestFields = z
  .object({
    caseId: id.nullish(),
    /** Required without a case; with one it defaults to the case's module. */
    moduleSerial: z.string().trim().min(1).max(64).nullish(),
    role: z.enum(TEST_RUN_ROLES),
    kind: z.enum(EXTERNAL_TEST_KINDS),
    result: z.enum(EXTERNAL_TEST_RESULTS),
    equipment: z.string().trim().min(1, 'name the host or tester').max(200),
    hostPort: z.string().trim().max(100).nullish(),
    dataRate: z.string().trim().max(100).nullish(),
    durationS: z.number().int().min(0).max(10_000_000).nullish(),
    bitErrorRatio: z.number().min(0).max(1).nullish(),
    errorCount: z.number().int().min(0).nullish(),
    /** Who ran the test on the host or tester (often not the person recording it). */
    performedBy: z.string().trim().min(1, 'who ran the test must be known').max(100),
    performedAt: isoInstant,
    notes: z.string().max(5000).nullish(),
  })
  .strict();

type ExternalTestShape = z.infer<typeof externalTestFields>;
// A BER test is its measured ratio: a result without it is not evidence of anything.
const berHasRatio = (r: ExternalTestShape): boolean => r.kind !== 'ber' || (r.bitErrorRatio !== null && r.bitErrorRatio !== undefined);
const namesModule = (r: ExternalTestShape): boolean => (r.caseId ?? null) !== null || (r.moduleSerial ?? null) !== null;

/** What the page sends: the test, never who records it or where (main's session and station setting say). */
export const RecordExternalTestRequestSchema = externalTestFields
  .refine(berHasRatio, { message: 'a BER test needs its measured bit error ratio', path: ['bitErrorRatio'] })
  .refine(namesModule, { message: 'name the module (moduleSerial) or the case', path: ['moduleSerial'] });
export type RecordExternalTestRequest = z.infer<typeof RecordExternalTestRequestSchema>;

/** What the service records: the request plus the station (main's setting) and the signed-in person. */
export const RecordExternalTestInputSchema = externalTestFields
  .extend({ station: z.string().trim().min(1).max(100), actor })
  .refine(berHasRatio, { message: 'a BER test needs its measured bit error ratio', path: ['bitErrorRatio'] })
  .refine(namesModule, { message: 'name the module (moduleSerial) or the case', path: ['moduleSerial'] });
export type RecordExternalTestInput = z.infer<typeof RecordExternalTestInputSchema>;

/** Attaching a stored run to a case, as main's session vouches for who does it (testruns:attach). */
export interface AttachRunInput {
  testRunId: number;
  caseId: number;
  role: TestRunRole;
  actor: string;
  /** The station's name (main's setting), kept on the attachment. */
  station: string | null;
  /** The module's memory gives another serial than the case's: the supervisor's reason, approved with their PIN. */
  serialOverride?: { reason: string; approver: VerifiedPerson } | null;
  /**
   * An after-repair run of the replacement module of a case being replaced that has no
   * replacement serial yet: the run's serial becomes the case's replacement serial.
   */
  asReplacement?: boolean;
}

/** Withdrawing an attachment made by mistake: a supervisor's act, with the reason (testruns:withdraw). */
export interface WithdrawRunInput {
  testRunId: number;
  caseId: number;
  reason: string;
  /** The supervisor who withdraws it (signed in, or approving with their PIN). */
  supervisor: VerifiedPerson;
  /** Who asked for it at the station, when not the supervisor themself. */
  requestedBy: string;
}

/** What main stores for one bench reading (built in main from the read, never from raw renderer bytes alone). */
export interface RecordTestRunInput {
  moduleSerial?: string;
  raw: Uint8Array;
  decoded: DecodedModule;
  evaluation: Evaluation;
  programmer: string;
  station: string;
  operator: string;
  appVersion: string;
  takenAt: string;
  role: TestRunRole;
  repairCaseId?: number | null;
  /** A correction: the run this one replaces, and why. The corrected run stays as it was. */
  correctsId?: number | null;
  correctionReason?: string | null;
  actor: string;
  provenance: TestRunProvenance;
  /**
   * Recording for a case under a serial the module's memory did not give (label replaced,
   * memory blank or wrong): the reason, and the supervisor whose PIN main checked.
   */
  serialOverride?: { reason: string; approver: VerifiedPerson } | null;
  /**
   * Issue 14: the bench's own id of this run (a UUID given when it is read). A run sent again
   * with the same id (its first answer was lost, or it waited in the outbox) is recognised and
   * the stored one returned: stored exactly once.
   */
  runUid?: string | null;
}
