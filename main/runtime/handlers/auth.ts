/** auth.* and counters.*: thin mapping onto the LoginService (main/auth). */
import type { LoginService } from '../../auth/login-service.js';
import type { HandlersOf } from '../dispatcher.js';

export function authHandlers(login: LoginService): HandlersOf<'auth' | 'counters'> {
  return {
    'auth.status': () => login.status(),
    'auth.login': () => login.start(),
    'auth.logout': () => login.logout(),
    'counters.list': async () => ({ items: await login.listCounters() }),
    'counters.choose': ({ consumerKey }) => login.chooseCounter(consumerKey),
  };
}
