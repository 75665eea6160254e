/**
 * "Geen kaart? Zoek een pashouder" in Chromium against the simulator: a name and date of birth
 * typed at human speed (600 ms a key, well past the wedge's 200 ms scanner gap), a hit picked with
 * Enter, and the passholder's tariff on screen as after a scan. Also the refusals, the namesakes
 * list, the typed "Kies datum" field and the labels in French and English.
 */
import { expect, recordCalls, test } from './counter-fixtures.js';

// Pages are opened by each test, after recordCalls listens.
test.use({ viewport: { width: 1366, height: 768 }, openPage: false });

const HUMAN = { delay: 600 };

test('finds a passholder by name and date typed by hand and sells at their tariff', async ({ page, host, sim }) => {
  test.setTimeout(120_000);
  const calls = recordCalls(page);
  await page.goto(host.url);
  await expect(page.getByTestId('card-input')).toBeFocused();
  await expect(page.getByTestId('passholder-search-open')).toHaveText(/Geen kaart\? Zoek een pashouder/);
  await page.keyboard.press('F3');
  const name = page.getByTestId('ps-name');
  await expect(name).toBeFocused();
  await page.keyboard.type('Peeters', HUMAN);
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('ps-firstName')).toBeFocused();
  await page.keyboard.type('Jan', HUMAN);
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('ps-dateOfBirth')).toBeFocused();
  await page.keyboard.type('05/10/2001', HUMAN);
  await expect(page.getByTestId('ps-dateOfBirth')).toHaveValue('05/10/2001');
  await expect(name).toHaveValue('Peeters');
  await page.keyboard.press('Enter');

  const hits = page.getByTestId('ps-result');
  await expect(hits).toHaveCount(1);
  await expect(hits.first()).toBeFocused();
  await expect(hits.first()).toContainText('Peeters, Jan');
  await expect(hits.first()).toContainText('05/10/2001');
  await expect(hits.first()).toContainText('Laken');
  const masked = await page.getByTestId('ps-result-card').textContent();
  expect(masked).toMatch(/^•{9}\d{4}$/);
  expect(calls).not.toContain('card.lookup');

  await page.keyboard.press('Enter');
  await expect(page.getByTestId('passholder')).toHaveAttribute('data-state', 'found');
  await expect(page.getByTestId('holder-name')).toHaveText('Jan Peeters');
  await expect(page.getByTestId('kansenstatuut')).toHaveAttribute('data-status', 'active');
  await expect(page.getByTestId('passholder-search')).toHaveCount(0);
  await expect(page.getByTestId('card-input')).toHaveValue(/^\d{13}$/);
  expect((await page.getByTestId('card-input').inputValue()).slice(-4)).toBe(masked!.slice(-4));
  await page.locator(`[data-testid="activity"][data-cdbid="${sim.seed.activities.priced}"]`).click();
  const cat2 = page.locator('[data-testid="tariff"][data-price-class="Categorie 2"][data-coupon-id=""]');
  await cat2.click();
  await expect(page.getByTestId('amount')).toHaveText(/3,75/);
  expect(calls.filter((c) => c === 'passholder.search')).toHaveLength(1);
  expect(calls).toContain('card.lookup');
});

test('namesakes are told apart; bad input and no match get clear messages', async ({ page, host }) => {
  const calls = recordCalls(page);
  await page.goto(host.url);
  await expect(page.getByTestId('card-input')).toBeFocused();
  await page.getByTestId('passholder-search-open').click();
  await expect(page.getByTestId('ps-name')).toBeFocused();
  await page.getByTestId('ps-name').fill('peeters');
  await page.keyboard.press('Enter');
  const hits = page.getByTestId('ps-result');
  await expect(hits).toHaveCount(3);
  await expect(page.getByTestId('ps-result-dob')).toHaveText(['geboren 14/02/1985', 'geboren 02/07/1971', 'geboren 05/10/2001']);
  await expect(page.getByTestId('ps-found')).toBeVisible();

  const sent = calls.filter((c) => c === 'passholder.search').length;
  await page.getByTestId('ps-name').fill('**');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ps-problem')).toHaveAttribute('data-code', 'SEARCH_NAME_TOO_SHORT');
  await expect(page.getByTestId('ps-problem')).toContainText('minstens 2 letters');
  await page.getByTestId('ps-name').fill('Peeters');
  await page.getByTestId('ps-dateOfBirth').fill('31/02/2001');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ps-problem')).toHaveAttribute('data-code', 'SEARCH_DATE_INVALID');
  await page.getByTestId('ps-dateOfBirth').fill('05/10/01');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ps-problem')).toHaveAttribute('data-code', 'SEARCH_DATE_INVALID');
  expect(calls.filter((c) => c === 'passholder.search')).toHaveLength(sent);

  await page.getByTestId('ps-dateOfBirth').fill('');
  await page.getByTestId('ps-name').fill('Xyzzy');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ps-none')).toContainText('Geen pashouder gevonden');

  // Esc closes the search and goes back to the card field.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('passholder-search')).toHaveCount(0);
  await expect(page.getByTestId('card-input')).toBeFocused();
});

test('offline and a UiTPAS refusal each get their own message', async ({ page, host, sim }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('card-input')).toBeFocused();
  await page.keyboard.press('F3');
  await page.getByTestId('ps-name').fill('Peeters');
  await sim.fault({ call: 'passholderSearch', kind: 'access-denied' });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ps-problem')).toHaveAttribute('data-code', 'ACCESS_DENIED');
  await expect(page.getByTestId('ps-problem')).toContainText('PERMISSION_PASSHOLDER');
  await sim.fault({ call: 'passholderSearch', kind: 'error-5xx' });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ps-problem')).toHaveAttribute('data-code', 'UITPAS_UNAVAILABLE');
  await sim.fault({ call: 'any', kind: 'refuse', durationMs: 4_000 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('ps-problem')).toHaveAttribute('data-code', 'UITPAS_OFFLINE');
  await expect(page.getByTestId('ps-problem')).toContainText('niet bereikbaar');
});

test('"Kies datum" takes a date typed by hand as dd/mm/jjjj', async ({ page, host, sim }) => {
  test.setTimeout(90_000);
  await page.goto(host.url);
  await page.getByTestId('card-input').fill(sim.seed.cards.kansenstatuut);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('activity').first()).toBeVisible();
  await page.getByTestId('range-date').check();
  const field = page.getByTestId('range-date-input');
  await expect(field).toHaveValue(/^\d{2}\/\d{2}\/\d{4}$/);
  const tomorrow = new Intl.DateTimeFormat('nl-BE', {
    timeZone: 'Europe/Brussels',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(Date.now() + 86_400_000));
  await field.click();
  await field.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('31/02/2026', HUMAN);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('range-date-input-error')).toBeVisible();
  await field.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(tomorrow.replace(/\//g, '.'), HUMAN);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('range-date-input-error')).toHaveCount(0);
  await expect(field).toHaveValue(tomorrow);
  await expect.poll(async () => page.locator('[data-testid="activity"] .activity-title').allTextContents()).toEqual(['Dans: Rosas — Fase']);
});

for (const [lang, label] of [
  ['fr', 'Pas de carte ? Chercher un titulaire'],
  ['en', 'No card? Find a passholder'],
] as const) {
  test.describe(`in ${lang}`, () => {
    test.use({ extraEnv: { LOKET_LANG: lang } });
    test(`the search is labelled in ${lang}`, async ({ page, host }) => {
      await page.goto(host.url);
      await expect(page.getByTestId('card-input')).toBeFocused();
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.getByTestId('passholder-search-open')).toContainText(label);
      await page.keyboard.press('F3');
      await expect(page.getByTestId('ps-dateOfBirth')).toHaveAttribute('placeholder', lang === 'fr' ? 'jj/mm/aaaa' : 'dd/mm/yyyy');
    });
  });
}
