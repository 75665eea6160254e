import { describe, expect, it } from 'vitest';
import { SaleView } from '../../../contract/schemas/sales.js';
import { rawRequestText, rawResponseText } from '../../../main/sales/describe-raw.js';
import { DEFAULT_RECONCILE_POLICY, nextSearchMs, type ReconcilePolicy } from '../../../main/sales/reconcile-policy.js';
import type { SaleRecord } from '../../../main/sales/store/sale-store.js';
import { outcomeOf, toSaleView } from '../../../main/sales/views.js';

const bare: SaleRecord = {
  id: 's1',
  createdAt: '2026-11-27T10:00:00.000Z',
  createdMs: Date.parse('2026-11-27T10:00:00.000Z'),
  counterKey: 'counter-1',
  uitpasNumber: '0930000150316',
  groupPass: false,
  cdbid: 'ev-1',
  activityTitle: 'Concert',
  amountOfTickets: 1,
  expectedPriceCents: 1500,
  expectedTariffCents: 300,
  provisional: false,
  state: 'pending',
  attempts: 0,
  needsOperator: false,
  cancelRequested: false,
  searches: 0,
};

describe('toSaleView', () => {
  it('shows a bare sale with only its required fields (no internal columns, no empty optionals)', () => {
    const v = toSaleView(bare);
    expect(v).toStrictEqual({
      id: 's1',
      createdAt: '2026-11-27T10:00:00.000Z',
      counterKey: 'counter-1',
      uitpasNumber: '0930000150316',
      groupPass: false,
      cdbid: 'ev-1',
      activityTitle: 'Concert',
      amountOfTickets: 1,
      expectedPriceCents: 1500,
      expectedTariffCents: 300,
      provisional: false,
      state: 'pending',
      attempts: 0,
    });
    expect(SaleView.parse(v)).toStrictEqual(v);
  });

  it('carries every optional field the sale has, and the error as code and message', () => {
    const full: SaleRecord = {
      ...bare,
      userId: 'user-1',
      holderName: 'An Peeters',
      priceClass: 'Balkon',
      couponId: '7',
      couponName: 'Gratis',
      nextAttemptMs: Date.parse('2026-11-27T10:05:00.000Z'),
      ticketSaleId: 'ts-1',
      registeredPriceCents: 1400,
      registeredTariffCents: 200,
      lastErrorCode: 'MAXIMUM_REACHED',
      lastErrorMessage: 'limit',
      alert: 'tariff-changed',
      resolution: 'ok',
      cancelRequested: true,
      needsOperator: true,
      // Internal columns never reach the view.
      passholderUid: 'uid-1',
      searches: 3,
      settleAfterMs: 1,
      sweepAfterMs: 2,
      rejectionCode: 'X',
      firstAttemptMs: 3,
      firstAttemptAt: 'x',
    };
    expect(toSaleView(full)).toStrictEqual({
      id: 's1',
      createdAt: '2026-11-27T10:00:00.000Z',
      counterKey: 'counter-1',
      uitpasNumber: '0930000150316',
      groupPass: false,
      cdbid: 'ev-1',
      activityTitle: 'Concert',
      amountOfTickets: 1,
      expectedPriceCents: 1500,
      expectedTariffCents: 300,
      provisional: false,
      state: 'pending',
      attempts: 0,
      userId: 'user-1',
      holderName: 'An Peeters',
      priceClass: 'Balkon',
      couponId: '7',
      couponName: 'Gratis',
      nextAttemptAt: '2026-11-27T10:05:00.000Z',
      ticketSaleId: 'ts-1',
      registeredPriceCents: 1400,
      registeredTariffCents: 200,
      error: { code: 'MAXIMUM_REACHED', message: 'limit' },
      alert: 'tariff-changed',
      resolution: 'ok',
      cancelRequested: true,
      needsOperator: true,
    });
  });

  it('shows an error without a message as an empty message, and zero amounts as zero', () => {
    const v = toSaleView({ ...bare, lastErrorCode: 'NOT_SENT', registeredPriceCents: 0, registeredTariffCents: 0 });
    expect(v.error).toStrictEqual({ code: 'NOT_SENT', message: '' });
    expect(v.registeredPriceCents).toBe(0);
    expect(v.registeredTariffCents).toBe(0);
  });
});

describe('outcomeOf', () => {
  it('answers registered, rejected, unknown (also while reconciling) and pending for the rest', () => {
    const of = (state: SaleRecord['state']) => outcomeOf({ ...bare, state });
    expect(of('registered')).toBe('registered');
    expect(of('rejected')).toBe('rejected');
    expect(of('unknown')).toBe('unknown');
    expect(of('reconciling')).toBe('unknown');
    expect(of('pending')).toBe('pending');
    expect(of('sending')).toBe('pending');
    expect(of('cancelled')).toBe('pending');
  });
});

describe('raw exchange texts', () => {
  const raw = {
    method: 'POST',
    url: '/uitpas/cultureevent/buy',
    requestBody: 'cdbid=ev-1',
    status: 200,
    responseBody: '<ticketSale/>',
    startedAt: '2026-11-27T10:00:00.000Z',
    durationMs: 12.6,
  };

  it('writes the request line and, when there is one, the body', () => {
    expect(rawRequestText(raw)).toBe('POST /uitpas/cultureevent/buy\n\ncdbid=ev-1');
    expect(rawRequestText({ ...raw, requestBody: undefined })).toBe('POST /uitpas/cultureevent/buy');
    expect(rawRequestText({ ...raw, requestBody: '' })).toBe('POST /uitpas/cultureevent/buy');
    expect(rawRequestText(undefined)).toBeUndefined();
  });

  it('writes the status, the rounded duration and the body of an answer, and nothing without one', () => {
    expect(rawResponseText(raw)).toBe('HTTP 200 after 13 ms\n\n<ticketSale/>');
    expect(rawResponseText({ ...raw, status: undefined })).toBe('HTTP - after 13 ms\n\n<ticketSale/>');
    expect(rawResponseText({ ...raw, responseBody: undefined })).toBe('HTTP 200 after 13 ms\n\n');
    expect(rawResponseText({ ...raw, status: undefined, responseBody: undefined })).toBeUndefined();
    expect(rawResponseText(undefined)).toBeUndefined();
  });
});

describe('nextSearchMs', () => {
  const policy: ReconcilePolicy = { ...DEFAULT_RECONCILE_POLICY, lateCommitHorizonMs: 1000, searchAtFractions: [0.1, 0.5] };

  it('plans the early searches at fractions of the horizon after the attempt ended', () => {
    expect(nextSearchMs(policy, 0, 10_000, 20_000, 0)).toBe(10_100);
    expect(nextSearchMs(policy, 1, 10_000, 20_000, 0)).toBe(10_500);
  });

  it('searches when absence becomes provable once the fractions are used up, or sooner', () => {
    expect(nextSearchMs(policy, 2, 10_000, 20_000, 0)).toBe(20_000);
    expect(nextSearchMs(policy, 0, 10_000, 10_050, 0)).toBe(10_050);
  });

  it('never plans in the past: at least 10 ms from now', () => {
    expect(nextSearchMs(policy, 0, 10_000, 20_000, 30_000)).toBe(30_010);
    expect(nextSearchMs(policy, 0, 10_000, 20_000, 10_090)).toBe(10_100);
    expect(nextSearchMs(policy, 0, 10_000, 20_000, 10_091)).toBe(10_101);
  });

  it('uses six times the request timeout as horizon by default, with a cap on searches', () => {
    expect(DEFAULT_RECONCILE_POLICY).toStrictEqual({
      lateCommitHorizonMs: 60_000,
      searchAtFractions: [0.05, 0.2, 0.5],
      maxSearches: 12,
      maxUncertainBuys: 3,
      sweepDelayMs: 900_000,
      pageSize: 100,
      maxPages: 50,
    });
  });
});
