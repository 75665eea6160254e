/**
 * Configuration entry point: the settings file in the data folder plus LOKET_* overrides.
 * `loadConfig` never fails on a bad settings file (it runs on defaults and reports the error);
 * it does fail, with a ConfigError naming each variable, on a bad environment override.
 */
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { Settings } from '../../contract/settings.js';
import { applyOverrides, decideMode, uitpasPrefixFor, uitpasV4EndpointsFor, type Secrets, type UitpasV4Endpoints } from './effective.js';
import { parseEnvOverrides, type EnvSource } from './env-overrides.js';
import { readSettingsFile } from './settings-file.js';
import type { RuntimeContext } from '../core/context.js';
import { definedOnly } from '../../contract/defined-only.js';

export { ConfigError, LOKET_ENV_VARS, parseEnvOverrides } from './env-overrides.js';
export {
  decideMode,
  hasCompleteCredentials,
  UITPAS_PREFIXES,
  UITPAS_V4_ENDPOINTS,
  uitpasPrefixFor,
  uitpasV4EndpointsFor,
  type Secrets,
  type UitpasV4Endpoints,
} from './effective.js';
export { saveSettings, settingsPath, SETTINGS_FILE, type SaveResult } from './settings-file.js';

export interface RuntimeConfig {
  /** Effective settings: the file (or defaults) with env overrides applied. Safe for the renderer. */
  settings: Settings;
  /** What the file says (or defaults); save changes on top of this, not on `settings`. */
  fileSettings: Settings;
  /** Dotted settings keys that came from LOKET_* variables. */
  overrides: string[];
  /** Main only: never put these in an event, an envelope or a log line. */
  secrets: Secrets;
  /** `{prefix}` of the live UiTPAS API (…/uitid/rest). Demo mode replaces it with the simulator's. */
  uitpasPrefix: string;
  /** API 4: the UiTPAS, Search API and UiTiD addresses of the live environment. Demo mode uses the simulators'. */
  uitpasV4: UitpasV4Endpoints;
  mode: 'demo' | 'live';
  dataDir: string;
  /** Set when settings.json exists but could not be used; defaults are in effect. */
  settingsError?: string;
  /** LOKET_PRINTER_TEST_DIR: regular files here count as printer devices (tests only). */
  printerTestDir?: string;
  /** LOKET_PRINTER_DISCOVERY_ROOT: printer discovery reads this folder instead of /dev, /sys, lpstat (tests only). */
  printerDiscoveryRoot?: string;
  /** Non-fatal configuration problems worth showing (e.g. custom environment without a URL). */
  warnings: string[];
}

export interface LoadConfigOptions {
  env: EnvSource;
  /** Default data folder (Electron passes app.getPath('userData')); LOKET_DATA_DIR wins over it. */
  dataDir?: string;
}

export function defaultDataDir(env: EnvSource): string {
  const xdg = env.XDG_DATA_HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.local', 'share');
  return join(base, 'loket');
}

export async function loadConfig(opts: LoadConfigOptions): Promise<RuntimeConfig> {
  const env = parseEnvOverrides(opts.env);
  const dataDir = resolve(env.dataDir ?? opts.dataDir ?? defaultDataDir(opts.env));
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  // Settings, secrets, the outbox and logs live here: this account only, also for a folder an
  // older Loket (or Electron's userData) created with the umask's 0755.
  const folderWarnings: string[] = [];
  if (process.platform !== 'win32') {
    // mutation-check: data-dir-mode
    await fs.chmod(dataDir, 0o700).catch((err: NodeJS.ErrnoException) => {
      folderWarnings.push(`the data folder ${dataDir} could not be made private (${err.code ?? err.message}); other accounts may read it`);
    });
  }

  const read = await readSettingsFile(dataDir);
  const { settings, overrides, secrets } = applyOverrides(read.settings, env);
  // Only the chosen API's addresses can be wrong in a way worth a warning.
  const xml = uitpasPrefixFor(settings.uitpas);
  const v4 = uitpasV4EndpointsFor(settings.uitpas);
  const problem = settings.uitpas.api === 'v4' ? v4.problem : xml.problem;

  return {
    settings,
    fileSettings: read.settings,
    overrides,
    secrets,
    uitpasPrefix: xml.prefix,
    uitpasV4: v4.endpoints,
    mode: decideMode(settings, secrets),
    dataDir,
    ...(read.kind === 'broken' ? { settingsError: read.error } : {}),
    ...definedOnly({ printerTestDir: env.printerTestDir, printerDiscoveryRoot: env.printerDiscoveryRoot }),
    warnings: [...(problem ? [problem] : []), ...folderWarnings],
  };
}

/** The runtime context with Loket's configuration: what capabilities and handlers receive. */
export type LoketContext = RuntimeContext<RuntimeConfig>;
