/**
 * Secrets never cross to the renderer: after a login, every call the contract offers (with no
 * input, or the login's own calls) and every event main emits is searched for the consumer
 * secret, the access token and the token secret. Real runtime, real simulator over HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { calls } from '../../../contract/index.js';
import { silentLogger } from '../../../main/core/log.js';
import { createRuntime, type Runtime } from '../../../main/runtime/runtime.js';
import { LoginService } from '../../../main/auth/login-service.js';
import { startSimulator, type SimulatorHandle } from '../../../main/tools/simulator/server.js';

let sim: SimulatorHandle;
let dir: string;
let rt: Runtime;
beforeEach(async () => {
  sim = await startSimulator({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'loket-nosecret-'));
});
afterEach(async () => {
  await rt.close();
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

it('no envelope and no event carries the consumer secret, the token or the token secret', async () => {
  rt = await createRuntime({
    transport: 'web',
    env: {
      LOKET_DATA_DIR: dir,
      LOKET_UITPAS_URL: sim.prefix,
      LOKET_CONSUMER_KEY: sim.credentials.consumerKey,
      LOKET_CONSUMER_SECRET: sim.credentials.consumerSecret,
    },
    log: silentLogger,
  });
  const seen: string[] = [];
  rt.bus.attach((name, payload) => seen.push(JSON.stringify([name, payload])));
  rt.login.attachTransport({ opens: 'popup', callbackUrl: () => 'http://127.0.0.1:9/oauth/callback', open: () => {} });

  const start = await rt.dispatcher.dispatch('auth.login', undefined);
  seen.push(JSON.stringify(start));
  expect(start.ok).toBe(true);
  const authorize = new URL((start as { value: { authorizeUrl: string } }).value.authorizeUrl);
  const res = await fetch(new URL('authorize', authorize), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      oauth_token: authorize.searchParams.get('oauth_token')!,
      nick: 'baliemedewerker',
      password: 'demo',
    }).toString(),
  });
  const cb = new URL(res.headers.get('location')!);
  const login = rt.login;
  if (!(login instanceof LoginService)) throw new Error('an XML installation has the XML login');
  expect(await login.complete({ token: cb.searchParams.get('oauth_token'), verifier: cb.searchParams.get('oauth_verifier') })).toEqual({
    ok: true,
  });

  const creds = login.credentials();
  const secrets = [creds.consumerSecret, creds.token!, creds.tokenSecret!];
  expect(secrets.every((s) => typeof s === 'string' && s.length > 8)).toBe(true);

  for (const name of Object.keys(calls)) seen.push(JSON.stringify([name, await rt.dispatcher.dispatch(name, undefined)]));
  seen.push(JSON.stringify(await rt.dispatcher.dispatch('counters.choose', { consumerKey: sim.credentials.counterKey })));
  seen.push(
    JSON.stringify(await rt.dispatcher.dispatch('settings.update', { consumerSecret: 'a-new-secret-value', printer: { columns: 48 } })),
  );
  seen.push(JSON.stringify(await rt.dispatcher.dispatch('auth.logout', undefined)));

  const all = seen.join('\n');
  expect(all).toContain('"state":"ready"');
  for (const secret of [...secrets, 'a-new-secret-value']) expect(all).not.toContain(secret);
});
