// Child of bench:soak: one protocol emulator (tests/support/emulators) with monitor noise, in its
// own process, so the soak's process CPU figure is the bench's alone (process.cpuUsage() counts
// this process's threads only; the emulator and socat are other processes). Prints {"devicePath"}
// and runs until its standard input closes; a line "stats" on standard input prints the
// emulator's stats (link speed, turnarounds, receive-FIFO overruns) as one JSON line.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startEmulator } from '../tests/support/emulators';
import { parseImage } from '../main/sff/image-text';

async function main(): Promise<void> {
  const [kind, module, firmware] = process.argv.slice(2) as ['buspirate' | 'usbiss', string, string | undefined];
  const image = parseImage(readFileSync(path.resolve(__dirname, '../resources/modules', `${module}.hex`))).bytes;
  const emu = await startEmulator({ kind, image, ...(kind === 'buspirate' ? { initialState: 'terminal' as const, ...(firmware ? { firmware } : {}) } : {}) });
  emu.script({ noise: true });
  process.stdout.write(`${JSON.stringify({ devicePath: emu.devicePath })}\n`);
  let buf = '';
  process.stdin.on('data', (d: Buffer) => {
    buf += d.toString();
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i).trim();
      buf = buf.slice(i + 1);
      if (line === 'stats') process.stdout.write(`${JSON.stringify(emu.stats())}\n`);
    }
  });
  process.stdin.on('end', () => void emu.close().then(() => process.exit(0)));
}
void main();
