/**
 * The counter screen against the simulator: the sales a counter makes all day, each checked on
 * screen and at UiTPAS (the simulator's admin API says what was registered).
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, expectCustomer, scan, shot, test } from './counter-fixtures.js';

test.use({ viewport: { width: 1366, height: 768 } });

const euro = (s: string | null) => (s ?? '').replace(/\s/g, ' ');

test('a kansentarief sale with a chosen price class', async ({ page, sim }) => {
  const { cards, activities } = sim.seed;
  await expect(page.getByTestId('card-input')).toBeFocused();
  await shot(page, '01-ready');
  await page.getByTestId('card-input').fill(cards.kansenstatuut);
  await page.keyboard.press('Enter');
  await expectCustomer(page);
  await expect(page.getByTestId('holder-name')).toHaveText('Fatma Yılmaz');
  await expect(page.getByTestId('kansenstatuut')).toHaveAttribute('data-status', 'active');
  await page.locator(`[data-testid="activity"][data-cdbid="${activities.priced}"]`).click();
  const cat2 = page.locator('[data-testid="tariff"][data-price-class="Categorie 2"][data-coupon-id=""]');
  await expect(cat2).toHaveAttribute('data-cheapest', 'true');
  await page.locator('[data-testid="tariff"][data-price-class="Categorie 1"][data-coupon-id=""]').click();
  await expect(page.getByTestId('amount')).toHaveText(/5,50/);
  expect(euro(await page.getByTestId('amount').textContent())).toBe('€ 5,50');
  await shot(page, '02-tariff-chosen');
  await page.getByTestId('confirm-sale').click();
  const status = page.getByTestId('sale-status');
  await expect(status).toHaveAttribute('data-state', 'registered');
  await expect(page.getByTestId('ticket-sale-id')).not.toBeEmpty();
  await shot(page, '03-registered');
  const sales = await sim.sales();
  expect(sales).toHaveLength(1);
  expect(sales[0]).toMatchObject({ cdbid: activities.priced, priceClass: 'Categorie 1', tariffCents: 550 });
  await expect(page.getByTestId('ticket-sale-id')).toHaveText(sales[0]!.id);

  const axe = await new AxeBuilder({ page }).analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
});
