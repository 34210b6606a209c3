// External link / BER tests recorded as evidence of a case. Thin: one function per channel, Result unwrapped.
import type { ExternalTestRecordRequest } from '../../../preload/contract';
import type { ExternalTest } from '../../../preload/contract/records';
import { bridge, unwrap } from './client';

export const externalTestsApi = {
  record: (req: ExternalTestRecordRequest): Promise<ExternalTest> => unwrap(bridge().externalTests.record(req)),
  listForCase: (caseId: number): Promise<ExternalTest[]> => unwrap(bridge().externalTests.list({ caseId })),
};
