/**
 * Demo mode out of the box (no credentials: the built-in simulator): a newcomer sells a ticket
 * within a minute, under the DEMO banner. Also the accessibility check of every main state of
 * the counter screen (axe: no serious or critical violations).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

test.use({ viewport: { width: 1366, height: 768 } });

// Seed roles of the built-in simulator (main/tools/simulator/seed.ts).
const KANSENSTATUUT = '0940000000114';
const GROUP = '0940000050119';
const CONCERT = 'e5ee0000-0000-4000-8000-000000000001';

async function seriousViolations(page: Page, state: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${state} — ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test('demo: sell a ticket in the default setup, every state accessible', async ({ page }) => {
  const problems: string[] = [];
  await expect(page.getByTestId('demo-banner')).toBeVisible();
  await expect(page.getByTestId('card-input')).toBeFocused();
  problems.push(...(await seriousViolations(page, 'ready')));

  await page.getByTestId('card-input').fill('123');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('card-error')).toBeVisible();
  problems.push(...(await seriousViolations(page, 'invalid number')));

  await page.getByTestId('card-input').fill(GROUP);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('passholder')).toHaveAttribute('data-state', 'found');
  await page.locator(`[data-testid="activity"][data-cdbid="${CONCERT}"]`).click();
  await expect(page.getByTestId('ticket-count')).toBeVisible();
  problems.push(...(await seriousViolations(page, 'group pass, tariff grid')));

  await page.keyboard.press('Escape');
  await page.getByTestId('card-input').fill(KANSENSTATUUT);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('passholder')).toHaveAttribute('data-state', 'found');
  await expect(page.locator(`[data-testid="activity"][data-cdbid="${CONCERT}"]`)).toHaveAttribute('data-selected', 'true');
  // Two price classes: nothing is sold until one is picked.
  await expect(page.getByTestId('confirm-sale')).toBeDisabled();
  await page.locator('[data-testid="tariff"][data-price-class="Categorie 2"][data-coupon-id=""]').click();
  await page.getByTestId('confirm-sale').click();
  await expect(page.getByTestId('sale-status')).toHaveAttribute('data-state', 'registered');
  problems.push(...(await seriousViolations(page, 'registered')));

  await page.keyboard.press('F8');
  await expect(page.getByTestId('sale-row')).toHaveCount(1);
  await page.getByTestId('sale-details').first().click();
  await expect(page.getByTestId('sale-history')).toBeVisible();
  problems.push(...(await seriousViolations(page, "today's sales")));

  await page.keyboard.press('F1');
  await expect(page.getByTestId('help-overlay')).toBeVisible();
  problems.push(...(await seriousViolations(page, 'help')));
  expect(problems).toEqual([]);
});
