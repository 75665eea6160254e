/**
 * Timing replay for the keyboard-wedge detector: generated key streams (scanner bursts with
 * jitter and pauses, people typing, both mixed) fed to renderer/src/lib/scanner/wedge.ts on a
 * virtual clock the way the DOM adapter drives it (a key, or the detector's deadline, whichever
 * comes first), and what each field, the page and the scan handler got in the end. Used by the
 * replay test (tests/renderer/wedge-replay.test.ts) and `npm run bench` (bench/wedge.bench.ts).
 */
import fc from 'fast-check';
import { luhnCheckDigit } from '../../contract/card-number.js';
import { WedgeDetector, type WedgeDecision, type WedgeSettings } from '../../renderer/src/lib/scanner/wedge.js';

/** Two text fields and two places that are not: where a key was aimed. */
export type Target = 'card' | 'search' | 'button' | 'body';
export const TARGETS: readonly Target[] = ['card', 'search', 'button', 'body'];
export const isTextTarget = (t: Target) => t === 'card' || t === 'search';

export interface TimedKey {
  key: string;
  /** When it was pressed (the event's timestamp). */
  time: number;
  /** When the page got it; later than `time` when the PC was busy. Default: `time`. */
  arrive?: number;
  target: Target;
  /** Which generated part it belongs to: a scan's keys must reach no target. */
  from: 'scan' | 'person';
}

export interface ReplayResult {
  scans: string[];
  /** Per target, every key that reached it, in order (given back or let through, minus taken back). */
  reached: Record<Target, string[]>;
  /** For each person's key, how long after it was pressed it reached its target (ms). */
  delays: number[];
}

/**
 * Runs the keys through a fresh detector the way attach-wedge.ts drives it: keys in the order
 * they arrive, stamped with when they were pressed; the timer measures silence from the last
 * key's arrival. What is left is settled at the end.
 */
export function replay(keys: readonly TimedKey[], settings: WedgeSettings): ReplayResult {
  const d = new WedgeDetector(settings);
  const result: ReplayResult = { scans: [], reached: { card: [], search: [], button: [], body: [] }, delays: [] };
  const giveBack = (ks: WedgeDecision['release'], at: number) => {
    for (const k of ks) {
      const original = k.target as TimedKey;
      result.reached[original.target].push(k.key);
      if (original.from === 'person') result.delays.push(at - original.time);
    }
  };
  const takeBack = (ks: WedgeDecision['release']) => {
    for (const k of ks) {
      const list = result.reached[(k.target as TimedKey).target];
      const i = list.lastIndexOf(k.key);
      if (i >= 0) list.splice(i, 1);
    }
  };
  // In the adapter's order: released keys, taken back ones, the scan, keys typed after it, the key itself.
  const apply = (dec: WedgeDecision, at: number, key?: TimedKey) => {
    giveBack(dec.release, at);
    takeBack(dec.retract ?? []);
    if (dec.scan !== undefined) result.scans.push(dec.scan);
    giveBack(dec.releaseAfter ?? [], at);
    if (key && !dec.swallow) {
      result.reached[key.target].push(key.key);
      if (key.from === 'person') result.delays.push(at - key.time);
    }
  };
  let lastStamp = 0;
  let lastArrival = 0;
  const due = () => {
    const deadline = d.deadline();
    return deadline === undefined ? undefined : lastArrival + (deadline - lastStamp);
  };
  const runTimers = (until: number) => {
    for (let t = due(); t !== undefined && t <= until; t = due()) apply(d.timeout(lastStamp + (t - lastArrival)), t);
  };
  for (const k of keys) {
    const arrive = k.arrive ?? k.time;
    runTimers(arrive);
    lastStamp = k.time;
    lastArrival = arrive;
    apply(d.feed({ key: k.key, time: k.time, inTextField: isTextTarget(k.target), target: k }), arrive, k);
  }
  runTimers(Number.POSITIVE_INFINITY);
  return result;
}

/**
 * A busy spell: from key `at` on, keys reach the page no sooner than `ms` after key `at` was
 * pressed (they queue up, then come in together, in order).
 */
export function withStall(keys: TimedKey[], at: number, ms: number): TimedKey[] {
  const release = (keys[at]?.time ?? 0) + ms;
  let last = Number.NEGATIVE_INFINITY;
  return keys.map((k, i) => {
    const arrive = Math.max(last, i >= at ? Math.max(k.time, release + (i - at) * 0.5) : k.time);
    last = arrive;
    return { ...k, arrive };
  });
}

/** A random valid UiTPAS number (13 digits, kansenpas flag 0/1, Luhn). */
export const cardNumber = (): fc.Arbitrary<string> =>
  fc.tuple(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 11, maxLength: 11 }), fc.boolean()).map(([digits, kansen]) => {
    const first12 = digits.join('') + (kansen ? '1' : '0');
    return first12 + luhnCheckDigit(first12);
  });

export interface ScanShape {
  /** Gap between keys at the scanner's pace, before jitter (0–30 ms). */
  pace: number;
  /** Per-gap jitter, added to the pace (−5 … +10 ms, never below 0). */
  jitter: number[];
  /** Gap positions that become pauses, and how long each is (45–150 ms). */
  pauses: Array<{ at: number; ms: number }>;
}

/**
 * A scanner's timing for `n` gaps: the pace with jitter, and 0–2 pauses of 45–150 ms at
 * positions that are not next to each other (see wedge.ts: a key alone between two pauses is
 * how a person types).
 */
export const scanShape = (gaps: number): fc.Arbitrary<ScanShape> =>
  fc
    .record({
      pace: fc.integer({ min: 0, max: 30 }),
      jitter: fc.array(fc.integer({ min: -5, max: 10 }), { minLength: gaps, maxLength: gaps }),
      pauses: fc.uniqueArray(fc.record({ at: fc.integer({ min: 0, max: gaps - 1 }), ms: fc.integer({ min: 45, max: 150 }) }), {
        maxLength: 2,
        selector: (p) => p.at,
      }),
    })
    .filter((s) => s.pauses.length < 2 || Math.abs((s.pauses[0]?.at ?? 0) - (s.pauses[1]?.at ?? 0)) > 1);

export function scanGaps(shape: ScanShape): number[] {
  return shape.jitter.map((j, i) => shape.pauses.find((p) => p.at === i)?.ms ?? Math.max(0, shape.pace + j));
}

/** The keys a scanner types for `card`, starting at `start`, with its prefix, suffix and terminator. */
export function scanKeys(card: string, shape: ScanShape, start: number, target: Target, settings: WedgeSettings): TimedKey[] {
  const terminator = settings.terminator === 'tab' ? ['Tab'] : settings.terminator === 'none' ? [] : ['Enter'];
  const chars = [...(settings.prefix ?? ''), ...card, ...(settings.suffix ?? ''), ...terminator];
  const gaps = scanGaps(shape);
  let time = start;
  return chars.map((key, i) => {
    if (i > 0) time += gaps[i - 1] ?? 0;
    return { key, time, target, from: 'scan' as const };
  });
}

/** How many gaps a scan of a card has with these settings. */
export function scanGapCount(settings: WedgeSettings): number {
  return (settings.prefix ?? '').length + 13 + (settings.suffix ?? '').length + (settings.terminator === 'none' ? 0 : 1) - 1;
}

/** What a person types: text (a name, a number, a valid card number), at 80–250 ms per key. */
export const personText = (): fc.Arbitrary<string[]> =>
  fc.oneof(
    fc.array(fc.constantFrom(...'0123456789'), { minLength: 1, maxLength: 16 }),
    fc.array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzéëç ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-'), { minLength: 1, maxLength: 20 }),
    cardNumber().map((c) => [...c]),
    cardNumber().map((c) => [...c, 'Enter']),
    fc.array(fc.constantFrom('1', '2', '3', 'Backspace', 'ArrowLeft', 'a', 'Enter', 'Tab'), { minLength: 1, maxLength: 12 }),
  );

export const personGaps = (n: number): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: 80, max: 250 }), { minLength: n, maxLength: n });

export function personKeys(text: string[], gaps: number[], start: number, target: Target): TimedKey[] {
  let time = start;
  return text.map((key, i) => {
    if (i > 0) time += gaps[i - 1] ?? 100;
    return { key, time, target, from: 'person' as const };
  });
}

/** The scanner set-ups the replay runs under (terminator, prefix and suffix as programmed). */
export const SETUPS: ReadonlyArray<{ name: string; settings: WedgeSettings }> = [
  { name: 'Enter (default)', settings: { maxGapMs: 40, minLength: 8 } },
  { name: 'Tab', settings: { maxGapMs: 40, minLength: 8, terminator: 'tab' } },
  { name: 'no terminator', settings: { maxGapMs: 40, minLength: 8, terminator: 'none' } },
  { name: 'prefix ]C0 + suffix #, Enter', settings: { maxGapMs: 40, minLength: 8, prefix: ']C0', suffix: '#' } },
];
