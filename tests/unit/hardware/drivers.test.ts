import { afterEach, describe, expect, it } from 'vitest';
import { MockBinding } from './mock-binding';
import { SerialTransport } from '../../../main/hardware/transport/serial-transport';
import { openBusPirate } from '../../../main/hardware/drivers/bus-pirate';
import { openUsbIss } from '../../../main/hardware/drivers/usb-iss';
import type { BenchError } from '../../../main/errors';
import { busPirateModel, makeSfpA0, makeSfpA2, scriptedBinding, sfpModule, usbIssModel, type Responder } from './fake-devices';

afterEach(() => MockBinding.reset());

async function transportFor(path: string, respond: Responder) {
  MockBinding.createPort(path);
  const s = scriptedBinding(respond);
  const t = new SerialTransport({ path, binding: s.binding });
  await t.open();
  return { t, ...s };
}

const hex = (b: Buffer | undefined): string => (b ? b.toString('hex') : '');

describe('Bus Pirate driver', () => {
  it('enters binary mode from the user terminal (20 zeros), reads the banner, and sets up I2C: 02, then power+pull-ups 4C and 100 kHz 62', async () => {
    const a0 = makeSfpA0();
    const { t, writes } = await transportFor('/dev/bp0', busPirateModel(sfpModule(a0)));
    const bus = await openBusPirate(t, { linkSpeed: 115200 });
    const i = writes.findIndex((w) => hex(w) === '02');
    expect(hex(writes[i + 1])).toBe('4c62');
    // Provenance as the unit said it (a v3 banner: FTDI link, so one command in flight).
    expect(bus.info.identity).toBe('Bus Pirate v3.b, firmware v6.1 r1676, bootloader v4.4');
    expect(bus.pacing).toBe('one-command');
    await bus.close();
  });

  it('v3: one command in flight (its frame, then its reply), the two-step random read, and a continuing read without the pointer frame', async () => {
    const a0 = makeSfpA0();
    const a2 = makeSfpA2();
    const { t, writes } = await transportFor('/dev/bp1', busPirateModel(sfpModule(a0, a2), { startInBinary: true }));
    const bus = await openBusPirate(t, { linkSpeed: 115200 });
    const before = writes.length;
    const [x, y, z] = await bus.execute([
      { op: 'read', addr: 0x50, offset: 0, length: 128 },
      { op: 'read', addr: 0x51, offset: 96, length: 10 },
      { op: 'read', addr: 0x51, offset: 106, length: 4, continues: true },
    ]);
    // 08 00 02 00 00 A0 off (pointer, STOP), then 08 00 01 00 N A1 (current-address read): one write each.
    expect(writes.slice(before).map(hex)).toEqual(['0800020000a000', '0800010080a1', '0800020000a260', '080001000aa3', '0800010004a3']);
    expect([...(x ?? [])]).toEqual([...a0.subarray(0, 128)]);
    expect([...(y ?? [])]).toEqual([...a2.subarray(96, 106)]);
    expect([...(z ?? [])]).toEqual([...a2.subarray(106, 110)]);
    await bus.close();
  });

  it('after a NACK (reply 00) sends STOP 03 itself and reports NO_MODULE', async () => {
    const model = busPirateModel({ mem: new Map() }, { startInBinary: true });
    const { t, writes } = await transportFor('/dev/bp2', model);
    const bus = await openBusPirate(t, { linkSpeed: 115200 });
    const e = await bus.readMany([{ addr: 0x50, offset: 0, length: 16 }]).catch((x: unknown) => x);
    expect((e as BenchError).code).toBe('NO_MODULE');
    expect(model.stopCount()).toBe(1);
    expect(hex(writes.at(-1))).toBe('03');
    await bus.close();
  });

  it('recovers from a unit stuck in the middle of a 0x08 frame by feeding zeros', async () => {
    // The stale frame still wants 1000 payload bytes; zeros are eaten until then.
    const { t } = await transportFor('/dev/bp3', busPirateModel(sfpModule(makeSfpA0()), { startInBinary: true, staleHeaderBytes: 1000 }));
    const started = Date.now();
    const bus = await openBusPirate(t, { linkSpeed: 115200 });
    expect(Date.now() - started).toBeLessThan(5000);
    const [x] = await bus.readMany([{ addr: 0x50, offset: 0, length: 4 }]);
    expect(x?.[0]).toBe(0x03);
    await bus.close();
  });

  it('says PROGRAMMER_NOT_RESPONDING within seconds when nothing answers', async () => {
    const { t } = await transportFor('/dev/bp4', () => {});
    const started = Date.now();
    const e = await openBusPirate(t).catch((x: unknown) => x);
    expect((e as BenchError).code).toBe('PROGRAMMER_NOT_RESPONDING');
    expect(Date.now() - started).toBeLessThan(8000);
  }, 15000);

  it('leaves the unit sane on close: 00 (power off, BBIO) then 0F (back to the terminal)', async () => {
    const { t, writes } = await transportFor('/dev/bp5', busPirateModel(sfpModule(makeSfpA0()), { startInBinary: true }));
    const bus = await openBusPirate(t, { linkSpeed: 115200 });
    await bus.close();
    expect(writes.slice(-2).map(hex)).toEqual(['00', '0f']);
    expect(t.isOpen).toBe(false);
  });
});

describe('USB-ISS driver', () => {
  it('checks the module id, sets hardware 100 kHz (5A 02 60 04), probes with 58 and reads AD1 chunks of at most 60', async () => {
    const a0 = makeSfpA0();
    const { t, writes } = await transportFor('/dev/iss0', usbIssModel(sfpModule(a0)));
    const bus = await openUsbIss(t);
    expect(writes.slice(0, 2).map(hex)).toEqual(['5a01', '5a026004']);
    const before = writes.length;
    const [x] = await bus.readMany([{ addr: 0x50, offset: 0, length: 128 }]);
    expect(writes.length - before).toBe(1);
    expect(hex(writes[before])).toBe('58a0' + '55a1003c' + '55a13c3c' + '55a17808');
    expect([...(x ?? [])]).toEqual([...a0.subarray(0, 128)]);
    await bus.close();
  });

  it('reports NO_MODULE from I2C_TEST even though AD1 reads return 0xFF data without status', async () => {
    const { t } = await transportFor('/dev/iss1', usbIssModel({ mem: new Map() }));
    const bus = await openUsbIss(t);
    const e = await bus.readMany([{ addr: 0x50, offset: 0, length: 16 }]).catch((x: unknown) => x);
    expect((e as BenchError).code).toBe('NO_MODULE');
    await bus.close();
  });

  it('refuses a device whose version reply is not module id 7 (not a USB-ISS)', async () => {
    const { t } = await transportFor('/dev/iss2', usbIssModel(sfpModule(makeSfpA0()), { moduleId: 0x42 }));
    const e = await openUsbIss(t).catch((x: unknown) => x);
    expect((e as BenchError).code).toBe('PROGRAMMER_NOT_RESPONDING');
  });

  it('times out after the 500 ms vendor reply budget, not later', async () => {
    const { t } = await transportFor('/dev/iss3', () => {});
    const started = Date.now();
    const e = await openUsbIss(t).catch((x: unknown) => x);
    expect((e as BenchError).code).toBe('PROGRAMMER_NOT_RESPONDING');
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
