/**
 * Limits on selling while UiTPAS cannot be reached (settings.offline): beyond them the counter
 * refuses new offline UiTPAS-tariff sales, so an outage cannot grow an unbounded pile of sales
 * that may later be rejected. Pure.
 */
export interface OfflineLimits {
  maxUnregisteredCount: number;
  maxUnregisteredAgeHours: number;
}

export interface UnregisteredStats {
  count: number;
  oldestMs?: number;
}

export type OfflineLimitCheck = { ok: true } | { ok: false; reason: 'count' | 'age'; message: string };

export function checkOfflineLimits(stats: UnregisteredStats, nowMs: number, limits: OfflineLimits): OfflineLimitCheck {
  if (stats.count >= limits.maxUnregisteredCount) {
    return {
      ok: false,
      reason: 'count',
      message:
        `Offline limit reached: ${stats.count} sales are waiting to be registered ` +
        `(maximum ${limits.maxUnregisteredCount}). Restore the connection to UiTPAS first.`,
    };
  }
  if (stats.oldestMs !== undefined && nowMs - stats.oldestMs > limits.maxUnregisteredAgeHours * 3_600_000) {
    return {
      ok: false,
      reason: 'age',
      message:
        `Offline limit reached: the oldest unregistered sale is older than ${limits.maxUnregisteredAgeHours} hours. ` +
        'Restore the connection to UiTPAS first.',
    };
  }
  return { ok: true };
}
