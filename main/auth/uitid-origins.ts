/**
 * Which origins may show the UiTiD login page (the employee types a UiTiD password there): the
 * built-in UiTPAS environments and UiTiD's OpenID Connect hosts, all https, and the simulators
 * on a loopback address. A custom
 * UiTPAS address at any other host may still serve the API (over https), but never the login
 * page: a look-alike host would collect passwords.
 */
import { isLoopbackHost } from '../../contract/settings-form.js';
import { UITPAS_PREFIXES } from '../config/effective.js';

/**
 * UiTiD's OpenID Connect provider (API 4's login), test and production: publiq's authorization
 * server URLs (cultuurnet/apidocs, projects/authentication/docs/environments.md).
 */
export const UITID_ACCOUNT_ORIGINS: readonly string[] = ['https://account-test.uitid.be', 'https://account.uitid.be'];

export const UITID_LOGIN_ORIGINS: readonly string[] = [
  ...Object.values(UITPAS_PREFIXES).map((p) => new URL(p).origin),
  ...UITID_ACCOUNT_ORIGINS,
];

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
