/**
 * Replies in the character set they declare (issue 12, finding 7): the real simulator behind a
 * loopback proxy that re-encodes its UTF-8 answers (ISO-8859-1, windows-1252, UTF-16 with BOM)
 * and declares it in the Content-Type or only in the XML declaration. The client must read the
 * same accented titles as from the simulator directly; an unknown or lying charset is refused.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UitpasClient } from '../../../main/uitpas/client.js';
import { failure, rig, type Rig } from './helpers.js';

type Recode = (utf8: string) => { body: Buffer; contentType: string };

let r: Rig;
let proxy: Server;
let recode: Recode = (t) => ({ body: Buffer.from(t, 'utf8'), contentType: 'application/xml; charset=UTF-8' });

beforeAll(async () => {
  r = await rig();
  const target = new URL(r.sim.prefix);
  proxy = createServer((req, res) => {
    // The Host header goes through unchanged: the simulator checks the signature against it.
    const up = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (upRes) => {
      const chunks: Buffer[] = [];
      upRes.on('data', (c: Buffer) => chunks.push(c));
      upRes.on('end', () => {
        const { body, contentType } = recode(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(upRes.statusCode ?? 500, { 'content-type': contentType, 'content-length': String(body.length) });
        res.end(body);
      });
    });
    req.pipe(up);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await r.close();
});

function viaProxy(): UitpasClient {
  const port = (proxy.address() as AddressInfo).port;
  return new UitpasClient({ prefix: `http://127.0.0.1:${port}/uitid/rest`, credentials: () => r.creds });
}

const titles = async (client: UitpasClient) =>
  (await client.searchActivities(r.counter, { range: 'next7days', start: 0, max: 50 })).items.map((a) => a.title).sort();

/** As a server writing a single-byte set would: what the set lacks becomes a character reference. */
const singleByte = (t: string) =>
  Buffer.from(
    // eslint-disable-next-line no-control-regex -- the range starts at U+0000 on purpose
    t.replace(/[^\u0000-\u007f\u00a0-\u00ff]/gu, (c) => `&#${c.codePointAt(0)};`),
    'latin1',
  );

const withDecl = (xml: string, enc: string) => xml.replace(/^<\?xml[^>]*\?>/, '').replace(/^/, `<?xml version="1.0" encoding="${enc}"?>`);

describe('UiTPAS replies in their declared character set', () => {
  it.each<[string, Recode]>([
    ['ISO-8859-1 in the Content-Type', (t) => ({ body: singleByte(t), contentType: 'application/xml;charset=ISO-8859-1' })],
    [
      'windows-1252 only in the XML declaration',
      (t) => ({ body: singleByte(withDecl(t, 'windows-1252')), contentType: 'application/xml' }),
    ],
    [
      'UTF-16LE with a byte order mark',
      (t) => ({ body: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]), contentType: 'application/xml' }),
    ],
    ['quoted "utf-8"', (t) => ({ body: Buffer.from(t, 'utf8'), contentType: 'application/xml; charset="utf-8"' })],
  ])('reads accented titles from %s', async (_label, how) => {
    const direct = await titles(r.client);
    expect(direct.some((t) => t.includes('Misérables'))).toBe(true);
    recode = how;
    const client = viaProxy();
    try {
      expect(await titles(client)).toEqual(direct);
    } finally {
      client.close();
    }
  });

  it.each<[string, Recode]>([
    ['an unknown charset', (t) => ({ body: Buffer.from(t, 'utf8'), contentType: 'application/xml; charset=x-klingon' })],
    ['ISO-8859-1 bytes sent as UTF-8', (t) => ({ body: singleByte(t), contentType: 'application/xml; charset=utf-8' })],
  ])('refuses %s as a bad response instead of guessing', async (_label, how) => {
    recode = how;
    const client = viaProxy();
    try {
      const err = await failure(() => titles(client));
      expect(err.kind).toBe('bad-response');
    } finally {
      client.close();
    }
  });
});
