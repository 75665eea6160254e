/**
 * Which origins may show the UiTiD login page (the employee types a UiTiD password there): the
 * built-in UiTPAS environments, all https, and the simulator on a loopback address. A custom
 * UiTPAS address at any other host may still serve the API (over https), but never the login
 * page: a look-alike host would collect passwords.
 */
import { isLoopbackHost } from '../../contract/settings-form.js';
import { UITPAS_PREFIXES } from '../config/effective.js';

export const UITID_LOGIN_ORIGINS: readonly string[] = Object.values(UITPAS_PREFIXES).map((p) => new URL(p).origin);

/** Pure: may a login window load pages of `url`'s origin? */
export function isUitidLoginOrigin(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.username !== '' || u.password !== '') return false;
  if (u.protocol === 'https:' && UITID_LOGIN_ORIGINS.includes(u.origin)) return true;
  return (u.protocol === 'http:' || u.protocol === 'https:') && isLoopbackHost(u.hostname);
}
