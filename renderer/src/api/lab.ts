// The lab server (issue 14): its settings, the status line, and the changes other benches make.
import type { LabChooseCaResult, LabConnectRequest, LabServerView, LabStatus, LabTestResult, RecordsChangedEvent } from '../../../preload/contract/lab';
import { bridge, unwrap } from './client';

export const labApi = {
  status: (): Promise<LabStatus> => unwrap(bridge().lab.status()),
  /** Starts the pushes of records:changed and lab:status to this page. */
  watch: (): Promise<LabStatus> => unwrap(bridge().lab.watch()),
  settings: (): Promise<LabServerView> => unwrap(bridge().lab.settings()),
  chooseCa: (): Promise<LabChooseCaResult> => unwrap(bridge().lab.chooseCa()),
  test: (req: LabConnectRequest): Promise<LabTestResult> => unwrap(bridge().lab.test(req)),
  connect: (req: LabConnectRequest): Promise<LabStatus> => unwrap(bridge().lab.connect(req)),
  disconnect: (): Promise<LabStatus> => unwrap(bridge().lab.disconnect()),
  onChanged: (listener: (e: RecordsChangedEvent) => void): (() => void) => bridge().lab.onChanged(listener),
  onStatus: (listener: (s: LabStatus) => void): (() => void) => bridge().lab.onStatus(listener),
};
