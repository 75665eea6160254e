/** Day reports: X, Z, the Z list, print and CSV export. */
import { z } from 'zod';
import { type CallSpec, NoInput, defineCall } from '../rpc.js';
import { DayReport, ZNumber, ZReportSummary } from '../schemas/reports.js';

export const calls = {
  /** Interim report since the last Z; changes nothing. */
  'report.x': defineCall(NoInput, DayReport),
  /**
   * Closes the period. With sales still unregistered it refuses (REPORT_QUEUE_NOT_EMPTY) unless
   * acceptUnregistered is true; they are then listed as "still unregistered" and go to the next Z
   * once registered. The Z prints automatically when a printer is configured.
   */
  'report.z': defineCall(z.object({ acceptUnregistered: z.boolean() }).strict(), DayReport),
  /** The active counter's Z reports, newest first. */
  'report.list': defineCall(
    z
      .object({ limit: z.number().int().min(1).max(1000).default(100) })
      .strict()
      .prefault({}),
    z.object({ items: z.array(ZReportSummary) }),
  ),
  'report.get': defineCall(z.object({ number: ZNumber }).strict(), DayReport),
  /** Prints the current X report (no number) or Z report `number` on the receipt printer. */
  'report.print': defineCall(z.object({ number: ZNumber.optional() }).strict(), z.object({ queued: z.boolean() })),
  /**
   * Writes a report as CSV (UTF-8 with BOM, `;`, decimal comma) into `folder`, or into a folder the
   * operator picks in a dialog (Electron) when `folder` is absent. `saved` is false when the
   * operator cancelled the dialog.
   */
  'report.exportCsv': defineCall(
    z.object({ number: ZNumber.optional(), folder: z.string().min(1).max(1000).optional() }).strict(),
    z.object({ saved: z.boolean(), file: z.string().optional() }),
  ),
} satisfies Record<`report.${string}`, CallSpec>;
