import type {
  ExportFileResult,
  SoakLive,
  SoakPhase,
  SoakPhaseRequest,
  SoakSeriesRequest,
  SoakSeriesWindow,
  SoakSource,
  SoakStarted,
  SoakStartRequest,
} from '../../../preload/contract';
import { bridge, unwrap } from './client';

export const soaksApi = {
  start: (req: SoakStartRequest): Promise<SoakStarted> => unwrap(bridge().soaks.start(req)),
  stop: (soakId: string): Promise<{ stopped: boolean }> => unwrap(bridge().soaks.stop({ soakId })),
  phase: (req: SoakPhaseRequest): Promise<SoakPhase> => unwrap(bridge().soaks.phase(req)),
  status: (soakId: string, eventsFrom: number): Promise<SoakLive> => unwrap(bridge().soaks.status({ soakId, eventsFrom })),
  list: (): Promise<SoakLive[]> => unwrap(bridge().soaks.list()),
  series: (req: SoakSeriesRequest): Promise<SoakSeriesWindow> => unwrap(bridge().soaks.series(req)),
  exportCsv: (source: SoakSource): Promise<ExportFileResult> => unwrap(bridge().soaks.exportCsv({ source })),
};
