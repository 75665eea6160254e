/** settings.get and settings.update: the settings file through the config capability. */
import { updateSettings, type SettingsUpdateDeps } from '../../config/settings-update.js';
import type { HandlersOf } from '../dispatcher.js';

export function settingsHandlers(deps: SettingsUpdateDeps): HandlersOf<'settings'> {
  return {
    // Effective settings (env overrides applied); secrets are not part of Settings at all.
    'settings.get': () => structuredClone(deps.config.settings),
    'settings.update': (changes) => updateSettings(deps, changes),
  };
}
