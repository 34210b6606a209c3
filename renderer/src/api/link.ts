import { hasChannel } from './client';

/** Finding a case and recording a test run against it (cases:find, testruns:record). */
export const linkApi = {
  available: (): boolean => hasChannel('cases', 'find') && hasChannel('testruns', 'record'),
};
