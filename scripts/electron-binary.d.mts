// Types for scripts/electron-binary.mjs (imported by tests/e2e-electron).
export declare const MISSING_BINARY_REASON: string;
export type ElectronBinary =
  | { installed: true; path: string; version: string; packageDir: string }
  | { installed: false; reason: string; version: string | null; packageDir: string | null };
export declare function findElectronBinary(options?: { root?: string; env?: NodeJS.ProcessEnv }): ElectronBinary;
