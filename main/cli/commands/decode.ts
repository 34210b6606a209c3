import type { Command } from 'commander';

// Placeholder registration replaced by the decoder work (issue 2): kept compiling meanwhile.
export function registerDecode(program: Command): void {
  program.command('decode <file>').description('Decode a module memory image (raw bytes or ethtool hex)');
}
