import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../contract/settings.js';
import {
  applyOverrides,
  decideMode,
  uitpasPrefixFor,
  uitpasV4EndpointsFor,
  UITPAS_PREFIXES,
  UITPAS_V4_ENDPOINTS,
} from '../../../main/config/effective.js';

const complete = { consumerSecret: 'cs', token: 't', tokenSecret: 'ts' };

describe('applyOverrides', () => {
  it('changes nothing without overrides and does not touch the input', () => {
    const file = defaultSettings();
    const before = structuredClone(file);
    const r = applyOverrides(file, {});
    expect(r).toEqual({ settings: before, overrides: [], secrets: {} });
    expect(file).toEqual(before);
  });

  it('applies each override, lists its settings key and keeps secrets apart', () => {
    const file = defaultSettings();
    const r = applyOverrides(file, {
      uitpasUrl: 'http://127.0.0.1:9/uitid/rest',
      consumerKey: 'ck',
      consumerSecret: 'cs',
      token: 't',
      tokenSecret: 'ts',
      counterKey: 'b',
      userId: 'u',
      printerUrl: 'system',
      demo: 'off',
      language: 'en',
    });
    expect(r.settings.uitpas).toMatchObject({
      environment: 'custom',
      customUrl: 'http://127.0.0.1:9/uitid/rest',
      consumerKey: 'ck',
      counterKey: 'b',
      userId: 'u',
    });
    expect(r.settings).toMatchObject({ demo: 'off', language: 'en', printer: { url: 'system' } });
    expect(r.overrides.sort()).toEqual(
      [
        'demo',
        'language',
        'printer.url',
        'uitpas.consumerKey',
        'uitpas.counterKey',
        'uitpas.customUrl',
        'uitpas.environment',
        'uitpas.userId',
      ].sort(),
    );
    expect(r.secrets).toEqual(complete);
    expect(JSON.stringify(r.settings)).not.toContain('cs');
    expect(file.uitpas.consumerKey).toBeUndefined();
  });
});

describe('uitpasPrefixFor', () => {
  it('maps the named environments (docs/uitpas-xml-api.md §2)', () => {
    const uitpas = defaultSettings().uitpas;
    expect(uitpasPrefixFor({ ...uitpas, environment: 'test' }).prefix).toBe('https://test.uitid.be/uitid/rest');
    expect(uitpasPrefixFor({ ...uitpas, environment: 'production' }).prefix).toBe('https://www.uitid.be/uitid/rest');
    expect(uitpasPrefixFor({ ...uitpas, environment: 'acceptance' }).prefix).toBe('https://acc.uitid.be/uitid/rest');
  });

  it('uses a custom URL without trailing slash, and reports custom without URL', () => {
    const uitpas = defaultSettings().uitpas;
    expect(uitpasPrefixFor({ ...uitpas, environment: 'custom', customUrl: 'https://x.example/uitid/rest/' })).toEqual({
      prefix: 'https://x.example/uitid/rest',
    });
    const r = uitpasPrefixFor({ ...uitpas, environment: 'custom' });
    expect(r.prefix).toBe(UITPAS_PREFIXES.test);
    expect(r.problem).toMatch(/customUrl/);
  });
});

describe('uitpasV4EndpointsFor (docs/uitpas-json-api.md §2)', () => {
  const uitpas = { ...defaultSettings().uitpas, api: 'v4' as const };

  it('maps test and production to API 4, the Search API and UiTiD of that environment together', () => {
    expect(uitpasV4EndpointsFor({ ...uitpas, environment: 'test' })).toEqual({
      endpoints: {
        apiBase: 'https://api-test.uitpas.be',
        searchBase: 'https://search-test.uitdatabank.be',
        issuer: 'https://account-test.uitid.be/realms/uitid',
      },
    });
    expect(uitpasV4EndpointsFor({ ...uitpas, environment: 'production' }).endpoints).toEqual({
      apiBase: 'https://api.uitpas.be',
      searchBase: 'https://search.uitdatabank.be',
      issuer: 'https://account.uitid.be/realms/uitid',
    });
  });

  it('runs acceptance (no UiTiD realm) and an incomplete custom choice on test, and says so', () => {
    const acc = uitpasV4EndpointsFor({ ...uitpas, environment: 'acceptance' });
    expect(acc.endpoints).toEqual(UITPAS_V4_ENDPOINTS.test);
    expect(acc.problem).toMatch(/acceptance/);
    const custom = uitpasV4EndpointsFor({ ...uitpas, environment: 'custom', customApiUrl: 'https://a.example' });
    expect(custom.endpoints).toEqual(UITPAS_V4_ENDPOINTS.test);
    expect(custom.problem).toMatch(/customSearchUrl/);
  });

  it('uses custom addresses without trailing slash, and names a plain-http one', () => {
    const r = uitpasV4EndpointsFor({
      ...uitpas,
      environment: 'custom',
      customApiUrl: 'http://127.0.0.1:9/uitpas/',
      customSearchUrl: 'http://127.0.0.1:9/search',
      customIssuerUrl: 'http://uitid.example/realms/uitid',
    });
    expect(r.endpoints).toEqual({
      apiBase: 'http://127.0.0.1:9/uitpas',
      searchBase: 'http://127.0.0.1:9/search',
      issuer: 'http://uitid.example/realms/uitid',
    });
    expect(r.problem).toMatch(/http:\/\/uitid\.example is plain http/);
  });

  it('LOKET_UITPAS_API and LOKET_CLIENT_ID are overrides; LOKET_CLIENT_SECRET stays a secret', () => {
    const r = applyOverrides(defaultSettings(), { uitpasApi: 'v4', clientId: 'cid', clientSecret: 'sec' });
    expect(r.settings.uitpas).toMatchObject({ api: 'v4', clientId: 'cid' });
    expect(r.overrides).toEqual(['uitpas.api', 'uitpas.clientId']);
    expect(r.secrets).toEqual({ clientSecret: 'sec' });
    expect(JSON.stringify(r.settings)).not.toContain('sec"');
  });
});

describe('decideMode', () => {
  const withKey = () => {
    const s = defaultSettings();
    s.uitpas.consumerKey = 'ck';
    return s;
  };

  it('auto: demo until the application consumer key and secret are there (the token comes from the login screen)', () => {
    expect(decideMode(defaultSettings(), complete)).toBe('demo');
    expect(decideMode(withKey(), { consumerSecret: undefined, token: 't', tokenSecret: 'ts' })).toBe('demo');
    expect(decideMode(withKey(), {})).toBe('demo');
    expect(decideMode(withKey(), { consumerSecret: 'cs' })).toBe('live');
    expect(decideMode(withKey(), complete)).toBe('live');
  });

  it('API 4 auto: live with a UiTiD client id (a public client has no secret), whatever XML holds', () => {
    const v4 = defaultSettings();
    v4.uitpas.api = 'v4';
    expect(decideMode(v4, complete)).toBe('demo');
    v4.uitpas.clientId = 'loket-desktop';
    expect(decideMode(v4, {})).toBe('live');
    expect(decideMode({ ...v4, demo: 'on' }, {})).toBe('demo');
  });

  it('on and off win over credentials', () => {
    expect(decideMode({ ...withKey(), demo: 'on' }, complete)).toBe('demo');
    expect(decideMode({ ...defaultSettings(), demo: 'off' }, {})).toBe('live');
  });
});
