// The hardware layer's public face for the services/IPC layer and the CLI: open a programmer,
// read a module, monitor it, list ports and simulated modules. Everything with a side effect
// (serial binding, clock, sleep) can be passed in (DESIGN habit 9).
import { SerialPort } from 'serialport';
import type { LiveReading, PortInfo, ProgrammerKind, ReadResult, SimulatedModuleInfo } from '../../preload/contract/hardware';
import type { DecodedModule } from '../../preload/contract/module';
import { BenchError } from '../errors';
import { decodeModule } from '../sff/index';
import { openBusPirate, type BusPirateOptions } from './drivers/bus-pirate';
import type { I2cBus } from './drivers/i2c-bus';
import { SimulatedBus } from './drivers/simulated';
import { openUsbIss, type UsbIssOptions } from './drivers/usb-iss';
import { monitorWith, type MonitorOptions } from './monitor';
import { readModuleWith, type ReaderOptions } from './module-reader';
import { DEFAULT_SIM_MODULE, listSimulatedModules as listSim, loadSimulatedModule } from './sim-library';
import { listPorts as listPortsWith, type PortLister } from './transport/list-ports';
import { SerialTransport, type SerialBinding } from './transport/serial-transport';

export type { I2cBus, I2cOp, BusCallOptions } from './drivers/i2c-bus';
export type { SerialBinding } from './transport/serial-transport';
export type { Transport } from './transport/transport';
export { SimulatedBus } from './drivers/simulated';
export { DEFAULT_SIM_MODULE, loadSimulatedModule } from './sim-library';

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
      return new SimulatedBus({ image: opts.simImage, realisticDelay: opts.realisticDelay ?? false, name: opts.module ?? 'custom image' });
    }
    const name = opts.module ?? DEFAULT_SIM_MODULE;
    const { image } = await loadSimulatedModule(name, opts.modulesDir);
    return new SimulatedBus({ image, name, realisticDelay: opts.realisticDelay ?? false });
  }
  if (!opts.path) throw new BenchError('INVALID_INPUT', `A serial port is needed for the ${opts.kind === 'buspirate' ? 'Bus Pirate' : 'USB-ISS'} (--port PATH).`);
  const transport = new SerialTransport({ path: opts.path, binding: opts.binding ?? osBinding(), baudRate: 115200 });
  await transport.open();
  const withSignal = opts.signal ? { signal: opts.signal } : {};
  if (opts.kind === 'buspirate') return openBusPirate(transport, { ...opts.busPirate, ...withSignal });
  return openUsbIss(transport, { ...opts.usbIss, ...withSignal });
}

export type ReadModuleOptions = Omit<ReaderOptions, 'decode'> & { decode?: (image: Uint8Array) => DecodedModule };

/** Reads and decodes the module in the programmer (see module-reader.ts for the rules). */
export function readModule(bus: I2cBus, opts: ReadModuleOptions = {}): Promise<ReadResult> {
  return readModuleWith(bus, { ...opts, decode: opts.decode ?? decodeModule });
}

export type MonitorModuleOptions = Omit<MonitorOptions, 'decode'> & { decode?: (image: Uint8Array) => DecodedModule };

/** Live readings of the real-time diagnostics at up to 10 Hz until opts.signal aborts. */
export function monitor(bus: I2cBus, opts: MonitorModuleOptions): AsyncGenerator<LiveReading, void, void> {
  return monitorWith(bus, { ...opts, decode: opts.decode ?? decodeModule });
}

/** Serial ports with recognised programmers first; UDEV_MISSING when Linux cannot list them. */
export function listPorts(binding: PortLister = osBinding() as unknown as PortLister): Promise<PortInfo[]> {
  return listPortsWith(binding);
}

export function listSimulatedModules(dir?: string): Promise<SimulatedModuleInfo[]> {
  return listSim(dir);
}
