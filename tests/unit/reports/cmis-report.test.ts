// Issue 13 item 7 on paper: an 800G module's report carries what the bench shows for it (the
// module and data path states in words, the bring-up, firmware versions, every lane with its
// verdicts, data path and flags, the VDM values by lane), in English and in Chinese; a module with
// more than 8 lanes is printed a bank per table.
import { describe, expect, it } from 'vitest';
import { readModule } from '../../../main/hardware/index';
import { SimulatedBus } from '../../../main/hardware/drivers/simulated';
import { loadSimulatedSocket } from '../../../main/hardware/sim-library';
import { evaluateModule } from '../../../main/limits/index';
import { defaultLimitsDir, loadLimitLibrary } from '../../../main/limits/library';
import { renderTestReportHtml, type ReportMeta, type TestReportData } from '../../../main/reports/index';
import { buildCmisImage } from '../../../main/sff/cmis-builder';
import { decodeModule } from '../../../main/sff/index';

const PROFILES = loadLimitLibrary(defaultLimitsDir());
const META: ReportMeta = { station: 'Bench 2', printedAt: new Date('2026-03-05T06:30:00Z'), lang: 'en', appVersion: '0.1.0', timeZone: 'UTC' };

/** A read of a simulated module as the bench reader makes it (bring-up, restore), judged. */
async function readSim(name: string): Promise<TestReportData> {
  const { image, behaviour } = await loadSimulatedSocket(name);
  const bus = new SimulatedBus({ image, behaviour, name });
  const r = await readModule(bus, {});
  const evaluation = evaluateModule(r.module, { profiles: PROFILES, setup: { rxLightSource: true, imageSource: 'programmer', ...(r.laser ? { laser: r.laser } : {}) }, at: new Date('2026-03-02T09:00:00Z') });
  return {
    source: { kind: 'test-run', testRunId: 9, role: 'before-repair', repairCaseId: 1, rmaNumber: 'RMA-800G', correctsId: null, correctionReason: null, correctedById: null, cases: [] },
    module: r.module,
    evaluation,
    image: { sha256: 'ab'.repeat(32), bytes: r.image.length },
    programmer: r.programmer.description,
    station: 'Bench 2',
    operator: 'zlin',
    takenAt: '2026-03-02T09:00:00.000Z',
    appVersion: '0.1.0',
  };
}

describe('CMIS detail in the test report', () => {
  it('an 800G-DR8 with a weak lane: 8 lanes with their verdicts, lane 6 failing, data paths activated, firmware and VDM by lane', async () => {
    const data = await readSim('osfp-800g-dr8-weak-lane');
    const html = renderTestReportHtml(data, META);
    expect(html).toContain('data-testid="cmis"');
    expect(html).toContain('ready (ModuleReady)');
    expect(html).toContain('host lanes 1–8: activated (DataPathActivated)');
    expect(html).toContain('brought up and restored');
    expect(html).toMatch(/active \d+\.\d+, inactive \d+\.\d+, hardware \d+\.\d+/);
    const lanes = html.slice(html.indexOf('data-testid="cmis-lanes"'));
    expect((lanes.match(/<th class="num">Lane \d<\/th>/g) ?? []).slice(0, 8)).toHaveLength(8);
    expect(lanes).toMatch(/<td class="num" data-lane="6" data-status="fail">/);
    expect(html).toContain('data-testid="cmis-vdm"');
    expect(html).toContain('Pre-FEC BER current value, media input');
  });

  it('the same in Chinese: states, lanes and flags in Chinese words', async () => {
    const data = await readSim('osfp-800g-dr8-weak-lane');
    const html = renderTestReportHtml(data, { ...META, lang: 'zh-CN' });
    expect(html).toContain('就绪（ModuleReady）');
    expect(html).toContain('主机通道 1–8：已激活（DataPathActivated）');
    expect(html).toContain('通道 6');
    expect(html).toContain('接收信号丢失');
    const i = html.indexOf('host lanes');
    expect(i, html.slice(Math.max(0, i - 300), i + 100)).toBe(-1);
  });

  it('a module stuck in low power says so, with the bring-up outcome', async () => {
    const data = await readSim('qsfpdd-400g-sr8-stuck-lowpwr');
    const html = renderTestReportHtml(data, META);
    expect(html).toContain('low power (ModuleLowPwr)');
    expect(html).toContain('timed out');
  });

  it('16 lanes (two banks) print as two tables of 8, lanes 9–16 in the second', () => {
    const lanes = Array.from({ length: 16 }, () => ({ txBiasMa: 60, txPowerMw: 1.5, rxPowerMw: 1 }));
    const image = buildCmisImage({ banks: 2, lanes, applications: [{ host: 0x4f, media: 0x1d, hostLanes: 8, mediaLanes: 8, hostStarts: [1, 9], mediaStarts: [1, 9] }] });
    const module = decodeModule(image);
    const evaluation = evaluateModule(module, { profiles: PROFILES, setup: { rxLightSource: true }, at: new Date('2026-03-02T09:00:00Z') });
    const html = renderTestReportHtml({ ...({} as TestReportData), source: { kind: 'file', path: 'two-banks.bin' }, module, evaluation, image: { sha256: 'ab'.repeat(32), bytes: image.length }, programmer: '-', station: 'B', operator: 'z', takenAt: '2026-03-02T09:00:00.000Z', appVersion: '0.1.0' }, META);
    expect(module.cmis?.lanes).toHaveLength(16);
    expect((html.match(/data-testid="cmis-lanes"/g) ?? []).length).toBe(2);
    expect(html).toContain('Lanes 9–16');
  });

  it('an SFP has no CMIS section', async () => {
    const { image } = await loadSimulatedSocket('good-10g-sr');
    const module = decodeModule(image as Uint8Array);
    const evaluation = evaluateModule(module, { profiles: PROFILES, setup: { rxLightSource: true }, at: new Date('2026-03-02T09:00:00Z') });
    const html = renderTestReportHtml({ source: { kind: 'file', path: 'x' }, module, evaluation, image: { sha256: 'ab'.repeat(32), bytes: 512 }, programmer: '-', station: 'B', operator: 'z', takenAt: '2026-03-02T09:00:00.000Z', appVersion: '0.1.0' }, META);
    expect(html).not.toContain('data-testid="cmis"');
  });
});
