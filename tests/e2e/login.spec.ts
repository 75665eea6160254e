/**
 * UiTiD login in Chromium against the simulator, with no LOKET_TOKEN: the login popup (the
 * simulator's login page) -> /oauth/callback on the web host -> counter chosen -> a sale. Then
 * a revoked token: "log in again" while the queued sale stays queued, and it registers after the
 * new login. Also the built-in simulator with LOKET_DEMO_LOGIN=1.
 */
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, expectCustomer, pickClass, scan, shot, test as counterTest, WEDGE_SETTINGS, type Simulator } from './counter-fixtures.js';
import { test as demoTest } from './fixtures.js';

/** Live mode against the simulator with only the application's key and secret: nobody is logged in. */
const test = counterTest.extend({
  hostEnv: async ({ sim }, use) => {
    await sim.reset();
    await use({
      LOKET_UITPAS_URL: sim.xmlSeed().prefix,
      LOKET_CONSUMER_KEY: sim.xmlSeed().consumerKey,
      LOKET_CONSUMER_SECRET: sim.xmlSeed().consumerSecret,
    });
  },
});
test.use({ viewport: { width: 1366, height: 768 } });

/** Clicks "log in", fills the simulator's UiTiD page in the popup and waits for the callback page. */
async function logInThroughPopup(page: Page, context: BrowserContext): Promise<void> {
  const popupOpened = context.waitForEvent('page');
  await page.getByTestId('login-start').click();
  const popup = await popupOpened;
  await popup.waitForLoadState();
  await expect(popup.locator('input[name="nick"]')).toBeVisible();
  await popup.locator('input[name="nick"]').fill('baliemedewerker');
  await popup.locator('input[name="password"]').fill('demo');
  await popup.locator('button[type="submit"]').click();
  // Either the "you are logged in" page is still there, or it already closed itself.
  await Promise.race([
    expect(popup.getByTestId('callback-title')).toHaveText('Je bent aangemeld — dit venster mag dicht', { timeout: 10_000 }),
    popup.waitForEvent('close', { timeout: 10_000 }),
  ]);
}

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

async function sellKansentarief(page: Page, sim: Simulator): Promise<void> {
  await scan(page, sim.seed.cards.kansenstatuut);
  await expectCustomer(page);
  await page.locator(`[data-testid="activity"][data-cdbid="${sim.seed.activities.priced}"]`).click();
  await pickClass(page);
  await page.getByTestId('confirm-sale').click();
}

test.describe('login with UiTiD (no LOKET_TOKEN)', () => {
  test.use({ dataFiles: { 'settings.json': WEDGE_SETTINGS } });

  test('login page -> callback -> counter -> sale', async ({ page, context, sim, host }) => {
    expect(host.env.LOKET_TOKEN).toBeUndefined();
    await expect(page.getByTestId('login-screen')).toBeVisible();
    await expect(page.getByTestId('login-screen')).toHaveAttribute('data-state', 'logged-out');
    await shot(page, '40-login');
    expect(await seriousViolations(page)).toEqual([]);

    await logInThroughPopup(page, context);
    // The employee has one ticket counter (and one office counter): it is chosen for them.
    await expect(page.getByTestId('card-input')).toBeVisible();
    await expect(page.locator('.counter-name')).toContainText('Cultuurcentrum De Kruisboog');

    // The choice stays open: the office counter is listed but cannot sell.
    await page.getByTestId('account-switch-counter').click();
    const last = page.getByTestId('counters-last-used').getByTestId('counter-item');
    await expect(last).toHaveCount(1);
    await expect(last).toContainText('Cultuurcentrum De Kruisboog');
    const office = page.getByTestId('counters-others').getByTestId('counter-item');
    await expect(office).toHaveAttribute('data-can-sell', 'false');
    await expect(office.getByRole('button')).toBeDisabled();
    await shot(page, '41-counters');
    expect(await seriousViolations(page)).toEqual([]);
    await last.getByRole('button').click();

    await sellKansentarief(page, sim);
    await expect(page.getByTestId('sale-status')).toHaveAttribute('data-state', 'registered');
    const sales = await sim.sales();
    expect(sales).toHaveLength(1);
    expect(sales[0]).toMatchObject({ cdbid: sim.seed.activities.priced, counterKey: sim.xmlSeed().balieConsumerKey });
    // The employee's token is one the simulator issued at this login, not the seeded one.
    expect(host.log()).not.toContain(sim.xmlSeed().tokenSecret);
  });

  test('a revoked token asks for a new login; the queued sale stays queued and registers after it', async ({ page, context, sim }) => {
    test.setTimeout(60_000);
    await logInThroughPopup(page, context);
    await expect(page.getByTestId('card-input')).toBeVisible();

    await scan(page, sim.seed.cards.kansenstatuut);
    await expectCustomer(page);
    await page.locator(`[data-testid="activity"][data-cdbid="${sim.seed.activities.priced}"]`).click();
    await pickClass(page);
    // UiTiD revokes the login between the lookup and the sale.
    const revoked = await fetch(`${sim.admin}/revoke`, { method: 'POST' });
    expect(await revoked.json()).toMatchObject({ revoked: expect.any(Number) });
    await page.getByTestId('confirm-sale').click();

    await expect(page.getByTestId('login-expired')).toBeVisible();
    await expect(page.getByTestId('login-queue')).toContainText('1');
    await expect(page.getByTestId('queue-status')).toHaveAttribute('data-pending', '1');
    expect(await sim.sales()).toHaveLength(0);
    await shot(page, '42-login-expired');

    await logInThroughPopup(page, context);
    // Same employee: back at the same counter, and the paused queue is sent.
    await expect(page.getByTestId('queue-status')).toHaveAttribute('data-pending', '0', { timeout: 20_000 });
    await expect.poll(async () => (await sim.sales()).length, { timeout: 20_000 }).toBe(1);
    await page.keyboard.press('F8');
    await expect(page.getByTestId('sale-row')).toHaveAttribute('data-state', 'registered');
    expect((await sim.sales())[0]).toMatchObject({ cdbid: sim.seed.activities.priced });
  });

  test('log out, and a callback that does not belong to the pending login is refused', async ({ page, context, host }) => {
    await logInThroughPopup(page, context);
    await expect(page.getByTestId('card-input')).toBeVisible();
    await page.getByTestId('account-logout').click();
    await expect(page.getByTestId('login-logged-out')).toBeVisible();

    const forged = await context.newPage();
    const res = await forged.goto(`${host.origin}/oauth/callback?oauth_token=forged&oauth_verifier=x`);
    expect(res?.status()).toBe(400);
    await expect(forged.getByTestId('callback-title')).toHaveText('Aanmelden mislukt');
    await expect(forged.getByTestId('callback-reason')).toHaveAttribute('data-reason', 'no-login-pending');
    await expect(page.getByTestId('login-screen')).toHaveAttribute('data-state', 'logged-out');
  });
});

demoTest.describe('demo mode', () => {
  demoTest.use({ hostEnv: { LOKET_DEMO_LOGIN: '1' }, viewport: { width: 1366, height: 768 } });

  demoTest('LOKET_DEMO_LOGIN=1 starts logged out; the built-in simulator login page logs in', async ({ page, context }) => {
    await expect(page.getByTestId('demo-banner')).toBeVisible();
    await expect(page.getByTestId('login-screen')).toBeVisible();
    await logInThroughPopup(page, context);
    await expect(page.getByTestId('card-input')).toBeVisible();
  });
});
