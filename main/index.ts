// Composition root only: lifecycle, build the services, register IPC, open the window, shut down
// cleanly. Everything with logic lives in modules that run (and are tested) without Electron.
import { Menu, app, dialog, ipcMain, session, type BrowserWindow } from 'electron';
import path from 'node:path';
import { createHandlerTable } from './ipc/handler-table';
import { registerIpc } from './ipc/register';
import { createSenderPolicy } from './ipc/sender-policy';
import { buildMenuTemplate } from './menu';
import { openAppServices, resolveResourcesRoot, type AppServices, type Dialogs } from './services/app-services';
import { mayCloseWithSoaks } from './services/soak-close';
import { createMainWindow, createReportPrinter, defaultWindowPaths, hardenSession } from './window';
import { createElectronSecretStore } from './secret-store-electron';

const DATABASE_FILE = 'optic-bench.sqlite';

function logError(what: string, e: unknown): void {
  console.error(`[optic-bench] ${what}:`, e);
}

// Every renderer sandboxed, including any created other than by createMainWindow.
app.enableSandbox();

// A separate data folder (records, window state) for end-to-end runs and side-by-side stations.
if (process.env.OPTIC_BENCH_USER_DATA) app.setPath('userData', process.env.OPTIC_BENCH_USER_DATA);

// A second instance would open the same serial ports and database: hand over to the first.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  let services: AppServices | null = null;
  let unregister: (() => void) | null = null;
  let shuttingDown = false;
  // Issue 15: closing while a soak runs asks first (main/services/soak-close.ts decides).
  let soaksConfirmed = false;
  const confirmSoaks = async (): Promise<boolean> => {
    if (soaksConfirmed || !services) return true;
    const s = services;
    soaksConfirmed = await mayCloseWithSoaks({
      running: () => s.soaks.list(),
      language: async () => (await s.records.settings.get('language')) ?? 'en',
      ask: async (w, detail) => {
        const options = { type: 'warning' as const, title: w.title, message: w.message, detail, buttons: [w.stop, w.keep], defaultId: 1, cancelId: 1, noLink: true };
        return (mainWindow ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options)).response;
      },
    });
    return soaksConfirmed;
  };

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  const dialogs: Dialogs = {
    openFile: async ({ title, filters }) => {
      const r = mainWindow
        ? await dialog.showOpenDialog(mainWindow, { title, filters, properties: ['openFile'] })
        : await dialog.showOpenDialog({ title, filters, properties: ['openFile'] });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    saveFile: async ({ title, defaultName, filters }) => {
      // Windows and macOS ask before replacing a file; GTK on Linux only with this property. Exports
      // replace the chosen file, so every platform must have asked first.
      const options = { title, defaultPath: defaultName, filters, properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const] };
      const r = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
      return r.canceled ? null : (r.filePath ?? null);
    },
  };

  const start = async (): Promise<void> => {
    // Only electron-vite's dev mode sets it; an empty value means none.
    const devServerUrl = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : undefined;
    const paths = defaultWindowPaths(__dirname);
    services = await openAppServices({
      runtime: 'electron',
      appName: app.getName(),
      appVersion: app.getVersion(),
      versions: { node: process.versions.node, electron: process.versions.electron ?? null, chrome: process.versions.chrome ?? null },
      platform: process.platform,
      databasePath: path.join(app.getPath('userData'), DATABASE_FILE),
      resourcesRoot: resolveResourcesRoot({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appRoot: app.getAppPath() }),
      dialogs,
      printer: createReportPrinter(),
      // The lab server's password, encrypted by the system's key store (never in plain text).
      secretStore: createElectronSecretStore(),
      // The way back to the bench's own records when its lab server cannot be reached at all (docs/lab.md).
      labDisabled: process.env.OPTIC_BENCH_LAB === 'off',
      simRealisticDelay: true,
      logError,
    });
    unregister = registerIpc(ipcMain, createHandlerTable(services), {
      isTrustedSender: createSenderPolicy({ rendererFile: paths.rendererFile, devServerUrl }),
      access: services.auth,
      logError,
      // The page was told the file's name; the log keeps where it was.
      logRedacted: (channel, e) => logError(`${channel} (full text of the error the page saw)`, e),
    });
    hardenSession(session.defaultSession, { rendererFile: paths.rendererFile, devServerUrl });
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate({ appName: app.getName(), isMac: process.platform === 'darwin', isDev: !app.isPackaged })));
    mainWindow = await createMainWindow({ ...paths, devServerUrl, stateFile: path.join(app.getPath('userData'), 'window-state.json') });
    mainWindow.on('close', (event) => {
      if (soaksConfirmed || !services || services.soaks.runningCount === 0) return;
      event.preventDefault();
      void confirmSoaks().then((ok) => {
        if (ok) mainWindow?.close();
      });
    });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  };

  // Ports and the database are closed before the process ends: an open serial port can leave a
  // programmer mid-transaction, and SQLite's WAL is checkpointed on close.
  app.on('before-quit', (event) => {
    if (shuttingDown || !services) return;
    event.preventDefault();
    if (!soaksConfirmed && services.soaks.runningCount > 0) {
      void confirmSoaks().then((ok) => {
        if (ok) app.quit();
      });
      return;
    }
    shuttingDown = true;
    unregister?.();
    void services
      .close()
      .catch((e: unknown) => logError('shutdown', e))
      .finally(() => app.quit());
  });

  app.on('window-all-closed', () => app.quit());

  // Anything that must never load: <webview>s and windows created other than by createMainWindow.
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  void app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      logError('startup', e);
      dialog.showErrorBox('Optic Bench could not start', e instanceof Error ? e.message : String(e));
      app.exit(1);
    });
}
