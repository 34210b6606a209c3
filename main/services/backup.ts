// Online backup with VACUUM INTO (a consistent copy while the app keeps running), and a restore
// that cannot plant or lose anything (issue 16):
//  - the backup is copied to a private staging file first, so what is checked is what is restored;
//  - it must be ours (application id, meta, known migrations), whole (integrity_check), have
//    exactly the schema its migrations produce (schema-check.ts, run with trusted_schema off and
//    the file read-only), and its hash chain must verify;
//  - nobody else may have the live database open (named by process on Linux), and the copy of
//    the live records and the restore itself happen under one exclusive lock through SQLite's
//    backup API, never by renaming files under another process;
//  - every file is fsynced and readable by its owner only, and the previous database is kept.
import fs from 'node:fs';
import path from 'node:path';
import { BenchError } from '../errors';
import type { Db } from '../db/open';
import { auditLog } from '../db/append-only';
import { inspectDatabaseFile, RawSqlite } from '../db/sqlite-file';
import { linkRow, verifyChain, type Exec } from '../db/evidence-chain';
import { CHAIN_MIGRATION_NAME } from '../db/migrations/index';
import { checkSchema, describeDifferences } from '../db/schema-check';
import { createPrivateFile, fsyncDir, fsyncFile, PRIVATE_FILE_MODE } from '../db/private-files';
import { describeHolders, processesHolding } from '../db/open-handles';

export interface BackupResult {
  path: string;
  bytes: number;
}

export interface BackupService {
  /** Refuses an existing target (BACKUP_TARGET_EXISTS): a backup never overwrites another. */
  backup(toPath: string, actor: string): Promise<BackupResult>;
}

export function createBackupService(db: Db): BackupService {
  return {
    async backup(toPath, actor) {
      const target = path.resolve(toPath);
      if (fs.existsSync(target)) throw new BenchError('BACKUP_TARGET_EXISTS', `${target} already exists; choose a new file name`, { path: target });
      // The audit event goes in first, so the copy itself records that it was taken.
      await db.write((em) => auditLog.append(em, db.now(), { actor, action: 'database.backup', entity: 'database', entityId: path.basename(db.path), details: { to: path.basename(target) } }));
      // VACUUM INTO accepts an empty file: made first, it is private from its first byte.
      createPrivateFile(target);
      try {
        await db.serialized(() => db.dataSource.query('VACUUM INTO ?', [target]));
      } catch (e) {
        fs.rmSync(target, { force: true });
        throw e;
      }
      fsyncFile(target);
      fsyncDir(path.dirname(target));
      return { path: target, bytes: fs.statSync(target).size };
    },
  };
}

/** Read-only, schema functions distrusted: how a file we did not write is looked at. */
async function openForInspection(file: string): Promise<RawSqlite> {
  const raw = await RawSqlite.open(file, 'readonly');
  // node-sqlite3 exposes no sqlite3_db_config, so SQLITE_DBCONFIG_DEFENSIVE cannot be set; the
  // file is opened read-only and query-only instead (nothing it holds can write), its schema may
  // call no function with side effects, and page cells are bounds-checked as they are read.
  await raw.exec('PRAGMA trusted_schema = OFF; PRAGMA query_only = ON; PRAGMA cell_size_check = ON;');
  return raw;
}

export interface BackupVerification {
  schemaVersion: number;
  migrations: string[];
  links: number;
  head: { seq: number; hash: string } | null;
}

/**
 * Checks that a file is a whole Optic Bench database this build can open, with our schema for
 * its version and an intact hash chain. Coded errors name what is wrong: RESTORE_SOURCE_INVALID
 * (not ours, too new, damaged), RESTORE_SCHEMA_MISMATCH, RESTORE_CHAIN_BROKEN.
 */
export async function verifyBackupFile(file: string): Promise<BackupVerification> {
  if (!fs.existsSync(file)) throw new BenchError('FILE_NOT_FOUND', `${file} does not exist`, { path: file });
  let inspection: Awaited<ReturnType<typeof inspectDatabaseFile>>;
  try {
    inspection = await inspectDatabaseFile(file);
  } catch (e) {
    const code = e instanceof BenchError ? e.code : 'INTERNAL';
    throw new BenchError('RESTORE_SOURCE_INVALID', `${file} cannot be restored: ${(e as Error).message}`, { path: file, cause: code });
  }
  if (inspection.kind !== 'optic-bench') throw new BenchError('RESTORE_SOURCE_INVALID', `${file} cannot be restored: it is not an Optic Bench database (no schema)`, { path: file });
  if (!inspection.migrations.includes(CHAIN_MIGRATION_NAME)) {
    throw new BenchError(
      'RESTORE_CHAIN_BROKEN',
      `${file} cannot be restored: it was made before records were hash-chained (schema ${inspection.schemaVersion}), so nothing shows its records are the ones that were written`,
      { path: file, schemaVersion: inspection.schemaVersion },
    );
  }
  const raw = await openForInspection(file);
  try {
    const exec: Exec = (sql, params) => raw.all(sql, params ?? []);
    const verdicts = (await raw.all<{ integrity_check: string }>('PRAGMA integrity_check')).map((r) => r.integrity_check);
    if (verdicts.length !== 1 || verdicts[0] !== 'ok') {
      throw new BenchError('RESTORE_SOURCE_INVALID', `${file} cannot be restored: integrity check failed (${verdicts.slice(0, 3).join('; ')})`, { path: file });
    }
    const diffs = await checkSchema(exec, inspection.migrations);
    if (diffs.length > 0) {
      throw new BenchError('RESTORE_SCHEMA_MISMATCH', `${file} cannot be restored: its schema is not what Optic Bench's migrations make for version ${inspection.schemaVersion}: ${describeDifferences(diffs)}`, {
        path: file,
        differences: diffs.slice(0, 20),
      });
    }
    const chain = await verifyChain(exec);
    if (!chain.ok) {
      throw new BenchError('RESTORE_CHAIN_BROKEN', `${file} cannot be restored: its records do not match their hash chain: ${chain.firstBroken?.message ?? 'broken'}` + (chain.problemCount > 1 ? ` (${chain.problemCount} problems)` : ''), {
        path: file,
        firstBroken: chain.firstBroken,
        problems: chain.problemCount,
      });
    }
    return { schemaVersion: inspection.schemaVersion, migrations: inspection.migrations, links: chain.links, head: chain.head };
  } finally {
    await raw.close();
  }
}

export interface RestoreOptions {
  /** The live database path; it must not be open in this process or any other. */
  livePath: string;
  fromPath: string;
  /** Who restores (a verified supervisor's label): recorded in the restored database's audit trail. */
  actor: string;
  clock?: () => Date;
}

export interface RestoreResult {
  restoredFrom: string;
  /** Where the live database was copied before it was replaced; null when there was none. */
  previousCopy: string | null;
  /** Links in the restored chain and its head, as verified before the restore. */
  links: number;
  head: { seq: number; hash: string } | null;
}

const isBusy = (e: unknown): boolean => /SQLITE_BUSY|SQLITE_LOCKED|database is locked/i.test(String((e as Error)?.message ?? e));

function inUse(live: string, holders: ReturnType<typeof processesHolding>): BenchError {
  return new BenchError(
    'RESTORE_DATABASE_IN_USE',
    `${live} is open in another program${holders.length > 0 ? ` (${describeHolders(holders)})` : ''}: close Optic Bench and every command using these records, then restore. Nothing was changed.`,
    { path: live, holders },
  );
}

function freeName(base: string): string {
  let name = `${base}.sqlite`;
  for (let n = 2; fs.existsSync(name); n++) name = `${base}-${n}.sqlite`;
  return name;
}

/**
 * Replaces the live records with a verified backup. The live file is first copied next to itself
 * as <name>.before-restore-<time>.sqlite; if anything fails before the restore step nothing is
 * replaced, and the restore step itself is one SQLite write transaction.
 */
export async function restoreDatabase(opts: RestoreOptions): Promise<RestoreResult> {
  const live = path.resolve(opts.livePath);
  const from = path.resolve(opts.fromPath);
  const clock = opts.clock ?? (() => new Date());
  if (opts.actor.trim() === '') throw new BenchError('INVALID_INPUT', 'who restores must be known');
  if (live === from) throw new BenchError('RESTORE_SOURCE_INVALID', 'the backup to restore is the live database itself', { path: from });
  if (!fs.existsSync(from)) throw new BenchError('FILE_NOT_FOUND', `${from} does not exist`, { path: from });

  const stamp = clock().toISOString().replace(/[:.]/g, '-');
  const dir = path.dirname(live);
  const stem = path.join(dir, path.basename(live, path.extname(live)));
  // What is checked is what is restored: a private copy nobody can swap between check and restore.
  const staging = freeName(`${stem}.restoring-${stamp}`);
  createPrivateFile(staging);
  try {
    fs.copyFileSync(from, staging);
    fs.chmodSync(staging, PRIVATE_FILE_MODE);
    let verified: BackupVerification;
    try {
      verified = await verifyBackupFile(staging);
    } catch (e) {
      // Name the file the user chose, not the staging copy.
      if (e instanceof BenchError) throw new BenchError(e.code, e.message.split(staging).join(from), { ...e.details, path: from });
      throw e;
    }

    const liveFiles = [live, `${live}-wal`, `${live}-shm`];
    const holders = processesHolding(liveFiles.filter((f) => fs.existsSync(f)));
    if (holders.length > 0) throw inUse(live, holders);

    const liveExists = fs.existsSync(live) && fs.statSync(live).size > 0;
    if (!liveExists) {
      fs.rmSync(live, { force: true });
      createPrivateFile(live);
    }
    const target = await RawSqlite.open(live, 'readwrite');
    let previousCopy: string | null = null;
    try {
      // Exclusive locking mode keeps the lock after COMMIT until the connection closes, so the
      // kept copy, the restore and its audit event happen with nobody else in between. An idle
      // connection elsewhere (WAL) makes this fail at once: that is a process we did not see.
      target.busyTimeout(0);
      try {
        await target.exec('PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;');
      } catch (e) {
        if (isBusy(e)) throw inUse(live, processesHolding(liveFiles));
        throw e;
      }
      await target.exec('PRAGMA synchronous = FULL;');
      if (liveExists) {
        previousCopy = freeName(`${stem}.before-restore-${stamp}`);
        createPrivateFile(previousCopy);
        await target.backup(previousCopy, 'to');
        fsyncFile(previousCopy);
        // The copy is a file on its own: no -wal / -shm beside it, whatever the live one used.
        const copy = await RawSqlite.open(previousCopy, 'readwrite');
        try {
          await copy.exec('PRAGMA journal_mode = DELETE;');
          const [check] = await copy.all<{ quick_check: string }>('PRAGMA quick_check');
          if (check?.quick_check !== 'ok') throw new BenchError('RESTORE_SOURCE_INVALID', `the copy of the live database (${previousCopy}) did not verify; nothing was replaced`);
        } finally {
          await copy.close();
        }
      }
      await target.backup(staging, 'from');
      // The restored records say that they were restored, by whom, from where, and where the
      // old ones went: an audit event linked into the restored chain, under the same lock.
      const at = clock().toISOString();
      const exec: Exec = (sql, params) => target.all(sql, params ?? []);
      const [inserted] = await target.all<{ id: number }>(
        'INSERT INTO audit_event (at, actor, action, entity, entity_id, details_json) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
        [at, opts.actor, 'database.restore', 'database', path.basename(live), JSON.stringify({ from: path.basename(from), previousCopy: previousCopy === null ? null : path.basename(previousCopy), restoredLinks: verified.links, restoredHead: verified.head })],
      );
      if (inserted === undefined) throw new Error('the restore event was not written');
      await linkRow(exec, 'audit_event', [inserted.id], at);
    } finally {
      await target.close();
    }
    fsyncFile(live);
    fsyncDir(dir);
    return { restoredFrom: from, previousCopy, links: verified.links, head: verified.head };
  } finally {
    fs.rmSync(staging, { force: true });
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(staging + suffix, { force: true });
  }
}
