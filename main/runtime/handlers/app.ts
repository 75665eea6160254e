/** app.info / app.ping / settings.get: the calls the skeleton screen needs. */
import type { AppInfo } from '../../../contract/calls/app.js';
import type { LoketContext } from '../../config/index.js';
import type { Handlers } from '../dispatcher.js';

export function appInfoFrom(ctx: Pick<LoketContext, 'config' | 'transport' | 'version'>): AppInfo {
  const { config } = ctx;
  return {
    name: 'Loket',
    version: ctx.version,
    mode: config.mode,
    transport: ctx.transport,
    overrides: [...config.overrides],
    ...(config.settingsError !== undefined ? { settingsError: config.settingsError } : {}),
  };
}

export function appHandlers(ctx: LoketContext): Pick<Handlers, 'app.info' | 'app.ping' | 'settings.get'> {
  return {
    'app.info': () => appInfoFrom(ctx),
    'app.ping': ({ text }) => ({ text, at: new Date().toISOString() }),
    // Effective settings (env overrides applied); secrets are not part of Settings at all.
    'settings.get': () => structuredClone(ctx.config.settings),
  };
}
