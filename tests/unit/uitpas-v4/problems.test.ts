/** Every problem type publiq documents maps to a Loket code, and statuses to the XML client's classes. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  failureKind,
  GENERIC_CODE,
  OTHER_PROBLEM_TYPES,
  PROBLEM_BASE,
  PROBLEM_CODES,
  problemCode,
} from '../../../main/uitpas/v4/problems.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(`tests/fixtures/uitpas-v4/${name}`, 'utf8')) as T;

const documented = (): string[] => {
  const fromSpec = fixture<{ 'x-problem-types': string[] }>('uitpas-openapi-excerpt.json')['x-problem-types'];
  const docs = fixture<Record<string, string[] | string>>('problem-types.json');
  const fromDocs = Object.entries(docs)
    .filter(([k]) => k !== '$comment')
    .flatMap(([, v]) => v as string[]);
  return [...new Set([...fromSpec, ...fromDocs])].sort();
};

describe('problem types', () => {
  it('every type the spec and the error docs name is either mapped or knowingly generic', () => {
    const types = documented();
    expect(types.length).toBeGreaterThan(60);
    const unknown = types.map((t) => t.slice(PROBLEM_BASE.length)).filter((t) => !(t in PROBLEM_CODES) && !OTHER_PROBLEM_TYPES.includes(t));
    expect(unknown).toEqual([]);
  });

  it('no type is both mapped and listed as generic', () => {
    expect(OTHER_PROBLEM_TYPES.filter((t) => t in PROBLEM_CODES)).toEqual([]);
  });

  it('gives the XML API codes Loket already translates', () => {
    expect(problemCode(`${PROBLEM_BASE}uitpas/maximum-reached`)).toBe('MAXIMUM_REACHED');
    expect(problemCode(`${PROBLEM_BASE}uitpas/ticket-sale-not-found`)).toBe('UNKNOWN_TICKET_SALE');
    expect(problemCode(`${PROBLEM_BASE}auth/forbidden`)).toBe('ACCESS_DENIED');
    expect(problemCode(`${PROBLEM_BASE}uitpas/event-not-found`)).toBe('UNKNOWN_EVENT_CDBID');
    expect(problemCode(`${PROBLEM_BASE}uitpas/social-tariff-expired`)).toBe('KANSENSTATUUT_EXPIRED');
    expect(problemCode(`${PROBLEM_BASE}uitpas/social-tariff-discount-expired`)).toBe('KANSENSTATUUT_EXPIRED');
    expect(problemCode(`${PROBLEM_BASE}uitpas/invalid-coupon`)).toBe('TICKET_SALE_COUPON_NOT_GRANTED');
    // Both spellings the spec uses.
    expect(problemCode(`${PROBLEM_BASE}uitpas/invalid-uitpasnumber`)).toBe('PARSE_INVALID_UITPASNUMBER');
    expect(problemCode(`${PROBLEM_BASE}uitpas/invalid-uitpas-number`)).toBe('PARSE_INVALID_UITPASNUMBER');
  });

  it('names the card status when UiTPAS says it, and only a known one', () => {
    expect(problemCode(`${PROBLEM_BASE}uitpas/invalid-card-status`, 'BLOCKED')).toBe('INVALID_CARD_STATUS_BLOCKED');
    expect(problemCode(`${PROBLEM_BASE}uitpas/invalid-card-status`, 'WHATEVER')).toBe('INVALID_CARD_STATUS');
    expect(problemCode(`${PROBLEM_BASE}uitpas/invalid-card-status`)).toBe('INVALID_CARD_STATUS');
  });

  it('an unknown or foreign type is generic, never a guess', () => {
    expect(problemCode(`${PROBLEM_BASE}uitpas/something-new`)).toBe(GENERIC_CODE);
    expect(problemCode('https://example.org/probs/maximum-reached')).toBe(GENERIC_CODE);
    expect(problemCode(`${PROBLEM_BASE}uitpas/reward-not-found`)).toBe(GENERIC_CODE);
  });
});

describe('failure classes by status (as the XML client)', () => {
  it.each([
    [500, true, 'ambiguous'],
    [503, false, 'ambiguous'],
    [401, true, 'unauthorized'],
    [401, false, 'unauthorized'],
    [403, true, 'unauthorized'],
    [429, true, 'not-sent'],
    [429, false, 'not-sent'],
    [400, true, 'rejected'],
    [404, true, 'rejected'],
    [400, false, 'bad-response'],
    [404, false, 'bad-response'],
    [302, false, 'bad-response'],
    [200, false, 'bad-response'],
  ] as const)('HTTP %i (problem body: %s) -> %s', (status, problem, kind) => {
    expect(failureKind(status, problem)).toBe(kind);
  });
});
