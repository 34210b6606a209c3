// What a module declares and where the decoders read it (DecodedModule.declarations.sources) is
// written by main/sff in English: a citation ("SFF-8472 A0h byte 92 = 0x68") and what the bits
// mean. The English stays with the stored run; a Chinese report keeps the citation as the
// standard prints it and says the meaning in Chinese, phrase by phrase. A phrase this table does
// not know stays as written (tests/integration/reports/zh-complete.test.ts lists it).
import type { ReportLang } from './strings';

// Longest first, so "no separable connector" is taken before "connector".
const ZH_PHRASES: ReadonlyArray<readonly [string, string]> = [
  ['temperature reported without byte 220 bit 5, judged', '未在字节 220 第 5 位声明但报告了温度，已判定'],
  ['supply voltage reported without byte 220 bit 4, judged', '未在字节 220 第 4 位声明但报告了供电电压，已判定'],
  ['page 01h not in the image: monitors assumed from the pages present', '镜像中没有 01h 页：按现有的页推定监测项'],
  ['flat memory: no page 01h, no monitors advertised', '平面内存：没有 01h 页，未声明监测项'],
  ['no compliance code says the media', '没有合规代码说明介质'],
  ['no code says the media', '没有代码说明介质'],
  ['Copper cable, near and far end limiting active equalizers', '铜缆，近端和远端限幅有源均衡'],
  ['Copper cable, far end limiting active equalizers', '铜缆，远端限幅有源均衡'],
  ['Copper cable, near end limiting active equalizers', '铜缆，近端限幅有源均衡'],
  ['Copper cable, linear active equalizers', '铜缆，线性有源均衡'],
  ['Copper cable passive equalized', '铜缆，无源均衡'],
  ['Copper cable unequalized', '铜缆，无均衡'],
  ['C-band tunable laser', 'C 波段可调激光器'],
  ['L-band tunable laser', 'L 波段可调激光器'],
  ['InfiniBand 1X copper active', 'InfiniBand 1X 有源铜缆'],
  ['optical extended compliance', '光扩展合规代码'],
  ['extended compliance', '扩展合规代码'],
  ['no monitors declared', '未声明监测项'],
  ['SFP+ passive cable', 'SFP+ 无源线缆'],
  ['SFP+ active cable', 'SFP+ 有源线缆'],
  // SFF-8636 byte 220's bits (sff8636-bits.ts) and SFF-8472 byte 92's, by their decoder names.
  ['supplyVoltageMonitor', '供电电压监测'],
  ['temperatureMonitor', '温度监测'],
  ['txPowerMonitor', 'Tx 光功率监测'],
  ['rxPowerAverage', 'Rx 平均光功率'],
  ['addressChangeRequired', '需要切换地址'],
  ['Optical interfaces: MMF', '光接口：多模光纤（MMF）'],
  ['Optical interfaces: SMF', '光接口：单模光纤（SMF）'],
  ['Passive copper cables', '无源铜缆'],
  ['Active cables', '有源线缆'],
  ['diagnostics implemented', '已实现诊断'],
  ['no diagnostics', '无诊断'],
  ['externally calibrated', '外部校准'],
  ['internally calibrated', '内部校准'],
  ['average Rx power', 'Rx 平均光功率'],
  ['Rx power as OMA', 'Rx 光功率为 OMA'],
  ['address change required', '需要切换地址'],
  ['optical compliance codes', '光合规代码'],
  ['no separable connector', '不可分离的连接器'],
  ['electrical connector', '电连接器'],
  ['RJ45 connector', 'RJ45 连接器'],
  ['copper compliance', '铜缆合规代码'],
  ['before Rev 2.8', '早于 Rev 2.8'],
  ['power class', '功率等级'],
  ['flat memory', '平面内存'],
  ['paged memory', '分页内存'],
  ['Undefined', '未定义'],
  ['reserved', '保留'],
  ['Others', '其他'],
  ['wavelength', '波长'],
];

// The citation's own words, after the phrases: "bytes 3-9", "byte 92", "page 00h", "bit 5", "and".
const ZH_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bbytes (?=\d)/g, '字节 '],
  [/\bbyte (?=\d)/g, '字节 '],
  [/\bpage (?=[0-9A-F]{2}h)/g, '页 '],
  [/\bbit (?=\d)/g, '位 '],
  [/ and (?=\d)/g, ' 和 '],
  // SFF-8024's "A/B" interface names, which the decoders spell "A or B".
  [/ or (?=\S)/g, ' 或 '],
];

export function declarationWords(source: string, lang: ReportLang): string {
  if (lang === 'en') return source;
  let out = source;
  for (const [en, zh] of ZH_PHRASES) out = out.split(en).join(zh);
  for (const [re, zh] of ZH_WORDS) out = out.replace(re, zh);
  return out;
}
