/**
 * The outbox state machine (design.md §5), pure. Every state change of a sale goes through
 * `assertTransition`, so an illegal move (e.g. re-sending a rejected sale) is a bug that throws
 * instead of silently registering a sale twice.
 */
import type { SaleActor, SaleState } from '../../contract/calls/sales.js';

export type { SaleState, SaleActor };

const allowed: Readonly<Record<SaleState, readonly SaleState[]>> = {
  // pending -> cancelled: the operator removes a sale that never left the counter.
  pending: ['sending', 'cancelled'],
  // sending -> pending: the request provably never reached UiTPAS (not-sent, login needed).
  sending: ['registered', 'rejected', 'unknown', 'pending'],
  // unknown -> resolved: the operator settles it by hand (e.g. verified in the UiTPAS back office).
  unknown: ['reconciling', 'resolved'],
  // reconciling -> unknown: the search failed or found several candidates; no guess.
  reconciling: ['registered', 'pending', 'unknown'],
  // registered -> cancelled: cancelled at UiTPAS by ticket sale id.
  registered: ['cancelled'],
  // Rejected sales are never retried automatically; the operator resolves them.
  rejected: ['resolved'],
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

/** States a crash can leave behind with a request possibly in flight. */
export const IN_FLIGHT_STATES: readonly SaleState[] = ['sending', 'reconciling'];

/**
 * Where a sale found in `state` at start-up goes. A request may have reached UiTPAS before the
 * process died, so an in-flight sale becomes `unknown` (to be reconciled), never `pending`.
 */
export function recoveryTarget(state: SaleState): SaleState | undefined {
  return IN_FLIGHT_STATES.includes(state) ? 'unknown' : undefined;
}

/** Final states: nothing will happen to the sale any more without an operator. */
export function isSettled(state: SaleState): boolean {
  return state === 'registered' || state === 'cancelled' || state === 'resolved';
}

export const ACTORS: readonly SaleActor[] = ['operator', 'worker', 'reconciler', 'startup'];
