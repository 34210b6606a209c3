// THE contract between the renderer and main (DESIGN habits 1, 2, 5): the request schemas (zod,
// validated in main before any service runs), the response types, the event payloads, and the
// BenchApi interface that preload/index.ts implements as `const api: BenchApi`.
//
// Every call resolves to a Result (errors are data, never a rejected promise); every
// subscription returns its unsubscribe. Pure TypeScript plus zod: no electron, no node:*.
import { z } from 'zod';
import type { ErrorData, Result } from './errors';
import {
  MONITOR_MAX_RATE_HZ,
  MONITOR_MIN_RATE_HZ,
  moduleReadOptionsSchema,
  openProgrammerRequestSchema,
  readIdSchema,
  type PortInfo,
  type ProgrammerInfo,
  type ReadNote,
  type ReadProgress,
  type LiveReading,
  type SimulatedModuleInfo,
} from './hardware';
import { LimitProfileSchema, type Evaluation, type LimitProfile } from './limits';
import { LabConnectRequestSchema, type LabChooseCaResult, type LabConnectRequest, type LabServerView, type LabStatus, type LabTestResult, type RecordsChangedEvent } from './lab';
import { ReportRequestSchema, type ReportPreview, type ReportPrintResult, type ReportRequest, type ReportSaveResult } from './reports';
import type { DecodedModule } from './module';
import type { BenchVerdict, CauseCategory, EvidenceNeed, WarrantyDecision, WarrantyRuleId } from './warranty';
import {
  soakExportRequestSchema,
  soakPhaseRequestSchema,
  soakSeriesRequestSchema,
  soakStartRequestSchema,
  soakStatusRequestSchema,
  soakStopRequestSchema,
  type SoakExportRequest,
  type SoakLive,
  type SoakPhase,
  type SoakPhaseRequest,
  type SoakSeriesRequest,
  type SoakSeriesWindow,
  type SoakStarted,
  type SoakStartRequest,
  type SoakStatusRequest,
  type SoakStopRequest,
} from './soak';
import { CaseExportRequestSchema, TestRunExportRequestSchema, type CaseExportRequest, type ExportFileResult, type TestRunExportRequest } from './exports';
import { approverSchema, setupRequestSchema, signInRequestSchema, unlockRequestSchema, type SessionStatus, type SetupRequest, type SignInRequest, type UnlockRequest } from './session';
import {
  AuditQuerySchema,
  CaseListQuerySchema,
  CreateCaseRequestSchema,
  CreateCustomerRequestSchema,
  CreateTechnicianRequestSchema,
  DecideRequestSchema,
  FileComplaintRequestSchema,
  FollowUpSelectionRequestSchema,
  AssignTechnicianRequestSchema,
  RecordCallRequestSchema,
  RecordExternalTestRequestSchema,
  SetSettingRequestSchema,
  SetTechnicianActiveRequestSchema,
  StatisticsQuerySchema,
  CallListQuerySchema,
  TransitionRequestSchema,
  UpdateComplaintFieldsSchema,
  ReopenCaseRequestSchema,
  SetTechnicianPinRequestSchema,
  resolvedNeedsResolution,
  COMPLAINT_STATUSES,
  TEST_RUN_ROLES,
  type AuditEvent,
  type CaseCandidate,
  type CaseDetail,
  type CasePage,
  type CaseSummary,
  type Complaint,
  type Customer,
  type Delivery,
  type DeliveryImportReport,
  type DeliveryPreview,
  type ExternalTest,
  type FollowUpCall,
  type LimitProfileVersion,
  type RepairCase,
  type RepairStatus,
  type Scorecard,
  type Setting,
  type Statistics,
  type CallPage,
  type Technician,
  type TestRunRecord,
  type TestRunSummary,
} from './records';

export type { ErrorData, Result } from './errors';

/** What every call returns: never rejects, `ok:false` carries a coded error. */
export type Reply<T> = Promise<Result<T>>;
/** Returned by every subscription; calling it twice is harmless. */
export type Unsubscribe = () => void;

// ---- shared request pieces ----

/** No payload. The preload sends undefined; anything else is rejected. */
export const emptyRequestSchema = z.undefined();

/** Ids the renderer may choose for a read (defined in hardware.ts, beside the other read shapes). */
export { readIdSchema };

/** Which programmer to use: the kind, the serial port for real ones, the library module for 'sim'. */
export const programmerSelectionSchema = openProgrammerRequestSchema;
export type ProgrammerSelection = z.input<typeof programmerSelectionSchema>;

const profileIdSchema = z.string().min(1).max(128);

// ---- app:info ----

export interface AppInfo {
  name: string;
  version: string;
  /** 'electron' in the desktop app; 'harness' when the renderer runs in the Chromium test harness. */
  runtime: 'electron' | 'harness';
  platform: string;
  versions: { node: string; electron: string | null; chrome: string | null };
}

// ---- bench:probe ----

export const benchProbeRequestSchema = z.object({ programmer: programmerSelectionSchema }).strict();
export type BenchProbeRequest = z.input<typeof benchProbeRequestSchema>;

export interface ProbeResult {
  /** True when a module acknowledges at 0x50 (A0h / lower page). */
  present: boolean;
  programmer: ProgrammerInfo;
}

// ---- bench:read, bench:cancel, progress events ----

export const benchReadRequestSchema = z
  .object({
    programmer: programmerSelectionSchema,
    /** Rx power is judged only with a light source or loopback attached (limits TestSetup). */
    rxLightSource: z.boolean(),
    /** Judge against this limit profile instead of the one the module matches. */
    profileId: profileIdSchema.optional(),
    /** Optional id chosen by the renderer; main makes one otherwise. Progress events carry it. */
    readId: readIdSchema.optional(),
    /** Read the module as it sits, without bringing its lasers up (moduleReadOptionsSchema). */
    ...moduleReadOptionsSchema.shape,
  })
  .strict();
export type BenchReadRequest = z.input<typeof benchReadRequestSchema>;

/** A read (or a decoded file dump), decoded and judged; kept in main by readId for test runs. */
export interface BenchReadResult {
  readId: string;
  source: 'programmer' | 'file';
  /** The image as read (ethtool layouts for SFP/SFF-8636, the paged image for CMIS) as lower-case hex, no spaces. */
  rawHex: string;
  module: DecodedModule;
  evaluation: Evaluation;
  /** 0 for a file. */
  durationMs: number;
  /** For a file: kind 'sim', description "file NAME", path null. */
  programmer: ProgrammerInfo;
  /** What the reader itself noticed (retries, checksum re-read); empty for a file. */
  notes: ReadNote[];
  /** Base name of the dump for source 'file' (never a full path). */
  fileName: string | null;
  /** Epoch ms when the read finished. */
  takenAt: number;
  /**
   * The test run main stored this read as (issue 12: every completed read is kept, attached or
   * not; attaching it to a case links this run). null when it could not be stored (storeError).
   */
  testRun?: TestRunSummary | null;
  /** Why the read was not stored (e.g. STATION_NOT_SET): shown beside it; it cannot be attached then. */
  storeError?: ErrorData | null;
}

export interface ReadProgressEvent extends ReadProgress {
  readId: string;
}

export const benchCancelRequestSchema = z.object({ readId: readIdSchema }).strict();
export type BenchCancelRequest = z.input<typeof benchCancelRequestSchema>;
/** `cancelled` is false when no read with that id was in flight (already done, or unknown). */
export interface CancelResult {
  cancelled: boolean;
}

// ---- bench:watch-start / bench:watch-stop, presence events ----

/**
 * Watch the programmer's cage: main polls it (a few times a second, between reads) and says when
 * a module is seated, pulled or changed, with the serial its memory gives. One watch at a time:
 * starting one ends the one before.
 */
export const benchWatchStartRequestSchema = z.object({ programmer: programmerSelectionSchema }).strict();
export type BenchWatchStartRequest = z.input<typeof benchWatchStartRequestSchema>;
export interface WatchStarted {
  watchId: string;
}
export const benchWatchStopRequestSchema = z.object({ watchId: readIdSchema }).strict();
export type BenchWatchStopRequest = z.input<typeof benchWatchStopRequestSchema>;
export interface WatchStopped {
  stopped: boolean;
}

/** What the cage holds, from the module's own identity bytes (vendor fields trimmed as the decoder trims them). */
export interface SeatedModule {
  /** SFF-8024 identifier (byte 0). */
  identifier: number;
  serial: string;
  vendor: string;
  partNumber: string;
}

/**
 * The cage as main's watch sees it. 'seated' with the module, 'empty', 'error' (the programmer
 * could not be asked: unplugged, busy; the watch keeps trying) with the error.
 */
export interface PresenceEvent {
  watchId: string;
  state: 'seated' | 'empty' | 'error';
  module: SeatedModule | null;
  error: ErrorData | null;
  /** Epoch ms when the cage was looked at. */
  at: number;
}

// ---- bench:monitor-start / bench:monitor-stop, reading events ----


export const monitorStartRequestSchema = z
  .object({
    /** A programmer read of this session: its programmer and calibration are used. */
    readId: readIdSchema,
    /** One sample per minute at the slowest: a smaller rate once made a timer overflow and run flat out. */
    rateHz: z.number().min(MONITOR_MIN_RATE_HZ).max(MONITOR_MAX_RATE_HZ),
  })
  .strict();
export type MonitorStartRequest = z.input<typeof monitorStartRequestSchema>;

export interface MonitorStarted {
  monitorId: string;
}

export const monitorStopRequestSchema = z.object({ monitorId: readIdSchema }).strict();
export type MonitorStopRequest = z.input<typeof monitorStopRequestSchema>;
export interface MonitorStopped {
  stopped: boolean;
}

export interface MonitorReadingEvent {
  monitorId: string;
  reading: LiveReading;
}

/** Sent once when a monitor ends: `error` null when stopped on request. */
export interface MonitorEndedEvent {
  monitorId: string;
  error: ErrorData | null;
}

// ---- files:open-dump ----

export const openDumpRequestSchema = z
  .object({
    rxLightSource: z.boolean().optional(),
    profileId: profileIdSchema.optional(),
  })
  .strict();
export type OpenDumpRequest = z.input<typeof openDumpRequestSchema>;

/** The user may close the dialog: that is not an error. */
export type OpenDumpResult = { canceled: true } | { canceled: false; read: BenchReadResult; format: 'raw' | 'ethtool-hex' | 'hex' };

// ---- limits:list ----

export type LimitProfileList = LimitProfile[];

// ---- limits:import, limits:new-version ----

// Requests carry no actor: main takes who is acting from the signed-in session (issue 16).
const idSchema = z.number().int().positive();

export const limitsImportRequestSchema = emptyRequestSchema;
/** Every profile of the chosen JSON file, stored as new versions; nothing is stored if one is refused. */
export type LimitsImportResult = { canceled: true } | { canceled: false; imported: LimitProfileVersion[]; fileName: string };

export const limitsNewVersionRequestSchema = z
  .object({
    /** The whole profile with its new version number, above every existing version of that id. */
    profile: LimitProfileSchema,
  })
  .strict();
export type LimitsNewVersionRequest = z.input<typeof limitsNewVersionRequestSchema>;

// ---- settings ----

export const settingsSetRequestSchema = SetSettingRequestSchema.omit({ actor: true });
export type SettingsSetRequest = z.input<typeof settingsSetRequestSchema>;

// ---- test runs ----

export const testRunRecordRequestSchema = z
  .object({
    /** A read of this session (bench:read or files:open-dump): main records its bytes and verdicts. */
    readId: readIdSchema,
    role: z.enum(TEST_RUN_ROLES),
    caseId: idSchema.nullish(),
    /** For a module whose EEPROM serial is blank or wrong: the serial on its label. */
    moduleSerial: z.string().trim().min(1).max(64).optional(),
    /** A correction: the run this one replaces, and why. */
    correctsId: idSchema.nullish(),
    correctionReason: z.string().trim().min(1).max(2000).nullish(),
    /**
     * Recording for a case under a serial the module's memory does not give: the reason, and the
     * supervisor approving it with their PIN (not needed when a supervisor is the one signed in).
     */
    serialOverride: z.object({ reason: z.string().trim().min(1).max(2000), approver: approverSchema.optional() }).strict().optional(),
    /** The replacement module of a case being replaced, whose serial the case does not have yet: record it. */
    asReplacement: z.boolean().optional(),
  })
  .strict();
export type TestRunRecordRequest = z.input<typeof testRunRecordRequestSchema>;

const serialOverrideSchema = z.object({ reason: z.string().trim().min(1).max(2000), approver: approverSchema.optional() }).strict();

/**
 * Attach a stored run to a case in a role (once per case). With `seatedCheck` (the bench's
 * Attach), main refuses when the module in the cage is no longer the one read (MODULE_CHANGED).
 */
export const testRunAttachRequestSchema = z
  .object({
    testRunId: idSchema,
    caseId: idSchema,
    role: z.enum(TEST_RUN_ROLES),
    serialOverride: serialOverrideSchema.optional(),
    /** The replacement module of a case being replaced, whose serial the case does not have yet: record it. */
    asReplacement: z.boolean().optional(),
    seatedCheck: z.boolean().optional(),
  })
  .strict();
export type TestRunAttachRequest = z.input<typeof testRunAttachRequestSchema>;

/** Withdraw a run attached by mistake: a supervisor signed in, or approving with their PIN; the reason is kept. */
export const testRunWithdrawRequestSchema = z
  .object({
    testRunId: idSchema,
    caseId: idSchema,
    reason: z.string().trim().min(1, 'say why the run is withdrawn').max(2000),
    approver: approverSchema.optional(),
  })
  .strict();
export type TestRunWithdrawRequest = z.input<typeof testRunWithdrawRequestSchema>;

export const testRunListRequestSchema = z.union([
  z.object({ caseId: idSchema }).strict(),
  z.object({ serial: z.string().trim().min(1).max(64) }).strict(),
]);
export type TestRunListRequest = z.input<typeof testRunListRequestSchema>;

/** An external link / BER test (the module's host or a tester), recorded as evidence; see records.ts. */
export const externalTestRecordRequestSchema = RecordExternalTestRequestSchema;
export type ExternalTestRecordRequest = z.input<typeof externalTestRecordRequestSchema>;
export const externalTestListRequestSchema = testRunListRequestSchema;
export type ExternalTestListRequest = z.input<typeof externalTestListRequestSchema>;

export const idRequestSchema = z.object({ id: idSchema }).strict();
export type IdRequest = z.input<typeof idRequestSchema>;

// ---- cases ----

export const caseCreateRequestSchema = CreateCaseRequestSchema.omit({ actor: true });
export type CaseCreateRequest = z.input<typeof caseCreateRequestSchema>;
export const caseListRequestSchema = CaseListQuerySchema;
export type CaseListRequest = z.input<typeof caseListRequestSchema>;
/** A scanned or typed serial or RMA number; exact matches come first, then prefix matches (at most 20). */
export const caseFindRequestSchema = z.object({ query: z.string().trim().min(1).max(64) }).strict();
export type CaseFindRequest = z.input<typeof caseFindRequestSchema>;
export const caseTransitionRequestSchema = TransitionRequestSchema.omit({ actor: true });
export type CaseTransitionRequest = z.input<typeof caseTransitionRequestSchema>;
export const caseDecideRequestSchema = DecideRequestSchema.omit({ actor: true });
export type CaseDecideRequest = z.input<typeof caseDecideRequestSchema>;
export const caseAssignRequestSchema = AssignTechnicianRequestSchema.omit({ actor: true });
export type CaseAssignRequest = z.input<typeof caseAssignRequestSchema>;
/** Supervisors only: a decided case back to awaiting-decision, with the reason. */
export const caseReopenRequestSchema = ReopenCaseRequestSchema.omit({ actor: true });
export type CaseReopenRequest = z.input<typeof caseReopenRequestSchema>;
/** The open cases a read of this serial could be attached to (its module or its replacement). */
export const caseCandidatesRequestSchema = z.object({ serial: z.string().trim().min(1).max(64) }).strict();
export type CaseCandidatesRequest = z.input<typeof caseCandidatesRequestSchema>;
/** What cases:decide would decide now, with its basis: nothing is written. */
export const caseDecidePreviewRequestSchema = caseDecideRequestSchema;
export type CaseDecidePreviewRequest = z.input<typeof caseDecidePreviewRequestSchema>;

/** Where the age a decision counts comes from: a delivery record, the EEPROM date code (estimated), or nothing. */
export type DecisionBasis =
  | { kind: 'delivery'; delivery: Delivery }
  | { kind: 'date-code'; dateCode: string; manufacturedOn: string }
  | { kind: 'none'; dateCode: string };

/** The decision the policy would make now (cases:decide-preview), shown before the technician confirms it. */
export interface DecisionPreview {
  caseId: number;
  cause: CauseCategory;
  decision: WarrantyDecision;
  rule: string;
  ruleId: WarrantyRuleId | null;
  ageDays: number | null;
  estimated: boolean;
  basisDate: string | null;
  basis: DecisionBasis;
  needs: EvidenceNeed[];
  /** The bench evidence as the policy reads it (an external test included). */
  verdict: BenchVerdict;
  evidenceTestRunId: number;
  evidenceExternalTestId: number | null;
  /** The status the case moves to when this is confirmed. */
  to: RepairStatus;
}

// ---- customers, technicians ----

export const customerCreateRequestSchema = CreateCustomerRequestSchema.omit({ actor: true });
export type CustomerCreateRequest = z.input<typeof customerCreateRequestSchema>;
export const customerListRequestSchema = z.object({ search: z.string().trim().min(1).max(200).optional() }).strict();
export type CustomerListRequest = z.input<typeof customerListRequestSchema>;
export const technicianCreateRequestSchema = CreateTechnicianRequestSchema.omit({ actor: true });
export type TechnicianCreateRequest = z.input<typeof technicianCreateRequestSchema>;
export const technicianListRequestSchema = z.object({ includeInactive: z.boolean().optional() }).strict();
export type TechnicianListRequest = z.input<typeof technicianListRequestSchema>;
export const technicianSetActiveRequestSchema = SetTechnicianActiveRequestSchema.omit({ actor: true });
export type TechnicianSetActiveRequest = z.input<typeof technicianSetActiveRequestSchema>;
export const technicianSetPinRequestSchema = SetTechnicianPinRequestSchema.omit({ actor: true });
export type TechnicianSetPinRequest = z.input<typeof technicianSetPinRequestSchema>;

// ---- complaints, follow-up calls ----

export const complaintFileRequestSchema = FileComplaintRequestSchema.omit({ actor: true });
export type ComplaintFileRequest = z.input<typeof complaintFileRequestSchema>;
export const complaintUpdateRequestSchema = UpdateComplaintFieldsSchema.omit({ actor: true }).refine(...resolvedNeedsResolution);
export type ComplaintUpdateRequest = z.input<typeof complaintUpdateRequestSchema>;
export const complaintListRequestSchema = z
  .object({ status: z.enum(COMPLAINT_STATUSES).optional(), technicianId: idSchema.optional(), caseId: idSchema.optional() })
  .strict();
export type ComplaintListRequest = z.input<typeof complaintListRequestSchema>;
export const callRecordRequestSchema = RecordCallRequestSchema.omit({ actor: true });
export type CallRecordRequest = z.input<typeof callRecordRequestSchema>;
/** `count` cases that ended in [from, to], at random with `seed`: the same seed and data give the same list. */
export const callPickRandomRequestSchema = FollowUpSelectionRequestSchema;
export type CallPickRandomRequest = z.input<typeof callPickRandomRequestSchema>;
/** Follow-up calls newest first, paged by offset: {from?, to?, technicianId?, limit, offset}. */
export const callListRequestSchema = CallListQuerySchema;
export type CallListRequest = z.input<typeof callListRequestSchema>;

// ---- statistics ----

export const statsRequestSchema = StatisticsQuerySchema;
export type StatsRequest = z.input<typeof statsRequestSchema>;

// ---- deliveries, audit, backup (file choices are made in main's dialogs) ----

export type DeliveriesImportResult = { canceled: true } | { canceled: false; report: DeliveryImportReport; fileName: string };
/**
 * Settings → Deliveries: main shows the open dialog, reads and checks the CSV and keeps it under
 * `token`; nothing is stored until deliveries:commit names the token (and only if it had no errors).
 */
export type DeliveriesPreviewResult = { canceled: true } | { canceled: false; token: string; fileName: string; preview: DeliveryPreview };
export const deliveriesListRequestSchema = z.object({ serial: z.string().trim().min(1).max(64) }).strict();
export type DeliveriesListRequest = z.input<typeof deliveriesListRequestSchema>;
export const deliveriesCommitRequestSchema = z.object({ token: readIdSchema }).strict();
export type DeliveriesCommitRequest = z.input<typeof deliveriesCommitRequestSchema>;
export const auditListRequestSchema = AuditQuerySchema;
export type AuditListRequest = z.input<typeof auditListRequestSchema>;
export interface BackupCreated {
  fileName: string;
  bytes: number;
}
export type BackupCreateResult = { canceled: true } | ({ canceled: false } & BackupCreated);
/** After a restore the records are those of the backup; the previous database was kept beside it. */
export type BackupRestoreResult = { canceled: true } | { canceled: false; restoredFrom: string; previousCopyKept: boolean; links: number };

// ---- audit:verify, audit:chain-status (the hash chain over the evidence tables) ----

export interface ChainProblemData {
  kind: 'link-altered' | 'sequence-broken' | 'row-changed' | 'row-missing' | 'row-unlinked' | 'unknown-table' | 'guard-missing' | 'schema';
  /** The chain link where it breaks; null for a row with no link, a guard or the schema. */
  seq: number | null;
  table: string;
  rowKey: string | null;
  message: string;
}

export interface ChainCheckResult {
  ok: boolean;
  checkedAt: string;
  links: number;
  rows: Record<string, number>;
  head: { seq: number; hash: string } | null;
  /** The first broken link in chain order (or the first schema difference). */
  firstBroken: ChainProblemData | null;
  problemCount: number;
  problems: ChainProblemData[];
}

/** The check the app runs at start-up, in the background. */
export type ChainStatus = { state: 'running' } | { state: 'done'; result: ChainCheckResult } | { state: 'failed'; error: ErrorData };

// ---- session ----

export const sessionSetupRequestSchema = setupRequestSchema;
export const sessionSignInRequestSchema = signInRequestSchema;
export const sessionUnlockRequestSchema = unlockRequestSchema;
export type { SessionStatus, SessionPerson, SessionState, SetupRequest, SignInRequest, UnlockRequest, Approver } from './session';

// ---- exports (main's save dialog chooses the file; see preload/contract/exports.ts) ----

export const exportCasesRequestSchema = CaseExportRequestSchema;
export const exportTestRunsRequestSchema = TestRunExportRequestSchema;
export type { CaseExportRequest, ExportFileResult, TestRunExportRequest } from './exports';

// ---- reports (main renders the document from the id; see preload/contract/reports.ts) ----

export const reportRequestSchema = ReportRequestSchema;
export type { ReportKind, ReportLanguage, ReportPreview, ReportPrintResult, ReportRequest, ReportSaveResult } from './reports';

// ---- soak runs (issue 15; preload/contract/soak.ts). The page polls status and series by id, so a reload reattaches. ----

export { soakExportRequestSchema, soakPhaseRequestSchema, soakSeriesRequestSchema, soakStartRequestSchema, soakStatusRequestSchema, soakStopRequestSchema };
export interface SoakStopped {
  stopped: boolean;
}
// ---- the lab server (issue 14; see preload/contract/lab.ts) ----

export const labConnectRequestSchema = LabConnectRequestSchema;
export type { LabChooseCaResult, LabConnectRequest, LabRefusedRun, LabServerSettings, LabServerView, LabStatus, LabTestResult, RecordsChangedEvent } from './lab';

// ---- events ----

export interface BenchEvents {
  'bench:progress': ReadProgressEvent;
  'bench:reading': MonitorReadingEvent;
  'bench:monitor-ended': MonitorEndedEvent;
  'bench:presence': PresenceEvent;
  /** A record changed on the lab server (any bench): case lists, case pages and statistics refresh. */
  'records:changed': RecordsChangedEvent;
  /** The lab link changed: connected or not, runs waiting in the outbox. */
  'lab:status': LabStatus;
}
export type EventName = keyof BenchEvents;

// ---- the channel map: request (what the renderer sends) and response per channel ----

export interface ChannelMap {
  'app:info': { request: void; response: AppInfo };
  'lab:status': { request: void; response: LabStatus };
  'lab:watch': { request: void; response: LabStatus };
  'lab:settings': { request: void; response: LabServerView };
  'lab:choose-ca': { request: void; response: LabChooseCaResult };
  'lab:test': { request: LabConnectRequest; response: LabTestResult };
  'lab:connect': { request: LabConnectRequest; response: LabStatus };
  'lab:disconnect': { request: void; response: LabStatus };
  'ports:list': { request: void; response: PortInfo[] };
  'sim:modules': { request: void; response: SimulatedModuleInfo[] };
  'bench:probe': { request: BenchProbeRequest; response: ProbeResult };
  'bench:read': { request: BenchReadRequest; response: BenchReadResult };
  'bench:cancel': { request: BenchCancelRequest; response: CancelResult };
  'bench:monitor-start': { request: MonitorStartRequest; response: MonitorStarted };
  'bench:monitor-stop': { request: MonitorStopRequest; response: MonitorStopped };
  'bench:watch-start': { request: BenchWatchStartRequest; response: WatchStarted };
  'bench:watch-stop': { request: BenchWatchStopRequest; response: WatchStopped };
  'files:open-dump': { request: OpenDumpRequest; response: OpenDumpResult };
  'limits:list': { request: void; response: LimitProfileList };
  'limits:import': { request: void; response: LimitsImportResult };
  'limits:new-version': { request: LimitsNewVersionRequest; response: LimitProfileVersion };
  'settings:get': { request: void; response: Setting[] };
  'settings:set': { request: SettingsSetRequest; response: Setting };
  'testruns:record': { request: TestRunRecordRequest; response: TestRunSummary };
  'testruns:list': { request: TestRunListRequest; response: TestRunSummary[] };
  'testruns:get': { request: IdRequest; response: TestRunRecord };
  'testruns:attach': { request: TestRunAttachRequest; response: TestRunSummary };
  'testruns:withdraw': { request: TestRunWithdrawRequest; response: TestRunSummary };
  'externaltests:record': { request: ExternalTestRecordRequest; response: ExternalTest };
  'externaltests:list': { request: ExternalTestListRequest; response: ExternalTest[] };
  'cases:create': { request: CaseCreateRequest; response: RepairCase };
  'cases:list': { request: CaseListRequest; response: CasePage };
  'cases:get': { request: IdRequest; response: CaseDetail };
  'cases:find': { request: CaseFindRequest; response: CaseSummary[] };
  'cases:transition': { request: CaseTransitionRequest; response: RepairCase };
  'cases:decide': { request: CaseDecideRequest; response: RepairCase };
  'cases:assign': { request: CaseAssignRequest; response: RepairCase };
  'cases:reopen': { request: CaseReopenRequest; response: RepairCase };
  'cases:candidates': { request: CaseCandidatesRequest; response: CaseCandidate[] };
  'cases:decide-preview': { request: CaseDecidePreviewRequest; response: DecisionPreview };
  'customers:create': { request: CustomerCreateRequest; response: Customer };
  'customers:list': { request: CustomerListRequest; response: Customer[] };
  'customers:get': { request: IdRequest; response: Customer };
  'technicians:create': { request: TechnicianCreateRequest; response: Technician };
  'technicians:list': { request: TechnicianListRequest; response: Technician[] };
  'technicians:set-active': { request: TechnicianSetActiveRequest; response: Technician };
  'technicians:set-pin': { request: TechnicianSetPinRequest; response: Technician };
  'complaints:file': { request: ComplaintFileRequest; response: Complaint };
  'complaints:update': { request: ComplaintUpdateRequest; response: Complaint };
  'complaints:list': { request: ComplaintListRequest; response: Complaint[] };
  'calls:record': { request: CallRecordRequest; response: FollowUpCall };
  'calls:pick-random': { request: CallPickRandomRequest; response: CaseSummary[] };
  'calls:list': { request: CallListRequest; response: CallPage };
  'stats:dashboard': { request: StatsRequest; response: Statistics };
  'stats:scorecards': { request: StatsRequest; response: Scorecard[] };
  'deliveries:import': { request: void; response: DeliveriesImportResult };
  'deliveries:preview': { request: void; response: DeliveriesPreviewResult };
  'deliveries:commit': { request: DeliveriesCommitRequest; response: DeliveryImportReport };
  'deliveries:list': { request: DeliveriesListRequest; response: Delivery[] };
  'audit:list': { request: AuditListRequest; response: AuditEvent[] };
  'audit:verify': { request: void; response: ChainCheckResult };
  'audit:chain-status': { request: void; response: ChainStatus };
  'backup:create': { request: void; response: BackupCreateResult };
  'backup:restore': { request: void; response: BackupRestoreResult };
  'session:status': { request: void; response: SessionStatus };
  'session:setup': { request: SetupRequest; response: SessionStatus };
  'session:sign-in': { request: SignInRequest; response: SessionStatus };
  'session:unlock': { request: UnlockRequest; response: SessionStatus };
  'session:lock': { request: void; response: SessionStatus };
  'session:sign-out': { request: void; response: SessionStatus };
  'session:activity': { request: void; response: SessionStatus };
  'export:cases': { request: CaseExportRequest; response: ExportFileResult };
  'export:test-runs': { request: TestRunExportRequest; response: ExportFileResult };
  'reports:preview': { request: ReportRequest; response: ReportPreview };
  'reports:print': { request: ReportRequest; response: ReportPrintResult };
  'reports:save-pdf': { request: ReportRequest; response: ReportSaveResult };
  'soak:start': { request: SoakStartRequest; response: SoakStarted };
  'soak:stop': { request: SoakStopRequest; response: SoakStopped };
  'soak:phase': { request: SoakPhaseRequest; response: SoakPhase };
  'soak:status': { request: SoakStatusRequest; response: SoakLive };
  'soak:list': { request: void; response: SoakLive[] };
  'soak:series': { request: SoakSeriesRequest; response: SoakSeriesWindow };
  'soak:export': { request: SoakExportRequest; response: ExportFileResult };
}
export type ChannelName = keyof ChannelMap;
export type RequestOf<C extends ChannelName> = ChannelMap[C]['request'];
export type ResponseOf<C extends ChannelName> = ChannelMap[C]['response'];

// ---- window.bench ----

export interface BenchApi {
  app: {
    info(): Reply<AppInfo>;
  };
  ports: {
    /** Serial ports, recognised programmers first. */
    list(): Reply<PortInfo[]>;
  };
  sim: {
    /** The simulated module library (the simulated bench is always available). */
    modules(): Reply<SimulatedModuleInfo[]>;
  };
  bench: {
    probe(req: BenchProbeRequest): Reply<ProbeResult>;
    /** Reads, decodes and judges. A cancelled read gives error CANCELLED: not a failure. */
    read(req: BenchReadRequest): Reply<BenchReadResult>;
    cancel(req: BenchCancelRequest): Reply<CancelResult>;
    monitorStart(req: MonitorStartRequest): Reply<MonitorStarted>;
    monitorStop(req: MonitorStopRequest): Reply<MonitorStopped>;
    onProgress(listener: (e: ReadProgressEvent) => void): Unsubscribe;
    onReading(listener: (e: MonitorReadingEvent) => void): Unsubscribe;
    onMonitorEnded(listener: (e: MonitorEndedEvent) => void): Unsubscribe;
    /** Watch the cage: presence events say when a module is seated, pulled or changed. */
    watchStart(req: BenchWatchStartRequest): Reply<WatchStarted>;
    watchStop(req: BenchWatchStopRequest): Reply<WatchStopped>;
    onPresence(listener: (e: PresenceEvent) => void): Unsubscribe;
  };
  files: {
    /** Main shows the open dialog; the renderer never names a path. */
    openDump(req?: OpenDumpRequest): Reply<OpenDumpResult>;
  };
  limits: {
    /** Every version of every profile (shipped and imported), by id, newest version first. */
    list(): Reply<LimitProfileList>;
    /** Engineering managers only. Main shows the open dialog for a JSON file of one profile or an array of them. */
    import(): Reply<LimitsImportResult>;
    newVersion(req: LimitsNewVersionRequest): Reply<LimitProfileVersion>;
  };
  settings: {
    get(): Reply<Setting[]>;
    set(req: SettingsSetRequest): Reply<Setting>;
  };
  testRuns: {
    /** Stores the read `readId` names (bytes, decoded module, verdicts) as a test run. */
    record(req: TestRunRecordRequest): Reply<TestRunSummary>;
    list(req: TestRunListRequest): Reply<TestRunSummary[]>;
    get(req: IdRequest): Reply<TestRunRecord>;
    /** Links a stored run to a case in a role (once per case); the case page and reports then count it. */
    attach(req: TestRunAttachRequest): Reply<TestRunSummary>;
    /** A supervisor withdraws a run attached by mistake, with the reason; both stay in the record. */
    withdraw(req: TestRunWithdrawRequest): Reply<TestRunSummary>;
  };
  externalTests: {
    /** Records a link or BER test run on a host or tester: evidence beside the bench runs. */
    record(req: ExternalTestRecordRequest): Reply<ExternalTest>;
    list(req: ExternalTestListRequest): Reply<ExternalTest[]>;
  };
  cases: {
    create(req: CaseCreateRequest): Reply<RepairCase>;
    /** Server-side filters and keyset paging (pass back nextCursor). */
    list(req: CaseListRequest): Reply<CasePage>;
    get(req: IdRequest): Reply<CaseDetail>;
    find(req: CaseFindRequest): Reply<CaseSummary[]>;
    transition(req: CaseTransitionRequest): Reply<RepairCase>;
    /** Applies the after-sale policy to the case's before-repair test run. */
    decide(req: CaseDecideRequest): Reply<RepairCase>;
    assign(req: CaseAssignRequest): Reply<RepairCase>;
    /** Supervisors only: a decided case back to awaiting-decision, with the reason. */
    reopen(req: CaseReopenRequest): Reply<RepairCase>;
    /** Open cases of a serial (module or replacement), for attaching a read: closed ones are not offered. */
    candidates(req: CaseCandidatesRequest): Reply<CaseCandidate[]>;
    /** What a decision would be now, with its basis, age and rule; nothing is written. */
    decidePreview(req: CaseDecidePreviewRequest): Reply<DecisionPreview>;
  };
  customers: {
    create(req: CustomerCreateRequest): Reply<Customer>;
    list(req?: CustomerListRequest): Reply<Customer[]>;
    get(req: IdRequest): Reply<Customer>;
  };
  technicians: {
    create(req: TechnicianCreateRequest): Reply<Technician>;
    list(req?: TechnicianListRequest): Reply<Technician[]>;
    setActive(req: TechnicianSetActiveRequest): Reply<Technician>;
    /** A new PIN for a person: supervisors for technicians, engineering managers for anyone; everyone for themselves. */
    setPin(req: TechnicianSetPinRequest): Reply<Technician>;
  };
  complaints: {
    file(req: ComplaintFileRequest): Reply<Complaint>;
    update(req: ComplaintUpdateRequest): Reply<Complaint>;
    list(req?: ComplaintListRequest): Reply<Complaint[]>;
  };
  calls: {
    record(req: CallRecordRequest): Reply<FollowUpCall>;
    pickRandom(req: CallPickRandomRequest): Reply<CaseSummary[]>;
    list(req?: CallListRequest): Reply<CallPage>;
  };
  stats: {
    dashboard(req?: StatsRequest): Reply<Statistics>;
    scorecards(req?: StatsRequest): Reply<Scorecard[]>;
  };
  deliveries: {
    /** Main shows the open dialog for a deliveries CSV (serial, customer, delivered_on, part_number). */
    import(): Reply<DeliveriesImportResult>;
    /** Main shows the open dialog, reads and checks the CSV: every row as it would be imported, every bad line. */
    preview(): Reply<DeliveriesPreviewResult>;
    /** Imports a previewed file in one transaction (all rows or none). */
    commit(req: DeliveriesCommitRequest): Reply<DeliveryImportReport>;
    /** The delivery records of a serial, oldest first. */
    list(req: DeliveriesListRequest): Reply<Delivery[]>;
  };
  audit: {
    list(req?: AuditListRequest): Reply<AuditEvent[]>;
    /** Checks the whole hash chain and the schema now; names the first broken link. */
    verify(): Reply<ChainCheckResult>;
    /** The start-up check's outcome (it runs in the background). */
    chainStatus(): Reply<ChainStatus>;
  };
  backup: {
    /** Main shows the save dialog; a backup never overwrites a file. */
    create(): Reply<BackupCreateResult>;
    /** Supervisors only. Main shows the open dialog, verifies the file, keeps a copy of the current records, restores. */
    restore(): Reply<BackupRestoreResult>;
  };
  lab: {
    /** Bench or lab, connected or not, and the runs waiting in this bench's outbox. */
    status(): Reply<LabStatus>;
    /** Start receiving records:changed and lab:status events on this page (returns the status now). */
    watch(): Reply<LabStatus>;
    /** Settings -> Lab server as saved (never the password). */
    settings(): Reply<LabServerView>;
    /** The lab's CA file, chosen in main's file dialog (the page never names a path). */
    chooseCa(): Reply<LabChooseCaResult>;
    /** Connects with these settings without saving them. */
    test(req: LabConnectRequest): Reply<LabTestResult>;
    /** Saves the settings and moves this bench's records onto the lab server; everyone signs in again. */
    connect(req: LabConnectRequest): Reply<LabStatus>;
    /** Back to this bench's own records file; everyone signs in again. */
    disconnect(): Reply<LabStatus>;
    onChanged(listener: (e: RecordsChangedEvent) => void): Unsubscribe;
    onStatus(listener: (s: LabStatus) => void): Unsubscribe;
  };
  session: {
    /** Who is at the station: setup-required, signed-out, locked or signed-in, and who may sign in. */
    status(): Reply<SessionStatus>;
    /** The first PIN of a database, for an engineering manager (then signed in). */
    setup(req: SetupRequest): Reply<SessionStatus>;
    signIn(req: SignInRequest): Reply<SessionStatus>;
    /** The locked session's own person, with their PIN. */
    unlock(req: UnlockRequest): Reply<SessionStatus>;
    lock(): Reply<SessionStatus>;
    signOut(): Reply<SessionStatus>;
    /** The person is working on the page (typing, clicking): keeps main's idle lock from firing. */
    activity(): Reply<SessionStatus>;
  };
  exports: {
    /** Main shows the save dialog and writes the cases the list's filters select (CSV or JSON). */
    cases(req: CaseExportRequest): Reply<ExportFileResult>;
    /** Main shows the save dialog and writes the test runs the filters select (CSV or JSON). */
    testRuns(req: TestRunExportRequest): Reply<ExportFileResult>;
  };
  reports: {
    /** The report as static HTML (built in main from the stored records) and its title. */
    preview(req: ReportRequest): Reply<ReportPreview>;
    /** Opens the system print dialog for the report. */
    print(req: ReportRequest): Reply<ReportPrintResult>;
    /** Main shows the save dialog and writes the report as a PDF. */
    savePdf(req: ReportRequest): Reply<ReportSaveResult>;
  };
  soaks: {
    /** Starts a soak on the programmer of a read of this session; resolves once sampling runs. */
    start(req: SoakStartRequest): Reply<SoakStarted>;
    /** Stops it: controls put back, the soak sealed as a test run. */
    stop(req: SoakStopRequest): Reply<SoakStopped>;
    /** Marks a phase (ambient, heated, cooled, fibre moved, other) at the soak's current time. */
    phase(req: SoakPhaseRequest): Reply<SoakPhase>;
    status(req: SoakStatusRequest): Reply<SoakLive>;
    /** Soaks of this session (running and ended) and those sealed at start-up after the app stopped. */
    list(): Reply<SoakLive[]>;
    /** Min / max / mean per bucket of a window of a running or stored soak. */
    series(req: SoakSeriesRequest): Reply<SoakSeriesWindow>;
    /** Main shows the save dialog and writes the series as CSV. */
    exportCsv(req: SoakExportRequest): Reply<ExportFileResult>;
  };
}
