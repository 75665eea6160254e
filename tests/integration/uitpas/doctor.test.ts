/** `npm run doctor` as a real child process against the simulator. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../main/simulator/server.js';
import { envWithoutLoket, runTsx, simulatorEnv } from '../../support/child-process.js';

let sim: SimulatorHandle;
let dataDir: string;
beforeAll(async () => {
  sim = await startSimulator();
  dataDir = mkdtempSync(join(tmpdir(), 'loket-doctor-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function doctor(over: Record<string, string>): Promise<{ code: number; out: string }> {
  const env = { ...envWithoutLoket(), LOKET_DATA_DIR: dataDir, ...simulatorEnv(sim), ...over };
  return runTsx('main/doctor/cli.ts', env);
}

describe('npm run doctor', () => {
  it('exits 0 and reports counters and round-trip time when UiTPAS accepts the signed request', async () => {
    const r = await doctor({});
    expect(r.out).toContain('Mode: live');
    expect(r.out).toMatch(/balie\/list: signed request accepted in \d+ ms/);
    expect(r.out).toContain('Active counter: Cultuurcentrum De Kruisboog');
    expect(r.code).toBe(0);
  });

  it('fails with a clear reason for a wrong secret', async () => {
    const r = await doctor({ LOKET_CONSUMER_SECRET: 'wrong' });
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('UiTPAS refused the credentials');
  });

  it('fails with a clear reason when UiTPAS is unreachable', async () => {
    const closed = await startSimulator();
    const prefix = closed.prefix;
    await closed.close();
    const r = await doctor({ LOKET_UITPAS_URL: prefix });
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('UiTPAS is unreachable');
  });

  it('fails with a clear reason for an unknown counter', async () => {
    const r = await doctor({ LOKET_BALIE_KEY: 'no-such-counter' });
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('unknown counter no-such-counter');
  });
});
