/**
 * Main's texts (start-up errors, receipts, printed reports, CSV) keep nl, fr and en in step, as the renderer's
 * catalogues do: the same keys everywhere, no empty text, lists of the same length, text functions
 * with the same arity that say something for any count.
 */
import { describe, expect, it } from 'vitest';
import { MAIN_TEXTS } from '../../../main/i18n/index.js';

type Leaf = { path: string; value: unknown };

function leaves(value: unknown, path = ''): Leaf[] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  }
  return [{ path, value }];
}

/** Arguments to try each text function with; report counts by default. */
const SAMPLES: Record<string, unknown[][]> = {
  'startup.outbox.newerVersion.what': [[], [{ found: 9, supported: 4 }]],
  'startup.config.withList': [['- LOKET_LANG must be nl, fr or en']],
  'startup.inUse': [
    [undefined, '/data'],
    [{ kind: 'web host', pid: 42, hostname: 'balie-1', startedAt: '2026-12-05T08:00:00Z' }, '/data'],
  ],
};
const samplesFor = (path: string) => SAMPLES[path] ?? [[0], [1], [2], [17]];

const [nl, fr, en] = (['nl', 'fr', 'en'] as const).map((l) => leaves(MAIN_TEXTS[l]));
const shape = (ls: Leaf[]) =>
  ls.map(
    (l) =>
      `${l.path}:${Array.isArray(l.value) ? `list${l.value.length}` : typeof l.value === 'function' ? `fn${(l.value as () => unknown).length}` : typeof l.value}`,
  );

describe('main texts in nl, fr and en', () => {
  it('have the same keys, kinds, list lengths and function arities', () => {
    expect(shape(fr!)).toEqual(shape(nl!));
    expect(shape(en!)).toEqual(shape(nl!));
  });

  it.each([
    ['nl', nl!],
    ['fr', fr!],
    ['en', en!],
  ])('%s: no empty text, no leftover template, every function says something', (_lang, ls) => {
    const texts = ls.flatMap((l) =>
      typeof l.value === 'function'
        ? samplesFor(l.path).map((args) => ({
            path: `${l.path}(${JSON.stringify(args)})`,
            text: String((l.value as (...a: unknown[]) => string)(...args)),
          }))
        : Array.isArray(l.value)
          ? l.value.map((v, i) => ({ path: `${l.path}[${i}]`, text: String(v) }))
          : [{ path: l.path, text: String(l.value) }],
    );
    for (const { path, text } of texts) {
      expect(text.trim(), path).not.toBe('');
      expect(text, path).not.toMatch(/\{\{|\$\{|undefined|NaN/);
    }
  });

  it('are translated, not copied: most Dutch texts differ in French and English', () => {
    const strings = (ls: Leaf[]) => ls.filter((l) => typeof l.value === 'string').map((l) => l.value as string);
    const same = (a: string[], b: string[]) => a.filter((s, i) => s === b[i]).length;
    const n = strings(nl!);
    expect(same(n, strings(fr!)) / n.length).toBeLessThan(0.2);
    expect(same(n, strings(en!)) / n.length).toBeLessThan(0.2);
  });
});
