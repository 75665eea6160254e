/**
 * The logger every main-process service receives. Console-backed by default, writing to stderr
 * only (the web host's stdout carries exactly one machine-read line); main/electron plugs in
 * electron-log (a rotated file the support desk can find) behind the same interface.
 *
 * Every line goes through `redactLogLine` in `formatLogLine`, whichever sink writes it: logs are
 * sent to support desks and attached to tickets, so they never hold a full card number, an OAuth
 * value or a secret, not even inside an error message or a raw UiTPAS exchange.
 */
export interface LogFields {
  /** The local sale UUID, so one sale can be followed through the log. */
  saleId?: string;
  /** The error that caused an error/warn line; printed with its stack. */
  err?: unknown;
  [key: string]: unknown;
}

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export type LogLevel = 'info' | 'warn' | 'error';

export const REDACTED = '[redacted]';

/** Field names whose values are never logged (compared case-insensitively, anywhere in the name). */
const SECRET_KEY = /secret|password|passwd|token|signature|authorization|cookie|verifier|insz/i;

/**
 * UiTPAS card numbers (13 digits) and INSZ national numbers (11 digits, the only other long digit
 * string that identifies a person here), standing alone: keep the last 4 digits, as on receipts.
 */
const PERSON_NUMBER = /(?<![0-9])([0-9]{7}|[0-9]{9})([0-9]{4})(?![0-9])/g;
/**
 * The same numbers written the way people write them: with spaces, dots, dashes or slashes
 * between digit groups (`0930 0001 5031 6`, INSZ `85.07.30-033.28`). At least one separator;
 * runs after PERSON_NUMBER so a contiguous number is never split across two matches.
 */
const PERSON_NUMBER_FORMATTED = /(?<![0-9])[0-9]{1,6}(?:[ .\-/][0-9]{1,6}){1,6}(?![0-9])/g;
/**
 * NFC chip ids (MIFARE UIDs of 4, 7 or 10 bytes) in hex: contiguous with at least one letter and
 * one digit, or bytes separated by `:`/`-`/space. Never inside a longer hex run (a UUID keeps its
 * segments: the `-` next to them rules them out).
 */
const CHIP_ID =
  /(?<![0-9A-Za-z-])(?=[0-9A-Fa-f]*[A-Fa-f])(?=[0-9A-Fa-f]*[0-9])(?:[0-9A-Fa-f]{20}|[0-9A-Fa-f]{14}|[0-9A-Fa-f]{8})(?![0-9A-Za-z-])/g;
const CHIP_ID_BYTES = /(?<![0-9A-Fa-f:])[0-9A-Fa-f]{2}(?:([:\- ])[0-9A-Fa-f]{2})(?:\1[0-9A-Fa-f]{2}){2,8}(?![0-9A-Fa-f:])/g;
/** OAuth values inside a percent-encoded signature base string (`oauth_token%3Dabc%26…`, or encoded twice). */
const OAUTH_ENCODED = /(oauth_(?!problem)[a-z_]+(?:%3D|%253D))(.*?)(?=%26|%2526|&|\s|"|'|$)/gi;
/** Personal fields of a UiTPAS XML reply (names, birth date, INSZ, contact, address, chip). */
export const PERSONAL_XML_ELEMENTS = [
  'name',
  'firstName',
  'secondName',
  'lastName',
  'dateOfBirth',
  'inszNumber',
  'email',
  'gsm',
  'telephone',
  'street',
  'postalCode',
  'city',
  'userHomeCity',
  'placeOfBirth',
  'nationality',
  'chipNumber',
] as const;
const PERSONAL_XML = new RegExp(`<(${PERSONAL_XML_ELEMENTS.join('|')})(\\s[^>]*)?>[^<]*</\\1\\s*>`, 'g');

/** oauth_token=…, oauth_signature="…" (Authorization header), "oauth_token_secret":"…". */
// oauth_problem(_advice) says what went wrong and is kept; an already redacted value stays as it is.
const OAUTH_VALUE = /(["']?oauth_(?!problem)[a-z_]+["']?\s*[=:]\s*)(\[redacted\]|"[^"]*"|'[^']*'|[^\s&,;"'}\]]+)/gi;
/** token=… / secret=… in query strings, form bodies and URLs (the web host's page token). */
const SECRET_PARAM = /([?&;\s](?:[a-z_]*token|[a-z_]*secret|password|verifier)=)([^\s&#"']+)/gi;
/** "tokenSecret":"…" and similar inside JSON that reached a message or an error as text. */
const SECRET_JSON = /("[a-z_]*(?:secret|password|token|signature|verifier)[a-z_]*"\s*:\s*)("(?:[^"\\]|\\.)*"|[^\s,}\]]+)/gi;

/** Pure: masks card numbers and removes OAuth values and secrets from one line of text. */
export function redactLogLine(text: string): string {
  return redactPersonal(redactSecrets(text));
}

/** Pure: OAuth values and secrets removed (plain, JSON, query strings, percent-encoded base strings). */
export function redactSecrets(text: string): string {
  return (
    text
      // Whole values first (an echoed base string is one value), then what is left percent-encoded.
      .replace(OAUTH_VALUE, (_m, key: string) => `${key}${REDACTED}`) // mutation-check: log-oauth
      .replace(OAUTH_ENCODED, (_m, key: string) => `${key}${REDACTED}`) // mutation-check: log-oauth-encoded
      .replace(SECRET_JSON, (_m, key: string) => `${key}"${REDACTED}"`)
      .replace(SECRET_PARAM, (_m, key: string) => `${key}${REDACTED}`)
  );
}

/**
 * Pure: the personal fields of a UiTPAS XML reply emptied (names, birth date, INSZ, address, home
 * city, contact, chip), the rest kept: what the outbox stores of a reply for disputes.
 */
export function stripPersonalXml(xml: string): string {
  return xml.replace(PERSONAL_XML, (_m, tag: string, attrs: string | undefined) => `<${tag}${attrs ?? ''}>${REDACTED}</${tag}>`);
}

/** Pure: card, INSZ and chip numbers masked to their last 4, personal XML fields emptied. */
export function redactPersonal(text: string): string {
  return stripPersonalXml(text)
    .replace(PERSON_NUMBER, (_m, head: string, last4: string) => `${'*'.repeat(head.length)}${last4}`) // mutation-check: log-card-mask
    .replace(PERSON_NUMBER_FORMATTED, (m) => maskDigits(m)) // mutation-check: log-formatted-numbers
    .replace(CHIP_ID_BYTES, (m) => maskTail(m))
    .replace(CHIP_ID, (m) => maskTail(m)); // mutation-check: log-chip-id
}

/** 11 or 13 digits behind the separators are a person's number; anything else is left as it was. */
function maskDigits(match: string): string {
  const digits = match.replace(/[^0-9]/g, '');
  if (digits.length !== 11 && digits.length !== 13) return match;
  return `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
}

function maskTail(match: string): string {
  return `${'*'.repeat(Math.max(0, match.length - 4))}${match.slice(-4)}`;
}

/** Pure: a copy of the fields with secret-named values removed (before they are serialised). */
export function redactFields(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[too deep]';
  if (Array.isArray(value)) return value.map((v) => redactFields(v, depth + 1));
  if (value && typeof value === 'object' && !(value instanceof Error)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? REDACTED : redactFields(v, depth + 1);
    return out;
  }
  return value;
}

/** Pure: one log line, e.g. `2026-11-27T16:00:00.000Z WARN outbox retry {"saleId":"…"}`, redacted. */
export function formatLogLine(level: LogLevel, message: string, fields: LogFields | undefined, now: Date): string {
  let line = `${now.toISOString()} ${level.toUpperCase()} ${message}`;
  if (fields) {
    const { err, ...rest } = fields;
    if (Object.keys(rest).length > 0) line += ` ${safeJson(redactFields(rest))}`;
    if (err !== undefined) line += `\n${err instanceof Error ? (err.stack ?? err.message) : safeJson(redactFields(err))}`;
  }
  return redactLogLine(line);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export function createConsoleLogger(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
  return createLineLogger((_level, line) => write(line));
}

/** A Logger over any line sink (console, electron-log's file): formatting and redaction stay here. */
export function createLineLogger(write: (level: LogLevel, line: string) => void, clock: () => Date = () => new Date()): Logger {
  const log = (level: LogLevel) => (message: string, fields?: LogFields) => write(level, formatLogLine(level, message, fields, clock()));
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

/** A logger for one sale: every line it writes carries the sale's UUID. */
export function saleLogger(log: Logger, saleId: string): Logger {
  const bind = (level: LogLevel) => (message: string, fields?: LogFields) => log[level](message, { ...fields, saleId });
  return { info: bind('info'), warn: bind('warn'), error: bind('error') };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
