/** auth.* and counters.*: thin mapping onto the login of the installation's API (main/auth). */
import type { LoginFlow } from '../../auth/login-flow.js';
import type { HandlersOf } from '../dispatcher.js';

export function authHandlers(login: LoginFlow): HandlersOf<'auth' | 'counters'> {
  return {
    'auth.status': () => login.status(),
    'auth.login': () => login.start(),
    'auth.logout': () => login.logout(),
    'counters.list': async () => ({ items: await login.listCounters() }),
    'counters.choose': ({ consumerKey }) => login.chooseCounter(consumerKey),
  };
}
