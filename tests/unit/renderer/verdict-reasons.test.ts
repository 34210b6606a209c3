// Reasons worded from their codes in both languages, with locale numbers; runs stored before the
// codes existed keep their English sentence.
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IntegrityCheck, ParameterVerdict } from '../../../preload/contract/limits';
import { integrityReason, limitSourceWords, verdictReason, WORD_NAMESPACES, WORD_RESOURCES } from '../../../preload/contract/words/index';
import { evaluateModule } from '../../../main/limits/index';
import { AT, diagnostics, lane, profile, sfp } from '../limits/fixtures';

const i18n = i18next.createInstance();
let en: TFunction;
let zh: TFunction;
beforeAll(async () => {
  await i18n.init({
    resources: WORD_RESOURCES,
    lng: 'en',
    fallbackLng: 'en',
    ns: [...WORD_NAMESPACES],
    interpolation: { escapeValue: false },
  });
  en = i18n.getFixedT('en');
  zh = i18n.getFixedT('zh-CN');
});

const tx = (over: Partial<ParameterVerdict>): ParameterVerdict => ({
  parameter: 'txPowerDbm', lane: null, value: -7.8, unit: 'dBm', status: 'fail', limit: { min: -7.3, max: -1 }, limitSource: 'p', reason: 'Tx power -7.80 dBm below spec minimum -7.3 dBm', ...over,
});

describe('verdict reasons', () => {
  it('a failing Tx power reads as the stored English sentence in English, and in Chinese words in zh-CN', () => {
    const v = tx({ reasonCode: 'below-min', reasonArgs: { value: -7.8, bound: -7.3, limitKind: 'spec' } });
    expect(verdictReason(en, 'en', v)).toBe('Tx power -7.80 dBm below spec minimum -7.3 dBm');
    expect(verdictReason(zh, 'zh-CN', v)).toBe('发射光功率 -7.80 dBm，低于规格下限 -7.3 dBm');
  });

  it('numbers follow the locale (German decimal comma), limits keep their written digits', () => {
    const v = tx({ reasonCode: 'below-warn', reasonArgs: { value: -6.5, bound: -6.3, min: -7.3, max: -1, limitKind: 'spec' } });
    expect(verdictReason(en, 'de-DE', v)).toBe('Tx power -6,50 dBm below warning -6,3 dBm, within spec -7,3 to -1 dBm');
  });

  it('a run stored before reason codes shows its stored sentence in any language', () => {
    expect(verdictReason(zh, 'zh-CN', tx({}))).toBe('Tx power -7.80 dBm below spec minimum -7.3 dBm');
    const old: IntegrityCheck = { check: 'checksumBase', status: 'pass', reason: 'CC_BASE 0x12 matches' };
    expect(integrityReason(zh, 'zh-CN', old)).toBe('CC_BASE 0x12 matches');
  });

  it('every code main produces for a failing module has words in both languages (no raw keys shown)', () => {
    const failing = sfp({
      diagnostics: diagnostics({ lanes: [lane({ txPowerMw: 0, txPowerDbm: null, rxPowerMw: 0, rxPowerDbm: null })], status: { txFault: true } }),
      checksums: { ...sfp().checksums, base: { stored: 0x10, computed: 0x11, ok: false } },
      vendor: { ...sfp().vendor, serialNumber: ' ', manufactureDate: null, dateCode: '231399' },
      wavelengthNm: 1310,
    });
    const e = evaluateModule(failing, { profiles: [profile()], setup: { rxLightSource: true, imageSource: 'programmer' }, at: AT });
    for (const [t, lng] of [[en, 'en'], [zh, 'zh-CN']] as const) {
      for (const v of e.verdicts) expect(verdictReason(t, lng, v)).not.toMatch(/reasons:|parameter\.|\{\{/);
      for (const c of e.integrity) expect(integrityReason(t, lng, c)).not.toMatch(/reasons:|integrity\.|\{\{/);
    }
    const noLight = e.verdicts.find((v) => v.parameter === 'txPowerDbm')!;
    expect(verdictReason(zh, 'zh-CN', noLight)).toBe('发射光功率：无光（0 mW；TX_FAULT 已置位：激光器故障）');
    // The English words match what main stored (same sentence, minus the unit spelling).
    expect(verdictReason(en, 'en', noLight)).toBe(noLight.reason);
    const checksum = e.integrity.find((c) => c.check === 'checksumBase')!;
    expect(integrityReason(en, 'en', checksum)).toBe(checksum.reason);
    expect(integrityReason(zh, 'zh-CN', checksum)).toBe('CC_BASE 存储值为 0x10，但字节和为 0x11：EEPROM 内容已损坏或写入有误');
    expect(integrityReason(zh, 'zh-CN', e.integrity.find((c) => c.check === 'vendorFieldsPrintable')!)).toBe('序列号：为空');
  });
});

describe('limit sources', () => {
  it('every source main/limits writes reads in Chinese; profile ids and clauses stay as cited', () => {
    expect(limitSourceWords(zh, 'module thresholds')).toBe('模块自身告警阈值');
    expect(limitSourceWords(zh, 'none')).toBe('无');
    expect(limitSourceWords(zh, 'profile ieee-10gbase-sr v1 (IEEE 802.3 clause 52.5)')).toBe('限值配置 ieee-10gbase-sr v1 (IEEE 802.3 clause 52.5)');
    expect(limitSourceWords(zh, 'profile ieee-10gbase-sr v1 (IEEE 802.3 clause 52.5), industrial case temperature')).toBe(
      '限值配置 ieee-10gbase-sr v1 (IEEE 802.3 clause 52.5)，工业级壳温',
    );
  });

  it('English reads as stored, and an unknown form is shown as stored rather than guessed', () => {
    const stored = 'profile ieee-10gbase-sr v1 (IEEE 802.3 clause 52.5), commercial case temperature';
    expect(limitSourceWords(en, stored)).toBe(stored);
    expect(limitSourceWords(en, 'module thresholds')).toBe('module thresholds');
    expect(limitSourceWords(zh, 'customer contract 42')).toBe('customer contract 42');
  });

  it('matches what main/limits writes for a real evaluation (a change of wording there must fail here)', () => {
    // The profile judges some parameters and the module's own thresholds the rest: both forms appear.
    const e = evaluateModule(sfp(), { profiles: [profile()], setup: { rxLightSource: true }, at: AT });
    expect(new Set(e.verdicts.map((v) => v.limitSource)).size).toBeGreaterThan(1);
    for (const v of e.verdicts) expect(limitSourceWords(zh, v.limitSource)).not.toBe(v.limitSource);
  });
});
