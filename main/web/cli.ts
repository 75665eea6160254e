/**
 * `npm run start:web`: the runtime behind the web host. stdout carries exactly one line,
 * `LOKET_URL <url with token>`, for scripts and the e2e fixture; everything else goes to stderr.
 * A failed start says what happened and what to do on stderr and exits with 2 (configuration),
 * 3 (the sales database is damaged, from a newer Loket or cannot be opened; the file is kept) or 1.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConsoleLogger } from '../core/log.js';
import { createRuntime } from '../runtime/runtime.js';
import { describeStartupError } from '../runtime/startup-error.js';
import { ConfigError, parseEnvOverrides } from '../config/index.js';
import { parseWebHostEnv, type WebHostEnv } from './env.js';
import { startWebHost } from './server.js';
import { CALLBACK_PATH } from '../auth/callback-page.js';
import { definedOnly } from '../../contract/defined-only.js';

const RENDERER_DIR = fileURLToPath(new URL('../../app/dist/renderer/', import.meta.url));

async function main(): Promise<void> {
  const log = createConsoleLogger();
  const hostEnv = validateEnv();
  const runtime = await createRuntime({ transport: 'web', env: process.env, log });
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    log.warn(`web host: no built renderer in ${RENDERER_DIR}; run \`npm run build:renderer\` (pages will answer 404)`);
  }
  const host = await startWebHost({
    dispatcher: runtime.dispatcher,
    bus: runtime.bus,
    rendererDir: RENDERER_DIR,
    port: hostEnv.port,
    ...definedOnly({ token: hostEnv.token }),
    log,
    oauthCallback: (callback) => runtime.login.completeCallback(callback),
  }).catch(async (err: unknown) => {
    // Close the outbox and the simulator properly before reporting (e.g. the port is taken).
    await runtime.close();
    throw err;
  });
  // UiTiD sends the login popup back to this host, which hands the callback to the login service.
  runtime.login.attachTransport({ opens: 'popup', callbackUrl: () => `${host.origin}${CALLBACK_PATH}`, open: () => {} });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`web host: ${signal}, shutting down`);
    void host
      .close()
      .then(() => runtime.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          log.error('web host: shutdown failed', { err });
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Only now: whoever reads this line may stop the host at once, and until a handler is
  // registered a SIGTERM kills the process without closing the outbox.
  process.stdout.write(`LOKET_URL ${host.url}\n`);
  log.info(`web host: serving ${RENDERER_DIR} on ${host.origin}`);
}

/** Both the web host's and the runtime's variables, so one failed start names every bad one. */
function validateEnv(): WebHostEnv {
  const problems: string[] = [];
  let hostEnv: WebHostEnv = { port: 0 };
  for (const check of [() => (hostEnv = parseWebHostEnv(process.env)), () => parseEnvOverrides(process.env)]) {
    try {
      check();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return hostEnv;
}

main().catch((err: unknown) => {
  if ((err as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE') {
    process.stderr.write(`Loket cannot start: port already in use (LOKET_WEB_PORT). ${(err as Error).message}\n`);
    process.exit(1);
  }
  const problem = describeStartupError(err);
  process.stderr.write(`${problem.text}\n`);
  process.exit(problem.exitCode);
});
