/**
 * Login (UiTiD, OAuth 1.0a three-legged), the active counter and the settings screen's writes.
 * Nothing here carries a secret: tokens and the consumer secret stay in main (docs/architecture.md
 * §7).
 */
import { z } from 'zod';
import { Counter } from '../domain.js';
import { Settings } from '../settings.js';
import { FieldProblem, SettingsChanges } from '../settings-form.js';

export const AuthState = z.enum(['logged-out', 'waiting', 'choose-counter', 'ready']);
export type AuthState = z.infer<typeof AuthState>;

export const AuthStatus = z.object({
  state: AuthState,
  /** Why a login is needed: 'expired' after a 401/403/ACCESS_DENIED, 'logged-out' after auth.logout. */
  reason: z.enum(['none', 'expired', 'logged-out']).optional(),
  userId: z.string().optional(),
  counter: z.object({ consumerKey: z.string(), name: z.string().optional() }).optional(),
  /** The token came from LOKET_TOKEN (shown; logging in again replaces it for this run). */
  fromEnvironment: z.boolean(),
  /** False until the application's consumer key and secret are configured: login cannot start. */
  consumerConfigured: z.boolean(),
  /** How main keeps the secrets; `plainText` is shown as a warning (Linux without a keyring). */
  secretStorage: z.object({ kind: z.enum(['file', 'safe-storage', 'memory']), plainText: z.boolean() }),
});
export type AuthStatus = z.infer<typeof AuthStatus>;

export const CounterChoice = Counter.extend({ lastUsed: z.boolean() });
export type CounterChoice = z.infer<typeof CounterChoice>;

export const LoginStart = z.object({
  authorizeUrl: z.url(),
  /** 'popup': the renderer opens the URL (web host); 'window': main opened its own login window. */
  opens: z.enum(['popup', 'window']),
});
export type LoginStart = z.infer<typeof LoginStart>;

export const SettingsUpdateResult = z.object({
  settings: Settings,
  /** Keys whose change takes effect only after a restart (environment, consumer, demo). */
  restartNeeded: z.array(z.string()),
  consumerSecretSet: z.boolean(),
  /** API 4: a UiTiD client secret is stored (the installation uses client access tokens). */
  clientSecretSet: z.boolean(),
});
export type SettingsUpdateResult = z.infer<typeof SettingsUpdateResult>;

export { FieldProblem, SettingsChanges };
