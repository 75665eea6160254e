/** Stored secrets under the env overrides: env wins, a stored consumer secret makes the run live. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { loadSecrets } from '../../../main/auth/index.js';
import { FileSecretStore } from '../../../main/auth/secret-store.js';
import { loadConfig } from '../../../main/config/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'loket-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('LOKET_* secrets win over stored ones; stored ones fill the gaps and decide the mode', async () => {
  const store = new FileSecretStore(dir);
  await store.save({ consumerSecret: 'stored-cs', token: 'stored-token', tokenSecret: 'stored-ts' });
  const config = await loadConfig({ env: { LOKET_DATA_DIR: dir, LOKET_CONSUMER_KEY: 'ck', LOKET_TOKEN: 'env-token' } });
  expect(config.mode).toBe('demo');
  await loadSecrets(config, store, () => {});
  expect(config.secrets).toEqual({ consumerSecret: 'stored-cs', token: 'env-token', tokenSecret: 'stored-ts' });
  expect(config.mode).toBe('live');
});

it('an unreadable store is reported and treated as empty; the file is left alone', async () => {
  writeFileSync(join(dir, 'secrets.json'), '{"token": 42}');
  const warnings: string[] = [];
  const config = await loadConfig({ env: { LOKET_DATA_DIR: dir } });
  expect(await loadSecrets(config, new FileSecretStore(dir), (m) => warnings.push(m))).toEqual({});
  expect(warnings.join()).toMatch(/secrets.json does not hold secrets/);
  expect(warnings.join()).not.toContain('42');
  expect(config.mode).toBe('demo');
});
