import type { TestRunListRequest, TestRunRecordRequest } from '../../../preload/contract';
import type { TestRunRecord, TestRunSummary } from '../../../preload/contract/records';
import { bridge, unwrap } from './client';

export const testRunsApi = {
  /** Stores the read `readId` names (bytes, decoded module, verdicts) as a test run. */
  record: (req: TestRunRecordRequest): Promise<TestRunSummary> => unwrap(bridge().testRuns.record(req)),
  list: (req: TestRunListRequest): Promise<TestRunSummary[]> => unwrap(bridge().testRuns.list(req)),
  get: (id: number): Promise<TestRunRecord> => unwrap(bridge().testRuns.get({ id })),
};
