/**
 * The settings screen's save. Every field is checked with the shared rules
 * (contract/settings-form.ts), then by the capabilities for what only main can judge; problems
 * come back per field in details.fields. The file is written atomically on top of what it says
 * (env overrides are never saved); the consumer secret goes to the secret store and is never read
 * back.
 */
import type { SettingsUpdateResult } from '../../contract/schemas/auth.js';
import { applySettingsChanges, type FieldProblem, type SettingsChanges } from '../../contract/settings-form.js';
import type { Settings } from '../../contract/settings.js';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { RuntimeConfig } from './index.js';
import type { SettingsWriter } from './settings-writer.js';

/**
 * Changes the running services only pick up at the next start: the UiTPAS client and the mode are
 * built once, the printer and the HID reader take their settings when created, and the renderer
 * attaches the keyboard-wedge detector at start. Offline limits and the language apply at once.
 */
const RESTART_KEYS = [
  'uitpas.api',
  'uitpas.environment',
  'uitpas.customUrl',
  'uitpas.customApiUrl',
  'uitpas.customSearchUrl',
  'uitpas.customIssuerUrl',
  'uitpas.consumerKey',
  'uitpas.clientId',
  'uitpas.timeoutMs',
  'demo',
  'printer.url',
  'printer.columns',
  'printer.cut',
  'printer.openDrawer',
  'printer.venueName',
  'scanner.hidPath',
  'scanner.hidEnabled',
  'scanner.wedgeEnabled',
  'scanner.wedgeMaxGapMs',
  'scanner.wedgeMinLength',
] as const;

function valueAt(s: Settings, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], s);
}

export interface SettingsUpdateDeps {
  readonly config: Pick<RuntimeConfig, 'settings' | 'fileSettings' | 'secrets'>;
  readonly writer: SettingsWriter;
  readonly log: Pick<Logger, 'info'>;
  /** Checks only main can make (printer ports and hosts, HID paths), after the form rules passed. */
  mainOnlyProblems(before: Settings, next: Settings): Promise<FieldProblem[]>;
  /** The consumer secret lives with the other secrets, never in the settings file. */
  readonly consumerSecret: StoredSecret;
  /** So does API 4's UiTiD client secret. */
  readonly clientSecret: StoredSecret;
}

export interface StoredSecret {
  save(secret: string): Promise<void>;
  isStored(): Promise<boolean>;
}

export async function updateSettings(deps: SettingsUpdateDeps, changes: SettingsChanges): Promise<SettingsUpdateResult> {
  const { config } = deps;
  let result = applySettingsChanges(config.fileSettings, changes);
  if (result.ok) {
    const problems = await deps.mainOnlyProblems(config.fileSettings, result.settings);
    if (problems.length > 0) result = { ok: false, problems };
  }
  if (!result.ok) {
    const fields = result.problems.map((p) => p.field).join(', ');
    throw new AppError('SETTINGS_INVALID', `Settings not saved: check ${fields}`, { fields: result.problems });
  }
  const before = config.fileSettings;
  const next = result.settings;
  await deps.writer.update(() => next);
  const restartNeeded: string[] = RESTART_KEYS.filter((k) => valueAt(before, k) !== valueAt(next, k));
  for (const key of ['consumerSecret', 'clientSecret'] as const) {
    const secret = changes[key];
    if (secret === undefined) continue;
    await deps[key].save(secret.trim());
    restartNeeded.push(key);
  }
  deps.log.info(`settings: saved (${restartNeeded.length > 0 ? `restart needed for ${restartNeeded.join(', ')}` : 'in effect now'})`);
  const consumerStored = await deps.consumerSecret.isStored().catch(() => false);
  const clientStored = await deps.clientSecret.isStored().catch(() => false);
  return {
    settings: structuredClone(config.settings),
    restartNeeded,
    consumerSecretSet: Boolean(config.secrets.consumerSecret) || consumerStored,
    clientSecretSet: Boolean(config.secrets.clientSecret) || clientStored,
  };
}
