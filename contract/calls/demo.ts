/** Demo mode: the simulator's cards for the training panel. */
import { z } from 'zod';
import { type CallSpec, NoInput, defineCall } from '../rpc.js';
import { DemoCard } from '../schemas/demo.js';

export const calls = {
  'demo.cards': defineCall(NoInput, z.array(DemoCard)),
} satisfies Record<`demo.${string}`, CallSpec>;
