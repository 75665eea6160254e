/**
 * Seeded generators of hostile call inputs for the IPC fuzz test. The same seed gives the same
 * inputs, so a failure reproduces: LOKET_FUZZ_SEED=<seed printed by the test> npx vitest run tests/security.
 */
import type { z } from 'zod';
import { calls, type CallName } from '../../contract/index.js';

export const DEFAULT_SEED = 0x10ce7;
export function fuzzSeed(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.LOKET_FUZZ_SEED?.trim();
  if (!raw) return DEFAULT_SEED;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`LOKET_FUZZ_SEED must be an integer (got ${JSON.stringify(raw)})`);
  return n;
}

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough to pick test cases. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));

/** Below the web host's frame limit (WS_MAX_PAYLOAD 256 KiB) once wrapped in a frame. */
export const HUGE = 200_000;

export function deepNest(depth: number, leaf: unknown = 'bottom'): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? [v] : { a: v };
  return v;
}

/** Objects whose own keys are __proto__ / constructor / prototype, as JSON.parse creates them. */
export function pollutionPayloads(extraKeys: readonly string[] = []): unknown[] {
  const out: unknown[] = [
    JSON.parse('{"__proto__":{"polluted":"yes","isAdmin":true}}'),
    JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}'),
    JSON.parse('{"prototype":{"polluted":"yes"}}'),
  ];
  for (const key of extraKeys) {
    out.push(JSON.parse(`{${JSON.stringify(key)}:"x","__proto__":{"polluted":"yes"}}`));
    out.push(JSON.parse(`{${JSON.stringify(key)}:{"__proto__":{"polluted":"yes"}}}`));
  }
  return out;
}

const STRINGS = [
  '',
  ' ',
  '\u0000',
  '\u202e',
  '🙂',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '../../etc/passwd',
  '%00',
  '0930000420206',
  'NaN',
  '{}',
  'null',
];
const NUMBERS = [0, -1, 1.5, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e308, -0];

/** One random JSON-able value (the WebSocket carries only JSON). */
export function randomJson(rng: Rng, depth = 0): unknown {
  const kind = int(rng, 0, depth > 3 ? 4 : 7);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng() < 0.5;
    case 2:
      return pick(rng, NUMBERS);
    case 3:
      return pick(rng, STRINGS);
    case 4:
      return 'x'.repeat(int(rng, 1, 3000));
    case 5:
      return Array.from({ length: int(rng, 0, 4) }, () => randomJson(rng, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = int(rng, 0, 4); i > 0; i--)
        o[pick(rng, ['id', 'text', 'name', 'x', '', 'value', 'tickets', 'reason', 'identification'])] = randomJson(rng, depth + 1);
      return o;
    }
  }
}

/** Structured-cloneable values JSON cannot express: what a compromised renderer could pass over IPC. */
export function randomCloneable(rng: Rng): unknown {
  return pick(rng, [
    new Date(0),
    new Date(NaN),
    /re(g)ex/gi,
    new Map([['text', 'x']]),
    new Set(['a']),
    new Uint8Array([1, 2, 3]),
    new ArrayBuffer(8),
    10n ** 30n,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    undefined,
    [undefined, null],
    { text: new String('boxed') },
    new Error('from the renderer'),
  ]);
}

/** Keys of the call's input object where one can be found (for wrong-typed field values). */
export function inputKeys(schema: z.ZodType): string[] {
  const seen = new Set<string>();
  const visit = (s: unknown, depth: number) => {
    if (!s || typeof s !== 'object' || depth > 6) return;
    const def = (s as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return;
    if (def.type === 'object' && def.shape && typeof def.shape === 'object') for (const k of Object.keys(def.shape)) seen.add(k);
    for (const inner of [def.in, def.innerType, def.schema, def.left, def.right]) visit(inner, depth + 1);
    if (Array.isArray(def.options)) for (const o of def.options) visit(o, depth + 1);
  };
  visit(schema, 0);
  return [...seen];
}

/**
 * Inputs for `name` that its contract schema refuses: fixed hostile shapes plus `randomCount`
 * random ones. Valid inputs are dropped (they are not malformed and could legitimately act).
 */
export function hostileInputs(rng: Rng, name: CallName, randomCount: number, opts: { cloneable: boolean }): unknown[] {
  const schema = calls[name].input as z.ZodType;
  const keys = inputKeys(schema);
  // JSON.stringify on the sending side overflows its stack far below what structured clone takes;
  // the web host test sends deeper nesting as raw text instead.
  const depth = opts.cloneable ? 5000 : 1000;
  const fixed: unknown[] = [
    0,
    -1,
    true,
    'x',
    [],
    [1, 2],
    'x'.repeat(HUGE),
    deepNest(depth),
    { unexpected: true },
    { ['k'.repeat(HUGE)]: 1 },
    ...pollutionPayloads(keys),
  ];
  for (const key of keys) {
    fixed.push({ [key]: 'x'.repeat(HUGE) });
    fixed.push({ [key]: deepNest(depth) });
    fixed.push({ [key]: [] });
    fixed.push({ [key]: { nested: true } });
    fixed.push({ [key]: -1.5 });
    fixed.push({ [key]: null });
  }
  const random: unknown[] = [];
  for (let i = 0; i < randomCount; i++) {
    const v = opts.cloneable && rng() < 0.3 ? randomCloneable(rng) : randomJson(rng);
    random.push(keys.length > 0 && rng() < 0.5 ? { [pick(rng, keys)]: v } : v);
  }
  return [...fixed, ...random].filter((input) => !schema.safeParse(input).success);
}

/** Names that are not calls: near misses, prototype members, huge and odd strings. */
export function unknownNames(rng: Rng, count: number): string[] {
  const names = [
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'valueOf',
    'app.info ',
    'APP.INFO',
    'app',
    'app.',
    '.info',
    'fs.readFile',
    'child_process.exec',
    'n'.repeat(HUGE),
    '\u0000',
    '',
  ];
  for (let i = 0; i < count; i++)
    names.push(Array.from({ length: int(rng, 1, 40) }, () => String.fromCharCode(int(rng, 32, 0x2fff))).join(''));
  return names.filter((n) => !Object.prototype.hasOwnProperty.call(calls, n));
}

/** WebSocket text frames that are not call frames at all. */
export function malformedFrames(rng: Rng, count: number): string[] {
  const frames = [
    '',
    'null',
    '"str"',
    '1e400',
    'true',
    '[]',
    '[{"id":1,"name":"app.info"}]',
    '{',
    '{"id":1,"name":"app.info"',
    '{"id":1,"name":"app.info"}}',
    '\u0000\u0001',
    '{"id":{},"name":"app.info"}',
    '{"id":"' + 'i'.repeat(100) + '","name":"app.info"}',
    '{"id":1,"name":42}',
    '{"id":1}',
    '{"id":1,"name":"app.info","__proto__":{"polluted":1}}',
    '{"id":1,"name":"app.info","constructor":{"prototype":{"polluted":1}}}',
  ];
  frames.push(
    `{"id":1,"name":"app.info","${'k'.repeat(HUGE)}":1}`,
    `{"id":"${'i'.repeat(HUGE)}","name":"app.info"}`,
    `{"id":1,"name":"${'n'.repeat(HUGE)}"}`,
  );
  for (let i = 0; i < count; i++) {
    const valid = JSON.stringify({ id: i, name: 'app.ping', input: { text: 'x' } });
    const cut = int(rng, 1, valid.length - 2);
    frames.push(
      rng() < 0.5 ? valid.slice(0, cut) : Array.from({ length: int(rng, 1, 200) }, () => String.fromCharCode(int(rng, 0, 0xffff))).join(''),
    );
  }
  return frames;
}
