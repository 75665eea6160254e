/** The settings: read them, change them (validated in main; field problems in details.fields). */
import { type CallSpec, NoInput, defineCall } from '../rpc.js';
import { SettingsUpdateResult } from '../schemas/auth.js';
import { SettingsChanges } from '../settings-form.js';
import { Settings } from '../settings.js';

export const calls = {
  'settings.get': defineCall(NoInput, Settings),
  /** Validated with the settings schema; field problems come back in details.fields (FieldProblem[]). */
  'settings.update': defineCall(SettingsChanges, SettingsUpdateResult),
} satisfies Record<`settings.${string}`, CallSpec>;
