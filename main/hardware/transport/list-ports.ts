// Port discovery: every serial port the OS reports, with the programmer recognised by USB VID:PID.
import type { PortInfo } from '../../../preload/contract/hardware';
import { BenchError } from '../../errors';

/** What a serialport binding's list() yields (bindings-interface PortInfo). */
export interface RawPortInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  pnpId?: string | undefined;
  locationId?: string | undefined;
  productId?: string | undefined;
  vendorId?: string | undefined;
}

export interface PortLister {
  list(): Promise<RawPortInfo[]>;
}

interface KnownProgrammer {
  vendorId: string;
  productId: string;
  kind: 'buspirate' | 'usbiss';
  label: string;
}

// VID:PID from the vendors' udev rules / USB descriptors (programmers.md §1.1, §2.1). 0403:6001 is
// the generic FTDI FT232R: a Bus Pirate v3 is the likely programmer, but any FTDI cable matches.
export const KNOWN_PROGRAMMERS: readonly KnownProgrammer[] = [
  { vendorId: '0403', productId: '6001', kind: 'buspirate', label: 'Bus Pirate v3 (FTDI FT232R)' },
  { vendorId: '04d8', productId: 'fb00', kind: 'buspirate', label: 'Bus Pirate v4' },
  { vendorId: '04d8', productId: 'ffee', kind: 'usbiss', label: 'Devantech USB-ISS' },
];

export function recognise(vendorId: string | undefined, productId: string | undefined): KnownProgrammer | null {
  if (!vendorId || !productId) return null;
  const v = vendorId.toLowerCase().replace(/^0x/, '').padStart(4, '0');
  const p = productId.toLowerCase().replace(/^0x/, '').padStart(4, '0');
  return KNOWN_PROGRAMMERS.find((k) => k.vendorId === v && k.productId === p) ?? null;
}

/**
 * Lists serial ports. On Linux serialport asks udevadm for port details; without udev it
 * rejects, which would look like "no ports": turn that into UDEV_MISSING with the fix.
 */
export async function listPorts(binding: PortLister): Promise<PortInfo[]> {
  let raw: RawPortInfo[];
  try {
    raw = await binding.list();
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new BenchError(
      'UDEV_MISSING',
      'Serial ports cannot be listed: the system tool "udevadm" is missing or failed. Install udev (Debian/Ubuntu: sudo apt-get install udev), or give the port path directly with --port.',
      { cause: msg },
    );
  }
  return raw
    .map((p): PortInfo => {
      const known = recognise(p.vendorId, p.productId);
      return {
        path: p.path,
        kind: known?.kind ?? null,
        label: known?.label ?? null,
        vendorId: p.vendorId ?? null,
        productId: p.productId ?? null,
        manufacturer: p.manufacturer ?? null,
        serialNumber: p.serialNumber ?? null,
      };
    })
    .sort((a, b) => Number(b.kind !== null) - Number(a.kind !== null) || a.path.localeCompare(b.path));
}

/**
 * The programmer the app starts with: the first recognised programmer port, else the simulated
 * bench, so a new user with no hardware can still do every workflow.
 */
export function defaultProgrammer(ports: readonly PortInfo[]): { kind: 'buspirate' | 'usbiss' | 'sim'; path: string | null } {
  const found = ports.find((p) => p.kind !== null);
  return found?.kind ? { kind: found.kind, path: found.path } : { kind: 'sim', path: null };
}
