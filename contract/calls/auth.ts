/** The employee's UiTiD login; the auth event. */
import { type CallSpec, NoInput, defineCall } from '../rpc.js';
import { AuthStatus, LoginStart } from '../schemas/auth.js';

export const calls = {
  'auth.status': defineCall(NoInput, AuthStatus),
  'auth.login': defineCall(NoInput, LoginStart),
  'auth.logout': defineCall(NoInput, AuthStatus),
} satisfies Record<`auth.${string}`, CallSpec>;

export const events = {
  auth: AuthStatus,
};
