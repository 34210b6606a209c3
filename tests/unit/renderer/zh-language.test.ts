// The word check behind the Chinese walk and the Chinese reports (tests/e2e/zh-language.ts): it
// must catch English and pass what Chinese screens legitimately print in Latin letters.
import { describe, expect, it } from 'vitest';
import { LatinAllow, latinWords, leaksIn } from '../../e2e/zh-language';

describe('Latin words on a Chinese screen', () => {
  it('splits names at slashes but keeps units, standards and paths whole', () => {
    // Why: "SFP/SFP+/SFP28" are three allowed names; "Gb/s" is one unit; a device path is a machine name.
    expect(latinWords('SFP/SFP+/SFP28 · 25.78 Gb/s · /dev/ttyUSB0 · SFF-8472 · 10GBASE-SR')).toEqual(['SFP', 'SFP+', 'SFP28', 'Gb/s', 'SFF-8472', '10GBASE-SR']);
  });

  it('finds English words among Chinese ones and names the line they stood in', () => {
    // Why: the walk must fail on a sentence main left in English ("is wrong in the module's memory").
    const allow = new LatinAllow();
    const leaks = leaksIn('校验和\nCC_BASE is wrong in the module memory', allow, 'bench');
    expect(leaks.map((l) => l.word)).toEqual(['is', 'wrong', 'in', 'the', 'module', 'memory']);
    expect(leaks[0]).toMatchObject({ screen: 'bench', context: 'CC_BASE is wrong in the module memory' });
  });

  it('passes units, standards, hex values, single key caps and the values it was given', () => {
    // Why: a false alarm on "dBm", "0x7f" or the spec's own customer name would bury the real leaks.
    const allow = new LatinAllow(['Northwind Telecom', 'RMA-ZH-1']);
    const text = '发射光功率 -7.80 dBm，低于 -7.3 dBm · SFF-8472 A0h 字节 92 = 0x68 · 3c ff · N · Northwind Telecom · RMA-ZH-1 · Tx3';
    expect(leaksIn(text, allow, 'x')).toEqual([]);
    // A value allowed in one spec is not allowed by default.
    expect(leaksIn('Northwind', new LatinAllow(), 'x').map((l) => l.word)).toEqual(['Northwind']);
  });

  it('passes key combinations as printed on key caps (the shortcut help with single keys off), not words joined by +', () => {
    // Why: "Alt+R" is a key cap in a Chinese help, "Alt+Read" would be English.
    const allow = new LatinAllow();
    expect(leaksIn('按住 Alt 使用：Alt+R、Alt+/、F1、Ctrl+Shift+L', allow, 'x')).toEqual([]);
    expect(leaksIn('Alt+Read', allow, 'x').map((l) => l.word)).toEqual(['Alt+Read']);
  });
});
