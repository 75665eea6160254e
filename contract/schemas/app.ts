import { z } from 'zod';

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
