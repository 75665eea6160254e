/**
 * `npm run simulator -- --port N [--seed-json FILE]`: the UiTPAS simulator standalone, for
 * trainers and outside test tools. Prints the credentials and seed data; `--port 0` picks a free
 * port and the printed prefix says which.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startSimulator } from './server.js';
import { formatCardNumber } from '../../../contract/card-number.js';

function fail(message: string): never {
  process.stderr.write(`simulator: ${message}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({ options: { port: { type: 'string', default: '8799' }, 'seed-json': { type: 'string' }, help: { type: 'boolean' } } });
} catch (e) {
  fail((e as Error).message);
}
if (args.values.help) {
  process.stdout.write('usage: npm run simulator -- [--port N] [--seed-json FILE]\n');
  process.exit(0);
}
const port = Number(args.values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0..65535, got ${args.values.port}`);

const sim = await startSimulator({ port }).catch((e: unknown) => fail(`cannot listen on 127.0.0.1:${port}: ${(e as Error).message}`));
const info = sim.seedInfo;
if (args.values['seed-json']) {
  try {
    // Written whole then renamed: a test waiting for the file never reads half of it.
    const file = args.values['seed-json'];
    writeFileSync(`${file}.tmp`, JSON.stringify(info, null, 2) + '\n');
    renameSync(`${file}.tmp`, file);
  } catch (e) {
    await sim.close();
    fail(`cannot write ${args.values['seed-json']}: ${(e as Error).message}`);
  }
}
const lines = [
  `UiTPAS simulator listening`,
  `prefix            ${info.prefix}`,
  `consumerKey       ${info.consumerKey}`,
  `consumerSecret    ${info.consumerSecret}`,
  `token             ${info.token}`,
  `tokenSecret       ${info.tokenSecret}`,
  `userId            ${info.userId}`,
  `balieConsumerKey  ${info.balieConsumerKey}`,
  `login page        baliemedewerker / demo`,
  `cards:`,
  ...Object.entries(info.cards).map(([k, v]) => `  ${k.padEnd(14)} ${formatCardNumber(v)}  (${v})`),
  `activities:`,
  ...Object.entries(info.activities).map(([k, v]) => `  ${k.padEnd(14)} ${v}`),
  `admin             http://127.0.0.1:${sim.port}/__admin/ (seed, sales, faults, release, reset)`,
];
process.stdout.write(lines.join('\n') + '\n');

const stop = () => void sim.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
