/**
 * The repository stands alone: no tracked file cites the design and research notes that lived
 * outside it (uitpas-api.md, design.md, stack-notes.md, counter-practice.md, uitpas-api4.md in a
 * shared folder). What they said that Loket relies on is in docs/uitpas-xml-api.md and
 * docs/architecture.md; cite those sections instead.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SELF = path
  .relative(ROOT, fileURLToPath(import.meta.url))
  .split(path.sep)
  .join('/');

/** Names of the outside documents; `(?<![\w-])` keeps e.g. `redesign.md` from matching. */
const OUTSIDE_REFERENCES: readonly RegExp[] = [
  /(?<![\w-])uitpas-api\.md/,
  /(?<![\w-])uitpas-api4(\.md)?/,
  /(?<![\w-])design\.md/,
  /(?<![\w-])stack-notes/,
  /(?<![\w-])counter-practice/,
  /\.\.\/shared\//,
  /\/work\/shared\b/,
];

function trackedFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return out.split('\0').filter((f) => f !== '');
}

/** `file:line: text` for every line of a tracked text file that cites an outside document. */
function outsideReferences(files: readonly string[], read: (file: string) => Buffer | undefined): string[] {
  const hits: string[] = [];
  for (const file of files) {
    if (file === SELF) continue;
    const bytes = read(file);
    if (bytes === undefined || bytes.includes(0)) continue; // gone from the work tree, or binary
    bytes
      .toString('utf8')
      .split('\n')
      .forEach((line, i) => {
        if (OUTSIDE_REFERENCES.some((re) => re.test(line))) hits.push(`${file}:${i + 1}: ${line.trim().slice(0, 160)}`);
      });
  }
  return hits;
}

function readTracked(file: string): Buffer | undefined {
  const full = path.join(ROOT, file);
  try {
    if (!lstatSync(full).isFile()) return undefined; // symlinks, submodules
    return readFileSync(full);
  } catch {
    return undefined;
  }
}

describe('the repository stands alone', () => {
  it('no tracked file cites documents outside the repository', () => {
    const files = trackedFiles();
    expect(files).toContain('package.json');
    expect(outsideReferences(files, readTracked), 'cite docs/uitpas-xml-api.md or docs/architecture.md instead').toEqual([]);
  });

  // Spelled in parts so this file itself names no folder outside the repository.
  const OUTSIDE_FOLDER = ['..', 'shared'].join('/');

  it('the check finds such a citation and names file and line (it is not simply passing)', () => {
    const files: Record<string, string> = {
      'main/a.ts': '// fine\n// see uitpas-api.md §8.3\n',
      'docs/b.md': `Background: ${OUTSIDE_FOLDER}/notes.txt\n`,
      'main/c.ts': '/** (design.md §7) */\n',
      'main/d.ts': '// docs/uitpas-xml-api.md §7, docs/architecture.md §2, redesign.md\n',
      [SELF]: '// uitpas-api.md is named here on purpose\n',
    };
    const read = (f: string) => (f in files ? Buffer.from(files[f]!) : undefined);
    expect(outsideReferences(Object.keys(files), read)).toEqual([
      'main/a.ts:2: // see uitpas-api.md §8.3',
      `docs/b.md:1: Background: ${OUTSIDE_FOLDER}/notes.txt`,
      'main/c.ts:1: /** (design.md §7) */',
    ]);
  });
});
