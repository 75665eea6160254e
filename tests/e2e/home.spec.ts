import AxeBuilder from '@axe-core/playwright';
import pkg from '../../package.json' with { type: 'json' };
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

/** The first screen is the counter (sale) screen; version, mode and ping live under Diagnose. */
async function openDiagnostics(page: Page): Promise<void> {
  await page.getByTestId('nav-diagnostics').click();
}

test.describe('first screen (demo by default)', () => {
  test('opens on the counter screen with the card field focused', async ({ page }) => {
    await expect(page.getByTestId('card-input')).toBeFocused();
    await expect(page.getByTestId('queue-status')).toBeVisible();
  });

  test('shows the version that came from main over the WebSocket', async ({ page }) => {
    await openDiagnostics(page);
    await expect(page.getByTestId('app-name')).toHaveText('Loket');
    await expect(page.getByTestId('app-version')).toHaveText(pkg.version);
    await expect(page.getByTestId('app-transport')).toHaveText('Browser (webhost)');
  });

  test('a ping makes the round trip to main', async ({ page }) => {
    await openDiagnostics(page);
    await expect(page.getByTestId('ping-result')).toHaveAttribute('data-status', 'ok');
    await expect(page.getByTestId('ping-result')).toContainText('OK');
  });

  test('shows the DEMO banner and the connectivity state from main', async ({ page }) => {
    await expect(page.getByTestId('demo-banner')).toBeVisible();
    await expect(page.getByTestId('demo-banner')).toContainText('DEMO');
    await openDiagnostics(page);
    await expect(page.getByTestId('app-mode')).toHaveAttribute('data-mode', 'demo');
    // Main pushes the state on connect; the sales service may already have reached the simulator.
    await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', /^(unknown|online|offline)$/);
    await expect(page.getByTestId('connectivity')).toHaveText(/^(Nog onbekend|Online|Offline)$/);
  });

  test('has no serious accessibility violations', async ({ page }) => {
    await openDiagnostics(page);
    await expect(page.getByTestId('ping-result')).toHaveAttribute('data-status', 'ok');
    const result = await new AxeBuilder({ page }).analyze();
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});

test.describe('live mode', () => {
  test.use({ hostEnv: { LOKET_DEMO: '0' } });

  test('has no DEMO banner', async ({ page }) => {
    await openDiagnostics(page);
    await expect(page.getByTestId('app-mode')).toHaveAttribute('data-mode', 'live');
    await expect(page.getByTestId('demo-banner')).toHaveCount(0);
  });
});

test.describe('language from LOKET_LANG', () => {
  test.use({ hostEnv: { LOKET_LANG: 'fr' } });

  test('speaks French and lists the override', async ({ page }) => {
    await expect(page.getByTestId('demo-banner')).toContainText('DÉMO');
    await openDiagnostics(page);
    await expect(page.getByTestId('app-overrides')).toHaveText('language');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  });
});

test.describe('a malformed settings file', () => {
  test.use({ dataFiles: { 'settings.json': '{"schemaVersion": 1, "language": ' } });

  test('is reported on screen while the app runs on defaults', async ({ page, host }) => {
    await expect(page.getByTestId('settings-error')).toBeVisible();
    await openDiagnostics(page);
    await expect(page.getByTestId('app-version')).toHaveText(pkg.version);
    expect(host.log()).toContain('settings.json is not valid JSON');
  });
});

test.describe('access', () => {
  test.use({ openPage: false });

  test('a wrong token shows a clear error instead of the app', async ({ page, host }) => {
    await page.goto(`${host.origin}/?token=${'x'.repeat(host.token.length)}`);
    await expect(page.getByTestId('connection-error')).toHaveAttribute('data-code', 'TRANSPORT_UNAVAILABLE');
    await expect(page.getByTestId('connection-error')).toContainText('Geen verbinding met Loket');
    await expect(page.getByTestId('app-version')).toHaveCount(0);
    expect(host.log()).toContain('WebSocket refused (wrong or missing token)');
  });

  test('the app loads without console errors (no CSP violation, no failed request)', async ({ page, host }) => {
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
    await page.goto(host.url);
    await openDiagnostics(page);
    await expect(page.getByTestId('ping-result')).toHaveAttribute('data-status', 'ok');
    expect(problems).toEqual([]);
  });

  test('the token leaves the address bar and the history entry at once; a reload still connects', async ({ page, host }) => {
    await page.goto(host.url);
    await openDiagnostics(page);
    await expect(page.getByTestId('ping-result')).toHaveAttribute('data-status', 'ok');
    expect(page.url()).toBe(`${host.origin}/`);
    expect(await page.evaluate<string>('window.location.href')).not.toContain(host.token);
    // The entry was replaced, not added to: no step back or forward leads to the token.
    await page.goBack();
    expect(page.url()).not.toContain(host.token);
    await page.goForward();
    expect(page.url()).toBe(`${host.origin}/`);
    await page.reload();
    await openDiagnostics(page);
    await expect(page.getByTestId('ping-result')).toHaveAttribute('data-status', 'ok');
    expect(page.url()).not.toContain(host.token);
  });

  test('a missing token says the address is incomplete', async ({ page, host }) => {
    await page.goto(`${host.origin}/`);
    await expect(page.getByTestId('connection-error')).toHaveAttribute('data-code', 'TRANSPORT_NO_TOKEN');
    await expect(page.getByTestId('connection-error')).toContainText('toegangscode');
  });
});
