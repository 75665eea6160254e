/**
 * Starts the real web host (`main/web/cli.ts`) as a child process for each test: fresh temp
 * data folder, LOKET_WEB_PORT=0, extra env per test. The test gets `page` already at the host's
 * URL; the host's stdout/stderr are attached to the report when a test fails. The project picks
 * the UiTPAS API (`uitpasApi`, playwright.config.ts): the same specs run against either.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect } from '@playwright/test';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const READY_TIMEOUT_MS = 30_000;

export interface WebHostProcess {
  /** Page URL including the token. */
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  env: Record<string, string>;
  /** Everything the host wrote so far (stdout and stderr interleaved). */
  log(): string;
}

export type UitpasApi = 'xml' | 'v4';

interface Options {
  /** Which UiTPAS API the host speaks (LOKET_UITPAS_API): set per Playwright project. */
  uitpasApi: UitpasApi;
  /** Extra environment for the host (LOKET_*). */
  hostEnv: Record<string, string>;
  /** Files written into the data folder before the host starts (name -> content). */
  dataFiles: Record<string, string>;
  /** Whether `page` should open the host's URL before the test body runs. */
  openPage: boolean;
}

export const test = base.extend<Omit<Options, 'uitpasApi'> & { host: WebHostProcess }, Pick<Options, 'uitpasApi'>>({
  // Worker-scoped: the counter specs' simulator (one per worker) follows it too.
  uitpasApi: ['xml', { option: true, scope: 'worker' }],
  hostEnv: [{}, { option: true }],
  dataFiles: [{}, { option: true }],
  openPage: [true, { option: true }],

  host: async ({ hostEnv, dataFiles, uitpasApi }, use, testInfo) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'loket-e2e-'));
    for (const [name, content] of Object.entries(dataFiles)) writeFileSync(join(dataDir, name), content);
    // The developer's own LOKET_* settings must not leak into a test.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LOKET_')));
    // The xml project runs as before: the default API, no override to show.
    const env: Record<string, string> = {
      LOKET_DATA_DIR: dataDir,
      LOKET_WEB_PORT: '0',
      ...(uitpasApi === 'v4' ? { LOKET_UITPAS_API: 'v4' } : {}),
      ...hostEnv,
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/web/cli.ts'], {
      cwd: REPO,
      env: { ...inherited, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (output += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (output += s));
    try {
      const url = await waitForUrl(child, () => output);
      const parsed = new URL(url);
      await use({ url, origin: parsed.origin, token: parsed.searchParams.get('token') ?? '', dataDir, env, log: () => output });
    } finally {
      await stop(child);
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('web-host.log', { body: output, contentType: 'text/plain' });
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  },

  page: async ({ page, host, openPage }, use) => {
    if (openPage) await page.goto(host.url);
    await use(page);
  },
});

export { expect };

function waitForUrl(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`web host printed no LOKET_URL within ${READY_TIMEOUT_MS} ms:\n${output()}`)),
      READY_TIMEOUT_MS,
    );
    const onData = () => {
      const m = /^LOKET_URL (\S+)$/m.exec(output());
      if (m?.[1]) finish(undefined, m[1]);
    };
    const onExit = (code: number | null) => finish(new Error(`web host exited (${code}) before it was ready:\n${output()}`));
    const finish = (err: Error | undefined, url?: string) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(url!);
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
