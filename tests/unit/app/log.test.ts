import { describe, expect, it } from 'vitest';
import {
  createConsoleLogger,
  createLineLogger,
  formatLogLine,
  REDACTED,
  redactFields,
  redactLogLine,
  saleLogger,
} from '../../../main/core/log.js';

const CARD = '0930000420206';
const INSZ = '85073003328';

describe('redactLogLine', () => {
  it('masks a 13-digit card number to its last 4 digits, wherever it stands', () => {
    expect(redactLogLine(`lookup ${CARD} failed`)).toBe('lookup *********0206 failed');
    expect(redactLogLine(`uitpasNumber=${CARD}&cdbid=x`)).toBe('uitpasNumber=*********0206&cdbid=x');
    expect(redactLogLine(`<uitpasNumber>${CARD}</uitpasNumber>`)).toBe('<uitpasNumber>*********0206</uitpasNumber>');
    expect(redactLogLine(`{"uitpasNumber":"${CARD}"}`)).toBe('{"uitpasNumber":"*********0206"}');
  });

  it('masks an 11-digit INSZ the same way', () => {
    expect(redactLogLine(`identification ${INSZ}`)).toBe('identification *******3328');
  });

  it('leaves shorter numbers, longer digit runs, ports, amounts and UUIDs alone', () => {
    const text = 'port 43117 price 1250 ticketSale 123456789012 id 550e8400-e29b-41d4-a716-446655440000 n 12345678901234';
    expect(redactLogLine(text)).toBe(text);
  });

  it('drops every oauth_* value: query, form body and Authorization header', () => {
    const out = redactLogLine(
      'POST /uitpas/cultureevent/buy?oauth_token=tok123&oauth_signature=abc%3D body oauth_verifier=ver9 header OAuth oauth_consumer_key="ck1", oauth_token="tok123", oauth_signature="sig%2B"',
    );
    for (const leaked of ['tok123', 'abc%3D', 'ver9', 'ck1', 'sig%2B']) expect(out).not.toContain(leaked);
    expect(out).toContain(`oauth_token=${REDACTED}`);
    expect(out).toContain(`oauth_consumer_key=${REDACTED}`);
  });

  it('drops secrets and tokens in JSON text and query strings', () => {
    const out = redactLogLine(
      '{"tokenSecret":"ts-1","consumerSecret":"cs-2","accessToken":"at-3"} url http://127.0.0.1:4000/?token=page-4&x=1',
    );
    for (const leaked of ['ts-1', 'cs-2', 'at-3', 'page-4']) expect(out).not.toContain(leaked);
    expect(out).toContain('&x=1');
  });
});

describe('redactLogLine: numbers as people write them, chip ids, base strings, raw replies (issue 12)', () => {
  it.each([
    ['0930 0004 2020 6', '*********0206'],
    ['0930-0004-2020-6', '*********0206'],
    ['09300 004202 0 6', '*********0206'],
    ['0930.0004.2020.6', '*********0206'],
  ])('masks the card number %s', (written, masked) => {
    expect(redactLogLine(`lookup ${written} failed`)).toBe(`lookup ${masked} failed`);
  });

  it.each(['85.07.30-033.28', '850730-033-28', '850730 033 28', '85 07 30 033 28'])('masks the formatted INSZ %s', (written) => {
    const out = redactLogLine(`identification ${written}.`);
    expect(out).toBe('identification *******3328.');
  });

  it.each([
    '04A1B2C3D4E5F6',
    '04a1b2c3d4e5f6',
    '04:A1:B2:C3:D4:E5:F6',
    '04 a1 b2 c3 d4 e5 f6',
    '04-A1-B2-C3',
    '9F3C21A7',
    '04A1B2C3D4E5F6A7B8C9',
  ])('masks the chip id %s to its last 4 characters', (chip) => {
    const out = redactLogLine(`chip ${chip} read`);
    expect(out).not.toContain(chip);
    expect(out).toContain(chip.slice(-4));
  });

  it('drops oauth values from a percent-encoded signature base string, also when encoded twice', () => {
    const base =
      'GET&http%3A%2F%2F127.0.0.1%3A4000%2Fuitid%2Frest%2Fuitpas%2Fbalie%2Flist&oauth_consumer_key%3Dck-1%26oauth_nonce%3Dn0nce%26oauth_token%3Dtok-SECRET%26oauth_version%3D1.0%26uid%3Du1';
    const out = redactLogLine(
      `UiTPAS refused: oauth_problem=signature_invalid&oauth_signature_base_string=${encodeURIComponent(base)} plain ${base}`,
    );
    for (const leaked of ['tok-SECRET', 'ck-1', 'n0nce']) expect(out).not.toContain(leaked);
    expect(out).toContain('oauth_problem=');
  });

  it('empties personal XML fields and keeps the rest of a raw reply', () => {
    const xml =
      '<passHolder><name>Peeters</name><firstName>An</firstName><dateOfBirth>1982-08-23T02:00:00+02:00</dateOfBirth><inszNumber>85.07.30-033.28</inszNumber><city>Gent</city><points>3</points></passHolder>';
    const out = redactLogLine(xml);
    for (const leaked of ['Peeters', '>An<', '1982-08-23', 'Gent', '033']) expect(out).not.toContain(leaked);
    expect(out).toContain('<points>3</points>');
  });

  it('leaves timestamps, UUIDs, versions, amounts, addresses and short hex alone', () => {
    const text =
      '2026-12-05T02:09:41.123Z INFO sale 3f2b8c1e-9a4d-4c2b-8f1e-2a3b4c5d6e7f on 2026-12-05 10:00, v1.2.3, 5.0/1.5 EUR, 127.0.0.1:43117, deadbeef, sha 1a2b';
    expect(redactLogLine(text)).toBe(text);
  });
});

describe('redactFields', () => {
  it('replaces values of secret-named keys at any depth and keeps the rest', () => {
    expect(
      redactFields({
        saleId: 's-1',
        counterKey: 'c-1',
        nested: { consumerSecret: 'x', list: [{ accessTokenSecret: 'y', n: 1 }] },
        password: 'p',
      }),
    ).toEqual({
      saleId: 's-1',
      counterKey: 'c-1',
      nested: { consumerSecret: REDACTED, list: [{ accessTokenSecret: REDACTED, n: 1 }] },
      password: REDACTED,
    });
  });
});

describe('formatLogLine', () => {
  it('applies the redaction to message, fields and error text alike', () => {
    const err = new Error(`UiTPAS said no for ${CARD} (oauth_token=tok-e)`);
    const line = formatLogLine('error', `sale for ${CARD}`, { saleId: 's-9', uitpasNumber: CARD, tokenSecret: 'ts-9', err }, new Date(0));
    expect(line).not.toContain(CARD);
    expect(line).not.toContain('ts-9');
    expect(line).not.toContain('tok-e');
    expect(line.split('\n')[0]).toBe(
      `1970-01-01T00:00:00.000Z ERROR sale for *********0206 {"saleId":"s-9","uitpasNumber":"*********0206","tokenSecret":"${REDACTED}"}`,
    );
    expect(line).toContain('Error: UiTPAS said no for *********0206');
  });

  it('a non-Error err is serialised with its secrets removed', () => {
    expect(
      formatLogLine('warn', 'x', { err: { status: 401, body: `oauth_problem=token_rejected`, token: 'abc' } }, new Date(0)),
    ).not.toContain('abc');
  });
});

describe('loggers', () => {
  it('the console logger writes one redacted line per call', () => {
    const lines: string[] = [];
    createConsoleLogger((l) => lines.push(l)).warn(`retry ${CARD}`, { saleId: 's-2' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/WARN retry \*{9}0206 \{"saleId":"s-2"\}$/);
  });

  it('a line logger hands level and redacted line to its sink', () => {
    const got: Array<[string, string]> = [];
    createLineLogger(
      (level, line) => got.push([level, line]),
      () => new Date(0),
    ).info('login', { consumerSecret: 'abc' });
    expect(got).toEqual([['info', `1970-01-01T00:00:00.000Z INFO login {"consumerSecret":"${REDACTED}"}`]]);
  });

  it('a sale logger stamps every line with the sale UUID, even when fields try to override it', () => {
    const lines: string[] = [];
    const log = saleLogger(
      createConsoleLogger((l) => lines.push(l)),
      '3f1c9a52-0c1d-4b7e-9a33-0d5b0c1e2f10',
    );
    log.info('registered');
    log.error('rejected', { saleId: 'other', code: 'X' });
    expect(lines.every((l) => l.includes('"saleId":"3f1c9a52-0c1d-4b7e-9a33-0d5b0c1e2f10"'))).toBe(true);
    expect(lines.join('\n')).not.toContain('other');
  });
});
