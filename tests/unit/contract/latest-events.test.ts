/** The bridges' event bookkeeping: listeners per event, and the latest payload for late subscribers. */
import { expect, it } from 'vitest';
import { createLatestEvents } from '../../../contract/latest-events.js';

it('hands each payload to the listeners of that event only', () => {
  const events = createLatestEvents();
  const queue: unknown[] = [];
  const printer: unknown[] = [];
  events.subscribe('queue', (p) => queue.push(p));
  events.subscribe('printer', (p) => printer.push(p));
  events.emit('queue', 1);
  events.emit('queue', 2);
  expect(queue).toEqual([1, 2]);
  expect(printer).toEqual([]);
});

it('gives a late subscriber the latest payload at once, and nothing for an event not sent yet', () => {
  const events = createLatestEvents();
  events.emit('queue', 'old');
  events.emit('queue', 'new');
  const got: unknown[] = [];
  events.subscribe('queue', (p) => got.push(p));
  events.subscribe('printer', (p) => got.push(p));
  expect(got).toEqual(['new']);
});

it('unsubscribes only the subscription it came from, also for the same function subscribed twice', () => {
  const events = createLatestEvents();
  const got: unknown[] = [];
  const listener = (p: unknown) => got.push(p);
  const first = events.subscribe('queue', listener);
  events.subscribe('queue', listener);
  events.emit('queue', 'a');
  first();
  first();
  events.emit('queue', 'b');
  expect(got).toEqual(['a', 'a', 'b']);
});
