// Who is at the station: main keeps the session; the page asks and is told.
import type { ChainCheckResult, ChainStatus, SessionStatus, SetupRequest, SignInRequest } from '../../../preload/contract';
import { bridge, unwrap } from './client';

export const sessionApi = {
  status: (): Promise<SessionStatus> => unwrap(bridge().session.status()),
  setup: (req: SetupRequest): Promise<SessionStatus> => unwrap(bridge().session.setup(req)),
  signIn: (req: SignInRequest): Promise<SessionStatus> => unwrap(bridge().session.signIn(req)),
  unlock: (pin: string): Promise<SessionStatus> => unwrap(bridge().session.unlock({ pin })),
  lock: (): Promise<SessionStatus> => unwrap(bridge().session.lock()),
  signOut: (): Promise<SessionStatus> => unwrap(bridge().session.signOut()),
  activity: (): Promise<SessionStatus> => unwrap(bridge().session.activity()),
  verifyChain: (): Promise<ChainCheckResult> => unwrap(bridge().audit.verify()),
  chainStatus: (): Promise<ChainStatus> => unwrap(bridge().audit.chainStatus()),
};
