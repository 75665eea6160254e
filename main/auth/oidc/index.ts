/** API 4's UiTiD login (OpenID Connect): docs/uitpas-json-api.md §14. */
export {
  OidcLoginService,
  REFRESH_AHEAD_MS,
  SILENT_RECOVERY_WINDOW_MS,
  type OidcLoginOptions,
  type OidcSessionSettings,
} from './oidc-login-service.js';
export { UITID_ISSUERS, type UitidEnvironment } from './issuers.js';
export { OidcError, UITID_SCOPE, UitidOidcClient, type OidcFailureKind, type PendingAuthorization, type Tokens } from './uitid-client.js';
