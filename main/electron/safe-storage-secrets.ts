/**
 * The desktop app's SecretStore (main/auth/secret-store.ts): the secrets as one JSON string
 * encrypted with Electron's safeStorage (DPAPI on Windows, Keychain on macOS, the desktop keyring
 * on Linux), in `secrets.enc` in the data folder, mode 0600, written atomically. On Linux without a
 * keyring Chromium falls back to 'basic_text' (a fixed key): that still works but `plainText` is
 * true, and the login and settings screens say so.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import {
  compactSecrets,
  parseSecretsText,
  SECRETS_FILE_MODE,
  SecretStoreError,
  type SecretStore,
  type StoredSecrets,
} from '../auth/secret-store.js';
import { writeFileAtomic } from '../config/settings-file.js';

export const ENCRYPTED_SECRETS_FILE = 'secrets.enc';

export type SafeStorageLike = Pick<
  SafeStorage,
  'encryptStringAsync' | 'decryptStringAsync' | 'isAsyncEncryptionAvailable' | 'getSelectedStorageBackend'
>;

/** Pure: is this backend a real OS secret store? (Only Linux has a choice; elsewhere it always is.) */
export function isPlainTextBackend(platform: NodeJS.Platform, backend: string | undefined): boolean {
  return platform === 'linux' && (backend === 'basic_text' || backend === undefined);
}

export class SafeStorageSecretStore implements SecretStore {
  readonly kind = 'safe-storage' as const;
  readonly plainText: boolean;
  readonly path: string;

  constructor(
    dataDir: string,
    private readonly safeStorage: SafeStorageLike,
    platform: NodeJS.Platform = process.platform,
  ) {
    this.path = join(dataDir, ENCRYPTED_SECRETS_FILE);
    // Asked once the app is ready (the runtime is built then); 'unknown' before that counts as plain.
    const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined;
    this.plainText = isPlainTextBackend(platform, backend === 'unknown' ? undefined : backend);
  }

  async load(): Promise<StoredSecrets> {
    let data: Buffer;
    try {
      data = Buffer.from(await fs.readFile(this.path, 'utf8'), 'base64');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new SecretStoreError(`${ENCRYPTED_SECRETS_FILE} cannot be read (${(err as Error).message})`, { cause: err });
    }
    let text: string;
    try {
      text = (await this.safeStorage.decryptStringAsync(data)).result;
    } catch (err) {
      // Another user's or another machine's keyring: unreadable here, the employee logs in again.
      throw new SecretStoreError(`${ENCRYPTED_SECRETS_FILE} cannot be decrypted with this user's keyring`, { cause: err });
    }
    return parseSecretsText(text);
  }

  async save(secrets: StoredSecrets): Promise<void> {
    if (!(await this.safeStorage.isAsyncEncryptionAvailable())) {
      throw new SecretStoreError('the OS secret store (safeStorage) is not available; the login is kept for this run only');
    }
    const encrypted = await this.safeStorage.encryptStringAsync(JSON.stringify(compactSecrets(secrets)));
    await writeFileAtomic(this.path, encrypted.toString('base64'));
    if (process.platform !== 'win32') await fs.chmod(this.path, SECRETS_FILE_MODE);
  }
}
