/**
 * Receipt calls. `sale.reprint` prints the receipt of a sale again, marked as a duplicate
 * (DUPLICAAT / DUPLICATA / DUPLICATE); `queued` is false when no printer is configured.
 * Error codes: SALE_NOT_FOUND.
 */
import { z } from 'zod';
import { defineCall } from '../rpc.js';

export const receiptCalls = {
  'sale.reprint': defineCall(z.object({ id: z.uuid() }).strict(), z.object({ queued: z.boolean() })),
};
