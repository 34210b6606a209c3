// The cage as the bench watches it (issue 12): the serial a look gives must be the one the
// decoder gives for the same module (or the screen would call a module "another one"), a module
// left on another page is found all the same and put back on page 00h, and nothing but a page
// select is ever written.
import { describe, expect, it } from 'vitest';
import { SimulatedBus } from '../../../main/hardware/drivers/simulated';
import { senseModule, sameModule } from '../../../main/hardware/presence';
import { loadSimulatedModule } from '../../../main/hardware/sim-library';
import { decodeModule } from '../../../main/sff/index';
import type { I2cOp } from '../../../main/hardware/drivers/i2c-bus';

async function busWith(name: string): Promise<{ bus: SimulatedBus; serial: string; image: Uint8Array }> {
  const { image } = await loadSimulatedModule(name);
  return { bus: new SimulatedBus({ image, name }), serial: decodeModule(image).vendor.serialNumber, image };
}

/** The ops a look sent, to show it writes nothing but page selects. */
function recording(bus: SimulatedBus): I2cOp[] {
  const seen: I2cOp[] = [];
  const original = bus.execute.bind(bus);
  bus.execute = (ops, opts) => {
    seen.push(...ops);
    return original(ops, opts);
  };
  return seen;
}

describe('senseModule', () => {
  it.each(['good-10g-sr', 'weak-tx', 'qsfp28-sr4', 'qsfpdd-400g-dr4', 'osfp-800g-dr8', 'qsfp112-100g-fr1', 'hostile-vendor-name'])(
    '%s: the serial, vendor and part number are the decoder\'s, byte for byte',
    async (name) => {
      const { bus, serial, image } = await busWith(name);
      const m = await senseModule(bus);
      const d = decodeModule(image);
      expect(m).toEqual({ identifier: image[0] === 0x4f ? d.identifier.code : image[0], serial, vendor: d.vendor.name, partNumber: d.vendor.partNumber });
    },
  );

  it('an empty cage is nothing, not an error', async () => {
    expect(await senseModule(new SimulatedBus({ image: null }))).toBeNull();
  });

  it('a QSFP28 left on page 03h is put back on page 00h before its serial is read (the serial lives there)', async () => {
    const { bus, serial } = await busWith('qsfp28-sr4');
    await bus.execute([{ op: 'write', addr: 0x50, offset: 127, data: Uint8Array.of(3) }]);
    const ops = recording(bus);
    expect((await senseModule(bus))?.serial).toBe(serial);
    expect((await bus.execute([{ op: 'read', addr: 0x50, offset: 127, length: 1 }]))[0]?.[0]).toBe(0);
    // Only the page select was written.
    expect(ops.filter((o) => o.op === 'write').map((o) => (o.op === 'write' ? o.offset : -1))).toEqual([127]);
  });

  it('a CMIS module left on page 11h is found the same, bank and page both back to 0', async () => {
    const { bus, serial } = await busWith('osfp-800g-dr8');
    await bus.execute([{ op: 'write', addr: 0x50, offset: 126, data: Uint8Array.of(0, 0x11) }]);
    expect(Array.from((await bus.execute([{ op: 'read', addr: 0x50, offset: 126, length: 2 }]))[0] ?? [])).toEqual([0, 0x11]);
    const ops = recording(bus);
    expect((await senseModule(bus))?.serial).toBe(serial);
    expect(Array.from((await bus.execute([{ op: 'read', addr: 0x50, offset: 126, length: 2 }]))[0] ?? [])).toEqual([0, 0]);
    expect(ops.filter((o) => o.op === 'write').map((o) => (o.op === 'write' ? o.offset : -1))).toEqual([126]);
  });

  it('a module on page 00h is not written at all (a look a few times a second must not keep writing)', async () => {
    const { bus } = await busWith('qsfpdd-400g-dr4');
    const ops = recording(bus);
    await senseModule(bus);
    await senseModule(bus);
    expect(ops.filter((o) => o.op === 'write')).toEqual([]);
  });

  it('two modules with one part number but different serials are different modules; the same module twice is the same', async () => {
    const a = { identifier: 3, serial: 'SN1', vendor: 'V', partNumber: 'PN' };
    expect(sameModule(a, { ...a })).toBe(true);
    expect(sameModule(a, { ...a, serial: 'SN2' })).toBe(false);
    expect(sameModule(a, null)).toBe(false);
    expect(sameModule(null, null)).toBe(true);
  });
});
