/** scripts/update-signing.mjs as the release procedure runs it, checked by the app's own verifier. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSignedBy, readMetadata } from '../../../main/updates/update-signature.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const PASSPHRASE = 'correct horse battery staple';
let dir: string;

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [path.join(ROOT, 'scripts/update-signing.mjs'), ...args], {
    env: { PATH: process.env.PATH ?? '', LOKET_UPDATE_KEY_PASSPHRASE: PASSPHRASE, ...env },
    encoding: 'utf8',
  });
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'loket-signing-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LATEST = `version: 1.4.0\nfiles:\n  - url: Loket-1.4.0.AppImage\n    sha512: ${'A'.repeat(86)}==\n    size: 10\npath: Loket-1.4.0.AppImage\nsha512: ${'A'.repeat(86)}==\nreleaseDate: '2026-12-01T10:00:00.000Z'\n`;

describe('update-signing.mjs', () => {
  it('generates an encrypted 0600 private key and prints the public key', () => {
    const key = path.join(dir, 'release.pem');
    const r = run(['generate', key]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(readFileSync(key, 'utf8')).toMatch(/BEGIN ENCRYPTED PRIVATE KEY/);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    writeFileSync(path.join(dir, 'release.pub'), r.stdout);
    // Never overwrites an existing key.
    expect(run(['generate', key]).status).not.toBe(0);
  });

  it('signs latest*.yml so that the app accepts it, and only that content', () => {
    const dist = mkdtempSync(path.join(dir, 'dist-'));
    writeFileSync(path.join(dist, 'latest-linux.yml'), LATEST);
    writeFileSync(path.join(dist, 'latest.yml'), LATEST.replaceAll('AppImage', 'exe'));
    const env = { LOKET_UPDATE_KEY_FILE: path.join(dir, 'release.pem') };
    // A key the app does not ship is refused: nothing it signs would install.
    expect(run(['sign', dist], env)).toMatchObject({
      status: 1,
      stderr: expect.stringContaining('not in main/updates/update-key.ts') as unknown,
    });
    const r = run(['sign', dist, '--key-not-shipped-ok'], env);
    expect(r.status, r.stderr).toBe(0);
    const pub = readFileSync(path.join(dir, 'release.pub'), 'utf8');
    for (const f of ['latest-linux.yml', 'latest.yml']) {
      const data = readFileSync(path.join(dist, f));
      const sig = readFileSync(path.join(dist, `${f}.sig`), 'utf8');
      expect(isSignedBy(data, sig, [pub])).toBe(true);
      expect(isSignedBy(Buffer.from(data.toString().replace('1.4.0', '1.4.1')), sig, [pub])).toBe(false);
    }
    expect(readMetadata(LATEST)).toEqual({ version: '1.4.0', sha512: [`${'A'.repeat(86)}==`, `${'A'.repeat(86)}==`] });
  });

  it('refuses a wrong passphrase', () => {
    const dist = mkdtempSync(path.join(dir, 'dist-'));
    writeFileSync(path.join(dist, 'latest-linux.yml'), LATEST);
    const r = run(['sign', dist, '--key-not-shipped-ok'], {
      LOKET_UPDATE_KEY_FILE: path.join(dir, 'release.pem'),
      LOKET_UPDATE_KEY_PASSPHRASE: 'wrong passphrase!!',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cannot read the private key');
  });
});
