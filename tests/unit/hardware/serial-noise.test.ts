// Issue 16: incoming serial data was buffered without limit. A line that keeps sending what
// nobody asked for (a wrong device, a floating RX) now ends the session with a coded error.
import { afterEach, describe, expect, it } from 'vitest';
import { MockBinding } from './mock-binding';
import { MAX_PENDING_INPUT_BYTES, SerialTransport } from '../../../main/hardware/transport/serial-transport';
import { scriptedBinding } from './fake-devices';

afterEach(() => MockBinding.reset());

describe('serial input cap', () => {
  it('ends a pending read with PROGRAMMER_NOISY_LINE once more than the cap is buffered, and every later read too', async () => {
    MockBinding.createPort('/dev/ttyNOISE0');
    // One byte asked for; the "device" answers with a flood in 4 KiB chunks.
    const { binding } = scriptedBinding((_d, emit) => {
      for (let sent = 0; sent <= MAX_PENDING_INPUT_BYTES; sent += 4096) emit(Buffer.alloc(4096, 0x55));
    });
    const t = new SerialTransport({ path: '/dev/ttyNOISE0', binding });
    await t.open();
    await t.write(Uint8Array.of(0x00));
    // Nothing reads while the flood arrives: it piles up until the cap trips.
    await new Promise((r) => setTimeout(r, 50));
    await expect(t.read(MAX_PENDING_INPUT_BYTES + 1, { timeoutMs: 500 })).rejects.toMatchObject({ code: 'PROGRAMMER_NOISY_LINE', message: expect.stringContaining('/dev/ttyNOISE0') });
    expect(t.pending()).toBe(0);
    await expect(t.read(1, { timeoutMs: 100 })).rejects.toMatchObject({ code: 'PROGRAMMER_NOISY_LINE' });
    await t.close();
  });

  it('keeps a legitimate backlog below the cap (a stale terminal echo of a few kilobytes)', async () => {
    MockBinding.createPort('/dev/ttyNOISE1');
    const { binding } = scriptedBinding((_d, emit) => emit(Buffer.alloc(8000, 0x2e)));
    const t = new SerialTransport({ path: '/dev/ttyNOISE1', binding });
    await t.open();
    await t.write(Uint8Array.of(0x00));
    expect((await t.read(8000, { timeoutMs: 500 })).length).toBe(8000);
    await t.close();
  });
});
