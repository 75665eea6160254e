import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../../contract/settings.js';
import { readSettingsFile, saveSettings, settingsPath } from '../../../main/config/settings-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loket-settings-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('settings file', () => {
  it('a missing file means defaults and no error', async () => {
    expect(await readSettingsFile(dir)).toEqual({ kind: 'missing', settings: defaultSettings() });
  });

  it('round-trips through save and read, leaving no temp files', async () => {
    const s = defaultSettings();
    s.language = 'fr';
    s.printer.url = 'tcp://10.0.0.9:9100';
    const r = await saveSettings(dir, s);
    expect(r).toEqual({ path: settingsPath(dir) });
    expect(await readSettingsFile(dir)).toEqual({ kind: 'ok', settings: s });
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('fills defaults for keys a partial file leaves out', async () => {
    writeFileSync(settingsPath(dir), JSON.stringify({ schemaVersion: 1, language: 'en' }));
    const r = await readSettingsFile(dir);
    expect(r.kind).toBe('ok');
    expect(r.settings).toEqual({ ...defaultSettings(), language: 'en' });
  });

  it('reports a file that is not JSON, without touching it', async () => {
    writeFileSync(settingsPath(dir), '{ "schemaVersion": 1, ');
    const r = await readSettingsFile(dir);
    expect(r.kind).toBe('broken');
    if (r.kind === 'broken') expect(r.error).toMatch(/settings\.json is not valid JSON/);
    expect(r.settings).toEqual(defaultSettings());
    expect(readFileSync(settingsPath(dir), 'utf8')).toBe('{ "schemaVersion": 1, ');
  });

  it('reports a schema violation with the offending field', async () => {
    writeFileSync(settingsPath(dir), JSON.stringify({ schemaVersion: 1, printer: { columns: 40 } }));
    const r = await readSettingsFile(dir);
    expect(r.kind).toBe('broken');
    if (r.kind === 'broken') expect(r.error).toMatch(/printer\.columns/);
  });

  it('keeps a broken file aside before saving over it', async () => {
    writeFileSync(settingsPath(dir), 'garbage that someone may want back');
    const r = await saveSettings(dir, defaultSettings());
    expect(r.keptBrokenAs).toMatch(/settings\.json\.broken-\d{4}-\d\d-\d\dT/);
    expect(readFileSync(r.keptBrokenAs!, 'utf8')).toBe('garbage that someone may want back');
    expect((await readSettingsFile(dir)).kind).toBe('ok');
  });

  it('never overwrites an earlier kept-aside copy', async () => {
    writeFileSync(settingsPath(dir), 'first');
    const a = await saveSettings(dir, defaultSettings());
    writeFileSync(settingsPath(dir), 'second');
    const b = await saveSettings(dir, defaultSettings());
    expect(a.keptBrokenAs).not.toBe(b.keptBrokenAs);
    expect(readFileSync(a.keptBrokenAs!, 'utf8')).toBe('first');
    expect(readFileSync(b.keptBrokenAs!, 'utf8')).toBe('second');
  });

  it('refuses invalid settings and leaves the existing file as it was', async () => {
    const good = defaultSettings();
    await saveSettings(dir, good);
    const before = readFileSync(settingsPath(dir), 'utf8');
    const bad = { ...good, language: 'de' } as unknown as Settings;
    await expect(saveSettings(dir, bad)).rejects.toThrow(/language/);
    expect(readFileSync(settingsPath(dir), 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });
});
