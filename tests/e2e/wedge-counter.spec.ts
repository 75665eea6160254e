/**
 * Keyboard-wedge scans on the counter screen in real Chromium (issue 13): keys go through the
 * browser's input pipeline at a scanner's rhythm — jitter, and a pause of up to 150 ms inside the
 * scan — with the default wedge settings (40 ms fast gap). The scan arrives whole with the focus
 * on every focusable element of the screen, also while the page's main thread is busy, and no
 * field keeps a digit of it; a person typing at 80–250 ms per key keeps every key and looks
 * nothing up. See keyboard-timing.ts for how keys carry their own timestamps.
 */
import type { Page } from '@playwright/test';
import { seedCardNumber } from '../../main/tools/simulator/seed.js';
import { expect, recordCalls, test } from './counter-fixtures.js';
import { busyPage, personPlan, scannerPlan, typePlanned } from './keyboard-timing.js';

// The default wedge settings (the counter fixture widens the gap for untimed CDP typing).
test.use({ openPage: false, dataFiles: {}, viewport: { width: 1366, height: 768 } });

// Two kansenstatuut passholders of the seed with the same activities and tariffs.
const CUSTOMERS = [
  { card: seedCardNumber(1, true), name: 'Fatma Yılmaz' },
  { card: seedCardNumber(9, true), name: 'Noëlle Janssens' },
];

interface Focusable {
  selector: string;
  nth: number;
  label: string;
}

/** Every element of the page that takes the focus, as a selector to find it again after re-renders. */
async function focusables(page: Page): Promise<Focusable[]> {
  return page.evaluate(() => {
    const g = globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<unknown>; activeElement: unknown } };
    type El = {
      id: string;
      tagName: string;
      disabled?: boolean;
      offsetParent: unknown;
      getAttribute(n: string): string | null;
      focus(): void;
      matches(s: string): boolean;
    };
    const all = Array.from(g.document.querySelectorAll('button, input, select, textarea, [tabindex]')) as El[];
    const out: Array<{ selector: string; nth: number; label: string }> = [];
    for (const el of all) {
      if (el.disabled || el.offsetParent === null) continue;
      el.focus();
      if (g.document.activeElement !== el) continue;
      const testid = el.getAttribute('data-testid');
      let selector: string;
      if (el.id) selector = `#${el.id}`;
      else if (testid) {
        const extra = ['data-cdbid', 'data-key', 'value'].map((a) => (el.getAttribute(a) ? `[${a}="${el.getAttribute(a)}"]` : '')).join('');
        selector = `[data-testid="${testid}"]${extra}`;
      } else if (el.getAttribute('aria-label')) selector = `${el.tagName.toLowerCase()}[aria-label="${el.getAttribute('aria-label')}"]`;
      else selector = el.tagName.toLowerCase();
      const same = (Array.from(g.document.querySelectorAll(selector)) as El[]).indexOf(el);
      out.push({ selector, nth: same, label: `${selector}#${same}` });
    }
    return out;
  });
}

/** Values of every text field but the card field: a scan must change none of them. */
async function fieldValues(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const g = globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ id: string; value: string }> } };
    return Array.from(g.document.querySelectorAll('input, textarea, select'))
      .filter((el) => el.id !== 'card-input')
      .map((el) => `${el.id}=${el.value}`);
  });
}

async function expectScanned(page: Page, customer: { card: string; name: string }, where: string) {
  await expect(page.getByTestId('holder-name'), where).toHaveText(customer.name);
  await expect(page.getByTestId('card-input'), where).toHaveValue(customer.card);
  await expect(page.getByTestId('help-overlay'), where).toHaveCount(0);
  await expect(page.getByTestId('sale-screen'), where).toBeVisible();
}

test('a scan with jitter and a pause arrives whole with the focus on every element of the counter screen', async ({ page, host, sim }) => {
  test.setTimeout(240_000);
  const calls = recordCalls(page);
  await page.goto(host.url);
  await expect(page.getByTestId('card-input')).toBeFocused();
  // The first scan after the page loaded, pausing after its first digit.
  await typePlanned(page, scannerPlan(CUSTOMERS[0]!.card, { pauses: { 0: 150 }, seed: 1 }));
  await expectScanned(page, CUSTOMERS[0]!, 'first scan');
  await expect(page.getByTestId('activity').first()).toBeVisible();
  // Put every kind of control on screen: a chosen activity with its tariff grid, the date field.
  await page.getByTestId('range-date').check();
  await expect(page.getByTestId('range-date-input')).toBeVisible();
  await page.locator(`[data-testid="activity"][data-cdbid="${sim.seed.activities.priced}"]`).click();
  await expect(page.getByTestId('tariff').first()).toBeVisible();

  const targets = await focusables(page);
  expect(targets.length).toBeGreaterThan(15);
  const pausePlaces = [0, 1, 5, 11, 12];
  let i = 1;
  for (const t of targets) {
    const customer = CUSTOMERS[i % 2]!;
    const el = page.locator(t.selector).nth(t.nth);
    if (!(await el.isVisible())) continue;
    await el.focus();
    const before = await fieldValues(page);
    const pause = pausePlaces[i % pausePlaces.length]!;
    await typePlanned(page, scannerPlan(customer.card, { pauses: { [pause]: 45 + ((i * 37) % 106) }, seed: i }));
    await expectScanned(page, customer, `focus on ${t.label}, pause after key ${pause + 1}`);
    expect(await fieldValues(page), `focus on ${t.label}`).toEqual(before);
    i++;
  }
  // Every scan was one lookup of a whole card number; nothing was sold by a swallowed Enter.
  expect(calls.filter((n) => n === 'card.lookup')).toHaveLength(i);
  expect(calls).not.toContain('sale.sell');
  expect(await sim.sales()).toEqual([]);
});

test('scans arrive whole while the main thread is busy', async ({ page, host }) => {
  test.setTimeout(120_000);
  await page.goto(host.url);
  await expect(page.getByTestId('card-input')).toBeFocused();
  const places = ['card-input', 'activity-search', 'body', 'nav-help'];
  let i = 0;
  for (const place of places) {
    for (const busy of [120, 400]) {
      const customer = CUSTOMERS[i % 2]!;
      if (place === 'body')
        await page.evaluate(() =>
          (globalThis as unknown as { document: { activeElement: { blur(): void } | null } }).document.activeElement?.blur(),
        );
      else await page.getByTestId(place).focus();
      const search = await page.getByTestId('activity-search').inputValue();
      // The scan starts while a long task runs: its keys queue up and come in together, late.
      await busyPage(page, busy);
      await typePlanned(page, scannerPlan(customer.card, { pauses: { [i % 13]: 90 }, seed: 100 + i }));
      await expectScanned(page, customer, `${place}, busy ${busy} ms`);
      await expect(page.getByTestId('activity-search')).toHaveValue(search);
      i++;
    }
  }
});

test('a person typing a card number at 80–250 ms per key keeps every key and looks nothing up', async ({ page, host }) => {
  const calls = recordCalls(page);
  await page.goto(host.url);
  await expect(page.getByTestId('card-input')).toBeFocused();
  const card = CUSTOMERS[0]!.card;
  // In the activity search: text stays text.
  await page.getByTestId('activity-search').focus();
  await typePlanned(page, personPlan([...card]));
  await expect(page.getByTestId('activity-search')).toHaveValue(card);
  // In the card field by hand, then Enter: a manual lookup of exactly what was typed.
  await page.getByTestId('card-input').focus();
  await typePlanned(page, personPlan([...card, 'Enter'], 11));
  await expectScanned(page, CUSTOMERS[0]!, 'typed by hand');
  await expect(page.getByTestId('activity-search')).toHaveValue(card);
  expect(calls.filter((n) => n === 'card.lookup')).toHaveLength(1);
});

test('the scanner set up with a prefix, a suffix and Tab', async ({ page, host }) => {
  await page.goto(host.url);
  await expect(page.getByTestId('card-input')).toBeFocused();
  await page.getByTestId('nav-settings').click();
  await page.getByLabel(/Scanner sluit af met/).selectOption('tab');
  await page.getByLabel(/Voorvoegsel van de scanner/).fill(']C0');
  await page.getByLabel(/Achtervoegsel van de scanner/).fill('#');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  await page.getByTestId('nav-sale').click();
  await page.getByTestId('activity-search').focus();
  await typePlanned(page, scannerPlan(`]C0${CUSTOMERS[1]!.card}#`, { terminator: 'Tab', pauses: { 4: 120 } }));
  await expectScanned(page, CUSTOMERS[1]!, 'prefix, suffix, Tab');
  // The Tab ended the scan: it did not move the focus away from where the scan found it.
  await expect(page.getByTestId('activity-search')).toHaveValue('');
});
