/** OAuth 1.0a between client and simulator: accepted when right, refused for every tampering. */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { UitpasClient } from '../../../main/uitpas/client.js';
import { authorizationHeader, type Credentials } from '../../../main/uitpas/oauth.js';
import { rigPerTest } from '../../support/uitpas-rig.js';
import { failure, rig, type Rig } from './helpers.js';

let r: Rig;
rigPerTest(rig, (x) => (r = x));

function send(
  method: 'GET' | 'POST',
  url: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) } },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function userCreds(): Credentials {
  const c = r.sim.credentials;
  return { consumerKey: c.consumerKey, consumerSecret: c.consumerSecret, token: c.token, tokenSecret: c.tokenSecret };
}

function signedBuy(form: Record<string, string>, over: { creds?: Credentials; timestamp?: number; nonce?: string } = {}) {
  const url = `${r.sim.prefix}/uitpas/cultureevent/${r.sim.seedInfo.activities.priced}/buy/${r.sim.seedInfo.cards.kansenstatuut}`;
  const auth = authorizationHeader(over.creds ?? userCreds(), {
    method: 'POST',
    url,
    form,
    ...(over.timestamp !== undefined ? { timestamp: over.timestamp } : {}),
    ...(over.nonce !== undefined ? { nonce: over.nonce } : {}),
  });
  return { url, auth };
}

const encode = (form: Record<string, string>) => new URLSearchParams(form).toString();

describe('OAuth verification by the simulator', () => {
  it('accepts a signed form POST', async () => {
    const form = { balieConsumerKey: r.counter, priceClass: 'Categorie 1' };
    const { url, auth } = signedBuy(form);
    const res = await send('POST', url, { authorization: auth }, encode(form));
    expect(res.status).toBe(200);
    expect(res.body).toContain('<ticketSale>');
  });

  it('refuses tampered form parameters without registering anything', async () => {
    const { url, auth } = signedBuy({ balieConsumerKey: r.counter, priceClass: 'Categorie 1' });
    const res = await send('POST', url, { authorization: auth }, encode({ balieConsumerKey: r.counter, priceClass: 'Categorie 2' }));
    expect(res.status).toBe(401);
    expect(res.body).toContain('signature_invalid');
    expect(r.sim.sales()).toEqual([]);
  });

  it('refuses a tampered query string', async () => {
    const url = `${r.sim.prefix}/uitpas/passholder/${r.sim.seedInfo.cards.regular}?balieConsumerKey=${r.counter}`;
    const auth = authorizationHeader(userCreds(), { method: 'GET', url });
    const res = await send('GET', url.replace(r.sim.seedInfo.cards.regular, r.sim.seedInfo.cards.kansenstatuut), { authorization: auth });
    expect(res.status).toBe(401);
    expect(res.body).toContain('signature_invalid');
  });

  it('accepts oauth_* parameters repeated in the query string (the PHP client does this)', async () => {
    const base = `${r.sim.prefix}/uitpas/passholder/${r.sim.seedInfo.cards.regular}?balieConsumerKey=${r.counter}`;
    const auth = authorizationHeader(userCreds(), { method: 'GET', url: base });
    const oauthQuery = [...auth.slice(6).matchAll(/(oauth_[a-z_]+)="([^"]*)"/g)].map((m) => `${m[1]}=${m[2]}`).join('&');
    const res = await send('GET', `${base}&${oauthQuery}`, { authorization: auth });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<passHolder>');
  });

  it('refuses a wrong consumer secret, a wrong token secret and an unknown consumer', async () => {
    const wrongSecret = await failure(() => withCreds({ consumerSecret: 'guess' }).listCounters());
    expect(wrongSecret).toMatchObject({ kind: 'unauthorized', httpStatus: 401 });
    expect(wrongSecret.message).toContain('signature_invalid');
    expect(await failure(() => withCreds({ tokenSecret: 'guess' }).listCounters())).toMatchObject({ kind: 'unauthorized' });
    const unknown = await failure(() => withCreds({ consumerKey: 'someone-else' }).listCounters());
    expect(unknown.message).toContain('consumer_key_unknown');
    const noToken = await failure(() => withCreds({ token: 'not-issued' }).listCounters());
    expect(noToken.message).toContain('token_rejected');
  });

  it('refuses a stale timestamp', async () => {
    const form = { balieConsumerKey: r.counter };
    const { url, auth } = signedBuy(form, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    const res = await send('POST', url, { authorization: auth }, encode(form));
    expect(res.status).toBe(401);
    expect(res.body).toContain('timestamp_refused');
  });

  it('refuses a replayed nonce: the second identical request does not register a second sale', async () => {
    const form = { balieConsumerKey: r.counter };
    const { url, auth } = signedBuy(form, { nonce: 'once-only' });
    expect((await send('POST', url, { authorization: auth }, encode(form))).status).toBe(200);
    const replay = await send('POST', url, { authorization: auth }, encode(form));
    expect(replay.status).toBe(401);
    expect(replay.body).toContain('nonce_used');
    expect(r.sim.sales()).toHaveLength(1);
  });

  it('refuses a user call without a user token, and accepts consumer-only calls without one', async () => {
    const consumerOnly = withCreds({ token: undefined, tokenSecret: undefined });
    await expect(consumerOnly.groupPass(r.sim.seedInfo.cards.group)).resolves.toMatchObject({ kind: 'group' });
    const url = `${r.sim.prefix}/uitpas/passholder/${r.sim.seedInfo.cards.regular}?balieConsumerKey=${r.counter}`;
    const { consumerKey, consumerSecret } = r.sim.credentials;
    const res = await send('GET', url, { authorization: authorizationHeader({ consumerKey, consumerSecret }, { method: 'GET', url }) });
    expect(res.status).toBe(401);
    expect(res.body).toContain('token_required');
    // The client does not even send it.
    expect(await failure(() => consumerOnly.passholder(r.counter, r.sim.seedInfo.cards.regular))).toMatchObject({ kind: 'unauthorized' });
  });
});

const clients: { close(): void }[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
function withCreds(over: Partial<Credentials>) {
  const c = new UitpasClient({ prefix: r.sim.prefix, credentials: () => ({ ...r.creds, ...over }) });
  clients.push(c);
  return c;
}

describe('three-legged login', () => {
  it('requestToken -> login page -> callback with verifier -> accessToken -> user calls work', async () => {
    const { consumerKey, consumerSecret } = r.sim.credentials;
    let creds: { consumerKey: string; consumerSecret: string; token?: string; tokenSecret?: string; userId?: string } = {
      consumerKey,
      consumerSecret,
    };
    const client = new UitpasClient({ prefix: r.sim.prefix, credentials: () => creds });
    clients.push(client);
    const callback = 'http://127.0.0.1:1/loket/callback';
    const rt = await client.requestToken(callback);
    const authorizeUrl = client.authorizeUrl(rt.token, 'fr');
    const page = await send('GET', authorizeUrl, {});
    expect(page.status).toBe(200);
    expect(page.body).toContain('Se connecter avec UiTiD');

    const wrong = await send(
      'POST',
      `${r.sim.prefix}/auth/authorize`,
      {},
      encode({ oauth_token: rt.token, lang: 'nl', nick: 'baliemedewerker', password: 'fout' }),
    );
    expect(wrong.body).toContain('Gebruikersnaam of wachtwoord klopt niet');

    const login = await send(
      'POST',
      `${r.sim.prefix}/auth/authorize`,
      {},
      encode({ oauth_token: rt.token, lang: 'nl', nick: 'baliemedewerker', password: 'demo' }),
    );
    expect(login.status).toBe(302);
    const location = new URL(login.headers.location ?? '');
    expect(location.origin + location.pathname).toBe(callback);
    expect(location.searchParams.get('oauth_token')).toBe(rt.token);
    const verifier = location.searchParams.get('oauth_verifier') ?? '';

    expect(await failure(() => client.accessToken(rt, 'wrong-verifier'))).toMatchObject({ kind: 'unauthorized' });
    const at = await client.accessToken(rt, verifier);
    expect(at.userId).toBe(r.sim.credentials.userId);
    creds = { ...creds, token: at.token, tokenSecret: at.tokenSecret, userId: at.userId };
    expect((await client.listCounters()).length).toBe(2);
    // The request token is spent.
    expect(await failure(() => client.accessToken(rt, verifier))).toMatchObject({ kind: 'unauthorized' });
  });
});
