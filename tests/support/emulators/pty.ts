import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, lstat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** The end a driver opens with serialport. */
  devicePath: string;
  /** The end the emulator opens. */
  emulatorPath: string;
  /** Kills socat (both links disappear) and removes the temp dir. Idempotent. */
  close(): Promise<void>;
}

// Every socat child ever started, so a crashed or failed test run never leaves one behind.
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

export async function createPtyPair(opts: { socatPath?: string; timeoutMs?: number } = {}): Promise<PtyPair> {
  installExitHook();
  const dir = await mkdtemp(join(tmpdir(), 'optic-bench-pty-'));
  const devicePath = join(dir, 'device');
  const emulatorPath = join(dir, 'emulator');
  const child = spawn(
    opts.socatPath ?? '/usr/bin/socat',
    ['-d', '-d', `pty,raw,echo=0,link=${devicePath}`, `pty,raw,echo=0,link=${emulatorPath}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  live.add(child);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      live.delete(child);
      resolve();
    });
    child.once('error', () => {
      live.delete(child);
      resolve();
    });
  });
  let closed = false;
  const close = async (): Promise<void> => {
    if (!closed) {
      closed = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
        await exited;
        clearTimeout(timer);
      }
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 5000);
  for (;;) {
    if ((await exists(devicePath)) && (await exists(emulatorPath))) break;
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await close();
      throw new Error(`socat did not create the pty pair: ${stderr.trim() || 'timeout'}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return { devicePath, emulatorPath, close };
}
