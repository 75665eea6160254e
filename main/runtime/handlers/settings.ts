/**
 * settings.update: the settings screen's save. Every field is checked with the shared rules
 * (contract/settings-form.ts); problems come back per field in details.fields. The file is written
 * atomically on top of what it says (env overrides are never saved); the consumer secret goes to
 * the secret store and is never read back.
 */
import type { SettingsUpdateResult } from '../../../contract/schemas/auth.js';
import { applySettingsChanges, type FieldProblem } from '../../../contract/settings-form.js';
import type { Settings } from '../../../contract/settings.js';
import { updateSecrets, type SecretStore } from '../../auth/secret-store.js';
import type { SettingsWriter } from '../../config/settings-writer.js';
import { printerPathProblem } from '../../hardware/printer/device-policy.js';
import { parsePrinterUrl } from '../../hardware/printer/printer-url.js';
import type { LoketContext } from '../../config/index.js';
import { AppError } from '../../core/errors.js';
import type { HandlersOf } from '../dispatcher.js';

/**
 * Changes the running services only pick up at the next start: the UiTPAS client and the mode are
 * built once, the printer and the HID reader take their settings when created, and the renderer
 * attaches the keyboard-wedge detector at start. Offline limits and the language apply at once.
 */
const RESTART_KEYS = [
  'uitpas.environment',
  'uitpas.customUrl',
  'uitpas.consumerKey',
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

export interface SettingsGuards {
  /** HID paths main enumerated right now: the only ones the renderer may pick. */
  hidPaths(): Promise<string[]>;
}

/**
 * What only main can judge, after the shared form rules passed: a file printer must name a
 * printer port (the renderer could otherwise aim receipts at any file), and a HID path must be
 * one main listed (node-hid opens whatever path it is given).
 */
async function mainOnlyProblems(
  ctx: LoketContext,
  before: Settings,
  next: Settings,
  guards: SettingsGuards | undefined,
): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  if (next.printer.url !== before.printer.url) {
    try {
      const target = parsePrinterUrl(next.printer.url);
      if (target.kind === 'file' && printerPathProblem(target.path, { testDir: ctx.config.printerTestDir })) {
        problems.push({ field: 'printer.url', problem: 'printer-device' });
      }
    } catch {
      problems.push({ field: 'printer.url', problem: 'printer-url' });
    }
  }
  const hidPath = next.scanner.hidPath;
  if (hidPath !== undefined && hidPath !== before.scanner.hidPath) {
    const known = await (guards?.hidPaths() ?? Promise.resolve([])).catch(() => [] as string[]);
    if (!known.includes(hidPath)) problems.push({ field: 'scanner.hidPath', problem: 'hid-device' }); // mutation-check: hid-path-enumerated
  }
  return problems;
}

export function settingsHandlers(
  ctx: LoketContext,
  writer: SettingsWriter,
  store: SecretStore,
  guards?: SettingsGuards,
): HandlersOf<'settings'> {
  return {
    // Effective settings (env overrides applied); secrets are not part of Settings at all.
    'settings.get': () => structuredClone(ctx.config.settings),
    'settings.update': async (changes) => {
      let result = applySettingsChanges(ctx.config.fileSettings, changes);
      if (result.ok) {
        const problems = await mainOnlyProblems(ctx, ctx.config.fileSettings, result.settings, guards);
        if (problems.length > 0) result = { ok: false, problems };
      }
      if (!result.ok) {
        const fields = result.problems.map((p) => p.field).join(', ');
        throw new AppError('SETTINGS_INVALID', `Settings not saved: check ${fields}`, { fields: result.problems });
      }
      const before = ctx.config.fileSettings;
      await writer.update(() => result.settings);
      const restartNeeded: string[] = RESTART_KEYS.filter((k) => valueAt(before, k) !== valueAt(result.settings, k));
      if (changes.consumerSecret !== undefined) {
        const secret = changes.consumerSecret.trim();
        await updateSecrets(store, (s) => ({ ...s, consumerSecret: secret }));
        restartNeeded.push('consumerSecret');
      }
      ctx.log.info(`settings: saved (${restartNeeded.length > 0 ? `restart needed for ${restartNeeded.join(', ')}` : 'in effect now'})`);
      const stored = await store.load().catch(() => ({ consumerSecret: undefined }));
      const answer: SettingsUpdateResult = {
        settings: structuredClone(ctx.config.settings),
        restartNeeded,
        consumerSecretSet: Boolean(ctx.config.secrets.consumerSecret ?? stored.consumerSecret),
      };
      return answer;
    },
  };
}
