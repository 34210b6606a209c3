import { describe, expect, it } from 'vitest';
import { listSimulatedModules, loadSimulatedModule, loadSimulatedSocket } from '../../../main/hardware/sim-library';
import { openProgrammer } from '../../../main/hardware/open-programmer';
import { SimulatedBus, SimulatedModuleMemory } from '../../../main/hardware/drivers/simulated';
import { readModuleWith } from '../../../main/hardware/module-reader';
import type { DecodedModule } from '../../../preload/contract/module';
import type { BenchError } from '../../../main/errors';
import { makeQsfpImage } from './fake-devices';
import { decodeModule } from '../../../main/sff/index';
import { decodePagedImage, findPage, hasPagedMagic } from '../../../main/sff/paged-image';
import { formatPorts } from '../../../main/cli/commands/ports';

const decode = (): DecodedModule => ({}) as DecodedModule;

function sum8(b: Uint8Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i <= to; i++) s += b[i] ?? 0;
  return s & 0xff;
}

/** Library entries that hold a module image (not the empty socket). */
const modulesOf = <T extends { kind: string }>(all: T[]): T[] => all.filter((m) => m.kind !== 'empty');

describe('simulated module library', () => {
  it('holds the modules the issues list, each loadable with the layout its kind needs', async () => {
    const all = await listSimulatedModules();
    expect(all.map((m) => m.name)).toEqual(
      expect.arrayContaining([
        'good-10g-sr', 'weak-tx', 'hot-module', 'failed-laser', 'corrupted-checksum', 'external-cal', 'qsfp28-sr4', 'copper-no-ddm', 'hostile-vendor-name',
        // issue 13: 400G and 800G CMIS modules, good, one weak lane, one dead lane, one stuck in ModuleLowPwr
        'qsfpdd-400g-dr4', 'osfp-800g-dr8', 'osfp-800g-dr8-weak-lane', 'qsfpdd-400g-fr4-dead-lane', 'qsfpdd-400g-sr8-stuck-lowpwr', 'qsfpdd-400g-dr4-fault',
      ]),
    );
    for (const m of modulesOf(all)) {
      const { image } = await loadSimulatedModule(m.name);
      if (m.kind === 'cmis') {
        // CMIS modules are stored as the paged image: lower page and each page by page and bank.
        expect(hasPagedMagic(image), m.name).toBe(true);
        expect([0x18, 0x19, 0x1e]).toContain(decodePagedImage(image).lower[0]);
      } else {
        expect([256, 512, 640]).toContain(image.length);
        expect(m.kind === 'qsfp' ? image[0] === 0x11 : image[0] === 0x03).toBe(true);
      }
    }
  });

  it('has valid checksums everywhere except in the module built to have a bad one', async () => {
    for (const m of modulesOf(await listSimulatedModules())) {
      const { image } = await loadSimulatedModule(m.name);
      if (m.kind === 'cmis') {
        // CMIS page 00h byte 222 is the sum of bytes 128-221.
        const p00 = findPage(decodePagedImage(image), 0)!;
        expect(sum8(p00, 0, 93), m.name).toBe(p00[94]);
        continue;
      }
      const base = m.kind === 'sfp' ? sum8(image, 0, 62) === image[63] : sum8(image, 128, 190) === image[191];
      expect(base, m.name).toBe(m.name !== 'corrupted-checksum');
      if (m.kind === 'sfp' && image.length === 512) expect(sum8(image, 256, 350), m.name).toBe(image[351]);
    }
  });

  it('every SFP and SFF-8636 module reads back through the simulated bench byte for byte (A2h only where DDM is set; byte 93 as the bring-up set it)', async () => {
    for (const m of modulesOf(await listSimulatedModules()).filter((x) => x.kind !== 'cmis')) {
      const { image, behaviour } = await loadSimulatedSocket(m.name);
      // Soak-training modules have live monitors (noise, scripted faults): tests/unit/hardware/soak-sim.test.ts.
      if (behaviour.live) continue;
      const r = await readModuleWith(new SimulatedBus({ image, behaviour }), { decode });
      const want = Buffer.from(image!);
      // A power class 2+ QSFP is read with byte 93 set to high power (the lower page is read again then).
      const written = r.laser?.writes.find((w) => w.offset === 93);
      if (written) want[93] = written.written;
      expect(Buffer.from(r.image).equals(want), m.name).toBe(true);
    }
  });

  it('every CMIS module reads with the laser outcome its description promises, and writes no EEPROM', async () => {
    const expected: Record<string, string> = {
      'qsfpdd-400g-dr4': 'done',
      'osfp-800g-dr8': 'done',
      'osfp-800g-dr8-weak-lane': 'done',
      'qsfpdd-400g-fr4-dead-lane': 'done',
      'qsfp112-100g-fr1': 'done',
      'qsfpdd-400g-sr8-stuck-lowpwr': 'timeout',
      'qsfpdd-400g-dr4-fault': 'fault',
      'flaky-contact-qsfpdd-400g-dr4': 'done',
    };
    const cmis = modulesOf(await listSimulatedModules()).filter((x) => x.kind === 'cmis');
    expect(cmis.map((m) => m.name).sort()).toEqual(Object.keys(expected).sort());
    await Promise.all(
      cmis.map(async (m) => {
        const { image, behaviour } = await loadSimulatedSocket(m.name);
        const bus = new SimulatedBus({ image, behaviour });
        const r = await readModuleWith(bus, { decode: decodeModule });
        expect(r.laser?.outcome, m.name).toBe(expected[m.name]);
        expect(r.laser?.writes.every((w) => w.restored), m.name).toBe(true);
        expect(bus.nvmWrites, m.name).toBe(0);
        // The stored image decodes to the library's identity.
        expect(r.module.vendor.serialNumber, m.name).toBe(decodeModule(image!).vendor.serialNumber);
      }),
    );
  });

  it('the empty socket holds no image: opened as the sim programmer, a read NACKs at 0x50 and is NO_MODULE', async () => {
    const all = await listSimulatedModules();
    // Last in the list, so the bench never defaults to it.
    expect(all.at(-1)).toMatchObject({ name: 'empty-socket', kind: 'empty' });
    expect((await loadSimulatedSocket('empty-socket')).image).toBeNull();
    await expect(loadSimulatedModule('empty-socket')).rejects.toMatchObject({ code: 'NO_MODULE' });
    const bus = await openProgrammer({ kind: 'sim', module: 'empty-socket' });
    const e = await readModuleWith(bus, { decode }).catch((x: unknown) => x);
    expect((e as BenchError).code).toBe('NO_MODULE');
    await bus.close();
  });

  it('an unknown name is SIM_MODULE_UNKNOWN and lists the real names', async () => {
    const e = await loadSimulatedModule('no-such').catch((x: unknown) => x);
    expect((e as BenchError).code).toBe('SIM_MODULE_UNKNOWN');
    expect((e as BenchError).message).toContain('good-10g-sr');
  });

});

describe('simulated module memory', () => {
  it('QSFP: an unsupported page select reverts to 00h, as SFF-8636 modules do', () => {
    const mem = new SimulatedModuleMemory(makeQsfpImage());
    mem.write(0x50, 127, Uint8Array.of(0x02));
    expect(mem.read(0x50, 127, 1)?.[0]).toBe(0);
    mem.write(0x50, 127, Uint8Array.of(0x03));
    expect(mem.read(0x50, 128, 1)?.[0]).toBe(0x4b);
  });

  it('SFP without A2h in its image does not answer at 0x51', () => {
    const mem = new SimulatedModuleMemory(new Uint8Array(256).fill(3, 0, 1));
    expect(mem.acks(0x50)).toBe(true);
    expect(mem.acks(0x51)).toBe(false);
  });
});

describe('ports formatting', () => {
  it('shows recognised programmers with their kind and still lists unknown ports', () => {
    const text = formatPorts([
      { path: '/dev/ttyACM0', kind: 'usbiss', label: 'Devantech USB-ISS', vendorId: '04d8', productId: 'ffee', manufacturer: null, serialNumber: null },
      { path: '/dev/ttyS0', kind: null, label: null, vendorId: null, productId: null, manufacturer: null, serialNumber: null },
    ]);
    expect(text).toMatch(/\/dev\/ttyACM0\s+usbiss\s+Devantech USB-ISS\s+04d8:ffee/);
    expect(text).toMatch(/\/dev\/ttyS0\s+-\s+unknown device/);
    expect(formatPorts([])).toMatch(/No serial ports/);
  });
});
