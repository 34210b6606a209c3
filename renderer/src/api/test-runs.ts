import type { TestRunAttachRequest, TestRunListRequest, TestRunRecordRequest, TestRunWithdrawRequest } from '../../../preload/contract';
import type { TestRunRecord, TestRunSummary } from '../../../preload/contract/records';
import { bridge, unwrap } from './client';

export const testRunsApi = {
  /** Stores the read `readId` names (bytes, decoded module, verdicts) as a test run. */
  record: (req: TestRunRecordRequest): Promise<TestRunSummary> => unwrap(bridge().testRuns.record(req)),
  list: (req: TestRunListRequest): Promise<TestRunSummary[]> => unwrap(bridge().testRuns.list(req)),
  get: (id: number): Promise<TestRunRecord> => unwrap(bridge().testRuns.get({ id })),
  /** Links a stored run to a case in a role (once per case). */
  attach: (req: TestRunAttachRequest): Promise<TestRunSummary> => unwrap(bridge().testRuns.attach(req)),
  /** A supervisor withdraws a run attached by mistake, with the reason. */
  withdraw: (req: TestRunWithdrawRequest): Promise<TestRunSummary> => unwrap(bridge().testRuns.withdraw(req)),
};
