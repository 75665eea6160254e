#!/usr/bin/env node
// npm start: build renderer and main, make sure app/node_modules holds the native modules built
// for Electron's ABI, then run Electron on app/ (demo mode unless credentials are configured).
// The root node_modules stays built for Node (the tests need it); only app/node_modules is
// rebuilt, by electron-builder's install-app-deps, and only when the Electron version changed
// or the modules do not load in Electron.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildMain } from './build-main.mjs';
import { findElectronBinary } from './electron-binary.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const APP_DIR = path.join(ROOT, 'app');
const MARKER = path.join(APP_DIR, 'node_modules', '.loket-native-for-electron.json');

function fail(message) {
  console.error(`\nnpm start: ${message}\n`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (result.error) return { ok: false, detail: result.error.message };
  return { ok: result.status === 0, detail: `exit code ${result.status}` };
}

/** The Electron binary, downloaded on first use like `npx electron` would (needs internet). */
function ensureElectronBinary() {
  let binary = findElectronBinary({ root: ROOT });
  if (binary.installed) return binary;
  if (!binary.packageDir) fail(`${binary.reason}.`);
  console.log('npm start: downloading the Electron binary (first start)...');
  const download = run(process.execPath, [path.join(binary.packageDir, 'install.js')]);
  binary = findElectronBinary({ root: ROOT });
  if (!download.ok || !binary.installed) {
    fail(
      `the Electron ${binary.version ?? ''} binary is not installed and could not be downloaded (${download.detail}).\n` +
        'Electron fetches it from GitHub on first start: this needs internet (or ELECTRON_MIRROR / a filled\n' +
        'electron cache). On machines without it, use the web host instead: npm run start:web',
    );
  }
  return binary;
}

/** Env for native builds: ~/.npmrc's nodedir=/usr would silently build against Node's headers. */
function rebuildEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.toLowerCase() === 'npm_config_nodedir') delete env[key];
  delete env.ELECTRON_RUN_AS_NODE;
  return env;
}

const appDependencies = () => JSON.parse(readFileSync(path.join(APP_DIR, 'package.json'), 'utf8')).dependencies ?? {};

/** True when Electron itself can load every native module from app/node_modules. */
function nativeModulesLoadInElectron(binary) {
  const probe = Object.keys(appDependencies())
    .map((name) => {
      const target = JSON.stringify(path.join(APP_DIR, 'node_modules', name));
      // better-sqlite3 loads its binding when the first database opens.
      return name === 'better-sqlite3' ? `new (require(${target}))(':memory:').close();` : `require(${target});`;
    })
    .join('\n');
  const result = spawnSync(binary.path, ['-e', probe], {
    cwd: APP_DIR,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
  });
  if (result.status === 0) return { ok: true };
  return { ok: false, detail: (result.stderr || result.error?.message || '').trim().split('\n').slice(0, 6).join('\n') };
}

function ensureNativeModules(binary) {
  const wanted = { electron: binary.version, dependencies: appDependencies() };
  const marker = existsSync(MARKER) ? readFileSync(MARKER, 'utf8') : '';
  if (marker === JSON.stringify(wanted) && nativeModulesLoadInElectron(binary).ok) return;

  console.log(`npm start: installing app/node_modules for Electron ${binary.version} (electron-builder install-app-deps)...`);
  const builder = path.join(ROOT, 'node_modules', 'electron-builder', 'cli.js');
  const install = run(process.execPath, [builder, 'install-app-deps'], { env: rebuildEnv() });
  if (!install.ok)
    fail(`electron-builder install-app-deps failed (${install.detail}). It needs internet for Electron's headers or prebuilt binaries.`);
  const check = nativeModulesLoadInElectron(binary);
  if (!check.ok) {
    fail(
      `the native modules in app/node_modules do not load in Electron ${binary.version} after the rebuild:\n${check.detail}\n` +
        'If ~/.npmrc sets nodedir, remove it (it makes node-gyp build against Node instead of Electron), then:\n' +
        '  rm -rf app/node_modules && npm start',
    );
  }
  writeFileSync(MARKER, JSON.stringify(wanted));
}

function build() {
  const renderer = run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build:renderer'], {
    shell: process.platform === 'win32',
  });
  if (!renderer.ok) fail(`building the renderer failed (${renderer.detail}).`);
  return buildMain();
}

async function main() {
  const binary = ensureElectronBinary();
  await build();
  ensureNativeModules(binary);

  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary.path, [APP_DIR, ...process.argv.slice(2)], { stdio: 'inherit', env, cwd: ROOT, windowsHide: false });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (err) => fail(`could not start Electron: ${err.message}`));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((err) => fail(err instanceof Error ? err.message : String(err)));
