/** The web host as `npm run start:web` runs it: a real child process. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envWithoutLoket, waitForOutput } from '../../support/child-process.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'loket-cli-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function startCli(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/web/cli.ts'], {
    cwd: REPO,
    env: { ...envWithoutLoket(), LOKET_DATA_DIR: dataDir, LOKET_WEB_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = waitForOutput(child, /^LOKET_URL (\S+)\n/m, { detail: () => stderr }).then(([, url = '']) => url);
  return { child, ready, exited, out: () => ({ stdout, stderr }) };
}

describe('web host CLI', () => {
  it('prints exactly one stdout line, serves, and exits 0 on SIGTERM', async () => {
    const cli = startCli({ LOKET_WEB_TOKEN: 'fixed-token-for-the-cli-test' });
    const url = await cli.ready;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=fixed-token-for-the-cli-test$/);
    const res = await fetch(new URL('/nope', url));
    expect(res.status).toBe(404);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.out().stdout).toBe(`LOKET_URL ${url}\n`);
    expect(cli.out().stderr).toContain('SIGTERM, shutting down');
  });

  it('refuses to start on bad variables, naming each, with exit code 2', async () => {
    const cli = startCli({ LOKET_DEMO: 'perhaps', LOKET_WEB_PORT: 'eighty' });
    cli.ready.catch(() => {});
    expect(await cli.exited).toBe(2);
    const { stdout, stderr } = cli.out();
    expect(stdout).toBe('');
    expect(stderr).toContain('LOKET_WEB_PORT must be a port number');
    expect(stderr).toContain('LOKET_DEMO must be 1, 0, true or false');
  });

  it('a port in use is a clear error', async () => {
    const first = startCli({});
    const port = new URL(await first.ready).port;
    const otherDir = mkdtempSync(join(tmpdir(), 'loket-cli-other-'));
    const second = startCli({ LOKET_WEB_PORT: port, LOKET_DATA_DIR: otherDir });
    second.ready.catch(() => {});
    expect(await second.exited).toBe(1);
    expect(second.out().stderr).toContain('port already in use');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    rmSync(otherDir, { recursive: true, force: true });
  });

  it('a second Loket on the same data folder refuses to start, naming the folder and the holder', async () => {
    const first = startCli({});
    await first.ready;
    const second = startCli({});
    second.ready.catch(() => {});
    expect(await second.exited).toBe(4);
    const err = second.out().stderr;
    expect(err).toContain(`Loket is already running on this data folder (web host, process ${first.child.pid}`);
    expect(err).toContain(`Folder: ${dataDir}`);
    expect(err).toContain('Loket draait al op deze gegevensmap');
    // The first one is untouched and still serves.
    expect(first.child.exitCode).toBeNull();
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    // Once it stopped, the folder is free again.
    const third = startCli({});
    await third.ready;
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  });

  it('a Loket killed outright leaves no stale lock: the next one starts', async () => {
    const first = startCli({});
    await first.ready;
    first.child.kill('SIGKILL');
    await first.exited;
    const next = startCli({});
    await next.ready;
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
  });
});
