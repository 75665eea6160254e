import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SETTINGS_SCHEMA_VERSION } from '../../../contract/settings.js';
import { migrateSettings } from '../../../main/config/settings-migration.js';
import { readSettingsFile, saveSettings } from '../../../main/config/settings-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loket-migrate-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('settings migration', () => {
  it('a file without schemaVersion (version 0) is brought to the current version, printer string included', () => {
    const old = { language: 'fr', printer: 'tcp://10.0.0.5:9100', uitpas: { environment: 'production' } };
    const m = migrateSettings(old);
    expect(m).toEqual({
      ok: true,
      from: 0,
      value: {
        schemaVersion: SETTINGS_SCHEMA_VERSION,
        language: 'fr',
        printer: { url: 'tcp://10.0.0.5:9100' },
        uitpas: { environment: 'production', api: 'xml' },
      },
    });
    expect(old.printer).toBe('tcp://10.0.0.5:9100');
  });

  it('a version-1 file is an XML installation, said explicitly (API 4 came with version 2)', () => {
    const v1 = { schemaVersion: 1, uitpas: { environment: 'acceptance', consumerKey: 'ck' } };
    expect(migrateSettings(v1)).toEqual({
      ok: true,
      from: 1,
      value: { schemaVersion: 2, uitpas: { environment: 'acceptance', consumerKey: 'ck', api: 'xml' } },
    });
    expect(v1.uitpas).not.toHaveProperty('api');
    expect(migrateSettings({ schemaVersion: 1 })).toMatchObject({ ok: true, value: { uitpas: { api: 'xml' } } });
    // Not an object: left for validation to name, as before.
    expect(migrateSettings({ schemaVersion: 1, uitpas: 'x' })).toMatchObject({ ok: true, value: { uitpas: 'x' } });
  });

  it('an older Loket refuses an API 4 file instead of reading its organizer id as a balie key', () => {
    expect(migrateSettings({ schemaVersion: 2, uitpas: { api: 'v4' } }, 1)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/newer Loket/) as unknown,
    });
  });

  it('a file from a newer Loket is refused with a reason, not guessed at', () => {
    const m = migrateSettings({ schemaVersion: SETTINGS_SCHEMA_VERSION + 1 });
    expect(m.ok).toBe(false);
    expect(!m.ok && m.error).toMatch(/newer Loket/);
    expect(migrateSettings({ schemaVersion: 'one' })).toMatchObject({ ok: false, error: expect.stringMatching(/whole number/) as unknown });
    expect(migrateSettings([])).toMatchObject({ ok: false });
  });

  it('an old file loads with its values, and the next save writes the current version', async () => {
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ language: 'en', printer: 'none', scanner: { wedgeMaxGapMs: 30 } }));
    const read = await readSettingsFile(dir);
    expect(read.kind).toBe('ok');
    expect(read.settings).toMatchObject({
      schemaVersion: SETTINGS_SCHEMA_VERSION,
      language: 'en',
      printer: { url: 'none', columns: 42 },
      scanner: { wedgeMaxGapMs: 30 },
    });
    await saveSettings(dir, read.settings);
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({
      schemaVersion: SETTINGS_SCHEMA_VERSION,
      printer: { url: 'none' },
    });
  });

  it('a newer file is reported as unusable and kept', async () => {
    const text = JSON.stringify({ schemaVersion: 99, language: 'fr' });
    writeFileSync(join(dir, 'settings.json'), text);
    const read = await readSettingsFile(dir);
    expect(read).toMatchObject({ kind: 'broken', error: expect.stringMatching(/newer Loket/) as unknown });
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(text);
  });
});
