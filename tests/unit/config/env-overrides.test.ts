import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnvOverrides } from '../../../main/config/env-overrides.js';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    parseEnvOverrides(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('parseEnvOverrides', () => {
  it('ignores unrelated variables and treats empty values as unset', () => {
    expect(parseEnvOverrides({ PATH: '/usr/bin', LOKET_DEMO: '', LOKET_LANG: '  ' })).toEqual({});
  });

  it('reads every valid variable', () => {
    expect(
      parseEnvOverrides({
        LOKET_DATA_DIR: '/tmp/loket',
        LOKET_UITPAS_URL: 'http://127.0.0.1:8080/uitid/rest/',
        LOKET_CONSUMER_KEY: 'ck',
        LOKET_CONSUMER_SECRET: 'cs',
        LOKET_TOKEN: 't',
        LOKET_TOKEN_SECRET: 'ts',
        LOKET_USER_ID: 'u-1',
        LOKET_BALIE_KEY: 'balie-1',
        LOKET_PRINTER: 'tcp://192.168.1.20:9100',
        LOKET_DEMO: 'TRUE',
        LOKET_LANG: 'FR',
        LOKET_UITPAS_API: 'V4',
        LOKET_CLIENT_ID: 'loket-desktop',
        LOKET_CLIENT_SECRET: 'client-secret',
      }),
    ).toEqual({
      uitpasApi: 'v4',
      clientId: 'loket-desktop',
      clientSecret: 'client-secret',
      dataDir: '/tmp/loket',
      uitpasUrl: 'http://127.0.0.1:8080/uitid/rest',
      consumerKey: 'ck',
      consumerSecret: 'cs',
      token: 't',
      tokenSecret: 'ts',
      userId: 'u-1',
      counterKey: 'balie-1',
      printerUrl: 'tcp://192.168.1.20:9100',
      demo: 'on',
      language: 'fr',
    });
  });

  it.each([
    ['1', 'on'],
    ['true', 'on'],
    ['0', 'off'],
    ['false', 'off'],
  ])('LOKET_DEMO=%s means demo %s', (value, demo) => {
    expect(parseEnvOverrides({ LOKET_DEMO: value }).demo).toBe(demo);
  });

  it.each(['none', 'system', 'system:EPSON TM-T20', 'tcp://printer.local', 'tcp://10.0.0.5:9100', 'file:///dev/usb/lp0'])(
    'accepts printer %s',
    (printer) => {
      expect(parseEnvOverrides({ LOKET_PRINTER: printer }).printerUrl).toBe(printer);
    },
  );

  it('names each invalid variable, all at once', () => {
    const problems = problemsOf({
      LOKET_DEMO: 'yes',
      LOKET_LANG: 'de',
      LOKET_UITPAS_URL: 'ftp://example.org',
      LOKET_PRINTER: 'tcp://10.0.0.5:70000',
      LOKET_TOKEN: 'abc def',
    });
    expect(problems).toHaveLength(5);
    for (const name of ['LOKET_DEMO', 'LOKET_LANG', 'LOKET_UITPAS_URL', 'LOKET_PRINTER', 'LOKET_TOKEN']) {
      expect(problems.some((p) => p.startsWith(name))).toBe(true);
    }
    expect(problems.find((p) => p.startsWith('LOKET_DEMO'))).toContain('"yes"');
  });

  it.each(['not a url', 'https://user:pw@example.org/uitid/rest', 'https://example.org/uitid/rest?x=1', 'javascript:alert(1)'])(
    'rejects UiTPAS URL %s',
    (url) => {
      expect(problemsOf({ LOKET_UITPAS_URL: url })).toHaveLength(1);
    },
  );

  it.each(['lpt1', 'tcp://', 'http://printer', 'file://relative'])('rejects printer %s', (printer) => {
    expect(problemsOf({ LOKET_PRINTER: printer })[0]).toMatch(/^LOKET_PRINTER/);
  });

  it('LOKET_UITPAS_API is xml or v4, and a client id or secret has no spaces', () => {
    expect(parseEnvOverrides({ LOKET_UITPAS_API: 'xml' })).toEqual({ uitpasApi: 'xml' });
    expect(problemsOf({ LOKET_UITPAS_API: 'json', LOKET_CLIENT_ID: 'a b', LOKET_CLIENT_SECRET: 'x\ty' })).toEqual([
      'LOKET_UITPAS_API must be xml or v4 (got "json")',
      'LOKET_CLIENT_ID must not contain spaces or control characters',
      'LOKET_CLIENT_SECRET must not contain spaces or control characters',
    ]);
  });
});
