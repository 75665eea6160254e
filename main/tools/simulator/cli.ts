/**
 * `npm run simulator -- [--api xml|v4] --port N [--seed-json FILE]`: a UiTPAS simulator
 * standalone, for trainers and outside test tools: the XML API 3.0 one (default) or the API 4
 * one (../simulator-v4/). Prints the credentials and seed data; `--port 0` picks a free port and
 * the printed prefix says which.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startSimulator, type SeedInfo } from './server.js';
import { startSimulatorV4 } from '../simulator-v4/server.js';
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
const sim = api === 'v4' ? await startSimulatorV4({ port }).catch(cantListen) : await startSimulator({ port }).catch(cantListen);

if (args.values['seed-json']) {
  try {
    // Written whole then renamed: a test waiting for the file never reads half of it.
    const file = args.values['seed-json'];
    writeFileSync(`${file}.tmp`, JSON.stringify(sim.seedInfo, null, 2) + '\n');
    renameSync(`${file}.tmp`, file);
  } catch (e) {
    await sim.close();
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
const lines =
  'apiBase' in sim
    ? [
        `UiTPAS API 4 simulator listening`,
        `apiBase           ${sim.seedInfo.apiBase}`,
        `searchBase        ${sim.seedInfo.searchBase}`,
        `token             ${sim.seedInfo.token}  (Authorization: Bearer …)`,
        `searchClientId    ${sim.seedInfo.searchClientId}`,
        `userId            ${sim.seedInfo.userId}`,
        `organizerId       ${sim.seedInfo.organizerId}`,
        ...seedLines(sim.seedInfo.cards, sim.seedInfo.activities),
      ]
    : xmlLines(sim.seedInfo);

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

const stop = () => void sim.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
