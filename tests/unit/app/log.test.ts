import { describe, expect, it } from 'vitest';
import { createConsoleLogger, createLineLogger, formatLogLine, REDACTED, redactFields, redactLogLine, saleLogger } from '../../../main/app/log.js';

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
    const out = redactLogLine('{"tokenSecret":"ts-1","consumerSecret":"cs-2","accessToken":"at-3"} url http://127.0.0.1:4000/?token=page-4&x=1');
    for (const leaked of ['ts-1', 'cs-2', 'at-3', 'page-4']) expect(out).not.toContain(leaked);
    expect(out).toContain('&x=1');
  });
});

describe('redactFields', () => {
  it('replaces values of secret-named keys at any depth and keeps the rest', () => {
    expect(
      redactFields({ saleId: 's-1', counterKey: 'c-1', nested: { consumerSecret: 'x', list: [{ accessTokenSecret: 'y', n: 1 }] }, password: 'p' }),
    ).toEqual({ saleId: 's-1', counterKey: 'c-1', nested: { consumerSecret: REDACTED, list: [{ accessTokenSecret: REDACTED, n: 1 }] }, password: REDACTED });
  });
});

describe('formatLogLine', () => {
  it('applies the redaction to message, fields and error text alike', () => {
    const err = new Error(`UiTPAS said no for ${CARD} (oauth_token=tok-e)`);
    const line = formatLogLine('error', `sale for ${CARD}`, { saleId: 's-9', uitpasNumber: CARD, tokenSecret: 'ts-9', err }, new Date(0));
    expect(line).not.toContain(CARD);
    expect(line).not.toContain('ts-9');
    expect(line).not.toContain('tok-e');
    expect(line.split('\n')[0]).toBe(`1970-01-01T00:00:00.000Z ERROR sale for *********0206 {"saleId":"s-9","uitpasNumber":"*********0206","tokenSecret":"${REDACTED}"}`);
    expect(line).toContain('Error: UiTPAS said no for *********0206');
  });

  it('a non-Error err is serialised with its secrets removed', () => {
    expect(formatLogLine('warn', 'x', { err: { status: 401, body: `oauth_problem=token_rejected`, token: 'abc' } }, new Date(0))).not.toContain('abc');
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
    createLineLogger((level, line) => got.push([level, line]), () => new Date(0)).info('login', { consumerSecret: 'abc' });
    expect(got).toEqual([['info', `1970-01-01T00:00:00.000Z INFO login {"consumerSecret":"${REDACTED}"}`]]);
  });

  it('a sale logger stamps every line with the sale UUID, even when fields try to override it', () => {
    const lines: string[] = [];
    const log = saleLogger(createConsoleLogger((l) => lines.push(l)), '3f1c9a52-0c1d-4b7e-9a33-0d5b0c1e2f10');
    log.info('registered');
    log.error('rejected', { saleId: 'other', code: 'X' });
    expect(lines.every((l) => l.includes('"saleId":"3f1c9a52-0c1d-4b7e-9a33-0d5b0c1e2f10"'))).toBe(true);
    expect(lines.join('\n')).not.toContain('other');
  });
});
