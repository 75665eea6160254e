/**
 * Older settings files are brought up to SETTINGS_SCHEMA_VERSION before validation, one step per
 * version, so a file written by an earlier Loket keeps working. A file from a newer Loket is not
 * guessed at: it is reported and kept (the caller runs on defaults and does not overwrite it
 * unless the operator saves).
 */
import { SETTINGS_SCHEMA_VERSION } from '../../contract/settings.js';

type Json = Record<string, unknown>;

/** MIGRATIONS[n] turns a version-n object into a version-(n+1) one. Pure; never mutates its input. */
export const MIGRATIONS: Readonly<Record<number, (old: Json) => Json>> = {
  // Version 0: files written before settings carried a version (hand-written or the first builds).
  // Same fields; the printer URL was sometimes written as `printer: "tcp://…"` (a plain string).
  0: (old) => {
    const next: Json = { ...old, schemaVersion: 1 };
    if (typeof old.printer === 'string') next.printer = { url: old.printer };
    return next;
  },
  // Version 1 knew one API. Version 2 chooses between XML and API 4 (uitpas.api): a version-1 file
  // is an XML installation, said explicitly. The version is raised (not just a default added) so
  // that an older Loket refuses an API 4 installation's file instead of reading its organizer id
  // as a balie consumer key and calling the XML API with it.
  1: (old) => {
    const next: Json = { ...old, schemaVersion: 2 };
    if (old.uitpas === undefined) next.uitpas = { api: 'xml' };
    // Anything but an object is left for validation to report, as it was.
    else if (typeof old.uitpas === 'object' && old.uitpas !== null && !Array.isArray(old.uitpas))
      next.uitpas = { ...old.uitpas, api: 'xml' };
    return next;
  },
};

export type MigrationResult = { ok: true; value: Json; from: number } | { ok: false; error: string };

export function versionOf(json: Json): number | undefined {
  const v = json.schemaVersion;
  if (v === undefined) return 0;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

export function migrateSettings(json: unknown, target = SETTINGS_SCHEMA_VERSION): MigrationResult {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, error: 'settings must be a JSON object' };
  const from = versionOf(json as Json);
  if (from === undefined)
    return { ok: false, error: `schemaVersion must be a whole number (got ${JSON.stringify((json as Json).schemaVersion)})` };
  if (from > target) {
    return {
      ok: false,
      error: `settings were written by a newer Loket (schemaVersion ${from}, this Loket knows ${target}); the file is kept as it is`,
    };
  }
  let value = json as Json;
  for (let v = from; v < target; v++) {
    const step = MIGRATIONS[v];
    if (!step) return { ok: false, error: `no migration from settings schemaVersion ${v}` };
    value = step(value);
  }
  return { ok: true, value, from };
}
