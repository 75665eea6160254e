/**
 * The UiTPAS simulator as its own process (as a trainer runs it), for tests whose counters run as
 * processes too and get killed: the simulator must outlive them. Its admin API is the judge.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SeedInfo } from '../../main/tools/simulator/server.js';

export interface SimulatorProcess {
  seed: SeedInfo;
  admin<T>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): void;
}

export async function startSimulatorProcess(dir: string): Promise<SimulatorProcess> {
  const seedFile = join(dir, 'seed.json');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'main/tools/simulator/cli.ts', '--port', '0', '--seed-json', seedFile],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const deadline = Date.now() + 20_000;
  while (!existsSync(seedFile)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('simulator did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  const seed = JSON.parse(readFileSync(seedFile, 'utf8')) as SeedInfo;
  const base = new URL(seed.prefix).origin + '/__admin';
  return {
    seed,
    async admin<T>(method: string, path: string, body?: unknown): Promise<T> {
      // A `refuse` fault closes the whole listener, admin API included: wait for it to reopen.
      const deadline = Date.now() + 10_000;
      let res: Response;
      for (;;) {
        try {
          res = await fetch(base + path, {
            method,
            ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
          });
          break;
        } catch (err) {
          if (Date.now() > deadline) throw err;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      const value = (await res.json()) as T;
      if (!res.ok) throw new Error(`simulator admin ${method} ${path}: ${JSON.stringify(value)}`);
      return value;
    },
    stop: () => void child.kill('SIGTERM'),
  };
}
