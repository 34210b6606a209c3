import { afterEach, describe, expect, it } from 'vitest';
import { MockBinding } from './mock-binding';
import { SerialTransport, openError } from '../../../main/hardware/transport/serial-transport';
import { defaultProgrammer, listPorts } from '../../../main/hardware/transport/list-ports';
import { BenchError } from '../../../main/errors';
import { scriptedBinding } from './fake-devices';
import { codeOf } from '../../support/settled';

afterEach(() => MockBinding.reset());

describe('SerialTransport', () => {
  it('accumulates a reply split over several data events (a data event is not a reply)', async () => {
    MockBinding.createPort('/dev/ttyFAKE0');
    const { binding } = scriptedBinding((_d, emit) => {
      emit([1, 2]);
      setTimeout(() => emit([3]), 5);
      setTimeout(() => emit([4, 5, 6]), 10);
    });
    const t = new SerialTransport({ path: '/dev/ttyFAKE0', binding });
    await t.open();
    await t.write(Uint8Array.of(0x55));
    expect([...(await t.read(4, { timeoutMs: 500 }))]).toEqual([1, 2, 3, 4]);
    // The rest stays buffered for the next read.
    expect([...(await t.read(2, { timeoutMs: 500 }))]).toEqual([5, 6]);
    await t.close();
  });

  it('writes a frame in exactly one binding write (USB-ISS drops frames with gaps)', async () => {
    MockBinding.createPort('/dev/ttyFAKE1');
    const { binding, writes } = scriptedBinding(() => {});
    const t = new SerialTransport({ path: '/dev/ttyFAKE1', binding });
    await t.open();
    const frame = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    await t.write(frame);
    expect(writes).toHaveLength(1);
    expect(writes[0]?.length).toBe(300);
    await t.close();
  });

  it('gives up at the deadline with PROGRAMMER_NOT_RESPONDING instead of hanging', async () => {
    MockBinding.createPort('/dev/ttyFAKE2');
    const { binding } = scriptedBinding((_d, emit) => emit([1]));
    const t = new SerialTransport({ path: '/dev/ttyFAKE2', binding });
    await t.open();
    await t.write(Uint8Array.of(0));
    const started = Date.now();
    expect(await codeOf(t.read(3, { timeoutMs: 80 }))).toBe('PROGRAMMER_NOT_RESPONDING');
    expect(Date.now() - started).toBeLessThan(500);
    await t.close();
  });

  it('cancels a pending read at once when the signal aborts', async () => {
    MockBinding.createPort('/dev/ttyFAKE3');
    const { binding } = scriptedBinding(() => {});
    const t = new SerialTransport({ path: '/dev/ttyFAKE3', binding });
    await t.open();
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    const started = Date.now();
    expect(await codeOf(t.read(10, { timeoutMs: 5000, signal: ac.signal }))).toBe('CANCELLED');
    expect(Date.now() - started).toBeLessThan(1000);
    await t.close();
  });

  it('names a missing port with PORT_NOT_FOUND', async () => {
    const { binding } = scriptedBinding(() => {});
    const t = new SerialTransport({ path: '/dev/ttyNOPE', binding });
    const e = await t.open().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BenchError);
    expect((e as BenchError).code).toBe('PORT_NOT_FOUND');
    expect((e as BenchError).message).toContain('/dev/ttyNOPE');
  });

  it('reports a port another program holds as PORT_BUSY', async () => {
    MockBinding.createPort('/dev/ttyFAKE4');
    const { binding } = scriptedBinding(() => {});
    const first = new SerialTransport({ path: '/dev/ttyFAKE4', binding });
    await first.open();
    const second = new SerialTransport({ path: '/dev/ttyFAKE4', binding });
    expect(await codeOf(second.open())).toBe('PORT_BUSY');
    await first.close();
  });

  it('drain discards input until the line is quiet', async () => {
    MockBinding.createPort('/dev/ttyFAKE5');
    const { binding } = scriptedBinding((_d, emit) => {
      for (let i = 0; i < 5; i++) setTimeout(() => emit([i]), i * 5);
    });
    const t = new SerialTransport({ path: '/dev/ttyFAKE5', binding });
    await t.open();
    await t.write(Uint8Array.of(0));
    const dropped = await t.drain(30, 1000);
    expect([...dropped]).toEqual([0, 1, 2, 3, 4]);
    expect((await t.readAvailable({ timeoutMs: 10 })).length).toBe(0);
    await t.close();
  });
});

describe('listPorts', () => {
  it('recognises the three programmers by VID:PID and still lists unknown ports', async () => {
    MockBinding.createPort('/dev/ttyUSB0', { vendorId: '0403', productId: '6001' });
    MockBinding.createPort('/dev/ttyACM0', { vendorId: '04D8', productId: 'FB00' });
    MockBinding.createPort('/dev/ttyACM1', { vendorId: '04d8', productId: 'ffee' });
    MockBinding.createPort('/dev/ttyS0');
    const ports = await listPorts(MockBinding);
    const byPath = Object.fromEntries(ports.map((p) => [p.path, p.kind]));
    expect(byPath).toEqual({ '/dev/ttyUSB0': 'buspirate', '/dev/ttyACM0': 'buspirate', '/dev/ttyACM1': 'usbiss', '/dev/ttyS0': null });
    expect(ports.find((p) => p.path === '/dev/ttyACM1')?.label).toBe('Devantech USB-ISS');
  });

  it('turns the udevadm failure of SerialPort.list() into UDEV_MISSING with the fix', async () => {
    const failing = { list: () => Promise.reject(new Error('spawn udevadm ENOENT')) };
    const e = await listPorts(failing).catch((x: unknown) => x);
    expect((e as BenchError).code).toBe('UDEV_MISSING');
    expect((e as BenchError).message).toMatch(/install udev/i);
  });
});

describe('open errors in a technician\'s words', () => {
  it.each([
    ['Error: No such file or directory, cannot open /dev/ttyUSB9', 'PORT_NOT_FOUND'],
    ['Error: Permission denied, cannot open /dev/ttyUSB9', 'PORT_PERMISSION'],
    ['Error Resource temporarily unavailable Cannot lock port', 'PORT_BUSY'],
    ['Error: Inappropriate ioctl for device', 'PORT_OPEN_FAILED'],
  ])('%s -> %s, naming the port', (message, code) => {
    const e = openError('/dev/ttyUSB9', new Error(message));
    expect(e.code).toBe(code);
    expect(e.message).toContain('/dev/ttyUSB9');
  });
});

describe('defaultProgrammer', () => {
  it('prefers a recognised programmer and falls back to the simulated bench when none is attached', () => {
    const unknown = { path: '/dev/ttyS0', kind: null, label: null, vendorId: null, productId: null, manufacturer: null, serialNumber: null };
    expect(defaultProgrammer([unknown])).toEqual({ kind: 'sim', path: null });
    expect(defaultProgrammer([unknown, { ...unknown, path: '/dev/ttyACM0', kind: 'usbiss' as const }])).toEqual({ kind: 'usbiss', path: '/dev/ttyACM0' });
  });
});
