// The composition of every service the renderer reaches. main/index.ts (Electron) and the
// renderer test harness both build the application through this one function, so the harness
// runs the same services, validation and data the desktop app does (DESIGN "What cannot run here").
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppInfo } from '../../preload/contract/api';
import type { PortInfo, SimulatedModuleInfo } from '../../preload/contract/hardware';
import type { LimitProfile } from '../../preload/contract/limits';
import { openDatabase, type Db } from '../db/index';
import { listPorts, listSimulatedModules, monitor, openProgrammer, readModule, type SerialBinding } from '../hardware/index';
import type { PortLister } from '../hardware/transport/list-ports';
import { evaluateModule } from '../limits/evaluate';
import { loadLimitLibrary } from '../limits/library';
import { decodeModule } from '../sff/index';
import { parseImage } from '../sff/image-text';
import { BenchSession } from './bench-session';

export interface FileFilter {
  name: string;
  extensions: string[];
}

/** The user's choice of file, made in main (Electron's dialog) or scripted by a test harness. */
export interface Dialogs {
  /** The chosen path, or null when the user closed the dialog. */
  openFile(opts: { title: string; filters: FileFilter[] }): Promise<string | null>;
  saveFile(opts: { title: string; defaultName: string; filters: FileFilter[] }): Promise<string | null>;
}

export interface AppServicesOptions {
  runtime: AppInfo['runtime'];
  appName: string;
  appVersion: string;
  versions: AppInfo['versions'];
  platform: string;
  /** The records database file (userData/optic-bench.sqlite in the app, a temp file in tests). */
  databasePath: string;
  /** Folder holding modules/ and limits/ (see resolveResourcesRoot). */
  resourcesRoot: string;
  dialogs: Dialogs;
  /** Pace the simulated programmer like real hardware so progress is visible (the app); off in fast tests. */
  simRealisticDelay?: boolean;
  /** serialport binding for real programmers and port listing; the OS binding when absent. */
  binding?: SerialBinding;
  now?: () => number;
  newId?: () => string;
  logError?: (what: string, e: unknown) => void;
}

export interface AppServices {
  info: AppInfo;
  db: Db;
  dialogs: Dialogs;
  bench: BenchSession;
  hardware: {
    listPorts(): Promise<PortInfo[]>;
    listSimulatedModules(): Promise<SimulatedModuleInfo[]>;
  };
  limits: {
    /** Every version of every profile: by id, newest version first. */
    list(): LimitProfile[];
  };
  /** Stops monitors and reads (closing their ports), then closes the database. Idempotent. */
  close(): Promise<void>;
}

/**
 * Where shipped data lives: in a packaged app electron-builder copies resources/modules and
 * resources/limits to process.resourcesPath (extraResources); in development and under the
 * harness it is the repository's resources/ folder.
 */
export function resolveResourcesRoot(opts: { isPackaged: boolean; resourcesPath: string | undefined; appRoot: string }): string {
  if (opts.isPackaged) {
    if (!opts.resourcesPath) throw new Error('a packaged app must have process.resourcesPath');
    return opts.resourcesPath;
  }
  return path.join(opts.appRoot, 'resources');
}

export async function openAppServices(opts: AppServicesOptions): Promise<AppServices> {
  const modulesDir = path.join(opts.resourcesRoot, 'modules');
  const limitsDir = path.join(opts.resourcesRoot, 'limits');
  // Loaded once: the shipped library is read-only; a broken library must stop the start, not a read.
  const profiles = loadLimitLibrary(limitsDir);
  const binding = opts.binding;

  const now = opts.now ?? Date.now;
  const bench = new BenchSession({
    openProgrammer: (choice, signal) =>
      openProgrammer({
        kind: choice.kind,
        path: choice.path,
        module: choice.module,
        modulesDir,
        signal,
        realisticDelay: opts.simRealisticDelay ?? false,
        ...(binding ? { binding } : {}),
      }),
    readModule: (bus, o) => readModule(bus, { signal: o.signal, onProgress: o.onProgress }),
    monitor: (bus, o) => monitor(bus, { rateHz: o.rateHz, signal: o.signal, image: o.image }),
    decode: decodeModule,
    evaluate: (module, setup) =>
      evaluateModule(module, {
        profiles,
        setup: { rxLightSource: setup.rxLightSource },
        at: setup.at,
        ...(setup.profileId !== undefined ? { profileId: setup.profileId } : {}),
      }),
    parseImage,
    readFile: async (p) => new Uint8Array(await readFile(p)),
    now,
    newId: opts.newId ?? randomUUID,
    ...(opts.logError ? { logError: opts.logError } : {}),
  });

  const db = await openDatabase({ path: opts.databasePath, clock: () => new Date(now()) });

  let closed = false;
  const sortedProfiles = [...profiles].sort((a, b) => (a.id === b.id ? b.version - a.version : a.id < b.id ? -1 : 1));

  return {
    info: {
      name: opts.appName,
      version: opts.appVersion,
      runtime: opts.runtime,
      platform: opts.platform,
      versions: opts.versions,
    },
    db,
    dialogs: opts.dialogs,
    bench,
    hardware: {
      listPorts: () => (binding ? listPorts(binding as unknown as PortLister) : listPorts()),
      listSimulatedModules: () => listSimulatedModules(modulesDir),
    },
    limits: { list: () => sortedProfiles },
    close: async () => {
      if (closed) return;
      closed = true;
      await bench.close();
      await db.close();
    },
  };
}
