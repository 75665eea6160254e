/**
 * The numbers behind reconciliation, in one place (docs/exactly-once.md says why each is what it
 * is). Tests shrink the horizon to seconds; the app uses the defaults.
 */
export interface ReconcilePolicy {
  /**
   * How long after an uncertain attempt UiTPAS may still commit it (a slow backend finishing a
   * request whose connection already broke). Absence is believed only once a search ran after
   * this horizon, in UiTPAS's clock. Six times the 10 s request timeout.
   */
  lateCommitHorizonMs: number;
  /** Searches before the horizon, as fractions of it: early finds settle a sale quickly. */
  searchAtFractions: readonly number[];
  /** Searches of one uncertain sale (failed ones included) before the operator takes over. */
  maxSearches: number;
  /** Uncertain buys of one sale before Loket stops re-sending it and asks the operator. */
  maxUncertainBuys: number;
  /** After a sale that was re-sent is settled, when to look once more for a late duplicate. */
  sweepDelayMs: number;
  /** Records per search page, and pages read before a search counts as incomplete. */
  pageSize: number;
  maxPages: number;
}

export const DEFAULT_RECONCILE_POLICY: ReconcilePolicy = {
  lateCommitHorizonMs: 60_000,
  searchAtFractions: [0.05, 0.2, 0.5],
  maxSearches: 12,
  maxUncertainBuys: 3,
  sweepDelayMs: 15 * 60_000,
  pageSize: 100,
  maxPages: 50,
};

/**
 * When to search next after `searches` searches that found nothing yet, given when absence becomes
 * provable (`settleAfterMs`) and the attempt's end. Pure.
 */
export function nextSearchMs(policy: ReconcilePolicy, searches: number, endedMs: number, settleAfterMs: number, nowMs: number): number {
  const fraction = policy.searchAtFractions[searches];
  const planned = fraction === undefined ? settleAfterMs : Math.min(settleAfterMs, endedMs + fraction * policy.lateCommitHorizonMs);
  return Math.max(planned, nowMs + 10);
}
