// The handler table over the real application services (a temp SQLite file, the simulated
// programmer, the shipped limit library), called through the validating wrapper exactly as
// Electron's ipcMain and the renderer harness call it. Channel tests build on this.
import path from 'node:path';
import type { Result } from '../../preload/contract/errors';
import { createHandlerTable } from '../../main/ipc/handler-table';
import { dispatch, type Emit, type HandlerTable } from '../../main/ipc/wrapper';
import { openAppServices, type AppServices, type Dialogs } from '../../main/services/app-services';
import type { Printer } from '../../main/services/printer';
import type { SerialBinding } from '../../main/hardware/index';

/** The page's address as the wrapper's sender policy trusts it. */
export const APP_URL = 'file:///app/out/renderer/index.html';
/** The PIN of the fixture's signed-in engineering manager, "Fixture Manager (fixture)". */
export const FIXTURE_PIN = '2468';
export const FIXTURE_ACTOR = 'Fixture Manager (fixture)';
const ROOT = path.resolve(__dirname, '../..');

export interface ChannelFixture {
  services: AppServices;
  table: HandlerTable;
  /** One channel call as the trusted page makes it; events go to `emit` (else the fixture's). */
  call<T = unknown>(channel: string, payload?: unknown, emit?: Emit): Promise<Result<T>>;
  /** The value of a call that must succeed; a failure throws with its code and message. */
  ok<T = unknown>(channel: string, payload?: unknown): Promise<T>;
  /** Signs the fixture's manager in again (a restore signs everyone out). */
  signInAgain(): Promise<void>;
}

export async function openChannelFixture(opts: {
  databasePath: string;
  dialogs: Dialogs;
  printer?: Printer;
  now?: () => number;
  /** Where events of calls that name no `emit` go (dropped when absent). */
  emit?: Emit;
  /** false: nobody signs in (the fixture's calls then meet the sign-in gate). */
  signIn?: boolean;
  /** serialport binding for real programmers and port listing (an emulator's pty). */
  binding?: SerialBinding;
}): Promise<ChannelFixture> {
  const services = await openAppServices({
    runtime: 'harness',
    appName: 'Optic Bench',
    appVersion: '0.0.0-test',
    versions: { node: process.versions.node, electron: null, chrome: null },
    platform: process.platform,
    databasePath: opts.databasePath,
    resourcesRoot: path.join(ROOT, 'resources'),
    dialogs: opts.dialogs,
    ...(opts.printer ? { printer: opts.printer } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.binding ? { binding: opts.binding } : {}),
  });
  const table = createHandlerTable(services);
  // Someone is at the station: a fresh database's first engineering manager (every role's rights).
  if (opts.signIn !== false && (await services.auth.setupRequired())) {
    await services.auth.setup({ code: 'fixture', name: 'Fixture Manager', pin: FIXTURE_PIN });
    await services.records.settings.set({ key: 'station', value: 'Fixture bench', actor: FIXTURE_ACTOR });
  }
  const signInAgain = async (): Promise<void> => {
    const me = (await services.records.technicians.list()).find((t) => t.code === 'fixture');
    if (me === undefined) throw new Error('the fixture manager is not in these records');
    await services.auth.signIn({ technicianId: me.id, pin: FIXTURE_PIN });
  };
  const call = async <T>(channel: string, payload?: unknown, emit: Emit = opts.emit ?? (() => undefined)): Promise<Result<T>> =>
    (await dispatch(table, channel, payload, { senderUrl: APP_URL, isMainFrame: true, emit }, { isTrustedSender: (u) => u === APP_URL, access: services.auth })) as Result<T>;
  const ok = async <T>(channel: string, payload?: unknown): Promise<T> => {
    const r = await call<T>(channel, payload);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };
  return { services, table, call, ok, signInAgain };
}
