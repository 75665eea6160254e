/**
 * The diagnostics view (issue 6): support facts from app.diagnostics, the HID scanner as this
 * machine's node-hid sees it, and the receipt printer with a test print on a fake TCP printer.
 */
import AxeBuilder from '@axe-core/playwright';
import { join } from 'node:path';
import { expect, test as base } from './fixtures.js';
import { freePort, startFakePrinter } from '../support/fake-printer.js';

const test = base.extend<{ printerPort: number }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
  printerPort: async ({}, use) => use(await freePort()),
  hostEnv: async ({ printerPort }, use) => use({ LOKET_PRINTER: `tcp://127.0.0.1:${printerPort}` }),
});

test.use({ viewport: { width: 1366, height: 768 } });

test('shows support facts, the scanner and the printer, and a test print reaches the printer', async ({ page, host, printerPort }) => {
  const printer = await startFakePrinter(printerPort);
  try {
    await page.getByTestId('nav-diagnostics').click();
    await expect(page.getByTestId('nav-diagnostics')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('diag-data-dir')).toHaveText(host.dataDir);
    await expect(page.getByTestId('diag-log-file')).toContainText('console');
    await expect(page.getByTestId('diag-update')).toHaveAttribute('data-state', /^(disabled|idle)$/);
    await expect(page.getByTestId('diag-runtime')).toContainText('node');
    // No HID scanner on this machine: a clear state, never a crash; the list answers either way.
    await expect(page.getByTestId('scanner-state')).toHaveAttribute('data-state', /^(not-found|unavailable|disabled)$/);
    await expect(page.getByTestId('last-scan-none')).toBeVisible();
    await expect(
      page.locator('[data-testid="hid-devices"], [data-testid="hid-devices-none"], [data-testid="hid-devices-error"]'),
    ).toHaveCount(1);

    await expect(page.getByTestId('diag-printer-url')).toHaveText(`tcp://127.0.0.1:${printerPort}`);
    await page.getByTestId('test-print').click();
    await expect(page.getByTestId('test-print-result')).toHaveAttribute('data-printed', 'true');
    await expect(page.getByTestId('test-print-result')).toHaveText('Testbon afgedrukt.');
    await expect.poll(() => printer.received.length).toBe(1);
    await expect(page.getByTestId('printer-status')).toHaveAttribute('data-state', 'ok');

    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await page.screenshot({ path: join('test-results', 'screens', '52-diagnostics.png'), fullPage: true });
  } finally {
    await printer.close();
  }
});

test('a test print with the printer down says why, and the top bar shows the waiting receipt', async ({ page }) => {
  await page.getByTestId('nav-diagnostics').click();
  await page.getByTestId('test-print').click();
  const result = page.getByTestId('test-print-result');
  await expect(result).toHaveAttribute('data-printed', 'false');
  await expect(result).toContainText('ECONNREFUSED');
  await expect(page.getByTestId('diag-printer-state')).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('diag-printer-state')).toContainText('printer niet bereikbaar');
  await expect(page.getByTestId('printer-status')).toHaveAttribute('data-queued', '1');
  await expect(page.getByTestId('printer-alert')).toBeVisible();
  await page.screenshot({ path: join('test-results', 'screens', '53-diagnostics-printer-down.png'), fullPage: true });
});
