/**
 * The settings screen's writes, shared by renderer and main: what may change (`SettingsChanges`),
 * how a change lands on the current settings, and every problem per field in a form the renderer
 * translates (`FieldProblem`). Main runs the same check before saving, so both agree.
 */
import { z } from 'zod';
import { Settings } from './settings.js';

const Text = z.string().max(2000);
/** `null` clears an optional field. */
const Clearable = Text.nullable().optional();
/** Numbers arrive as numbers; NaN (an unparsable field) is reported as a field problem, not a transport error. */
const Num = z.number().optional();

export const SettingsChanges = z
  .object({
    language: Text.optional(),
    uitpas: z
      .object({
        api: Text.optional(),
        environment: Text.optional(),
        customUrl: Clearable,
        customApiUrl: Clearable,
        customSearchUrl: Clearable,
        customIssuerUrl: Clearable,
        consumerKey: Clearable,
        clientId: Clearable,
        timeoutMs: Num,
      })
      .strict()
      .optional(),
    printer: z
      .object({ url: Text.optional(), columns: Num, cut: z.boolean().optional(), openDrawer: z.boolean().optional(), venueName: Clearable })
      .strict()
      .optional(),
    scanner: z
      .object({
        hidPath: Clearable,
        hidEnabled: z.boolean().optional(),
        wedgeEnabled: z.boolean().optional(),
        wedgeMaxGapMs: Num,
        wedgeMinLength: Num,
        wedgeMaxPauseMs: Num,
        wedgeTerminator: Text.optional(),
        wedgePrefix: z.string().max(100).optional(),
        wedgeSuffix: z.string().max(100).optional(),
      })
      .strict()
      .optional(),
    offline: z
      .object({ tariffCacheHours: Num, maxUnregisteredAgeHours: Num, maxUnregisteredCount: Num, maxUnregisteredAmountEuro: Num })
      .strict()
      .optional(),
    /** Write-only: stored in main's secret store, never read back. */
    consumerSecret: z.string().max(500).optional(),
    /** Write-only, API 4: the UiTiD client secret (client credentials), kept with the other secrets. */
    clientSecret: z.string().max(500).optional(),
  })
  .strict();
export type SettingsChanges = z.infer<typeof SettingsChanges>;

export const FieldProblemKind = z.enum([
  'required',
  'number',
  'integer',
  'min',
  'max',
  'choice',
  'url',
  /** An http: UiTPAS address that is not loopback: OAuth-signed calls and the login need TLS. */
  'https',
  'printer-url',
  /** A file:// printer that is not a printer port (main only: it knows the test folder). */
  'printer-device',
  /** A tcp:// printer outside the local network (main only: the same rule as a test print). */
  'printer-host',
  /** A HID path main did not enumerate (main only). */
  'hid-device',
  'spaces',
  'too-long',
]);
export const FieldProblem = z.object({
  /** Dotted settings path, e.g. 'scanner.wedgeMaxGapMs'; 'consumerSecret' for the secret. */
  field: z.string(),
  problem: FieldProblemKind,
  min: z.number().optional(),
  max: z.number().optional(),
});
export type FieldProblem = z.infer<typeof FieldProblem>;

export type ApplyResult = { ok: true; settings: Settings } | { ok: false; problems: FieldProblem[] };

type Section = 'uitpas' | 'printer' | 'scanner' | 'offline';

/** Current settings + changes -> the new settings, or every problem (one per field). */
export function applySettingsChanges(current: Settings, changes: SettingsChanges): ApplyResult {
  const next = structuredClone(current) as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  if (changes.language !== undefined) next.language = changes.language;
  for (const section of ['uitpas', 'printer', 'scanner', 'offline'] as const satisfies readonly Section[]) {
    const patch = changes[section] as Record<string, unknown> | undefined;
    if (!patch) continue;
    const target = { ...(next[section] as Record<string, unknown>) };
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      if (value === null || value === '') delete target[key];
      else if (typeof value === 'number' && !Number.isFinite(value)) problems.push({ field: `${section}.${key}`, problem: 'number' });
      else target[key] = typeof value === 'string' ? value.trim() : value;
    }
    next[section] = target;
  }

  const uitpas = next.uitpas as Record<string, unknown>;
  const v4 = uitpas.api === 'v4';
  // Each API checks its own addresses: the other API's stay as they are, unused.
  const customUrls = v4 ? (['customApiUrl', 'customSearchUrl', 'customIssuerUrl'] as const) : (['customUrl'] as const);
  for (const key of customUrls) {
    const value = uitpas[key];
    if (uitpas.environment === 'custom' && value === undefined) problems.push({ field: `uitpas.${key}`, problem: 'required' });
    if (typeof value === 'string') {
      if (!isHttpUrl(value)) problems.push({ field: `uitpas.${key}`, problem: 'url' });
      else if (!isUitpasUrl(value)) problems.push({ field: `uitpas.${key}`, problem: 'https' }); // mutation-check: uitpas-https-form
    }
  }
  // UiTiD has no acceptance realm: API 4 has test and production only (docs/uitpas-json-api.md §2).
  if (v4 && uitpas.environment === 'acceptance') problems.push({ field: 'uitpas.environment', problem: 'choice' });
  for (const key of ['consumerKey', 'clientId'] as const) {
    if (typeof uitpas[key] === 'string' && /\s/.test(uitpas[key])) problems.push({ field: `uitpas.${key}`, problem: 'spaces' });
  }
  for (const key of ['consumerSecret', 'clientSecret'] as const) {
    const secret = changes[key];
    if (secret === undefined) continue;
    if (secret.trim() === '') problems.push({ field: key, problem: 'required' });
    else if (/\s/.test(secret.trim())) problems.push({ field: key, problem: 'spaces' });
  }
  const printer = next.printer as Record<string, unknown>;
  if (typeof printer.url === 'string' && !isPrinterUrl(printer.url)) problems.push({ field: 'printer.url', problem: 'printer-url' });

  const parsed = Settings.safeParse(next);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).join('.');
      if (problems.some((p) => p.field === field)) continue;
      problems.push(problemOf(field, issue));
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, settings: parsed.data! };
}

function problemOf(field: string, issue: z.core.$ZodIssue): FieldProblem {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'string' ? { field, problem: 'required' } : { field, problem: 'min', min: Number(issue.minimum) };
    case 'too_big':
      return issue.origin === 'string'
        ? { field, problem: 'too-long', max: Number(issue.maximum) }
        : { field, problem: 'max', max: Number(issue.maximum) };
    case 'invalid_type':
      return { field, problem: issue.expected === 'int' ? 'integer' : issue.expected === 'number' ? 'number' : 'required' };
    case 'invalid_format':
      // A regex is the scanner prefix/suffix rule (printable characters, no spaces).
      return { field, problem: issue.format === 'regex' ? 'spaces' : 'url' };
    default:
      return { field, problem: 'choice' };
  }
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.search === '' && url.hash === '' && url.username === '';
  } catch {
    return false;
  }
}

/**
 * A UiTPAS prefix Loket may sign calls to: `https:`, or plain `http:` only on loopback (the
 * simulator). Signed traffic and the UiTiD password never cross a network unencrypted.
 */
export function isUitpasUrl(value: string): boolean {
  if (!isHttpUrl(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' || isLoopbackHost(url.hostname);
}

/** 127.0.0.0/8 and [::1] as literals (a name such as localhost could resolve elsewhere). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === '[::1]' || h === '::1') return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return m !== null && m.slice(1).every((o) => Number(o) <= 255);
}

/** The printer grammar of main/hardware/printer/printer-url.ts, checked here so the form can say it early. */
export function isPrinterUrl(value: string): boolean {
  if (value === 'none' || value === 'system') return true;
  if (value.startsWith('system:')) return value.length > 'system:'.length && !/[\0\n\r]/.test(value);
  const tcp = /^tcp:\/\/(\[[0-9a-fA-F:]+\]|[^/:\s[\]]+)(?::(\d{1,5}))?\/?$/.exec(value);
  if (tcp) return tcp[2] === undefined || (Number(tcp[2]) >= 1 && Number(tcp[2]) <= 65535);
  return /^file:\/\/\/.+/.test(value);
}
