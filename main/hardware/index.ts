// The hardware layer's public face for the services/IPC layer and the CLI: open a programmer,
// read a module, monitor it, list ports and simulated modules. Everything with a side effect
// (serial binding, clock, sleep) can be passed in (DESIGN habit 9).
import type { LiveReading, PortInfo, ReadResult, SimulatedModuleInfo } from '../../preload/contract/hardware';
import type { DecodedModule } from '../../preload/contract/module';
import { decodeModule } from '../sff/index';
import type { I2cBus } from './drivers/i2c-bus';
import { monitorWith, type MonitorOptions } from './monitor';
import { readModuleWith, type ReaderOptions } from './module-reader';
import { osBinding } from './open-programmer';
import { listSimulatedModules as listSim } from './sim-library';
import { listPorts as listPortsWith, type PortLister } from './transport/list-ports';

export type { I2cBus, I2cOp, BusCallOptions } from './drivers/i2c-bus';
export type { SerialBinding } from './transport/serial-transport';
export type { Transport } from './transport/transport';
export { SimulatedBus, type SimBehaviour } from './drivers/simulated';
export { DEFAULT_SIM_MODULE, loadSimulatedModule } from './sim-library';
export { openProgrammer, osBinding, type OpenProgrammerOptions } from './open-programmer';
export { defaultProgrammer, KNOWN_PROGRAMMERS } from './transport/list-ports';

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
