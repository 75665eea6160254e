/**
 * What the type check cannot see in the translations: empty strings and interpolation
 * variables that differ between languages (a `{{at}}` missing in French shows nothing there).
 */
import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en.js';
import { fr } from '../../renderer/src/i18n/fr.js';
import { nl } from '../../renderer/src/i18n/nl.js';

type Tree = { readonly [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

function variables(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1] ?? '').sort();
}

const reference = leaves(nl);

describe.each([
  ['fr', fr],
  ['en', en],
])('%s translations', (_lang, messages) => {
  const translated = leaves(messages);

  it('have exactly the Dutch keys', () => {
    expect([...translated.keys()].sort()).toEqual([...reference.keys()].sort());
  });

  it('are never empty and use the same interpolation variables as Dutch', () => {
    for (const [key, dutch] of reference) {
      const text = translated.get(key) ?? '';
      expect(text.trim(), key).not.toBe('');
      expect(variables(text), key).toEqual(variables(dutch));
    }
  });
});

it('Dutch itself has no empty texts', () => {
  for (const [key, text] of reference) expect(text.trim(), key).not.toBe('');
});
