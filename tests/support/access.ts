// Access gates for tests that call dispatch() with a stub handler table: one that admits a
// signed-in engineering manager (every role), one that refuses as main's session does when
// nobody is signed in. Tests over the real services use services.auth instead.
import type { VerifiedPerson } from '../../preload/contract/records';
import type { AccessGate } from '../../main/ipc/wrapper';
import { BenchError } from '../../main/errors';

export const TEST_MANAGER: VerifiedPerson = { id: 1, code: 'zhao', name: 'Zhao Lei', role: 'engineering-manager', label: 'Zhao Lei (zhao)' };

export const openGate: AccessGate = {
  require: () => Promise.resolve(TEST_MANAGER),
  touch: () => undefined,
};

export const closedGate: AccessGate = {
  require: () => Promise.reject(new BenchError('SIGN_IN_REQUIRED', 'Sign in first: every record names who made it.')),
  touch: () => undefined,
};
