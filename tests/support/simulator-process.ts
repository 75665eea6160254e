/**
 * The UiTPAS simulator as its own process (as a trainer runs it), for tests whose counters run as
 * processes too and get killed: the simulator must outlive them. Its admin API is the judge. Either
 * API's (`npm run simulator -- --api v4`); `seed` has what the counters need of both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SeedInfo } from '../../main/tools/simulator/server.js';
import type { SeedInfoV4 } from '../../main/tools/simulator-v4/server.js';

export type SimulatorSeed = ({ api: 'xml' } & SeedInfo) | ({ api: 'v4' } & SeedInfoV4);

export interface SimulatorProcess {
  seed: SimulatorSeed;
  /** The simulator's origin: its admin API is under /__admin/. */
  origin: string;
  admin<T>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): void;
}

export async function startSimulatorProcess(dir: string, api: 'xml' | 'v4' = 'xml'): Promise<SimulatorProcess> {
  const seedFile = join(dir, 'seed.json');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'main/tools/simulator/cli.ts', '--api', api, '--port', '0', '--seed-json', seedFile],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const deadline = Date.now() + 20_000;
  while (!existsSync(seedFile)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('simulator did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  const seed = { api, ...JSON.parse(readFileSync(seedFile, 'utf8')) } as SimulatorSeed;
  const origin = new URL(seed.api === 'xml' ? seed.prefix : seed.apiBase).origin;
  const base = origin + '/__admin';
  return {
    seed,
    origin,
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
