/**
 * Electron start-up failures the operator can act on, with the `electron` module replaced by the
 * test double: a damaged or newer sales database and a bad configuration each get their own
 * Dutch-first error box; the app exits without a window and the database file is left as it was.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lockDataFolder } from '../../main/config/data-folder-lock.js';
import { OUTBOX_FILE } from '../../main/sales/index.js';
import { SCHEMA_VERSION } from '../../main/sales/store/migrations.js';

vi.mock('electron', () => import('./electron-double.js'));

const double = await import('./electron-double.js');
const { startLoket } = await import('../../main/electron/lifecycle.js');

let base: string;
let distDir: string;
let dataDir: string;
let outbox: string;

beforeEach(() => {
  double.resetElectronDouble();
  base = mkdtempSync(path.join(tmpdir(), 'loket-startup-errors-'));
  distDir = path.join(base, 'dist');
  dataDir = path.join(base, 'data');
  outbox = path.join(dataDir, OUTBOX_FILE);
  mkdirSync(path.join(distDir, 'renderer'), { recursive: true });
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path.join(distDir, 'renderer', 'index.html'), '<!doctype html><title>Loket</title>');
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

async function start(env: Record<string, string> = {}): Promise<{ title: string; content: string }> {
  const loket = startLoket({ distDir, env: { LOKET_DATA_DIR: dataDir, LOKET_DEMO: '1', ...env } });
  double.app.becomeReady();
  await loket.ready;
  expect(double.dialog.errorBoxes).toHaveLength(1);
  expect(double.app.exitCode).toBe(1);
  expect(double.BrowserWindow.instances).toHaveLength(0);
  expect(loket.window()).toBeNull();
  return double.dialog.errorBoxes[0]!;
}

describe('Electron start-up errors', () => {
  it('a damaged sales database: Dutch first, the file named and kept, what to do', async () => {
    const garbage = randomBytes(8192);
    writeFileSync(outbox, garbage);

    const box = await start();

    expect(box.title).toBe('Loket kan niet starten');
    const [dutch] = box.content.split('\n\n');
    expect(dutch).toContain('De verkoopdatabank van Loket is beschadigd en kan niet gelezen worden.');
    expect(dutch).toContain(`Bestand: ${outbox}`);
    expect(dutch).toContain('Het bestand is bewaard zoals het was');
    expect(dutch).toMatch(/contacteer de support/);
    expect(dutch).toMatch(/back-up/);
    // French and English follow for a non-Dutch-speaking operator.
    expect(box.content).toContain('La base de données des ventes de Loket est endommagée');
    expect(box.content).toContain('The Loket sales database is damaged');
    expect(readFileSync(outbox).equals(garbage)).toBe(true);
  });

  it('a sales database from a newer Loket: asks to update Loket, file unchanged', async () => {
    const db = new Database(outbox);
    db.exec('CREATE TABLE sales (id TEXT PRIMARY KEY)');
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const before = readFileSync(outbox);

    const box = await start();

    const [dutch] = box.content.split('\n\n');
    expect(dutch).toContain('De verkoopdatabank werd geschreven door een nieuwere versie van Loket');
    expect(dutch).toContain(`schemaversie ${SCHEMA_VERSION + 1}; deze Loket kent tot versie ${SCHEMA_VERSION}`);
    expect(dutch).toMatch(/werk Loket bij naar de nieuwste versie/);
    expect(dutch).toContain('Verwijder het bestand niet');
    expect(readFileSync(outbox).equals(before)).toBe(true);
  });

  it('an invalid configuration: names the variable, in Dutch first', async () => {
    const box = await start({ LOKET_PRINTER: 'lpt1' });

    expect(box.title).toBe('Loket kan niet starten');
    expect(box.content.startsWith('De configuratie van Loket is ongeldig:\n- LOKET_PRINTER must be')).toBe(true);
    expect(box.content).toMatch(/Wat nu: verbeter deze instellingen/);
    expect(box.content).toContain("La configuration de Loket n'est pas valide");
  });

  it('a data folder another Loket is running on: says who holds it, opens nothing', async () => {
    const held = lockDataFolder(dataDir, 'web host');
    try {
      const box = await start();
      const [dutch, french, english] = box.content.split('\n\n');
      expect(dutch).toContain(`Loket draait al op deze gegevensmap (web host, proces ${process.pid}`);
      expect(dutch).toContain(`Map: ${dataDir}`);
      expect(french).toContain('Loket tourne déjà sur ce dossier de données');
      expect(english).toContain('What to do: use the Loket that is already open, or close it first.');
    } finally {
      held.release();
    }
  });
});
