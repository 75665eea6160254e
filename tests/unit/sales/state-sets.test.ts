import { describe, expect, it } from 'vitest';
import { SaleActor, SaleState } from '../../../contract/schemas/sales.js';
import {
  ACTORS,
  assertTransition,
  CANCELLING_STATES,
  canTransition,
  IllegalTransitionError,
  IN_FLIGHT_STATES,
  isSettled,
  recoveryTarget,
  UNREGISTERED_STATES,
} from '../../../main/sales/state-machine.js';

const all = SaleState.options;
/** States reachable from `from` by legal moves (not counting `from` itself unless on a cycle). */
function reachable(from: SaleState): Set<SaleState> {
  const seen = new Set<SaleState>();
  const todo = [from];
  while (todo.length) {
    const s = todo.pop()!;
    for (const to of all) {
      if (canTransition(s, to) && !seen.has(to)) {
        seen.add(to);
        todo.push(to);
      }
    }
  }
  return seen;
}

describe('state sets', () => {
  it('the queue: states from which a sale can still become registered without having been', () => {
    expect([...UNREGISTERED_STATES].sort()).toEqual(['pending', 'reconciling', 'sending', 'unknown']);
    for (const s of UNREGISTERED_STATES) {
      expect(reachable(s).has('registered'), s).toBe(true);
      expect(isSettled(s), s).toBe(false);
    }
  });

  it('cancelling: the states between a registered sale and its cancel', () => {
    expect([...CANCELLING_STATES].sort()).toEqual(['cancel-pending', 'cancel-sending', 'cancel-unknown']);
    for (const s of CANCELLING_STATES) {
      expect(reachable(s).has('cancelled'), s).toBe(true);
      // Only a registered sale starts a cancel.
      for (const from of all) if (canTransition(from, s) && !CANCELLING_STATES.includes(from)) expect(from).toBe('registered');
    }
  });

  it('in flight: exactly the states a crash can leave with a request out, each recovered as uncertain', () => {
    expect([...IN_FLIGHT_STATES].sort()).toEqual(['cancel-sending', 'reconciling', 'sending']);
    for (const s of all) {
      const target = recoveryTarget(s);
      expect(target !== undefined, s).toBe(IN_FLIGHT_STATES.includes(s));
      if (target) expect(canTransition(s, target), `${s} -> ${target}`).toBe(true);
    }
  });

  it('settled states have no way back to the queue', () => {
    for (const s of ['cancelled', 'resolved'] as const) expect(reachable(s).size, s).toBe(0);
    expect([...reachable('registered')].some((s) => UNREGISTERED_STATES.includes(s))).toBe(false);
  });

  it('lists every actor of the contract', () => {
    expect([...ACTORS].sort()).toEqual([...SaleActor.options].sort());
  });

  it('an illegal transition names both states', () => {
    let caught: unknown;
    try {
      assertTransition('cancelled', 'pending');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(IllegalTransitionError);
    const e = caught as IllegalTransitionError;
    expect(e.name).toBe('IllegalTransitionError');
    expect(e.message).toBe('illegal sale transition cancelled -> pending');
    expect([e.from, e.to]).toEqual(['cancelled', 'pending']);
    expect(() => assertTransition('pending', 'sending')).not.toThrow();
  });
});
