/**
 * The keyboard-wedge detector (issue 13), on replayed key streams (tests/support/wedge-replay.ts):
 * its cost per key, and what it costs a person typing — how long each typed key is held before
 * it reaches its field (a letter, a digit), and how long after its last key a scan is handed on.
 */
import fc from 'fast-check';
import { cardNumber, personKeys, replay, scanKeys, scanShape, type TimedKey } from '../tests/support/wedge-replay.js';
import { percentile, timeBatches, type BenchRow } from './harness.js';

const SETTINGS = { maxGapMs: 40, minLength: 8 };

function sample<T>(arb: fc.Arbitrary<T>, n: number): T[] {
  return fc.sample(arb, { numRuns: n, seed: 13 });
}

export function run(): Promise<BenchRow[]> {
  const scans = sample(fc.tuple(cardNumber(), scanShape(13)), 500).map(([card, shape]) => scanKeys(card, shape, 1000, 'card', SETTINGS));
  const gaps = sample(fc.array(fc.integer({ min: 80, max: 250 }), { minLength: 12, maxLength: 12 }), 500);
  const letters = gaps.map((g) => personKeys([...'abcdefghijkl'], g, 1000, 'search'));
  const digits = gaps.map((g) => personKeys([...'123456789012'], g, 1000, 'search'));
  const keysOf = (streams: TimedKey[][]) => streams.reduce((n, s) => n + s.length, 0);

  let i = 0;
  const perKey = timeBatches(50, 40, () => replay(scans[i++ % scans.length]!, SETTINGS)).map((us) => us / 14);
  const held = (streams: TimedKey[][]) => streams.flatMap((s) => replay(s, SETTINGS).delays).sort((a, b) => a - b);
  const letterDelay = held(letters);
  const digitDelay = held(digits);
  const med = (xs: number[]) => percentile(xs, 50);
  return Promise.resolve([
    {
      group: 'wedge',
      name: 'detector cost per key (card scan replay), median',
      value: med(perKey),
      unit: 'µs/key',
      target: '< 50 µs',
      pass: med(perKey) < 50,
      note: `${keysOf(scans)} keys in ${scans.length} scans`,
    },
    {
      group: 'wedge',
      name: 'typed letter held before it reaches the field, p95',
      value: percentile(letterDelay, 95),
      unit: 'ms',
      target: '≤ 41 ms',
      pass: percentile(letterDelay, 95) <= 41,
    },
    {
      group: 'wedge',
      name: 'typed digit held before it reaches the field, p50',
      value: med(digitDelay),
      unit: 'ms',
      note: 'a digit may start a card that pauses: held about one key',
    },
    {
      group: 'wedge',
      name: 'typed digit held before it reaches the field, p95',
      value: percentile(digitDelay, 95),
      unit: 'ms',
      target: '≤ 291 ms',
      pass: percentile(digitDelay, 95) <= 291,
    },
  ]);
}
