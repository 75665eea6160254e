/** Looking up a card (UiTPAS number, chip or INSZ). */
import { z } from 'zod';
import { Identification } from '../domain.js';
import { type CallSpec, defineCall } from '../rpc.js';

export const calls = {
  'card.lookup': defineCall(z.object({ identification: z.string().min(1).max(64) }).strict(), Identification),
} satisfies Record<`card.${string}`, CallSpec>;
