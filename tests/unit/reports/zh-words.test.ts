// Chinese words for the English that main's decoders and drivers store (issue 12 item 9): what a
// module declares, and the programmer that read it, said in Chinese on the report and the bench.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readModule } from '../../../main/hardware/index';
import { SimulatedBus } from '../../../main/hardware/drivers/simulated';
import { loadSimulatedModule, loadSimulatedSocket } from '../../../main/hardware/sim-library';
import { evaluateModule } from '../../../main/limits/index';
import { defaultLimitsDir, loadLimitLibrary } from '../../../main/limits/library';
import { renderTestReportHtml } from '../../../main/reports/index';
import { declarationWords } from '../../../main/reports/declarations';
import { wordsT } from '../../../main/reports/reasons';
import { decodeModule } from '../../../main/sff/index';
import { programmerWords } from '../../../preload/contract/words/index';
import { LatinAllow, leaksIn } from '../../e2e/zh-language';

const MODULES = path.resolve(__dirname, '../../../resources/modules');
const zh = wordsT('zh-CN');
const en = wordsT('en');

describe('what a module declares, in Chinese', () => {
  it('every declaration the decoders write for the library modules (SFF-8472, SFF-8636, CMIS) reads in Chinese after its citation', async () => {
    // Why: these lines print on every Chinese test report; a phrase missing from the table prints English.
    const names = readdirSync(MODULES).filter((f) => f.endsWith('.hex')).map((f) => f.replace(/\.hex$/, ''));
    expect(names.length).toBeGreaterThan(10);
    const allow = new LatinAllow(['RJ45', 'InfiniBand', '1X', 'Rev', 'FP', 'Others']);
    const leaks: string[] = [];
    for (const name of names) {
      const d = decodeModule((await loadSimulatedModule(name, MODULES)).image);
      for (const src of d.declarations?.sources ?? []) {
        const words = declarationWords(src, 'zh-CN');
        // The citation keeps the standard's name and the byte's value as the standard prints them.
        expect(words.split(' ')[0], src).toBe(src.split(' ')[0]);
        for (const value of src.match(/0x[0-9a-f]{2}/gi) ?? []) expect(words, src).toContain(value);
        // SFF-8024's interface names (100GBASE-LR4, 25GBASE-SR) are the standard's own.
        leaks.push(...leaksIn(words, allow, name).filter((l) => !/^\d+G(BASE)?-[A-Z0-9]+$/.test(l.word)).map((l) => `${name}: ${l.word} ← ${l.context}`));
      }
    }
    expect(leaks).toEqual([]);
  });

  it('the English report prints the declaration exactly as stored', () => {
    // Why: the English text is the stored evidence; only other languages are reworded.
    const src = 'SFF-8472 A0h byte 92 = 0x68 (diagnostics implemented, internally calibrated, average Rx power)';
    expect(declarationWords(src, 'en')).toBe(src);
    expect(declarationWords(src, 'zh-CN')).toBe('SFF-8472 A0h 字节 92 = 0x68 (已实现诊断, 内部校准, Rx 平均光功率)');
  });
});

describe('the programmer that read it, in Chinese', () => {
  it('says the drivers\' descriptions and banner identities again from their parts', () => {
    // Why: the bench's "read by" line and the report's programmer row showed the driver's English.
    expect(programmerWords(zh, 'Bus Pirate (binary I2C) on /dev/ttyUSB0')).toBe('Bus Pirate（二进制 I2C 模式），端口 /dev/ttyUSB0');
    expect(programmerWords(zh, 'Bus Pirate v3.b, firmware v6.1 (r1676), bootloader v4.4')).toBe('Bus Pirate v3.b，固件 v6.1 (r1676)，引导程序 v4.4');
    expect(programmerWords(zh, 'Bus Pirate v4, firmware v7.0')).toBe('Bus Pirate v4，固件 v7.0');
    expect(programmerWords(zh, 'USB-ISS module id 7, firmware 9, mode 0x60')).toBe('USB-ISS 模块 ID 7，固件 9，模式 0x60');
    expect(programmerWords(zh, 'Devantech USB-ISS on /dev/ttyACM0')).toBe('Devantech USB-ISS，端口 /dev/ttyACM0');
    expect(programmerWords(zh, 'Simulated bench (weak-tx)')).toBe('模拟测试台（weak-tx）');
  });

  it('English is the stored text itself, and a form it does not know is shown as stored', () => {
    // Why: an older run or another driver must never print a half-translated or empty line.
    for (const s of ['Bus Pirate (binary I2C) on /dev/ttyUSB0', 'Bus Pirate v3.b, firmware v6.1 (r1676), bootloader v4.4', 'USB-ISS module id 7, firmware 9, mode 0x60']) {
      expect(programmerWords(en, s)).toBe(s);
    }
    expect(programmerWords(zh, 'Some future programmer <x> & co')).toBe('Some future programmer <x> & co');
    expect(programmerWords(zh, 'Bus Pirate (hardware not stated), firmware v5.10')).toBe('Bus Pirate (hardware not stated), firmware v5.10');
  });
});

describe('a CMIS test report in Chinese', () => {
  it('an 800G-DR8 and a 400G-FR4 with a dead lane read through the simulated bench: no English beyond standards, units and the module\'s values', async () => {
    // Why: the CMIS detail (states, bring-up, applications, lanes, VDM) is the longest Chinese report.
    const profiles = loadLimitLibrary(defaultLimitsDir());
    for (const name of ['osfp-800g-dr8-weak-lane', 'qsfpdd-400g-fr4-dead-lane']) {
      const { image, behaviour } = await loadSimulatedSocket(name);
      const r = await readModule(new SimulatedBus({ image, behaviour, name }), {});
      const evaluation = evaluateModule(r.module, { profiles, setup: { rxLightSource: true, imageSource: 'programmer', ...(r.laser ? { laser: r.laser } : {}) }, at: new Date('2026-03-02T09:00:00Z') });
      const html = renderTestReportHtml(
        {
          source: { kind: 'test-run', testRunId: 9, role: 'before-repair', repairCaseId: 1, rmaNumber: 'RMA-800G', correctsId: null, correctionReason: null, correctedById: null, cases: [] },
          module: r.module, evaluation, image: { sha256: 'ab'.repeat(32), bytes: r.image.length }, programmer: r.programmer.description,
          station: 'Bench 2', operator: 'zlin', takenAt: '2026-03-02T09:00:00.000Z', appVersion: '0.1.0',
        },
        { station: 'Bench 2', printedAt: new Date('2026-03-05T06:30:00Z'), lang: 'zh-CN', appVersion: '0.1.0', timeZone: 'UTC' },
      );
      const text = html.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<(br|\/p|\/div|\/li|\/tr|\/h\d|\/td|\/th)[^>]*>/g, '\n').replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#x27;/g, "'");
      const allow = new LatinAllow(['RMA-800G', 'Bench 2', 'zlin', 'Optic Bench', name, 'eSNR', 'LTP', 'EML',
        // SFF-8024's identifier and connector names (tables 4-1, 4-3).
        'OSFP 8X', 'MPO 2x16', 'MPO 1x12', 'MPO 1x16', 'MPO 2x12', ...strings(r.module.vendor), ...strings((r.module as { cmis?: { applications?: unknown } }).cmis?.applications)]);
      for (const f of readdirSync(defaultLimitsDir()).filter((x) => x.endsWith('.json'))) {
        for (const p of [JSON.parse(readFileSync(path.join(defaultLimitsDir(), f), 'utf8')) as unknown].flat() as Array<Record<string, unknown>>) {
          allow.add([p.id, p.name, p.source, p.clause, `${String(p.id)} v${String(p.version)}`].filter((x): x is string => typeof x === 'string'));
        }
      }
      expect([...new Set(leaksIn(text, allow, name).map((l) => `${l.word} ← ${l.context}`))], name).toEqual([]);
    }
  });
});

function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}
