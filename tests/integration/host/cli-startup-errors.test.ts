/**
 * The web host CLI as a real child process when its sales database cannot be used: a clear
 * message on stderr (what happened, the file, that it was kept, what to do), a non-zero exit, no
 * LOKET_URL line, and the file byte for byte as it was.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OUTBOX_FILE } from '../../../main/sales/index.js';
import { SCHEMA_VERSION } from '../../../main/sales/store/migrations.js';
import { envWithoutLoket } from '../../support/child-process.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

let dataDir: string;
let outbox: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'loket-cli-outbox-'));
  outbox = join(dataDir, OUTBOX_FILE);
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs the CLI to its end (it must not start); resolves with its exit code and output. */
function runCli(env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/web/cli.ts'], {
    cwd: REPO,
    env: { ...envWithoutLoket(), LOKET_DATA_DIR: dataDir, LOKET_WEB_PORT: '0', LOKET_DEMO: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      // Started after all: stop it so the test fails on the exit code, not on a timeout.
      if (code === null) reject(new Error(`killed: ${stderr}`));
      resolve({ code, stdout, stderr });
    });
    child.stdout.on('data', () => {
      if (stdout.includes('LOKET_URL')) child.kill('SIGTERM');
    });
  });
}

describe('web host CLI with a sales database it cannot use', () => {
  it('a damaged file: says so, names the file, keeps it unchanged, exits 3', async () => {
    const garbage = randomBytes(16 * 1024);
    writeFileSync(outbox, garbage);

    const { code, stdout, stderr } = await runCli();

    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toContain('The Loket sales database is damaged and cannot be read.');
    expect(stderr).toContain(`File: ${outbox}`);
    expect(stderr).toContain('The file was kept as it is: Loket did not replace or repair it');
    expect(stderr).toMatch(/contact support/);
    expect(stderr).toMatch(/restore the file from a backup/);
    // Dutch too, for whoever reads it at the counter.
    expect(stderr).toContain('De verkoopdatabank van Loket is beschadigd');
    expect(stderr).not.toMatch(/^\s+at /m); // a message, not a stack trace
    expect(readFileSync(outbox).equals(garbage)).toBe(true);
    expect(readdirSync(dataDir).filter((f) => f.startsWith(OUTBOX_FILE))).toEqual([OUTBOX_FILE]);
  });

  it('a file from a newer Loket: says to update Loket, keeps it unchanged, exits 3', async () => {
    const db = new Database(outbox);
    db.exec("CREATE TABLE sales (id TEXT PRIMARY KEY); INSERT INTO sales VALUES ('a sale from the future')");
    db.pragma(`user_version = ${SCHEMA_VERSION + 7}`);
    db.close();
    const before = readFileSync(outbox);

    const { code, stdout, stderr } = await runCli();

    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toContain('The sales database was written by a newer version of Loket');
    expect(stderr).toContain(`schema version ${SCHEMA_VERSION + 7}; this Loket knows up to version ${SCHEMA_VERSION}`);
    expect(stderr).toContain(`File: ${outbox}`);
    expect(stderr).toContain('The file was kept as it is');
    expect(stderr).toMatch(/update Loket to the newest version/);
    expect(stderr).toContain('Do not delete the file');
    expect(stderr).toContain('nieuwere versie van Loket');
    expect(readFileSync(outbox).equals(before)).toBe(true);
    expect(existsSync(`${outbox}-wal`)).toBe(false);
  });

  it('a path it cannot open as a file: says what to check, exits 3', async () => {
    mkdirSync(outbox);

    const { code, stderr } = await runCli();

    expect(code).toBe(3);
    expect(stderr).toContain('The Loket sales database cannot be opened.');
    expect(stderr).toContain(`File: ${outbox}`);
    expect(stderr).toMatch(/LOKET_DATA_DIR/);
    expect(readdirSync(outbox)).toEqual([]);
  });

  it('a bad variable: names it and says what to do, exits 2, touches no database', async () => {
    const { code, stdout, stderr } = await runCli({ LOKET_LANG: 'de' });

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('Loket cannot start. The Loket configuration is invalid');
    expect(stderr).toContain('LOKET_LANG must be nl, fr or en');
    expect(stderr).toMatch(/What to do: correct these settings/);
    expect(stderr).toContain('De configuratie van Loket is ongeldig');
    expect(existsSync(outbox)).toBe(false);
  });
});
