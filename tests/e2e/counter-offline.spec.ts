/**
 * UiTPAS unreachable: the sale is kept on the counter PC (provisional, on the tariff fetched
 * before), the offline banner says so, and once UiTPAS is back the sale is registered and the
 * screen shows it — exactly once at UiTPAS.
 */
import { expect, expectCustomer, pickClass, scan, shot, test } from './counter-fixtures.js';

test.use({ viewport: { width: 1366, height: 768 } });

test('an offline sale is kept, then registered on screen when UiTPAS is back', async ({ page, sim }) => {
  test.setTimeout(60_000);
  const { cards, activities } = sim.seed;
  await scan(page, cards.kansenstatuut);
  await expectCustomer(page);
  await page.locator(`[data-testid="activity"][data-cdbid="${activities.priced}"]`).click();
  await pickClass(page);
  // UiTPAS refuses every connection for a while (a real ECONNREFUSED).
  await sim.fault({ call: 'any', kind: 'refuse', durationMs: 5_000 });
  await expect
    .poll(
      async () =>
        await fetch(`${sim.origin}/`).then(
          () => 'up',
          () => 'down',
        ),
      { timeout: 5_000 },
    )
    .toBe('down');
  await page.getByTestId('confirm-sale').click();
  const status = page.getByTestId('sale-status');
  await expect(status).toHaveAttribute('data-state', /^(provisional|pending)$/);
  await expect(status).toContainText('automatisch geregistreerd');
  await expect(page.getByTestId('offline-banner')).toBeVisible();
  await expect(page.getByTestId('queue-status')).toHaveAttribute('data-pending', '1');
  await shot(page, '15-offline-kept');

  // Back online: "sync now" (F5) instead of waiting for the backoff.
  await expect
    .poll(
      async () =>
        await fetch(`${sim.origin}/`).then(
          () => 'up',
          () => 'down',
        ),
      { timeout: 15_000 },
    )
    .toBe('up');
  await page.keyboard.press('F5');
  await expect(status).toHaveAttribute('data-state', 'registered', { timeout: 20_000 });
  await expect(page.getByTestId('queue-status')).toHaveAttribute('data-pending', '0');
  await expect(page.getByTestId('offline-banner')).toHaveCount(0);
  await shot(page, '16-offline-registered');
  await page.keyboard.press('F8');
  await expect(page.getByTestId('sale-row')).toHaveAttribute('data-state', 'registered');
  const sales = await sim.sales();
  expect(sales).toHaveLength(1);
  expect(sales[0]).toMatchObject({ cdbid: activities.priced, tariffCents: 375 });
});

test('a sale whose answer was lost shows as uncertain, then registered once after reconciliation', async ({ page, sim }) => {
  test.setTimeout(60_000);
  const { cards, activities } = sim.seed;
  await scan(page, cards.kansenstatuut);
  await expectCustomer(page);
  await page.locator(`[data-testid="activity"][data-cdbid="${activities.priced}"]`).click();
  await pickClass(page);
  // UiTPAS registers the sale, then the connection drops before the answer.
  await sim.fault({ call: 'buy', kind: 'drop-after-commit' });
  await page.getByTestId('confirm-sale').click();
  const status = page.getByTestId('sale-status');
  await expect(status).toHaveAttribute('data-state', 'unknown');
  await expect(status).toContainText('registreert nooit dubbel');
  await shot(page, '17-unknown');
  await expect(status).toHaveAttribute('data-state', 'registered', { timeout: 30_000 });
  await expect(page.getByTestId('queue-status')).toHaveAttribute('data-unknown', '0');
  expect((await sim.sales()).filter((s) => !s.cancelled)).toHaveLength(1);
});
