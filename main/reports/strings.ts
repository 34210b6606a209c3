// Every fixed word the report documents print, in both languages. One dictionary, typed so a key
// missing from zh-CN fails to compile, for the report's own headings; the words of verdicts,
// checks, findings, next steps and warranty decisions come from the shared words
// (preload/contract/words), which the bench screen and the case page use too.
import type { IntegrityCheckName, IntegrityStatus, NextStep, OverallVerdict, ParameterName, VerdictStatus } from '../../preload/contract/limits';
import type { NotificationChannel, RepairStatus, TestRunRole, TechnicianRole, ComplaintAddressee, ComplaintStatus, ExternalTestKind, ExternalTestResult } from '../../preload/contract/records';
import type { CauseCategory, EvidenceNeed, WarrantyDecision, WarrantyRuleId } from '../../preload/contract/warranty';
import { checkName, integrityStatusWord, nextStepWords, overallWord, parameterName, statusWord } from '../../preload/contract/words/index';
import type { TFunction } from 'i18next';
import { limitSource, wordsT } from './reasons';

export type ReportLang = 'en' | 'zh-CN';

const en = {
  testReportTitle: 'Module test report',
  repairReportTitle: 'Repair report',
  station: 'Station',
  printed: 'Printed',
  appVersion: 'App version',
  pageOf: 'Page #{page} / #{total}',
  // identity
  moduleIdentity: 'Module identity',
  moduleType: 'Module type',
  standard: 'Standard',
  vendor: 'Vendor',
  vendorOui: 'Vendor OUI',
  partNumber: 'Part number',
  serialNumber: 'Serial number',
  revision: 'Revision',
  dateCode: 'Date code',
  manufactured: 'Manufactured',
  wavelength: 'Wavelength',
  connector: 'Connector',
  compliance: 'Compliance',
  bitRate: 'Nominal bit rate',
  none: 'none',
  unknown: 'unknown',
  invalidDate: 'not a valid date',
  // test context
  testContext: 'Test',
  testRun: 'Test run',
  imageFile: 'Image file',
  programmer: 'Programmer',
  operator: 'Operator',
  takenAt: 'Tested at',
  role: 'Role',
  repairCase: 'Repair case',
  correction: 'Correction of run',
  correctionReason: 'Correction reason',
  supersededBy: 'Superseded by run',
  rawImage: 'Raw image',
  imageSize: 'Size',
  bytes: 'bytes',
  sha256: 'SHA-256',
  limitProfile: 'Limit profile',
  noProfile: "none: the module's own thresholds",
  matchedBy: 'Matched by',
  // verdicts
  verdicts: 'Verdicts',
  parameter: 'Parameter',
  lane: 'Lane',
  value: 'Value',
  unit: 'Unit',
  specMin: 'Min',
  specMax: 'Max',
  warnRange: 'Warning band',
  limitSource: 'Limit source',
  status: 'Status',
  reason: 'Reason',
  noVerdicts: 'No parameters were judged.',
  integrity: 'Integrity checks',
  check: 'Check',
  problems: 'Decoder findings',
  overallVerdict: 'Overall verdict',
  withinSpec: 'within spec',
  notWithinSpec: 'not within spec',
  notMeasured: 'not measured',
  findings: 'Findings (not failures)',
  noFindings: 'No findings.',
  findingsHint: 'Identity oddities: shown and kept in the record, never a failure by themselves.',
  incomplete: 'Why the verdict is incomplete',
  nextSteps: 'Next steps',
  notJudged: 'Not judged by choice',
  notJudgedRx: 'Rx power: no light source or loopback attached',
  declarations: 'What the module declares',
  lasers: 'Lasers',
  needs: 'To decide',
  noBasis: 'no basis date: no delivery record and no readable date code',
  externalTests: 'External tests',
  externalKind: 'Test',
  equipment: 'Equipment',
  result: 'Result',
  performedBy: 'Performed by',
  berShort: 'BER',
  externalEvidence: 'External test',
  // repair report
  rma: 'RMA',
  caseStatus: 'Case status',
  customer: 'Customer',
  contact: 'Contact',
  phone: 'Phone',
  email: 'Email',
  notification: 'Notification',
  channel: 'Channel',
  notifiedAt: 'Notified at',
  notifiedOn: 'Customer date',
  notifiedBy: 'Notified by',
  deliveries: 'Deliveries',
  deliveredOn: 'Delivered on',
  noDelivery: 'no delivery record',
  complaintText: 'Complaint / fault description',
  module: 'Module',
  technician: 'Technician',
  unassigned: 'not assigned',
  testRuns: 'Test runs',
  noTestRuns: 'No test runs recorded.',
  run: 'Run',
  failing: 'Failing parameters',
  allWithinSpec: 'none',
  superseded: 'superseded by #{id}',
  corrects: 'corrects #{id}',
  warrantyDecision: 'Warranty decision',
  noDecision: 'No decision yet.',
  decision: 'Decision',
  rule: 'Rule',
  basisDate: 'Counted from',
  estimatedBasis: 'estimated from the date code',
  deliveryBasis: 'delivery date',
  age: 'Age at notification',
  days: 'days',
  cause: 'Cause category',
  decidedBy: 'Decided by',
  decidedAt: 'Decided at',
  evidence: 'Evidence',
  failureMode: 'Failure mode',
  repairAction: 'Repair',
  actionTaken: 'Action taken',
  replacementSerial: 'Replacement serial',
  closedAt: 'Closed at',
  timeline: 'Status timeline',
  when: 'When',
  from: 'From',
  to: 'To',
  by: 'By',
  note: 'Note',
  complaints: 'Complaints',
  complaint: 'Complaint',
  state: 'Status',
  addressedTo: 'Addressed to',
  resolution: 'Resolution',
  calls: 'Follow-up calls',
  caller: 'Caller',
  satisfaction: 'Satisfaction',
  remarks: 'Remarks',
  signatures: 'Signatures',
  signTechnician: 'Technician',
  signSupervisor: 'Supervisor',
  signCustomer: 'Customer',
  signName: 'Name',
  signDate: 'Date',
  dash: '-',
  // CMIS detail (issue 13 item 7)
  cmisTitle: 'CMIS module',
  cmisOfRun: 'from run #{id}',
  cmisModuleState: 'Module state',
  cmisDataPaths: 'Data paths',
  cmisHostLanes: 'host lanes #{lanes}: #{state}',
  cmisDataPath: 'Data path',
  cmisFirmware: 'Firmware',
  cmisFirmwareValues: 'active #{active}, inactive #{inactive}, hardware #{hardware}',
  notGiven: 'not given',
  cmisMedia: 'Media',
  cmisPower: 'Power',
  cmisPowerValue: 'class #{cls}, at most #{watts} W',
  cmisPages: 'Pages read',
  cmisMissing: 'advertised but not read: #{pages}',
  cmisModuleFlags: 'Module flags (latched)',
  cmisApplications: 'Applications advertised',
  cmisHostInterface: 'Host interface',
  cmisMediaInterface: 'Media interface',
  cmisHostLaneCount: 'Host lanes',
  cmisMediaLaneCount: 'Media lanes',
  cmisLanes: 'Lanes #{from}–#{to}',
  cmisVdm: 'Versatile diagnostics (VDM)',
  cmisNoVdm: 'The module advertises no VDM observables.',
  cmisVdmObservable: 'Observable',
  flagRaised: 'raised',
  flagClear: 'clear',
  controlWrites: '#{count} control bytes written, #{restored} put back',
  // attachments and corrections (issue 12)
  attached: 'Attached',
  attachedBy: '#{who}, #{when}',
  legacyLink: 'recorded with the case',
  withdrawnRuns: 'Runs withdrawn (attached by mistake)',
  withdrawnBy: 'withdrawn by #{who}, #{when}: #{reason}',
  deliveryRecord: 'delivery record ##{id}, imported #{imported}',
  countsFor: 'Counts for',
};

export type ReportStringKey = keyof typeof en;
type Dictionary = Record<ReportStringKey, string>;

const zhCN: Dictionary = {
  testReportTitle: '模块测试报告',
  repairReportTitle: '维修报告',
  station: '工位',
  printed: '打印时间',
  appVersion: '软件版本',
  pageOf: '第 #{page} / #{total} 页',
  moduleIdentity: '模块信息',
  moduleType: '模块类型',
  standard: '标准',
  vendor: '厂商',
  vendorOui: '厂商 OUI',
  partNumber: '型号（PN）',
  serialNumber: '序列号（SN）',
  revision: '版本',
  dateCode: '日期代码',
  manufactured: '生产日期',
  wavelength: '波长',
  connector: '连接器',
  compliance: '兼容标准',
  bitRate: '标称速率',
  none: '无',
  unknown: '未知',
  invalidDate: '不是有效日期',
  testContext: '测试',
  testRun: '测试记录',
  imageFile: '映像文件',
  programmer: '编程器',
  operator: '操作员',
  takenAt: '测试时间',
  role: '阶段',
  repairCase: '维修单',
  correction: '更正记录',
  correctionReason: '更正原因',
  supersededBy: '已被更正，新记录',
  rawImage: '原始映像',
  imageSize: '大小',
  bytes: '字节',
  sha256: 'SHA-256',
  limitProfile: '限值配置',
  noProfile: '无：按模块自身阈值判定',
  matchedBy: '匹配依据',
  verdicts: '判定结果',
  parameter: '参数',
  lane: '通道',
  value: '测量值',
  unit: '单位',
  specMin: '下限',
  specMax: '上限',
  warnRange: '告警范围',
  limitSource: '限值来源',
  status: '结论',
  reason: '原因',
  noVerdicts: '没有判定任何参数。',
  integrity: 'EEPROM 完整性检查',
  check: '检查项',
  problems: '解码发现',
  overallVerdict: '总体结论',
  withinSpec: '在规格内',
  notWithinSpec: '不在规格内',
  notMeasured: '未测量',
  findings: '发现（不构成不合格）',
  noFindings: '没有发现。',
  findingsHint: '标识信息异常：显示并保存在记录中，但本身不构成不合格。',
  incomplete: '结论未完成的原因',
  nextSteps: '下一步',
  notJudged: '选择不判定的项目',
  notJudgedRx: '接收光功率：未连接光源或环回',
  declarations: '模块声明',
  lasers: '激光器',
  needs: '判定前需要',
  noBasis: '无起算日期：没有交付记录，日期代码也无法读取',
  externalTests: '外部测试',
  externalKind: '测试',
  equipment: '设备',
  result: '结果',
  performedBy: '测试人',
  berShort: '误码率',
  externalEvidence: '外部测试',
  rma: 'RMA 号',
  caseStatus: '维修单状态',
  customer: '客户',
  contact: '联系人',
  phone: '电话',
  email: '电子邮件',
  notification: '报修通知',
  channel: '通知方式',
  notifiedAt: '通知时间',
  notifiedOn: '客户日期',
  notifiedBy: '通知人',
  deliveries: '交付记录',
  deliveredOn: '交付日期',
  noDelivery: '无交付记录',
  complaintText: '故障描述',
  module: '模块',
  technician: '技术员',
  unassigned: '未指派',
  testRuns: '测试记录',
  noTestRuns: '没有测试记录。',
  run: '记录',
  failing: '不合格参数',
  allWithinSpec: '无',
  superseded: '已被 #{id} 更正',
  corrects: '更正 #{id}',
  warrantyDecision: '保修判定',
  noDecision: '尚未判定。',
  decision: '判定',
  rule: '依据规则',
  basisDate: '起算日期',
  estimatedBasis: '按日期代码估算',
  deliveryBasis: '交付日期',
  age: '通知时已使用',
  days: '天',
  cause: '原因类别',
  decidedBy: '判定人',
  decidedAt: '判定时间',
  evidence: '判定依据的测试',
  failureMode: '故障模式',
  repairAction: '维修处理',
  actionTaken: '处理措施',
  replacementSerial: '替换模块序列号',
  closedAt: '关闭时间',
  timeline: '状态记录',
  when: '时间',
  from: '原状态',
  to: '新状态',
  by: '操作人',
  note: '备注',
  complaints: '投诉',
  complaint: '投诉内容',
  state: '状态',
  addressedTo: '投诉对象',
  resolution: '处理结果',
  calls: '回访',
  caller: '回访人',
  satisfaction: '满意度',
  remarks: '备注',
  signatures: '签字',
  signTechnician: '技术员',
  signSupervisor: '主管',
  signCustomer: '客户',
  signName: '姓名',
  signDate: '日期',
  dash: '—',
  cmisTitle: 'CMIS 模块',
  cmisOfRun: '来自测试记录 ##{id}',
  cmisModuleState: '模块状态',
  cmisDataPaths: '数据通路',
  cmisHostLanes: '主机通道 #{lanes}：#{state}',
  cmisDataPath: '数据通路',
  cmisFirmware: '固件',
  cmisFirmwareValues: '运行 #{active}，备用 #{inactive}，硬件 #{hardware}',
  notGiven: '未提供',
  cmisMedia: '介质',
  cmisPower: '功耗',
  cmisPowerValue: '等级 #{cls}，最大 #{watts} W',
  cmisPages: '已读取的页',
  cmisMissing: '已声明但未读取：#{pages}',
  cmisModuleFlags: '模块标志（锁存）',
  cmisApplications: '声明的应用',
  cmisHostInterface: '主机接口',
  cmisMediaInterface: '介质接口',
  cmisHostLaneCount: '主机通道',
  cmisMediaLaneCount: '介质通道',
  cmisLanes: '通道 #{from}–#{to}',
  cmisVdm: '通用诊断（VDM）',
  cmisNoVdm: '模块未声明 VDM 监测量。',
  cmisVdmObservable: '监测量',
  flagRaised: '已触发',
  flagClear: '正常',
  controlWrites: '写入 #{count} 个控制字节，已恢复 #{restored} 个',
  attached: '关联',
  attachedBy: '#{who}，#{when}',
  legacyLink: '随维修单记录',
  withdrawnRuns: '已撤回的测试记录（误关联）',
  withdrawnBy: '由 #{who} 于 #{when} 撤回：#{reason}',
  deliveryRecord: '交付记录 ##{id}，导入于 #{imported}',
  countsFor: '计入维修单',
};

/** Shape and colour both carry the status: the report must read the same printed in black and white. */
export const STATUS_SYMBOL: Record<VerdictStatus | OverallVerdict | IntegrityStatus, string> = {
  pass: '✔',
  marginal: '▲',
  fail: '✖',
  'not-measured': '○',
  'not-applicable': '–',
  incomplete: '◐',
  unconfirmed: '?',
  finding: '※',
};

const REPAIR_STATUS: Record<ReportLang, Record<RepairStatus, string>> = {
  en: {
    received: 'received',
    diagnosing: 'diagnosing',
    'awaiting-decision': 'awaiting decision',
    repairing: 'repairing',
    replacing: 'replacing',
    verifying: 'verifying',
    closed: 'closed',
    'returned-no-fault': 'returned, no fault found',
    'rejected-not-covered': 'rejected, not covered',
  },
  'zh-CN': {
    received: '已接收',
    diagnosing: '诊断中',
    'awaiting-decision': '待判定',
    repairing: '维修中',
    replacing: '更换中',
    verifying: '验证中',
    closed: '已关闭',
    'returned-no-fault': '无故障退回',
    'rejected-not-covered': '不在保修范围，已拒绝',
  },
};

const CHANNEL: Record<ReportLang, Record<NotificationChannel, string>> = {
  en: { written: 'written', telephone: 'telephone' },
  'zh-CN': { written: '书面', telephone: '电话' },
};

const EXTERNAL_KIND: Record<ReportLang, Record<ExternalTestKind, string>> = {
  en: { link: 'link test', ber: 'BER test' },
  'zh-CN': { link: '链路测试', ber: '误码率测试' },
};

const ROLE: Record<ReportLang, Record<TestRunRole, string>> = {
  en: { 'before-repair': 'before repair', 'after-repair': 'after repair' },
  'zh-CN': { 'before-repair': '维修前', 'after-repair': '维修后' },
};

const TECH_ROLE: Record<ReportLang, Record<TechnicianRole, string>> = {
  en: { technician: 'technician', supervisor: 'supervisor', 'engineering-manager': 'engineering manager' },
  'zh-CN': { technician: '技术员', supervisor: '主管', 'engineering-manager': '工程经理' },
};

const ADDRESSEE: Record<ReportLang, Record<ComplaintAddressee, string>> = {
  en: { supervisor: 'supervisor', 'engineering-manager': 'engineering manager' },
  'zh-CN': { supervisor: '主管', 'engineering-manager': '工程经理' },
};

const COMPLAINT_STATUS: Record<ReportLang, Record<ComplaintStatus, string>> = {
  en: { open: 'open', 'in-progress': 'in progress', resolved: 'resolved' },
  'zh-CN': { open: '待处理', 'in-progress': '处理中', resolved: '已解决' },
};

const DICTIONARIES: Record<ReportLang, Dictionary> = { en, 'zh-CN': zhCN };

export interface ReportStrings {
  lang: ReportLang;
  /** The shared words (preload/contract/words) in the report's language: module states, flags, laser outcomes. */
  w: TFunction;
  t(key: ReportStringKey, vars?: Record<string, string | number>): string;
  verdictStatus(s: VerdictStatus): string;
  overall(s: OverallVerdict): string;
  integrityStatus(s: IntegrityStatus): string;
  nextStep(s: NextStep | EvidenceNeed): string;
  externalKind(k: ExternalTestKind): string;
  externalResult(r: ExternalTestResult): string;
  parameter(p: ParameterName): string;
  integrityCheck(c: IntegrityCheckName): string;
  repairStatus(s: RepairStatus): string;
  channel(c: NotificationChannel): string;
  cause(c: CauseCategory): string;
  decision(d: WarrantyDecision): string;
  /** How the limit profile was chosen (main/limits resolveProfile's words) in the report's language. */
  matchedBy(how: string): string;
  /** A verdict's limit source (main/limits' words: "profile ID vN (clause)[, CLASS case temperature]", "module thresholds", "none"). */
  limitSource(source: string): string;
  /** The rule in the shared words (as the case page shows it); the stored text when a rule id is not known. */
  ruleWords(ruleId: WarrantyRuleId | null, stored: string): string;
  role(r: TestRunRole): string;
  technicianRole(r: TechnicianRole): string;
  addressee(a: ComplaintAddressee): string;
  complaintStatus(s: ComplaintStatus): string;
}

export function reportStrings(lang: ReportLang): ReportStrings {
  const dict = DICTIONARIES[lang];
  const w = wordsT(lang);
  return {
    lang,
    w,
    t: (key, vars) => {
      const s = dict[key];
      return vars === undefined ? s : s.replace(/#\{(\w+)\}/g, (_m, k: string) => String(vars[k] ?? ''));
    },
    verdictStatus: (s) => statusWord(w, s),
    overall: (s) => overallWord(w, s),
    integrityStatus: (s) => integrityStatusWord(w, s),
    nextStep: (s) => nextStepWords(w, s),
    externalKind: (k) => EXTERNAL_KIND[lang][k] ?? k,
    externalResult: (r) => statusWord(w, r),
    parameter: (p) => parameterName(w, p),
    integrityCheck: (c) => checkName(w, c),
    repairStatus: (s) => REPAIR_STATUS[lang][s] ?? s,
    channel: (c) => CHANNEL[lang][c] ?? c,
    cause: (c) => w(`warranty:cause.${c}`),
    decision: (d) => w(`warranty:decision.${d}`),
    ruleWords: (ruleId, stored) => {
      const words = stored.includes(': ') ? stored.slice(stored.indexOf(': ') + 2) : stored;
      return ruleId === null ? words : w(`warranty:rule.${ruleId}`, { defaultValue: words });
    },
    matchedBy: (how) => {
      if (lang === 'en') return how;
      if (how === 'requested') return '手动指定';
      if (how === 'module thresholds') return '模块自身阈值';
      const pn = /^part number (.*)$/.exec(how);
      if (pn) return `型号 ${pn[1] ?? ''}`;
      const iface = /^interface (.*)$/.exec(how);
      if (iface) return `接口 ${(iface[1] ?? '').split(' or ').join(' 或 ')}`;
      return how;
    },
    limitSource: (source) => limitSource(lang, source),
    role: (r) => ROLE[lang][r] ?? r,
    technicianRole: (r) => TECH_ROLE[lang][r] ?? r,
    addressee: (a) => ADDRESSEE[lang][a] ?? a,
    complaintStatus: (s) => COMPLAINT_STATUS[lang][s] ?? s,
  };
}
