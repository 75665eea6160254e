/**
 * API 4 chosen per installation, through the real runtime and dispatcher: LOKET_UITPAS_API=v4
 * gives the API 4 client and the UiTiD OpenID Connect login; demo mode runs the API 4 simulator
 * with the local UiTiD provider (its access tokens, not the simulator's fixed ones); a live
 * installation logs in at the configured issuer. The XML path is what runs without it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoginService } from '../../../main/auth/login-service.js';
import { OidcLoginService } from '../../../main/auth/oidc/oidc-login-service.js';
import { silentLogger } from '../../../main/core/log.js';
import { createRuntime, type Runtime } from '../../../main/runtime/runtime.js';
import { startDemoV4, type DemoV4Handle } from '../../../main/tools/simulator-v4/demo.js';
import { writeV4Settings } from '../../support/uitpas-rig.js';

const KANSENSTATUUT = '0940000000114';
const CONCERT = 'e5ee0000-0000-4000-8000-000000000001';

let dir: string;
const open: Runtime[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loket-v4-runtime-'));
});
afterEach(async () => {
  for (const rt of open.splice(0)) await rt.close();
  rmSync(dir, { recursive: true, force: true });
});

async function runtime(env: Record<string, string>): Promise<Runtime> {
  const rt = await createRuntime({ transport: 'web', env: { LOKET_DATA_DIR: dir, ...env }, log: silentLogger });
  open.push(rt);
  return rt;
}

async function call<T>(rt: Runtime, name: string, input: unknown): Promise<T> {
  const res = await rt.dispatcher.dispatch(name, input);
  if (!res.ok) throw new Error(`${name}: ${JSON.stringify(res.error)}`);
  return res.value as T;
}

async function sellConcert(rt: Runtime): Promise<{ outcome: string; sale: { state: string; ticketSaleId?: string } }> {
  await call(rt, 'card.lookup', { identification: KANSENSTATUUT });
  await call(rt, 'activities.list', { uitpasNumber: KANSENSTATUUT });
  return call(rt, 'sale.sell', { uitpasNumber: KANSENSTATUUT, cdbid: CONCERT, priceClass: 'Categorie 2' });
}

describe('demo mode on API 4', () => {
  it('starts logged in at the simulator organizer and sells with the provider’s tokens', async () => {
    const rt = await runtime({ LOKET_UITPAS_API: 'v4' });
    expect(rt.login).toBeInstanceOf(OidcLoginService);
    expect(rt.info).toMatchObject({ mode: 'demo', overrides: ['uitpas.api'] });
    expect(await call(rt, 'auth.status', undefined)).toMatchObject({
      state: 'ready',
      userId: 'a1b2c3d4-0000-4000-8000-0000000e0001',
      counter: { consumerKey: 'b0a1e5ee-d000-4c00-8000-00000000b001' },
      secretStorage: { kind: 'memory' },
    });
    const cards = await call<Array<{ uitpasNumber: string }>>(rt, 'demo.cards', undefined);
    expect(cards.map((c) => c.uitpasNumber)).toContain(KANSENSTATUUT);
    const sold = await sellConcert(rt);
    expect(sold).toMatchObject({ outcome: 'registered', sale: { state: 'registered', ticketSaleId: expect.any(String) as unknown } });
  });

  it('LOKET_DEMO_LOGIN=1 starts logged out, at the provider’s login page once a transport is there', async () => {
    const rt = await runtime({ LOKET_UITPAS_API: 'v4', LOKET_DEMO_LOGIN: '1' });
    expect(await call(rt, 'auth.status', undefined)).toMatchObject({ state: 'logged-out', reason: 'none' });
    expect(await rt.dispatcher.dispatch('auth.login', undefined)).toMatchObject({ ok: false, error: { code: 'AUTH_NO_TRANSPORT' } });
    rt.login.attachTransport({ opens: 'popup', callbackUrl: () => 'http://127.0.0.1:1/oauth/callback', open: () => {} });
    const started = await call<{ authorizeUrl: string }>(rt, 'auth.login', undefined);
    expect(new URL(started.authorizeUrl).pathname).toBe('/realms/uitid/protocol/openid-connect/auth');
  });

  it('without LOKET_UITPAS_API the XML login and simulator run, as before', async () => {
    const rt = await runtime({});
    expect(rt.login).toBeInstanceOf(LoginService);
    expect(await call(rt, 'auth.status', undefined)).toMatchObject({ state: 'ready' });
  });
});

describe('a live API 4 installation', () => {
  let demo: DemoV4Handle;
  beforeEach(async () => {
    demo = await startDemoV4({ admin: true });
  });
  afterEach(() => demo.close());

  function settingsFor(extra: Record<string, unknown> = {}): void {
    writeV4Settings(dir, demo.endpoints, extra);
  }

  it('with a client secret: client access tokens at the configured issuer, the one selling organizer chosen', async () => {
    settingsFor();
    const rt = await runtime({
      LOKET_CLIENT_ID: demo.provider.counterClient.clientId,
      LOKET_CLIENT_SECRET: demo.provider.counterClient.secret,
    });
    expect(rt.info.mode).toBe('live');
    expect(await call(rt, 'auth.status', undefined)).toMatchObject({ state: 'choose-counter', consumerConfigured: true });
    await call(rt, 'auth.login', undefined);
    expect(await call(rt, 'auth.status', undefined)).toMatchObject({
      state: 'ready',
      counter: { consumerKey: demo.employee.counterKey },
    });
    expect(await sellConcert(rt)).toMatchObject({ outcome: 'registered' });
    expect(demo.simulator.sales()).toHaveLength(1);
    expect(demo.provider.stats().client_credentials).toBeGreaterThanOrEqual(1);
  });

  it('an employee login kept from an earlier run: renewed with its refresh token, and the renewal stored', async () => {
    settingsFor({ clientId: demo.clientId, userId: demo.employee.userId, counterKey: demo.employee.counterKey });
    const refreshToken = demo.issueLogin();
    const stored = { oidc: { issuer: demo.endpoints.issuer, clientId: demo.clientId, refreshToken } };
    writeFileSync(join(dir, 'secrets.json'), JSON.stringify(stored), { mode: 0o600 });
    const rt = await runtime({});
    expect(await call(rt, 'auth.status', undefined)).toMatchObject({ state: 'ready', userId: demo.employee.userId });
    expect(await sellConcert(rt)).toMatchObject({ outcome: 'registered' });
    expect(demo.provider.stats().refresh_token).toBe(1);
    // Rotation: the spent refresh token is replaced in the store, so the next start still logs in.
    const after = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as typeof stored;
    expect(after.oidc.refreshToken).not.toBe(refreshToken);
  });

  it('a login of another issuer is not sent to this one', async () => {
    settingsFor({ clientId: demo.clientId, userId: demo.employee.userId, counterKey: demo.employee.counterKey });
    const stored = { oidc: { issuer: 'https://account.uitid.be/realms/uitid', clientId: demo.clientId, refreshToken: demo.issueLogin() } };
    writeFileSync(join(dir, 'secrets.json'), JSON.stringify(stored), { mode: 0o600 });
    const rt = await runtime({});
    expect(await call(rt, 'auth.status', undefined)).toMatchObject({ state: 'logged-out' });
    expect(demo.provider.stats().refresh_token).toBe(0);
  });
});
