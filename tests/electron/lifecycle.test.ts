import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };

vi.mock('electron', () => import('./electron-double.js'));

const double = await import('./electron-double.js');
const { startLoket } = await import('../../main/electron/lifecycle.js');
type Double = typeof double;

let base: string;
let distDir: string;
let dataDir: string;

// Each test starts like a fresh process: a reset `electron` double (startLoket keeps no module state).
beforeEach(() => {
  double.resetElectronDouble();
  base = mkdtempSync(path.join(tmpdir(), 'loket-lifecycle-'));
  distDir = path.join(base, 'dist');
  dataDir = path.join(base, 'data');
  mkdirSync(path.join(distDir, 'renderer'), { recursive: true });
  writeFileSync(path.join(distDir, 'renderer', 'index.html'), '<!doctype html><title>Loket</title>');
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

const env = () => ({ LOKET_DATA_DIR: dataDir, LOKET_DEMO: '1' });

async function started() {
  const loket = startLoket({ distDir, env: env() });
  double.app.becomeReady();
  await loket.ready;
  return loket;
}

/** Started, and startup did not fail (says why if it did). */
async function running() {
  const loket = await started();
  if (double.dialog.errorBoxes.length > 0) throw new Error(`startup failed: ${double.dialog.errorBoxes[0]!.content}`);
  return loket;
}

describe('startup', () => {
  it('quits at once when another Loket holds the lock, touching nothing', () => {
    double.app.hasLock = false;
    startLoket({ distDir, env: env() });
    double.app.becomeReady();
    expect(double.app.quitRequested).toBe(1);
    expect(double.BrowserWindow.instances).toHaveLength(0);
    expect(double.ipcMain.handlers.size).toBe(0);
  });

  it('moves userData to LOKET_DATA_DIR before taking the lock', () => {
    startLoket({ distDir, env: env() });
    expect(double.app.getPath('userData')).toBe(dataDir);
  });

  it('builds the runtime, serves the renderer and opens one secure window on app://loket', async () => {
    const loket = await running();
    expect(double.BrowserWindow.instances).toHaveLength(1);
    const window = double.BrowserWindow.instances[0]!;
    expect(loket.window()).toBe(window);
    expect(window.webContents.mainFrame.url).toBe('app://loket/index.html');
    expect(window.options.webPreferences).toMatchObject({
      preload: path.join(distDir, 'preload.cjs'),
      sandbox: true,
      contextIsolation: true,
    });
    expect(window.visible).toBe(true);
    expect((await double.session.defaultSession.protocol.fetch('app://loket/index.html')).status).toBe(200);
    expect(await double.session.defaultSession.requestPermission('media')).toBe(false);
  });

  it('answers app.info over IPC from the real runtime, as the electron transport', async () => {
    const loket = await running();
    double.ipcRenderer.attachTo(loket.window()!.webContents as unknown as InstanceType<Double['WebContentsDouble']>);
    const answer = await double.ipcRenderer.invoke('loket:call:app.info', undefined);
    expect(answer).toMatchObject({ ok: true, value: { name: 'Loket', version: pkg.version, transport: 'electron', mode: 'demo' } });
  });

  it('sends the connectivity state to the window once it has loaded', async () => {
    const loket = await running();
    const sent = (loket.window() as unknown as InstanceType<Double['BrowserWindowDouble']>).webContents.sent;
    expect(sent.filter((m) => m.channel === 'loket:event').map((m) => m.args[0])).toContain('connectivity');
  });

  it('shows a clear error and exits when the renderer is not built', async () => {
    rmSync(path.join(distDir, 'renderer'), { recursive: true });
    await started();
    expect(double.dialog.errorBoxes).toHaveLength(1);
    expect(double.dialog.errorBoxes[0]!.title).toBe('Loket kan niet starten');
    expect(double.dialog.errorBoxes[0]!.content).toMatch(/npm run build/);
    expect(double.app.exitCode).toBe(1);
    expect(double.BrowserWindow.instances).toHaveLength(0);
  });

  it('exits with a clear error when the configuration is invalid', async () => {
    const loket = startLoket({ distDir, env: { LOKET_DATA_DIR: dataDir, LOKET_UITPAS_URL: 'not a url' } });
    double.app.becomeReady();
    await loket.ready;
    expect(double.app.exitCode).toBe(1);
    expect(double.dialog.errorBoxes[0]?.content).toMatch(/LOKET_UITPAS_URL/);
  });
});

describe('running and quitting', () => {
  it('brings the existing window forward when a second instance starts', async () => {
    const loket = await running();
    const window = loket.window() as unknown as InstanceType<Double['BrowserWindowDouble']>;
    window.minimized = true;
    window.focused = false;
    double.app.emit('second-instance', double.electronEvent({}), [], base);
    expect(window.minimized).toBe(false);
    expect(window.focused).toBe(true);
  });

  it('quits when the window is closed', async () => {
    const loket = await running();
    (loket.window() as unknown as InstanceType<Double['BrowserWindowDouble']>).close();
    expect(loket.window()).toBeNull();
    expect(double.app.quitRequested).toBeGreaterThan(0);
    await vi.waitFor(() => expect(double.app.hasQuit).toBe(true));
  });

  it('holds the quit until the runtime has closed, once', async () => {
    await running();
    double.app.quit();
    double.app.quit(); // an impatient second request must not start a second close
    expect(double.app.hasQuit).toBe(false);
    await vi.waitFor(() => expect(double.app.hasQuit).toBe(true));
    expect(double.app.quitRequested).toBe(3);
  });
});
