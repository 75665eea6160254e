import { describe, expect, it } from 'vitest';
import { SaleState } from '../../../contract/schemas/sales.js';
import {
  assertTransition,
  canTransition,
  cancelIsDeferred,
  IllegalTransitionError,
  isSettled,
  recoveryTarget,
} from '../../../main/sales/state-machine.js';

const legal: Array<[SaleState, SaleState]> = [
  ['pending', 'sending'],
  ['pending', 'cancelled'],
  ['sending', 'registered'],
  ['sending', 'rejected'],
  ['sending', 'unknown'],
  ['sending', 'pending'],
  ['sending', 'cancelled'],
  ['unknown', 'reconciling'],
  ['unknown', 'resolved'],
  ['unknown', 'pending'],
  ['unknown', 'registered'],
  ['reconciling', 'registered'],
  ['reconciling', 'pending'],
  ['reconciling', 'unknown'],
  ['reconciling', 'rejected'],
  ['reconciling', 'cancelled'],
  ['registered', 'cancel-pending'],
  ['rejected', 'resolved'],
  ['rejected', 'pending'],
  ['rejected', 'registered'],
  ['cancel-pending', 'cancel-sending'],
  ['cancel-sending', 'cancelled'],
  ['cancel-sending', 'registered'],
  ['cancel-sending', 'cancel-pending'],
  ['cancel-sending', 'cancel-unknown'],
  ['cancel-unknown', 'cancel-sending'],
  ['cancel-unknown', 'cancelled'],
  ['cancel-unknown', 'resolved'],
];

describe('sale state machine', () => {
  it('allows exactly the listed transitions (docs/exactly-once.md), no other', () => {
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
    expect(() => assertTransition('reconciling', 'sending')).toThrow(IllegalTransitionError);
    // A cancel is sent through the outbox: never straight from registered to cancelled.
    expect(() => assertTransition('registered', 'cancelled')).toThrow(IllegalTransitionError);
    expect(() => assertTransition('cancel-pending', 'cancelled')).toThrow(IllegalTransitionError);
    expect(() => assertTransition('cancelled', 'registered')).toThrow(IllegalTransitionError);
  });

  it('says which states defer a cancel and which are settled', () => {
    expect(SaleState.options.filter(cancelIsDeferred)).toEqual(['sending', 'unknown', 'reconciling']);
    expect(SaleState.options.filter(isSettled)).toEqual(['registered', 'cancelled', 'resolved']);
  });

  it('recovers a sale caught in flight by a crash as unknown, never pending', () => {
    expect(recoveryTarget('sending')).toBe('unknown');
    expect(recoveryTarget('reconciling')).toBe('unknown');
    expect(recoveryTarget('cancel-sending')).toBe('cancel-unknown');
    for (const s of [
      'pending',
      'unknown',
      'registered',
      'rejected',
      'cancelled',
      'resolved',
      'cancel-pending',
      'cancel-unknown',
    ] as const) {
      expect(recoveryTarget(s)).toBeUndefined();
    }
  });
});
