/**
 * Every way a sale is refused, each with a clear Dutch message: by UiTPAS on the sale (maximum
 * reached), at the card (blocked, unknown), by the tariffs UiTPAS offers (expired kansenstatuut,
 * free event), and locally before anything leaves the page (an invalid number).
 */
import type { BrowserContext, Page } from '@playwright/test';
import { expect, expectCustomer, pickClass, recordCalls, scan, shot, test, type Simulator } from './counter-fixtures.js';

test.use({ viewport: { width: 1366, height: 768 } });

/**
 * The concert chosen for the kansenstatuut card on `page`, while another counter PC sells this
 * passholder's one kansentarief ticket for it first: the sale about to be confirmed will be refused.
 */
async function soldElsewhereMeanwhile({
  page,
  context,
  host,
  sim,
}: {
  page: Page;
  context: BrowserContext;
  host: { url: string };
  sim: Simulator;
}) {
  const { cards, activities } = sim.seed;
  const concert = `[data-testid="activity"][data-cdbid="${activities.priced}"]`;
  await scan(page, cards.kansenstatuut);
  await expectCustomer(page);
  await page.locator(concert).click();
  await pickClass(page);
  const other = await context.newPage();
  await other.goto(host.url);
  await scan(other, cards.kansenstatuut);
  await expectCustomer(other);
  await other.locator(concert).click();
  await pickClass(other);
  await other.getByTestId('confirm-sale').click();
  await expect(other.getByTestId('sale-status')).toHaveAttribute('data-state', 'registered');
  await other.close();
  return concert;
}

test('maximum reached: UiTPAS refuses the second ticket sold elsewhere meanwhile', async ({ page, context, host, sim }) => {
  const { cards } = sim.seed;
  const concert = await soldElsewhereMeanwhile({ page, context, host, sim });
  await page.getByTestId('confirm-sale').click();
  const status = page.getByTestId('sale-status');
  // API 4 has no code for it: GET /tariffs offers no kansentarief, with only UiTPAS's own text,
  // which the screen shows as UiTPAS's words (docs/uitpas-json-api.md §6).
  const code = sim.api === 'xml' ? 'MAXIMUM_REACHED' : 'NO_TARIFF';
  await expect(status).toHaveAttribute('data-state', 'rejected');
  await expect(status).toHaveAttribute('data-code', code);
  await expect(status).toContainText('Geweigerd door UiTPAS');
  if (sim.api === 'xml') await expect(status).toContainText('maximum aantal tickets');
  await expect(status).toContainText('UiTPAS zegt:');
  await expect(page.getByTestId('queue-status')).toHaveAttribute('data-rejected', '1');
  await shot(page, '10-rejected-maximum');
  // A new lookup now shows why there is no discount, before anyone tries.
  await page.keyboard.press('Escape');
  await scan(page, cards.kansenstatuut);
  await expectCustomer(page);
  await expect(page.locator(concert).getByTestId('no-discount-reason')).toHaveAttribute('data-code', code);
  // The rejected sale waits in the attention view with its history until the operator resolves it.
  await page.keyboard.press('F8');
  const row = page.getByTestId('attention-row');
  await expect(row).toHaveAttribute('data-state', 'rejected');
  await row.getByTestId('sale-details').click();
  await expect(page.getByTestId('sale-history')).toContainText('Geweigerd');
  await page.getByTestId('resolve-reason').fill('klant betaalde gewoon tarief');
  await page.getByTestId('resolve-sale').click();
  await expect(page.getByTestId('attention-row')).toHaveCount(0);
  await expect(page.getByTestId('queue-status')).toHaveAttribute('data-rejected', '0');
});

test('a blocked card stops the sale at the passholder with the reason', async ({ page, sim }) => {
  await scan(page, sim.seed.cards.blocked);
  const stop = page.getByTestId('holder-stop');
  await expect(stop).toHaveAttribute('data-code', 'INVALID_CARD_STATUS_BLOCKED');
  await expect(stop).toContainText('Deze kaart is geblokkeerd');
  await expect(page.getByTestId('card-status')).toHaveAttribute('data-status', 'BLOCKED');
  await expect(page.getByTestId('activity')).toHaveCount(0);
  await expect(page.getByTestId('confirm-sale')).toBeDisabled();
  await shot(page, '11-blocked');
  expect(await sim.sales()).toHaveLength(0);
});

test('an unknown card says no pass was found', async ({ page, sim }) => {
  // Luhn-valid, right shape, not in UiTPAS.
  await scan(page, '0940000099918');
  const error = page.getByTestId('lookup-error');
  await expect(error).toBeVisible();
  const code = await error.getAttribute('data-code');
  expect(['UNKNOWN_IDENTIFICATION', 'UNKNOWN_UITPASNUMBER']).toContain(code);
  await expect(error).toContainText(/Geen pas gevonden|niet gekend/);
  await expect(page.getByTestId('confirm-sale')).toBeDisabled();
  await shot(page, '12-unknown');
  expect(await sim.sales()).toHaveLength(0);
});

test('an expired kansenstatuut shows Vervallen and no kansentarief can be granted', async ({ page, sim }) => {
  const { cards, activities } = sim.seed;
  await scan(page, cards.expired);
  await expectCustomer(page);
  await expect(page.getByTestId('kansenstatuut')).toHaveAttribute('data-status', 'expired');
  await expect(page.getByTestId('kansenstatuut')).toContainText('Vervallen');
  const concert = page.locator(`[data-testid="activity"][data-cdbid="${activities.priced}"]`);
  await expect(concert.getByTestId('no-discount-reason')).toHaveAttribute('data-code', 'KANSENSTATUUT_EXPIRED');
  await expect(concert).toContainText('kansenstatuut van deze pashouder is vervallen');
  await concert.click();
  await expect(page.getByTestId('tariff-stop')).toHaveAttribute('data-code', 'KANSENSTATUUT_EXPIRED');
  await expect(page.getByTestId('confirm-sale')).toBeDisabled();
  await shot(page, '13-expired');
  expect(await sim.sales()).toHaveLength(0);
});

test('a free event has no UiTPAS tariff to register', async ({ page, sim }) => {
  const { cards, activities } = sim.seed;
  await scan(page, cards.kansenstatuut);
  await expectCustomer(page);
  const free = page.locator(`[data-testid="activity"][data-cdbid="${activities.free}"]`);
  await expect(free).toContainText('Gratis');
  await free.click();
  await expect(page.getByTestId('tariff-stop')).toHaveAttribute('data-code', 'TICKETSALE_NOT_ALLOWED_FREE_EVENT');
  await expect(page.getByTestId('tariff-stop')).toContainText('Gratis activiteit');
  await expect(page.getByTestId('confirm-sale')).toBeDisabled();
  expect(await sim.sales()).toHaveLength(0);
});

test.describe('a locally invalid number', () => {
  test.use({ openPage: false });

  test('is refused on screen and never reaches main or UiTPAS', async ({ page, host }) => {
    const calls = recordCalls(page);
    await page.goto(host.url);
    await expect(page.getByTestId('card-input')).toBeFocused();
    await expect.poll(() => calls.includes('app.info')).toBe(true);
    // 13 digits with a wrong check digit, then a short one, then a bad 12th digit.
    for (const [typed, text] of [
      ['0940000000115', 'controlecijfer'],
      ['09400000001', 'te kort'],
      ['0940000000124', '12de cijfer'],
    ] as const) {
      await page.getByTestId('card-input').fill(typed);
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('card-error')).toContainText(text);
      await expect(page.getByTestId('card-input')).toHaveAttribute('aria-invalid', 'true');
    }
    await shot(page, '14-invalid-number');
    // A valid number right after does go out: the recorder sees lookups when there are some.
    await page.getByTestId('card-input').fill('0940000000114');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('passholder')).toHaveAttribute('data-state', 'found');
    expect(calls.filter((n) => n === 'card.lookup')).toHaveLength(1);
  });
});

test.describe('in French', () => {
  test.use({ extraEnv: { LOKET_LANG: 'fr' } });

  test("UiTPAS's words for the employee are shown in French when UiTPAS wrote them", async ({ page, context, host, sim }) => {
    await soldElsewhereMeanwhile({ page, context, host, sim });
    await page.getByTestId('confirm-sale').click();
    const status = page.getByTestId('sale-status');
    await expect(status).toHaveAttribute('data-state', 'rejected');
    await expect(status).toContainText('UiTPAS dit :');
    // API 4 writes its endUserMessage in French too; the XML API only has its own (Dutch) message.
    if (sim.api === 'v4')
      await expect(status.locator('.server-message')).toContainText("Tu n'as plus droit au tarif réduit pour cette activité");
    else await expect(status.locator('.server-message')).not.toContainText('tarif réduit');
  });
});
