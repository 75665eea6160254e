/**
 * The top bar at a counter PC's 1366 × 768: one row in nl, fr and en, also with the printer failing
 * (its widest state). A receipt that cannot print shows on the counter screen with the reason and
 * the waiting count, selling goes on, and "retry" prints it once the printer is back.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, expectCustomer, pickClass, scan, shot, test as counterTest } from './counter-fixtures.js';
import { freePort, startFakePrinter } from '../support/fake-printer.js';

const test = counterTest.extend<{ lang: string; printerPort: number }>({
  lang: ['nl', { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
  printerPort: async ({}, use) => use(await freePort()),
  // Nothing listens on the port until a test starts the fake printer: the printer is "down".
  extraEnv: async ({ lang, printerPort }, use) => use({ LOKET_LANG: lang, LOKET_PRINTER: `tcp://127.0.0.1:${printerPort}` }),
});

test.use({ viewport: { width: 1366, height: 768 } });

/** Every item of the bar lies on one line: each starts above where the lowest-starting one ends. */
async function expectOneRow(page: Page): Promise<void> {
  const items = await page.locator('header.topbar > *').all();
  const boxes: { top: number; bottom: number; right: number }[] = [];
  for (const item of items) {
    const b = await item.boundingBox();
    if (b) boxes.push({ top: b.y, bottom: b.y + b.height, right: b.x + b.width });
  }
  expect(boxes.length).toBeGreaterThan(3);
  const lowestTop = Math.max(...boxes.map((b) => b.top));
  const highestBottom = Math.min(...boxes.map((b) => b.bottom));
  expect(lowestTop).toBeLessThan(highestBottom);
  expect(Math.max(...boxes.map((b) => b.right))).toBeLessThanOrEqual(1366);
}

async function sellWithPrinterDown(page: Page, cards: { kansenstatuut: string }, cdbid: string): Promise<void> {
  await scan(page, cards.kansenstatuut);
  await expectCustomer(page);
  await page.locator(`[data-testid="activity"][data-cdbid="${cdbid}"]`).click();
  await pickClass(page);
  await page.getByTestId('confirm-sale').click();
  await expect(page.getByTestId('sale-status')).toHaveAttribute('data-state', 'registered');
  const printer = page.getByTestId('printer-status');
  await expect(printer).toHaveAttribute('data-state', 'error');
  await expect(printer).toHaveAttribute('data-queued', '1');
}

for (const [lang, failed] of [
  ['nl', 'Bon niet afgedrukt'],
  ['fr', 'Ticket non imprimé'],
  ['en', 'Receipt not printed'],
] as const) {
  test.describe(`top bar in ${lang}`, () => {
    test.use({ lang });

    test('is one row at 1366 px, also while a receipt waits for the printer', async ({ page, sim }) => {
      await expect(page.getByTestId('printer-status')).toBeVisible();
      await expectOneRow(page);
      await sellWithPrinterDown(page, sim.seed.cards, sim.seed.activities.priced);
      const printer = page.getByTestId('printer-status');
      await expect(page.getByTestId('printer-alert')).toContainText(failed);
      await expect(printer).toHaveAttribute('data-problem', 'unreachable');
      await expect(page.getByTestId('printer-queued')).toBeVisible();
      await expect(page.getByTestId('printer-retry')).toBeVisible();
      await expectOneRow(page);
      await page.getByTestId('nav-today').click();
      await expectOneRow(page);
      await page.getByTestId('nav-sale').click();
      await shot(page, `50-topbar-printer-failed-${lang}`);
    });
  });
}

test('retry prints the waiting receipt once the printer is back; the counter screen stays usable', async ({ page, sim, printerPort }) => {
  await sellWithPrinterDown(page, sim.seed.cards, sim.seed.activities.priced);
  // Selling never waits for the printer: the next customer can be served right away.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('card-input')).toBeFocused();
  const axe = await new AxeBuilder({ page }).include('header.topbar').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);

  const printer = await startFakePrinter(printerPort);
  try {
    // The queue also retries by itself (1 s, 2 s, 5 s …) and may win the race against the click;
    // the button is the operator's fast path. That it sends before the backoff is proven in
    // tests/integration/printer/printer-retry.test.ts; here: either way, the receipt prints once.
    await page
      .getByTestId('printer-retry')
      .click({ timeout: 2_000 })
      .catch(() => undefined);
    const status = page.getByTestId('printer-status');
    await expect(status).toHaveAttribute('data-state', 'ok');
    await expect(status).toHaveAttribute('data-queued', '0');
    await expect(page.getByTestId('printer-retry')).toHaveCount(0);
    await expect.poll(() => printer.received.length).toBe(1);
    // cp858 text of the receipt: the UiTPAS tariff line is there.
    expect(printer.received[0]!.toString('latin1')).toContain('UiTPAS-tarief');
    await shot(page, '51-topbar-printer-ok');
  } finally {
    await printer.close();
  }
});

test.describe('top bar at its busiest, in French', () => {
  test.use({ lang: 'fr' });

  test('stays one row with UiTPAS offline, a sale in the queue and a receipt not printed', async ({ page, sim }) => {
    const { cards, activities } = sim.seed;
    await scan(page, cards.kansenstatuut);
    await expectCustomer(page);
    await page.locator(`[data-testid="activity"][data-cdbid="${activities.priced}"]`).click();
    await pickClass(page);
    await sim.fault({ call: 'any', kind: 'refuse', durationMs: 5_000 });
    await expect
      .poll(
        () =>
          fetch(`${sim.origin}/`).then(
            () => 'up',
            () => 'down',
          ),
        { timeout: 5_000 },
      )
      .toBe('down');
    await page.getByTestId('confirm-sale').click();
    await expect(page.getByTestId('sale-status')).toHaveAttribute('data-state', /^(provisional|pending)$/);
    await expect(page.getByTestId('queue-status')).toHaveAttribute('data-pending', '1');
    await expect(page.getByTestId('sync-now')).toBeVisible();
    await expect(page.getByTestId('printer-status')).toHaveAttribute('data-state', 'error');
    await expect(page.getByTestId('connectivity')).toHaveAttribute('data-state', 'offline');
    await expectOneRow(page);
    await shot(page, '54-topbar-busiest-fr');
  });
});
