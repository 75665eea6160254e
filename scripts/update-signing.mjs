#!/usr/bin/env node
// The release key for update metadata (issue 12; docs/security.md "Release key"). Ed25519.
//   node scripts/update-signing.mjs generate <private-key.pem>
//       New key pair. The private key is written encrypted (AES-256, passphrase from
//       LOKET_UPDATE_KEY_PASSPHRASE), mode 0600; the public key is printed for main/updates/update-key.ts.
//   node scripts/update-signing.mjs sign <dist-folder> [--key-not-shipped-ok]
//       Signs every latest*.yml in the folder into latest*.yml.sig (base64, one line), with the key
//       in LOKET_UPDATE_KEY_FILE and its passphrase in LOKET_UPDATE_KEY_PASSPHRASE. Refuses a key
//       whose public half main/updates/update-key.ts does not list: no installed Loket would accept it.
// Run it on the offline signing machine after `npm run dist`, then upload installers, latest*.yml
// and latest*.yml.sig together.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function fail(message) {
  process.stderr.write(`update-signing: ${message}\n`);
  process.exit(1);
}

function passphrase() {
  const value = process.env.LOKET_UPDATE_KEY_PASSPHRASE;
  if (!value || value.length < 12) fail('set LOKET_UPDATE_KEY_PASSPHRASE (at least 12 characters)');
  return value;
}

function shippedKeys() {
  const source = readFileSync(path.join(ROOT, 'main/updates/update-key.ts'), 'utf8');
  return [...source.matchAll(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g)].map((m) =>
    createPublicKey(m[0]).export({ type: 'spki', format: 'der' }).toString('base64'),
  );
}

const [command, target, ...flags] = process.argv.slice(2);

if (command === 'generate') {
  if (!target) fail('usage: generate <private-key.pem>');
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: passphrase() });
  writeFileSync(target, pem, { mode: 0o600, flag: 'wx' });
  chmodSync(target, 0o600);
  process.stdout.write(publicKey.export({ type: 'spki', format: 'pem' }).toString());
} else if (command === 'sign') {
  if (!target) fail('usage: sign <dist-folder> [--key-not-shipped-ok]');
  const keyFile = process.env.LOKET_UPDATE_KEY_FILE;
  if (!keyFile) fail('set LOKET_UPDATE_KEY_FILE to the encrypted private key');
  let privateKey;
  try {
    privateKey = createPrivateKey({ key: readFileSync(keyFile), passphrase: passphrase() });
  } catch (err) {
    fail(`cannot read the private key (${err.message})`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') fail('the release key must be Ed25519');
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  if (!shippedKeys().includes(der) && !flags.includes('--key-not-shipped-ok')) {
    fail('this key is not in main/updates/update-key.ts: no installed Loket would accept what it signs');
  }
  const files = readdirSync(target).filter((f) => /^latest.*\.yml$/.test(f));
  if (files.length === 0) fail(`no latest*.yml in ${target}`);
  for (const file of files) {
    const data = readFileSync(path.join(target, file));
    const signature = sign(null, data, privateKey);
    if (!verify(null, data, publicKey, signature)) fail(`signature of ${file} does not verify`);
    writeFileSync(path.join(target, `${file}.sig`), `${signature.toString('base64')}\n`);
    process.stdout.write(`signed ${file}\n`);
  }
} else {
  fail('usage: generate <private-key.pem> | sign <dist-folder> [--key-not-shipped-ok]');
}
