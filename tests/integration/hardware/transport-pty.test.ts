// The serial transport's direct path (descriptor reads and writes on the loop thread, woken by
// the binding's poller) on real pseudo-terminals: the far end of a socat pair, then the protocol
// emulators, which say how the bytes arrived (turnarounds, a USB-ISS frame dropped for a gap, a
// Bus Pirate v3 receive-FIFO overrun). The mock binding's path is in tests/unit/hardware.
import { afterEach, describe, expect, it } from 'vitest';
import { SerialPort } from 'serialport';
import { createPtyPair, startEmulator, type EmulatorHandle, type PtyPair } from '../../support/emulators';
import { SerialTransport, MAX_PENDING_INPUT_BYTES } from '../../../main/hardware/transport/serial-transport';
import { openBusPirate, type BusPirateBus } from '../../../main/hardware/drivers/bus-pirate';
import { openUsbIss } from '../../../main/hardware/drivers/usb-iss';
import { osBinding } from '../../../main/hardware/index';
import type { I2cOp } from '../../../main/hardware/drivers/i2c-bus';
import { makeQsfpImage, makeSfpImage } from '../../unit/hardware/fake-devices';
import { codeOf } from '../../support/settled';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.().catch(() => {});
});

/** The far end of a pty pair as a plain serialport, recording each chunk it receives. */
async function farEnd(): Promise<{ pty: PtyPair; far: SerialPort; chunks: Buffer[] }> {
  const pty = await createPtyPair();
  cleanups.push(() => pty.close());
  const far = new SerialPort({ path: pty.emulatorPath, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => far.open((e) => (e ? reject(e) : resolve())));
  cleanups.push(() => new Promise<void>((resolve) => (far.isOpen ? far.close(() => resolve()) : resolve())));
  const chunks: Buffer[] = [];
  // Writes still queued when a test closes the pair fail there; that is the test's own far end, not the transport.
  far.on('error', () => {});
  far.on('data', (d: Buffer) => chunks.push(Buffer.from(d)));
  return { pty, far, chunks };
}

async function transport(path: string, io: 'auto' | 'binding' = 'auto'): Promise<SerialTransport> {
  const t = new SerialTransport({ path, binding: osBinding(), io });
  await t.open();
  cleanups.push(() => t.close());
  return t;
}

const until = async (cond: () => boolean, ms: number): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
};

describe('serial transport on a pseudo-terminal', () => {
  it('uses the descriptor directly with the OS binding, and the binding itself when asked', async () => {
    // Why: the CPU goal rests on the direct path; a binding that stopped exposing its descriptor would silently fall back.
    const { pty } = await farEnd();
    const t = await transport(pty.devicePath);
    expect(t.ioPath).toBe('direct');
    await t.close();
    const b = await transport(pty.devicePath, 'binding');
    expect(b.ioPath).toBe('binding');
  });

  it.each(['auto', 'binding'] as const)('io %s: a frame leaves in one piece and in order, and a reply split in chunks is put together', async (io) => {
    // Why: the USB-ISS drops a frame that arrives with a gap (programmers.md §2.1); replies come as the OS delivers them.
    const { pty, far, chunks } = await farEnd();
    const t = await transport(pty.devicePath, io);
    const frame = Uint8Array.from({ length: 60 }, (_, i) => (i * 7 + 3) & 0xff);
    await t.write(frame);
    await until(() => chunks.reduce((n, c) => n + c.length, 0) >= 60, 2000);
    expect(chunks).toHaveLength(1);
    expect([...chunks[0]!]).toEqual([...frame]);
    far.write(Buffer.from([1, 2, 3]));
    setTimeout(() => far.write(Buffer.from([4, 5, 6, 7])), 30);
    expect([...(await t.read(7, { timeoutMs: 2000 }))]).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(t.pending()).toBe(0);
  });

  it('a write larger than the line holds waits for room and arrives whole and in order', async () => {
    // Why: the direct path's EAGAIN branch (a programmer that reads slowly) must neither lose nor reorder bytes.
    const { pty, far, chunks } = await farEnd();
    far.pause();
    const t = await transport(pty.devicePath);
    const big = Uint8Array.from({ length: 256 * 1024 }, (_, i) => (i * 31 + (i >> 8)) & 0xff);
    let done = false;
    const writing = t.write(big).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 150));
    // The pty pair and socat hold far less than 256 KiB: the write is still waiting for room.
    expect(done).toBe(false);
    far.resume();
    await writing;
    await until(() => chunks.reduce((n, c) => n + c.length, 0) >= big.length, 5000);
    expect(Buffer.concat(chunks).equals(Buffer.from(big))).toBe(true);
  });

  it('bytes nobody asked for beyond the cap end the pending read with PROGRAMMER_NOISY_LINE', async () => {
    // Why: a wrong device or a floating line must not grow main's memory without bound.
    const { pty, far } = await farEnd();
    const t = await transport(pty.devicePath);
    const pending = codeOf(t.read(MAX_PENDING_INPUT_BYTES * 4, { timeoutMs: 10_000 }));
    for (let i = 0; i < 9; i++) far.write(Buffer.alloc(8192, 0x55), () => {});
    expect(await pending).toBe('PROGRAMMER_NOISY_LINE');
    expect(await codeOf(t.read(1, { timeoutMs: 100 }))).toBe('PROGRAMMER_NOISY_LINE');
  });

  it('the far end going away ends a pending read with PROGRAMMER_UNPLUGGED at once, and later writes too', async () => {
    // Why: a programmer pulled mid-soak is a gap to record now, not a read that waits for its deadline.
    const { pty } = await farEnd();
    const t = await transport(pty.devicePath);
    let lost = 0;
    t.onLost(() => lost++);
    const started = Date.now();
    const pending = codeOf(t.read(4, { timeoutMs: 20_000 }));
    setTimeout(() => void pty.close(), 30);
    expect(await pending).toBe('PROGRAMMER_UNPLUGGED');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(lost).toBe(1);
    expect(await codeOf(t.write(Uint8Array.of(0)))).toBe('PROGRAMMER_UNPLUGGED');
  });

  it('one signal for many reads: its abort cancels the read pending then, and an old signal no longer reaches a new read', async () => {
    // Why: the transport keeps one abort listener per signal (a soak's hundreds of reads a second); stop must still end a read at once.
    const { pty, far } = await farEnd();
    const t = await transport(pty.devicePath);
    const soak = new AbortController();
    for (let i = 0; i < 3; i++) {
      far.write(Buffer.from([i]));
      expect([...(await t.read(1, { timeoutMs: 2000, signal: soak.signal }))]).toEqual([i]);
    }
    const started = Date.now();
    const pending = codeOf(t.read(1, { timeoutMs: 20_000, signal: soak.signal }));
    setTimeout(() => soak.abort(), 20);
    expect(await pending).toBe('CANCELLED');
    expect(Date.now() - started).toBeLessThan(2000);
    const next = new AbortController();
    setTimeout(() => far.write(Buffer.from([9])), 20);
    expect([...(await t.read(1, { timeoutMs: 2000, signal: next.signal }))]).toEqual([9]);
  });

  it('close() cancels a pending read and leaves the port free for the next session', async () => {
    // Why: the cage watch hands the port to a soak and back; a port still locked would be PORT_BUSY.
    const { pty } = await farEnd();
    const t = await transport(pty.devicePath);
    const pending = codeOf(t.read(4, { timeoutMs: 20_000 }));
    await t.close();
    expect(await pending).toBe('CANCELLED');
    const again = await transport(pty.devicePath);
    expect(again.isOpen).toBe(true);
  });
});

/** A soak's sample transactions, back to back as fast as the link answers. */
async function hammer(bus: { execute(ops: readonly I2cOp[]): Promise<Uint8Array[]> }, ops: I2cOp[], n: number): Promise<Uint8Array[][]> {
  const out: Uint8Array[][] = [];
  for (let i = 0; i < n; i++) out.push(await bus.execute(ops));
  return out;
}

const SFP_SAMPLE: I2cOp[] = [{ op: 'read', addr: 0x51, offset: 96, length: 22 }];
const QSFP_SAMPLE: I2cOp[] = [{ op: 'read', addr: 0x50, offset: 2, length: 56 }];

describe('pacing of a transaction through the emulators (direct path)', () => {
  async function emulator(opts: Parameters<typeof startEmulator>[0]): Promise<EmulatorHandle> {
    const emu = await startEmulator(opts);
    cleanups.push(() => emu.close());
    return emu;
  }

  it.each([115_200, 2_000_000])('Bus Pirate v3 at %i baud: one command in flight, each frame then its whole reply; no FIFO overrun in 60 samples', async (baud) => {
    // Why: a second frame queued behind an 0x08 overruns the PIC's 4-byte FIFO and the unit goes deaf (programmers.md pacing rules 1-2).
    const image = makeSfpImage();
    const emu = await emulator({ kind: 'buspirate', image, initialState: 'terminal', overrun: 'deaf', moduleReadyMs: 0 });
    const t = await transport(emu.devicePath);
    const bus: BusPirateBus = await openBusPirate(t, { linkSpeed: baud === 115_200 ? 115_200 : 'fastest', powerUpDelayMs: 0 });
    expect(bus.linkBaud).toBe(baud);
    expect(bus.pacing).toBe('one-command');
    emu.resetStats();
    const before = emu.log().length;
    const replies = await hammer(bus, SFP_SAMPLE, 60);
    for (const [r] of replies) expect([...r!]).toEqual([...image.subarray(256 + 96, 256 + 118)]);
    const s = emu.stats();
    expect(s.rxOverruns).toBe(0);
    // Two frames a sample (pointer, then current-address read), each paying its own turnaround:
    // nothing was pipelined behind a frame.
    expect(s.turnarounds).toBe(120);
    const frames = emu.log().slice(before).filter((e) => e.startsWith('i2c:08'));
    expect(frames).toHaveLength(120);
    frames.forEach((f, i) => expect(f).toMatch(i % 2 === 0 ? /^i2c:08 w=2 r=0 .*ok/ : /^i2c:08 w=1 r=22 .*ok/));
  });

  it('USB-ISS: the batch (I2C_TEST, then the read) goes out as one write: one turnaround a sample, no frame dropped for a gap', async () => {
    // Why: a frame split across writes can arrive with a gap the firmware drops (§2.1); a batch in one write is one USB turnaround.
    const image = makeQsfpImage();
    const emu = await emulator({ kind: 'usbiss', image, moduleReadyMs: 0 });
    const t = await transport(emu.devicePath);
    const bus = await openUsbIss(t);
    emu.resetStats();
    const before = emu.log().length;
    const replies = await hammer(bus, QSFP_SAMPLE, 60);
    for (const [r] of replies) expect([...r!]).toEqual([...image.subarray(2, 58)]);
    expect(emu.stats().turnarounds).toBe(60);
    const log = emu.log().slice(before);
    expect(log.filter((e) => e.startsWith('iss:drop'))).toEqual([]);
    // In order: the presence test, then the read, sample after sample.
    const frames = log.filter((e) => /^iss:(58|55)/.test(e));
    expect(frames).toHaveLength(120);
    frames.forEach((f, i) => expect(f).toMatch(i % 2 === 0 ? /^iss:58 A0$/ : /^iss:55 A1 02 38/));
  });
});
