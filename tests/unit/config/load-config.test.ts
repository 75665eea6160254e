import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../contract/settings.js';
import { ConfigError, defaultDataDir, loadConfig, saveSettings, settingsPath } from '../../../main/config/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loket-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('starts in demo mode on defaults in an empty data folder (creating it)', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const c = await loadConfig({ env: { LOKET_DATA_DIR: dataDir } });
    expect(c).toMatchObject({
      mode: 'demo',
      dataDir,
      overrides: [],
      secrets: {},
      warnings: [],
      uitpasPrefix: 'https://test.uitid.be/uitid/rest',
    });
    expect(c.settings).toEqual(defaultSettings());
    expect(c.settingsError).toBeUndefined();
  });

  it('LOKET_DATA_DIR wins over the folder Electron passes', async () => {
    const c = await loadConfig({ env: { LOKET_DATA_DIR: dir }, dataDir: join(dir, 'electron-user-data') });
    expect(c.dataDir).toBe(dir);
    const d = await loadConfig({ env: {}, dataDir: join(dir, 'electron-user-data') });
    expect(d.dataDir).toBe(join(dir, 'electron-user-data'));
  });

  it('defaults to $XDG_DATA_HOME/loket', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/srv/xdg' })).toBe('/srv/xdg/loket');
    expect(defaultDataDir({})).toMatch(/\.local\/share\/loket$/);
  });

  it('goes live with complete credentials from the environment, secrets kept apart', async () => {
    const c = await loadConfig({
      env: {
        LOKET_DATA_DIR: dir,
        LOKET_CONSUMER_KEY: 'ck',
        LOKET_CONSUMER_SECRET: 'cs',
        LOKET_TOKEN: 't',
        LOKET_TOKEN_SECRET: 'ts',
        LOKET_UITPAS_URL: 'http://127.0.0.1:1234/uitid/rest',
      },
    });
    expect(c.mode).toBe('live');
    expect(c.uitpasPrefix).toBe('http://127.0.0.1:1234/uitid/rest');
    expect(c.secrets).toEqual({ consumerSecret: 'cs', token: 't', tokenSecret: 'ts' });
    expect(c.fileSettings.uitpas.consumerKey).toBeUndefined();
    expect(JSON.stringify(c.settings)).not.toMatch(/"cs"|"ts"/);
  });

  it('a malformed settings file: clear error, defaults in effect, the file untouched', async () => {
    writeFileSync(settingsPath(dir), '{"schemaVersion":1,"language":"nl",');
    const c = await loadConfig({ env: { LOKET_DATA_DIR: dir, LOKET_LANG: 'en' } });
    expect(c.settingsError).toMatch(/not valid JSON/);
    expect(c.settings.language).toBe('en');
    expect(c.fileSettings).toEqual(defaultSettings());
    expect(readFileSync(settingsPath(dir), 'utf8')).toBe('{"schemaVersion":1,"language":"nl",');
  });

  it('reads what saveSettings wrote', async () => {
    const s = defaultSettings();
    s.demo = 'off';
    await saveSettings(dir, s);
    const c = await loadConfig({ env: { LOKET_DATA_DIR: dir } });
    expect(c.mode).toBe('live');
    expect(c.settingsError).toBeUndefined();
  });

  it('throws a ConfigError naming the bad variable', async () => {
    await expect(loadConfig({ env: { LOKET_DATA_DIR: dir, LOKET_DEMO: 'maybe' } })).rejects.toSatisfy(
      (e) => e instanceof ConfigError && e.message.includes('LOKET_DEMO'),
    );
  });

  it('warns about a custom environment without URL', async () => {
    writeFileSync(settingsPath(dir), JSON.stringify({ schemaVersion: 1, uitpas: { environment: 'custom' } }));
    const c = await loadConfig({ env: { LOKET_DATA_DIR: dir } });
    expect(c.warnings[0]).toMatch(/customUrl/);
  });
});
