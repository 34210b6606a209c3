// Every fixed word the report documents print, in both languages. One dictionary, typed so a key
// missing from zh-CN fails to compile. Terms follow the app's own zh-CN locale
// (renderer/src/locales/zh-CN) so a printed report and the screen use the same words.
import type { IntegrityCheckName, ParameterName, VerdictStatus } from '../../preload/contract/limits';
import type { NotificationChannel, RepairStatus, TestRunRole, TechnicianRole, ComplaintAddressee, ComplaintStatus } from '../../preload/contract/records';
import type { CauseCategory, WarrantyDecision, WarrantyRuleId } from '../../preload/contract/warranty';
import { limitSource } from './reasons';

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
};

const STATUS: Record<ReportLang, Record<VerdictStatus, string>> = {
  en: { pass: 'PASS', marginal: 'MARGINAL', fail: 'FAIL', 'not-measured': 'NOT MEASURED' },
  'zh-CN': { pass: '合格', marginal: '临界', fail: '不合格', 'not-measured': '未测量' },
};

/** Shape and colour both carry the status: the report must read the same printed in black and white. */
export const STATUS_SYMBOL: Record<VerdictStatus | 'not-applicable', string> = {
  pass: '✔',
  marginal: '▲',
  fail: '✖',
  'not-measured': '○',
  'not-applicable': '–',
};

const PARAMETER: Record<ReportLang, Record<ParameterName, string>> = {
  en: { temperatureC: 'Temperature', supplyVoltageV: 'Supply voltage', txBiasMa: 'Tx bias current', txPowerDbm: 'Tx power', rxPowerDbm: 'Rx power' },
  'zh-CN': { temperatureC: '温度', supplyVoltageV: '供电电压', txBiasMa: '发射偏置电流', txPowerDbm: '发射光功率', rxPowerDbm: '接收光功率' },
};

const INTEGRITY: Record<ReportLang, Record<IntegrityCheckName, string>> = {
  en: {
    checksumBase: 'Base checksum (CC_BASE)',
    checksumExtended: 'Extended checksum (CC_EXT)',
    checksumDiagnostics: 'Diagnostics checksum (CC_DMI)',
    vendorFieldsPrintable: 'Vendor fields printable',
    dateCodeValid: 'Date code valid',
    wavelengthConsistent: 'Wavelength consistent',
    identifierKnown: 'Identifier known',
  },
  'zh-CN': {
    checksumBase: '基本校验和（CC_BASE）',
    checksumExtended: '扩展校验和（CC_EXT）',
    checksumDiagnostics: '诊断校验和（CC_DMI）',
    vendorFieldsPrintable: '厂商字段可打印',
    dateCodeValid: '日期代码有效',
    wavelengthConsistent: '波长一致',
    identifierKnown: '标识符已知',
  },
};

const INTEGRITY_STATUS: Record<ReportLang, Record<'pass' | 'fail' | 'not-applicable', string>> = {
  en: { pass: 'PASS', fail: 'FAIL', 'not-applicable': 'N/A' },
  'zh-CN': { pass: '合格', fail: '不合格', 'not-applicable': '不适用' },
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

const CAUSE: Record<ReportLang, Record<CauseCategory, string>> = {
  en: { 'non-human': 'non-human (product fault)', human: 'human factors (damage, contamination, ESD, misuse)', 'force-majeure': 'force majeure (war, disaster)' },
  'zh-CN': { 'non-human': '非人为（产品故障）', human: '人为因素（损坏、污染、静电、误用）', 'force-majeure': '不可抗力（战争、灾害）' },
};

const DECISION: Record<ReportLang, Record<WarrantyDecision, string>> = {
  en: { replace: 'replace', repair: 'repair', 'no-fault-found': 'no fault found', 'not-covered': 'not covered', 'out-of-warranty': 'out of warranty' },
  'zh-CN': { replace: '更换', repair: '维修', 'no-fault-found': '未发现故障', 'not-covered': '不在保修范围', 'out-of-warranty': '已过保修期' },
};

/** zh-CN words for each rule; English prints the rule text the policy produced, as stored. */
const RULE_ZH: Record<WarrantyRuleId, string> = {
  'excluded-human-cause': '人为因素（物理损坏、污染、静电、误用）造成的故障不在保修范围。',
  'excluded-force-majeure': '战争、灾害或不可抗力造成的故障不在保修范围。',
  'pass-within-3-years': '所有规定参数均在规格内，且在三周年当日或之前通知：未发现故障。',
  'pass-after-3-years': '所有规定参数均在规格内，且在三周年之后通知：已过保修期。',
  'fail-within-1-year': '有规定参数不合格，且在一周年当日或之前通知：更换。',
  'fail-within-3-years': '有规定参数不合格，在一周年之后、三周年当日或之前通知：维修。',
  'fail-after-3-years': '有规定参数不合格，且在三周年之后通知：已过保修期。',
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
  t(key: ReportStringKey, vars?: Record<string, string | number>): string;
  verdictStatus(s: VerdictStatus): string;
  integrityStatus(s: 'pass' | 'fail' | 'not-applicable'): string;
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
  /** The rule as the policy worded it (en) or its Chinese words (zh-CN); the id is printed beside it. */
  ruleWords(ruleId: WarrantyRuleId | null, stored: string): string;
  role(r: TestRunRole): string;
  technicianRole(r: TechnicianRole): string;
  addressee(a: ComplaintAddressee): string;
  complaintStatus(s: ComplaintStatus): string;
}

export function reportStrings(lang: ReportLang): ReportStrings {
  const dict = DICTIONARIES[lang];
  return {
    lang,
    t: (key, vars) => {
      const s = dict[key];
      return vars === undefined ? s : s.replace(/#\{(\w+)\}/g, (_m, k: string) => String(vars[k] ?? ''));
    },
    verdictStatus: (s) => STATUS[lang][s],
    integrityStatus: (s) => INTEGRITY_STATUS[lang][s],
    parameter: (p) => PARAMETER[lang][p] ?? p,
    integrityCheck: (c) => INTEGRITY[lang][c] ?? c,
    repairStatus: (s) => REPAIR_STATUS[lang][s] ?? s,
    channel: (c) => CHANNEL[lang][c] ?? c,
    cause: (c) => CAUSE[lang][c] ?? c,
    decision: (d) => DECISION[lang][d] ?? d,
    ruleWords: (ruleId, stored) => {
      const words = stored.includes(': ') ? stored.slice(stored.indexOf(': ') + 2) : stored;
      return lang === 'zh-CN' && ruleId !== null ? (RULE_ZH[ruleId] ?? words) : words;
    },
    matchedBy: (how) => {
      if (lang === 'en') return how;
      if (how === 'requested') return '手动指定';
      if (how === 'module thresholds') return '模块自身阈值';
      const pn = /^part number (.*)$/.exec(how);
      if (pn) return `型号 ${pn[1] ?? ''}`;
      const iface = /^interface (.*)$/.exec(how);
      if (iface) return `接口 ${iface[1] ?? ''}`;
      return how;
    },
    limitSource: (source) => limitSource(lang, source),
    role: (r) => ROLE[lang][r] ?? r,
    technicianRole: (r) => TECH_ROLE[lang][r] ?? r,
    addressee: (a) => ADDRESSEE[lang][a] ?? a,
    complaintStatus: (s) => COMPLAINT_STATUS[lang][s] ?? s,
  };
}
