import { z } from 'zod';
import { Connectivity } from '../domain.js';
import { defineCall, NoInput } from '../rpc.js';
import { Settings } from '../settings.js';

export const AppInfo = z.object({
  name: z.literal('Loket'),
  version: z.string(),
  mode: z.enum(['demo', 'live']),
  transport: z.enum(['electron', 'web']),
  /** Settings keys overridden by LOKET_* environment variables (shown, not editable). */
  overrides: z.array(z.string()),
  /** Set when the settings file could not be read; the file is kept, defaults are used. */
  settingsError: z.string().optional(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appCalls = {
  'app.info': defineCall(NoInput, AppInfo),
  /** Round trip through the transport; main echoes the text and adds its own clock. */
  'app.ping': defineCall(z.object({ text: z.string().max(1000) }).strict(), z.object({ text: z.string(), at: z.string() })),
  'settings.get': defineCall(NoInput, Settings),
};

export const appEvents = {
  connectivity: Connectivity,
};
