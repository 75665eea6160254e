/**
 * Launches the built app (app/ with dist/main.cjs) in the real Electron binary and checks the
 * window shows the version main reports, through the real preload and IPC. Skipped, with the
 * reason, where no Electron binary is installed (it is never downloaded from here).
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const APP_DIR = path.join(ROOT, 'app');
const rootVersion = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const binary = findElectronBinary({ root: ROOT });

type BridgeWindow = { loket: { invoke(name: string, input: unknown): Promise<unknown>; transport: string } } & Record<string, unknown>;

test.describe('Loket in Electron', () => {
  test.skip(!binary.installed, binary.installed ? '' : binary.reason);

  let app: ElectronApplication;
  let page: Page;
  let dataDir: string;
  const output: string[] = [];

  test.beforeAll(async () => {
    if (!binary.installed) return;
    for (const file of ['dist/main.cjs', 'dist/preload.cjs', 'dist/renderer/index.html']) {
      if (!existsSync(path.join(APP_DIR, file))) throw new Error(`app/${file} is missing: run npm run build before the Electron tests`);
    }
    dataDir = mkdtempSync(path.join(tmpdir(), 'loket-e2e-electron-'));
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('LOKET_')) env[key] = value;
    delete env.ELECTRON_RUN_AS_NODE;
    app = await _electron.launch({
      executablePath: binary.path,
      args: [APP_DIR],
      cwd: ROOT,
      env: { ...env, LOKET_DATA_DIR: dataDir, LOKET_DEMO: '1', LOKET_LANG: 'nl' },
    });
    app.process().stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    app.process().stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  // Playwright requires an object pattern for the fixtures argument, even when none are used.
  // eslint-disable-next-line no-empty-pattern
  test.afterEach(async ({}, testInfo) => {
    if (testInfo.status !== testInfo.expectedStatus && page) {
      await page.screenshot({ path: testInfo.outputPath('failure.png') }).catch(() => {});
      await testInfo.attach('electron-output.log', { body: output.join(''), contentType: 'text/plain' });
    }
  });

  test.afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  test('the window shows the version main reports', async () => {
    const version = await app.evaluate(({ app: electronApp }) => electronApp.getVersion());
    expect(version).toBe(rootVersion);
    await expect(page.getByText(version, { exact: false }).first()).toBeVisible();
  });

  test('the page is served from app://loket and reaches main only through window.loket', async () => {
    expect(page.url()).toBe('app://loket/index.html');
    const surface = await page.evaluate(() => {
      const w = globalThis as unknown as BridgeWindow;
      return { keys: Object.keys(w.loket).sort(), transport: w.loket.transport, require: typeof w.require, process: typeof w.process };
    });
    expect(surface).toEqual({
      keys: ['invoke', 'subscribe', 'transport'],
      transport: 'electron',
      require: 'undefined',
      process: 'undefined',
    });
    const info = await page.evaluate(() => (globalThis as unknown as BridgeWindow).loket.invoke('app.info', undefined));
    expect(info).toMatchObject({ ok: true, value: { name: 'Loket', version: rootVersion, transport: 'electron', mode: 'demo' } });
    const unknown = await page.evaluate(() => (globalThis as unknown as BridgeWindow).loket.invoke('fs.readFile', '/etc/passwd'));
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
  });

  test('navigation away and new windows are refused', async () => {
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    // A navigation that had gone ahead would have destroyed this page's context.
    expect(await page.evaluate(() => (globalThis as unknown as { location: { href: string } }).location.href)).toBe(
      'app://loket/index.html',
    );
    await page.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/'));
    expect(app.windows()).toHaveLength(1);
  });
});
