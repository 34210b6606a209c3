// Child of bench:soak: one protocol emulator (tests/support/emulators) with monitor noise, in its
// own process, so the soak's process CPU figure is the bench's alone. Prints {"devicePath"} and
// runs until its standard input closes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startEmulator } from '../tests/support/emulators';
import { parseImage } from '../main/sff/image-text';

async function main(): Promise<void> {
  const [kind, module] = process.argv.slice(2) as ['buspirate' | 'usbiss', string];
  const image = parseImage(readFileSync(path.resolve(__dirname, '../resources/modules', `${module}.hex`))).bytes;
  const emu = await startEmulator({ kind, image, ...(kind === 'buspirate' ? { initialState: 'terminal' as const } : {}) });
  emu.script({ noise: true });
  process.stdout.write(`${JSON.stringify({ devicePath: emu.devicePath })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void emu.close().then(() => process.exit(0)));
}
void main();
