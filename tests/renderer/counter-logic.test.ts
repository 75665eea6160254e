import { describe, expect, it } from 'vitest';
import type { GroupPass, Passholder } from '../../contract/domain.js';
import { LoketCallError } from '../../contract/rpc.js';
import { formatCents, formatDate, formatTime } from '../../renderer/src/lib/format/locale.js';
import { en } from '../../renderer/src/lib/i18n/en.js';
import { fr } from '../../renderer/src/lib/i18n/fr.js';
import { nl } from '../../renderer/src/lib/i18n/nl.js';
import { SHORTCUTS, shortcutFor } from '../../renderer/src/lib/keyboard/shortcuts.js';
import { toProblem } from '../../renderer/src/features/sale/failure.js';
import { clampTickets, holderStop, maxTickets } from '../../renderer/src/features/sale/holder.js';
import { matchesFilter, needsAttention } from '../../renderer/src/features/today/today-store.js';
import { queueCounts } from '../../renderer/src/app/queue-store.js';

const nbsp = (s: string) => s.replace(/\s/g, ' ');

describe('amounts and times', () => {
  it('formats € 5,25 in Dutch, 5,25 € in French, from integer cents', () => {
    expect(nbsp(formatCents(525, 'nl'))).toBe('€ 5,25');
    expect(nbsp(formatCents(525, 'fr'))).toBe('5,25 €');
    expect(nbsp(formatCents(0, 'nl'))).toBe('€ 0,00');
    expect(nbsp(formatCents(165_000, 'nl'))).toBe('€ 1.650,00');
    expect(nbsp(formatCents(525, 'xx'))).toBe('€ 5,25');
  });

  it('shows times and dates in Brussels whatever the PC clock zone', () => {
    // 19:30 UTC in winter is 20:30 in Brussels; in summer 21:30.
    expect(formatTime('2026-11-27T19:30:00Z', 'nl')).toBe('20:30');
    expect(formatTime('2026-07-01T19:30:00Z', 'fr')).toBe('21:30');
    // 23:30 UTC on 31 December is already New Year in Brussels.
    expect(formatDate('2026-12-31T23:30:00Z', 'nl')).toBe('1 jan 2027');
    expect(formatTime('not a date', 'nl')).toBe('not a date');
  });
});

describe('every UiTPAS code has a message in nl, fr and en', () => {
  // docs/uitpas-xml-api.md §10.2 (buy, lookup), §6 (buyConstraintReason), and Loket's own sale codes.
  const codes = [
    'MISSING_REQUIRED_FIELDS',
    'INVALID_PARAMETERS',
    'UNKNOWN_EVENT_CDBID',
    'PARSE_INVALID_UITPASNUMBER',
    'PARSE_INVALID_LONG',
    'ACTION_NOT_ALLOWED',
    'MAXIMUM_REACHED',
    'UNKNOWN_UITPASNUMBER',
    'INVALID_CARD_STATUS',
    'TICKETSALE_NOT_ALLOWED_FREE_EVENT',
    'NO_VALID_DISTRIBUTION_KEY',
    'UNKNOWN_PRICE_CLASS',
    'ACCESS_DENIED',
    'INVALID_CARD',
    'PASSHOLDER_NO_ACTIVE_CARDSYSTEMS',
    'INVALID_DATE_CONSTRAINTS',
    'KANSENSTATUUT_EXPIRED',
    'UNKNOWN_BALIE_CONSUMERKEY',
    'TICKET_SALE_COUPON_NOT_GRANTED',
    'UNKNOWN_IDENTIFICATION',
    'UNKNOWN_CHIPNUMBER',
    'INVALID_CARD_STATUS_BLOCKED',
    'INVALID_CARD_STATUS_LOCAL_STOCK',
    'INVALID_CARD_STATUS_DELETED',
    'INVALID_CARD_STATUS_STOCK',
    'INVALID_CARD_STATUS_PROVISIONED',
    'INVALID_CARD_STATUS_SENT_TO_BALIE',
    'BALIE_NOT_AUTHORIZED',
    'BALIE_NOT_ACTOR',
    'UNKNOWN_GROUPPASS',
    'CARD_INVALID',
    'CARD_INVALID_CHECKSUM',
    'SALE_NO_COUNTER',
    'SALE_ACTIVITY_UNKNOWN',
    'SALE_PRICE_CLASS_UNKNOWN',
    'SALE_COUPON_UNKNOWN',
    'SALE_AMOUNT_GROUP_ONLY',
    'SALE_AMOUNT_REQUIRED',
    'OFFLINE_NO_TARIFF',
    'OFFLINE_LIMIT_REACHED',
    'SALE_NOT_FOUND',
    'SALE_STATE',
    'SALE_NO_RECEIPT',
    'UITPAS_OFFLINE',
    'UITPAS_UNAVAILABLE',
    'UITPAS_UNCERTAIN',
    'UITPAS_LOGIN_REQUIRED',
  ];
  it.each(codes)('%s', (code) => {
    for (const lang of [nl, fr, en]) {
      const text = (lang.codes as Record<string, string>)[code];
      expect(text, code).toBeTruthy();
    }
    // Each language really is translated, not copied.
    expect((fr.codes as Record<string, string>)[code]).not.toBe((nl.codes as Record<string, string>)[code]);
  });
});

describe('failures', () => {
  it('shows the UiTPAS code and the server message of a rejection', () => {
    const err = new LoketCallError({
      code: 'UITPAS_REJECTED',
      message: 'x',
      details: { code: 'UNKNOWN_IDENTIFICATION', message: 'No pass for 0940…' },
    });
    expect(toProblem(err)).toEqual({ code: 'UNKNOWN_IDENTIFICATION', serverMessage: 'No pass for 0940…', detail: 'x' });
  });
  it('keeps the app code otherwise and never throws on odd errors', () => {
    expect(toProblem(new LoketCallError({ code: 'UITPAS_OFFLINE', message: 'refused' }))).toEqual({
      code: 'UITPAS_OFFLINE',
      detail: 'refused',
    });
    expect(toProblem('boom')).toEqual({ code: 'RENDERER', detail: 'boom' });
  });
});

describe('passholder rules', () => {
  const card = { uitpasNumber: '0940000000114', status: 'ACTIVE' as const, kansenpas: true };
  const person: Passholder = {
    kind: 'passholder',
    uitpasNumber: card.uitpasNumber,
    uid: 'u',
    firstName: 'F',
    lastName: 'Y',
    card,
    kansenstatuut: [],
    coupons: [],
  };
  const group: GroupPass = {
    kind: 'group',
    uitpasNumber: '0940000050119',
    name: 'Vzw',
    availableTickets: 12,
    kansenstatuut: true,
    expired: false,
    coupons: [],
  };

  it('stops the sale for a card that is not active, with the reason', () => {
    expect(holderStop(person)).toBeUndefined();
    expect(holderStop({ ...person, card: { ...card, status: 'BLOCKED' } })).toBe('INVALID_CARD_STATUS_BLOCKED');
    expect(holderStop({ ...person, card: { ...card, status: 'DELETED' } })).toBe('INVALID_CARD_STATUS_DELETED');
    expect(holderStop({ ...person, notice: 'INVALID_CARD_STATUS_BLOCKED' })).toBe('INVALID_CARD_STATUS_BLOCKED');
    // An expired kansenstatuut is a notice, not a stop: coupons may still apply.
    expect(holderStop({ ...person, notice: 'KANSENSTATUUT_EXPIRED' })).toBeUndefined();
    expect(holderStop(group)).toBeUndefined();
  });

  it('keeps the number of group tickets within 1 … remaining', () => {
    expect(maxTickets(group)).toBe(12);
    expect(maxTickets(person)).toBe(1);
    expect(maxTickets({ ...group, availableTickets: 0 })).toBe(1);
    expect(clampTickets(3, 12)).toBe(3);
    expect(clampTickets(40, 12)).toBe(12);
    expect(clampTickets(0, 12)).toBe(1);
    expect(clampTickets(Number.NaN, 12)).toBe(1);
    expect(clampTickets(2.7, 12)).toBe(2);
  });
});

describe('shortcuts', () => {
  it('maps the documented keys, and leaves characters alone in a text field', () => {
    expect(shortcutFor('Escape', true, false)).toBe('newCustomer');
    expect(shortcutFor('F2', true, false)).toBe('focusCard');
    expect(shortcutFor('F5', false, false)).toBe('syncNow');
    expect(shortcutFor('/', false, false)).toBe('focusSearch');
    expect(shortcutFor('/', true, false)).toBeUndefined();
    expect(shortcutFor('?', false, false)).toBe('help');
    expect(shortcutFor('F1', true, false)).toBe('help');
    expect(shortcutFor('F5', false, true)).toBeUndefined();
    expect(shortcutFor('a', false, false)).toBeUndefined();
    expect(SHORTCUTS.flatMap((s) => s.keys)).toEqual(expect.arrayContaining(['Escape', 'F2', 'F5', '/', 'F1', '?', 'F8']));
  });
});

describe("today's list and queue", () => {
  const sale = { id: 'a', state: 'rejected' } as Parameters<typeof needsAttention>[0];
  it('filters by state and knows what needs attention', () => {
    expect(matchesFilter(sale, 'open')).toBe(true);
    expect(matchesFilter(sale, 'rejected')).toBe(true);
    expect(matchesFilter({ ...sale, state: 'registered' }, 'open')).toBe(false);
    expect(matchesFilter({ ...sale, state: 'cancelled' }, 'all')).toBe(true);
    expect(needsAttention(sale)).toBe(true);
    expect(needsAttention({ ...sale, state: 'registered' })).toBe(false);
    expect(needsAttention({ ...sale, state: 'registered', alert: 'tariff-changed' })).toBe(true);
  });
  it('counts pending with sending, unknown with reconciling, and unconfirmed cancels', () => {
    const status = {
      counts: {
        pending: 2,
        sending: 1,
        registered: 5,
        rejected: 1,
        unknown: 1,
        reconciling: 1,
        cancelled: 0,
        resolved: 0,
        'cancel-pending': 1,
        'cancel-sending': 0,
        'cancel-unknown': 1,
      },
      unregistered: 5,
      needsAttention: 2,
      worker: 'idle' as const,
    };
    expect(queueCounts(status)).toEqual({ pending: 3, unknown: 2, rejected: 1, cancelling: 2 });
    expect(queueCounts(undefined)).toEqual({ pending: 0, unknown: 0, rejected: 0, cancelling: 0 });
  });
});
