/**
 * Playwright for the real Electron app (tests/e2e-electron), separate from the Chromium/web-host
 * suite (playwright.config.ts). Needs `npm run build` first. Where no Electron binary exists
 * (the development and CI machines here) its tests report a skip with the reason.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests/e2e-electron',
  // Prints why the suite is skipped (the list reporter does not show skip reasons).
  globalSetup: './tests/e2e-electron/global-setup.ts',
  outputDir: 'test-results/e2e-electron',
  // One Electron at a time: two cores are shared, and each instance starts a full runtime.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  reporter: [['list']],
  forbidOnly: !!process.env.CI,
});
