/** The two Playwright suites stay apart: the web-host suite never collects the Electron one. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import webConfig from '../../../playwright.config.js';
import electronConfig from '../../../playwright.electron.config.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

describe('Playwright configurations', () => {
  it('playwright.config.ts collects only tests/e2e', () => {
    expect(path.resolve(ROOT, webConfig.testDir ?? '')).toBe(path.join(ROOT, 'tests', 'e2e'));
  });

  it('playwright.electron.config.ts collects only tests/e2e-electron', () => {
    expect(path.resolve(ROOT, electronConfig.testDir ?? '')).toBe(path.join(ROOT, 'tests', 'e2e-electron'));
  });
});
