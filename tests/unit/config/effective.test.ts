import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../contract/settings.js';
import { applyOverrides, decideMode, uitpasPrefixFor, UITPAS_PREFIXES } from '../../../main/config/effective.js';

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

  it('on and off win over credentials', () => {
    expect(decideMode({ ...withKey(), demo: 'on' }, complete)).toBe('demo');
    expect(decideMode({ ...defaultSettings(), demo: 'off' }, {})).toBe('live');
  });
});
