import type { Command } from 'commander';
import { decodeModule } from '../../sff/index';
import { formatModuleText, loadImageFile } from '../../sff/image-file';

/**
 * `decode FILE [--json]`: exit 0 whenever the image decoded, even with problems (they are part
 * of the output); missing or unreadable files throw a BenchError that main() turns into exit 1.
 */
export function registerDecode(program: Command): void {
  program
    .command('decode <file>')
    .description('Decode a module memory image (raw bytes, ethtool -m hex, or plain hex pairs)')
    .option('--json', 'print one JSON object (the DecodedModule contract)')
    .action(async (file: string, opts: { json?: boolean }) => {
      const image = await loadImageFile(file);
      const decoded = decodeModule(image.bytes);
      process.stdout.write(opts.json === true ? JSON.stringify(decoded, null, 2) + '\n' : formatModuleText(decoded));
    });
}
