import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { idealReadTimeMs, startEmulator, type EmulatorHandle, type StartOptions } from '../../support/emulators';
import { RawLink, ascii, qsfpImage, sfpImage } from './raw-link';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(opts: Partial<StartOptions> = {}): Promise<{ emu: EmulatorHandle; link: RawLink }> {
  const emu = await startEmulator({ kind: 'usbiss', image: sfpImage(), ...opts });
  cleanups.push(() => emu.close());
  const link = await RawLink.open(emu.devicePath);
  cleanups.push(() => link.close());
  return { emu, link };
}

describe('USB-ISS emulator', () => {
  it('ISS_VERSION answers module id 7, firmware 9 and the current mode (40 at power-up)', async () => {
    const { link } = await setup();
    await link.write([0x5a, 0x01]);
    expect(await link.read(3)).toEqual([0x07, 0x09, 0x40]);
  });

  it('GET_SER_NUM answers 8 ASCII digits', async () => {
    const { link } = await setup();
    await link.write([0x5a, 0x03]);
    expect(ascii(await link.read(8))).toMatch(/^[0-9]{8}$/);
  });

  it('ISS_MODE: FF 00 for I2C_H_100KHZ (reported back by ISS_VERSION), 00 05 for an unknown mode', async () => {
    const { emu, link } = await setup();
    await link.write([0x5a, 0x02, 0x60, 0x04]);
    expect(await link.read(2)).toEqual([0xff, 0x00]);
    await link.write([0x5a, 0x01]);
    expect(await link.read(3)).toEqual([0x07, 0x09, 0x60]);
    expect(emu.stats().i2cClockHz).toBe(100_000);
    await link.write([0x5a, 0x02, 0xa0, 0x00]);
    expect(await link.read(2)).toEqual([0x00, 0x05]);
  });

  it('55 reads return the image (A0h and A2h) in 60-byte chunks', async () => {
    const { link } = await setup();
    const image = sfpImage();
    const got: number[] = [];
    for (const addr8 of [0xa1, 0xa3]) {
      for (let off = 0; off < 256; ) {
        const n = Math.min(60, 128 - (off % 128));
        await link.write([0x55, addr8, off, n]);
        got.push(...(await link.read(n)));
        off += n;
      }
    }
    expect(got).toEqual(Array.from(image));
  });

  it('55 with more than 60 bytes is refused (vendor limit) without touching the bus', async () => {
    const { emu, link } = await setup();
    emu.resetStats();
    await link.write([0x55, 0xa1, 0x00, 61]);
    expect(await link.read(1)).toEqual([0x00]);
    expect(await link.drain(30)).toEqual([]);
    expect(emu.stats().i2cBytes).toBe(0);
  });

  it('58 I2C_TEST: non-zero for a present device, 00 for an absent one', async () => {
    const { link } = await setup();
    await link.write([0x58, 0xa0]);
    expect((await link.read(1))[0]).not.toBe(0);
    await link.write([0x58, 0xa4]);
    expect(await link.read(1)).toEqual([0]);
  });

  it('reads from an absent device give 0xFF data and no status byte', async () => {
    const { link } = await setup();
    await link.write([0x55, 0xa5, 0x00, 0x10]);
    expect(await link.read(16)).toEqual(new Array(16).fill(0xff));
    expect(await link.drain(30)).toEqual([]);
  });

  it('55 write answers a status; QSFP byte 127 selects page 03h', async () => {
    const image = qsfpImage();
    const { link } = await setup({ image });
    await link.write([0x55, 0xa0, 0x7f, 0x01, 0x03]);
    expect((await link.read(1))[0]).not.toBe(0);
    await link.write([0x55, 0xa1, 0x80, 0x3c]);
    expect(await link.read(60)).toEqual(Array.from(image.subarray(512, 572)));
  });

  it('I2C_DIRECT random read answers FF <count> <data>; a NACK answers 00 01', async () => {
    const { link } = await setup();
    const image = sfpImage();
    await link.write([0x57, 0x01, 0x31, 0xa0, 0x14, 0x02, 0x30, 0xa1, 0x04, 0x2f, 0x03]);
    expect(await link.read(18)).toEqual([0xff, 0x10, ...Array.from(image.subarray(0x14, 0x24))]);
    await link.write([0x57, 0x01, 0x30, 0xa8, 0x03]);
    expect(await link.read(2)).toEqual([0x00, 0x01]);
  });

  it('drops a frame that arrives with a gap (vendor: a gap restarts command sync)', async () => {
    const { emu, link } = await setup();
    await link.write([0x55, 0xa1]);
    await new Promise((r) => setTimeout(r, 30));
    await link.write([0x00, 0x10]);
    expect(await link.drain(40)).toEqual([]);
    expect(emu.log().some((e) => e.startsWith('iss:drop'))).toBe(true);
    await link.write([0x5a, 0x01]);
    expect(await link.read(3)).toEqual([0x07, 0x09, 0x40]);
  });

  it('fault no-module: 58 says absent and reads are 0xFF', async () => {
    const { link } = await setup({ fault: 'no-module' });
    await link.write([0x58, 0xa0, 0x55, 0xa1, 0x00, 0x04]);
    expect(await link.read(5)).toEqual([0x00, 0xff, 0xff, 0xff, 0xff]);
  });

  it('insertModule swaps the module at run time; it answers once its power-on delay (t_serial) is over', async () => {
    const { emu, link } = await setup({ image: null, moduleReadyMs: 100 });
    await link.write([0x58, 0xa0]);
    expect(await link.read(1)).toEqual([0]);
    emu.insertModule(sfpImage());
    await link.write([0x58, 0xa0]);
    expect(await link.read(1)).toEqual([0]);
    await new Promise((r) => setTimeout(r, 150));
    await link.write([0x55, 0xa1, 0x00, 0x02]);
    expect(await link.read(2)).toEqual([0x03, 0x04]);
  });

  it('fault garbage: random answers instead of the version', async () => {
    const { link } = await setup({ fault: 'garbage' });
    await link.write([0x5a, 0x01]);
    const reply = await link.collect(80);
    expect(reply.length).toBeGreaterThan(2);
    expect(reply.slice(0, 3)).not.toEqual([0x07, 0x09, 0x40]);
  });

  it('fault unplug (immediate): the host port closes and the device path disappears', async () => {
    const { emu, link } = await setup();
    emu.setFault('unplug');
    await expect(link.read(1, 1000)).rejects.toThrow();
    for (let i = 0; i < 50 && existsSync(emu.devicePath); i++) await new Promise((r) => setTimeout(r, 10));
    expect(existsSync(emu.devicePath)).toBe(false);
  });

  it('timing: five reads in one write cost one turnaround and match the ideal; one at a time cost five', async () => {
    const { emu, link } = await setup();
    await link.write([0x5a, 0x02, 0x60, 0x04]);
    await link.read(2);
    const reads = [0, 60, 120, 128, 188].map((off) => ({ off, n: Math.min(60, 128 - (off % 128)) }));
    emu.resetStats();
    await link.write(reads.flatMap((r) => [0x55, 0xa1, r.off, r.n]));
    await link.read(reads.reduce((s, r) => s + r.n, 0));
    const piped = emu.stats();
    expect(piped.turnarounds).toBe(1);
    const ideal = idealReadTimeMs('usbiss', [{ addr7: 0x50, offset: 0, length: 248 }]);
    expect(piped.deviceTimeMs).toBeCloseTo(ideal, 6);

    emu.resetStats();
    for (const r of reads) {
      await link.write([0x55, 0xa1, r.off, r.n]);
      await link.read(r.n);
    }
    expect(emu.stats().turnarounds).toBe(5);
    expect(emu.stats().deviceTimeMs).toBeGreaterThan(piped.deviceTimeMs + 3.5);
  });
});
