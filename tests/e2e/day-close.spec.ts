/**
 * Day close in Chromium: sales made on the counter screen (one left unregistered: UiTPAS drops
 * every buy before committing it), then the Z report made from the day close screen — confirmed, warned about the
 * queue, closed anyway — checked against what the simulator registered, and exported as CSV into
 * a folder typed in the web host.
 */
import AxeBuilder from '@axe-core/playwright';
import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, expectCustomer, scan, shot, test } from './counter-fixtures.js';

test.use({ viewport: { width: 1366, height: 768 } });

test('closing the day with a Z report from the screen', async ({ page, sim }) => {
  test.setTimeout(90_000);
  const { cards, activities } = sim.seed;
  const status = page.getByTestId('sale-status');

  await scan(page, cards.kansenstatuut);
  await expectCustomer(page);
  await page.locator(`[data-testid="activity"][data-cdbid="${activities.priced}"]`).click();
  await page.locator('[data-testid="tariff"][data-price-class="Categorie 1"][data-coupon-id=""]').click();
  await page.getByTestId('confirm-sale').click();
  await expect(status).toHaveAttribute('data-state', 'registered');

  await page.keyboard.press('Escape');
  await scan(page, cards.coupon);
  await expectCustomer(page);
  await page.locator(`[data-testid="activity"][data-cdbid="${activities.coupon}"]`).click();
  await page.locator('[data-testid="tariff"][data-coupon-id="31"]').click();
  await page.getByTestId('confirm-sale').click();
  await expect(status).toHaveAttribute('data-state', 'registered');

  // A third sale while UiTPAS cannot be reached stays in the queue.
  await page.keyboard.press('Escape');
  await scan(page, cards.kansenstatuut);
  await expectCustomer(page);
  await page.locator(`[data-testid="activity"][data-cdbid="${activities.coupon}"]`).click();
  await page.locator('[data-testid="tariff"][data-coupon-id=""]').first().click();
  // Every buy is cut off before UiTPAS commits it: the sale stays unregistered (uncertain, searched, re-sent…).
  await sim.fault({ call: 'buy', kind: 'drop-before-commit', count: 1000 });
  await page.getByTestId('confirm-sale').click();
  await expect(status).toHaveAttribute('data-state', /^(provisional|pending|unknown)$/);

  const registered = (await sim.sales()).filter((s) => !s.cancelled);
  expect(registered).toHaveLength(2);
  const simCollected = registered.reduce((n, s) => n + s.tariffCents * s.amountOfTickets, 0);

  await page.getByTestId('nav-day-close').click();
  const report = page.getByTestId('day-report');
  await expect(report).toHaveAttribute('data-kind', 'X');
  await expect(report).toHaveAttribute('data-net-cents', String(simCollected));
  await expect(report).toHaveAttribute('data-unregistered', '1');
  await expect(page.getByTestId('report-line')).toHaveCount(2);
  await expect(page.locator('[data-testid="report-line"][data-tariff-type="coupon"]')).toContainText('Filmbon');
  await shot(page, '30-day-close-x');

  await page.getByTestId('day-close-z').click();
  await expect(page.getByTestId('day-close-confirm')).toBeVisible();
  await page.getByTestId('day-close-confirm-yes').click();
  // The queue is not empty: the operator may wait, or close with the sale listed as unregistered.
  await expect(page.getByTestId('day-close-queue')).toContainText('1 verkopen');
  await shot(page, '31-day-close-queue-warning');
  await page.getByTestId('day-close-anyway').click();
  await expect(page.getByTestId('day-close-notice')).toHaveAttribute('data-kind', 'closed');
  await expect(report).toHaveAttribute('data-kind', 'Z');
  await expect(report).toHaveAttribute('data-number', '1');
  await expect(report).toHaveAttribute('data-net-cents', String(simCollected));
  await expect(page.getByTestId('report-unregistered')).toBeVisible();
  await expect(page.locator('[data-testid="z-history-item"][data-number="1"]')).toBeVisible();
  await shot(page, '32-day-close-z');

  const axe = await new AxeBuilder({ page }).analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);

  // Nothing new since: a second Z is refused.
  await page.getByTestId('day-close-z').click();
  await page.getByTestId('day-close-confirm-yes').click();
  await expect(page.getByTestId('day-close-notice')).toHaveAttribute('data-kind', 'nothingToClose');

  // CSV export into a typed folder.
  const folder = mkdtempSync(join(tmpdir(), 'loket-e2e-export-'));
  try {
    await page.locator('[data-testid="z-history-item"][data-number="1"]').click();
    await expect(report).toHaveAttribute('data-number', '1');
    await page.getByTestId('day-close-export').click();
    await expect(page.getByTestId('day-close-notice')).toHaveAttribute('data-kind', 'folderRequired');
    await page.getByTestId('day-close-folder').fill(folder);
    await page.getByTestId('day-close-export').click();
    const notice = page.getByTestId('day-close-notice');
    await expect(notice).toHaveAttribute('data-kind', 'saved');
    const file = ((await notice.textContent()) ?? '').replace(/^Opgeslagen: /, '');
    expect(file.startsWith(folder)).toBe(true);
    const rows = parse<Record<string, string>>(readFileSync(file), { bom: true, delimiter: ';', columns: true });
    const total = rows.find((r) => r.Soort === 'totaal');
    expect(Math.round(Number((total?.Ontvangen ?? '').replace(',', '.')) * 100)).toBe(simCollected);
    expect(rows.filter((r) => r.Soort === 'nog niet geregistreerd')).toHaveLength(1);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
