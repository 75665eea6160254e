/**
 * The counter screen against the simulator: the sales a counter makes all day, each checked on
 * screen and at UiTPAS (the simulator's admin API says what was registered).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, expectCustomer, pickClass, scan, shot, test } from './counter-fixtures.js';

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

test('a coupon sale', async ({ page, sim }) => {
  const { cards, activities } = sim.seed;
  await page.getByTestId('card-input').fill(cards.coupon);
  await page.keyboard.press('Enter');
  await expectCustomer(page);
  // API 4 offers coupons per activity with its tariffs, not on the passholder, and names each by
  // its tariff id (docs/uitpas-json-api.md §4, §6).
  if (sim.api === 'xml') await expect(page.getByTestId('coupons')).toContainText('Filmbon');
  await page.locator(`[data-testid="activity"][data-cdbid="${activities.coupon}"]`).click();
  await page.locator(`[data-testid="tariff"][data-coupon-id="${sim.api === 'xml' ? '31' : 'COUPON_31'}"]`).click();
  expect(euro(await page.getByTestId('amount').textContent())).toBe('€ 1,00');
  // Enter with nothing focused confirms too.
  await page.evaluate(() =>
    (globalThis as unknown as { document: { activeElement: { blur(): void } | null } }).document.activeElement?.blur(),
  );
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-status')).toHaveAttribute('data-state', 'registered');
  await shot(page, '04-coupon-registered');
  const [sale] = await sim.sales();
  expect(sale).toMatchObject({ cdbid: activities.coupon, couponId: '31', tariffCents: 100 });
});

test('a group sale of 3 tickets shows remaining tickets and the total', async ({ page, sim }) => {
  const { cards, activities } = sim.seed;
  await page.getByTestId('card-input').fill(cards.group);
  await page.keyboard.press('Enter');
  await expectCustomer(page);
  await expect(page.getByTestId('holder-name')).toHaveAttribute('data-kind', 'group');
  await expect(page.getByTestId('remaining-tickets')).toContainText('12');
  await page.locator(`[data-testid="activity"][data-cdbid="${activities.priced}"]`).click();
  await page.locator('[data-testid="tariff"][data-price-class="Categorie 1"]').click();
  // Enter on the tariff moves to the number of tickets; typed digits replace the 1.
  await page.keyboard.press('Enter');
  const count = page.getByTestId('ticket-count');
  await expect(count).toBeFocused();
  await page.keyboard.type('3');
  await expect(count).toHaveValue('3');
  await expect(page.getByTestId('amount')).toHaveText(/16,50/);
  expect(euro(await page.getByTestId('amount').textContent())).toBe('€ 16,50');
  // Never more than the remaining tickets.
  await count.fill('40');
  await expect(count).toHaveValue('12');
  await expect(page.getByTestId('amount')).toHaveText(/66,00/);
  await count.fill('3');
  await shot(page, '05-group-three');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('confirm-sale')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-status')).toHaveAttribute('data-state', 'registered');
  const [sale] = await sim.sales();
  expect(sale).toMatchObject({ amountOfTickets: 3, priceClass: 'Categorie 1', groupPass: true });
});

test('a double press on confirm registers one sale', async ({ page, sim }) => {
  const { cards, activities } = sim.seed;
  // Slow UiTPAS down so the second press lands while the first sale is in flight.
  await sim.fault({ call: 'buy', kind: 'latency', latencyMs: 800 });
  await page.getByTestId('card-input').fill(cards.kansenstatuut);
  await page.keyboard.press('Enter');
  await expectCustomer(page);
  await page.locator(`[data-testid="activity"][data-cdbid="${activities.priced}"]`).click();
  await pickClass(page);
  const confirm = page.getByTestId('confirm-sale');
  await confirm.dblclick();
  await expect(confirm).toBeDisabled();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-status')).toHaveAttribute('data-state', 'registered');
  await page.keyboard.press('Enter');
  expect(await sim.sales()).toHaveLength(1);
  await page.keyboard.press('F8');
  await expect(page.getByTestId('sale-row')).toHaveCount(1);
});

test('a full sale with the keyboard only, then Esc is ready for the next customer', async ({ page, sim }) => {
  const { cards, activities } = sim.seed;
  await scan(page, cards.kansenstatuut);
  await expectCustomer(page);
  // Focus went to the activities: walk down to the concert and pick it.
  const concert = page.locator(`[data-testid="activity"][data-cdbid="${activities.priced}"]`);
  for (
    let i = 0;
    i < 10 &&
    !(await concert.evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement));
    i++
  )
    await page.keyboard.press('ArrowDown');
  await expect(concert).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(concert).toHaveAttribute('data-selected', 'true');
  // Nothing is chosen (not even the cheapest): the focus is on the first class; arrow to the
  // other class and back.
  const cat1 = page.locator('[data-testid="tariff"][data-price-class="Categorie 1"][data-coupon-id=""]');
  const cat2 = page.locator('[data-testid="tariff"][data-price-class="Categorie 2"][data-coupon-id=""]');
  await expect(cat1).toBeFocused();
  await expect(page.locator('[data-testid="tariff"][aria-checked="true"]')).toHaveCount(0);
  await page.keyboard.press('ArrowRight');
  await expect(cat2).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('ArrowLeft');
  await expect(cat1).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(cat2).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('confirm-sale')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-status')).toHaveAttribute('data-state', 'registered');
  expect(euro(await page.getByTestId('amount').textContent())).toBe('€ 3,75');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('card-input')).toBeFocused();
  await expect(page.getByTestId('card-input')).toHaveValue('');
  await expect(page.getByTestId('sale-status')).toHaveCount(0);
  // The next customer of the same show: scan, then one Enter sells (the activity and the class
  // picked stay chosen, the class marked as kept).
  await scan(page, cards.coupon);
  await expectCustomer(page);
  await expect(concert).toHaveAttribute('data-selected', 'true');
  await expect(cat2).toHaveAttribute('data-kept', 'true');
  await expect(page.getByTestId('confirm-sale')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('sale-status')).toHaveAttribute('data-state', 'registered');
  expect(await sim.sales()).toHaveLength(2);
  // The help overlay lists the shortcuts.
  await page.keyboard.press('F1');
  await expect(page.getByTestId('help-overlay')).toContainText('F5');
  await shot(page, '06-help');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help-overlay')).toHaveCount(0);
});

// The receipt printer is a file here (it must exist, like a device): what Loket sends it can be read back.
const PRINTER_FILE = join(mkdtempSync(join(tmpdir(), 'loket-e2e-printer-')), 'receipts.bin');
writeFileSync(PRINTER_FILE, '');

test.describe('cancel and reprint', () => {
  test.use({ extraEnv: { LOKET_PRINTER: `file://${PRINTER_FILE}`, LOKET_PRINTER_TEST_DIR: dirname(PRINTER_FILE) } });

  test('reprint prints a DUPLICAAT; cancel asks first, then cancels at UiTPAS', async ({ page, sim }) => {
    const { cards, activities } = sim.seed;
    await page.getByTestId('card-input').fill(cards.kansenstatuut);
    await page.keyboard.press('Enter');
    await expectCustomer(page);
    await page.locator(`[data-testid="activity"][data-cdbid="${activities.priced}"]`).click();
    await pickClass(page);
    await page.getByTestId('confirm-sale').click();
    await expect(page.getByTestId('sale-status')).toHaveAttribute('data-state', 'registered');
    const id = await page.getByTestId('sale-status').getAttribute('data-sale-id');
    await page.keyboard.press('F8');
    const row = page.locator(`[data-testid="sale-row"][data-sale-id="${id}"]`);
    await expect(row).toHaveAttribute('data-state', 'registered');
    await row.getByTestId('reprint').click();
    await expect(page.getByTestId('action-done')).toHaveAttribute('data-what', 'reprint');
    // The duplicate reaches the printer, marked as such.
    await expect.poll(() => readFileSync(PRINTER_FILE).toString('latin1')).toContain('DUPLICAAT');
    await row.getByTestId('cancel-sale').click();
    await expect(row.getByTestId('cancel-confirm')).toBeFocused();
    await shot(page, '07-cancel-confirm');
    await row.getByTestId('cancel-abort').click();
    expect((await sim.sales())[0]?.cancelled).toBe(false);
    await row.getByTestId('cancel-sale').click();
    await row.getByTestId('cancel-confirm').click();
    await expect(row).toHaveAttribute('data-state', 'cancelled');
    await expect(row.getByTestId('reprint')).toHaveCount(0);
    expect((await sim.sales())[0]?.cancelled).toBe(true);
    await page.getByTestId('filter-cancelled').click();
    await expect(page.getByTestId('sale-row')).toHaveCount(1);
    await page.getByTestId('filter-registered').click();
    await expect(page.getByTestId('sale-row')).toHaveCount(0);
    await page.getByTestId('filter-all').click();
    await shot(page, '08-today');
  });
});

test.describe('in French', () => {
  test.use({ extraEnv: { LOKET_LANG: 'fr' } });

  test('the same sale reads French, with amounts as 5,50 €', async ({ page, sim }) => {
    const { cards, activities } = sim.seed;
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await scan(page, cards.kansenstatuut);
    await expectCustomer(page);
    await expect(page.getByTestId('kansenstatuut')).toContainText("Valable jusqu'au");
    await page.locator(`[data-testid="activity"][data-cdbid="${activities.priced}"]`).click();
    await page.locator('[data-testid="tariff"][data-price-class="Categorie 1"]').click();
    expect(euro(await page.getByTestId('amount').textContent())).toBe('5,50 €');
    await page.getByTestId('confirm-sale').click();
    await expect(page.getByTestId('sale-status')).toHaveAttribute('data-state', 'registered');
    await expect(page.getByTestId('sale-status')).toContainText('Enregistré chez UiTPAS');
    await shot(page, '09-french');
  });
});

test('activities: today by default, the next 7 days, a date, and free-text search', async ({ page, sim }) => {
  await scan(page, sim.seed.cards.kansenstatuut);
  await expectCustomer(page);
  const titles = () => page.locator('[data-testid="activity"] .activity-title').allTextContents();
  const today = await titles();
  expect(today).not.toContain('Dans: Rosas — Fase');
  await page.getByTestId('range-next7days').check();
  await expect.poll(titles).toContain('Dans: Rosas — Fase');
  // "/" from anywhere outside a text field focuses the search.
  await page.locator('[data-testid="activity"]').first().focus();
  await page.keyboard.press('/');
  await expect(page.getByTestId('activity-search')).toBeFocused();
  await page.getByTestId('activity-search').fill('Rosas');
  await page.keyboard.press('Enter');
  await expect.poll(titles).toEqual(['Dans: Rosas — Fase']);
  await page.getByTestId('activity-search').fill('');
  await page.getByTestId('range-date').check();
  // A text field, dd/mm/jjjj (a native date input lost hand-typed keys behind the wedge).
  const tomorrow = new Intl.DateTimeFormat('nl-BE', {
    timeZone: 'Europe/Brussels',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(Date.now() + 86_400_000));
  await page.getByTestId('range-date-input').fill(tomorrow);
  await page.getByTestId('range-date-input').press('Enter');
  await expect.poll(titles).toEqual(['Dans: Rosas — Fase']);
});
