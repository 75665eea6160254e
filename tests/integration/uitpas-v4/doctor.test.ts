/**
 * `npm run doctor` on an API 4 installation, as a real child process: the built-in simulator and
 * UiTiD provider in demo mode, and a live installation pointed at them with client credentials or
 * with an employee login kept from an earlier run (whose renewal it stores, as the app would).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDemoV4, type DemoV4Handle } from '../../../main/tools/simulator-v4/demo.js';
import { envWithoutLoket, runTsx } from '../../support/child-process.js';
import { writeV4Settings } from '../../support/uitpas-rig.js';

let demo: DemoV4Handle;
let dataDir: string;
beforeAll(async () => {
  demo = await startDemoV4({ admin: true });
});
afterAll(() => demo.close());
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'loket-doctor-v4-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function doctor(env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return runTsx('main/tools/doctor/cli.ts', { ...envWithoutLoket(), LOKET_DATA_DIR: dataDir, LOKET_PRINTER: 'none', ...env });
}

/** An API 4 installation pointed at the simulator and the provider. */
function settings(extra: Record<string, unknown> = {}): void {
  writeV4Settings(dataDir, demo.endpoints, { counterKey: demo.employee.counterKey, ...extra });
}

describe('npm run doctor on API 4', () => {
  it('demo mode: the built-in API 4 simulator and UiTiD provider, a token, the organizers', async () => {
    const r = await doctor({ LOKET_UITPAS_API: 'v4' });
    expect(r.out).toContain('UiTPAS API: API 4 (JSON, UiTiD OpenID Connect)');
    expect(r.out).toMatch(/UiTPAS environment: DEMO: built-in API 4 simulator/);
    expect(r.out).toMatch(/UiTiD token: the stored login was renewed in \d+ ms/);
    expect(r.out).toMatch(/UiTPAS GET \/permissions: access token accepted in \d+ ms/);
    expect(r.out).toContain('Active organizer: Cultuurcentrum De Kruisboog');
    expect(r.code).toBe(0);
  });

  it('live with client credentials: a client token, then GET /permissions', async () => {
    settings();
    const { clientId, secret } = demo.provider.counterClient;
    const r = await doctor({ LOKET_CLIENT_ID: clientId, LOKET_CLIENT_SECRET: secret });
    expect(r.out).toContain('Mode: live');
    expect(r.out).toContain(`UiTiD client: ${clientId} (client credentials)`);
    expect(r.out).toMatch(/UiTiD token: client access token received/);
    expect(r.out).toContain('Active organizer: Cultuurcentrum De Kruisboog');
    expect(r.out).not.toContain(secret);
    expect(r.code).toBe(0);
  });

  it('live with an employee login kept from an earlier run: renewed, and the new refresh token stored', async () => {
    settings({ clientId: demo.clientId, userId: demo.employee.userId });
    const refreshToken = demo.issueLogin();
    writeFileSync(
      join(dataDir, 'secrets.json'),
      JSON.stringify({ oidc: { issuer: demo.endpoints.issuer, clientId: demo.clientId, refreshToken } }),
      { mode: 0o600 },
    );
    const r = await doctor();
    expect(r.out).toMatch(/UiTiD token: the stored login was renewed/);
    expect(r.out).not.toContain(refreshToken);
    expect(r.code).toBe(0);
    // Rotation spent the old token at UiTiD: the counter must find the new one on its next start.
    const after = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { oidc: { refreshToken: string } };
    expect(after.oidc.refreshToken).not.toBe(refreshToken);
    expect((await doctor()).code).toBe(0);
  });

  it('fails with a clear reason without a login, with a wrong client secret, and without a client id', async () => {
    settings({ clientId: demo.clientId });
    const none = await doctor();
    expect(none.out).toContain('FOUT  UiTiD token: no usable UiTiD login');
    expect(none.code).toBe(1);

    settings();
    const wrong = await doctor({ LOKET_CLIENT_ID: demo.provider.counterClient.clientId, LOKET_CLIENT_SECRET: 'not-the-secret' });
    expect(wrong.out).toContain('FOUT  UiTiD token: UiTiD refused the client credentials');
    expect(wrong.code).toBe(1);

    const noClient = await doctor({ LOKET_DEMO: '0' });
    expect(noClient.out).toContain('FOUT  UiTiD client: no client id configured');
    expect(noClient.code).toBe(1);
  });
});
