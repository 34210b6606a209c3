// Online backup with VACUUM INTO (a consistent copy while the app keeps running) and a restore
// that checks the file first and keeps a copy of the live database before replacing it.
import fs from 'node:fs';
import path from 'node:path';
import { BenchError } from '../errors';
import type { Db } from '../db/open';
import { auditLog } from '../db/append-only';
import { inspectDatabaseFile, RawSqlite } from '../db/sqlite-file';

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
      fs.mkdirSync(path.dirname(target), { recursive: true });
      // The audit event goes in first, so the copy itself records that it was taken.
      await db.write((em) => auditLog.append(em, db.now(), { actor, action: 'database.backup', entity: 'database', entityId: path.basename(db.path), details: { to: target } }));
      await db.serialized(() => db.dataSource.query('VACUUM INTO ?', [target]));
      return { path: target, bytes: fs.statSync(target).size };
    },
  };
}

/** Checks that a file is a whole Optic Bench database this build can open; RESTORE_SOURCE_INVALID otherwise. */
export async function verifyBackupFile(file: string): Promise<void> {
  if (!fs.existsSync(file)) throw new BenchError('FILE_NOT_FOUND', `${file} does not exist`, { path: file });
  let kind: string;
  try {
    kind = (await inspectDatabaseFile(file)).kind;
  } catch (e) {
    const code = e instanceof BenchError ? e.code : 'INTERNAL';
    throw new BenchError('RESTORE_SOURCE_INVALID', `${file} cannot be restored: ${(e as Error).message}`, { path: file, cause: code });
  }
  if (kind !== 'optic-bench') throw new BenchError('RESTORE_SOURCE_INVALID', `${file} cannot be restored: it is not an Optic Bench database (no schema)`, { path: file });
  const raw = await RawSqlite.open(file, 'readonly');
  try {
    const rows = await raw.all<{ integrity_check: string }>('PRAGMA integrity_check');
    const verdicts = rows.map((r) => r.integrity_check);
    if (verdicts.length !== 1 || verdicts[0] !== 'ok') {
      throw new BenchError('RESTORE_SOURCE_INVALID', `${file} cannot be restored: integrity check failed (${verdicts.slice(0, 3).join('; ')})`, { path: file });
    }
  } finally {
    await raw.close();
  }
}

export interface RestoreOptions {
  /** The live database path; it must not be open in this process. */
  livePath: string;
  fromPath: string;
  clock?: () => Date;
  /** Who restores; when given, recorded as an audit event in the restored database. */
  actor?: string;
}

export interface RestoreResult {
  restoredFrom: string;
  /** Where the live database was copied before it was replaced; null when there was none. */
  previousCopy: string | null;
}

/**
 * Replaces the live database with a verified backup. The live file is first copied (VACUUM INTO)
 * next to itself as <name>.before-restore-<time>.sqlite; if that copy fails nothing is replaced.
 */
export async function restoreDatabase(opts: RestoreOptions): Promise<RestoreResult> {
  const live = path.resolve(opts.livePath);
  const from = path.resolve(opts.fromPath);
  if (live === from) throw new BenchError('RESTORE_SOURCE_INVALID', 'the backup to restore is the live database itself', { path: from });
  await verifyBackupFile(from);
  let previousCopy: string | null = null;
  if (fs.existsSync(live) && fs.statSync(live).size > 0) {
    const stamp = (opts.clock ?? (() => new Date()))().toISOString().replace(/[:.]/g, '-');
    const base = path.join(path.dirname(live), `${path.basename(live, path.extname(live))}.before-restore-${stamp}`);
    // VACUUM INTO refuses an existing file: a second restore in the same millisecond (or one from
    // the very copy the last restore kept) gets the next free name instead of a raw SQLite error.
    previousCopy = `${base}.sqlite`;
    for (let n = 2; fs.existsSync(previousCopy); n++) previousCopy = `${base}-${n}.sqlite`;
    const raw = await RawSqlite.open(live, 'readwrite');
    try {
      await raw.run('VACUUM INTO ?', [previousCopy]);
    } finally {
      await raw.close();
    }
    await verifyBackupFile(previousCopy).catch((e: unknown) => {
      throw new BenchError('RESTORE_SOURCE_INVALID', `the copy of the live database (${previousCopy}) did not verify; nothing was replaced: ${(e as Error).message}`);
    });
  }
  // Copy to a temporary name then rename: a crash mid-copy never leaves a half-written live file.
  const tmp = `${live}.restoring`;
  fs.copyFileSync(from, tmp);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(live + suffix, { force: true });
  fs.renameSync(tmp, live);
  // The restored file says that it was restored, by whom, from where, and where the old one went
  // (when the caller names the actor; the app's composition root writes its own event instead).
  if (opts.actor === undefined) return { restoredFrom: from, previousCopy };
  const restored = await RawSqlite.open(live, 'readwrite');
  try {
    await restored.run('INSERT INTO audit_event (at, actor, action, entity, entity_id, details_json) VALUES (?, ?, ?, ?, ?, ?)', [
      (opts.clock ?? (() => new Date()))().toISOString(),
      opts.actor,
      'database.restore',
      'database',
      path.basename(live),
      JSON.stringify({ from, previousCopy }),
    ]);
  } finally {
    await restored.close();
  }
  return { restoredFrom: from, previousCopy };
}
