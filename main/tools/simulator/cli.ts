/**
 * `npm run simulator -- [--api xml|v4] --port N [--seed-json FILE]`: a UiTPAS simulator
 * standalone, for trainers and outside test tools: the XML API 3.0 one (default) or the API 4
 * one (../simulator-v4/). Prints the credentials and seed data; `--port 0` picks a free port and
 * the printed prefix says which.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startSimulator, type SeedInfo } from './server.js';
import { startDemoV4 } from '../simulator-v4/demo.js';
import { formatCardNumber } from '../../../contract/card-number.js';

function fail(message: string): never {
  process.stderr.write(`simulator: ${message}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      api: { type: 'string', default: 'xml' },
      port: { type: 'string', default: '8799' },
      'seed-json': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
} catch (e) {
  fail((e as Error).message);
}
if (args.values.help) {
  process.stdout.write('usage: npm run simulator -- [--api xml|v4] [--port N] [--seed-json FILE]\n');
  process.exit(0);
}
const port = Number(args.values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0..65535, got ${args.values.port}`);
const api = args.values.api;
if (api !== 'xml' && api !== 'v4') fail(`--api must be xml or v4, got ${api}`);

const cantListen = (e: unknown) => fail(`cannot listen on 127.0.0.1:${port}: ${(e as Error).message}`);
// API 4 comes with the local UiTiD provider whose access tokens it accepts (as demo mode runs it).
const demoV4 = api === 'v4' ? await startDemoV4({ port }).catch(cantListen) : undefined;
const xml = demoV4 ? undefined : await startSimulator({ port }).catch(cantListen);
const sim = demoV4?.simulator ?? xml!;
const seedInfo = demoV4
  ? {
      ...demoV4.simulator.seedInfo,
      issuer: demoV4.endpoints.issuer,
      clientId: demoV4.clientId,
      counterClient: demoV4.provider.counterClient,
      oidcAdmin: `${new URL(demoV4.endpoints.issuer).origin}/__admin`,
    }
  : sim.seedInfo;

if (args.values['seed-json']) {
  try {
    // Written whole then renamed: a test waiting for the file never reads half of it.
    const file = args.values['seed-json'];
    writeFileSync(`${file}.tmp`, JSON.stringify(seedInfo, null, 2) + '\n');
    renameSync(`${file}.tmp`, file);
  } catch (e) {
    await (demoV4 ?? sim).close();
    fail(`cannot write ${args.values['seed-json']}: ${(e as Error).message}`);
  }
}
const seedLines = (cards: Record<string, string>, activities: Record<string, string>) => [
  `cards:`,
  ...Object.entries(cards).map(([k, v]) => `  ${k.padEnd(14)} ${formatCardNumber(v)}  (${v})`),
  `activities:`,
  ...Object.entries(activities).map(([k, v]) => `  ${k.padEnd(14)} ${v}`),
  `admin             http://127.0.0.1:${sim.port}/__admin/ (seed, sales, faults, release, reset)`,
];
const lines = demoV4
  ? [
      `UiTPAS API 4 simulator listening`,
      `apiBase           ${demoV4.simulator.seedInfo.apiBase}`,
      `searchBase        ${demoV4.simulator.seedInfo.searchBase}`,
      `token             ${demoV4.simulator.seedInfo.token}  (Authorization: Bearer …)`,
      `searchClientId    ${demoV4.simulator.seedInfo.searchClientId}`,
      `userId            ${demoV4.simulator.seedInfo.userId}`,
      `organizerId       ${demoV4.simulator.seedInfo.organizerId}`,
      `UiTiD issuer      ${demoV4.endpoints.issuer}  (OpenID Connect; its access tokens work here too)`,
      `UiTiD client      ${demoV4.clientId} (PKCE); ${demoV4.provider.counterClient.clientId} / ${demoV4.provider.counterClient.secret} (client credentials)`,
      `login page        ${demoV4.employee.username} / ${demoV4.employee.password}`,
      ...seedLines(sim.seedInfo.cards, sim.seedInfo.activities),
    ]
  : xmlLines(xml!.seedInfo);

function xmlLines(info: SeedInfo): string[] {
  return [
    `UiTPAS simulator listening`,
    `prefix            ${info.prefix}`,
    `consumerKey       ${info.consumerKey}`,
    `consumerSecret    ${info.consumerSecret}`,
    `token             ${info.token}`,
    `tokenSecret       ${info.tokenSecret}`,
    `userId            ${info.userId}`,
    `balieConsumerKey  ${info.balieConsumerKey}`,
    `login page        baliemedewerker / demo`,
    ...seedLines(info.cards, info.activities),
  ];
}
process.stdout.write(lines.join('\n') + '\n');

const stop = () => void (demoV4 ?? sim).close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
