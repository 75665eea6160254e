/**
 * Issue 13: no silent tariff and the focus after a scan. With several price classes nothing is
 * chosen for the employee (not the cheapest): Enter sells nothing until a class is picked; the
 * next customer keeps the class last picked for that activity, marked as kept, and one Enter
 * sells it. After a scan the focus lands on something Enter can sell, never on a free exhibition.
 */
import { seedCardNumber } from '../../main/tools/simulator/seed.js';
import { expect, expectCustomer, scan, test } from './counter-fixtures.js';

test.use({ viewport: { width: 1366, height: 768 } });

const NOELLE = seedCardNumber(9, true);
const cell = (priceClass: string) => `[data-testid="tariff"][data-price-class="${priceClass}"][data-coupon-id=""]`;

test('several price classes: nothing sold until one is picked, then the pick is kept for the next customer', async ({ page, sim }) => {
  const { cards, activities } = sim.seed;
  await scan(page, cards.kansenstatuut);
  await expectCustomer(page);
  await page.locator(`[data-testid="activity"][data-cdbid="${activities.priced}"]`).click();
  // Nothing chosen: no amount, confirm disabled, the grid says to pick.
  await expect(page.getByTestId('tariff-choose')).toBeVisible();
  await expect(page.locator('[data-testid="tariff"][aria-checked="true"]')).toHaveCount(0);
  await expect(page.getByTestId('amount')).toHaveText('—');
  await expect(page.getByTestId('confirm-sale')).toBeDisabled();
  // The focus is in the grid: Enter there without moving picks the focused class, not the cheapest.
  await expect(page.locator(cell('Categorie 1'))).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator(cell('Categorie 1'))).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('confirm-sale')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-status')).toHaveAttribute('data-state', 'registered');

  // Next customer: the activity and its class are kept, visibly; one Enter sells Categorie 1 again.
  await page.keyboard.press('Escape');
  await scan(page, NOELLE);
  await expect(page.getByTestId('holder-name')).toHaveText('Noëlle Janssens');
  await expect(page.locator(cell('Categorie 1'))).toHaveAttribute('data-kept', 'true');
  await expect(page.getByTestId('tariff-kept')).toBeVisible();
  await expect(page.getByTestId('tariff-kept-hint')).toBeVisible();
  await expect(page.getByTestId('confirm-sale')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-status')).toHaveAttribute('data-state', 'registered');
  const sales = await sim.sales();
  expect(sales.map((s) => s.priceClass)).toEqual(['Categorie 1', 'Categorie 1']);

  // Another class picked by hand is no longer "kept" (a third passholder: the first two had
  // their one kansentarief ticket for this concert).
  await page.keyboard.press('Escape');
  await scan(page, seedCardNumber(10, true));
  await expectCustomer(page);
  await page.locator(cell('Categorie 2')).click();
  await expect(page.locator(cell('Categorie 2'))).toHaveAttribute('data-kept', 'false');
  await expect(page.getByTestId('tariff-kept')).toHaveCount(0);
});

test('after a scan the focus is on an activity that can be sold, not the free exhibition', async ({ page, sim }) => {
  const { cards, activities } = sim.seed;
  await scan(page, cards.kansenstatuut);
  await expectCustomer(page);
  const focused = page.locator('[data-testid="activity"]:focus');
  await expect(focused).toHaveAttribute('data-sellable', 'true');
  await expect(focused).not.toHaveAttribute('data-cdbid', activities.free);
  // The free exhibition is on the list, before it.
  await expect(page.locator(`[data-testid="activity"][data-cdbid="${activities.free}"]`)).toHaveAttribute('data-sellable', 'false');
  // Enter on it goes on to the tariffs (or the only tariff is taken and confirm is next).
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-testid="tariff"]:focus, #confirm-sale:focus')).toHaveCount(1);
});
