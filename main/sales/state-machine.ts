/**
 * The outbox state machine, pure. Every state change of a sale goes through `assertTransition`,
 * so an illegal move (e.g. re-sending a rejected sale without the operator) is a bug that throws
 * instead of silently registering a sale twice. docs/exactly-once.md walks through why each move
 * is safe.
 */
import type { SaleActor, SaleState } from '../../contract/schemas/sales.js';

export type { SaleState, SaleActor };

const allowed: Readonly<Record<SaleState, readonly SaleState[]>> = {
  // pending -> cancelled: a sale that never left the counter is simply not sent.
  pending: ['sending', 'cancelled'],
  // sending -> pending: the request provably never reached UiTPAS (not-sent, login needed);
  // sending -> cancelled: the same, while the operator cancelled the sale meanwhile.
  sending: ['registered', 'rejected', 'unknown', 'pending', 'cancelled'],
  // unknown -> pending / registered: only the operator, after a fresh search (send again / adopt).
  unknown: ['reconciling', 'resolved', 'pending', 'registered'],
  // reconciling -> unknown: not decided yet (too early, search failed, several candidates);
  // -> rejected: a rejection that followed an uncertain attempt, confirmed by one more search;
  // -> cancelled: proven absent while the operator had cancelled the sale.
  reconciling: ['registered', 'pending', 'unknown', 'rejected', 'cancelled'],
  // A registered sale is cancelled through the outbox, like a sale is registered.
  registered: ['cancel-pending'],
  // rejected -> pending / registered: the operator sends it again or adopts a record found later.
  rejected: ['resolved', 'pending', 'registered'],
  'cancel-pending': ['cancel-sending'],
  // -> registered: UiTPAS refused the cancel (the sale stays registered, with the reason);
  // -> cancel-pending: the cancel provably never reached UiTPAS.
  'cancel-sending': ['cancelled', 'registered', 'cancel-pending', 'cancel-unknown'],
  // Searched: gone -> cancelled; still there -> sent again. The operator may close it by hand.
  'cancel-unknown': ['cancel-sending', 'cancelled', 'resolved'],
  cancelled: [],
  resolved: [],
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: SaleState,
    readonly to: SaleState,
  ) {
    super(`illegal sale transition ${from} -> ${to}`);
    this.name = 'IllegalTransitionError';
  }
}

export function canTransition(from: SaleState, to: SaleState): boolean {
  return allowed[from].includes(to);
}

export function assertTransition(from: SaleState, to: SaleState): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}

/** States in which a sale is not yet registered at UiTPAS but will be (the queue). */
export const UNREGISTERED_STATES: readonly SaleState[] = ['pending', 'sending', 'unknown', 'reconciling'];

/** States of a registered sale whose cancel is on its way to UiTPAS. */
export const CANCELLING_STATES: readonly SaleState[] = ['cancel-pending', 'cancel-sending', 'cancel-unknown'];

/** States a crash can leave behind with a request possibly in flight. */
export const IN_FLIGHT_STATES: readonly SaleState[] = ['sending', 'reconciling', 'cancel-sending'];

/**
 * Where a sale found in `state` at start-up goes. A request may have reached UiTPAS before the
 * process died, so an in-flight sale becomes uncertain (to be reconciled), never simply re-sent.
 */
export function recoveryTarget(state: SaleState): SaleState | undefined {
  if (state === 'cancel-sending') return 'cancel-unknown';
  return IN_FLIGHT_STATES.includes(state) ? 'unknown' : undefined;
}

/** Final states: nothing will happen to the sale any more without an operator. */
export function isSettled(state: SaleState): boolean {
  return state === 'registered' || state === 'cancelled' || state === 'resolved';
}

/** States in which the operator's cancel is a durable intent rather than an immediate change. */
export function cancelIsDeferred(state: SaleState): boolean {
  return state === 'sending' || state === 'unknown' || state === 'reconciling';
}

export const ACTORS: readonly SaleActor[] = ['operator', 'worker', 'reconciler', 'startup'];
