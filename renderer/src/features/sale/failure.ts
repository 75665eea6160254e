/**
 * Turns what a call threw into what the operator reads: a stable code to translate, plus the
 * server's own message when UiTPAS gave one. Pure.
 */
import { EndUserMessage } from '../../../../contract/domain.js';
import { LoketCallError } from '../../../../contract/rpc.js';

export interface Problem {
  /** The UiTPAS code when UiTPAS refused, else the app's code (CARD_INVALID, UITPAS_OFFLINE…). */
  code: string;
  /** UiTPAS's own words, shown beside our translation. */
  serverMessage?: string;
  /** UiTPAS's words for the employee per language (API 4), shown in place of `serverMessage`. */
  endUserMessage?: EndUserMessage;
  /** English detail for support (never the only thing shown). */
  detail: string;
}

export function toProblem(err: unknown): Problem {
  if (err instanceof LoketCallError) {
    const d = err.details ?? {};
    const uitpasCode = typeof d.code === 'string' ? d.code : undefined;
    const serverMessage = typeof d.message === 'string' ? d.message : undefined;
    const words = EndUserMessage.safeParse(d.endUserMessage);
    const said = { ...(serverMessage ? { serverMessage } : {}), ...(words.success ? { endUserMessage: words.data } : {}) };
    if (err.code === 'UITPAS_REJECTED' && uitpasCode) return { code: uitpasCode, ...said, detail: err.message };
    return { code: err.code, ...said, detail: err.message };
  }
  return { code: 'RENDERER', detail: err instanceof Error ? err.message : String(err) };
}
