/**
 * What the counter shows for a sale before UiTPAS confirms it: the price and UiTPAS tariff of the
 * chosen price class and coupon, read from the activity as UiTPAS priced it. The renderer never
 * computes a tariff; this only picks the right one. Pure.
 */
import type { Activity } from '../../contract/domain.js';

export type PriceChoice =
  | { ok: true; priceCents: number; tariffCents: number; couponName?: string }
  | { ok: false; code: 'SALE_PRICE_CLASS_UNKNOWN' | 'SALE_COUPON_UNKNOWN'; message: string };

export function choosePrice(activity: Activity, priceClass: string | undefined, couponId: string | undefined): PriceChoice {
  const option = couponId
    ? activity.tariffs.find((t) => t.type === 'COUPON' && t.coupon?.id === couponId)
    : activity.tariffs.find((t) => t.type === 'DEFAULT');
  if (couponId && !option) {
    return { ok: false, code: 'SALE_COUPON_UNKNOWN', message: `Coupon ${couponId} is not offered for ${activity.title}` };
  }
  const couponName = option?.coupon?.name;
  const classes = option?.priceClasses ?? [];
  if (priceClass !== undefined) {
    const pc = classes.find((c) => c.name === priceClass);
    if (!pc) {
      return {
        ok: false,
        code: 'SALE_PRICE_CLASS_UNKNOWN',
        message: `Price class "${priceClass}" does not exist for ${activity.title}`,
      };
    }
    return { ok: true, priceCents: pc.priceCents, tariffCents: pc.tariffCents, ...(couponName ? { couponName } : {}) };
  }
  const first = classes[0];
  return {
    ok: true,
    priceCents: first?.priceCents ?? activity.priceCents,
    tariffCents: first?.tariffCents ?? activity.tariffCents,
    ...(couponName ? { couponName } : {}),
  };
}
