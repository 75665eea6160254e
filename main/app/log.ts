/**
 * The logger every main-process service receives. Console-backed by default, writing to stderr
 * only (the web host's stdout carries exactly one machine-read line); main/electron can plug in
 * electron-log behind the same interface.
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

/** Pure: one log line, e.g. `2026-11-27T16:00:00.000Z WARN outbox retry {"saleId":"…"}`. */
export function formatLogLine(level: LogLevel, message: string, fields: LogFields | undefined, now: Date): string {
  let line = `${now.toISOString()} ${level.toUpperCase()} ${message}`;
  if (fields) {
    const { err, ...rest } = fields;
    if (Object.keys(rest).length > 0) line += ` ${safeJson(rest)}`;
    if (err !== undefined) line += `\n${err instanceof Error ? (err.stack ?? err.message) : safeJson(err)}`;
  }
  return line;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

export function createConsoleLogger(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
  const log = (level: LogLevel) => (message: string, fields?: LogFields) => write(formatLogLine(level, message, fields, new Date()));
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
