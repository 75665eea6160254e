/** Store records -> the contract's SaleView / outcome. Pure. */
import { outcomeOfState, type SaleView, type SellOutcome } from '../../contract/schemas/sales.js';
import type { SaleRecord } from './store/sale-store.js';

/** `heldBehind`: the earlier sale this one waits for (SaleStore.heldBehind), when it does. */
export function toSaleView(r: SaleRecord, heldBehind?: string): SaleView {
  const v: SaleView = {
    id: r.id,
    createdAt: r.createdAt,
    counterKey: r.counterKey,
    uitpasNumber: r.uitpasNumber,
    groupPass: r.groupPass,
    cdbid: r.cdbid,
    activityTitle: r.activityTitle,
    amountOfTickets: r.amountOfTickets,
    expectedPriceCents: r.expectedPriceCents,
    expectedTariffCents: r.expectedTariffCents,
    provisional: r.provisional,
    state: r.state,
    attempts: r.attempts,
  };
  if (r.userId !== undefined) v.userId = r.userId;
  if (r.holderName !== undefined) v.holderName = r.holderName;
  if (r.priceClass !== undefined) v.priceClass = r.priceClass;
  if (r.couponId !== undefined) v.couponId = r.couponId;
  if (r.couponName !== undefined) v.couponName = r.couponName;
  if (r.nextAttemptMs !== undefined) v.nextAttemptAt = new Date(r.nextAttemptMs).toISOString();
  if (r.ticketSaleId !== undefined) v.ticketSaleId = r.ticketSaleId;
  if (r.registeredPriceCents !== undefined) v.registeredPriceCents = r.registeredPriceCents;
  if (r.registeredTariffCents !== undefined) v.registeredTariffCents = r.registeredTariffCents;
  if (r.lastErrorCode !== undefined) {
    v.error = { code: r.lastErrorCode, message: r.lastErrorMessage ?? '' };
    if (r.lastErrorEndUserMessage !== undefined) v.error.endUserMessage = r.lastErrorEndUserMessage;
  }
  if (r.alert !== undefined) v.alert = r.alert;
  if (r.resolution !== undefined) v.resolution = r.resolution;
  if (r.cancelRequested) v.cancelRequested = true;
  if (r.needsOperator) v.needsOperator = true;
  if (heldBehind !== undefined) v.heldBehind = heldBehind;
  return v;
}

/** A sale just sold: its outcome (a cancel asked for at once still reads as not yet registered). */
export function outcomeOf(r: SaleRecord): SellOutcome['outcome'] {
  return outcomeOfState(r.state) ?? 'pending';
}
