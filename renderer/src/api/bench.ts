import type {
  BenchReadRequest,
  BenchReadResult,
  CancelResult,
  MonitorEndedEvent,
  MonitorReadingEvent,
  MonitorStarted,
  MonitorStopped,
  OpenDumpRequest,
  OpenDumpResult,
  PortInfo,
  PresenceEvent,
  ProbeResult,
  ProgrammerSelection,
  ReadProgressEvent,
  SimulatedModuleInfo,
  Unsubscribe,
  WatchStarted,
  WatchStopped,
} from '../../../preload/contract';
import { bridge, unwrap } from './client';

export const benchApi = {
  ports: (): Promise<PortInfo[]> => unwrap(bridge().ports.list()),
  simModules: (): Promise<SimulatedModuleInfo[]> => unwrap(bridge().sim.modules()),
  probe: (programmer: ProgrammerSelection): Promise<ProbeResult> => unwrap(bridge().bench.probe({ programmer })),
  read: (req: BenchReadRequest): Promise<BenchReadResult> => unwrap(bridge().bench.read(req)),
  cancel: (readId: string): Promise<CancelResult> => unwrap(bridge().bench.cancel({ readId })),
  monitorStart: (readId: string, rateHz: number): Promise<MonitorStarted> => unwrap(bridge().bench.monitorStart({ readId, rateHz })),
  monitorStop: (monitorId: string): Promise<MonitorStopped> => unwrap(bridge().bench.monitorStop({ monitorId })),
  openDump: (req?: OpenDumpRequest): Promise<OpenDumpResult> => unwrap(bridge().files.openDump(req)),
  onProgress: (listener: (e: ReadProgressEvent) => void): Unsubscribe => bridge().bench.onProgress(listener),
  onReading: (listener: (e: MonitorReadingEvent) => void): Unsubscribe => bridge().bench.onReading(listener),
  onMonitorEnded: (listener: (e: MonitorEndedEvent) => void): Unsubscribe => bridge().bench.onMonitorEnded(listener),
  /** Main watches the cage of this programmer and says when a module is seated, pulled or changed. */
  watchStart: (programmer: ProgrammerSelection): Promise<WatchStarted> => unwrap(bridge().bench.watchStart({ programmer })),
  watchStop: (watchId: string): Promise<WatchStopped> => unwrap(bridge().bench.watchStop({ watchId })),
  onPresence: (listener: (e: PresenceEvent) => void): Unsubscribe => bridge().bench.onPresence(listener),
};
