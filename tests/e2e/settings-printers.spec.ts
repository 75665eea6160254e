/**
 * Settings in Chromium: "Gevonden printers" lists what printer discovery sees in the web host
 * (LOKET_PRINTER_DISCOVERY_ROOT: a temp folder standing in for /dev, /sys and lpstat), a choice
 * fills the printer field, and a typed TCP printer gets a test receipt before it is saved.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test as base } from './fixtures.js';
import { freePort, startFakePrinter } from '../support/fake-printer.js';
import { decodeEscPos } from '../unit/printer/escpos-decoder.js';

const test = base.extend<{ discoveryRoot: string; printerPort: number }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
  discoveryRoot: async ({}, use) => {
    const root = mkdtempSync(join(tmpdir(), 'loket-e2e-printers-'));
    mkdirSync(join(root, 'dev', 'usb'), { recursive: true });
    writeFileSync(join(root, 'dev', 'usb', 'lp0'), '');
    writeFileSync(join(root, 'dev', 'ttyUSB0'), '');
    writeFileSync(join(root, 'dev', 'ttyS3'), ''); // no /sys/class/tty/ttyS3/device: no hardware
    writeFileSync(join(root, 'lpstat-e.txt'), 'Kassa_80mm\n');
    await use(root);
    rmSync(root, { recursive: true, force: true });
  },
  // eslint-disable-next-line no-empty-pattern -- as above
  printerPort: async ({}, use) => use(await freePort()),
  hostEnv: async ({ discoveryRoot }, use) => use({ LOKET_PRINTER_DISCOVERY_ROOT: discoveryRoot }),
});

test('lists the printers discovery sees, fills the field on a choice, and test-prints a typed TCP printer', async ({
  page,
  printerPort,
}) => {
  test.setTimeout(60_000);
  const printer = await startFakePrinter(printerPort);
  try {
    await page.getByTestId('nav-settings').click();
    const found = page.getByTestId('found-printers');
    await expect(found.getByRole('heading', { name: 'Gevonden printers' })).toBeVisible();
    const entries = found.getByTestId('found-printer');
    await expect(entries).toHaveCount(3);
    const urls = ['system:Kassa_80mm', 'file:///dev/usb/lp0', 'file:///dev/ttyUSB0'];
    for (const [i, url] of urls.entries()) await expect(entries.nth(i)).toHaveAttribute('data-url', url);

    // A choice fills the printer field (saved only with the form).
    await entries.nth(1).getByRole('radio').check();
    const field = page.getByLabel('Printer', { exact: true });
    await expect(field).toHaveValue('file:///dev/usb/lp0');

    // A test print on a listed device that is not there fails clearly (the test root is no /dev).
    await entries.nth(1).getByTestId('found-printer-test').click();
    await expect(entries.nth(1).getByTestId('found-printer-result')).toHaveAttribute('data-printed', 'false');

    // Refresh asks main again.
    await page.getByTestId('printers-refresh').click();
    await expect(entries).toHaveCount(3);

    // A TCP printer is still typed by hand, and tested before it is saved.
    await field.fill(`tcp://127.0.0.1:${printerPort}`);
    const job = printer.nextJob();
    await page.getByTestId('settings-test-print').click();
    await expect(page.getByTestId('test-print-result')).toHaveAttribute('data-printed', 'true');
    expect(decodeEscPos(await job).lines.join('\n')).toContain('Testafdruk');
  } finally {
    await printer.close();
  }
});
