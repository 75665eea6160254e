/** LOKET_WEB_PORT and LOKET_WEB_TOKEN: pure parsing with errors that name the variable. */
import { ConfigError, type EnvSource } from '../config/env-overrides.js';

export interface WebHostEnv {
  /** 0 = any free port. */
  port: number;
  token?: string;
}

export function parseWebHostEnv(env: EnvSource): WebHostEnv {
  const problems: string[] = [];
  const out: WebHostEnv = { port: 0 };
  const port = env.LOKET_WEB_PORT?.trim();
  if (port) {
    if (/^\d{1,5}$/.test(port) && Number(port) <= 65535) out.port = Number(port);
    else problems.push(`LOKET_WEB_PORT must be a port number 0-65535 (got ${JSON.stringify(port)})`);
  }
  const token = env.LOKET_WEB_TOKEN?.trim();
  if (token) {
    // The token is the only thing between a local web page and the counter: demand real entropy.
    if (/^[A-Za-z0-9_-]{16,256}$/.test(token)) out.token = token;
    else problems.push('LOKET_WEB_TOKEN must be 16-256 characters of A-Z, a-z, 0-9, _ or -');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out;
}
