/** `npm run doctor` as a real child process against the simulator. */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../main/tools/simulator/server.js';
import { UitpasClient } from '../../../main/uitpas/client.js';
import { UitpasError } from '../../../main/uitpas/port.js';
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
  return runTsx('main/tools/doctor/cli.ts', env);
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

  it('never prints the access token a refusal echoes in its signature base string', async () => {
    const r = await doctor({ LOKET_CONSUMER_SECRET: 'wrong' });
    // The simulator, like OAuth providers do, sends the base string back; it names the token.
    expect(r.out).toContain('oauth_problem=signature_invalid');
    expect(r.out).not.toContain(sim.credentials.token);
    expect(r.out).not.toContain(sim.credentials.consumerKey);
  });

  /** A provider that puts the echo first: nothing is cut off before the token appears. */
  async function echoingServer(): Promise<{ prefix: string; close: () => Promise<void> }> {
    const server = createServer((req, res) => {
      const token = /oauth_token="([^"]+)"/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end(`oauth_problem=token_rejected&oauth_token=${token}&base=GET%26x%26oauth_token%253D${token}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      prefix: `http://127.0.0.1:${(server.address() as AddressInfo).port}/uitid/rest`,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  it('redacts a short refusal that echoes the token right away (plain and percent-encoded)', async () => {
    const echo = await echoingServer();
    try {
      const r = await doctor({ LOKET_UITPAS_URL: echo.prefix, LOKET_TOKEN: 'echoed-access-token-42' });
      expect(r.out).toContain('UiTPAS refused the credentials');
      expect(r.out).toContain('oauth_problem=token_rejected');
      expect(r.out).not.toContain('echoed-access-token-42');
    } finally {
      await echo.close();
    }
  });

  it('the client itself never puts an echoed token into its error message (the source, not only the sinks)', async () => {
    const echo = await echoingServer();
    const client = new UitpasClient({ prefix: echo.prefix, credentials: () => ({ ...sim.credentials, token: 'echoed-access-token-43' }) });
    try {
      const err = await client.listCounters().then(
        () => undefined,
        (e: unknown) => e as UitpasError,
      );
      expect(err).toBeInstanceOf(UitpasError);
      expect(err?.kind).toBe('unauthorized');
      expect(err?.message).toContain('oauth_problem=token_rejected');
      expect(err?.message).not.toContain('echoed-access-token-43');
    } finally {
      client.close();
      await echo.close();
    }
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
