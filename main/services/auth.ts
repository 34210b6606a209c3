// Who is at the station, and what they may do (issue 16). The one place that knows the signed-in
// person: the IPC wrapper asks it before any call and hands the person to the handler, so every
// audited action is recorded under the session, never under a name the page sends. The CLI uses
// authenticate() for its privileged commands (--actor NAME and a PIN).
//
// PINs are stored as argon2id PHC strings (@node-rs/argon2: prebuilt N-API packages from npm, no
// install-time download): a slow, salted, memory-hard hash, so a copied database does not give
// the PINs away cheaply. A PIN is short, so guessing is also slowed here: five wrong PINs for one
// person block that person for five minutes.
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { roleAtLeast, type TechnicianRole, type VerifiedPerson } from '../../preload/contract/records';
import { IDLE_LOCK_DEFAULT_MINUTES, IDLE_LOCK_MAX_MINUTES, IDLE_LOCK_MIN_MINUTES, type SessionPerson, type SessionStatus } from '../../preload/contract/session';
import { auditLog } from '../db/append-only';
import { SettingEntity, TechnicianEntity, type TechnicianRow } from '../db/entities';
import type { Db } from '../db/open';
import { BenchError } from '../errors';

export interface PinHasher {
  hash(pin: string): Promise<string>;
  verify(phc: string, pin: string): Promise<boolean>;
}

/** argon2id with the library's defaults (m = 19 MiB, t = 2, p = 1: OWASP's minimum for argon2id). */
export const argon2PinHasher: PinHasher = {
  hash: (pin) => argon2Hash(pin),
  verify: async (phc, pin) => {
    try {
      return await argon2Verify(phc, pin);
    } catch {
      // A malformed stored hash is a wrong PIN, not a crash.
      return false;
    }
  },
};

export const MAX_PIN_FAILURES = 5;
export const PIN_BLOCK_MS = 5 * 60_000;

export interface AuthServiceDeps {
  /** The database now open (a restore replaces it). */
  db: () => Db;
  now: () => number;
  hasher?: PinHasher;
}

export interface AuthService {
  status(): Promise<SessionStatus>;
  /** The first PIN of a database: it must go to an engineering manager, who is then signed in. */
  setup(req: { technicianId?: number | undefined; code?: string | undefined; name?: string | undefined; pin: string }): Promise<SessionStatus>;
  signIn(req: { technicianId: number; pin: string }): Promise<SessionStatus>;
  unlock(req: { pin: string }): Promise<SessionStatus>;
  lock(reason?: 'manual' | 'idle'): Promise<SessionStatus>;
  signOut(): Promise<SessionStatus>;
  /** The person is at the station (user input on the page, or a call): resets the idle timer. */
  touch(): void;
  /** The signed-in person, or a coded error: SIGN_IN_REQUIRED, SESSION_LOCKED, ROLE_REQUIRED. */
  require(role?: TechnicianRole): Promise<VerifiedPerson>;
  /** Checks a person's PIN without touching the session (CLI --actor, a supervisor's approval). */
  authenticate(who: { technicianId: number } | { name: string }, pin: string): Promise<VerifiedPerson>;
  /** Who may give `target` a role or a PIN: supervisors manage technicians, engineering managers everyone. */
  assertMayManage(actor: VerifiedPerson, targetRole: TechnicianRole): void;
  setPin(actor: VerifiedPerson, technicianId: number, pin: string): Promise<void>;
  /** True while nobody in the database has a PIN. */
  setupRequired(): Promise<boolean>;
  /** Forgets the session (the database under it was replaced). */
  reset(): void;
  /** The idle-lock setting changed: read it again. */
  settingsChanged(): void;
}

export const labelOf = (p: { name: string; code: string }): string => `${p.name} (${p.code})`;

export function toVerified(row: Pick<TechnicianRow, 'id' | 'code' | 'name' | 'role'>): VerifiedPerson {
  return { id: row.id, code: row.code, name: row.name, role: row.role as TechnicianRole, label: labelOf(row) };
}

const toPerson = (p: VerifiedPerson): SessionPerson => ({ id: p.id, code: p.code, name: p.name, role: p.role });

interface Session {
  person: VerifiedPerson;
  lastActivity: number;
  locked: boolean;
}

export function createAuthService(deps: AuthServiceDeps): AuthService {
  const hasher = deps.hasher ?? argon2PinHasher;
  let session: Session | null = null;
  const failures = new Map<number, { count: number; blockedUntil: number }>();

  const db = () => deps.db();
  const nowIso = () => new Date(deps.now()).toISOString();

  // Read once and kept: every call passes through require(), which must not cost a query.
  let cachedIdleMs: number | null = null;
  async function idleLockMs(): Promise<number> {
    if (cachedIdleMs !== null) return cachedIdleMs;
    const row = await db().dataSource.getRepository(SettingEntity).findOneBy({ key: 'idleLockMinutes' });
    const n = row === null ? NaN : Number(row.value);
    const minutes = Number.isFinite(n) ? Math.min(IDLE_LOCK_MAX_MINUTES, Math.max(IDLE_LOCK_MIN_MINUTES, n)) : IDLE_LOCK_DEFAULT_MINUTES;
    cachedIdleMs = minutes * 60_000;
    return cachedIdleMs;
  }

  async function audit(actor: string, action: string, technicianId: number, details: Record<string, unknown> = {}): Promise<void> {
    const d = db();
    await d.write((em) => auditLog.append(em, nowIso(), { actor, action, entity: 'technician', entityId: technicianId, details }));
  }

  /** Locks a session that has been idle too long; the lock is written where it happened. */
  async function expire(): Promise<void> {
    if (session === null || session.locked) return;
    const limit = cachedIdleMs ?? (await idleLockMs());
    if (deps.now() - session.lastActivity >= limit) {
      session.locked = true;
      await audit(session.person.label, 'session.lock', session.person.id, { reason: 'idle', idleMinutes: limit / 60_000 });
    }
  }

  async function findRow(who: { technicianId: number } | { name: string }): Promise<TechnicianRow> {
    const repo = db().dataSource.getRepository(TechnicianEntity);
    if ('technicianId' in who) {
      const row = await repo.findOneBy({ id: who.technicianId });
      if (row === null || row.active !== 1) throw new BenchError('PIN_INVALID', 'That person is not an active technician here.', { technicianId: who.technicianId });
      return row;
    }
    const key = who.name.trim().toLowerCase();
    const all = await repo.find({ where: { active: 1 } });
    const byCode = all.filter((r) => r.code.toLowerCase() === key);
    const matches = byCode.length > 0 ? byCode : all.filter((r) => r.name.trim().toLowerCase() === key);
    if (matches.length > 1) throw new BenchError('PIN_INVALID', `${JSON.stringify(who.name)} names ${matches.length} people; give the code instead (${matches.map((m) => m.code).join(', ')})`);
    const row = matches[0];
    if (row === undefined) throw new BenchError('PIN_INVALID', `nobody active here is called ${JSON.stringify(who.name)} (give the name or code of a technician)`);
    return row;
  }

  async function checkPin(row: TechnicianRow, pin: string): Promise<VerifiedPerson> {
    const now = deps.now();
    const f = failures.get(row.id);
    if (f !== undefined && f.blockedUntil > now) {
      const s = Math.ceil((f.blockedUntil - now) / 1000);
      throw new BenchError('PIN_THROTTLED', `Too many wrong PINs for ${labelOf(row)}: try again in ${s} s.`, { retryAfterS: s });
    }
    if (row.pinHash === null) throw new BenchError('PIN_INVALID', `${labelOf(row)} has no PIN yet: a supervisor sets one in Settings.`, { technicianId: row.id });
    if (!(await hasher.verify(row.pinHash, pin))) {
      const count = (f?.count ?? 0) + 1;
      failures.set(row.id, { count: count >= MAX_PIN_FAILURES ? 0 : count, blockedUntil: count >= MAX_PIN_FAILURES ? now + PIN_BLOCK_MS : 0 });
      await audit(labelOf(row), 'session.pin-wrong', row.id, { failures: count });
      throw new BenchError('PIN_INVALID', `Wrong PIN for ${labelOf(row)}.`, { technicianId: row.id });
    }
    failures.delete(row.id);
    return toVerified(row);
  }

  async function setupRequired(): Promise<boolean> {
    const [row] = await db().dataSource.query('SELECT count(*) AS n FROM technician WHERE pin_hash IS NOT NULL');
    return Number((row as { n: number } | undefined)?.n ?? 0) === 0;
  }

  async function storePin(technicianId: number, pin: string): Promise<void> {
    const phc = await hasher.hash(pin);
    await db().write(async (em) => {
      await em.update(TechnicianEntity, { id: technicianId }, { pinHash: phc, pinSetAt: nowIso() });
    });
  }

  async function status(): Promise<SessionStatus> {
    await expire();
    const idleLockMinutes = (await idleLockMs()) / 60_000;
    const repo = db().dataSource.getRepository(TechnicianEntity);
    if (await setupRequired()) {
      const managers = await repo.find({ where: { active: 1, role: 'engineering-manager' }, order: { name: 'ASC' } });
      return { state: 'setup-required', person: null, people: managers.map((m) => toPerson(toVerified(m))), idleLockMinutes };
    }
    const people = (await repo.find({ where: { active: 1 }, order: { name: 'ASC' } })).filter((r) => r.pinHash !== null).map((r) => toPerson(toVerified(r)));
    if (session === null) return { state: 'signed-out', person: null, people, idleLockMinutes };
    return { state: session.locked ? 'locked' : 'signed-in', person: toPerson(session.person), people, idleLockMinutes };
  }

  const service: AuthService = {
    status,
    setupRequired,

    async setup(req) {
      if (!(await setupRequired())) throw new BenchError('SETUP_ALREADY_DONE', 'People here already have PINs: sign in, and a supervisor or engineering manager adds others.');
      const repo = db().dataSource.getRepository(TechnicianEntity);
      let row: TechnicianRow;
      if (req.technicianId !== undefined) {
        const found = await repo.findOneBy({ id: req.technicianId });
        if (found === null || found.active !== 1) throw new BenchError('NOT_FOUND', `no active technician with id ${req.technicianId}`, { entity: 'technician', id: req.technicianId });
        if (found.role !== 'engineering-manager') {
          throw new BenchError('ROLE_REQUIRED', `${labelOf(found)} is a ${found.role}: the first PIN of a database goes to an engineering manager, who then adds everyone else.`, { needed: 'engineering-manager' });
        }
        row = found;
      } else {
        const code = (req.code ?? '').trim();
        const name = (req.name ?? '').trim();
        if ((await repo.findOneBy({ code })) !== null) throw new BenchError('DUPLICATE', `a technician with code ${JSON.stringify(code)} already exists`, { code });
        const createdAt = nowIso();
        const id = await db().write(async (em) => {
          const values = { code, name, role: 'engineering-manager', active: 1, createdAt, pinHash: null, pinSetAt: null };
          const newId = (await em.insert(TechnicianEntity, values)).identifiers[0]?.id as number;
          await auditLog.append(em, createdAt, { actor: labelOf(values), action: 'technician.create', entity: 'technician', entityId: newId, details: { code, name, role: 'engineering-manager', firstSetup: true } });
          return newId;
        });
        row = { id, code, name, role: 'engineering-manager', active: 1, createdAt, pinHash: null, pinSetAt: null };
      }
      await storePin(row.id, req.pin);
      const person = toVerified(row);
      await audit(person.label, 'technician.pin-set', row.id, { firstSetup: true });
      session = { person, lastActivity: deps.now(), locked: false };
      await audit(person.label, 'session.sign-in', row.id, { firstSetup: true });
      return status();
    },

    async signIn(req) {
      const row = await findRow({ technicianId: req.technicianId });
      const person = await checkPin(row, req.pin);
      // Someone else signing in ends the session before theirs, in the record too.
      if (session !== null && session.person.id !== person.id) await audit(session.person.label, 'session.sign-out', session.person.id, { replacedBy: person.label });
      session = { person, lastActivity: deps.now(), locked: false };
      await audit(person.label, 'session.sign-in', person.id);
      return status();
    },

    async unlock(req) {
      await expire();
      if (session === null) throw new BenchError('SIGN_IN_REQUIRED', 'Nobody is signed in at this station: sign in.');
      const row = await findRow({ technicianId: session.person.id });
      await checkPin(row, req.pin);
      session.locked = false;
      session.lastActivity = deps.now();
      await audit(session.person.label, 'session.unlock', session.person.id);
      return status();
    },

    async lock(reason = 'manual') {
      if (session !== null && !session.locked) {
        session.locked = true;
        await audit(session.person.label, 'session.lock', session.person.id, { reason });
      }
      return status();
    },

    async signOut() {
      if (session !== null) {
        const who = session.person;
        session = null;
        await audit(who.label, 'session.sign-out', who.id);
      }
      return status();
    },

    touch() {
      if (session !== null && !session.locked) session.lastActivity = deps.now();
    },

    async require(role) {
      await expire();
      if (session === null) throw new BenchError('SIGN_IN_REQUIRED', 'Sign in first: every record names who made it.');
      if (session.locked) throw new BenchError('SESSION_LOCKED', `The station is locked: ${session.person.label} unlocks it with their PIN.`);
      if (role !== undefined && !roleAtLeast(session.person.role, role)) {
        throw new BenchError('ROLE_REQUIRED', `${session.person.label} is a ${session.person.role}; this needs a ${role}${role === 'engineering-manager' ? '' : ' or above'}.`, {
          needed: role,
          role: session.person.role,
        });
      }
      return session.person;
    },

    async authenticate(who, pin) {
      return checkPin(await findRow(who), pin);
    },

    assertMayManage(actor, targetRole) {
      const needed: TechnicianRole = targetRole === 'technician' ? 'supervisor' : 'engineering-manager';
      if (!roleAtLeast(actor.role, needed)) {
        throw new BenchError('ROLE_REQUIRED', `${actor.label} is a ${actor.role}: adding or giving a PIN to a ${targetRole} needs a ${needed}${needed === 'supervisor' ? ' or an engineering manager' : ''}.`, {
          needed,
          role: actor.role,
        });
      }
    },

    async setPin(actor, technicianId, pin) {
      const row = await db().dataSource.getRepository(TechnicianEntity).findOneBy({ id: technicianId });
      if (row === null) throw new BenchError('NOT_FOUND', `no technician with id ${technicianId}`, { entity: 'technician', id: technicianId });
      if (row.id !== actor.id) service.assertMayManage(actor, row.role as TechnicianRole);
      await storePin(row.id, pin);
      failures.delete(row.id);
      await audit(actor.label, 'technician.pin-set', row.id, { for: labelOf(row), hadPin: row.pinHash !== null });
    },

    reset() {
      session = null;
      failures.clear();
      cachedIdleMs = null;
    },

    settingsChanged() {
      cachedIdleMs = null;
    },
  };
  return service;
}
