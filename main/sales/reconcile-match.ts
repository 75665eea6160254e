/**
 * Deciding what a search of UiTPAS ticket sales says about one local sale whose buy may or may
 * not have been committed (uitpas-api.md §8.3). Pure: the reconciler does the I/O.
 */
import type { TicketSale } from '../../contract/domain.js';

export interface UncertainSale {
  cdbid: string;
  groupPass: boolean;
  passholderUid?: string;
  couponId?: string;
  /** The group pass number: group sales have no uid, so this tells two groups apart when UiTPAS says. */
  uitpasNumber?: string;
  /** When the first buy attempt was made (ms); the sale cannot be older than this minus the margin. */
  firstAttemptMs: number;
}

export type MatchVerdict =
  | { kind: 'found'; ticketSale: TicketSale }
  | { kind: 'absent' }
  | { kind: 'ambiguous'; candidates: string[] };

/** Clock skew between this PC and UiTPAS that we tolerate when comparing creation dates. */
export const RECONCILE_MARGIN_MS = 5 * 60_000;

export function matchTicketSale(
  sale: UncertainSale,
  found: readonly TicketSale[],
  isClaimed: (ticketSaleId: string) => boolean,
  marginMs = RECONCILE_MARGIN_MS,
): MatchVerdict {
  const candidates = found.filter((t) => {
    if (t.cdbid !== sale.cdbid) return false;
    if (t.groupPass !== sale.groupPass) return false;
    if (sale.passholderUid && t.userId && t.userId !== sale.passholderUid) return false;
    // A passholder's number can change (new card) but the uid cannot; a group pass has only its number.
    if (sale.groupPass && sale.uitpasNumber && t.uitpasNumber && t.uitpasNumber !== sale.uitpasNumber) return false;
    if ((t.coupon?.id ?? undefined) !== sale.couponId) return false;
    const created = Date.parse(t.creationDate);
    if (Number.isNaN(created) || created < sale.firstAttemptMs - marginMs) return false;
    return !isClaimed(t.id);
  });
  const only = candidates[0];
  if (candidates.length === 0 || !only) return { kind: 'absent' };
  if (candidates.length === 1) return { kind: 'found', ticketSale: only };
  return { kind: 'ambiguous', candidates: candidates.map((c) => c.id) };
}
