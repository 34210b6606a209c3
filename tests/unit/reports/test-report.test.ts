// The test report's HTML for real module images: every verdict printed with its limits and
// source, module strings printed as text, both languages, the evidence hash right.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultLimitsDir, loadLimitLibrary } from '../../../main/limits/library';
import { renderTestReportHtml, testReportDataFromImage, type ReportMeta, type TestReportData } from '../../../main/reports/index';
import { loadImageFile } from '../../../main/sff/image-file';

const PROFILES = loadLimitLibrary(defaultLimitsDir());
const META: ReportMeta = { station: 'Bench 2', printedAt: new Date('2026-03-05T06:30:00Z'), lang: 'en', appVersion: '0.1.0', timeZone: 'Asia/Shanghai' };
const ZH: ReportMeta = { ...META, lang: 'zh-CN' };

async function reportFor(file: string, rxLight = true): Promise<{ data: TestReportData; bytes: Uint8Array }> {
  const img = await loadImageFile(file);
  const data = testReportDataFromImage({
    bytes: img.bytes,
    path: file,
    profiles: PROFILES,
    setup: { rxLightSource: rxLight },
    at: new Date('2026-03-02T09:00:00Z'),
    station: 'Bench 2',
    operator: 'zlin',
    programmer: 'simulated',
    appVersion: '0.1.0',
  });
  return { data, bytes: img.bytes };
}

const rows = (html: string) => [...html.matchAll(/<tr data-testid="verdict-row" data-parameter="(\w+)" data-lane="(\d*)" data-status="([\w-]+)">/g)].map((m) => `${m[1]}:${m[2]}:${m[3]}`);

describe('test report HTML', () => {
  it('prints one row per verdict for a four-lane QSFP28: module-wide values once, bias/Tx/Rx for lanes 1-4', async () => {
    const { data } = await reportFor('resources/modules/qsfp28-sr4.hex');
    const html = renderTestReportHtml(data, META);
    const printed = rows(html);
    expect(printed).toHaveLength(data.evaluation.verdicts.length);
    expect(printed).toHaveLength(14);
    for (const p of ['txBiasMa', 'txPowerDbm', 'rxPowerDbm']) for (const lane of [1, 2, 3, 4]) expect(printed).toContain(`${p}:${lane}:pass`);
    expect(printed).toContain('temperatureC::pass');
    expect(printed).toContain('supplyVoltageV::pass');
    // Limits and their source are printed, not only the status.
    expect(html).toContain('profile ieee-100gbase-sr4 v1 (IEEE 802.3 clause 95.7)');
    expect(html).toMatch(/<td class="num">-8\.4<\/td><td class="num">2\.4<\/td><td class="num">-7\.4 … 1\.9<\/td>/);
    expect(html).toContain('MPO 1x12');
    expect(html).toContain('100GBASE-SR4');
  });

  it('prints a failing value with its limit, by symbol and word, and the overall verdict', async () => {
    const { data } = await reportFor('resources/modules/weak-tx.hex');
    const html = renderTestReportHtml(data, META);
    expect(rows(html)).toContain('txPowerDbm::fail');
    expect(html).toContain('✖ FAIL');
    expect(html).toMatch(/<td class="num">-7\.80<\/td><td>dBm<\/td><td class="num">-7\.3<\/td>/);
    expect(html).toContain('Tx power -7.80 dBm below spec minimum -7.3 dBm');
    expect(html).toMatch(/data-testid="overall".*✖ FAIL/);
  });

  it('without a light source Rx power is "not measured", not a pass', async () => {
    const { data } = await reportFor('resources/modules/good-10g-sr.hex', false);
    const html = renderTestReportHtml(data, META);
    expect(rows(html)).toContain('rxPowerDbm::not-measured');
    expect(html).toContain('○ NOT MEASURED');
  });

  it('prints the SHA-256 of exactly the bytes judged', async () => {
    const { data, bytes } = await reportFor('resources/modules/corrupted-checksum.hex');
    const html = renderTestReportHtml(data, META);
    expect(html).toContain(createHash('sha256').update(bytes).digest('hex'));
    // Read once from a file, the wrong stored checksum is unconfirmed on the certificate (read it
    // on the bench to tell corrupted memory from a bad read), and the run is incomplete.
    expect(html).toMatch(/data-check="checksumBase" data-status="unconfirmed"/);
    expect(html).toMatch(/data-testid="incomplete"[^]*data-code="checksum-unconfirmed"/);
  });

  it('prints identity from a published real-module image (FBOSS QSFP28 CWDM4 vector)', async () => {
    const { data } = await reportFor('/work/shared/vectors/fboss-sff-test-vectors/qsfp-cwdm4/flat_lower+page00+page03_384B.hex');
    const html = renderTestReportHtml(data, META);
    expect(html).toContain(data.module.vendor.serialNumber);
    expect(html).toContain(data.module.vendor.partNumber);
    expect(rows(html)).toHaveLength(data.evaluation.verdicts.length);
    expect(rows(html).filter((r) => r.startsWith('txPowerDbm:'))).toHaveLength(4);
  });

  it('escapes module strings: the hostile vendor field prints as text, never as markup', async () => {
    const { data } = await reportFor('resources/modules/hostile-vendor-name.hex');
    expect(data.module.vendor.name).toContain('<svg onload=a()>');
    const html = renderTestReportHtml(data, META);
    expect(html).toContain('&lt;svg onload=a()&gt;');
    expect(html).toContain('&lt;img src=x&gt;');
    expect(html).not.toMatch(/<svg/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<script/i);
  });

  it('in zh-CN prints every fixed label in Chinese, and verdict and integrity reasons in the app’s Chinese wording', async () => {
    const { data } = await reportFor('resources/modules/weak-tx.hex');
    const html = renderTestReportHtml(data, ZH);
    for (const text of ['模块测试报告', '模块信息', '判定结果', '参数', '限值来源', 'EEPROM 完整性检查', '原始映像', '发射光功率', '✖ 不合格', '✔ 合格', '发射光功率 -7.80 dBm，低于规格下限 -7.3 dBm', 'CC_BASE 0xdf 校验正确', '接口 10GBASE-SR', '[1] 限值配置 ieee-10gbase-sr v1 (IEEE 802.3 clause 52.5)，商业级壳温', '模块自身告警阈值', '2026年3月2日 17:00', '工位']) {
      expect(html, text).toContain(text);
    }
    for (const english of ['Module test report', 'Verdicts', 'Integrity checks', 'Raw image', 'Limit source']) expect(html).not.toContain(english);
  });

  it('puts station and print date in the document itself (the on-screen preview has no PDF header)', async () => {
    const { data } = await reportFor('resources/modules/good-10g-sr.hex');
    const html = renderTestReportHtml(data, { ...META, station: 'Bench <7> & Co' });
    expect(html).toMatch(/<header class="top">.*Station: <strong>Bench &lt;7&gt; &amp; Co<\/strong>.*Printed: 5 Mar 2026, 14:30/);
  });
});
