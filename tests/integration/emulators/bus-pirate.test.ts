import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { idealReadTimeMs, idealTimeMs, startEmulator, type EmulatorHandle, type StartOptions } from '../../support/emulators';
import { RawLink, ascii, qsfpImage, sfpImage } from './raw-link';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(opts: Partial<StartOptions> = {}): Promise<{ emu: EmulatorHandle; link: RawLink }> {
  const emu = await startEmulator({ kind: 'buspirate', image: sfpImage(), moduleReadyMs: 0, ...opts });
  cleanups.push(() => emu.close());
  const link = await RawLink.open(emu.devicePath);
  cleanups.push(() => link.close());
  return { emu, link };
}

/** BBIO, raw I2C, power + pull-ups, 100 kHz. */
async function enterI2c(link: RawLink): Promise<void> {
  await link.write(new Array(20).fill(0));
  expect(ascii(await link.read(5))).toBe('BBIO1');
  await link.write([0x02]);
  expect(ascii(await link.read(4))).toBe('I2C1');
  await link.write([0x4c, 0x62]);
  expect(await link.read(2)).toEqual([1, 1]);
}

const twoStep = (addr8: number, off: number, n: number): number[] => [
  0x08, 0, 2, 0, 0, addr8, off, 0x08, 0, 1, 0, n, addr8 | 1,
];

describe('Bus Pirate emulator (firmware 6)', () => {
  it('enters BBIO on the 20th zero from the terminal, once (procMenu binmodecnt == 20)', async () => {
    const { link } = await setup();
    await link.write(new Array(19).fill(0));
    expect(await link.drain(40)).toEqual([]);
    await link.write([0]);
    expect(ascii(await link.read(5))).toBe('BBIO1');
    expect(await link.drain(40)).toEqual([]);
  });

  it('answers every zero with BBIO1 once already in binary mode, paced zeros one reply each', async () => {
    const { link } = await setup({ initialState: 'binary' });
    for (let i = 0; i < 5; i++) {
      await link.write([0]);
      expect(ascii(await link.read(5))).toBe('BBIO1');
    }
  });

  it('v3 receive FIFO: 20 zeros back to back in binary mode overrun it (flashrom), and the unit goes deaf (OERR)', async () => {
    // Each zero makes the firmware send 5 bytes while the next zeros keep arriving: after 4 waiting, a byte is lost.
    const { emu, link } = await setup({ initialState: 'binary' });
    await link.write(new Array(20).fill(0));
    const got = await link.drain(200);
    expect(got.length).toBeLessThan(100);
    expect(emu.stats().rxOverruns).toBeGreaterThan(0);
    await link.write([0]);
    expect(await link.drain(100)).toEqual([]);
  });

  it("v3 receive FIFO, 'drop': only the overrunning bytes are lost and the unit keeps answering", async () => {
    const { emu, link } = await setup({ initialState: 'binary', overrun: 'drop' });
    await link.write(new Array(20).fill(0));
    const got = await link.drain(200);
    expect(got.length % 5).toBe(0);
    expect(got.length / 5 + emu.stats().rxOverruns).toBe(20);
    await link.write([0]);
    expect(ascii(await link.read(5))).toBe('BBIO1');
  });

  it('v4 (USB CDC, flow controlled): the same burst loses nothing', async () => {
    const { emu, link } = await setup({ initialState: 'binary', hardware: 'v4' });
    await link.write(new Array(20).fill(0));
    expect(ascii(await link.read(100))).toBe('BBIO1'.repeat(20));
    expect(emu.stats().rxOverruns).toBe(0);
  });

  it('speed menu (firmware 5.5+): b, 10, a raw BRG value; the text at the old speed, then a space at the new one gets the prompt', async () => {
    const { emu, link } = await setup();
    await link.write('b\r');
    const menu = ascii(await link.drain(100));
    expect(menu).toContain('10. BRG raw value');
    await link.write('10\r');
    expect(ascii(await link.drain(60))).toContain('(34)>');
    await link.write('1\r');
    expect(ascii(await link.drain(60))).toContain('Space to continue');
    expect(emu.stats().linkBaud).toBe(2_000_000);
    await link.write('x ');
    expect(ascii(await link.drain(60))).toBe('HiZ>');
    // 0x0F from BBIO resets a v3: back at 115200 for the next user.
    await link.write(new Array(20).fill(0));
    await link.read(5);
    await link.write([0x0f]);
    await link.drain(60);
    expect(emu.stats().linkBaud).toBe(115_200);
  });

  it('firmware before 5.5 offers no raw-BRG item (flashrom refuses those too)', async () => {
    const { link } = await setup({ firmware: 'v5.4 r1000' });
    await link.write('b\r');
    expect(ascii(await link.drain(100))).not.toContain('10. BRG');
  });

  it('0x0F in BBIO answers 01, resets to the terminal (banner), and BBIO needs 20 zeros again', async () => {
    const { link } = await setup({ initialState: 'binary' });
    await link.write([0x0f]);
    const reply = ascii(await link.drain(50));
    expect(reply.startsWith('\x01')).toBe(true);
    expect(reply).toContain('Firmware v6');
    expect(reply.endsWith('HiZ>')).toBe(true);
    await link.write(new Array(19).fill(0));
    expect(await link.drain(40)).toEqual([]);
    await link.write([0]);
    expect(ascii(await link.read(5))).toBe('BBIO1');
  });

  it('I2C mode answers 00 to unknown commands, e.g. the terminal reset recipe bytes', async () => {
    const { link } = await setup({ initialState: 'i2c' });
    await link.write([0x0d, 0x23, 0x05]);
    expect(await link.read(3)).toEqual([0, 0, 0]);
  });

  it('starts raw I2C at the MAX profile and records the speed the host sets', async () => {
    const { emu, link } = await setup();
    await link.write(new Array(20).fill(0));
    await link.read(5);
    await link.write([0x02]);
    await link.read(4);
    expect(emu.stats().i2cClockHz).toBe(400_000);
    await link.write([0x62]);
    expect(await link.read(1)).toEqual([1]);
    expect(emu.stats().i2cClockHz).toBe(100_000);
  });

  it('returns the image bytes through the portable two-step read (A0h and A2h, 128-byte chunks)', async () => {
    const { link } = await setup();
    const image = sfpImage();
    await enterI2c(link);
    const got: number[] = [];
    for (const [addr8, off] of [[0xa0, 0], [0xa0, 128], [0xa2, 0], [0xa2, 128]] as const) {
      await link.write(twoStep(addr8, off, 128));
      const reply = await link.read(2 + 128);
      expect(reply.slice(0, 2)).toEqual([1, 1]);
      got.push(...reply.slice(2));
    }
    expect(got).toEqual(Array.from(image));
  });

  it('reads 0xFF from "08 00 02 00 N A0 off": no repeated start on firmware 6 (issue #88)', async () => {
    const { link } = await setup();
    await enterI2c(link);
    await link.write([0x08, 0, 2, 0, 16, 0xa0, 0x00]);
    expect(await link.read(17)).toEqual([1, ...new Array(16).fill(0xff)]);
  });

  it('answers 00 on NACK and leaves the bus busy until the host sends STOP', async () => {
    const { emu, link } = await setup();
    await enterI2c(link);
    await link.write([0x08, 0, 2, 0, 0, 0xa4, 0x00]); // 0x52: nobody there
    expect(await link.read(1)).toEqual([0]);
    expect(emu.stats().i2cBusBusy).toBe(true);
    await link.write([0x08, 0, 2, 0, 0, 0xa0, 0x00]); // its START is a repeated start
    expect(await link.read(1)).toEqual([1]);
    expect(emu.log()).toContain('i2c-bus:repeated-start');
    await link.write([0x08, 0, 2, 0, 0, 0xa4, 0x00, 0x03]);
    expect(await link.read(2)).toEqual([0, 1]);
    expect(emu.stats().i2cBusBusy).toBe(false);
  });

  it('rejects counts over 4096 before reading the payload, which is then parsed as commands', async () => {
    const { link } = await setup();
    await enterI2c(link);
    await link.write([0x08, 0x10, 0x01, 0x00, 0x00, 0x01]); // W = 4097, then "01" = mode string
    expect(ascii(await link.read(5))).toBe('\x00I2C1');
  });

  it('NACKs while the module is unpowered (no 4C) and during its power-on delay', async () => {
    const { link } = await setup({ moduleReadyMs: 150 });
    await link.write(new Array(20).fill(0));
    await link.read(5);
    await link.write([0x02, 0x62]);
    await link.read(5);
    await link.write([0x08, 0, 2, 0, 0, 0xa0, 0x00, 0x03]);
    expect(await link.read(2)).toEqual([0, 1]);
    await link.write([0x4c]);
    await link.read(1);
    await link.write([0x08, 0, 2, 0, 0, 0xa0, 0x00, 0x03]);
    expect(await link.read(2)).toEqual([0, 1]); // t_serial not over
    await new Promise((r) => setTimeout(r, 200));
    await link.write([0x08, 0, 2, 0, 0, 0xa0, 0x00]);
    expect(await link.read(1)).toEqual([1]);
  });

  it('leaving I2C mode (00) cuts module power (binReset)', async () => {
    const { link } = await setup();
    await enterI2c(link);
    await link.write([0x00, 0x02]);
    expect(ascii(await link.read(9))).toBe('BBIO1I2C1');
    await link.write([0x08, 0, 2, 0, 0, 0xa0, 0x00, 0x03]);
    expect(await link.read(2)).toEqual([0, 1]);
  });

  it('bulk write returns one ACK/NACK status per byte and does not stop at a NACK', async () => {
    const { link } = await setup();
    await enterI2c(link);
    await link.write([0x02, 0x12, 0xa0, 0x00, 0x00, 0x03]);
    expect(await link.read(6)).toEqual([1, 1, 0, 0, 0, 1]);
    await link.write([0x02, 0x11, 0xa8, 0x00, 0x03]);
    expect(await link.read(5)).toEqual([1, 1, 1, 1, 1]);
  });

  it('QSFP: byte 127 selects the upper page', async () => {
    const image = qsfpImage();
    const { link } = await setup({ image });
    await enterI2c(link);
    await link.write([0x08, 0, 3, 0, 0, 0xa0, 0x7f, 0x03, ...twoStep(0xa0, 0x80, 128)]);
    const reply = await link.read(3 + 128);
    expect(reply.slice(0, 3)).toEqual([1, 1, 1]);
    expect(reply.slice(3)).toEqual(Array.from(image.subarray(512, 640)));
  });

  it('fault no-module: every address NACKs', async () => {
    const { link } = await setup({ fault: 'no-module' });
    await enterI2c(link);
    await link.write([0x08, 0, 2, 0, 0, 0xa0, 0x00, 0x03]);
    expect(await link.read(2)).toEqual([0, 1]);
  });

  it('fault garbage: random bytes instead of BBIO1, also unprompted', async () => {
    const { link } = await setup({ fault: 'garbage' });
    const noise = await link.collect(80);
    expect(noise.length).toBeGreaterThan(0);
    await link.write(new Array(20).fill(0));
    const reply = await link.collect(100);
    expect(reply.length).toBeGreaterThanOrEqual(20);
    expect(ascii(reply)).not.toContain('BBIO1');
  });

  it('initial state i2c: the unit is already in raw I2C mode', async () => {
    const { link } = await setup({ initialState: 'i2c' });
    await link.write([0x01]);
    expect(ascii(await link.read(4))).toBe('I2C1');
    await link.write([0x00]);
    expect(ascii(await link.read(5))).toBe('BBIO1');
  });

  it('initial state stale-08: zeros are eaten as payload until the stuck 0x08 completes', async () => {
    const { link } = await setup({ initialState: 'stale-08', staleBytes: 300, timeScale: 0 });
    await link.write(new Array(20).fill(0));
    expect(await link.drain(40)).toEqual([]);
    // 280 more complete the payload: START + 0x00 (general call) NACKs, reply 00 and no STOP.
    await link.write(new Array(290).fill(0));
    const reply = await link.drain(60);
    expect(reply[0]).toBe(0);
    // The last 10 zeros reach the command loop: the first leaves raw I2C ("BBIO1"), each later one answers BBIO1.
    expect(ascii(reply.slice(1))).toBe('BBIO1'.repeat(10));
  });

  it('fault stale-08 at run time: the next bytes are eaten as payload of a stuck 0x08', async () => {
    const { emu, link } = await setup({ timeScale: 0 });
    await enterI2c(link);
    emu.setFault('stale-08', { staleBytes: 50 });
    await link.write(new Array(20).fill(0));
    expect(await link.drain(40)).toEqual([]);
    await link.write(new Array(32).fill(0)); // 30 end the payload, 2 reach the command loop
    expect(ascii(await link.drain(60))).toBe('\x00BBIO1BBIO1');
  });

  it('fault unplug after N bytes: the host port closes and the device path disappears', async () => {
    const { emu, link } = await setup();
    await enterI2c(link);
    emu.setFault('unplug', { afterBytes: 7 });
    await link.write(twoStep(0xa0, 0, 128));
    await expect(link.read(130, 1500)).rejects.toThrow();
    expect(existsSync(emu.devicePath)).toBe(false);
  });

  it('fault slow: every turnaround costs the extra latency', async () => {
    const { emu, link } = await setup({ timeScale: 0 });
    await enterI2c(link);
    emu.setFault('slow', { extraMs: 50 });
    emu.resetStats();
    await link.write([0x01]);
    await link.read(4);
    expect(emu.stats().deviceTimeMs).toBeGreaterThan(52);
  });

  it('timing, v4: a pipelined read costs one turnaround and matches the single-batch ideal', async () => {
    const { emu, link } = await setup({ hardware: 'v4' });
    await enterI2c(link);
    emu.resetStats();
    await link.write([...twoStep(0xa0, 0, 128), ...twoStep(0xa0, 128, 128)]);
    await link.read(2 * 130);
    const piped = emu.stats();
    expect(piped.turnarounds).toBe(1);
    const ideal = idealReadTimeMs('buspirate', [
      { addr7: 0x50, offset: 0, length: 128 },
      { addr7: 0x50, offset: 128, length: 128 },
    ]);
    expect(piped.deviceTimeMs).toBeCloseTo(ideal, 6);
  });

  it('timing, v3: the same two reads pipelined overrun the FIFO; one command in flight costs a turnaround each and matches the one-command ideal', async () => {
    const burst = await setup();
    await enterI2c(burst.link);
    await burst.link.write([...twoStep(0xa0, 0, 128), ...twoStep(0xa0, 128, 128)]);
    await burst.link.drain(200);
    expect(burst.emu.stats().rxOverruns).toBeGreaterThan(0);

    const { emu, link } = await setup();
    await enterI2c(link);
    emu.resetStats();
    for (const frame of [twoStep(0xa0, 0, 128).slice(0, 7), twoStep(0xa0, 0, 128).slice(7), twoStep(0xa0, 128, 128).slice(0, 7), twoStep(0xa0, 128, 128).slice(7)]) {
      await link.write(frame);
      await link.read(frame.length === 7 ? 1 : 129);
    }
    const paced = emu.stats();
    expect(paced.rxOverruns).toBe(0);
    expect(paced.turnarounds).toBe(4);
    const ideal = idealTimeMs('buspirate', [[
      { op: 'read', addr7: 0x50, offset: 0, length: 128 },
      { op: 'read', addr7: 0x50, offset: 128, length: 128 },
    ]]);
    expect(paced.deviceTimeMs).toBeCloseTo(ideal, 6);
  });
});
