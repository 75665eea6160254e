/**
 * Hardening items of docs/security.md that are not already pinned by tests/electron: the floor for
 * every webContents (login window, DevTools, anything added later), the started app's whole
 * surface (one preload key, only contract channels, a log file and diagnostics), and the CSP in the
 * renderer's own page.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { calls } from '../../contract/index.js';

vi.mock('electron', () => import('../electron/electron-double.js'));

const double = await import('../electron/electron-double.js');
const { startLoket } = await import('../../main/electron/lifecycle.js');
const { hardenEveryWebContents } = await import('../../main/electron/window.js');
type App = Parameters<typeof hardenEveryWebContents>[0];

const ROOT = path.resolve(import.meta.dirname, '../..');
let base: string;

beforeEach(() => {
  double.resetElectronDouble();
  base = mkdtempSync(path.join(tmpdir(), 'loket-hardening-'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

function createdContents() {
  const contents = new double.WebContentsDouble();
  double.app.emit('web-contents-created', double.electronEvent({}), contents);
  return contents;
}

describe('every webContents the app creates', () => {
  it('gets no <webview> and no window.open, whatever window it belongs to', () => {
    hardenEveryWebContents(double.app as unknown as App);
    const contents = createdContents();
    expect(contents.attachesWebview().prevented).toBe(true);
    expect(contents.pageOpensWindow('https://example.com/')).toEqual({ action: 'deny' });
  });

  it('startLoket sandboxes every renderer app-wide, before the app is ready', () => {
    startLoket({ distDir: base, env: { LOKET_DATA_DIR: path.join(base, 'data'), LOKET_DEMO: '1' } });
    expect(double.app.sandboxEnabled).toBe(true);
  });

  it('startLoket installs that floor before any window exists', () => {
    startLoket({ distDir: base, env: { LOKET_DATA_DIR: path.join(base, 'data'), LOKET_DEMO: '1' } });
    const contents = createdContents();
    expect(contents.attachesWebview().prevented).toBe(true);
    expect(contents.pageOpensWindow('https://uitid.be/popup')).toEqual({ action: 'deny' });
  });
});

describe('the started app', () => {
  it('has one contract channel per call, no other IPC listener, a redacting log file and diagnostics that show it', async () => {
    const distDir = path.join(base, 'dist');
    const dataDir = path.join(base, 'data');
    mkdirSync(path.join(distDir, 'renderer'), { recursive: true });
    writeFileSync(path.join(distDir, 'renderer', 'index.html'), '<!doctype html><title>Loket</title>');
    const loket = startLoket({ distDir, env: { LOKET_DATA_DIR: dataDir, LOKET_DEMO: '1' } });
    double.app.becomeReady();
    await loket.ready;
    expect(double.dialog.errorBoxes).toEqual([]);
    try {
      expect([...double.ipcMain.handlers.keys()].sort()).toEqual(
        Object.keys(calls)
          .map((n) => `loket:call:${n}`)
          .sort(),
      );
      expect(double.ipcMain.listenedChannels()).toEqual([]);

      double.ipcRenderer.attachTo(loket.window()!.webContents as unknown as InstanceType<typeof double.WebContentsDouble>);
      const diag = (await double.ipcRenderer.invoke('loket:call:app.diagnostics', undefined)) as {
        ok: true;
        value: { logFile: string; update: unknown };
      };
      expect(diag).toMatchObject({ ok: true, value: { transport: 'electron', logFile: path.join(dataDir, 'logs', 'loket.log') } });
      // Demo mode: the updater is off and says why.
      expect(diag.value.update).toEqual({ state: 'disabled', reason: 'demo-mode' });
      await double.ipcRenderer.invoke('loket:call:card.lookup', { identification: '0930000420206' });
      expect(existsSync(diag.value.logFile)).toBe(true);
      expect(readFileSync(diag.value.logFile, 'utf8')).not.toMatch(/0930000420206/);
    } finally {
      double.app.quit();
      // The runtime (outbox, simulator) closes before the app really quits.
      await vi.waitFor(() => expect(double.app.hasQuit).toBe(true));
    }
  });
});

describe('a failed start', () => {
  it('is written to the log file the support desk is sent to, not only shown in a dialog', async () => {
    const dataDir = path.join(base, 'data');
    const loket = startLoket({ distDir: path.join(base, 'no-build'), env: { LOKET_DATA_DIR: dataDir, LOKET_DEMO: '1' } });
    double.app.becomeReady();
    await loket.ready;
    expect(double.dialog.errorBoxes).toHaveLength(1);
    const text = readFileSync(path.join(dataDir, 'logs', 'loket.log'), 'utf8');
    expect(text).toMatch(/ERROR startup failed\n.*The renderer is not built/);
  });
});

describe('the renderer page', () => {
  const meta = (html: string) => /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';

  it('carries a strict CSP meta tag in its source and in the build', () => {
    const pages = [path.join(ROOT, 'renderer/index.html'), path.join(ROOT, 'app/dist/renderer/index.html')].filter((p) => existsSync(p));
    expect(pages.length).toBeGreaterThanOrEqual(1);
    for (const page of pages) {
      const csp = meta(readFileSync(page, 'utf8'));
      expect(csp, page).toContain("default-src 'none'");
      expect(csp, page).toMatch(/script-src 'self'(;|$)/);
      expect(csp, page).not.toMatch(/unsafe-inline|unsafe-eval|\*\.|https?:\/\/(?!127\.0\.0\.1)/);
      expect(csp, page).toContain("base-uri 'none'");
      expect(csp, page).toContain("form-action 'none'");
    }
  });
});
