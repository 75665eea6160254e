import { z } from 'zod';

/** What the support desk asks for on the phone: versions, where the data and the log live, updates. */
export const UpdateInfo = z.object({
  state: z.enum(['disabled', 'idle', 'checking', 'downloading', 'downloaded', 'error']),
  reason: z.string().optional(),
  version: z.string().optional(),
  percent: z.number().optional(),
});

export const Diagnostics = z.object({
  version: z.string(),
  transport: z.enum(['electron', 'web']),
  mode: z.enum(['demo', 'live']),
  /** Versions of the runtime pieces (node, electron, chrome, platform). */
  runtime: z.record(z.string(), z.string()),
  dataDir: z.string(),
  /** The log file; absent when the log goes to the console (web host). */
  logFile: z.string().optional(),
  update: UpdateInfo,
});
export type Diagnostics = z.infer<typeof Diagnostics>;
