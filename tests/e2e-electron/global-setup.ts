import path from 'node:path';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';

export default function globalSetup(): void {
  const binary = findElectronBinary({ root: path.resolve(import.meta.dirname, '../..') });
  if (binary.installed) console.log(`Electron tests use ${binary.path} (Electron ${binary.version})`);
  else console.log(`Electron tests will be SKIPPED: ${binary.reason}`);
}
