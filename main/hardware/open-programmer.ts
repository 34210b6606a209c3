// Opening a programmer by kind: the port, then the programmer's own handshake. Kept apart from
// index.ts so tools that only move bytes (the read benchmark) do not load the decoders.
import { SerialPort } from 'serialport';
import type { ProgrammerKind } from '../../preload/contract/hardware';
import { BenchError } from '../errors';
import { openBusPirate, type BusPirateOptions } from './drivers/bus-pirate';
import type { I2cBus } from './drivers/i2c-bus';
import { SimulatedBus, type SimBehaviour } from './drivers/simulated';
import { openUsbIss, type UsbIssOptions } from './drivers/usb-iss';
import { DEFAULT_SIM_MODULE, loadSimulatedSocket } from './sim-library';
import { SerialTransport, type SerialBinding } from './transport/serial-transport';

/** The operating system's serialport binding (bindings-cpp autoDetect). */
export function osBinding(): SerialBinding {
  return SerialPort.binding as unknown as SerialBinding;
}

export interface OpenProgrammerOptions {
  kind: ProgrammerKind;
  /** Serial port path; required for 'buspirate' and 'usbiss'. */
  path?: string | undefined;
  /** 'sim' only: library module name (default good-10g-sr). */
  module?: string | undefined;
  /** 'sim' only: an image to hold instead of a library module (null = empty socket). */
  simImage?: Uint8Array | null;
  /** 'sim' only: pace replies like real hardware (for the UI). */
  realisticDelay?: boolean;
  /** 'sim' only: how the module behaves (power-up times, stuck states); default the library entry's. */
  simBehaviour?: SimBehaviour;
  /** serialport binding; default the OS binding. */
  binding?: SerialBinding;
  signal?: AbortSignal;
  busPirate?: BusPirateOptions;
  usbIss?: UsbIssOptions;
  /** resources/modules override (tests, packaged app). */
  modulesDir?: string;
}

/**
 * Opens and initialises a programmer: the port (PORT_NOT_FOUND / PORT_BUSY / PORT_PERMISSION),
 * then the programmer's own handshake (PROGRAMMER_NOT_RESPONDING when it is not the kind named).
 * The caller owns the bus and must close() it.
 */
export async function openProgrammer(opts: OpenProgrammerOptions): Promise<I2cBus> {
  if (opts.kind === 'sim') {
    if (opts.simImage !== undefined) {
      return new SimulatedBus({ image: opts.simImage, behaviour: opts.simBehaviour ?? {}, realisticDelay: opts.realisticDelay ?? false, name: opts.module ?? 'custom image' });
    }
    const name = opts.module ?? DEFAULT_SIM_MODULE;
    // An 'empty' library entry gives image null: the simulated bus NACKs every address, as a bare cage does.
    const { image, behaviour } = await loadSimulatedSocket(name, opts.modulesDir);
    return new SimulatedBus({ image, name, behaviour: opts.simBehaviour ?? behaviour, realisticDelay: opts.realisticDelay ?? false });
  }
  if (!opts.path) throw new BenchError('INVALID_INPUT', `A serial port is needed for the ${opts.kind === 'buspirate' ? 'Bus Pirate' : 'USB-ISS'} (--port PATH).`);
  const transport = new SerialTransport({ path: opts.path, binding: opts.binding ?? osBinding(), baudRate: 115200 });
  await transport.open();
  const withSignal = opts.signal ? { signal: opts.signal } : {};
  if (opts.kind === 'buspirate') return openBusPirate(transport, { ...opts.busPirate, ...withSignal });
  return openUsbIss(transport, { ...opts.usbIss, ...withSignal });
}

