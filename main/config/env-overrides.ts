/**
 * Pure parsing of the LOKET_* environment overrides. No file or process access: the caller hands
 * in an env object, so tests and scripts control it completely.
 */
import { isAbsolute } from 'node:path';
import { isUitpasUrl } from '../../contract/settings-form.js';
import { Language, UitpasApi } from '../../contract/settings.js';

/** The variables this module reads; everything else in the environment is ignored. */
export const LOKET_ENV_VARS = [
  'LOKET_DATA_DIR',
  'LOKET_UITPAS_URL',
  'LOKET_UITPAS_API',
  'LOKET_CLIENT_ID',
  'LOKET_CLIENT_SECRET',
  'LOKET_CONSUMER_KEY',
  'LOKET_CONSUMER_SECRET',
  'LOKET_TOKEN',
  'LOKET_TOKEN_SECRET',
  'LOKET_USER_ID',
  'LOKET_BALIE_KEY',
  'LOKET_PRINTER',
  'LOKET_DEMO',
  'LOKET_LANG',
  'LOKET_PRINTER_TEST_DIR',
  'LOKET_PRINTER_DISCOVERY_ROOT',
] as const;
export type LoketEnvVar = (typeof LOKET_ENV_VARS)[number];

export type EnvSource = Readonly<Record<string, string | undefined>>;

/** Every override that was set and valid, in settings terms. Absent keys were not set. */
export interface EnvOverrides {
  dataDir?: string;
  uitpasUrl?: string;
  uitpasApi?: UitpasApi;
  /** API 4: the UiTiD client id, and its secret (client credentials) for this run. */
  clientId?: string;
  clientSecret?: string;
  consumerKey?: string;
  consumerSecret?: string;
  token?: string;
  tokenSecret?: string;
  userId?: string;
  counterKey?: string;
  printerUrl?: string;
  demo?: 'on' | 'off';
  language?: Language;
  /** Tests only: regular files in this folder count as printer devices. */
  printerTestDir?: string;
  /** Tests only: printer discovery reads <root>/dev, <root>/sys and <root>/lpstat-e.txt. */
  printerDiscoveryRoot?: string;
}

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n- ${problems.join('\n- ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const PRINTER_URL = /^(none|system|system:.+|tcp:\/\/[^/:\s]+(:\d{1,5})?|file:\/\/\/.+)$/;

/**
 * Reads and validates every LOKET_* variable. An empty value counts as unset (so `LOKET_DEMO=` in
 * a shell script does not fail). All problems are collected, so one run names every bad variable.
 */
export function parseEnvOverrides(env: EnvSource): EnvOverrides {
  const out: EnvOverrides = {};
  const problems: string[] = [];
  const get = (name: LoketEnvVar): string | undefined => {
    const raw = env[name];
    if (raw === undefined) return undefined;
    const value = raw.trim();
    return value === '' ? undefined : value;
  };

  const dataDir = get('LOKET_DATA_DIR');
  if (dataDir !== undefined) {
    if (dataDir.includes('\0')) problems.push('LOKET_DATA_DIR must be a folder path');
    else out.dataDir = dataDir;
  }

  const uitpasUrl = get('LOKET_UITPAS_URL');
  if (uitpasUrl !== undefined) {
    const normalised = normaliseHttpUrl(uitpasUrl);
    if (normalised === undefined) {
      problems.push(`LOKET_UITPAS_URL must be an http(s) URL such as https://test.uitid.be/uitid/rest (got ${quote(uitpasUrl)})`);
    } else if (!isUitpasUrl(normalised)) {
      problems.push(`LOKET_UITPAS_URL must be https (plain http only for 127.0.0.1, the simulator; got ${quote(uitpasUrl)})`);
    } else {
      out.uitpasUrl = normalised;
    }
  }

  const api = get('LOKET_UITPAS_API');
  if (api !== undefined) {
    const parsed = UitpasApi.safeParse(api.toLowerCase());
    if (parsed.success) out.uitpasApi = parsed.data;
    else problems.push(`LOKET_UITPAS_API must be xml or v4 (got ${quote(api)})`);
  }

  const plain: Array<
    [LoketEnvVar, 'consumerKey' | 'consumerSecret' | 'token' | 'tokenSecret' | 'userId' | 'counterKey' | 'clientId' | 'clientSecret']
  > = [
    ['LOKET_CONSUMER_KEY', 'consumerKey'],
    ['LOKET_CONSUMER_SECRET', 'consumerSecret'],
    ['LOKET_TOKEN', 'token'],
    ['LOKET_TOKEN_SECRET', 'tokenSecret'],
    ['LOKET_USER_ID', 'userId'],
    ['LOKET_BALIE_KEY', 'counterKey'],
    ['LOKET_CLIENT_ID', 'clientId'],
    ['LOKET_CLIENT_SECRET', 'clientSecret'],
  ];
  for (const [name, key] of plain) {
    const value = get(name);
    if (value === undefined) continue;
    // Keys, ids and tokens end up in OAuth headers or token requests: whitespace or control characters are always a paste error.
    if (/\s/.test(value) || hasControlChar(value)) problems.push(`${name} must not contain spaces or control characters`);
    else out[key] = value;
  }

  const printer = get('LOKET_PRINTER');
  if (printer !== undefined) {
    if (PRINTER_URL.test(printer) && validTcpPort(printer)) out.printerUrl = printer;
    else problems.push(`LOKET_PRINTER must be none, system, system:<name>, tcp://host:port or file:///path (got ${quote(printer)})`);
  }

  const printerTestDir = get('LOKET_PRINTER_TEST_DIR');
  if (printerTestDir !== undefined) {
    if (!isAbsolute(printerTestDir) || printerTestDir.includes('\0'))
      problems.push('LOKET_PRINTER_TEST_DIR must be an absolute folder path');
    else out.printerTestDir = printerTestDir;
  }

  const discoveryRoot = get('LOKET_PRINTER_DISCOVERY_ROOT');
  if (discoveryRoot !== undefined) {
    if (!isAbsolute(discoveryRoot) || discoveryRoot.includes('\0'))
      problems.push('LOKET_PRINTER_DISCOVERY_ROOT must be an absolute folder path');
    else out.printerDiscoveryRoot = discoveryRoot;
  }

  const demo = get('LOKET_DEMO');
  if (demo !== undefined) {
    const flag = parseFlag(demo);
    if (flag === undefined) problems.push(`LOKET_DEMO must be 1, 0, true or false (got ${quote(demo)})`);
    else out.demo = flag ? 'on' : 'off';
  }

  const lang = get('LOKET_LANG');
  if (lang !== undefined) {
    const parsed = Language.safeParse(lang.toLowerCase());
    if (parsed.success) out.language = parsed.data;
    else problems.push(`LOKET_LANG must be nl, fr or en (got ${quote(lang)})`);
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return out;
}

function hasControlChar(value: string): boolean {
  return [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}

function parseFlag(value: string): boolean | undefined {
  switch (value.toLowerCase()) {
    case '1':
    case 'true':
      return true;
    case '0':
    case 'false':
      return false;
    default:
      return undefined;
  }
}

/** http(s) URL without query, fragment or trailing slash; undefined when it is not one. */
export function normaliseHttpUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  return url.href.replace(/\/+$/, '');
}

function validTcpPort(printer: string): boolean {
  const m = /^tcp:\/\/[^/:\s]+:(\d+)$/.exec(printer);
  if (!m) return true;
  const port = Number(m[1]);
  return port >= 1 && port <= 65535;
}

function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}
