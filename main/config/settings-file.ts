/**
 * settings.json in the data folder. Reads never throw for a bad file (the caller runs on defaults
 * and shows the error); writes are atomic (tmp + fsync + rename) and never destroy a file that
 * could not be read: it is first kept aside as settings.json.broken-<timestamp>.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { defaultSettings, Settings } from '../../contract/settings.js';
import { migrateSettings } from './settings-migration.js';

export const SETTINGS_FILE = 'settings.json';

export type SettingsRead =
  { kind: 'missing'; settings: Settings } | { kind: 'ok'; settings: Settings } | { kind: 'broken'; settings: Settings; error: string };

export function settingsPath(dataDir: string): string {
  return join(dataDir, SETTINGS_FILE);
}

/** Pure: file text -> settings or a human-readable reason it is unusable. */
export function parseSettingsText(text: string): { ok: true; settings: Settings } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `${SETTINGS_FILE} is not valid JSON (${(err as Error).message})` };
  }
  const migrated = migrateSettings(json);
  if (!migrated.ok) return { ok: false, error: `${SETTINGS_FILE}: ${migrated.error}` };
  const parsed = Settings.safeParse(migrated.value);
  if (!parsed.success) {
    return { ok: false, error: `${SETTINGS_FILE} does not match the settings schema:\n${z.prettifyError(parsed.error)}` };
  }
  return { ok: true, settings: parsed.data };
}

export async function readSettingsFile(dataDir: string): Promise<SettingsRead> {
  let text: string;
  try {
    text = await fs.readFile(settingsPath(dataDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing', settings: defaultSettings() };
    return { kind: 'broken', settings: defaultSettings(), error: `${SETTINGS_FILE} cannot be read (${(err as Error).message})` };
  }
  const parsed = parseSettingsText(text);
  if (parsed.ok) return { kind: 'ok', settings: parsed.settings };
  return { kind: 'broken', settings: defaultSettings(), error: parsed.error };
}

export interface SaveResult {
  path: string;
  /** Where an unreadable previous file was kept, if there was one. */
  keptBrokenAs?: string;
}

/**
 * Validates and writes the settings. Pass the settings as the operator set them (e.g.
 * RuntimeConfig.fileSettings plus a change), not the effective ones: env overrides are not saved.
 */
export async function saveSettings(dataDir: string, settings: Settings): Promise<SaveResult> {
  const parsed = Settings.safeParse(settings);
  if (!parsed.success) throw new Error(`Refusing to save invalid settings:\n${z.prettifyError(parsed.error)}`);

  await fs.mkdir(dataDir, { recursive: true });
  const path = settingsPath(dataDir);
  const result: SaveResult = { path };

  const current = await readSettingsFile(dataDir);
  if (current.kind === 'broken') result.keptBrokenAs = await keepAside(path);

  await writeFileAtomic(path, `${JSON.stringify(parsed.data, null, 2)}\n`);
  return result;
}

async function keepAside(path: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  for (let n = 0; ; n++) {
    const target = `${path}.broken-${stamp}${n === 0 ? '' : `-${n}`}`;
    try {
      // link + unlink instead of rename so an existing target is never overwritten.
      await fs.link(path, target);
      await fs.unlink(path);
      return target;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV') {
        // Filesystems without hard links: copy exclusively, then remove.
        await fs.copyFile(path, target, fs.constants.COPYFILE_EXCL);
        await fs.unlink(path);
        return target;
      }
      throw err;
    }
  }
}

/** tmp file in the same folder + fsync + rename + fsync of the folder: all or nothing on power loss. */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const handle = await fs.open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, path);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await syncDir(path);
}

async function syncDir(filePath: string): Promise<void> {
  // Directory fsync makes the rename durable on Linux/macOS; Windows cannot open folders, so skip there.
  if (process.platform === 'win32') return;
  const dir = await fs.open(join(filePath, '..'), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
