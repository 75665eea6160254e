/**
 * The static scan of npm run test:security: it really scans main/electron (a known-bad window is
 * reported and fails the check), undoing a hardening item in a copy of the real sources fails it,
 * and the allowlist refuses entries without a real justification.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_ALLOWLIST,
  DEFAULT_SOURCES,
  findingsFromSarif,
  judge,
  NO_FILE,
  parseAllowlist,
  ROOT,
  scan,
  type AllowEntry,
  type Finding,
} from '../../scripts/electronegativity-check.mjs';

const SCRIPT = path.join(ROOT, 'scripts', 'electronegativity-check.mjs');
const allowlist = parseAllowlist(JSON.parse(readFileSync(DEFAULT_ALLOWLIST, 'utf8')));

let work: string;
beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), 'loket-eneg-test-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
  writeFileSync(path.join(work, file), text);
}

const INSECURE_WINDOW = `import { BrowserWindow, shell } from 'electron';
export function open(url: string): void {
  const win = new BrowserWindow({
    webPreferences: { nodeIntegration: true, contextIsolation: false, webSecurity: false },
  });
  void win.loadURL(url);
  void shell.openExternal(url);
}
`;

describe('electronegativity check: the scan is live', () => {
  it('reports a window with nodeIntegration: true in main/electron, and the CLI exits 1 naming it', () => {
    write('main/electron/bad-window.ts', INSECURE_WINDOW);
    const { sarif } = scan({ root: work, sources: ['main/electron'] });
    const rules = findingsFromSarif(sarif)
      .filter((f) => f.file === 'main/electron/bad-window.ts')
      .map((f) => f.rule);
    expect(rules).toEqual(
      expect.arrayContaining([
        'NODE_INTEGRATION_JS_CHECK',
        'CONTEXT_ISOLATION_JS_CHECK',
        'SANDBOX_JS_CHECK',
        'WEB_SECURITY_JS_CHECK',
        'OPEN_EXTERNAL_JS_CHECK',
      ]),
    );

    const run = spawnSync(process.execPath, [SCRIPT, '--root', work, '--sources', 'main/electron'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/NODE_INTEGRATION_JS_CHECK main\/electron\/bad-window\.ts:4/);
  });

  it('a file the scanner cannot parse fails the check instead of counting as clean', () => {
    write('main/electron/broken.ts', 'export const x = ;\n');
    write('main/electron/fine.ts', 'export const y = 1;\n');
    expect(scan({ root: work, sources: ['main/electron'] }).unparsed).toEqual([
      expect.stringMatching(/^main\/electron\/broken\.ts: /) as unknown,
    ]);
    const run = spawnSync(process.execPath, [SCRIPT, '--root', work, '--sources', 'main/electron'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/could not be parsed[\s\S]*main\/electron\/broken\.ts/);
  });

  it('undoing sandbox: true in a copy of the real main/electron fails the check', () => {
    cpSync(path.join(ROOT, 'main/electron'), path.join(work, 'main/electron'), { recursive: true });
    const windowTs = path.join(work, 'main/electron/window.ts');
    const original = readFileSync(windowTs, 'utf8');
    expect(original).toContain('sandbox: true');
    writeFileSync(windowTs, original.replaceAll('sandbox: true', 'sandbox: false'));
    const { unexpected } = judge(findingsFromSarif(scan({ root: work, sources: ['main/electron'] }).sarif), allowlist);
    expect(unexpected.map((f) => `${f.rule} ${f.file}`)).toContain('SANDBOX_JS_CHECK main/electron/window.ts');
  });

  it('the real sources have no finding outside the allowlist (what npm run test:security checks)', () => {
    const { unexpected } = judge(findingsFromSarif(scan({ sources: DEFAULT_SOURCES }).sarif), allowlist);
    expect(unexpected).toEqual([]);
  });
});

describe('electronegativity check: SARIF and allowlist rules', () => {
  const finding = (rule: string, file: string, line = 1): Finding => ({ rule, file, line, level: 'warning', message: 'm' });
  const entry = (rule: string, file: string, max?: number): AllowEntry => ({
    rule,
    file,
    ...(max !== undefined ? { max } : {}),
    justification: 'x'.repeat(40),
  });

  it('reads SARIF results with repository paths; a global finding has no file', () => {
    const sarif = {
      runs: [
        {
          results: [
            {
              ruleId: 'A_CHECK',
              level: 'warning',
              message: { text: 'a' },
              locations: [{ physicalLocation: { artifactLocation: { uri: 'main/electron/x.ts' }, region: { startLine: 7 } } }],
            },
            {
              ruleId: 'B_GLOBAL_CHECK',
              level: 'note',
              message: { text: 'b' },
              locations: [{ physicalLocation: { artifactLocation: { uri: 'file:///' } } }],
            },
          ],
        },
      ],
    };
    expect(findingsFromSarif(sarif)).toEqual([
      { rule: 'A_CHECK', file: 'main/electron/x.ts', line: 7, level: 'warning', message: 'a' },
      { rule: 'B_GLOBAL_CHECK', file: NO_FILE, line: 0, level: 'note', message: 'b' },
    ]);
    expect(() => findingsFromSarif({})).toThrow(/not a SARIF document/);
  });

  it('an entry covers only its rule, its file and at most max findings', () => {
    const list = [entry('SANDBOX_JS_CHECK', 'main/electron/a.ts')];
    const verdict = judge(
      [
        finding('SANDBOX_JS_CHECK', 'main/electron/a.ts', 1),
        finding('SANDBOX_JS_CHECK', 'main/electron/a.ts', 9),
        finding('SANDBOX_JS_CHECK', 'main/electron/b.ts'),
        finding('CSP_GLOBAL_CHECK', 'main/electron/a.ts'),
      ],
      list,
    );
    expect(verdict.allowed).toHaveLength(1);
    expect(verdict.unexpected.map((f) => `${f.rule} ${f.file}:${f.line}`)).toEqual([
      'SANDBOX_JS_CHECK main/electron/a.ts:9',
      'SANDBOX_JS_CHECK main/electron/b.ts:1',
      'CSP_GLOBAL_CHECK main/electron/a.ts:1',
    ]);
    expect(judge([], list).unused).toEqual(list);
    expect(judge([finding('X_CHECK', 'f'), finding('X_CHECK', 'f')], [entry('X_CHECK', 'f', 2)]).unexpected).toEqual([]);
  });

  it.each([
    [{}, /entries/],
    [{ entries: [{ rule: 'SANDBOX_JS_CHECK', file: 'a.ts', justification: 'fine' }] }, /justification of at least/],
    [{ entries: [{ rule: 'SANDBOX_JS_CHECK', file: 'main/**', justification: 'x'.repeat(40) }] }, /one file/],
    [{ entries: [{ rule: 'sandbox', file: 'a.ts', justification: 'x'.repeat(40) }] }, /check id/],
    [{ entries: [{ rule: 'SANDBOX_JS_CHECK', file: 'a.ts', justification: 'x'.repeat(40), max: 0 }] }, /positive integer/],
    [{ entries: [{ rule: 'SANDBOX_JS_CHECK', file: 'a.ts', justification: 'x'.repeat(40), line: 3 }] }, /unknown field "line"/],
  ])('refuses a sloppy allowlist %#', (json, message) => {
    expect(() => parseAllowlist(json)).toThrow(message);
  });

  it('every entry of the real allowlist is justified and names an existing file', () => {
    for (const e of allowlist) {
      expect(e.justification.length).toBeGreaterThanOrEqual(30);
      if (e.file !== NO_FILE) expect(() => readFileSync(path.join(ROOT, e.file)), e.file).not.toThrow();
    }
  });
});
