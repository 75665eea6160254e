import { describe, expect, it } from 'vitest';
import { SaleState } from '../../../contract/calls/sales.js';
import {
  assertTransition,
  canTransition,
  IllegalTransitionError,
  recoveryTarget,
} from '../../../main/sales/state-machine.js';

const legal: Array<[SaleState, SaleState]> = [
  ['pending', 'sending'],
  ['pending', 'cancelled'],
  ['sending', 'registered'],
  ['sending', 'rejected'],
  ['sending', 'unknown'],
  ['sending', 'pending'],
  ['unknown', 'reconciling'],
  ['unknown', 'resolved'],
  ['reconciling', 'registered'],
  ['reconciling', 'pending'],
  ['reconciling', 'unknown'],
  ['registered', 'cancelled'],
  ['rejected', 'resolved'],
];

describe('sale state machine', () => {
  it('allows exactly the transitions of design.md §5 plus cancel/resolve', () => {
    const all = SaleState.options;
    for (const from of all) {
      for (const to of all) {
        const expected = legal.some(([f, t]) => f === from && t === to);
        expect(canTransition(from, to), `${from} -> ${to}`).toBe(expected);
      }
    }
  });

  it('throws on an illegal transition, e.g. re-sending a rejected sale', () => {
    expect(() => assertTransition('rejected', 'sending')).toThrow(IllegalTransitionError);
    expect(() => assertTransition('registered', 'sending')).toThrow(/registered -> sending/);
    expect(() => assertTransition('unknown', 'sending')).toThrow(IllegalTransitionError);
    expect(() => assertTransition('unknown', 'pending')).toThrow(IllegalTransitionError);
  });

  it('recovers a sale caught in flight by a crash as unknown, never pending', () => {
    expect(recoveryTarget('sending')).toBe('unknown');
    expect(recoveryTarget('reconciling')).toBe('unknown');
    for (const s of ['pending', 'unknown', 'registered', 'rejected', 'cancelled', 'resolved'] as const) {
      expect(recoveryTarget(s)).toBeUndefined();
    }
  });
});
