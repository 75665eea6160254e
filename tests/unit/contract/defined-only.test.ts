import { describe, expect, expectTypeOf, it } from 'vitest';
import { definedOnly } from '../../../contract/defined-only.js';

describe('definedOnly', () => {
  it('drops undefined fields and keeps every other value, falsy ones included', () => {
    const out = definedOnly({ a: undefined, b: 0, c: '', d: null, e: false, f: 'x' });
    expect(out).toStrictEqual({ b: 0, c: '', d: null, e: false, f: 'x' });
    expect(Object.keys(out)).not.toContain('a');
  });

  it('types a field that may be undefined as optional and keeps the others required', () => {
    const maybe = undefined as number | undefined;
    const out = definedOnly({ id: 'x', lagMs: maybe });
    expectTypeOf(out).toEqualTypeOf<{ id: string } & { lagMs?: number }>();
    // Assignable where exactOptionalPropertyTypes forbids `lagMs: undefined`.
    const target: { id: string; lagMs?: number } = out;
    expect(target).toStrictEqual({ id: 'x' });
  });
});
