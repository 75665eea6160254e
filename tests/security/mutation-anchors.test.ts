/**
 * The security mutation check (mutation-check.ts) stays attached to the code: every mutation finds
 * exactly one marker whose line still holds what it undoes, and every marker in the repository
 * belongs to a mutation. Reformatting or editing a guarded line fails here, not silently later.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyMutation, MUTATIONS, type Mutation } from './mutation-check.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('security mutation anchors', () => {
  it.each(MUTATIONS.map((m) => [m.id, m] as const))('%s applies to its marked line and names a test that exists', (_id, m) => {
    const source = readFileSync(path.join(ROOT, m.file), 'utf8');
    const applied = applyMutation(source, m);
    expect(applied).toMatchObject({ ok: true });
    if (applied.ok) expect(applied.mutated).not.toBe(source);
    expect(existsSync(path.join(ROOT, m.test))).toBe(true);
  });

  it('ids are unique and every marker in the repository belongs to a mutation', () => {
    const ids = MUTATIONS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    const hits = execFileSync(
      'git',
      [
        'grep',
        '-n',
        '-I',
        '-E',
        'mutation-check: [a-z0-9-]+',
        '--',
        '.',
        ':!tests/security/mutation-check.ts',
        ':!tests/security/mutation-anchors.test.ts',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const orphans = hits
      .split('\n')
      .filter(Boolean)
      .filter((line) => {
        const id = /mutation-check: ([a-z0-9-]+)/.exec(line)?.[1];
        return !MUTATIONS.some((m) => m.id === id && line.startsWith(`${m.file}:`));
      });
    expect(orphans).toEqual([]);
  });

  it('refuses a missing or doubled marker and a marked line that changed', () => {
    const m: Mutation = { id: 'demo', file: 'x.ts', from: 'true', to: 'false', test: 'x.test.ts' };
    const problem = (source: string) => {
      const r = applyMutation(source, m);
      return r.ok ? 'applied' : r.problem;
    };
    expect(problem('const a = true;\n')).toMatch(/0 markers/);
    expect(problem('a = true; // mutation-check: demo\nb = true; // mutation-check: demo\n')).toMatch(/2 markers/);
    expect(problem('a = 1; // mutation-check: demo\n')).toMatch(/no longer holds/);
    // A marker on a line of its own marks the line below (where a formatter leaves it).
    expect(applyMutation('x;\n  // mutation-check: demo\n  a = true;\n', m)).toEqual({
      ok: true,
      mutated: 'x;\n  // mutation-check: demo\n  a = false;\n',
    });
    // A longer id is another marker.
    expect(applyMutation('a = true; // mutation-check: demo-2\n', m)).toMatchObject({ ok: false });
    expect(applyMutation('x;\na = true; // mutation-check: demo\ny;', m)).toEqual({
      ok: true,
      mutated: 'x;\na = false; // mutation-check: demo\ny;',
    });
    expect(applyMutation('x;\ngo(); // mutation-check: demo\ny;', { ...m, from: undefined, to: undefined, deleteLine: true })).toEqual({
      ok: true,
      mutated: 'x;\ny;',
    });
  });
});
