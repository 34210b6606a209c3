// The renderer test harness (issue 5): serves the built renderer (out/renderer) over HTTP and
// answers window.bench calls over a WebSocket with the SAME services (openAppServices), handler
// table (createHandlerTable) and wrapper (dispatch: sender check, payload screen, schemas) the
// Electron main process registers. Only the transport differs: JSON over a socket instead of
// Electron's structured clone. Never shipped.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Dialogs } from '../../../main/services/app-services';
import { openAppServices, type AppServices } from '../../../main/services/app-services';
import type { SecretStore } from '../../../main/services/secret-store';
import { createTestSecretStore } from './secret-store';
import { createHandlerTable } from '../../../main/ipc/handler-table';
import { createSenderPolicy } from '../../../main/ipc/sender-policy';
import { dispatch, type Emit, type HandlerTable } from '../../../main/ipc/wrapper';
import { CONTENT_SECURITY_POLICY } from '../../../main/content-security-policy';
import { createHarnessPrinter, type HarnessPrinter } from './printer';
import { osBinding, type SerialBinding } from '../../../main/hardware/index';
import { startEmulator, type EmulatorHandle } from '../emulators/index';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const RENDERER_DIR = path.join(REPO_ROOT, 'out', 'renderer');
/** The socket path the test preload connects to. */
export const IPC_PATH = '/bench-ipc';

/** The harness's stand-in for Electron's file dialogs: tests queue the user's next choices. */
export class ScriptedDialogs implements Dialogs {
  private readonly opens: (string | null)[] = [];
  private readonly saves: (string | null)[] = [];
  readonly asked: { kind: 'open' | 'save'; title: string }[] = [];

  /** The next open dialog returns this path (null = the user pressed Cancel). */
  queueOpen(choice: string | null): void {
    this.opens.push(choice);
  }
  queueSave(choice: string | null): void {
    this.saves.push(choice);
  }
  // With nothing queued the user "cancels": a test never hangs on a dialog nobody answers.
  openFile(opts: { title: string }): Promise<string | null> {
    this.asked.push({ kind: 'open', title: opts.title });
    return Promise.resolve(this.opens.shift() ?? null);
  }
  saveFile(opts: { title: string }): Promise<string | null> {
    this.asked.push({ kind: 'save', title: opts.title });
    return Promise.resolve(this.saves.shift() ?? null);
  }
}

export interface HarnessOptions {
  /** Folder with the built renderer; default $OPTIC_BENCH_RENDERER_DIR, else out/renderer (made by `npm run build`). */
  rendererDir?: string;
  /** Database file; default a fresh temporary one, removed on close. */
  databasePath?: string;
  /** Pace the simulated programmer like hardware (slow); default false. */
  simRealisticDelay?: boolean;
  now?: () => number;
  /** TCP port on 127.0.0.1; default any free one. */
  port?: number;
  /**
   * A programmer on the bench: the protocol emulator on a socat pseudo-terminal, listed as a Bus
   * Pirate v3 (FTDI 0403:6001) beside the OS's own ports, so the real driver reads it through a
   * real serial device and the run's provenance is a programmer's. Swap modules with
   * harness.emulator.insertModule(image).
   */
  programmer?: {
    kind: 'buspirate' | 'usbiss';
    image: Uint8Array | null;
    /** The module's power-on time before it answers (t_serial), modeled ms; the emulator's default otherwise. */
    moduleReadyMs?: number;
  };
  /** The lab server's password store (issue 14); default a test store with a key of its own. */
  secretStore?: SecretStore;
  /** Milliseconds between tries of the outbox and the change feed (the app's default is 2 s). */
  labRetryMs?: number;
  /** OPTIC_BENCH_LAB=off: the bench's own records whatever lab-server.json says. */
  labDisabled?: boolean;
}

export interface Harness {
  /** http://127.0.0.1:PORT/ : open this page. */
  url: string;
  origin: string;
  services: AppServices;
  table: HandlerTable;
  dialogs: ScriptedDialogs;
  /** Reports' PDFs (headless Chromium) and the documents sent to "print" (no dialog in a harness). */
  printer: HarnessPrinter;
  /** Calls received over the socket, by channel (for tests that check what the page asked). */
  calls: string[];
  /** Unexpected errors the services logged (each became an INTERNAL error for the page). */
  errors: unknown[];
  /** The emulated programmer (HarnessOptions.programmer), else null. */
  emulator: EmulatorHandle | null;
  /** The bench's own records file (lab-server.json and outbox.sqlite sit beside it). */
  databasePath: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

async function serveStatic(rendererDir: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, headers).end();
    return;
  }
  const url = new URL(req.url ?? '/', 'http://harness');
  let rel = decodeURIComponent(url.pathname);
  // Client-side routes (no extension) get the app page, as Electron's single file would.
  if (rel === '/' || path.extname(rel) === '') rel = '/index.html';
  const file = path.resolve(rendererDir, '.' + rel);
  if (!file.startsWith(rendererDir + path.sep)) {
    res.writeHead(403, headers).end();
    return;
  }
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new Error('not a file');
    const body = await readFile(file);
    res.writeHead(200, { ...headers, 'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404, headers).end();
  }
}

interface CallMessage {
  id: number;
  channel: string;
  payload?: unknown;
}

function parseCall(data: string): CallMessage | null {
  try {
    const m: unknown = JSON.parse(data);
    if (typeof m !== 'object' || m === null) return null;
    const { id, channel } = m as Record<string, unknown>;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || typeof channel !== 'string') return null;
    return m as CallMessage;
  } catch {
    return null;
  }
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const rendererDir = path.resolve(opts.rendererDir ?? process.env.OPTIC_BENCH_RENDERER_DIR ?? RENDERER_DIR);
  try {
    await stat(path.join(rendererDir, 'index.html'));
  } catch {
    throw new Error(`The built renderer is missing (${rendererDir}/index.html): run \`npm run build\` first (\`npm test\` does).`);
  }
  const tmp = opts.databasePath ? null : await mkdtemp(path.join(os.tmpdir(), 'optic-bench-harness-'));
  const databasePath = opts.databasePath ?? path.join(tmp as string, 'optic-bench.sqlite');
  const dialogs = new ScriptedDialogs();
  const printer = createHarnessPrinter();
  const errors: unknown[] = [];
  const emulator = opts.programmer
    ? await startEmulator({
        kind: opts.programmer.kind,
        image: opts.programmer.image,
        ...(opts.programmer.kind === 'buspirate' ? { initialState: 'terminal' as const } : {}),
        ...(opts.programmer.moduleReadyMs !== undefined ? { moduleReadyMs: opts.programmer.moduleReadyMs } : {}),
      })
    : null;
  let binding: SerialBinding | undefined;
  if (emulator) {
    const os = osBinding() as unknown as { open: (o: unknown) => Promise<unknown>; list: () => Promise<Array<Record<string, unknown>>> };
    const usb = opts.programmer?.kind === 'usbiss' ? { vendorId: '04d8', productId: 'ffee', manufacturer: 'Devantech' } : { vendorId: '0403', productId: '6001', manufacturer: 'FTDI' };
    binding = {
      open: (o: unknown) => os.open(o),
      // udev does not know a pseudo-terminal's USB ids: the emulator's port is listed as the device it emulates.
      list: async () => [...(await os.list().catch(() => [])), { path: emulator.devicePath, ...usb }],
    } as unknown as SerialBinding;
  }
  const services = await openAppServices({
    runtime: 'harness',
    appName: 'Optic Bench',
    appVersion: (JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version,
    versions: { node: process.versions.node, electron: null, chrome: null },
    platform: process.platform,
    databasePath,
    resourcesRoot: path.join(REPO_ROOT, 'resources'),
    dialogs,
    printer,
    simRealisticDelay: opts.simRealisticDelay ?? false,
    ...(opts.now ? { now: opts.now } : {}),
    logError: (what, e) => errors.push({ what, e }),
    ...(binding ? { binding } : {}),
    secretStore: opts.secretStore ?? createTestSecretStore(),
    ...(opts.labRetryMs !== undefined ? { labRetryMs: opts.labRetryMs } : {}),
    ...(opts.labDisabled !== undefined ? { labDisabled: opts.labDisabled } : {}),
  });
  const table = createHandlerTable(services);
  const calls: string[] = [];

  const server: Server = createServer((req, res) => {
    void serveStatic(rendererDir, req, res);
  });
  // 1 MiB per message: far above any request, far below what would hurt the test machine.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The same policy main uses for electron-vite's dev server: only this origin's page may call.
  const isTrustedSender = createSenderPolicy({ devServerUrl: origin });

  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', origin).pathname !== IPC_PATH) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, req));
  });

  const attach = (ws: WebSocket, req: IncomingMessage): void => {
    // A browser always sends Origin on a WebSocket upgrade; what it names is the calling page.
    const senderUrl = typeof req.headers.origin === 'string' ? `${req.headers.origin}/` : null;
    const emit: Emit = (event, payload) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, payload }));
    };
    ws.on('message', (data) => {
      const call = parseCall(data.toString());
      if (!call) {
        ws.send(JSON.stringify({ id: null, result: { ok: false, error: { code: 'INVALID_INPUT', message: 'Malformed call.' } } }));
        return;
      }
      calls.push(call.channel);
      const onSenderGone = (cleanup: () => void): (() => void) => {
        ws.once('close', cleanup);
        return () => {
          ws.off('close', cleanup);
        };
      };
      void dispatch(table, call.channel, call.payload, { senderUrl, isMainFrame: true, emit, onSenderGone }, { isTrustedSender, access: services.auth, logError: (c, e) => errors.push({ what: c, e }) }).then(
        (result) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: call.id, result }));
        },
      );
    });
  };

  let closed = false;
  return {
    url: `${origin}/`,
    origin,
    services,
    table,
    dialogs,
    printer,
    calls,
    errors,
    emulator,
    databasePath,
    close: async () => {
      if (closed) return;
      closed = true;
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.close();
      await emulator?.close();
      await printer.close();
      if (tmp) await rm(tmp, { recursive: true, force: true });
    },
  };
}
