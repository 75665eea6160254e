/**
 * The API 4 schemas against the spec's own examples (tests/fixtures/uitpas-v4/, copied from
 * cultuurnet/apidocs; README.md there names the commit): every example of every operation Loket
 * uses parses, and maps to the domain without a complaint.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  EventsPage,
  GrouppassesPage,
  OrganizerAdminsPage,
  PassholdersPage,
  PermissionsResponse,
  PriceInfo,
  Problem,
  SearchEvent,
  TariffsResponse,
  TicketSalesPage,
  TicketSalesRequest,
  TicketSalesResponse,
} from '../../../main/uitpas/v4/schemas.js';
import { activity, counters, counterEmployees, groupPass, passholder, ticketSale } from '../../../main/uitpas/v4/mappers.js';

type Examples = Record<string, { value: unknown }>;
interface Content {
  examples?: Examples;
  'x-examples'?: Examples;
}
interface Response {
  description?: string;
  content?: Record<string, Content>;
}
interface Operation {
  requestBody?: { content: Record<string, Content> };
  responses: Record<string, Response>;
}
interface Excerpt {
  info: { version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, Response> };
}

const fixture = <T>(name: string): T => JSON.parse(readFileSync(`tests/fixtures/uitpas-v4/${name}`, 'utf8')) as T;
const spec = fixture<Excerpt>('uitpas-openapi-excerpt.json');
const udb = fixture<Record<string, unknown>>('uitdatabank-excerpt.json');

const operation = (path: string, method: string): Operation => {
  const op = spec.paths[path]?.[method];
  if (!op) throw new Error(`no ${method} ${path} in the excerpt`);
  return op;
};
const entries = (ex: Examples | undefined): [string, unknown][] => Object.entries(ex ?? {}).map(([name, e]) => [name, e.value]);
const examples = (path: string, method: string, code: string, type = 'application/json'): [string, unknown][] =>
  entries(operation(path, method).responses[code]?.content?.[type]?.examples);
const requestExamples = (path: string, method: string): [string, unknown][] =>
  entries(operation(path, method).requestBody?.content['application/json']?.examples);

function parses<T>(schema: { safeParse(x: unknown): { success: boolean; data?: T; error?: { message: string } } }, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new Error(r.error?.message);
  return r.data as T;
}

describe('the spec excerpt is what the tests think it is', () => {
  it('is API 4.0 with the operations Loket uses', () => {
    expect(spec.info.version).toBe('4.0');
    expect(Object.keys(spec.paths).sort()).toEqual(
      [
        '/grouppasses',
        '/organizers/{organizerId}/admins',
        '/passholders',
        '/permissions',
        '/tariffs',
        '/ticket-sales',
        '/ticket-sales/{ticketSaleId}',
      ].sort(),
    );
  });
});

describe('GET /tariffs', () => {
  it.each(examples('/tariffs', 'get', '200'))('200 %s', (_name, value) => {
    const r = parses(TariffsResponse, value);
    for (const t of r.available) expect(t.remaining).toBeGreaterThanOrEqual(1);
  });
  it.each(examples('/tariffs', 'get', '400', 'application/problem+json'))('400 %s', (_name, value) => {
    expect(parses(Problem, value).type).toMatch(/^https:\/\/api\.publiq\.be\/probs\//);
  });
  it('an example with endUserMessage keeps it, in Dutch at least', () => {
    const withMessage = examples('/tariffs', 'get', '200')
      .map(([, v]) => parses(TariffsResponse, v))
      .filter((r) => r.endUserMessage);
    expect(withMessage.length).toBeGreaterThan(0);
    for (const r of withMessage) expect(r.endUserMessage!.nl.length).toBeGreaterThan(10);
  });
});

describe('POST /ticket-sales', () => {
  it.each(requestExamples('/ticket-sales', 'post'))('request %s', (_name, value) => {
    expect(parses(TicketSalesRequest, value).length).toBeGreaterThan(0);
  });
  it.each(examples('/ticket-sales', 'post', '200'))('200 %s maps to ticket sales', (_name, value) => {
    const sales = parses(TicketSalesResponse, value);
    for (const s of sales) {
      // The examples carry no creationDate: the client falls back on the reply's Date header.
      const t = ticketSale(s, { groupPass: false, creationDate: '2026-08-24T12:57:02Z' });
      expect(t.id).toBe(s.id);
      expect(t.priceCents).toBe(1000);
    }
  });
  it.each(examples('/ticket-sales', 'post', '400', 'application/problem+json'))('400 %s', (_name, value) => {
    expect(parses(Problem, value).status).toBe(400);
  });
  it('the request body refuses what Loket never sends', () => {
    expect(TicketSalesRequest.safeParse([]).success).toBe(false);
    expect(
      TicketSalesRequest.safeParse([{ regularPrice: 10, tariff: { id: 'X' }, eventId: 'e', uitpasNumber: 'n', passholder: {} }]).success,
    ).toBe(false);
  });
});

describe('GET /ticket-sales', () => {
  it.each(examples('/ticket-sales', 'get', '200'))('200 %s maps, with the passholder when given', (_name, value) => {
    const page = parses(TicketSalesPage, value);
    expect(page.totalItems).toBe(page.member.length);
    for (const s of page.member) {
      const t = ticketSale(s, { groupPass: false });
      expect(t).toMatchObject({ id: s.id, cdbid: s.eventId, coupon: { id: 'COUPON1234' }, priceClass: s.regularPriceLabel });
      expect(t.userId).toBe(s.passholder?.id);
      expect(t.amountOfTickets).toBeUndefined();
    }
  });
  it('400 lists the query limit', () => {
    expect(operation('/ticket-sales', 'get').responses['400']?.description).toContain('query-limit-exceeded');
  });
});

describe('DELETE /ticket-sales/{id}', () => {
  it('204 without a body, 404 ticket-sale-not-found', () => {
    const responses = operation('/ticket-sales/{ticketSaleId}', 'delete').responses;
    expect(responses['204']?.content).toBeUndefined();
    const notFound = examples('/ticket-sales/{ticketSaleId}', 'delete', '404', 'application/problem+json');
    expect(notFound).toHaveLength(1);
    expect(parses(Problem, notFound[0]![1])).toMatchObject({
      type: 'https://api.publiq.be/probs/uitpas/ticket-sale-not-found',
      status: 404,
    });
  });
});

describe('passholders, group passes, organizers', () => {
  it.each(examples('/passholders', 'get', '200'))('GET /passholders 200 %s', (_name, value) => {
    const page = parses(PassholdersPage, value);
    for (const p of page.member) expect(passholder(p, p.uitpasNumber).uid).toBe(p.id);
  });
  it.each(examples('/grouppasses', 'get', '200'))('GET /grouppasses 200 %s', (_name, value) => {
    const page = parses(GrouppassesPage, value);
    for (const g of page.member) {
      expect(groupPass(g, new Date('2024-01-01T00:00:00Z'))).toMatchObject({ kind: 'group', availableTickets: 9, ticketsPerYear: 20 });
    }
  });
  it.each(examples('/permissions', 'get', '200'))('GET /permissions 200 %s', (_name, value) => {
    const list = parses(PermissionsResponse, value);
    expect(counters(list).length).toBeGreaterThanOrEqual(list.length);
  });
  it.each(examples('/organizers/{organizerId}/admins', 'get', '200'))('GET /organizers/{id}/admins 200 %s', (_name, value) => {
    expect(counterEmployees(parses(OrganizerAdminsPage, value))[0]).toMatchObject({ role: 'admin' });
  });
});

describe('errors', () => {
  it('the Unauthorized and Forbidden responses are problems', () => {
    for (const name of ['Unauthorized', 'Forbidden']) {
      const content = spec.components.responses[name]?.content?.['application/problem+json'];
      const found = entries(content?.['x-examples']);
      expect(found.length).toBeGreaterThan(0);
      for (const [, value] of found) expect(parses(Problem, value).title).toBe(name);
    }
  });
  it('the error format page examples parse, status written as a string included', () => {
    const bodies = fixture<unknown[]>('error-format-examples.json');
    expect(bodies.length).toBeGreaterThanOrEqual(2);
    for (const b of bodies) expect(parses(Problem, b).status).toMatch(/^\d{3}$/);
    const message = parses(Problem, bodies[1]).endUserMessage;
    expect(message?.nl).toMatch(/UiTPAS/);
    expect(message?.en).toMatch(/UiTPAS/);
  });
  it('the Error model requires what the schema requires', () => {
    expect(fixture<{ required: string[] }>('error-model.json').required).toEqual(['type', 'title', 'status']);
    expect(Problem.safeParse({ type: 'x', title: 't' }).success).toBe(false);
  });
});

describe('UiTdatabank', () => {
  const event = udb['event-with-read-example.json#/examples/0'];
  it('the read example of an event parses and maps to an activity', () => {
    const e = parses(SearchEvent, event);
    expect(activity(e)).toMatchObject({
      cdbid: '85b04295-479c-40f5-b3dd-469dfb4387b3',
      title: 'Nederlandse naam',
      locationName: 'Nederlandse naam',
      city: 'Brussel',
      organiserName: 'Nederlandse tekst',
      priceCents: 1050,
      tariffCents: 1050,
      tariffs: [],
    });
    expect(parses(EventsPage, { itemsPerPage: 30, totalItems: 1, member: [event] }).member).toHaveLength(1);
  });
  it.each((udb['common-priceInfo.json#/examples'] as unknown[][]).map((e, i) => [i, e] as const))('priceInfo example %i', (_i, list) => {
    for (const p of list) parses(PriceInfo, p);
  });
});
