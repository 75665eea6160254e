/** The model test's commands to a counter process and what it reports back (counter-process.ts). */
export type Command =
  | { id: number; op: 'prepare'; card: string }
  | { id: number; op: 'sell'; card: string; cdbid: string; amount?: number }
  | { id: number; op: 'cancel'; saleId: string }
  | { id: number; op: 'sync' }
  | { id: number; op: 'status' }
  | { id: number; op: 'dump' };

export interface CounterSale {
  id: string;
  state: string;
  ticketSaleId?: string;
  /** Every ticket sale id it holds, the first first (API 4: one per ticket of a group sale). */
  ticketSaleIds?: string[];
  uitpasNumber: string;
  cdbid: string;
  amountOfTickets: number;
  /** When it was sold (the outbox's order for one pass and activity). */
  createdMs: number;
  needsOperator: boolean;
  reason?: string;
  history: string[];
}

export interface CounterForeign {
  ticketSaleId: string;
  status: string;
  reason: string;
}
