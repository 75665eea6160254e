/**
 * App lifecycle: one instance, the runtime (all services, transport-agnostic) created when
 * Electron is ready, one hardened window, and a clean shutdown that awaits runtime.close().
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { app, dialog, safeStorage, session, type BrowserWindow } from 'electron';
import { createRuntime, type Runtime } from '../runtime/runtime.js';
import { describeStartupError } from '../runtime/startup-error.js';
import { createFileLogger } from './file-log.js';
import { forwardEvents, registerCallHandlers } from './ipc.js';
import { createLoginWindowTransport } from './login-window.js';
import { SafeStorageSecretStore } from './safe-storage-secrets.js';
import { registerAppScheme, serveRenderer } from './protocol.js';
import { defaultAppUpdater, readDayClosed, startUpdater, type Updates } from './updater.js';
import { reportFolderPicker } from './report-folder.js';
import { createMainWindow, hardenEveryWebContents, hardenSession, loadApp } from './window.js';
import { systemPrinterList, systemPrintTransport } from './system-print.js';

export interface LifecycleOptions {
  /** Folder holding main.cjs, preload.cjs and renderer/ (app/dist when built). */
  distDir: string;
  env: NodeJS.ProcessEnv;
}

export interface LoketApp {
  /** Settles once the window has loaded (or startup failed and the app is exiting). */
  ready: Promise<void>;
  window(): BrowserWindow | null;
}

/**
 * LOKET_DATA_DIR moves Electron's userData too, so the single-instance lock, Chromium's own
 * files and Loket's data live in one folder, and two Lokets on two folders (tests) can coexist.
 */
export function useDataDirFromEnv(env: NodeJS.ProcessEnv): void {
  const fromEnv = env.LOKET_DATA_DIR?.trim();
  if (fromEnv) app.setPath('userData', path.resolve(fromEnv));
}

export function startLoket(opts: LifecycleOptions): LoketApp {
  let window: BrowserWindow | null = null;
  let runtime: Runtime | null = null;

  useDataDirFromEnv(opts.env);

  // A second Loket on the same data folder would run a second outbox worker: refuse it and bring
  // the first window forward instead.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ready: Promise.resolve(), window: () => null };
  }

  // A rotated file in <data>/logs (userData is final here); app.diagnostics shows its path to the
  // support desk. Startup and shutdown failures land in it too.
  const fileLog = createFileLogger(app.getPath('userData'));
  const log = fileLog.logger;

  // Every renderer sandboxed, whatever its webPreferences say (the login window included).
  app.enableSandbox(); // mutation-check: app-sandbox
  registerAppScheme();
  hardenEveryWebContents(app);

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  // A cash register has no life without its window, on macOS too.
  app.on('window-all-closed', () => app.quit());

  let closing = false;
  let closed = false;
  // Read while the runtime still runs; the updater decides at will-quit, after it has closed.
  let dayClosed = false;
  app.on('before-quit', (event) => {
    if (closed || !runtime) return;
    event.preventDefault();
    if (closing) return;
    closing = true;
    const current = runtime;
    readDayClosed(current.dispatcher)
      .then(
        (value) => void (dayClosed = value),
        (err: unknown) => log.warn('could not tell whether the day is closed', { err }),
      )
      .then(() => current.close())
      .catch((err: unknown) => log.error('closing the runtime failed', { err }))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  const ready = app
    .whenReady()
    .then(async () => {
      const rendererDir = path.join(opts.distDir, 'renderer');
      if (!existsSync(path.join(rendererDir, 'index.html'))) {
        throw new Error(`The renderer is not built (${rendererDir}/index.html is missing): run npm run build.`);
      }
      const dataDir = app.getPath('userData');
      // The updater needs the runtime's bus; diagnostics asks it for its status once it runs.
      let updateStatus: Updates['status'] = () => ({ state: 'disabled', reason: 'not-started' });
      runtime = await createRuntime({
        transport: 'electron',
        env: opts.env,
        dataDir,
        log,
        diagnostics: { logFile: fileLog.file, update: () => updateStatus() },
        // Tokens and the consumer secret encrypted with the OS keychain (safeStorage).
        secretStore: (dir) => new SafeStorageSecretStore(dir, safeStorage),
        // report.exportCsv asks for the folder in a dialog over the main window.
        pickReportFolder: reportFolderPicker(() => window),
        // LOKET_PRINTER=system[:name]: Chromium's silent print of the HTML receipt (also on Windows).
        hardware: { systemTransport: systemPrintTransport, systemPrinters: systemPrinterList },
      });
      const updates = startUpdater({
        updater: defaultAppUpdater,
        app,
        bus: runtime.bus,
        mode: runtime.config.mode,
        env: opts.env,
        log,
        dayClosed: () => dayClosed,
      });
      updateStatus = () => updates.status();
      const ses = session.defaultSession;
      hardenSession(ses);
      serveRenderer(ses, rendererDir);
      registerCallHandlers(runtime.dispatcher, () => (window && !window.isDestroyed() ? window.webContents : null));
      window = createMainWindow({ preloadPath: path.join(opts.distDir, 'preload.cjs'), devTools: !app.isPackaged });
      forwardEvents(runtime.bus, window.webContents);
      // UiTiD's authorize page opens in its own sandboxed window; its callback goes to the login service.
      const login = runtime.login;
      login.attachTransport(
        createLoginWindowTransport({
          complete: (callback) => login.completeCallback(callback),
          parent: () => window,
          onError: (err) => log.warn('login window: loading UiTiD or handing over its callback failed', { err }),
          onCancel: () => login.cancelPending(),
        }),
      );
      window.on('closed', () => {
        window = null;
      });
      await loadApp(window);
    })
    .catch(async (err: unknown) => {
      log.error('startup failed', { err });
      // A damaged or newer sales database and a bad configuration get their own Dutch-first text.
      const problem = describeStartupError(err);
      dialog.showErrorBox(problem.dialog.title, problem.dialog.content);
      // Services that did start (the outbox database...) are closed properly before exiting.
      await runtime?.close().catch(() => {});
      app.exit(1);
    });

  return { ready, window: () => window };
}
