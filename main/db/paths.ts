// Where the records live when nobody says otherwise: the same per-user folder Electron's
// app.getPath('userData') gives for productName "Optic Bench", so the CLI and the app share one
// file without the CLI having to load Electron.
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Optic Bench';
export const DATABASE_FILE_NAME = 'optic-bench.sqlite';

export function userDataDirectory(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  if (platform === 'win32') {
    return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  }
  if (platform === 'darwin') {
    return path.posix.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  }
  const config = env.XDG_CONFIG_HOME !== undefined && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : path.posix.join(home, '.config');
  return path.posix.join(config, PRODUCT_NAME);
}

/** OPTIC_BENCH_DB when set, else optic-bench.sqlite in the user-data folder. */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  const fromEnv = env.OPTIC_BENCH_DB;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const dir = userDataDirectory(env, platform, home);
  return platform === 'win32' ? path.win32.join(dir, DATABASE_FILE_NAME) : path.posix.join(dir, DATABASE_FILE_NAME);
}
