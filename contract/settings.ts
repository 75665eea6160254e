/**
 * Settings the operator can see and change. Secrets (consumer secret, token secret) are NOT here:
 * they live only in main (main/config/secrets) and never cross to the renderer.
 */
import { z } from 'zod';

export const SETTINGS_SCHEMA_VERSION = 2;

export const Language = z.enum(['nl', 'fr', 'en']);
export type Language = z.infer<typeof Language>;

export const UitpasEnvironment = z.enum(['test', 'acceptance', 'production', 'custom']);

/**
 * Which UiTPAS API this installation speaks: the XML API 3.0 (OAuth 1.0a) or API 4 (JSON, UiTiD
 * OpenID Connect), docs/uitpas-json-api.md. Chosen per installation; the sales core cannot tell.
 */
export const UitpasApi = z.enum(['xml', 'v4']);
export type UitpasApi = z.infer<typeof UitpasApi>;

/** Printable characters only: a scanner's prefix or suffix is typed like the code itself. */
const WedgeAffix = z
  .string()
  .max(8)
  .regex(/^[\x21-\x7e]*$/);

export const Settings = z.object({
  schemaVersion: z.literal(SETTINGS_SCHEMA_VERSION),
  language: Language.default('nl'),
  /** 'auto': demo mode when no UiTPAS credentials are configured. */
  demo: z.enum(['auto', 'on', 'off']).default('auto'),
  uitpas: z
    .object({
      api: UitpasApi.default('xml'),
      /** API 4 knows 'test' and 'production' only (UiTiD has no acceptance realm), or 'custom'. */
      environment: UitpasEnvironment.default('test'),
      /** XML only, with environment 'custom': the `{prefix}` ending in /uitid/rest. */
      customUrl: z.url().optional(),
      /** API 4 only, with environment 'custom': the API 4 root, the Search API root and the UiTiD issuer. */
      customApiUrl: z.url().optional(),
      customSearchUrl: z.url().optional(),
      customIssuerUrl: z.url().optional(),
      /** API 4: the installation's UiTiD client id (public client; its optional secret is in the secret store). */
      clientId: z.string().min(1).optional(),
      consumerKey: z.string().min(1).optional(),
      userId: z.string().min(1).optional(),
      /** consumerKey of the active counter (balie): the balieConsumerKey of every call; API 4: the organizer id. */
      counterKey: z.string().min(1).optional(),
      counterName: z.string().optional(),
      timeoutMs: z.number().int().min(1000).max(60000).default(10000),
    })
    .prefault({}),
  printer: z
    .object({
      /** 'none', 'tcp://host:9100', 'file:///dev/usb/lp0', 'system', 'system:<name>'. */
      url: z.string().default('none'),
      columns: z.union([z.literal(32), z.literal(42), z.literal(48)]).default(42),
      cut: z.boolean().default(true),
      openDrawer: z.boolean().default(false),
      venueName: z.string().max(64).optional(),
    })
    .prefault({}),
  scanner: z
    .object({
      /** HID device path the operator chose; otherwise known vendors / usage page 0x8C are used. */
      hidPath: z.string().optional(),
      hidEnabled: z.boolean().default(true),
      wedgeEnabled: z.boolean().default(true),
      /** Largest gap between two keys of a scanner burst. Humans type slower than ~80 ms. */
      wedgeMaxGapMs: z.number().int().min(5).max(200).default(40),
      wedgeMinLength: z.number().int().min(4).max(64).default(8),
      /**
       * Longest pause inside a card scan: wireless scanners and busy PCs pause 45–150 ms now and
       * then (renderer/src/lib/scanner/wedge.ts). Only a valid card number may contain one.
       */
      wedgeMaxPauseMs: z.number().int().min(50).max(500).default(200),
      /** What the scanner sends after the code, as it is programmed. */
      wedgeTerminator: z.enum(['enter', 'tab', 'none']).default('enter'),
      /** Characters the scanner is programmed to send before / after the code (removed). */
      wedgePrefix: WedgeAffix.default(''),
      wedgeSuffix: WedgeAffix.default(''),
    })
    .prefault({}),
  offline: z
    .object({
      /** Hours a fetched tariff may be used for an offline sale. */
      tariffCacheHours: z.number().min(0).max(168).default(12),
      maxUnregisteredAgeHours: z.number().min(1).max(720).default(48),
      maxUnregisteredCount: z.number().int().min(0).max(100000).default(500),
      /** Euros of unregistered UiTPAS-tariff sales beyond which no offline sale is made. */
      maxUnregisteredAmountEuro: z.number().min(0).max(1000000).default(1000),
    })
    .prefault({}),
  privacy: z.object({ purgeAfterDays: z.number().int().min(1).max(3650).default(30) }).prefault({}),
});
export type Settings = z.infer<typeof Settings>;

export function defaultSettings(): Settings {
  return Settings.parse({ schemaVersion: SETTINGS_SCHEMA_VERSION });
}
