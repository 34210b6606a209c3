// What a module declares, decoded from its own bytes before anything is judged: the media (a
// cable has no laser), the monitors (SFF-8472 byte 92, SFF-8636 byte 220), OMA or average Rx,
// power class and power mode, software Tx disable; the one identifier table reader and decoder
// share; the extended compliance codes; date codes as modules write them.
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../../main/sff/index';
import { parseDateCode, parseDateCodeText } from '../../../main/sff/date-code';
import { buildQsfpImage, buildSfpImage } from '../../../main/sff/image-builder';
import { extendedComplianceName, moduleFamilyOf } from '../../../main/sff/sff8024';
import { vectorBytes } from './vectors';

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

describe('media, from the module bytes', () => {
  it.each([
    ['SFP+ passive cable (A0h byte 8 bit 2)', buildSfpImage({ compliance: ['Passive cable'], diagnostics: null }), 'passive-copper', false],
    ['SFP+ active cable without an optical code (byte 8 bit 3)', buildSfpImage({ compliance: ['Active cable'], diagnostics: null }), 'active-copper', false],
    ['SFP28 25G AOC (byte 36 = 18h) with the active-cable bit', buildSfpImage({ compliance: ['Active cable', '25G AOC'], diagnostics: null }), 'active-optical-cable', true],
    ['SFP 1000BASE-T (byte 6 bit 3)', buildSfpImage({ compliance: ['1000BASE-T'], connector: 0x22, diagnostics: null }), 'base-t', false],
    ['SFP+ 10GBASE-SR optic', buildSfpImage(), 'optical', true],
    ['QSFP28 passive DAC (byte 147 = A0h, 192 = 0Bh)', buildQsfpImage({ deviceTechnology: 0x0a, compliance: ['100GBASE-CR4'] }), 'passive-copper', false],
    ['QSFP28 active copper (byte 147 = C0h)', buildQsfpImage({ deviceTechnology: 0x0c, compliance: ['100G ACC'] }), 'active-copper', false],
    ['QSFP28 100G AOC (192 = 01h)', buildQsfpImage({ compliance: ['100G AOC'], connector: 0x23 }), 'active-optical-cable', true],
    ['QSFP+ 40GBASE-SR4 on a cable assembly (no separable connector): an AOC', buildQsfpImage({ compliance: ['40GBASE-SR4'], connector: 0x23 }), 'active-optical-cable', true],
    ['QSFP28 100GBASE-SR4 optic', buildQsfpImage(), 'optical', true],
  ])('%s', (_name, image, media, hasLaser) => {
    const d = decodeModule(image).declarations!;
    expect([d.media, d.hasLaser]).toEqual([media, hasLaser]);
    expect(d.sources.join(' ')).toMatch(/byte/);
  });

  it('the real ONL set: the 100G DAC of entry 33 and the QSFP+ breakout DACs are copper, entry 21 an AOC, entry 44 BASE-T', () => {
    const media = (e: string) => decodeModule(vectorBytes(`onl-sff-db/entries/${e}/dump.hex`)).declarations?.media;
    expect(media('33-Amphenol-NDAAFF-C103')).toBe('passive-copper');
    expect(media('40-CISCO_OEM-QSFP-4SFP+-CU2M')).toBe('passive-copper');
    expect(media('21-FINISAR_CORP-FCBN425QB1C03')).toBe('active-optical-cable');
    expect(media('44-FINISAR_CORP_-FCLF8522P2BTL-DL')).toBe('base-t');
    // A copper pigtail wins over a stray optical compliance bit (entry 11 also sets 10GBASE-ER).
    expect(media('11-Tyco_Electronics-2100870-1')).toBe('passive-copper');
  });
});

describe('monitors and Rx measurement', () => {
  it('SFF-8472: byte 92 bit 6 declares all five monitors; bit 3 clear means OMA Rx; no DDM declares none', () => {
    const dd = decodeModule(buildSfpImage({ diagnostics: { rxPowerMeasurement: 'oma' } })).declarations!;
    expect(dd.monitors).toEqual({ temperature: true, supplyVoltage: true, txBias: true, txPower: true, rxPower: true });
    expect(dd.rxPowerMeasurement).toBe('oma');
    const none = decodeModule(buildSfpImage({ diagnostics: null })).declarations!;
    expect(Object.values(none.monitors).some(Boolean)).toBe(false);
  });

  it('SFF-8636: byte 220 bits 5, 4, 2 and 3 as declared', () => {
    const d = decodeModule(buildQsfpImage({ revision: 0x08, diagnosticType: 0x20 })).declarations!;
    expect(d.monitors).toMatchObject({ temperature: true, supplyVoltage: false, txPower: false });
    expect(d.rxPowerMeasurement).toBe('oma');
    expect(decodeModule(buildQsfpImage({ diagnosticType: 0x3c })).declarations?.monitors.txPower).toBe(true);
  });

  it('SFF-8636 before Rev 2.8 (byte 1 < 08h) may report temperature and Vcc without bits 5-4: judged, with the quirk named', () => {
    const d = decodeModule(buildQsfpImage({ revision: 0x03, diagnosticType: 0x08 })).declarations!;
    expect([d.monitors.temperature, d.monitors.supplyVoltage]).toEqual([true, true]);
    expect(d.sources.join(' ')).toMatch(/before Rev 2\.8/);
    // From Rev 2.8 on the bit is the declaration.
    expect(decodeModule(buildQsfpImage({ revision: 0x08, diagnosticType: 0x08 })).declarations?.monitors.temperature).toBe(false);
  });
});

describe('power class and power mode (SFF-8636 bytes 129, 107, 93)', () => {
  it.each([
    [0x00, 1],
    [0x40, 2],
    [0x80, 3],
    [0xc0, 4],
    [0xc1, 5],
    [0xc3, 7],
    // Bits 1-0 select classes 5-7 only when bits 7-6 are 11.
    [0x41, 2],
    // Bit 5: class 8 whatever the other bits say.
    [0x20, 8],
    [0xe3, 8],
  ])('byte 129 = 0x%s is class %s', (b129, cls) => {
    expect(decodeModule(buildQsfpImage({ extIdentifier: b129, class8PowerDeciW: 105 })).declarations?.powerClass).toBe(cls);
  });

  it('class 8 takes its maximum power from byte 107 (0.1 W units)', () => {
    expect(decodeModule(buildQsfpImage({ extIdentifier: 0x20, class8PowerDeciW: 105 })).details?.maxPowerW).toBe(10.5);
  });

  it.each([
    [0xc0, 0x00, 'pin'],
    [0xc0, 0x03, 'low-power'],
    [0xc0, 0x01, 'high-power'],
    // Class 5-7 without High_Power_Class_Enable stays limited: lasers may be off.
    [0xc1, 0x01, 'low-power'],
    [0xc1, 0x05, 'high-power'],
    [0x20, 0x05, 'low-power'],
    [0x20, 0x09, 'high-power'],
  ])('class byte 0x%s with byte 93 = 0x%s: %s', (b129, b93, mode) => {
    expect(decodeModule(buildQsfpImage({ extIdentifier: b129, powerControl: b93, class8PowerDeciW: 80 })).diagnostics?.status?.powerMode).toBe(mode);
  });

  it('class 1 has nothing to switch: no power mode', () => {
    expect(decodeModule(buildQsfpImage({ powerControl: 0x03 })).diagnostics?.status?.powerMode).toBeUndefined();
  });

  it('byte 86 names the lanes whose Tx is disabled by software', () => {
    expect(decodeModule(buildQsfpImage({ softTxDisable: 0x0a })).diagnostics?.status?.softTxDisableLanes).toEqual([false, true, false, true]);
  });
});

describe('one SFF-8024 table for reader and decoder', () => {
  it.each([
    [0x02, 'sff8472'],
    [0x03, 'sff8472'],
    [0x0b, null],
    [0x0d, 'sff8636'],
    [0x11, 'sff8636'],
    [0x18, 'cmis'],
    [0x1b, 'cmis'],
    [0x1e, 'cmis'],
    [0x1f, 'cmis'],
    [0x20, 'cmis'],
    [0x25, 'cmis'],
    [0x1a, null],
  ])('identifier 0x%s is %s', (id, family) => {
    expect(moduleFamilyOf(id)).toBe(family);
  });

  it('0x0B (DWDM-SFP/SFP+ not using SFF-8472) is not decoded as SFF-8472: the bench says it has no decoder', () => {
    const img = buildSfpImage();
    img[0] = 0x0b;
    const m = decodeModule(img);
    expect(m.standard).toBe('unknown');
    expect(m.identifier.name).toContain('not using SFF-8472');
    expect(m.problems.map((p) => p.code)).toContain('IDENTIFIER_UNSUPPORTED');
  });

  it('extended compliance codes of the current SFF-8024 revision, and a code it does not hold named as such', () => {
    expect(extendedComplianceName(0x09, 'qsfp')).toContain('obsolete');
    expect(extendedComplianceName(0x30, 'qsfp')).toMatch(/^Active Copper Cable with 50GAUI/);
    expect(extendedComplianceName(0x33, 'qsfp')).toMatch(/^Active Optical Cable/);
    expect([0x50, 0x51, 0x52, 0x53, 0x54, 0x55].map((c) => extendedComplianceName(c, 'sfp'))).toEqual(['64GFC EA', '64GFC SW', '64GFC LW', '128GFC EA', '128GFC SW', '128GFC LW']);
    expect(extendedComplianceName(0x7e, 'sfp')).toMatch(/0x7e \(not in SFF-8024/);
  });

  it('SFF-8636 byte 132 bit 3 is 40G OTN; options, diagnostic type and rate select read in words', () => {
    const img = buildQsfpImage();
    img[132] = 0x08;
    img[195] = 0x30;
    img[221] = 0x08;
    img[141] = 0x01;
    const m = decodeModule(img);
    expect(m.compliance).toContain('40G OTN (OTU3B/OTU3C)');
    expect(m.details?.options).toEqual(expect.arrayContaining(['rateSelect', 'txDisable']));
    expect(m.details?.diagnosticType).toEqual(['temperatureMonitor', 'supplyVoltageMonitor', 'rxPowerAverage', 'txPowerMonitor']);
    expect(m.details?.rateSelect).toMatchObject({ implemented: true, method: 'extended', extendedVersionCode: 1 });
  });
});

describe('date codes as modules write them', () => {
  it.each([
    ['150524AB', 'YYMMDD', '2015-05-24', 'AB', []],
    ['150524  ', 'YYMMDD', '2015-05-24', '', []],
    // An unprogrammed lot byte: the date is fine, the lot byte is named.
    [[...ascii('150524 '), 0xff], 'YYMMDD', '2015-05-24', '', [0xff]],
    ['20190312', 'YYYYMMDD', '2019-03-12', '', []],
    ['15 05 24', 'separated', '2015-05-24', '', []],
    ['15-05-24', 'separated', '2015-05-24', '', []],
    ['151610  ', 'unreadable', null, '', []],
    ['        ', 'blank', null, '', []],
    [[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], 'blank', null, '', []],
    // YYMMDD is the standard: a code that reads both ways is read the standard's way.
    ['20120312', 'YYMMDD', '2020-12-03', '12', []],
  ])('%j -> %s %s', (raw, layout, date, lot, lotBytes) => {
    const d = typeof raw === 'string' ? parseDateCodeText(raw) : parseDateCode(raw);
    expect([d.layout, d.date, d.lot, d.lotNonPrintable]).toEqual([layout, date, lot, lotBytes]);
  });

  it('decoders keep the layout and name the odd bytes in their problems, never as a non-printable vendor field', () => {
    const m = decodeModule(vectorBytes('onl-sff-db/entries/44-FINISAR_CORP_-FCLF8522P2BTL-DL/dump.hex'));
    expect(m.vendor).toMatchObject({ manufactureDate: '2015-05-24', dateCodeLayout: 'YYMMDD', lotNonPrintable: [0xff] });
    expect(m.problems.map((p) => p.code)).toEqual(['LOT_CODE_NONPRINTABLE']);
  });
});
