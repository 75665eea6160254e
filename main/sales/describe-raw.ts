/** Turning a RawExchange into the two text columns the history keeps for disputes. */
import type { RawExchange } from '../uitpas/port.js';

export function rawRequestText(raw: RawExchange | undefined): string | undefined {
  if (!raw) return undefined;
  return `${raw.method} ${raw.url}${raw.requestBody ? `\n\n${raw.requestBody}` : ''}`;
}

export function rawResponseText(raw: RawExchange | undefined): string | undefined {
  if (!raw || (raw.status === undefined && raw.responseBody === undefined)) return undefined;
  return `HTTP ${raw.status ?? '-'} after ${Math.round(raw.durationMs)} ms\n\n${raw.responseBody ?? ''}`;
}
