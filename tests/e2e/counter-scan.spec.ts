/**
 * The keyboard wedge on the counter screen, typed through Chromium's real input pipeline: a burst
 * at scanner speed is a scan wherever the focus is (also in the activity search field, which
 * stays as it was), while the same digits typed at human speed stay text and look nothing up.
 */
import { expect, expectCustomer, recordCalls, test } from './counter-fixtures.js';

test.use({ openPage: false });

test('scanner-speed typing anywhere looks the card up; the search field keeps its text', async ({ page, host, sim }) => {
  const calls = recordCalls(page);
  await page.goto(host.url);
  const card = page.getByTestId('card-input');
  await expect(card).toBeFocused();
  // Focus on a button: the scan must not press it, and must fill the card field.
  await page.getByTestId('nav-help').focus();
  await page.keyboard.type(sim.seed.cards.kansenstatuut);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('help-overlay')).toHaveCount(0);
  await expectCustomer(page);
  await expect(card).toHaveValue(sim.seed.cards.kansenstatuut);

  // Now with the activity search focused and some text in it.
  const search = page.getByTestId('activity-search');
  await search.fill('Film');
  await search.focus();
  await page.keyboard.type(sim.seed.cards.coupon);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('holder-name')).toHaveText('Zoë Claes');
  await expect(search).toHaveValue('Film');
  await expect(card).toHaveValue(sim.seed.cards.coupon);
  expect(calls.filter((n) => n === 'card.lookup')).toHaveLength(2);
});

test('human-speed typing in the search field stays text and looks nothing up', async ({ page, host, sim }) => {
  const calls = recordCalls(page);
  await page.goto(host.url);
  await expect(page.getByTestId('card-input')).toBeFocused();
  await page.keyboard.press('/');
  const search = page.getByTestId('activity-search');
  await expect(search).toBeFocused();
  // 600 ms between keys: a person (the counter tests allow scanner gaps up to 200 ms).
  await page.keyboard.type(sim.seed.cards.kansenstatuut.slice(0, 9), { delay: 600 });
  await expect(search).toHaveValue(sim.seed.cards.kansenstatuut.slice(0, 9));
  await page.waitForTimeout(400); // longer than the wedge's gap: nothing is held any more
  expect(calls).not.toContain('card.lookup');
  await expect(page.getByTestId('passholder')).toHaveAttribute('data-state', 'idle');
});
