/**
 * The sale lines of the log: one line per state change of a sale, from the bus's `sale` events, so
 * the support desk can follow a sale (by its UUID) without reading the outbox. The log line never
 * holds the card number (masked again by log.ts anyway) or the holder's name.
 */
import type { SaleView } from '../../contract/schemas/sales.js';
import type { EventBus } from '../core/event-bus.js';
import { saleLogger, type LogFields, type Logger, type LogLevel } from '../core/log.js';

export interface JournalLine {
  level: LogLevel;
  message: string;
  fields: LogFields;
}

const LEVEL: Partial<Record<SaleView['state'], LogLevel>> = { rejected: 'warn', unknown: 'warn' };

/** Pure: the line for a sale's new view, or null when its state and alert did not change. */
export function journalLine(previous: Pick<SaleView, 'state' | 'alert'> | undefined, sale: SaleView): JournalLine | null {
  if (previous && previous.state === sale.state && previous.alert === sale.alert) return null;
  const fields: LogFields = {
    state: sale.state,
    ...(previous ? { from: previous.state } : {}),
    cdbid: sale.cdbid,
    tickets: sale.amountOfTickets,
    attempts: sale.attempts,
    ...(sale.provisional ? { provisional: true } : {}),
    ...(sale.ticketSaleId ? { ticketSaleId: sale.ticketSaleId } : {}),
    ...(sale.error ? { code: sale.error.code } : {}),
    ...(sale.alert ? { alert: sale.alert } : {}),
  };
  const level: LogLevel = sale.alert ? 'warn' : (LEVEL[sale.state] ?? 'info');
  return { level, message: previous ? `sale ${previous.state} -> ${sale.state}` : `sale ${sale.state}`, fields };
}

/** Logs every sale event on `bus`; returns a detach function. Remembers only state and alert per sale. */
export function attachSaleJournal(bus: EventBus, log: Logger): () => void {
  const seen = new Map<string, Pick<SaleView, 'state' | 'alert'>>();
  let primed = false;
  const detach = bus.attach((name, payload) => {
    if (name !== 'sale') return;
    const sale = payload as SaleView;
    const line = journalLine(seen.get(sale.id), sale);
    seen.set(sale.id, { state: sale.state, ...(sale.alert ? { alert: sale.alert } : {}) });
    if (seen.size > 5000) seen.delete(seen.keys().next().value!);
    if (line && primed) saleLogger(log, sale.id)[line.level](line.message, line.fields);
  });
  // attach() replays the latest event at once; that sale was already logged when it happened.
  primed = true;
  return detach;
}
