/** The outbox queue: its status, and a push to send now; the queue event. */
import { type CallSpec, NoInput, defineCall } from '../rpc.js';
import { QueueStatus } from '../schemas/sales.js';

export const calls = {
  'queue.status': defineCall(NoInput, QueueStatus),
  /** Wakes the replay worker now (also resumes it after a new login). */
  'queue.syncNow': defineCall(NoInput, QueueStatus),
} satisfies Record<`queue.${string}`, CallSpec>;

export const events = {
  queue: QueueStatus,
};
