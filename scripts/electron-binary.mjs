// Where the Electron binary is, WITHOUT downloading it. `require('electron')` would start a
// download when the binary is missing (Electron 45 fetches it lazily from GitHub); this mirrors
// node_modules/electron/index.js's path logic and only looks.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const MISSING_BINARY_REASON =
  'Electron binary not installed on this machine (node_modules/electron/dist is missing: Electron downloads it from GitHub on first start, which the development and CI machines cannot reach)';

/**
 * @param {{ root?: string, env?: NodeJS.ProcessEnv }} [options]
 * @returns {{ installed: true, path: string, version: string, packageDir: string } | { installed: false, reason: string, version: string | null, packageDir: string | null }}
 */
export function findElectronBinary(options = {}) {
  const root = options.root ?? ROOT;
  const env = options.env ?? process.env;
  let packageDir;
  let version;
  try {
    const pkgJson = createRequire(path.join(root, 'package.json')).resolve('electron/package.json');
    packageDir = path.dirname(pkgJson);
    version = /** @type {{ version: string }} */ (JSON.parse(readFileSync(pkgJson, 'utf8'))).version;
  } catch {
    return { installed: false, reason: 'The electron package is not installed (run npm ci)', version: null, packageDir: null };
  }
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  let binary;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
  else if (relative) binary = path.join(packageDir, 'dist', relative);
  else return { installed: false, reason: MISSING_BINARY_REASON, version, packageDir };
  if (!existsSync(binary)) return { installed: false, reason: `${MISSING_BINARY_REASON}: ${binary} does not exist`, version, packageDir };
  return { installed: true, path: binary, version, packageDir };
}
