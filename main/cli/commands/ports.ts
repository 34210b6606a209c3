import type { Command } from 'commander';
import type { PortInfo } from '../../../preload/contract/hardware';
import { listPorts } from '../../hardware/index';
import type { PortLister } from '../../hardware/transport/list-ports';

export function formatPorts(ports: readonly PortInfo[]): string {
  if (ports.length === 0) return 'No serial ports found. Plug the programmer in, or use --driver sim to work without one.\n';
  const rows = ports.map((p) => [
    p.path,
    p.kind ?? '-',
    p.label ?? 'unknown device',
    p.vendorId && p.productId ? `${p.vendorId}:${p.productId}` : '-',
    p.manufacturer ?? '',
  ]);
  const head = ['PORT', 'KIND', 'DEVICE', 'VID:PID', 'MANUFACTURER'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}

/** `ports [--json]`: serial ports, with the programmer kind when its USB VID:PID is known. */
export function registerPorts(program: Command, lister?: PortLister): void {
  program
    .command('ports')
    .description('List serial ports; Bus Pirate and USB-ISS programmers are recognised by USB VID:PID')
    .option('--json', 'print a JSON array')
    .action(async (opts: { json?: boolean }) => {
      const ports = await listPorts(lister);
      process.stdout.write(opts.json ? JSON.stringify(ports, null, 2) + '\n' : formatPorts(ports));
    });
}
