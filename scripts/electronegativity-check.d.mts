// Types for scripts/electronegativity-check.mjs (imported by tests/security).
export interface Finding {
  rule: string;
  file: string;
  line: number;
  level: string;
  message: string;
}
export interface AllowEntry {
  rule: string;
  file: string;
  max?: number;
  justification: string;
}
export declare const ROOT: string;
export declare const DEFAULT_ALLOWLIST: string;
export declare const DEFAULT_SOURCES: string[];
export declare const EXCLUDED_CHECKS: string[];
export declare const NO_FILE: string;
export declare function scan(options?: { root?: string; sources?: string[] }): {
  sarif: unknown;
  scannedFiles: number;
  output: string;
  unparsed: string[];
};
export declare function findingsFromSarif(sarif: unknown): Finding[];
export declare function parseAllowlist(json: unknown): AllowEntry[];
export declare function judge(
  findings: Finding[],
  allowlist: AllowEntry[],
): { unexpected: Finding[]; allowed: Array<{ finding: Finding; entry: AllowEntry }>; unused: AllowEntry[] };
