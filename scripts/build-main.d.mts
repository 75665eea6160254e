// Types for scripts/build-main.mjs (imported by tests/unit/build).
import type { BuildOptions, LogLevel, Metafile, Plugin } from 'esbuild';

export declare const ROOT: string;
export declare const DEFAULT_OUT_DIR: string;
export declare const MAIN_EXTERNALS: string[];
export declare const OPTIONAL_EXTERNALS: string[];
export declare const SIMULATOR_MODULE: string;
export declare const SIMULATOR_BUNDLE: string;
export declare const SIMULATOR_V4_MODULE: string;
export declare const SIMULATOR_V4_BUNDLE: string;
export declare const MAIN_BUNDLE_OPTIONS: BuildOptions;
export interface ContractNames {
  calls: string[];
  events: string[];
  errorCodes: Record<string, string>;
}
export declare function contractNames(): Promise<ContractNames>;
export declare function contractNamesOnly(names: ContractNames): Plugin;
export declare function buildMain(options?: {
  outDir?: string;
  logLevel?: LogLevel;
}): Promise<{ outDir: string; main: Metafile; preload: Metafile; simulator: Metafile; simulatorV4: Metafile }>;
