/**
 * What the type check cannot see in the translations: empty strings and interpolation
 * variables that differ between languages (a `{{at}}` missing in French shows nothing there).
 */
import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/lib/i18n/en.js';
import { fr } from '../../renderer/src/lib/i18n/fr.js';
import { initI18n } from '../../renderer/src/lib/i18n/index.js';
import { nl } from '../../renderer/src/lib/i18n/nl.js';

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

describe('texts with a count or a value, through i18next', () => {
  // Keys whose Dutch text has `_one`/`_other` forms or {{variables}}; a form the language's plural
  // rules pick but the resources lack would show the bare key.
  const samples: [key: string, options: Record<string, unknown>][] = [
    ['shell.printer.waiting', { count: 1 }],
    ['shell.printer.waiting', { count: 3 }],
    ['shell.printer.nextRetry', { time: '14:05' }],
    ['shell.diag.testFailed', { reason: 'ECONNREFUSED' }],
    ['dayClose.waiting', { count: 1 }],
    ['dayClose.waiting', { count: 4 }],
    ['dayClose.reportZ', { number: 12 }],
    ['dayClose.failed', { code: 'X_CODE', message: 'the message' }],
  ];

  it.each(['nl', 'fr', 'en'])('render in %s with the value and without the key', async (lang) => {
    const t = (await initI18n()).getFixedT(lang);
    for (const [key, options] of samples) {
      const text = t(key as never, options);
      expect(text, key).not.toContain(key);
      expect(text, key).not.toContain('{{');
      for (const value of Object.values(options)) expect(text, key).toContain(String(value));
    }
  });
});
