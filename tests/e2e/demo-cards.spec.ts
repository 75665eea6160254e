/**
 * Training in demo mode (issue 13): the "Demokaarten" panel lists the built-in simulator's cards
 * with what each shows; a click uses one as a scan; the barcode sheet shows every card's Code 128
 * and prints alone.
 */
import { expect, test } from './fixtures.js';

test.use({ viewport: { width: 1366, height: 768 } });

test('the demo cards panel lists the simulator cards, uses one on a click and prints their barcodes', async ({ page }) => {
  const panel = page.getByTestId('demo-cards');
  await expect(panel).toBeVisible();
  const cards = panel.getByTestId('demo-card');
  // 13 passholders (two namesakes of Jan Peeters for the no-card search) and 2 group passes.
  await expect(cards).toHaveCount(15);
  for (const role of ['kansenstatuut', 'regular', 'expired', 'blocked', 'coupon', 'group']) {
    await expect(panel.locator(`[data-testid="demo-card"][data-role="${role}"]`).first()).toBeVisible();
  }
  // The two the README names.
  await expect(panel.locator('[data-number="0940000000114"]')).toContainText('Fatma Yılmaz');
  await expect(panel.locator('[data-number="0940000050119"]')).toContainText('Vzw Buurtwerk Noordwijk');

  await panel.locator('[data-number="0940000000114"] button').click();
  await expect(page.getByTestId('holder-name')).toHaveText('Fatma Yılmaz');
  await expect(page.getByTestId('card-input')).toHaveValue('0940000000114');
  await panel.locator('[data-role="blocked"] button').click();
  await expect(page.getByTestId('holder-stop')).toBeVisible();

  await page.getByTestId('demo-cards-sheet').click();
  const sheet = page.getByTestId('barcode-sheet');
  await expect(sheet).toBeVisible();
  await expect(sheet.getByTestId('barcode')).toHaveCount(15);
  // Every barcode image is drawn (an SVG that loaded, with a size).
  const sizes = await sheet
    .getByTestId('barcode')
    .evaluateAll((imgs) => imgs.map((i) => (i as unknown as { naturalWidth: number }).naturalWidth));
  expect(sizes.every((w) => w > 100)).toBe(true);
  // Printed, only the sheet shows.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('nav-sale')).toBeHidden();
  await expect(sheet.getByTestId('barcode').first()).toBeVisible();
  await page.emulateMedia({ media: 'screen' });
  await page.getByTestId('barcode-sheet-close').click();
  await expect(sheet).toHaveCount(0);
});
