/**
 * Day close with a sale still in the queue, operator chooses "wait": F9 opens the day close, the
 * screen says it is waiting (with a way to stop), and once UiTPAS is back and the queue is sent
 * the Z report is made by itself — with nothing listed as unregistered.
 */
import { expect, expectCustomer, pickClass, scan, shot, test } from './counter-fixtures.js';

test.use({ viewport: { width: 1366, height: 768 } });

test('F9, wait for the queue, and the day closes by itself once the queue is empty', async ({ page, sim }) => {
  test.setTimeout(90_000);
  const { cards, activities } = sim.seed;
  const up = () =>
    fetch(`${sim.origin}/`).then(
      () => 'up',
      () => 'down',
    );

  await scan(page, cards.kansenstatuut);
  await expectCustomer(page);
  await page.locator(`[data-testid="activity"][data-cdbid="${activities.priced}"]`).click();
  await pickClass(page);
  await sim.fault({ call: 'any', kind: 'refuse', durationMs: 5_000 });
  await expect.poll(up, { timeout: 5_000 }).toBe('down');
  await page.getByTestId('confirm-sale').click();
  await expect(page.getByTestId('sale-status')).toHaveAttribute('data-state', /^(provisional|pending)$/);
  await expect(page.getByTestId('queue-status')).toHaveAttribute('data-pending', '1');

  // F9 from the counter screen, with the focus in the card field.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('card-input')).toBeFocused();
  await page.keyboard.press('F9');
  await expect(page.getByTestId('day-close')).toBeVisible();
  await expect(page.getByTestId('nav-day-close')).toHaveAttribute('aria-pressed', 'true');

  await page.getByTestId('day-close-z').click();
  await page.getByTestId('day-close-confirm-yes').click();
  await expect(page.getByTestId('day-close-queue')).toBeVisible();
  await page.getByTestId('day-close-wait').click();
  const waiting = page.getByTestId('day-close-waiting');
  await expect(waiting).toBeVisible();
  await expect(waiting).toHaveAttribute('data-unregistered', '1');
  await expect(waiting).toContainText('automatisch afgesloten');
  await expect(page.getByTestId('day-close-wait-cancel')).toBeVisible();
  await shot(page, '33-day-close-waiting');

  // UiTPAS comes back; the replay worker sends the sale on its own, and the day closes by itself.
  const notice = page.getByTestId('day-close-notice');
  await expect(notice).toHaveAttribute('data-kind', 'closed', { timeout: 40_000 });
  await expect(waiting).toHaveCount(0);
  const report = page.getByTestId('day-report');
  await expect(report).toHaveAttribute('data-kind', 'Z');
  await expect(report).toHaveAttribute('data-number', '1');
  await expect(report).toHaveAttribute('data-unregistered', '0');
  expect(await sim.sales()).toHaveLength(1);
  await shot(page, '34-day-close-closed-after-wait');
});

test('the help overlay lists F9', async ({ page }) => {
  await expect(page.getByTestId('card-input')).toBeFocused();
  await page.keyboard.press('F1');
  await expect(page.getByTestId('help-overlay')).toContainText('F9');
  await expect(page.getByTestId('help-overlay')).toContainText('Dagafsluiting (X- en Z-rapport)');
});
