/**
 * Limits on selling while UiTPAS cannot be reached or cannot settle sales (settings.offline):
 * beyond them the counter refuses new offline UiTPAS-tariff sales, so an outage cannot grow an
 * unbounded pile of sales — in number, in age or in money — that may later be rejected, and one
 * card gets at most one unconfirmed sale per activity (the kansentarief is usually limited per
 * activity, so a second one would very likely be refused later, with the cash already taken). Pure.
 */
export interface OfflineLimits {
  maxUnregisteredCount: number;
  maxUnregisteredAgeHours: number;
  maxUnregisteredAmountCents: number;
}

export interface UnregisteredStats {
  count: number;
  amountCents: number;
  oldestMs?: number;
}

export interface NewOfflineSale {
  amountCents: number;
  /** An unregistered sale exists already for this card and activity. */
  sameCardAndActivity: boolean;
}

export type OfflineLimitCheck = { ok: true } | { ok: false; reason: 'count' | 'age' | 'amount' | 'same-card-activity'; message: string };

const RESTORE = 'Restore the connection to UiTPAS first.';

export function checkOfflineLimits(
  stats: UnregisteredStats,
  sale: NewOfflineSale,
  nowMs: number,
  limits: OfflineLimits,
): OfflineLimitCheck {
  if (sale.sameCardAndActivity) {
    return {
      ok: false,
      reason: 'same-card-activity',
      message: 'This card already has a sale for this activity that UiTPAS has not registered yet; a second one waits until it is.',
    };
  }
  if (stats.count >= limits.maxUnregisteredCount) {
    return {
      ok: false,
      reason: 'count',
      message:
        `Offline limit reached: ${stats.count} sales are waiting to be registered ` +
        `(maximum ${limits.maxUnregisteredCount}). ${RESTORE}`,
    };
  }
  if (stats.amountCents + sale.amountCents > limits.maxUnregisteredAmountCents) {
    return {
      ok: false,
      reason: 'amount',
      message:
        `Offline limit reached: this sale would bring the unregistered amount to ${euro(stats.amountCents + sale.amountCents)} ` +
        `(maximum ${euro(limits.maxUnregisteredAmountCents)}). ${RESTORE}`,
    };
  }
  if (stats.oldestMs !== undefined && nowMs - stats.oldestMs > limits.maxUnregisteredAgeHours * 3_600_000) {
    return {
      ok: false,
      reason: 'age',
      message: `Offline limit reached: the oldest unregistered sale is older than ${limits.maxUnregisteredAgeHours} hours. ${RESTORE}`,
    };
  }
  return { ok: true };
}

function euro(cents: number): string {
  return `€ ${(cents / 100).toFixed(2)}`;
}
