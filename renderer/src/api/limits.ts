import type { LimitProfileList } from '../../../preload/contract';
import { bridge, unwrap } from './client';

export const limitsApi = {
  list: (): Promise<LimitProfileList> => unwrap(bridge().limits.list()),
};
