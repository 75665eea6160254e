#!/usr/bin/env node
// npm run test:security: runs Electronegativity over the Electron-facing sources, reads its SARIF
// (the tool itself always exits 0, even with HIGH findings) and fails on every finding that is not
// justified in security/electronegativity-allowlist.json.
//
//   node scripts/electronegativity-check.mjs [--root dir] [--sources a,b,...] [--allowlist file] [--sarif out.sarif]
//
// The sources are copied into a temporary folder first, so the tool sees exactly these files under
// their repository paths (and never node_modules or build output). The tool runs in a child
// process through its library API (electronegativity-check.runner.cjs), offline: its translation
// and Electron-release downloads are refused (the release check needs the internet by design; it
// is excluded, see docs/security.md). A file it cannot parse fails the check: unscanned is not clean.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_ALLOWLIST = path.join(ROOT, 'security', 'electronegativity-allowlist.json');

/** Everything that runs in or configures Electron: main-process glue, preload, the page and its CSP. */
export const DEFAULT_SOURCES = ['main/electron', 'renderer/index.html', 'renderer/src'];

/** Needs internet (it downloads Electron's release list); see docs/security.md for what replaces it. */
// Named by class, as the tool's -x option expects (its report id is AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK).
export const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

/** A global finding (e.g. "no CSP anywhere") has no file; the allowlist names it with this. */
export const NO_FILE = '(global)';

const MIN_JUSTIFICATION = 30;

/**
 * @typedef {{ rule: string, file: string, line: number, level: string, message: string }} Finding
 * @typedef {{ rule: string, file: string, max?: number, justification: string }} AllowEntry
 */

/** @param {string} version */
function electronVersion(version) {
  return version.replace(/^[^\d]*/, '');
}

/**
 * Copies `sources` (paths relative to `root`) into a fresh folder and scans it.
 * @param {{ root?: string, sources?: string[] }} [options]
 * @returns {{ sarif: unknown, scannedFiles: number, output: string, unparsed: string[] }}
 */
export function scan(options = {}) {
  const root = options.root ?? ROOT;
  const sources = options.sources ?? DEFAULT_SOURCES;
  const stage = mkdtempSync(path.join(tmpdir(), 'loket-electronegativity-'));
  try {
    let scannedFiles = 0;
    for (const source of sources) {
      const from = path.resolve(root, source);
      if (!existsSync(from)) throw new Error(`electronegativity-check: source ${source} does not exist`);
      const to = path.join(stage, 'src', path.relative(root, from));
      cpSync(from, to, { recursive: true });
      scannedFiles += countFiles(to);
    }
    if (scannedFiles === 0) throw new Error('electronegativity-check: nothing to scan');
    const sarifFile = path.join(stage, 'result.sarif');
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const runner = path.join(ROOT, 'scripts', 'electronegativity-check.runner.cjs');
    const args = [runner, path.join(stage, 'src'), sarifFile, electronVersion(pkg.devDependencies.electron), EXCLUDED_CHECKS.join(',')];
    const run = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: ROOT, env: { ...process.env, LANG: 'en-US' } });
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
    if (run.error) throw run.error;
    const result = /^ELECTRONEGATIVITY_RESULT (.*)$/m.exec(run.stdout ?? '');
    if (run.status !== 0 || !result || !existsSync(sarifFile)) {
      throw new Error(`electronegativity-check: the scanner failed (exit ${run.status}):\n${output}`);
    }
    const staged = path.join(stage, 'src');
    const unparsed = /** @type {{ unparsed: Array<{ file: string, message: string }> }} */ (JSON.parse(result[1])).unparsed.map(
      (u) => `${(path.isAbsolute(u.file) ? path.relative(staged, u.file) : u.file).replaceAll('\\', '/')}: ${u.message}`,
    );
    return { sarif: JSON.parse(readFileSync(sarifFile, 'utf8')), scannedFiles, output, unparsed };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** @param {string} dir */
function countFiles(dir) {
  const info = statSync(dir);
  if (info.isFile()) return 1;
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    n += countFiles(path.join(dir, entry.name));
  }
  return n;
}

/**
 * Pure: the findings of a SARIF 2.1 document, with repository-relative file names.
 * @param {any} sarif
 * @returns {Finding[]}
 */
export function findingsFromSarif(sarif) {
  if (!sarif || !Array.isArray(sarif.runs)) throw new Error('electronegativity-check: not a SARIF document (no runs)');
  /** @type {Finding[]} */
  const findings = [];
  for (const run of sarif.runs) {
    for (const result of run.results ?? []) {
      const where = result.locations?.[0]?.physicalLocation;
      const uri = String(where?.artifactLocation?.uri ?? '');
      findings.push({
        rule: String(result.ruleId),
        file: uri === '' || uri.startsWith('file:') ? NO_FILE : uri.replaceAll('\\', '/'),
        line: Number(where?.region?.startLine ?? 0),
        level: String(result.level ?? 'warning'),
        message: String(result.message?.text ?? ''),
      });
    }
  }
  return findings;
}

/**
 * Pure: validates the allowlist file's content, so a sloppy entry is refused, not silently used.
 * @param {unknown} json
 * @returns {AllowEntry[]}
 */
export function parseAllowlist(json) {
  if (!json || typeof json !== 'object' || !Array.isArray(/** @type {any} */ (json).entries)) {
    throw new Error('allowlist: expected an object with an "entries" array');
  }
  return /** @type {any[]} */ (/** @type {any} */ (json).entries).map((entry, i) => {
    const where = `allowlist entry ${i}`;
    if (!entry || typeof entry !== 'object') throw new Error(`${where}: not an object`);
    const known = new Set(['rule', 'file', 'max', 'justification']);
    for (const key of Object.keys(entry)) if (!known.has(key)) throw new Error(`${where}: unknown field "${key}"`);
    if (typeof entry.rule !== 'string' || !/^[A-Z0-9_]+$/.test(entry.rule))
      throw new Error(`${where}: "rule" must be a check id like SANDBOX_JS_CHECK`);
    if (typeof entry.file !== 'string' || entry.file === '') throw new Error(`${where}: "file" must be a repository path or "${NO_FILE}"`);
    if (entry.file.includes('*')) throw new Error(`${where}: "file" must name one file, not a pattern`);
    if (entry.max !== undefined && (!Number.isInteger(entry.max) || entry.max < 1))
      throw new Error(`${where}: "max" must be a positive integer`);
    if (typeof entry.justification !== 'string' || entry.justification.trim().length < MIN_JUSTIFICATION) {
      throw new Error(`${where} (${entry.rule}): a justification of at least ${MIN_JUSTIFICATION} characters is required`);
    }
    return { rule: entry.rule, file: entry.file, max: entry.max ?? 1, justification: entry.justification.trim() };
  });
}

/**
 * Pure: which findings are justified and which are not. An entry covers at most `max` findings of
 * its rule in its file, so a second, new occurrence of an allowed pattern still fails.
 * @param {Finding[]} findings
 * @param {AllowEntry[]} allowlist
 */
export function judge(findings, allowlist) {
  const used = new Map(allowlist.map((entry) => [entry, 0]));
  /** @type {Finding[]} */
  const unexpected = [];
  /** @type {Array<{ finding: Finding, entry: AllowEntry }>} */
  const allowed = [];
  for (const finding of findings) {
    const entry = allowlist.find((e) => e.rule === finding.rule && e.file === finding.file && (used.get(e) ?? 0) < (e.max ?? 1));
    if (entry) {
      used.set(entry, (used.get(entry) ?? 0) + 1);
      allowed.push({ finding, entry });
    } else {
      unexpected.push(finding);
    }
  }
  const unused = allowlist.filter((e) => used.get(e) === 0);
  return { unexpected, allowed, unused };
}

/** @param {Finding} f */
const describe = (f) => `${f.rule} ${f.file}${f.line ? `:${f.line}` : ''} [${f.level}] ${f.message}`;

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ root?: string, sources?: string[], allowlist: string, sarif?: string }} */
  const out = { allowlist: DEFAULT_ALLOWLIST };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--root') out.root = path.resolve(value);
    else if (flag === '--sources') out.sources = value.split(',').filter(Boolean);
    else if (flag === '--allowlist') out.allowlist = path.resolve(value);
    else if (flag === '--sarif') out.sarif = path.resolve(value);
    else throw new Error(`unknown option ${flag}`);
    i++;
  }
  return out;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const allowlist = parseAllowlist(JSON.parse(readFileSync(args.allowlist, 'utf8')));
  const { sarif, scannedFiles, unparsed } = scan({
    ...(args.root ? { root: args.root } : {}),
    ...(args.sources ? { sources: args.sources } : {}),
  });
  if (args.sarif) writeFileSync(args.sarif, JSON.stringify(sarif, null, 2));
  const { unexpected, allowed, unused } = judge(findingsFromSarif(sarif), allowlist);
  console.log(
    `electronegativity: ${scannedFiles} files scanned, ${allowed.length} finding(s) allowed by ${path.relative(process.cwd(), args.allowlist)}`,
  );
  for (const { finding } of allowed) console.log(`  allowed: ${describe(finding)}`);
  for (const entry of unused)
    console.log(`  note: allowlist entry ${entry.rule} ${entry.file} matched nothing; remove it if the finding is gone for good`);
  if (unparsed.length > 0) {
    console.error(`electronegativity: ${unparsed.length} file(s) could not be parsed, so they were not checked:`);
    for (const u of unparsed) console.error(`  ${u}`);
  }
  if (unexpected.length > 0) {
    console.error(`electronegativity: ${unexpected.length} finding(s) not in the allowlist:`);
    for (const f of unexpected) console.error(`  ${describe(f)}`);
    console.error('Fix the code, or add an entry with a justification to security/electronegativity-allowlist.json after review.');
  }
  if (unexpected.length > 0 || unparsed.length > 0) process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  }
}
