/** The app namespace: version and mode, a transport round trip, diagnostics. */
import type { AppInfo } from '../../../contract/schemas/app.js';
import type { LoketContext } from '../../config/index.js';
import type { HandlersOf } from '../dispatcher.js';
import { diagnosticsHandlers, type DiagnosticsSources } from './diagnostics.js';
import { definedOnly } from '../../../contract/defined-only.js';

export function appInfoFrom(ctx: Pick<LoketContext, 'config' | 'transport' | 'version'>): AppInfo {
  const { config } = ctx;
  return {
    name: 'Loket',
    version: ctx.version,
    mode: config.mode,
    transport: ctx.transport,
    overrides: [...config.overrides],
    ...definedOnly({ settingsError: config.settingsError }),
  };
}

export function appHandlers(ctx: LoketContext, diagnostics: DiagnosticsSources = {}): HandlersOf<'app'> {
  return {
    ...diagnosticsHandlers(ctx, diagnostics),
    'app.info': () => appInfoFrom(ctx),
    'app.ping': ({ text }) => ({ text, at: new Date().toISOString() }),
  };
}
