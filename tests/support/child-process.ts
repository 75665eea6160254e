/**
 * Helpers for tests and benches that run Loket (or the simulator) as a real child process: a clean
 * environment, the simulator's credentials as LOKET_* variables, and waiting for a line on stdout.
 */
import { execFile, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { SimulatorHandle } from '../../main/tools/simulator/server.js';

/** This process's environment without any LOKET_* variable, so only what a test sets applies. */
export function envWithoutLoket(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('LOKET_') && v !== undefined) env[k] = v;
  return env;
}

/** The LOKET_* variables of a live-mode app that talks to this simulator as its employee and counter. */
export function simulatorEnv(sim: Pick<SimulatorHandle, 'prefix' | 'credentials'>): Record<string, string> {
  const c = sim.credentials;
  return {
    LOKET_UITPAS_URL: sim.prefix,
    LOKET_CONSUMER_KEY: c.consumerKey,
    LOKET_CONSUMER_SECRET: c.consumerSecret,
    LOKET_TOKEN: c.token,
    LOKET_TOKEN_SECRET: c.tokenSecret,
    LOKET_USER_ID: c.userId,
    LOKET_BALIE_KEY: c.counterKey,
  };
}

/**
 * Runs a TypeScript entry point (e.g. 'main/tools/doctor/cli.ts', from the repository root) with tsx to
 * its end; resolves with its exit code (-1 when it was killed, e.g. by the timeout) and stdout + stderr.
 */
export function runTsx(entry: string, env: Record<string, string>, timeoutMs = 25_000): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(join('node_modules', '.bin', 'tsx'), [entry], { env, timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, out: stdout + stderr });
    });
  });
}

export interface WaitForOutputOptions {
  /** Reject after this long (default: wait as long as the child runs). */
  timeoutMs?: number;
  /** Appended to the error, e.g. the child's stderr so far. */
  detail?: () => string;
}

/**
 * Resolves with `pattern`'s match once the child's stdout so far matches it (a line may come in
 * several chunks); rejects when the child exits first or the timeout passes. `pattern` is tried
 * against everything printed so far, so anchor it (`/^LOKET_URL (\S+)$/m`).
 */
export function waitForOutput(
  child: ChildProcess & { stdout: Readable },
  pattern: RegExp,
  options: WaitForOutputOptions = {},
): Promise<RegExpExecArray> {
  const detail = () => (options.detail ? `: ${options.detail()}` : '');
  return new Promise((resolve, reject) => {
    let buf = '';
    let timer: NodeJS.Timeout | undefined;
    const onData = (chunk: Buffer | string) => {
      buf += String(chunk);
      const m = pattern.exec(buf);
      if (m) finish(() => resolve(m));
    };
    const onExit = (code: number | null) => finish(() => reject(new Error(`exited (${code}) before printing ${pattern}${detail()}`)));
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      settle();
    };
    if (options.timeoutMs !== undefined) {
      const ms = options.timeoutMs;
      timer = setTimeout(() => finish(() => reject(new Error(`no ${pattern} within ${ms} ms${detail()}`))), ms);
    }
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });
}
