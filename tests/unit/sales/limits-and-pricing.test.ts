/** The pure rules behind an offline sale, in the detail the operator sees them. */
import { describe, expect, it } from 'vitest';
import type { Activity, Identification } from '../../../contract/domain.js';
import { backoffDelay } from '../../../main/sales/backoff.js';
import { checkOfflineLimits } from '../../../main/sales/offline-limits.js';
import { choosePrice } from '../../../main/sales/pricing.js';
import { TariffCache } from '../../../main/sales/tariff-cache.js';

const limits = { maxUnregisteredCount: 3, maxUnregisteredAgeHours: 2, maxUnregisteredAmountCents: 5000 };
const sale = { amountCents: 300, sameCardAndActivity: false };
const RESTORE = 'Restore the connection to UiTPAS first.';

function refusal(r: ReturnType<typeof checkOfflineLimits>): { reason: string; message: string } {
  if (r.ok) throw new Error('expected a refusal');
  return { reason: r.reason, message: r.message };
}

describe('offline limit messages', () => {
  it('say which limit, with the numbers, and what to do', () => {
    expect(refusal(checkOfflineLimits({ count: 3, amountCents: 0 }, sale, 0, limits))).toEqual({
      reason: 'count',
      message: `Offline limit reached: 3 sales are waiting to be registered (maximum 3). ${RESTORE}`,
    });
    expect(refusal(checkOfflineLimits({ count: 0, amountCents: 4800 }, sale, 0, limits))).toEqual({
      reason: 'amount',
      message: `Offline limit reached: this sale would bring the unregistered amount to € 51.00 (maximum € 50.00). ${RESTORE}`,
    });
    expect(refusal(checkOfflineLimits({ count: 0, amountCents: 0, oldestMs: 0 }, sale, 2 * 3_600_000 + 1, limits))).toEqual({
      reason: 'age',
      message: `Offline limit reached: the oldest unregistered sale is older than 2 hours. ${RESTORE}`,
    });
    expect(refusal(checkOfflineLimits({ count: 0, amountCents: 0 }, { ...sale, sameCardAndActivity: true }, 0, limits)).message).toMatch(
      /already has a sale for this activity that UiTPAS has not registered yet/,
    );
  });

  it('check the count before the amount, and the amount before the age', () => {
    const all = { count: 3, amountCents: 9_999, oldestMs: 0 };
    expect(refusal(checkOfflineLimits(all, sale, 10 * 3_600_000, limits)).reason).toBe('count');
    expect(refusal(checkOfflineLimits({ ...all, count: 0 }, sale, 10 * 3_600_000, limits)).reason).toBe('amount');
  });
});

const activity: Activity = {
  cdbid: 'ev-1',
  title: 'Concert',
  priceCents: 1500,
  tariffCents: 300,
  tariffs: [
    { type: 'COUPON', coupon: { id: '7', name: 'Gratis' }, priceClasses: [{ name: 'Basis', priceCents: 1500, tariffCents: 0 }] },
    {
      type: 'DEFAULT',
      priceClasses: [
        { name: 'Basis', priceCents: 1500, tariffCents: 300 },
        { name: 'Balkon', priceCents: 1000, tariffCents: 200 },
      ],
    },
    { type: 'COUPON', coupon: { id: '8', name: 'Halve prijs' }, priceClasses: [] },
  ],
};

describe('choosePrice in detail', () => {
  it('picks the default option even when a coupon is listed first', () => {
    expect(choosePrice(activity, 'Balkon', undefined)).toStrictEqual({ ok: true, priceCents: 1000, tariffCents: 200 });
  });

  it("takes a coupon's first price class when none is chosen, naming the coupon", () => {
    expect(choosePrice(activity, undefined, '7')).toStrictEqual({ ok: true, priceCents: 1500, tariffCents: 0, couponName: 'Gratis' });
  });

  it("falls back on the activity's price for a coupon without price classes", () => {
    expect(choosePrice(activity, undefined, '8')).toStrictEqual({
      ok: true,
      priceCents: 1500,
      tariffCents: 300,
      couponName: 'Halve prijs',
    });
    expect(choosePrice(activity, 'Basis', '8')).toMatchObject({ ok: false, code: 'SALE_PRICE_CLASS_UNKNOWN' });
  });

  it('explains what is unknown, for which activity', () => {
    expect(choosePrice(activity, 'Loge', undefined)).toStrictEqual({
      ok: false,
      code: 'SALE_PRICE_CLASS_UNKNOWN',
      message: 'Price class "Loge" does not exist for Concert',
    });
    expect(choosePrice(activity, undefined, '9')).toStrictEqual({
      ok: false,
      code: 'SALE_COUPON_UNKNOWN',
      message: 'Coupon 9 is not offered for Concert',
    });
    // A DEFAULT option never passes for a coupon.
    expect(choosePrice({ ...activity, tariffs: [activity.tariffs[1]!] }, undefined, '7')).toMatchObject({
      ok: false,
      code: 'SALE_COUPON_UNKNOWN',
    });
    expect(choosePrice({ ...activity, tariffs: [] }, 'Basis', undefined)).toMatchObject({ ok: false, code: 'SALE_PRICE_CLASS_UNKNOWN' });
  });
});

describe('TariffCache in detail', () => {
  const groupPass: Identification = {
    kind: 'group',
    uitpasNumber: '0930000900106',
    name: 'De Kring',
    availableTickets: 5,
    kansenstatuut: true,
    expired: false,
    coupons: [],
  };

  it('keeps a group pass as it came, without a uid', () => {
    const cache = new TariffCache();
    expect(cache.rememberHolder(groupPass, 7)).toStrictEqual({
      uitpasNumber: '0930000900106',
      groupPass: true,
      name: 'De Kring',
      identification: groupPass,
      fetchedMs: 7,
    });
    expect(cache.holder('0930000900106')?.fetchedMs).toBe(7);
    expect(cache.holder('0930000150316')).toBeUndefined();
  });

  it('names a passholder by first and last name, trimmed', () => {
    const cache = new TariffCache();
    const h = cache.rememberHolder(
      {
        kind: 'passholder',
        uitpasNumber: '1',
        uid: 'u',
        firstName: '',
        lastName: 'Peeters',
        card: { uitpasNumber: '1', status: 'ACTIVE', kansenpas: false },
        kansenstatuut: [],
        coupons: [],
      },
      1,
    );
    expect(h).toMatchObject({ name: 'Peeters', uid: 'u', groupPass: false, fetchedMs: 1 });
  });

  it('merges the activities fetched for a card and dates them by the last fetch', () => {
    const cache = new TariffCache();
    cache.rememberActivities('c', [activity], 1);
    cache.rememberActivities('c', [{ ...activity, cdbid: 'ev-2', title: 'Theater' }], 5);
    expect(cache.activity('c', 'ev-1')).toStrictEqual({ activity, fetchedMs: 5 });
    expect(cache.activity('c', 'ev-2')?.activity.title).toBe('Theater');
    expect(cache.activity('c', 'ev-3')).toBeUndefined();
    expect(cache.activity('d', 'ev-1')).toBeUndefined();
  });

  it('holds exactly its size of cards, for holders too', () => {
    const cache = new TariffCache(2);
    cache.rememberHolder({ ...groupPass, uitpasNumber: 'a' }, 1);
    cache.rememberHolder({ ...groupPass, uitpasNumber: 'b' }, 2);
    expect(cache.holder('a')).toBeDefined();
    expect(cache.holder('b')).toBeDefined();
    cache.rememberHolder({ ...groupPass, uitpasNumber: 'a' }, 3);
    cache.rememberHolder({ ...groupPass, uitpasNumber: 'c' }, 4);
    expect(cache.holder('b')).toBeUndefined();
    expect(cache.holder('a')?.fetchedMs).toBe(3);
    expect(cache.holder('c')).toBeDefined();
  });
});

describe('backoffDelay in detail', () => {
  it('stays zero with a zero base, however many failures', () => {
    expect(backoffDelay(10_000, () => 1, { baseMs: 0, maxMs: 60_000 })).toBe(0);
  });

  it('the step doubles from the base: 1, 2, 4, 8 times', () => {
    const opts = { baseMs: 100, maxMs: 100_000 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, () => 1, opts))).toEqual([100, 200, 400, 800]);
    expect(backoffDelay(-1, () => 1, opts)).toBe(0);
  });
});
