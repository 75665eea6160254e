/**
 * XML shapes the simulator answers with (docs/uitpas-xml-api.md §4–§9): element names, nesting
 * (nested card numbers), Java-double amounts ("5.0") and date-times with offsets, as the real API writes.
 */
import { escapeXml } from '../../uitpas/xml.js';
import { centsToAmount } from '../../uitpas/values.js';
import type { PeriodConstraint } from '../../../contract/domain.js';
import type { Holder, Opportunity, PricedEvent, SaleRecord } from './rules.js';
import type { SeedData, SimCounter, SimCoupon, SimEmployee, SimGroupPass, SimPassholder } from './seed.js';

type Content = string | number | boolean | undefined | null | Content[];

/** `el('a', el('b', 'x'))` -> `<a><b>x</b></a>`; undefined children are left out, '' is empty. */
export function el(name: string, ...content: Content[]): string {
  return elAttr(name, {}, ...content);
}

export function elAttr(name: string, attrs: Record<string, string>, ...content: Content[]): string {
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const flat = content.flat(Infinity as 1) as (string | number | boolean | undefined | null)[];
  if (flat.every((c) => c === undefined || c === null || c === '')) return `<${name}${a}/>`;
  return `<${name}${a}>${flat.map((c) => (c === undefined || c === null ? '' : String(c))).join('')}</${name}>`;
}

/** Text content (escaped), for leaf elements. */
export function t(name: string, value: string | number | boolean | undefined): string | undefined {
  if (value === undefined) return undefined;
  return el(name, escapeXml(String(value)));
}

export const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
export const doc = (body: string) => DECLARATION + '\n' + body;

export function envelope(code: string, message: string, requiredPermission?: string): string {
  return doc(el('response', t('code', code), t('message', message), t('requiredPermission', requiredPermission)));
}

function period(name: string, p: PeriodConstraint | undefined): string | undefined {
  return p ? el(name, t('periodType', p.periodType), t('periodVolume', p.periodVolume)) : undefined;
}

export function coupon(c: SimCoupon, full = true): string {
  return el(
    'ticketSaleCoupon',
    period('buyConstraint', c.buyConstraint),
    full ? t('description', c.description) : undefined,
    period('exchangeConstraint', c.exchangeConstraint),
    full ? t('expired', false) : undefined,
    t('id', c.id),
    t('name', c.name),
    full ? t('validTo', c.validTo) : undefined,
  );
}

function nestedNumber(n: string): string {
  return el('uitpasNumber', t('uitpasNumber', n));
}

export function card(data: SeedData, number: string, status: string, kansenpas: boolean): string {
  return el(
    'card',
    el('cardSystem', t('id', data.cardSystem.id), t('name', data.cardSystem.name)),
    t('cardType', 'CARD'),
    t('kansenpas', kansenpas),
    t('status', status),
    nestedNumber(number),
  );
}

export function passHolder(data: SeedData, p: SimPassholder, rootName = 'passHolder', opts: { rdfId?: boolean } = {}): string {
  const ks = p.kansenstatuut !== 'none';
  const link = el(
    'cardSystemSpecific',
    el('cardSystem', t('id', data.cardSystem.id), t('name', data.cardSystem.name)),
    el('currentCard', t('kansenpas', p.uitpasNumber[11] === '1'), t('status', p.cardStatus), nestedNumber(p.uitpasNumber)),
    t('status', p.cardStatus === 'ACTIVE' ? 'ACTIVE' : 'BLOCKED'),
    t('kansenStatuut', ks),
    ks ? t('kansenStatuutEndDate', p.kansenstatuutEndDate) : undefined,
    ks ? t('kansenStatuutExpired', p.kansenstatuut === 'expired') : undefined,
    ks ? t('kansenStatuutInGracePeriod', p.kansenstatuut === 'grace') : undefined,
    ks ? t('kansenStatuutSuspendedUntil', p.suspendedUntil) : undefined,
  );
  const coupons = data.coupons.filter((c) => p.couponIds.includes(c.id));
  return el(
    rootName,
    t('name', p.name),
    t('firstName', p.firstName),
    t('dateOfBirth', p.dateOfBirth),
    t('gender', p.gender),
    t('postalCode', p.postalCode),
    t('city', p.city),
    el('telephone'),
    t('points', p.points.toFixed(3)),
    t('verified', true),
    link,
    coupons.length
      ? el(
          'ticketSaleCoupons',
          coupons.map((c) => coupon(c)),
        )
      : undefined,
    el('uitIdUser', t(opts.rdfId ? 'rdf:id' : 'id', p.uid), t('nick', `${p.firstName} ${p.name}`)),
  );
}

/** `passholder/search`: the passholders as `passholder` elements, the uid as `uitIdUser/rdf:id`. */
export function passholderSearch(data: SeedData, total: number, items: SimPassholder[]): string {
  return doc(
    elAttr(
      'response',
      { 'xmlns:rdf': 'http://www.w3.org/1999/02/22-rdf-syntax-ns#' },
      el(
        'passholders',
        items.map((p) => passHolder(data, p, 'passholder', { rdfId: true })),
      ),
      t('total', total),
    ),
  );
}

export function groupPass(data: SeedData, g: SimGroupPass): string {
  const coupons = data.coupons.filter((c) => g.couponIds.includes(c.id));
  return el(
    'groupPass',
    t('name', g.name),
    t('endDate', g.endDate),
    t('ticketsPerYear', g.ticketsPerYear),
    t('uuid', g.uuid),
    t('availableTickets', g.availableTickets),
    t('kansenStatuut', g.kansenStatuut),
    el(
      'ticketSaleCoupons',
      coupons.map((c) => coupon(c)),
    ),
    card(data, g.uitpasNumber, 'ACTIVE', g.uitpasNumber[11] === '1'),
  );
}

export function retrieveReply(data: SeedData, h: Holder, notice?: string): string {
  const body =
    h.kind === 'person'
      ? [
          passHolder(data, h.p),
          card(data, h.p.uitpasNumber, h.p.cardStatus, h.p.uitpasNumber[11] === '1'),
          t('uitpasNumberOriginalRequest', h.p.uitpasNumber),
        ]
      : [
          groupPass(data, h.g),
          card(data, h.g.uitpasNumber, 'ACTIVE', h.g.uitpasNumber[11] === '1'),
          t('uitpasNumberOriginalRequest', h.g.uitpasNumber),
        ];
  return doc(el('response', notice ? [t('code', notice), t('message', notice)] : undefined, body));
}

function opportunity(o: Opportunity): string {
  return elAttr(
    'ticketSale',
    { type: o.type },
    o.coupon ? coupon(o.coupon) : undefined,
    period('remainingForEvent', o.remainingForEvent),
    o.reason ? t('buyConstraintReason', o.reason) : undefined,
    el(
      'priceClasses',
      o.priceClasses.map((pc) =>
        el('priceClass', t('name', pc.name), t('price', centsToAmount(pc.priceCents)), t('tariff', centsToAmount(pc.tariffCents))),
      ),
    ),
  );
}

const dayNames = ['zo', 'ma', 'di', 'wo', 'do', 'vr', 'za'];

export function cultureEvents(total: number, items: PricedEvent[]): string {
  return doc(
    elAttr(
      'cultureEvents',
      { 'xmlns:cdb': 'http://www.cultuurdatabank.com/XMLSchema/CdbXSD/3.2/FINAL' },
      t('total', total),
      items.map(({ event: e, priceCents, tariffCents, opportunities, reason }) => {
        const [y, m, d] = e.date.split('-');
        const dow = dayNames[new Date(`${e.date}T12:00:00Z`).getUTCDay()];
        return el(
          'event',
          t('title', e.title),
          t('cdbid', e.cdbid),
          t('locationId', e.locationCounter),
          t('locationName', e.locationName),
          t('city', e.city),
          t('price', centsToAmount(priceCents)),
          t('tariff', centsToAmount(tariffCents)),
          el('ticketSales', opportunities.map(opportunity)),
          reason ? t('buyConstraintReason', reason) : undefined,
          t('checkinConstraint', ''),
          t('checkinAllowed', false),
          t('checkinConstraintReason', 'INVALID_DATE_TIME'),
          el('cdb:calendar', el('cdb:timestamps', el('cdb:timestamp', t('cdb:date', e.date), t('cdb:timestart', e.time)))),
          t('calendarsummary', `${dow} ${d}/${m}/${y?.slice(2)} om ${e.time.slice(0, 5)}`),
          t('numberOfPoints', '1.000'),
          t('organiserId', e.organiserCounter),
          t('organiserName', e.organiserName),
          t('gracePeriodMonths', 3),
        );
      }),
    ),
  );
}

export function ticketSale(data: SeedData, s: SaleRecord, opts: { omitUitpasNumber?: boolean } = {}): string {
  const holder = data.passholders.find((p) => p.uitpasNumber === s.uitpasNumber);
  const group = data.groupPasses.find((g) => g.uitpasNumber === s.uitpasNumber);
  const event = data.events.find((e) => e.cdbid === s.cdbid);
  const counter = data.counters.find((c) => c.consumerKey === s.counterKey);
  const c = s.couponId ? data.coupons.find((x) => x.id === s.couponId) : undefined;
  return el(
    'ticketSale',
    t('createdVia', counter?.name),
    t('creationDate', s.creationDate),
    t('id', s.id),
    t('nodeId', s.cdbid),
    t('nodeTitle', s.title),
    t('price', centsToAmount(s.priceCents)),
    t('tariff', centsToAmount(s.tariffCents)),
    t('firstName', holder?.firstName ?? group?.name),
    t('lastName', holder?.name ?? ''),
    t('dateOfBirth', holder?.dateOfBirth),
    t('uitpasNumber', opts.omitUitpasNumber ? undefined : s.uitpasNumber),
    t('status', holder?.cardStatus ?? 'ACTIVE'),
    t('location', event?.locationName),
    t('userId', s.uid),
    t('organiser', event?.organiserName),
    t('userHomeCity', holder?.city),
    c ? coupon(c, false) : undefined,
    t('groupPass', s.groupPass),
  );
}

export function ticketSales(data: SeedData, total: number, items: SaleRecord[], opts: { omitUitpasNumber?: boolean } = {}): string {
  return doc(
    el(
      'response',
      el(
        'ticketSales',
        items.map((s) => ticketSale(data, s, opts)),
      ),
      t('total', total),
    ),
  );
}

export function balies(list: SimCounter[]): string {
  return doc(
    el(
      'response',
      el(
        'balies',
        list.map((c) =>
          el(
            'balie',
            t('id', c.id),
            t('consumerKey', c.consumerKey),
            t('name', c.name),
            t('role', 'member'),
            t('actorId', c.actorId),
            el(
              'cardSystems',
              el(
                'cardSystem',
                t('id', '1'),
                t('name', 'UiTPAS Regio Brussel'),
                el('permissions', t('permission', 'registratie')),
                el('groups', t('group', c.ticketGroup ? 'Checkin and Ticket balies' : 'Registratiebalies')),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/**
 * balie/listEmployees as the real API writes it: JAXB's generated prefixes, ns2 for rdf and ns3
 * for foaf, declared on the root (clients must match on the namespace URI, not the prefix).
 */
export function employees(admins: SimEmployee[], members: SimEmployee[]): string {
  const person = (name: string, e: SimEmployee) => el(name, t('ns2:id', e.userId), t('ns3:nick', e.nick));
  return doc(
    elAttr(
      'response',
      { 'xmlns:ns2': 'http://www.w3.org/1999/02/22-rdf-syntax-ns#', 'xmlns:ns3': 'http://xmlns.com/foaf/0.1/' },
      el(
        'admins',
        admins.map((e) => person('admin', e)),
      ),
      el(
        'members',
        members.map((e) => person('member', e)),
      ),
    ),
  );
}
