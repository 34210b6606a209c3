// A records file with someone who may restore: its first engineering manager, "Boss (boss)", with
// a PIN, made the way `technicians add` makes the first one. CLI tests pass the PIN through
// OPTIC_BENCH_PIN, as a script would (never as an argument).
import { openDatabase } from '../../main/db/index';
import { createAuthService } from '../../main/services/auth';

export const BOSS = { code: 'boss', name: 'Boss', pin: '8642', label: 'Boss (boss)' } as const;

export async function withBoss(dbPath: string): Promise<void> {
  const db = await openDatabase({ path: dbPath });
  try {
    const auth = createAuthService({ db: () => db, now: Date.now });
    if (await auth.setupRequired()) await auth.setup({ code: BOSS.code, name: BOSS.name, pin: BOSS.pin });
    await auth.signOut();
  } finally {
    await db.close();
  }
}

/** Runs `fn` with OPTIC_BENCH_PIN set, restoring the environment after. */
export async function withPin<T>(pin: string, fn: () => Promise<T>): Promise<T> {
  const before = process.env.OPTIC_BENCH_PIN;
  process.env.OPTIC_BENCH_PIN = pin;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.OPTIC_BENCH_PIN;
    else process.env.OPTIC_BENCH_PIN = before;
  }
}
