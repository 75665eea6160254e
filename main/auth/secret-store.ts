/**
 * Where main keeps the secrets of a login (docs/architecture.md §7): the application's consumer
 * secret and the employee's access token and token secret (XML API), or the UiTiD refresh token
 * (API 4, main/auth/oidc/). The Electron implementation
 * (main/electron/ safe-storage-secrets.ts) encrypts with the OS keychain; the web host and tests
 * use the file below, readable by its user only. Nothing read from a SecretStore ever crosses to
 * the renderer.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../config/settings-file.js';

/**
 * A UiTiD refresh token with the issuer and client it belongs to: it is only ever sent back to
 * that issuer for that client, so switching environments (or pointing Loket at a local provider)
 * never hands a production token to another host.
 */
export const StoredOidcLogin = z.object({
  issuer: z.string().min(1),
  clientId: z.string().min(1),
  refreshToken: z.string().min(1),
});
export type StoredOidcLogin = z.infer<typeof StoredOidcLogin>;

export const StoredSecrets = z
  .object({
    consumerSecret: z.string().min(1).optional(),
    /** API 4: the UiTiD client secret of an installation that uses client access tokens. */
    clientSecret: z.string().min(1).optional(),
    token: z.string().min(1).optional(),
    tokenSecret: z.string().min(1).optional(),
    oidc: StoredOidcLogin.optional(),
  })
  .strip();
export type StoredSecrets = z.infer<typeof StoredSecrets>;

export interface SecretStore {
  readonly kind: 'file' | 'safe-storage' | 'memory';
  /** True when the secrets sit on disk without OS encryption (shown as a warning in the UI). */
  readonly plainText: boolean;
  /** Never throws for a missing file; throws SecretStoreError for one that cannot be used. */
  load(): Promise<StoredSecrets>;
  save(secrets: StoredSecrets): Promise<void>;
}

export class SecretStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretStoreError';
  }
}

export const SECRETS_FILE = 'secrets.json';
/** Owner read/write only: the file holds the consumer secret and the employee's tokens. */
export const SECRETS_FILE_MODE = 0o600;

/** Pure: the file's text -> secrets, or why it is unusable. */
export function parseSecretsText(text: string): StoredSecrets {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SecretStoreError(`${SECRETS_FILE} is not valid JSON`);
  }
  const parsed = StoredSecrets.safeParse(json);
  // The message never quotes the content: it is secret.
  if (!parsed.success) throw new SecretStoreError(`${SECRETS_FILE} does not hold secrets in the expected shape`);
  return parsed.data;
}

/** Only the keys that are set, so a cleared secret disappears from the file. */
export function compactSecrets(secrets: StoredSecrets): StoredSecrets {
  const out: StoredSecrets = {};
  if (secrets.consumerSecret) out.consumerSecret = secrets.consumerSecret;
  if (secrets.clientSecret) out.clientSecret = secrets.clientSecret;
  if (secrets.token) out.token = secrets.token;
  if (secrets.tokenSecret) out.tokenSecret = secrets.tokenSecret;
  if (secrets.oidc) out.oidc = { ...secrets.oidc };
  return out;
}

/** A JSON file in the data folder with mode 0600, written atomically (web host, Node). */
export class FileSecretStore implements SecretStore {
  readonly kind = 'file' as const;
  readonly plainText = true;
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, SECRETS_FILE);
  }

  async load(): Promise<StoredSecrets> {
    let text: string;
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new SecretStoreError(`${SECRETS_FILE} cannot be read (${(err as Error).message})`, { cause: err });
    }
    return parseSecretsText(text);
  }

  async save(secrets: StoredSecrets): Promise<void> {
    await writeFileAtomic(this.path, `${JSON.stringify(compactSecrets(secrets))}\n`);
    // writeFileAtomic creates with 0600; a file restored from a backup may have kept wider bits.
    if (process.platform !== 'win32') await fs.chmod(this.path, SECRETS_FILE_MODE);
  }
}

/** Keeps secrets for this run only (demo logins, tests). */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  readonly plainText = false;
  private value: StoredSecrets;
  constructor(initial: StoredSecrets = {}) {
    this.value = compactSecrets(initial);
  }
  load(): Promise<StoredSecrets> {
    return Promise.resolve({ ...this.value });
  }
  save(secrets: StoredSecrets): Promise<void> {
    this.value = compactSecrets(secrets);
    return Promise.resolve();
  }
}

const queues = new WeakMap<SecretStore, Promise<unknown>>();

/** Read-modify-write of a store, one at a time per store (a login and a new consumer secret can meet). */
export function updateSecrets(store: SecretStore, change: (current: StoredSecrets) => StoredSecrets): Promise<void> {
  const previous = queues.get(store) ?? Promise.resolve();
  const run = previous.then(async () => store.save(change(await store.load())));
  queues.set(
    store,
    run.catch(() => undefined),
  );
  return run;
}
