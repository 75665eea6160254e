/**
 * The settings screen in Chromium: every bad field gets its own clear message and nothing is
 * saved; a good change is saved and survives a restart of the web host (same data folder).
 */
import AxeBuilder from '@axe-core/playwright';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from '@playwright/test';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

test.use({ viewport: { width: 1366, height: 900 } });

/** A web host on `dataDir` (demo mode), stopped with SIGTERM like an operator closing it. */
async function startHost(dataDir: string): Promise<{ url: string; stop: () => Promise<void>; log: () => string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LOKET_')));
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/web/cli.ts'], {
    cwd: REPO,
    env: { ...env, LOKET_DATA_DIR: dataDir, LOKET_WEB_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (out += s));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no LOKET_URL within 30 s:\n${out}`)), 30_000);
    child.stdout.on('data', () => {
      const m = /^LOKET_URL (\S+)$/m.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`host exited (${code}):\n${out}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return { url, stop, log: () => out };
}

async function openSettings(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-screen')).toBeVisible();
}

test('a file printer that is no printer port and a plain-http UiTPAS host are refused, in Dutch, and nothing is saved', async ({
  page,
}) => {
  test.setTimeout(60_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'loket-e2e-settings-'));
  const host = await startHost(dataDir);
  try {
    await openSettings(page, host.url);
    // Valid by the printer grammar; main refuses it because it is a file, not a port.
    await page.getByTestId('settings-printerUrl').fill(`file://${join(dataDir, 'outbox.sqlite')}`);
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('problem-printerUrl')).toContainText('Dit bestand is geen printerpoort');
    await page.getByTestId('settings-printerUrl').fill('none');
    await page.getByTestId('settings-environment').selectOption('custom');
    await page.getByTestId('settings-customUrl').fill('http://uitpas.example.org/uitid/rest');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('problem-customUrl')).toHaveText('Gebruik een https-adres (http alleen voor 127.0.0.1, de simulator).');
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(false);
  } finally {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('bad fields are named one by one; a good change is saved and survives a restart', async ({ page }) => {
  test.setTimeout(60_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'loket-e2e-settings-'));
  let host = await startHost(dataDir);
  try {
    await openSettings(page, host.url);
    await page.getByTestId('settings-wedgeMaxGapMs').fill('500');
    await page.getByTestId('settings-printerUrl').fill('lpt1');
    await page.getByTestId('settings-maxUnregisteredCount').fill('veel');
    await page.getByTestId('settings-tariffCacheHours').fill('1,5');
    await page.getByTestId('settings-environment').selectOption('custom');
    await page.getByTestId('settings-save').click();

    await expect(page.getByTestId('settings-invalid')).toBeVisible();
    await expect(page.getByTestId('problem-wedgeMaxGapMs')).toHaveText('Hoogstens 200.');
    await expect(page.getByTestId('problem-printerUrl')).toContainText('Onbekend printeradres');
    await expect(page.getByTestId('problem-maxUnregisteredCount')).toHaveText('Vul een getal in.');
    await expect(page.getByTestId('problem-customUrl')).toHaveText('Verplicht veld.');
    await expect(page.getByTestId('problem-tariffCacheHours')).toHaveCount(0);
    await expect(page.getByTestId('settings-wedgeMaxGapMs')).toHaveAttribute('aria-invalid', 'true');
    // The keyboard is taken to the first field to correct.
    await expect(page.getByTestId('settings-customUrl')).toBeFocused();
    await page.screenshot({ path: join(REPO, 'test-results', 'screens', '43-settings-invalid.png'), fullPage: true });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    expect(existsSync(join(dataDir, 'settings.json'))).toBe(false);

    await page.getByTestId('settings-environment').selectOption('test');
    await page.getByTestId('settings-wedgeMaxGapMs').fill('120');
    await page.getByTestId('settings-printerUrl').fill('none');
    await page.getByTestId('settings-maxUnregisteredCount').fill('800');
    await page.getByTestId('settings-columns').selectOption('48');
    await page.getByTestId('settings-language').selectOption('fr');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-saved')).toBeVisible();
    // The printer and the scanner take their settings at start: the screen says which need a restart.
    await expect(page.getByTestId('settings-saved')).toContainText('Largeur du ticket');
    // The language applies at once.
    await expect(page.locator('#settings-title')).toHaveText('Paramètres');
    expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({
      schemaVersion: 2,
      language: 'fr',
      printer: { columns: 48, url: 'none' },
      scanner: { wedgeMaxGapMs: 120 },
      offline: { maxUnregisteredCount: 800, tariffCacheHours: 1.5 },
    });

    await host.stop();
    host = await startHost(dataDir);
    await openSettings(page, host.url);
    await expect(page.locator('#settings-title')).toHaveText('Paramètres');
    await expect(page.getByTestId('settings-columns')).toHaveValue('48');
    await expect(page.getByTestId('settings-wedgeMaxGapMs')).toHaveValue('120');
    await expect(page.getByTestId('settings-maxUnregisteredCount')).toHaveValue('800');
    await expect(page.getByTestId('settings-tariffCacheHours')).toHaveValue('1.5');
    await expect(page.getByTestId('settings-language')).toHaveValue('fr');
  } finally {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('choosing API 4: its environments, the UiTiD client id and a write-only client secret; a restart is asked for', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'loket-e2e-settings-'));
  const host = await startHost(dataDir);
  try {
    await openSettings(page, host.url);
    await expect(page.getByTestId('settings-api')).toHaveValue('xml');
    await page.getByTestId('settings-environment').selectOption('acceptance');
    await page.getByTestId('settings-api').selectOption('v4');
    // UiTiD has no acceptance realm: API 4 offers test, production and custom addresses.
    await expect(page.getByTestId('settings-environment')).toHaveValue('test');
    await expect(page.getByTestId('settings-environment').locator('option')).toHaveText([
      'Test (api-test.uitpas.be)',
      'Productie (api.uitpas.be)',
      'Eigen adressen',
    ]);
    await expect(page.getByTestId('settings-consumerKey')).toHaveCount(0);
    await page.getByTestId('settings-clientId').fill('loket-counter-client');
    await page.getByTestId('settings-clientSecret').fill('a-client-secret');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-saved')).toContainText('Herstart Loket');
    await expect(page.getByTestId('settings-saved')).toContainText('UiTPAS-API');
    await expect(page.getByTestId('settings-clientSecret')).toHaveValue('');
    const saved = readFileSync(join(dataDir, 'settings.json'), 'utf8');
    expect(JSON.parse(saved)).toMatchObject({
      schemaVersion: 2,
      uitpas: { api: 'v4', environment: 'test', clientId: 'loket-counter-client' },
    });
    expect(saved).not.toContain('a-client-secret');
    expect(readFileSync(join(dataDir, 'secrets.json'), 'utf8')).toContain('a-client-secret');
  } finally {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
