import type { StatsRequest } from '../../../preload/contract';
import type { Statistics } from '../../../preload/contract/records';
import { bridge, unwrap } from './client';

export const statisticsApi = {
  statistics: (req: StatsRequest = {}): Promise<Statistics> => unwrap(bridge().stats.dashboard(req)),
};
