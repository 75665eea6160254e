/**
 * UiTPAS client per-call overhead, for both APIs: the client's full call (sign or authorize + send
 * + parse + validate + map) against a bare keep-alive HTTP request to the same simulator endpoint
 * with valid credentials made up front (so the server does the same work), interleaved in the same
 * run.
 */
import http from 'node:http';
import { percentile, timeBatches, type BenchRow } from './harness.js';
import { startSimulator } from '../main/tools/simulator/server.js';
import { startSimulatorV4 } from '../main/tools/simulator-v4/server.js';
import { UitpasV4Client } from '../main/uitpas/v4/client.js';
import { UitpasClient } from '../main/uitpas/client.js';
import { authorizationHeader } from '../main/uitpas/oauth.js';
import { parseXml } from '../main/uitpas/xml.js';

const ROUNDS = 400;
const WARMUP = 150;

function bare(agent: http.Agent, url: string, authorization: string, accept = 'application/xml'): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, headers: { accept, authorization } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`HTTP ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

/** The bare request of round `i`; its credentials are ready before the clock starts. */
type BareCall = (i: number) => Promise<unknown>;

/** OAuth 1 signatures for the bare XML requests are made up front: each needs its own nonce. */
function signedBare(agent: http.Agent, url: string, creds: Parameters<typeof authorizationHeader>[0]): BareCall {
  const headers = Array.from({ length: ROUNDS + WARMUP }, () => authorizationHeader(creds, { method: 'GET', url }));
  return (i) => bare(agent, url, headers[i]!);
}

async function measure(name: string, bareCall: BareCall, clientCall: () => Promise<unknown>, group = 'uitpas'): Promise<BenchRow[]> {
  const client: number[] = [];
  const baseline: number[] = [];
  for (let i = 0; i < ROUNDS + WARMUP; i++) {
    let t = performance.now();
    await bareCall(i);
    const b = performance.now() - t;
    t = performance.now();
    await clientCall();
    const c = performance.now() - t;
    if (i >= WARMUP) {
      baseline.push(b);
      client.push(c);
    }
  }
  const mc = median(client);
  const mb = median(baseline);
  const overhead = mc - mb;
  const ratio = mc / mb;
  return [
    {
      group,
      name: `${name}: client call median`,
      value: mc,
      unit: 'ms',
      baseline: { name: 'bare HTTP', value: mb, unit: 'ms' },
      note: `p95 ${percentile(
        [...client].sort((a, b) => a - b),
        95,
      ).toFixed(3)} ms`,
    },
    // A real UiTPAS round trip costs tens of milliseconds; the client may add a few.
    { group, name: `${name}: client overhead`, value: overhead, unit: 'ms', target: '< 3 ms', pass: overhead < 3 },
    {
      group,
      name: `${name}: ratio client/bare`,
      value: ratio,
      unit: 'x',
      note: 'on loopback, where the bare request costs a fraction of a millisecond',
    },
  ];
}

export async function run(): Promise<BenchRow[]> {
  const sim = await startSimulator();
  const c = sim.credentials;
  const client = new UitpasClient({ prefix: sim.prefix, credentials: () => ({ ...c }) });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const card = sim.seedInfo.cards.kansenstatuut;
    const retrieveUrl = `${sim.prefix}/uitpas/retrieve?identification=${card}&balieConsumerKey=${c.counterKey}`;
    const rows = await measure('retrieve (passholder)', signedBare(agent, retrieveUrl, c), () => client.identify(c.counterKey, card));
    const searchUrl = `${sim.prefix}/uitpas/cultureevent/search?balieConsumerKey=${c.counterKey}&uitpasNumber=${card}&start=0&max=50&datetype=next30days`;
    const consumer = { consumerKey: c.consumerKey, consumerSecret: c.consumerSecret };
    rows.push(
      ...(await measure('search (8 activities)', signedBare(agent, searchUrl, consumer), () =>
        client.searchActivities(c.counterKey, { uitpasNumber: card, range: 'next30days', start: 0, max: 50 }),
      )),
    );
    // The parse alone (validate + parse + prototype-free copy), on the event search reply.
    const body = await bare(agent, searchUrl, authorizationHeader(consumer, { method: 'GET', url: searchUrl }));
    const parse = timeBatches(50, 40, () => parseXml(body));
    rows.push({
      group: 'uitpas',
      name: `parse a ${(body.length / 1024).toFixed(1)} KB event search (fast-xml-parser)`,
      value: percentile(parse, 50) / 1000,
      unit: 'ms',
      note: `p95 ${(percentile(parse, 95) / 1000).toFixed(3)} ms`,
    });
    return [...rows, ...(await runV4())];
  } finally {
    agent.destroy();
    client.close();
    await sim.close();
  }
}

/** API 4: a bearer token instead of a signature, JSON instead of XML. */
async function runV4(): Promise<BenchRow[]> {
  const sim = await startSimulatorV4();
  const token = sim.credentials.token;
  const client = new UitpasV4Client({ apiBase: sim.apiBase, searchBase: sim.searchBase, token: () => Promise.resolve(token) });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const card = sim.seedInfo.cards.kansenstatuut;
    // The one request the client sends to identify a person's card.
    const url = `${sim.apiBase}/passholders?uitpasNumber=${card}&limit=1`;
    return await measure(
      'API 4 passholder by card',
      () => bare(agent, url, `Bearer ${token}`, 'application/json'),
      () => client.identify(sim.credentials.counterKey, card),
      'uitpas-v4',
    );
  } finally {
    agent.destroy();
    client.close();
    await sim.close();
  }
}
