/**
 * Seed data for the simulator: realistic enough to train counter staff on (Dutch and French
 * names, every kansenstatuut state, a blocked card, coupons, group passes, activities today and
 * later). Built from the clock so "today" is always today in Brussels.
 */
import { luhnCheckDigit } from '../../../contract/card-number.js';
import { brusselsLocalToIso } from '../../uitpas/mappers.js';
import type { PeriodConstraint } from '../../../contract/domain.js';

export interface SimConsumer {
  key: string;
  secret: string;
}

export interface SimEmployee {
  userId: string;
  nick: string;
  /** Listed under <admins> by balie/listEmployees (else under <members>). */
  admin?: boolean;
  /** Password for the simulator's login page. */
  password: string;
  token: string;
  tokenSecret: string;
  counterKeys: string[];
}

export interface SimCounter {
  id: string;
  consumerKey: string;
  name: string;
  actorId: string;
  /** In the "Checkin and Ticket balies" group: may sell tickets. */
  ticketGroup: boolean;
}

export interface SimCoupon {
  id: string;
  name: string;
  description: string;
  /** Uses per event per passholder. */
  buyConstraint: PeriodConstraint;
  /** Uses per passholder per period across events. */
  exchangeConstraint: PeriodConstraint;
  /** Events the coupon is valid for. */
  cdbids: string[];
  /** What the passholder pays with the coupon, in cents. */
  tariffCents: number;
  validTo: string;
}

export type KansenstatuutState = 'active' | 'grace' | 'expired' | 'suspended' | 'none';

export interface SimPassholder {
  uitpasNumber: string;
  uid: string;
  firstName: string;
  name: string;
  dateOfBirth: string;
  city: string;
  postalCode: string;
  gender: 'MALE' | 'FEMALE';
  points: number;
  cardStatus: 'ACTIVE' | 'BLOCKED';
  kansenstatuut: KansenstatuutState;
  kansenstatuutEndDate?: string;
  suspendedUntil?: string;
  couponIds: string[];
}

export interface SimGroupPass {
  uitpasNumber: string;
  uuid: string;
  name: string;
  ticketsPerYear: number;
  availableTickets: number;
  endDate: string;
  kansenStatuut: boolean;
  couponIds: string[];
}

export interface SimPriceClass {
  name: string;
  priceCents: number;
  /** Kansentarief for this class. */
  tariffCents: number;
}

export interface SimEvent {
  cdbid: string;
  title: string;
  /** Counter key of the organiser and of the location (the ones allowed to sell). */
  organiserCounter: string;
  locationCounter: string;
  organiserName: string;
  locationName: string;
  city: string;
  /** Brussels local date YYYY-MM-DD and time HH:MM:SS. */
  date: string;
  time: string;
  priceClasses: SimPriceClass[];
  /** Kansentarief tickets per passholder for this event (absolute). */
  perPassholderLimit: number;
}

export interface SeedData {
  consumers: SimConsumer[];
  employees: SimEmployee[];
  counters: SimCounter[];
  passholders: SimPassholder[];
  groupPasses: SimGroupPass[];
  events: SimEvent[];
  coupons: SimCoupon[];
  cardSystem: { id: string; name: string };
  /** The cards and activities a trainer or test tool needs by role (the --seed-json shape). */
  roles: {
    cards: { kansenstatuut: string; regular: string; blocked: string; expired: string; group: string; coupon: string };
    activities: { priced: string; free: string; otherCounter: string; coupon: string };
  };
}

/** A Luhn-valid number in card system prefix 09400 (the sequence makes it unique). */
export function seedCardNumber(sequence: number, kansenpas: boolean): string {
  const first12 = `09400${String(sequence).padStart(6, '0')}${kansenpas ? '1' : '0'}`;
  return first12 + luhnCheckDigit(first12);
}

function brusselsDate(now: Date, plusDays: number): string {
  const d = new Date(now.getTime() + plusDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

const uuid = (n: number) => `5eed0000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export function buildSeed(now: Date): SeedData {
  const today = brusselsDate(now, 0);
  const at = (days: number, time = '00:00:00') => brusselsLocalToIso(brusselsDate(now, days), time);
  const seedCounter = 'b0a1e5ee-d000-4c00-8000-00000000b001';
  const otherCounter = 'b0a1e5ee-d000-4c00-8000-00000000b002';
  const officeCounter = 'b0a1e5ee-d000-4c00-8000-00000000b003';

  const ev = (
    n: number,
    e: Omit<SimEvent, 'cdbid' | 'organiserCounter' | 'locationCounter' | 'organiserName' | 'locationName' | 'city' | 'perPassholderLimit'> &
      Partial<SimEvent>,
  ): SimEvent => ({
    cdbid: `e5ee0000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    organiserCounter: seedCounter,
    locationCounter: seedCounter,
    organiserName: 'Cultuurcentrum De Kruisboog',
    locationName: 'Cultuurcentrum De Kruisboog',
    city: 'Brussel',
    perPassholderLimit: 1,
    ...e,
  });

  const events: SimEvent[] = [
    ev(1, {
      title: 'Concert: Brussels Philharmonic speelt Debussy & Ravel',
      date: today,
      time: '20:00:00',
      priceClasses: [
        { name: 'Categorie 1', priceCents: 2200, tariffCents: 550 },
        { name: 'Categorie 2', priceCents: 1500, tariffCents: 375 },
      ],
    }),
    ev(2, {
      title: 'Theater: De Kersentuin (Tsjechov)',
      date: today,
      time: '15:00:00',
      priceClasses: [{ name: 'Standaard', priceCents: 1200, tariffCents: 300 }],
    }),
    ev(3, {
      title: 'Film: Les Misérables (VO, ondertiteld)',
      date: today,
      time: '19:30:00',
      priceClasses: [{ name: 'Standaard', priceCents: 850, tariffCents: 200 }],
    }),
    ev(4, {
      title: 'Tentoonstelling: Magritte en de surrealisten',
      date: today,
      time: '10:00:00',
      priceClasses: [{ name: 'Gratis', priceCents: 0, tariffCents: 0 }],
    }),
    ev(5, {
      title: 'Dans: Rosas — Fase',
      date: brusselsDate(now, 1),
      time: '20:30:00',
      priceClasses: [
        { name: 'Parterre', priceCents: 2500, tariffCents: 625 },
        { name: 'Balkon', priceCents: 1800, tariffCents: 450 },
        { name: 'Jongeren -26', priceCents: 1000, tariffCents: 250 },
      ],
    }),
    ev(6, {
      title: 'Workshop keramiek voor kinderen',
      date: today,
      time: '14:00:00',
      perPassholderLimit: 2,
      priceClasses: [{ name: 'Standaard', priceCents: 1050, tariffCents: 260 }],
    }),
    ev(7, {
      title: "Atelier d'écriture : Écrire la ville",
      date: brusselsDate(now, 3),
      time: '18:00:00',
      locationName: 'Bibliothèque Théodore Verhaegen',
      priceClasses: [{ name: 'Standaard', priceCents: 600, tariffCents: 150 }],
    }),
    ev(8, {
      title: 'Jazz op zondag: Aka Moon',
      date: brusselsDate(now, 7),
      time: '11:00:00',
      priceClasses: [{ name: 'Standaard', priceCents: 1400, tariffCents: 350 }],
    }),
    ev(9, {
      title: 'Spectacle : Le Petit Prince',
      date: today,
      time: '16:00:00',
      organiserCounter: otherCounter,
      locationCounter: otherCounter,
      organiserName: 'Théâtre de la Mélisse',
      locationName: 'Théâtre de la Mélisse',
      city: 'Molenbeek-Saint-Jean',
      priceClasses: [{ name: 'Standard', priceCents: 1600, tariffCents: 400 }],
    }),
  ];
  const cdbid = (n: number) => events[n - 1]!.cdbid;

  const coupons: SimCoupon[] = [
    {
      id: '27',
      name: 'Cultuurbon',
      description: 'Eén gratis voorstelling per jaar',
      tariffCents: 0,
      buyConstraint: { periodType: 'ABSOLUTE', periodVolume: 1 },
      exchangeConstraint: { periodType: 'YEAR', periodVolume: 1 },
      cdbids: [cdbid(1), cdbid(2), cdbid(3), cdbid(5)],
      validTo: at(180, '23:59:59'),
    },
    {
      id: '31',
      name: 'Filmbon',
      description: 'Film aan € 1',
      tariffCents: 100,
      buyConstraint: { periodType: 'ABSOLUTE', periodVolume: 1 },
      exchangeConstraint: { periodType: 'MONTH', periodVolume: 2 },
      cdbids: [cdbid(3)],
      validTo: at(60, '23:59:59'),
    },
  ];

  const ph = (
    seq: number,
    p: Omit<SimPassholder, 'uitpasNumber' | 'uid' | 'postalCode' | 'gender' | 'points' | 'cardStatus' | 'couponIds' | 'city'> &
      Partial<SimPassholder>,
    kansenpas = p.kansenstatuut !== 'none',
  ): SimPassholder => ({
    uitpasNumber: seedCardNumber(seq, kansenpas),
    uid: uuid(100 + seq),
    city: 'Brussel',
    postalCode: '1000',
    gender: 'FEMALE',
    points: 0,
    cardStatus: 'ACTIVE',
    couponIds: [],
    ...p,
  });
  const passholders: SimPassholder[] = [
    ph(1, {
      firstName: 'Fatma',
      name: 'Yılmaz',
      dateOfBirth: '1984-03-12T00:00:00+01:00',
      kansenstatuut: 'active',
      kansenstatuutEndDate: at(200, '23:59:59'),
      city: 'Schaarbeek',
      postalCode: '1030',
      points: 12,
    }),
    ph(2, {
      firstName: 'Jan',
      name: 'Peeters',
      dateOfBirth: '1971-07-02T00:00:00+02:00',
      kansenstatuut: 'none',
      gender: 'MALE',
      points: 3,
    }),
    ph(3, {
      firstName: 'Élise',
      name: 'Dubois',
      dateOfBirth: '1990-11-23T00:00:00+01:00',
      kansenstatuut: 'expired',
      kansenstatuutEndDate: at(-40, '23:59:59'),
      city: 'Ixelles',
      postalCode: '1050',
    }),
    ph(4, {
      firstName: 'Koen',
      name: 'Vermeulen',
      dateOfBirth: '1966-01-30T00:00:00+01:00',
      kansenstatuut: 'grace',
      kansenstatuutEndDate: at(-10, '23:59:59'),
      gender: 'MALE',
      city: 'Anderlecht',
      postalCode: '1070',
    }),
    ph(5, {
      firstName: 'Amélie',
      name: 'Lefèvre',
      dateOfBirth: '1999-05-17T00:00:00+02:00',
      kansenstatuut: 'suspended',
      kansenstatuutEndDate: at(300, '23:59:59'),
      suspendedUntil: at(20, '23:59:59'),
      city: 'Saint-Gilles',
      postalCode: '1060',
    }),
    ph(6, {
      firstName: 'Brecht',
      name: 'Maes',
      dateOfBirth: '1988-09-09T00:00:00+02:00',
      kansenstatuut: 'active',
      kansenstatuutEndDate: at(100, '23:59:59'),
      cardStatus: 'BLOCKED',
      gender: 'MALE',
    }),
    ph(7, {
      firstName: 'Zoë',
      name: 'Claes',
      dateOfBirth: '2004-02-29T00:00:00+01:00',
      kansenstatuut: 'active',
      kansenstatuutEndDate: at(365, '23:59:59'),
      couponIds: ['27', '31'],
      points: 40,
    }),
    ph(8, {
      firstName: 'Mohamed',
      name: 'El Amrani',
      dateOfBirth: '1979-12-01T00:00:00+01:00',
      kansenstatuut: 'none',
      couponIds: ['27'],
      gender: 'MALE',
      city: 'Molenbeek-Saint-Jean',
      postalCode: '1080',
    }),
    ph(9, {
      firstName: 'Noëlle',
      name: 'Janssens',
      dateOfBirth: '1955-04-04T00:00:00+01:00',
      kansenstatuut: 'active',
      kansenstatuutEndDate: at(90, '23:59:59'),
      points: 125.5,
    }),
    ph(10, {
      firstName: 'François',
      name: 'Van den Broeck',
      dateOfBirth: '1993-08-15T00:00:00+02:00',
      kansenstatuut: 'active',
      kansenstatuutEndDate: at(30, '23:59:59'),
      gender: 'MALE',
      city: 'Etterbeek',
      postalCode: '1040',
    }),
    ph(11, {
      firstName: 'Lotte',
      name: 'De Smet',
      dateOfBirth: '2010-06-21T00:00:00+02:00',
      kansenstatuut: 'none',
      city: 'Jette',
      postalCode: '1090',
    }),
    // Namesakes of Jan Peeters (ph 2): a search by name alone must show date of birth and city.
    ph(12, {
      firstName: 'Jan',
      name: 'Peeters',
      dateOfBirth: '2001-10-05T00:00:00+02:00',
      kansenstatuut: 'active',
      kansenstatuutEndDate: at(150, '23:59:59'),
      gender: 'MALE',
      city: 'Laken',
      postalCode: '1020',
    }),
    ph(13, {
      firstName: 'An',
      name: 'Peeters',
      dateOfBirth: '1985-02-14T00:00:00+01:00',
      kansenstatuut: 'none',
      city: 'Evere',
      postalCode: '1140',
    }),
  ];

  const groupPasses: SimGroupPass[] = [
    {
      uitpasNumber: seedCardNumber(501, true),
      uuid: uuid(501),
      name: 'Vzw Buurtwerk Noordwijk',
      ticketsPerYear: 40,
      availableTickets: 12,
      endDate: at(250, '23:59:59'),
      kansenStatuut: true,
      couponIds: [],
    },
    {
      uitpasNumber: seedCardNumber(502, true),
      uuid: uuid(502),
      name: 'Maison de Quartier Léopold',
      ticketsPerYear: 20,
      availableTickets: 2,
      endDate: at(120, '23:59:59'),
      kansenStatuut: true,
      couponIds: [],
    },
  ];

  return {
    consumers: [{ key: 'loket-demo-consumer', secret: 'loket-demo-consumer-secret' }],
    employees: [
      {
        userId: 'a1b2c3d4-0000-4000-8000-0000000e0001',
        nick: 'baliemedewerker',
        password: 'demo',
        token: 'loket-demo-employee-token',
        tokenSecret: 'loket-demo-employee-token-secret',
        counterKeys: [seedCounter, officeCounter],
      },
      {
        // Cannot log in through the simulator's page in practice (no demo hint); there to be listed.
        userId: 'a1b2c3d4-0000-4000-8000-0000000e0002',
        nick: 'anwouters',
        admin: true,
        password: 'demo-admin',
        token: 'loket-demo-admin-token',
        tokenSecret: 'loket-demo-admin-token-secret',
        counterKeys: [seedCounter],
      },
    ],
    counters: [
      { id: '771', consumerKey: seedCounter, name: 'Cultuurcentrum De Kruisboog', actorId: uuid(771), ticketGroup: true },
      { id: '772', consumerKey: otherCounter, name: 'Théâtre de la Mélisse', actorId: uuid(772), ticketGroup: true },
      { id: '773', consumerKey: officeCounter, name: 'Sociaal Huis — onthaal', actorId: uuid(773), ticketGroup: false },
    ],
    passholders,
    groupPasses,
    events,
    coupons,
    cardSystem: { id: '1', name: 'UiTPAS Regio Brussel' },
    roles: {
      cards: {
        kansenstatuut: passholders[0]!.uitpasNumber,
        regular: passholders[1]!.uitpasNumber,
        expired: passholders[2]!.uitpasNumber,
        blocked: passholders[5]!.uitpasNumber,
        coupon: passholders[6]!.uitpasNumber,
        group: groupPasses[0]!.uitpasNumber,
      },
      activities: { priced: cdbid(1), free: cdbid(4), otherCounter: cdbid(9), coupon: cdbid(3) },
    },
  };
}
