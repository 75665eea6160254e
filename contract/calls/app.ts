/** The app itself: version and mode, a transport round trip, diagnostics; the connectivity event. */
import { z } from 'zod';
import { Connectivity } from '../domain.js';
import { type CallSpec, NoInput, defineCall } from '../rpc.js';
import { AppInfo } from '../schemas/app.js';
import { Diagnostics } from '../schemas/diagnostics.js';

export const calls = {
  'app.info': defineCall(NoInput, AppInfo),
  /** Round trip through the transport; main echoes the text and adds its own clock. */
  'app.ping': defineCall(z.object({ text: z.string().max(1000) }).strict(), z.object({ text: z.string(), at: z.string() })),
  'app.diagnostics': defineCall(NoInput, Diagnostics),
} satisfies Record<`app.${string}`, CallSpec>;

export const events = {
  connectivity: Connectivity,
};
