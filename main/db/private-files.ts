// Records, backups, kept copies and exports hold customers' data and the evidence: they are made
// readable by their owner only (0600, folders 0700) and reach the disk before anyone is told they
// exist (fsync of the file, then of its folder, so a power cut cannot lose the rename or the file).
import fs from 'node:fs';
import path from 'node:path';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Creates the folder (0700 for the parts it makes). */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** Creates an empty file readable by its owner only; EEXIST when it is there already. */
export function createPrivateFile(file: string): void {
  ensurePrivateDir(path.dirname(file));
  fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE_MODE));
}

/** Takes group and other permissions away from an existing file we own (an older build made it 0644). */
export function makePrivate(file: string): void {
  try {
    const st = fs.statSync(file);
    if ((st.mode & 0o077) !== 0 && (process.getuid === undefined || st.uid === process.getuid())) fs.chmodSync(file, PRIVATE_FILE_MODE);
  } catch {
    // Missing (not created yet) or not ours: nothing to tighten.
  }
}

export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes a create or rename in `dir` durable. Windows cannot open a folder: it is a no-op there. */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
