/**
 * Receipt calls. `sale.reprint` prints the receipt of a sale again, marked as a duplicate
 * (DUPLICAAT / DUPLICATA / DUPLICATE); `queued` is false when no printer is configured.
 * Error codes: SALE_NOT_FOUND, SALE_NO_RECEIPT (a rejected, cancelled or resolved sale has no receipt;
 * details.state). The receipt of every sale with an outcome prints by itself after `sale.sell`.
 */
import { z } from 'zod';
import { defineCall } from '../rpc.js';

export const receiptCalls = {
  'sale.reprint': defineCall(z.object({ id: z.uuid() }).strict(), z.object({ queued: z.boolean() })),
};
