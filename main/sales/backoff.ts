/**
 * Retry delays for the replay worker: exponential with jitter, so many counters coming back
 * online at once do not hit UiTPAS in lockstep. Pure; the random source is injected for tests.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 60_000 };

/**
 * Delay before retry number `failures` (1 = after the first failure). "Equal jitter": half the
 * exponential step is fixed, half is random, so the delay grows but never collapses to zero.
 */
export function backoffDelay(failures: number, random: () => number, opts: BackoffOptions = DEFAULT_BACKOFF): number {
  if (failures <= 0) return 0;
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.min(failures - 1, 30));
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(exp / 2 + (exp / 2) * r);
}
