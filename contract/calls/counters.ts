/** The counters the logged-in employee may act for (`balie/list`) and the choice of one. */
import { z } from 'zod';
import { type CallSpec, NoInput, defineCall } from '../rpc.js';
import { AuthStatus, CounterChoice } from '../schemas/auth.js';

export const calls = {
  /** The logged-in employee's counters, the last used one first (`balie/list`). */
  'counters.list': defineCall(NoInput, z.object({ items: z.array(CounterChoice) })),
  'counters.choose': defineCall(z.object({ consumerKey: z.string().min(1).max(200) }).strict(), AuthStatus),
} satisfies Record<`counters.${string}`, CallSpec>;
