/**
 * UiTiD's OpenID Connect issuers: the Keycloak realm `uitid` on publiq's two authorization servers
 * (cultuurnet/apidocs, projects/authentication/docs/environments.md and user-access-token.md:
 * every path is under `/realms/uitid/`, and the configuration is served at
 * `/.well-known/openid-configuration`). There is no acceptance server: tokens of one environment
 * work only on the APIs of that environment.
 */
export const UITID_ISSUERS = {
  test: 'https://account-test.uitid.be/realms/uitid',
  production: 'https://account.uitid.be/realms/uitid',
} as const;

export type UitidEnvironment = keyof typeof UITID_ISSUERS;
