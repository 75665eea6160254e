/** The bench harness's pure parts (what it measures is printed by `npm run bench`, never asserted). */
import { expect, it } from 'vitest';
import { percentile, timeBatches, timeEachAsync } from '../../../bench/harness.js';

it('timeBatches warms up with one batch, then returns one sorted sample per batch', () => {
  let calls = 0;
  const samples = timeBatches(7, 5, () => void calls++);
  expect(calls).toBe(7 * 6);
  expect(samples).toHaveLength(5);
  expect([...samples].sort((a, b) => a - b)).toEqual(samples);
  for (const s of samples) expect(s).toBeGreaterThanOrEqual(0);
});

it('percentile picks the nearest rank of a sorted list', () => {
  expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  expect(percentile([1, 2, 3, 4], 99)).toBe(4);
  expect(percentile([], 50)).toBeNaN();
});

it('timeEachAsync awaits each call in turn and returns one sorted sample per call', async () => {
  const order: number[] = [];
  let running = 0;
  const samples = await timeEachAsync(4, async (i) => {
    running++;
    expect(running).toBe(1);
    await new Promise((r) => setImmediate(r));
    order.push(i);
    running--;
  });
  expect(order).toEqual([0, 1, 2, 3]);
  expect(samples).toHaveLength(4);
  expect([...samples].sort((a, b) => a - b)).toEqual(samples);
});
