/**
 * The settings screen's form model, pure: settings -> text fields, text fields -> SettingsChanges
 * (numbers parsed the Flemish way too: "1,5"), and problems keyed by field for display.
 */
import type { FieldProblem, SettingsChanges } from '../../../../contract/settings-form.js';
import type { Settings } from '../../../../contract/settings.js';

export interface SettingsFormValues {
  language: string;
  api: string;
  environment: string;
  customUrl: string;
  customApiUrl: string;
  customSearchUrl: string;
  customIssuerUrl: string;
  consumerKey: string;
  /** Write-only: empty keeps the stored secret. */
  consumerSecret: string;
  clientId: string;
  /** Write-only (API 4): empty keeps the stored secret. */
  clientSecret: string;
  timeoutMs: string;
  printerUrl: string;
  columns: string;
  hidEnabled: boolean;
  hidPath: string;
  wedgeEnabled: boolean;
  wedgeMaxGapMs: string;
  wedgeMinLength: string;
  wedgeMaxPauseMs: string;
  wedgeTerminator: string;
  wedgePrefix: string;
  wedgeSuffix: string;
  tariffCacheHours: string;
  maxUnregisteredAgeHours: string;
  maxUnregisteredCount: string;
  maxUnregisteredAmountEuro: string;
}

export type FormField = keyof SettingsFormValues;

/** Which settings path each form field writes (problems come back by settings path). */
export const FIELD_PATHS: Record<FormField, string> = {
  language: 'language',
  api: 'uitpas.api',
  environment: 'uitpas.environment',
  customUrl: 'uitpas.customUrl',
  customApiUrl: 'uitpas.customApiUrl',
  customSearchUrl: 'uitpas.customSearchUrl',
  customIssuerUrl: 'uitpas.customIssuerUrl',
  consumerKey: 'uitpas.consumerKey',
  consumerSecret: 'consumerSecret',
  clientId: 'uitpas.clientId',
  clientSecret: 'clientSecret',
  timeoutMs: 'uitpas.timeoutMs',
  printerUrl: 'printer.url',
  columns: 'printer.columns',
  hidEnabled: 'scanner.hidEnabled',
  hidPath: 'scanner.hidPath',
  wedgeEnabled: 'scanner.wedgeEnabled',
  wedgeMaxGapMs: 'scanner.wedgeMaxGapMs',
  wedgeMinLength: 'scanner.wedgeMinLength',
  wedgeMaxPauseMs: 'scanner.wedgeMaxPauseMs',
  wedgeTerminator: 'scanner.wedgeTerminator',
  wedgePrefix: 'scanner.wedgePrefix',
  wedgeSuffix: 'scanner.wedgeSuffix',
  tariffCacheHours: 'offline.tariffCacheHours',
  maxUnregisteredAgeHours: 'offline.maxUnregisteredAgeHours',
  maxUnregisteredCount: 'offline.maxUnregisteredCount',
  maxUnregisteredAmountEuro: 'offline.maxUnregisteredAmountEuro',
};

export function formFrom(s: Settings): SettingsFormValues {
  return {
    language: s.language,
    api: s.uitpas.api,
    environment: s.uitpas.environment,
    customUrl: s.uitpas.customUrl ?? '',
    customApiUrl: s.uitpas.customApiUrl ?? '',
    customSearchUrl: s.uitpas.customSearchUrl ?? '',
    customIssuerUrl: s.uitpas.customIssuerUrl ?? '',
    consumerKey: s.uitpas.consumerKey ?? '',
    consumerSecret: '',
    clientId: s.uitpas.clientId ?? '',
    clientSecret: '',
    timeoutMs: String(s.uitpas.timeoutMs),
    printerUrl: s.printer.url,
    columns: String(s.printer.columns),
    hidEnabled: s.scanner.hidEnabled,
    hidPath: s.scanner.hidPath ?? '',
    wedgeEnabled: s.scanner.wedgeEnabled,
    wedgeMaxGapMs: String(s.scanner.wedgeMaxGapMs),
    wedgeMinLength: String(s.scanner.wedgeMinLength),
    wedgeMaxPauseMs: String(s.scanner.wedgeMaxPauseMs),
    wedgeTerminator: s.scanner.wedgeTerminator,
    wedgePrefix: s.scanner.wedgePrefix,
    wedgeSuffix: s.scanner.wedgeSuffix,
    tariffCacheHours: String(s.offline.tariffCacheHours),
    maxUnregisteredAgeHours: String(s.offline.maxUnregisteredAgeHours),
    maxUnregisteredCount: String(s.offline.maxUnregisteredCount),
    maxUnregisteredAmountEuro: String(s.offline.maxUnregisteredAmountEuro),
  };
}

/** '' and anything not a number become NaN, which the shared check reports as "enter a number". */
export function parseNumber(text: string): number {
  const t = text.trim().replace(',', '.');
  return t === '' || !/^-?\d+(\.\d+)?$/.test(t) ? Number.NaN : Number(t);
}

/** The changes to send; fields set by environment variables are left out (they are not editable). */
export function changesFrom(v: SettingsFormValues, overridden: ReadonlySet<string>): SettingsChanges {
  const keep = (field: FormField) => !overridden.has(FIELD_PATHS[field]);
  const pick = <T>(field: FormField, value: T): T | undefined => (keep(field) ? value : undefined);
  const text = (field: FormField, value: string) => pick(field, value.trim() === '' ? null : value.trim());
  const changes: SettingsChanges = {
    ...(keep('language') ? { language: v.language } : {}),
    uitpas: {
      api: pick('api', v.api),
      environment: pick('environment', v.environment),
      customUrl: text('customUrl', v.customUrl),
      customApiUrl: text('customApiUrl', v.customApiUrl),
      customSearchUrl: text('customSearchUrl', v.customSearchUrl),
      customIssuerUrl: text('customIssuerUrl', v.customIssuerUrl),
      consumerKey: text('consumerKey', v.consumerKey),
      clientId: text('clientId', v.clientId),
      timeoutMs: pick('timeoutMs', parseNumber(v.timeoutMs)),
    },
    printer: { url: pick('printerUrl', v.printerUrl.trim() || 'none'), columns: pick('columns', parseNumber(v.columns)) },
    scanner: {
      hidEnabled: v.hidEnabled,
      hidPath: text('hidPath', v.hidPath),
      wedgeEnabled: v.wedgeEnabled,
      wedgeMaxGapMs: parseNumber(v.wedgeMaxGapMs),
      wedgeMinLength: parseNumber(v.wedgeMinLength),
      wedgeMaxPauseMs: parseNumber(v.wedgeMaxPauseMs),
      wedgeTerminator: v.wedgeTerminator,
      // Not trimmed by text(): '' clears it back to "no prefix".
      wedgePrefix: v.wedgePrefix,
      wedgeSuffix: v.wedgeSuffix,
    },
    offline: {
      tariffCacheHours: parseNumber(v.tariffCacheHours),
      maxUnregisteredAgeHours: parseNumber(v.maxUnregisteredAgeHours),
      maxUnregisteredCount: parseNumber(v.maxUnregisteredCount),
      maxUnregisteredAmountEuro: parseNumber(v.maxUnregisteredAmountEuro),
    },
  };
  if (v.consumerSecret !== '') changes.consumerSecret = v.consumerSecret;
  if (v.clientSecret !== '') changes.clientSecret = v.clientSecret;
  return changes;
}

/** Problems by form field (the first per field), for aria-invalid and the message under it. */
export function problemsByField(problems: readonly FieldProblem[]): Partial<Record<FormField, FieldProblem>> {
  const out: Partial<Record<FormField, FieldProblem>> = {};
  for (const [field, path] of Object.entries(FIELD_PATHS) as Array<[FormField, string]>) {
    const p = problems.find((x) => x.field === path);
    if (p) out[field] = p;
  }
  return out;
}
