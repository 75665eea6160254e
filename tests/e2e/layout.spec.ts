/**
 * Issue 13: at 1366×768 and 1280×1024 the page itself never scrolls; the activity list (and any
 * other long panel) scrolls inside its panel, and the banner and top bar stay on screen.
 */
import type { Page } from '@playwright/test';
import { seedCardNumber } from '../../main/tools/simulator/seed.js';
import { expect, test } from './fixtures.js';

async function pageScrolls(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const g = globalThis as unknown as {
      document: { scrollingElement: { scrollHeight: number; clientHeight: number } };
      innerHeight: number;
    };
    return g.document.scrollingElement.scrollHeight > g.innerHeight + 1;
  });
}

async function onScreen(page: Page, testid: string) {
  const box = await page.getByTestId(testid).boundingBox();
  expect(box, testid).not.toBeNull();
  expect(box!.y, `${testid} top`).toBeGreaterThanOrEqual(0);
}

for (const viewport of [
  { width: 1366, height: 768 },
  { width: 1280, height: 1024 },
]) {
  test(`${viewport.width}×${viewport.height}: panels scroll inside themselves, the top bar stays`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await expect(page.getByTestId('card-input')).toBeFocused();
    await page.getByTestId('card-input').fill(seedCardNumber(1, true));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('passholder')).toHaveAttribute('data-state', 'found');
    // The longest list the seed has: the next 30 days.
    await page.getByTestId('range-next30days').check();
    await expect(page.getByTestId('activity').nth(6)).toBeVisible();
    expect(await pageScrolls(page)).toBe(false);
    const list = page.getByTestId('activity-list');
    // Squeeze the list's room (a longer day than the seed's): it must scroll, not the page.
    await page.evaluate(() => {
      const g = globalThis as unknown as {
        document: { querySelector(s: string): { style: { setProperty(k: string, v: string): void } } | null };
      };
      g.document.querySelector('.col-activities .activities')?.style.setProperty('max-height', '18rem');
    });
    const sizes = await list.evaluate((el) => {
      const box = el as unknown as { scrollHeight: number; clientHeight: number };
      return { scroll: box.scrollHeight, client: box.clientHeight };
    });
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
    await page.getByTestId('activity').last().scrollIntoViewIfNeeded();
    await page.getByTestId('activity').last().focus();
    expect(await pageScrolls(page)).toBe(false);
    await onScreen(page, 'demo-banner');
    await onScreen(page, 'queue-status');
    await onScreen(page, 'nav-sale');
    // Every screen: the page never scrolls, the top bar stays.
    for (const nav of ['nav-today', 'nav-day-close', 'nav-diagnostics', 'nav-settings']) {
      await page.getByTestId(nav).click();
      await page.waitForTimeout(200);
      expect(await pageScrolls(page), nav).toBe(false);
      await onScreen(page, 'nav-sale');
    }
  });
}
