// Who else has the records open. A restore that replaced the file under another process lost
// that process's next write (issue 16), so restore refuses while anyone holds it and says who.
// Linux answers through /proc/<pid>/fd; elsewhere SQLite's own lock test is the refusal
// (restoreDatabase), without a process name.
import fs from 'node:fs';
import path from 'node:path';

export interface Holder {
  pid: number;
  /** The command line (or its name when the line cannot be read), shortened. */
  command: string;
}

function realOrResolved(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** Processes with one of `files` open (the database and its -wal / -shm). [] where /proc is absent. */
export function processesHolding(files: readonly string[], procRoot = '/proc'): Holder[] {
  let pids: string[];
  try {
    pids = fs.readdirSync(procRoot).filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  const wanted = new Set(files.map(realOrResolved));
  const holders: Holder[] = [];
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = fs.readdirSync(path.join(procRoot, pid, 'fd'));
    } catch {
      continue; // gone, or another user's process we may not look into
    }
    const holds = fds.some((fd) => {
      try {
        return wanted.has(fs.readlinkSync(path.join(procRoot, pid, 'fd', fd)));
      } catch {
        return false;
      }
    });
    if (!holds) continue;
    let command = '';
    try {
      command = fs.readFileSync(path.join(procRoot, pid, 'cmdline'), 'utf8').split('\0').filter(Boolean).join(' ');
    } catch {
      // fall back to comm below
    }
    if (command === '') {
      try {
        command = fs.readFileSync(path.join(procRoot, pid, 'comm'), 'utf8').trim();
      } catch {
        command = 'unknown';
      }
    }
    holders.push({ pid: Number(pid), command: command.length > 160 ? `${command.slice(0, 157)}...` : command });
  }
  return holders.sort((a, b) => a.pid - b.pid);
}

export function describeHolders(holders: readonly Holder[]): string {
  return holders.map((h) => `process ${h.pid}${h.pid === process.pid ? ' (this one)' : ''}: ${h.command}`).join('; ');
}
