/**
 * The public half of the release key that signs every update's metadata (main/updates/update-signature.ts).
 * The private half never enters this repository or a build machine's disk unencrypted: see
 * docs/security.md "Release key". More than one entry allows a key rotation: ship the new key
 * next to the old one for one release, then sign with the new one and drop the old.
 *
 * Before the first release, replace this key by the maintainer's own
 * (`node scripts/update-signing.mjs generate`): nobody holds the private half of the key below,
 * so until then every update is refused, which is the safe way round.
 */
export const UPDATE_PUBLIC_KEYS: readonly string[] = [
  `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEA/DjuoYV+Anw/LHH7dYXNF1ZQy8igGRs8u9fjxi/uUY0=
-----END PUBLIC KEY-----
`,
];
