/**
 * Login: the whole UiTiD three-legged exchange main does (requestToken, the simulator's login form,
 * accessToken, balie/list, secrets and settings saved) against the in-process simulator, beside a
 * bare signed balie/list on the same loopback connection as its floor. The employee's typing is
 * not in it; what is measured is Loket's and the network's share of "log in".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSettings } from '../contract/settings.js';
import { LoginService } from '../main/auth/login-service.js';
import { FileSecretStore } from '../main/auth/secret-store.js';
import { SettingsWriter } from '../main/config/settings-writer.js';
import { startSimulator } from '../main/tools/simulator/server.js';
import { UitpasClient } from '../main/uitpas/client.js';
import { percentile, type BenchRow } from './harness.js';

const ROUNDS = 40;

export async function run(): Promise<BenchRow[]> {
  const sim = await startSimulator({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'loket-bench-auth-'));
  let login: LoginService | undefined;
  const client = new UitpasClient({ prefix: sim.prefix, credentials: () => login!.credentials() });
  try {
    const config = { settings: defaultSettings(), fileSettings: defaultSettings(), dataDir: dir };
    const writer = new SettingsWriter(config, {});
    login = new LoginService({
      client,
      store: new FileSecretStore(dir),
      consumer: { key: sim.credentials.consumerKey, secret: sim.credentials.consumerSecret },
      initial: { fromEnvironment: false },
      persist: true,
      language: () => 'nl',
      saveSession: async (s) => void (await writer.update((f) => ({ ...f, uitpas: { ...f.uitpas, ...s } }))),
      emit: () => {},
      resumeQueue: () => {},
    });
    login.attachTransport({ opens: 'popup', callbackUrl: () => 'http://127.0.0.1:9/oauth/callback', open: () => {} });

    const full: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      const { authorizeUrl } = await login.start();
      const url = new URL(authorizeUrl);
      const res = await fetch(new URL('authorize', url), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          oauth_token: url.searchParams.get('oauth_token')!,
          nick: 'baliemedewerker',
          password: 'demo',
        }).toString(),
      });
      const cb = new URL(res.headers.get('location')!);
      const outcome = await login.complete({ token: cb.searchParams.get('oauth_token'), verifier: cb.searchParams.get('oauth_verifier') });
      if (!outcome.ok) throw new Error(`login failed: ${outcome.message}`);
      full.push(performance.now() - t0);
      const t1 = performance.now();
      await client.listCounters();
      bare.push(performance.now() - t1);
    }
    full.sort((a, b) => a - b);
    bare.sort((a, b) => a - b);
    const p95 = percentile(full, 95);
    return [
      {
        group: 'auth',
        name: `login round trip p50 (${ROUNDS} logins)`,
        value: percentile(full, 50),
        unit: 'ms',
        baseline: { name: 'signed balie/list p50', value: percentile(bare, 50), unit: 'ms' },
      },
      {
        group: 'auth',
        name: 'login round trip p95',
        value: p95,
        unit: 'ms',
        target: '< 250 ms on loopback',
        pass: p95 < 250,
        note: '5 HTTP exchanges + 2 atomic file writes',
      },
    ];
  } finally {
    client.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
