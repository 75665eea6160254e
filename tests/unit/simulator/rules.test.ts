import { describe, expect, it } from 'vitest';
import { checkCardNumber } from '../../../contract/card-number.js';
import { SimulatorRules } from '../../../main/tools/simulator/rules.js';
import { buildSeed } from '../../../main/tools/simulator/seed.js';

const now = new Date('2026-03-28T10:00:00Z'); // the day before DST starts in Brussels
const seed = buildSeed(now);
const rules = () => new SimulatorRules(seed, () => now);
const user = seed.employees[0]!.userId;
const counter = seed.employees[0]!.counterKeys[0]!;
const byName = (first: string) => seed.passholders.find((p) => p.firstName === first)!.uitpasNumber;

describe('seed', () => {
  it('has at least 10 passholders in every state, 2 group passes, 8 activities of the counter today and later', () => {
    expect(seed.passholders.length).toBeGreaterThanOrEqual(10);
    expect(new Set(seed.passholders.map((p) => p.kansenstatuut))).toEqual(new Set(['active', 'grace', 'expired', 'suspended', 'none']));
    expect(seed.passholders.some((p) => p.cardStatus === 'BLOCKED')).toBe(true);
    expect(seed.groupPasses).toHaveLength(2);
    const mine = seed.events.filter((e) => e.organiserCounter === counter);
    expect(mine.length).toBeGreaterThanOrEqual(8);
    expect(mine.filter((e) => e.date === '2026-03-28').length).toBeGreaterThanOrEqual(4);
    for (const n of [...seed.passholders.map((p) => p.uitpasNumber), ...seed.groupPasses.map((g) => g.uitpasNumber)]) {
      expect(checkCardNumber(n).ok).toBe(true);
    }
    expect(new Set(seed.passholders.map((p) => p.uitpasNumber)).size).toBe(seed.passholders.length);
  });
});

describe('rules', () => {
  it('grants the kansentarief in the grace period, not when suspended or expired', () => {
    const r = rules();
    const priced = seed.roles.activities.priced;
    const price = (first: string) =>
      r.searchEvents({ counterKeys: [counter], uitpasNumber: byName(first), cdbid: priced, datetype: 'today' });
    expect(price('Koen')).toMatchObject({ ok: true, value: { items: [{ tariffCents: 550 }] } });
    expect(price('Amélie')).toMatchObject({ ok: true, value: { items: [{ tariffCents: 2200, reason: 'INVALID_CARD' }] } });
    expect(price('Élise')).toMatchObject({ ok: true, value: { items: [{ reason: 'KANSENSTATUUT_EXPIRED' }] } });
  });

  it('prepares a buy without committing it; commit records it once', () => {
    const r = rules();
    const prepared = r.prepareBuy(user, seed.roles.activities.priced, seed.roles.cards.kansenstatuut, { balieConsumerKey: counter });
    if (!prepared.ok) throw new Error(prepared.code);
    expect(r.sales).toHaveLength(0);
    const sale = prepared.value();
    expect(r.sales).toEqual([sale]);
    expect(sale.creationDate).toBe('2026-03-28T11:00:00+01:00');
  });

  it('cancelling a group sale gives the tickets back', () => {
    const r = rules();
    const group = seed.roles.cards.group;
    const p = r.prepareBuy(user, seed.roles.activities.priced, group, { balieConsumerKey: counter, amountOfTickets: '5' });
    if (!p.ok) throw new Error(p.code);
    const sale = p.value();
    expect(r.data.groupPasses[0]!.availableTickets).toBe(7);
    expect(r.cancel(user, sale.id, { balieConsumerKey: counter })).toMatchObject({ ok: true });
    expect(r.data.groupPasses[0]!.availableTickets).toBe(12);
    expect(r.cancel(user, sale.id, { balieConsumerKey: counter })).toMatchObject({ ok: false, code: 'UNKNOWN_TICKET_SALE' });
  });
});

describe('a demo running past midnight', () => {
  it('moves the activities along so there are still activities today', () => {
    let clock = new Date('2026-03-28T10:00:00Z');
    const r = new SimulatorRules(buildSeed(clock), () => clock);
    const today = () => r.searchEvents({ counterKeys: [counter], datetype: 'today' });
    const before = today();
    if (!before.ok) throw new Error(before.code);
    clock = new Date('2026-03-30T08:00:00Z');
    const after = today();
    if (!after.ok) throw new Error(after.code);
    expect(after.value.items.map((e) => e.event.cdbid)).toEqual(before.value.items.map((e) => e.event.cdbid));
    expect(after.value.items[0]?.event.date).toBe('2026-03-30');
  });
});

describe('passholder/search', () => {
  const search = (q: Parameters<SimulatorRules['searchPassholders']>[0]) => {
    const r = rules().searchPassholders({ counterKey: counter, ...q });
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    return { total: r.value.total, people: r.value.items.map((p) => `${p.firstName} ${p.name} ${p.dateOfBirth.slice(0, 10)}`) };
  };

  it('seeds namesakes that only date of birth and city tell apart', () => {
    const jans = seed.passholders.filter((p) => p.name === 'Peeters' && p.firstName === 'Jan');
    expect(jans).toHaveLength(2);
    expect(new Set(jans.map((p) => p.city)).size).toBe(2);
  });

  it('matches case-insensitively, with * wildcards, sorted by name', () => {
    expect(search({ name: 'peeters' })).toEqual({
      total: 3,
      people: ['An Peeters 1985-02-14', 'Jan Peeters 1971-07-02', 'Jan Peeters 2001-10-05'],
    });
    expect(search({ name: 'PEE*', firstName: 'j*' }).total).toBe(2);
    expect(search({ name: '*broeck' }).people).toEqual(['François Van den Broeck 1993-08-15']);
    expect(search({ name: 'Pee' }).total).toBe(0);
    // Regex characters are literal.
    expect(search({ name: 'Pe.ters' }).total).toBe(0);
  });

  it('matches the exact day of birth', () => {
    expect(search({ name: 'Peeters', dob: '2001-10-05' }).people).toEqual(['Jan Peeters 2001-10-05']);
    expect(search({ name: 'Peeters', dob: '2001-10-06' }).total).toBe(0);
  });

  it('refuses a date that is not a W3C day with PARSE_INVALID_DATE', () => {
    for (const dob of ['2001-02-30', '05/10/2001', '2001-10-05T00:00:00']) {
      expect(rules().searchPassholders({ counterKey: counter, name: 'Peeters', dob })).toMatchObject({
        ok: false,
        status: 400,
        code: 'PARSE_INVALID_DATE',
      });
    }
  });

  it('pages with the total', () => {
    expect(search({ name: 'Peeters', max: '1' })).toEqual({ total: 3, people: ['An Peeters 1985-02-14'] });
    expect(search({ name: 'Peeters', start: '2', max: '5' })).toEqual({ total: 3, people: ['Jan Peeters 2001-10-05'] });
  });

  it('leaves blocked cards out unless includeBlocked=true', () => {
    expect(search({ name: 'Maes' }).total).toBe(0);
    expect(search({ name: 'Maes', includeBlocked: 'true' }).total).toBe(1);
  });

  it('refuses an unknown counter', () => {
    expect(rules().searchPassholders({ counterKey: 'nope', name: 'Peeters' })).toMatchObject({
      ok: false,
      code: 'UNKNOWN_BALIE_CONSUMERKEY',
    });
  });
});

describe('balie/listEmployees', () => {
  it('lists admins and members of the counter; refuses an unknown counter and one the caller does not work at', () => {
    const r = rules();
    const ok = r.listEmployees(user, counter);
    expect(ok.ok && ok.value.admins.map((e) => e.nick)).toEqual(['anwouters']);
    expect(ok.ok && ok.value.members.map((e) => e.nick)).toEqual(['baliemedewerker']);
    expect(r.listEmployees(user, 'nope')).toMatchObject({ ok: false, status: 400, code: 'UNKNOWN_BALIE_CONSUMERKEY' });
    const foreign = seed.counters.find((c) => !seed.employees[0]!.counterKeys.includes(c.consumerKey))!;
    expect(r.listEmployees(user, foreign.consumerKey)).toMatchObject({ ok: false, code: 'ACCESS_DENIED' });
  });
});
