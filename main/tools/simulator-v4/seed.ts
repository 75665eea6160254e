/**
 * The API 4 simulator's test dataset: the XML simulator's people, passes, coupons, counters and
 * activities (main/tools/simulator/seed.ts), so a trainer or a test meets the same Fatma, the same
 * concert and the same group passes whichever API a counter speaks, plus what only API 4 has:
 * bearer tokens, organizer permissions, a Search API client id, INSZ and chip numbers.
 */
import { buildSeed, type SeedData } from '../simulator/seed.js';

/** The permissions of a counter that sells tickets (spec: components/schemas/Permission). */
export const SELLING_PERMISSIONS = [
  'TARIFFS_READ',
  'TICKETSALES_REGISTER',
  'TICKETSALES_SEARCH',
  'PASSHOLDERS_SEARCH',
  'GROUPPASSES_SEARCH',
  'ORGANIZERS_ADMINS_READ',
] as const;
/** A counter outside the ticket group may look people up, nothing more. */
export const LOOKUP_PERMISSIONS = ['PASSHOLDERS_SEARCH', 'GROUPPASSES_SEARCH'] as const;

export const PERMISSION_LABELS: Record<string, string> = {
  TARIFFS_READ: 'Tarieven opvragen',
  TICKETSALES_REGISTER: 'Ticketsales registreren',
  TICKETSALES_SEARCH: 'Ticketsales zoeken',
  PASSHOLDERS_SEARCH: 'Pashouders zoeken',
  GROUPPASSES_SEARCH: 'Groepspassen zoeken',
  ORGANIZERS_ADMINS_READ: 'Beheerders bekijken',
};

export interface SeedV4 {
  /** The shared dataset; organizer ids are the XML counters' consumer keys (UUIDs). */
  data: SeedData;
  /** The Search API's client identification for the demo integration. */
  searchClientId: string;
  /** The id UiTPAS gives the kansentarief (not a constant in the spec's examples). */
  socialTariffId: string;
  /** INSZ numbers by card number (only some passholders have one here). */
  insz: Record<string, string>;
  /** Chip numbers (hex) by card number. */
  chips: Record<string, string>;
}

/** A coupon as an API 4 tariff id. */
export const couponTariffId = (couponId: string): string => `COUPON_${couponId}`;

export function buildSeedV4(now: Date): SeedV4 {
  const data = buildSeed(now);
  const ph = data.passholders;
  const gp = data.groupPasses;
  return {
    data,
    searchClientId: 'loket-demo-search-client',
    socialTariffId: 'SOCIALTARIFF-1',
    insz: { [ph[0]!.uitpasNumber]: '84031212345', [ph[1]!.uitpasNumber]: '71070223456' },
    chips: { [ph[0]!.uitpasNumber]: '04A1B2C3D4E580', [gp[0]!.uitpasNumber]: '04D0AB6AF85C80' },
  };
}
