// Evidence commands (issue 16): `audit verify` checks the hash chain and the schema of a records
// database and names the first broken link; `technicians add` gives a person a role and a PIN.
// Privileged commands take --actor NAME and that person's PIN from OPTIC_BENCH_PIN or a prompt.
import type { Command } from 'commander';
import { TECHNICIAN_ROLES, roleAtLeast, type TechnicianRole, type VerifiedPerson } from '../../../preload/contract/records';
import { BenchError } from '../../errors';
import { defaultDatabasePath, openDatabase, type Db } from '../../db/index';
import { argon2PinHasher, createAuthService, toVerified, type AuthService } from '../../services/auth';
import { RawSqlite } from '../../db/sqlite-file';
import type { TechnicianRow } from '../../db/entities';
import { createRecordServices } from '../../services/index';
import { checkDatabase } from '../../services/chain-check';
import { actorPin, newPersonPin } from '../pin';
import { DB_OPTION_HELP, openCliRecords } from '../records-db';

interface DbOpt {
  db?: string;
  json?: boolean;
}

const dbPath = (o: DbOpt): string => o.db ?? defaultDatabasePath();
const print = (o: DbOpt, value: unknown, text: string) => process.stdout.write(o.json === true ? JSON.stringify(value, null, 2) + '\n' : text.endsWith('\n') ? text : text + '\n');

/** Opens an existing records database (a missing one is FILE_NOT_FOUND, not a new empty file). */
async function openExisting(o: DbOpt): Promise<Db> {
  return openCliRecords(o.db, { mustExist: true });
}

/** The person --actor names, after their PIN: who a privileged command runs as. */
export async function authenticatedActor(auth: AuthService, actor: string | undefined, role?: TechnicianRole): Promise<VerifiedPerson> {
  if (actor === undefined || actor.trim() === '') throw new BenchError('SIGN_IN_REQUIRED', 'this command needs --actor NAME (a technician\'s name or code) and their PIN (OPTIC_BENCH_PIN or the prompt)');
  const person = await auth.authenticate({ name: actor }, await actorPin(actor));
  if (role !== undefined && !roleAtLeast(person.role, role)) {
    throw new BenchError('ROLE_REQUIRED', `${person.label} is a ${person.role}; this needs a ${role}${role === 'engineering-manager' ? '' : ' or an engineering manager'}`, { needed: role });
  }
  return person;
}

/**
 * --actor checked against the people of a database file that is not open as records (a backup
 * restored onto a station with none yet): read-only, nothing in the file is changed.
 */
export async function authenticateInFile(file: string, actor: string | undefined, role: TechnicianRole): Promise<VerifiedPerson> {
  if (actor === undefined || actor.trim() === '') throw new BenchError('SIGN_IN_REQUIRED', 'this command needs --actor NAME and their PIN (OPTIC_BENCH_PIN or the prompt)');
  const raw = await RawSqlite.open(file, 'readonly');
  let rows: TechnicianRow[];
  try {
    rows = (await raw.all<Record<string, unknown>>('SELECT id, code, name, role, active, created_at, pin_hash FROM technician WHERE active = 1')).map((r) => ({
      id: Number(r.id),
      code: String(r.code),
      name: String(r.name),
      role: String(r.role),
      active: 1,
      createdAt: String(r.created_at),
      pinHash: r.pin_hash === null ? null : String(r.pin_hash),
      pinSetAt: null,
    }));
  } finally {
    await raw.close();
  }
  const key = actor.trim().toLowerCase();
  const row = rows.find((r) => r.code.toLowerCase() === key) ?? rows.find((r) => r.name.toLowerCase() === key);
  if (row === undefined || row.pinHash === null) throw new BenchError('PIN_INVALID', `nobody with a PIN is called ${JSON.stringify(actor)} in ${file}`);
  if (!(await argon2PinHasher.verify(row.pinHash, await actorPin(actor)))) throw new BenchError('PIN_INVALID', `wrong PIN for ${actor}`);
  const person = toVerified(row);
  if (!roleAtLeast(person.role, role)) throw new BenchError('ROLE_REQUIRED', `${person.label} is a ${person.role}; this needs a ${role} or above`, { needed: role });
  return person;
}

/** A login code from a name: lower-case ASCII letters and digits ("Zhang Lin" -> "zhanglin"). */
export function codeFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase()
    .slice(0, 32);
}

export function registerEvidence(program: Command): void {
  const audit = program.command('audit').description('The audit trail and the hash chain over the evidence');
  audit
    .command('verify')
    .description('Check every link of the hash chain, every evidence row and the schema; name the first broken link')
    .option('--db <path|url>', DB_OPTION_HELP)
    .option('--json', 'print JSON')
    .action(async (o: DbOpt) => {
      const db = await openExisting(o);
      let result: Awaited<ReturnType<typeof checkDatabase>>;
      try {
        result = await checkDatabase(db);
      } finally {
        await db.close();
      }
      const counts = Object.entries(result.rows)
        .map(([t, n]) => `${t} ${n}`)
        .join(', ');
      if (result.ok) {
        print(o, result, `ok: ${result.links} links verified (${counts}); head ${result.head === null ? '-' : `#${result.head.seq} ${result.head.hash}`}`);
        return;
      }
      print(
        o,
        result,
        [`BROKEN: ${result.firstBroken?.message ?? 'the chain does not verify'}`, ...result.problems.slice(1).map((p) => `  also: ${p.message}`), `${result.problemCount} problem(s); ${result.links} links, ${counts}`].join('\n'),
      );
      // Exit 1 with a code, so a script or a cron job sees a broken chain.
      throw new BenchError('CHAIN_BROKEN', `the records of ${dbPath(o)} do not match their hash chain: ${result.firstBroken?.message ?? ''}`, { firstBroken: result.firstBroken });
    });

  const technicians = program.command('technicians').description('People who work at the bench');
  technicians
    .command('add')
    .description("Add a person with a role and a PIN (read from standard input). On a database where nobody has a PIN yet, the first must be an engineering manager and needs no --actor")
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--role <role>', `one of ${TECHNICIAN_ROLES.join(', ')}`)
    .option('--code <code>', 'login code (default: made from the name)')
    .option('--actor <who>', 'who adds them (name or code; their PIN from OPTIC_BENCH_PIN or the prompt)')
    .option('--db <path|url>', DB_OPTION_HELP)
    .option('--json', 'print JSON')
    .action(async (o: DbOpt & { name: string; role: string; code?: string; actor?: string }) => {
      if (!(TECHNICIAN_ROLES as readonly string[]).includes(o.role)) throw new BenchError('INVALID_INPUT', `--role must be one of ${TECHNICIAN_ROLES.join(', ')}`, { field: 'role' });
      const role = o.role as TechnicianRole;
      const code = o.code ?? codeFromName(o.name);
      if (code === '') throw new BenchError('INVALID_INPUT', `no login code can be made from ${JSON.stringify(o.name)}: give --code`, { field: 'code' });
      // A new station's records may start here: its first engineering manager is added before the app ever opens.
      const db = await openDatabase({ path: dbPath(o) });
      try {
        const auth = createAuthService({ db: () => db, now: Date.now });
        const services = createRecordServices(db);
        if (await auth.setupRequired()) {
          if (role !== 'engineering-manager') {
            throw new BenchError('ROLE_REQUIRED', 'nobody here has a PIN yet: the first person given one must be an engineering manager (--role engineering-manager), who then adds everyone else', { needed: 'engineering-manager' });
          }
          const pin = await newPersonPin(o.name);
          const existing = (await services.technicians.list({ includeInactive: true })).find((t) => t.code === code);
          await auth.setup(existing !== undefined ? { technicianId: existing.id, pin } : { code, name: o.name, pin });
          await auth.signOut();
          const added = (await services.technicians.list()).find((t) => t.code === code);
          print(o, added, `${o.name} (${code}) is the first engineering manager and can sign in`);
          return;
        }
        const actor = await authenticatedActor(auth, o.actor);
        auth.assertMayManage(actor, role);
        const pin = await newPersonPin(o.name);
        const added = await services.technicians.create({ code, name: o.name, role, actor: actor.label });
        await auth.setPin(actor, added.id, pin);
        print(o, { ...added, hasPin: true }, `${o.name} (${code}), ${role}, added by ${actor.label}; they can sign in with their PIN`);
      } finally {
        await db.close();
      }
    });
}
