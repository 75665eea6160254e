/**
 * The exactly-once invariant after quiescence, judged against the simulator's own records. Pure,
 * so it is tested on its own (invariants.test.ts) before it judges the model runs.
 *
 * 1. Every live UiTPAS record is held by exactly one local sale that says it is registered (or
 *    being cancelled), with the same pass, activity and number of tickets — or it is flagged: a
 *    foreign record Loket showed to the operator, or the candidate of a sale waiting for the
 *    operator (same pass and activity).
 * 2. Every local sale that holds a record says what UiTPAS says: registered ⇔ live, cancelled ⇔
 *    cancelled at UiTPAS; no record is held twice.
 * 3. Every other local sale is settled: rejected, cancelled, resolved, or waiting for the operator
 *    with a reason — or not sent yet because an earlier sale on the same pass and activity (same
 *    counter) waits for the operator: the outbox keeps that order, so the later sale cannot be
 *    mistaken for the earlier one's record. Nothing else is left pending, sending or silently
 *    uncertain.
 */
import type { CounterForeign, CounterSale } from './protocol.js';

export interface SimRecord {
  /** The registration's (first) ticket sale id. */
  id: string;
  /** Every ticket sale id of the registration (API 4: one per ticket); XML: just `id`. */
  ids: string[];
  cdbid: string;
  uitpasNumber: string;
  amountOfTickets: number;
  cancelled: boolean;
}

export interface LocalSale extends CounterSale {
  counter: string;
}

const HOLDING = new Set(['registered', 'cancel-pending', 'cancel-sending', 'cancel-unknown']);
const SETTLED = new Set(['rejected', 'cancelled', 'resolved']);

export function violations(sim: readonly SimRecord[], local: readonly LocalSale[], foreign: readonly CounterForeign[]): string[] {
  const out: string[] = [];
  const records = new Map(sim.map((r) => [r.id, r]));
  const holders = new Map<string, LocalSale[]>();
  for (const s of local) {
    if (!s.ticketSaleId) continue;
    holders.set(s.ticketSaleId, [...(holders.get(s.ticketSaleId) ?? []), s]);
  }
  const waitingForOperator = (s: LocalSale) =>
    s.needsOperator && (s.state === 'unknown' || s.state === 'cancel-unknown') && Boolean(s.reason);

  for (const [id, list] of holders) {
    if (list.length > 1)
      out.push(`ticket sale ${id} is held by ${list.length} local sales: ${list.map((s) => `${s.counter}/${s.id}`).join(', ')}`);
  }
  for (const s of local) {
    const where = `${s.counter}/${s.id} (${s.state})`;
    const r = s.ticketSaleId ? records.get(s.ticketSaleId) : undefined;
    if (s.ticketSaleId && !r) {
      out.push(`${where} holds ticket sale ${s.ticketSaleId}, which UiTPAS never registered`);
      continue;
    }
    if (r && (r.uitpasNumber !== s.uitpasNumber || r.cdbid !== s.cdbid || r.amountOfTickets !== s.amountOfTickets)) {
      out.push(
        `${where} holds ticket sale ${r.id} for ${r.amountOfTickets} ticket(s) of ${r.cdbid} on ${r.uitpasNumber}, but sold ${s.amountOfTickets} of ${s.cdbid} on ${s.uitpasNumber}`,
      );
    }
    if (r && s.ticketSaleIds && s.ticketSaleIds.join(',') !== r.ids.join(',')) {
      out.push(`${where} holds ticket sales ${s.ticketSaleIds.join(', ')}, but UiTPAS registered ${r.ids.join(', ')} together`);
    }
    if (s.state === 'registered' && r?.cancelled) out.push(`${where}: UiTPAS cancelled ticket sale ${r.id}, Loket still counts it`);
    if (s.state === 'cancelled' && r && !r.cancelled)
      out.push(`${where}: cancelled here, but ticket sale ${r.id} is still registered at UiTPAS`);
    if (HOLDING.has(s.state) && !s.ticketSaleId) out.push(`${where} is registered without a ticket sale id`);
    const heldBehindOperator =
      (s.state === 'pending' || s.state === 'unknown') &&
      !s.needsOperator &&
      local.some(
        (o) =>
          o !== s &&
          o.counter === s.counter &&
          waitingForOperator(o) &&
          o.uitpasNumber === s.uitpasNumber &&
          o.cdbid === s.cdbid &&
          o.createdMs <= s.createdMs,
      );
    const settled = SETTLED.has(s.state) || s.state === 'registered' || waitingForOperator(s) || heldBehindOperator;
    if (!settled) out.push(`${where} is not settled and not waiting for the operator (${s.reason ?? 'no reason'})`);
  }
  for (const r of sim) {
    if (r.cancelled) continue;
    const held = (holders.get(r.id) ?? []).filter((s) => HOLDING.has(s.state));
    if (held.length === 1) continue;
    const flagged =
      foreign.some((f) => f.ticketSaleId === r.id && (f.status === 'flagged' || f.status === 'acknowledged')) ||
      local.some((s) => waitingForOperator(s) && s.uitpasNumber === r.uitpasNumber && s.cdbid === r.cdbid);
    if (!flagged)
      out.push(
        `UiTPAS holds ticket sale ${r.id} (${r.amountOfTickets} ticket(s) of ${r.cdbid} on ${r.uitpasNumber}) that no local sale accounts for and nobody was shown`,
      );
  }
  return out;
}
