import type { AppInfo } from '../../../preload/contract';
import { bridge, unwrap } from './client';

export const appApi = {
  info: (): Promise<AppInfo> => unwrap(bridge().app.info()),
};
