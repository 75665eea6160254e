/**
 * The refresh token of API 4's login sits in the same secrets file as the XML login's secrets,
 * with the issuer and client it belongs to; an XML log out leaves it, and the file's checks hold.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FileSecretStore, parseSecretsText, updateSecrets } from '../../../main/auth/secret-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loket-oidc-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const oidc = { issuer: 'https://account-test.uitid.be/realms/uitid', clientId: 'loket', refreshToken: 'rt-0123456789' };

it('keeps the OpenID Connect login beside the XML secrets, and drops it when cleared', async () => {
  const store = new FileSecretStore(dir);
  await store.save({ consumerSecret: 'cs', token: 't', tokenSecret: 'ts', oidc });
  expect(await store.load()).toEqual({ consumerSecret: 'cs', token: 't', tokenSecret: 'ts', oidc });
  // The XML login's log out clears its own fields only.
  await updateSecrets(store, (s) => ({ ...s, token: undefined, tokenSecret: undefined }));
  expect(await store.load()).toEqual({ consumerSecret: 'cs', oidc });
  await updateSecrets(store, (s) => ({ ...s, oidc: undefined }));
  expect(JSON.parse(readFileSync(store.path, 'utf8'))).toEqual({ consumerSecret: 'cs' });
});

it('refuses a stored login without its issuer or client, without quoting the file', () => {
  const text = JSON.stringify({ oidc: { refreshToken: 'rt-secret-value' } });
  expect(() => parseSecretsText(text)).toThrow(/expected shape/);
  expect(() => parseSecretsText(text)).not.toThrow(/rt-secret-value/);
});
