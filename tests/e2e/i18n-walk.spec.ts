/**
 * Every screen state in Dutch, French and English, in demo mode, read as the employee sees it:
 * visible text and the texts of aria-label, title, placeholder and alt. Fails on leftover
 * template text (`{t(`, `{{`, `}}` — issue 13 found `Geen korting{t('punct.colon')}…` on
 * screen), on a raw translation key (`tariff.choose`), and on a key no language has (the
 * renderer notes those in `__loketMissingKeys`).
 */
import type { Page } from '@playwright/test';
import { seedCardNumber } from '../../main/tools/simulator/seed.js';
import { nl } from '../../renderer/src/lib/i18n/nl.js';
import { expect, test } from './fixtures.js';

test.use({ viewport: { width: 1366, height: 768 } });

const CARDS = {
  kansenstatuut: seedCardNumber(1, true),
  expired: seedCardNumber(3, true),
  blocked: seedCardNumber(6, true),
  coupon: seedCardNumber(7, true),
  group: seedCardNumber(501, true),
};
const CONCERT = 'e5ee0000-0000-4000-8000-000000000001';
const KEY = new RegExp(`\\b(?:${Object.keys(nl).join('|')})\\.[A-Za-z][\\w.]*`, 'g');

async function leftovers(page: Page, state: string): Promise<string[]> {
  const found = await page.evaluate(() => {
    const g = globalThis as unknown as {
      document: { body: { innerText: string }; querySelectorAll(s: string): ArrayLike<{ getAttribute(n: string): string | null }> };
      __loketMissingKeys?: string[];
    };
    const attrs = Array.from(g.document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')).flatMap((el) =>
      ['aria-label', 'title', 'placeholder', 'alt'].map((a) => el.getAttribute(a) ?? ''),
    );
    return { texts: [g.document.body.innerText, ...attrs], missing: g.__loketMissingKeys ?? [] };
  });
  const problems: string[] = [];
  for (const text of found.texts) {
    for (const bad of ['{t(', "t('", '{{', '}}'])
      if (text.includes(bad)) problems.push(`${state}: template text "${bad}" in "${excerpt(text, bad)}"`);
    for (const m of text.matchAll(KEY)) problems.push(`${state}: raw key "${m[0]}"`);
  }
  for (const key of found.missing) problems.push(`${state}: missing translation "${key}"`);
  return [...new Set(problems)];
}

function excerpt(text: string, bad: string): string {
  const i = text.indexOf(bad);
  return text.slice(Math.max(0, i - 40), i + 40).replace(/\s+/g, ' ');
}

async function lookUp(page: Page, card: string) {
  await page.keyboard.press('Escape');
  await page.getByTestId('card-input').fill(card);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('passholder')).toHaveAttribute('data-state', 'found');
}

for (const lang of ['nl', 'fr', 'en'] as const) {
  test.describe(`in ${lang}`, () => {
    test.use({ hostEnv: { LOKET_LANG: lang } });

    test(`every screen state has its texts translated (${lang})`, async ({ page }) => {
      test.setTimeout(120_000);
      const problems: string[] = [];
      const check = async (state: string) => problems.push(...(await leftovers(page, state)));
      await expect(page.getByTestId('card-input')).toBeFocused();
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await check('ready');

      await page.getByTestId('card-input').fill('123');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('card-error')).toBeVisible();
      await check('invalid number');

      await lookUp(page, CARDS.expired);
      await expect(page.getByTestId('no-discount-reason').first()).toBeVisible();
      await check('expired kansenstatuut, activities without discount');

      await lookUp(page, CARDS.blocked);
      await expect(page.getByTestId('holder-stop')).toBeVisible();
      await check('blocked card');

      await lookUp(page, CARDS.group);
      await page.locator(`[data-testid="activity"][data-cdbid="${CONCERT}"]`).click();
      await expect(page.getByTestId('ticket-count')).toBeVisible();
      await check('group pass, tariff grid to choose');

      await lookUp(page, CARDS.coupon);
      await expect(page.getByTestId('coupons')).toBeVisible();
      await page.locator(`[data-testid="activity"][data-cdbid="${CONCERT}"]`).click();
      await page.locator('[data-testid="tariff"][data-price-class="Categorie 1"][data-coupon-id=""]').click();
      await page.getByTestId('confirm-sale').click();
      await expect(page.getByTestId('sale-status')).toHaveAttribute('data-state', 'registered');
      await check('registered');

      await lookUp(page, CARDS.kansenstatuut);
      await expect(page.getByTestId('tariff-kept')).toBeVisible();
      await check('kept tariff');

      await page.keyboard.press('F8');
      await expect(page.getByTestId('sale-row')).toHaveCount(1);
      await page.getByTestId('sale-details').first().click();
      await expect(page.getByTestId('sale-history')).toBeVisible();
      await check("today's sales");

      await page.keyboard.press('F1');
      await expect(page.getByTestId('help-overlay')).toBeVisible();
      await check('help');
      await page.keyboard.press('Escape');

      await page.getByTestId('nav-day-close').click();
      await expect(page.getByTestId('day-report')).toBeVisible();
      await check('day close');

      await page.getByTestId('nav-diagnostics').click();
      await expect(page.getByTestId('diagnostics')).toBeVisible();
      await check('diagnostics');

      await page.getByTestId('nav-settings').click();
      await expect(page.getByTestId('settings-screen')).toBeVisible();
      await check('settings');
      await page.getByTestId('settings-save').click();
      await expect(page.getByTestId('settings-saved')).toBeVisible();
      await check('settings saved');

      expect(problems).toEqual([]);
    });
  });
}
