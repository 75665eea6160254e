import { describe, expect, it } from 'vitest';
import type { Activity } from '../../../contract/domain.js';
import { checkOfflineLimits } from '../../../main/sales/offline-limits.js';
import { choosePrice } from '../../../main/sales/pricing.js';
import { TariffCache } from '../../../main/sales/tariff-cache.js';

const limits = { maxUnregisteredCount: 3, maxUnregisteredAgeHours: 2, maxUnregisteredAmountCents: 5000 };
const H = 3_600_000;
const sale = { amountCents: 300, sameCardAndActivity: false };

describe('checkOfflineLimits', () => {
  it('allows selling below every limit', () => {
    expect(checkOfflineLimits({ count: 0, amountCents: 0 }, sale, 0, limits)).toEqual({ ok: true });
    expect(checkOfflineLimits({ count: 2, amountCents: 4700, oldestMs: 0 }, sale, 2 * H, limits)).toEqual({ ok: true });
  });

  it('refuses at the maximum count', () => {
    expect(checkOfflineLimits({ count: 3, amountCents: 0, oldestMs: 0 }, sale, 1, limits)).toMatchObject({ ok: false, reason: 'count' });
    expect(checkOfflineLimits({ count: 0, amountCents: 0 }, sale, 1, { ...limits, maxUnregisteredCount: 0 })).toMatchObject({
      ok: false,
      reason: 'count',
    });
  });

  it('refuses when the oldest unregistered sale is too old', () => {
    const r = checkOfflineLimits({ count: 1, amountCents: 0, oldestMs: 0 }, sale, 2 * H + 1, limits);
    expect(r).toMatchObject({ ok: false, reason: 'age' });
    expect(r.ok ? '' : r.message).toMatch(/older than 2 hours/);
  });

  it('refuses when this sale would bring the unregistered amount over the maximum', () => {
    expect(checkOfflineLimits({ count: 1, amountCents: 4700 }, sale, 0, limits)).toEqual({ ok: true });
    const r = checkOfflineLimits({ count: 1, amountCents: 4701 }, sale, 0, limits);
    expect(r).toMatchObject({ ok: false, reason: 'amount' });
    expect(r.ok ? '' : r.message).toContain('€ 50.01');
    expect(r.ok ? '' : r.message).toContain('€ 50.00');
  });

  it('refuses a second unregistered sale for the same card and activity, before any other limit', () => {
    const r = checkOfflineLimits({ count: 9, amountCents: 0 }, { ...sale, sameCardAndActivity: true }, 0, limits);
    expect(r).toMatchObject({ ok: false, reason: 'same-card-activity' });
  });
});

const activity: Activity = {
  cdbid: 'ev-1',
  title: 'Concert',
  priceCents: 1500,
  tariffCents: 300,
  tariffs: [
    {
      type: 'DEFAULT',
      priceClasses: [
        { name: 'Basis', priceCents: 1500, tariffCents: 300 },
        { name: 'Balkon', priceCents: 1000, tariffCents: 200 },
      ],
    },
    { type: 'COUPON', coupon: { id: '7', name: 'Gratis' }, priceClasses: [{ name: 'Basis', priceCents: 1500, tariffCents: 0 }] },
  ],
};

describe('choosePrice', () => {
  it('takes the default tariff of the first price class', () => {
    expect(choosePrice(activity, undefined, undefined)).toEqual({ ok: true, priceCents: 1500, tariffCents: 300 });
  });
  it('takes the named price class', () => {
    expect(choosePrice(activity, 'Balkon', undefined)).toEqual({ ok: true, priceCents: 1000, tariffCents: 200 });
  });
  it('takes the coupon tariff', () => {
    expect(choosePrice(activity, 'Basis', '7')).toEqual({ ok: true, priceCents: 1500, tariffCents: 0, couponName: 'Gratis' });
  });
  it('refuses an unknown price class or coupon', () => {
    expect(choosePrice(activity, 'Loge', undefined)).toMatchObject({ ok: false, code: 'SALE_PRICE_CLASS_UNKNOWN' });
    expect(choosePrice(activity, undefined, '8')).toMatchObject({ ok: false, code: 'SALE_COUPON_UNKNOWN' });
  });
  it('falls back on the activity price without tariff options', () => {
    expect(choosePrice({ ...activity, tariffs: [] }, undefined, undefined)).toEqual({
      ok: true,
      priceCents: 1500,
      tariffCents: 300,
    });
  });
});

describe('TariffCache', () => {
  it("never keeps a passholder's kansenstatuut", () => {
    const cache = new TariffCache();
    cache.rememberHolder(
      {
        kind: 'passholder',
        uitpasNumber: '0930000150316',
        uid: 'uid-1',
        firstName: 'An',
        lastName: 'Peeters',
        card: { uitpasNumber: '0930000150316', status: 'ACTIVE', kansenpas: true },
        kansenstatuut: [{ cardSystem: 'UiTPAS Aalst', status: 'active', endDate: '2027-01-01' }],
        coupons: [],
      },
      0,
    );
    const h = cache.holder('0930000150316');
    expect(h).toMatchObject({ uid: 'uid-1', name: 'An Peeters', groupPass: false });
    expect(JSON.stringify(h)).not.toMatch(/cardSystem|UiTPAS Aalst|2027/);
  });

  it('evicts the least recently fetched card beyond its size', () => {
    const cache = new TariffCache(2);
    cache.rememberActivities('a', [activity], 1);
    cache.rememberActivities('b', [activity], 2);
    cache.rememberActivities('a', [activity], 3);
    cache.rememberActivities('c', [activity], 4);
    expect(cache.activity('b', 'ev-1')).toBeUndefined();
    expect(cache.activity('a', 'ev-1')).toMatchObject({ fetchedMs: 3 });
    expect(cache.activity('c', 'ev-1')?.activity.title).toBe('Concert');
  });
});
