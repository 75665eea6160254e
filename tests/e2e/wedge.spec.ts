/**
 * The keyboard-wedge adapter in real Chromium: keys typed through the browser's input pipeline at
 * scanner speed become one scan (also with a text field focused, and the field stays empty);
 * keys at human speed land in the field and never become a scan.
 *
 * Key events travel one by one over CDP here; on a loaded 2-core machine two of them can arrive
 * 50+ ms apart although sent back to back, so this page allows a 100 ms gap (the setting's range
 * goes to 200) and types "human" keys 400 ms apart. The 40 ms default is covered with synthetic
 * timings in tests/renderer/wedge*.test.ts.
 *
 * This page hosts only the wedge module (bundled here from renderer/src/lib/scanner), so it needs no
 * web host. The full path, scan → card lookup on the counter screen, belongs with that screen.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { build } from 'esbuild';

const REPO = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CARD = '0930000420206';
let bundle = '';

test.beforeAll(async () => {
  const out = await build({
    stdin: {
      contents: `
        import { attachWedge } from './renderer/src/lib/scanner/attach-wedge.ts';
        window.__scans = [];
        window.__pageKeys = [];
        document.addEventListener('keydown', (e) => window.__pageKeys.push(e.key));
        document.getElementById('sell').addEventListener('click', () => window.__pageKeys.push('CLICK'));
        attachWedge(window, { maxGapMs: 100, minLength: 8 }, (v) => window.__scans.push(v));
      `,
      resolveDir: REPO,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    write: false,
    target: 'chrome120',
  });
  bundle = out.outputFiles[0]?.text ?? '';
});

async function open(page: Page) {
  await page.setContent('<label>Zoek <input id="search" type="text"></label><button id="sell">Verkopen</button>');
  await page.addScriptTag({ content: bundle });
}

const scans = (page: Page) => page.evaluate(() => (globalThis as unknown as { __scans: string[] }).__scans);
const pageKeys = (page: Page) => page.evaluate(() => (globalThis as unknown as { __pageKeys: string[] }).__pageKeys);

test.describe('keyboard wedge in Chromium', () => {
  test('a scanner-speed burst with Enter into a focused field is a scan, and the field stays empty', async ({ page }) => {
    await open(page);
    await page.locator('#search').focus();
    await page.keyboard.type(CARD); // no delay: back-to-back key events, like a scanner
    await page.keyboard.press('Enter');
    await expect.poll(() => scans(page)).toEqual([CARD]);
    await expect(page.locator('#search')).toHaveValue('');
    expect(await pageKeys(page)).toEqual([]);
  });

  test('a scan while a button has focus does not press it', async ({ page }) => {
    await open(page);
    await page.locator('#sell').focus();
    await page.keyboard.type(CARD);
    await page.keyboard.press('Enter');
    await expect.poll(() => scans(page)).toEqual([CARD]);
    expect(await pageKeys(page)).not.toContain('CLICK');
  });

  test('typing at human speed reaches the field in full and is never a scan', async ({ page }) => {
    await open(page);
    await page.locator('#search').focus();
    await page.keyboard.type(CARD, { delay: 400 });
    await page.keyboard.press('Enter');
    await expect(page.locator('#search')).toHaveValue(CARD);
    expect(await scans(page)).toEqual([]);
    expect(await pageKeys(page)).toContain('Enter');
  });
});
