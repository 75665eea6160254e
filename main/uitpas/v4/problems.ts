/**
 * API 4 refusals (problem+json, RFC 7807) -> Loket's failure classes and codes. The codes are the
 * XML API 3.0 ones Loket already knows and translates (docs/uitpas-xml-api.md §10.2), so the sales
 * core, the reports and the screens need no second vocabulary. Every problem type the spec names
 * is in this file (tests/unit/uitpas-v4/problems.test.ts proves it against the spec's excerpt):
 * the ones Loket's calls can meet map to their XML equivalent, the rest to ACTION_FAILED.
 */
import type { FailureKind } from '../port.js';

export const PROBLEM_BASE = 'https://api.publiq.be/probs/';

/** Problem types (after PROBLEM_BASE) a call Loket makes can answer, with the Loket code. */
export const PROBLEM_CODES: Readonly<Record<string, string>> = {
  // publiq's generic families (projects/errors/docs/type-*.md): Loket sent something wrong.
  'auth/unauthorized': 'UNAUTHORIZED',
  'auth/forbidden': 'ACCESS_DENIED',
  'body/missing': 'INVALID_PARAMETERS',
  'body/invalid-syntax': 'INVALID_PARAMETERS',
  'body/invalid-data': 'INVALID_PARAMETERS',
  'body/file-missing': 'INVALID_PARAMETERS',
  'body/file-invalid-type': 'INVALID_PARAMETERS',
  'body/file-invalid-size': 'INVALID_PARAMETERS',
  'header/invalid': 'INVALID_PARAMETERS',
  'header/missing': 'INVALID_PARAMETERS',
  'header/not-acceptable': 'INVALID_PARAMETERS',
  'header/unsupported-media-type': 'INVALID_PARAMETERS',
  'method/not-allowed': 'INVALID_PARAMETERS',
  'url/not-found': 'INVALID_PARAMETERS',
  'url/query-limit-exceeded': 'INVALID_PARAMETERS',
  // Tariffs, ticket sales, passes and passholders.
  'uitpas/event-not-found': 'UNKNOWN_EVENT_CDBID',
  'uitpas/maximum-reached': 'MAXIMUM_REACHED',
  'uitpas/invalid-card': 'INVALID_CARD',
  'uitpas/invalid-card-status': 'INVALID_CARD_STATUS',
  'uitpas/card-blocked': 'INVALID_CARD_STATUS_BLOCKED',
  'uitpas/passholder-blocked': 'INVALID_CARD_STATUS_BLOCKED',
  'uitpas/invalid-coupon': 'TICKET_SALE_COUPON_NOT_GRANTED',
  'uitpas/invalid-number-of-tickets': 'INVALID_PARAMETERS',
  // The spec spells it both ways: without the hyphen on /tariffs and /ticket-sales, with it elsewhere.
  'uitpas/invalid-uitpasnumber': 'PARSE_INVALID_UITPASNUMBER',
  'uitpas/invalid-uitpas-number': 'PARSE_INVALID_UITPASNUMBER',
  'uitpas/invalid-insz-number': 'UNKNOWN_IDENTIFICATION',
  'uitpas/pass-not-found': 'UNKNOWN_IDENTIFICATION',
  'uitpas/passholder-not-found': 'UNKNOWN_UITPASNUMBER',
  'uitpas/passholder-no-active-cardsystems': 'PASSHOLDER_NO_ACTIVE_CARDSYSTEMS',
  'uitpas/social-tariff-expired': 'KANSENSTATUUT_EXPIRED',
  'uitpas/social-tariff-discount-expired': 'KANSENSTATUUT_EXPIRED',
  // Suspended or not available: no right to the kansentarief now (the XML API says INVALID_CARD).
  'uitpas/social-tariff-suspended': 'INVALID_CARD',
  'uitpas/social-tariff-not-available': 'INVALID_CARD',
  'uitpas/ticket-sale-not-found': 'UNKNOWN_TICKET_SALE',
  'uitpas/organizer-not-found': 'UNKNOWN_BALIE_CONSUMERKEY',
  'uitpas/distributionkey-not-found': 'NO_VALID_DISTRIBUTION_KEY',
  // errors.md spells it so; the spec itself writes distributionkey.
  'uitpas/disributionkey-not-found': 'NO_VALID_DISTRIBUTION_KEY',
  'uitpas/invalid-distributionkey': 'NO_VALID_DISTRIBUTION_KEY',
  'uitpas/event-not-acceptable': 'ACTION_NOT_ALLOWED',
  'uitpas/rate-limited': 'RATE_LIMITED',
};

/**
 * Types the spec lists for calls Loket never makes (rewards, check-ins, kiosks, families, reports,
 * registration, associations). Named so a new type in a spec update is noticed by the test, and
 * mapped to XML's generic ACTION_FAILED with UiTPAS's own text if one ever reaches Loket.
 */
export const OTHER_PROBLEM_TYPES: readonly string[] = [
  'uitpas/association-membership-renew-not-possible',
  'uitpas/association-not-found',
  'uitpas/association-passholder-cardsystem-mismatch',
  'uitpas/cardsystem-not-found',
  'uitpas/checkin-code-expired',
  'uitpas/checkin-code-invalid',
  'uitpas/checkin-not-allowed',
  'uitpas/client-not-found',
  'uitpas/email-already-used',
  'uitpas/event-already-has-ticketsales',
  'uitpas/family-member-already-added',
  'uitpas/forbidden-underaged',
  'uitpas/group-not-found',
  'uitpas/insz-already-used',
  'uitpas/insz-in-token-required',
  'uitpas/invalid-card-system',
  'uitpas/invalid-city',
  'uitpas/invalid-postal-code',
  'uitpas/invalid-social-tariff-validation-token',
  'uitpas/invalid-voucher-code',
  'uitpas/kiosk-already-configured',
  'uitpas/kiosk-device-already-in-use',
  'uitpas/kiosk-not-found',
  'uitpas/passholder-already-registered',
  'uitpas/passholder-new-membership-error',
  'uitpas/postal-code-not-in-card-system',
  'uitpas/postal-code-required',
  'uitpas/report-invalid-status',
  'uitpas/report-not-found',
  'uitpas/reward-invalid-redeem-type',
  'uitpas/reward-not-editable',
  'uitpas/reward-not-found',
  'uitpas/reward-passholder-no-applicable-cardsystems',
  'uitpas/reward-passholder-points-constraint',
  'uitpas/reward-passholder-volume-constraint',
  'uitpas/reward-period-constraint',
  'uitpas/reward-volume-constraint',
  'uitpas/school-not-found',
  'uitpas/too-many-adults-in-family',
  'uitpas/too-many-family-members',
  'uitpas/uitid-already-registered',
];

export const GENERIC_CODE = 'ACTION_FAILED';

/** Card statuses for which Loket has an INVALID_CARD_STATUS_<status> text. */
const CARD_STATUS_CODES = new Set(['BLOCKED', 'DELETED', 'LOCAL_STOCK', 'STOCK', 'PROVISIONED', 'SENT_TO_BALIE']);

/** The Loket code for a problem type (full URI or short), with the card status when given. */
export function problemCode(type: string, cardStatus?: string): string {
  const short = type.startsWith(PROBLEM_BASE) ? type.slice(PROBLEM_BASE.length) : type;
  if (short === 'uitpas/invalid-card-status' && cardStatus && CARD_STATUS_CODES.has(cardStatus)) {
    return `INVALID_CARD_STATUS_${cardStatus}`;
  }
  return PROBLEM_CODES[short] ?? GENERIC_CODE;
}

/**
 * How the outbox must treat an HTTP status that is not the call's success, the same rules the XML
 * client applies (docs/uitpas-xml-api.md §10.1), with what API 4 adds:
 * - 5xx: the request may have been carried out -> ambiguous.
 * - 401: the token is missing, expired or refused -> unauthorized (pause, ask for a login).
 * - 403: the token is fine but lacks a permission for this organizer -> unauthorized with code
 *   ACCESS_DENIED, as the XML API's ACCESS_DENIED envelope.
 * - 429: UiTPAS did not carry the request out ("cannot complete because it was performed too many
 *   times"): safe to send again later -> not-sent.
 * - another 4xx with a problem body: a refusal -> rejected (nothing registered: all or nothing).
 * - anything else (3xx, 1xx, a 4xx without a problem body) -> bad-response.
 */
export function failureKind(status: number, hasProblem: boolean): FailureKind {
  if (status >= 500) return 'ambiguous';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 429) return 'not-sent';
  if (status >= 400 && status < 500 && hasProblem) return 'rejected';
  return 'bad-response';
}
