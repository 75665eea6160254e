/**
 * Day close for the active counter: X and Z reports from the outbox, printing them through the
 * receipt printer's queue, and CSV export into a folder (typed and checked, or picked in a dialog
 * by the Electron host). A Z prints by itself once made; printing never undoes a close.
 */
import type { DayReport, ZReportSummary } from '../../contract/schemas/reports.js';
import type { Settings } from '../../contract/settings.js';
import { AppError } from '../core/errors.js';
import type { PrinterService } from '../hardware/printer/printer-service.js';
import { layoutDayReport } from '../hardware/printer/report-layout.js';
import { csvDateTime, reportToCsv } from './csv.js';
import { checkExportFolder, safeFileName, writeFileAtomically } from './export-file.js';
import type { ReportSession, ReportStore } from './report-store.js';

/** Asks the operator for a folder; undefined when they cancelled. */
export type FolderPicker = () => Promise<string | undefined>;

export interface ReportServiceOptions {
  store: ReportStore;
  settings: () => Settings;
  /** The active counter and employee, as the sales capability sees them. */
  session: () => { counterKey?: string | undefined; userId?: string | undefined; counterName?: string | undefined };
  printer?: PrinterService | undefined;
  /** UiTiD nick of a user id when known; a report never waits for or fails on a name. */
  nameOf?: ((uid: string) => string | undefined) | undefined;
  pickFolder?: FolderPicker | undefined;
  /** Whether report.exportCsv may name its folder (the web host, which has no dialog); Electron: false. */
  typedFolders?: boolean | undefined;
  now?: () => Date;
  log?: (msg: string, err?: unknown) => void;
}

export class ReportService {
  constructor(private readonly opts: ReportServiceOptions) {}

  x(): DayReport {
    return this.opts.store.x(this.session(), this.now());
  }

  z(acceptUnregistered: boolean): DayReport {
    const report = this.opts.store.z(this.session(), this.now(), acceptUnregistered);
    this.print(report);
    return report;
  }

  list(limit: number): ZReportSummary[] {
    return this.opts.store.list(this.session().counterKey, limit);
  }

  get(number: number): DayReport {
    const report = this.opts.store.get(this.session().counterKey, number);
    if (!report) throw new AppError('REPORT_NOT_FOUND', `This counter has no Z report ${number}`, { number });
    return report;
  }

  /** Prints Z `number`, or the current X report. */
  printReport(number: number | undefined): { queued: boolean } {
    return { queued: this.print(number === undefined ? this.x() : this.get(number)) };
  }

  async exportCsv(number: number | undefined, folder: string | undefined): Promise<{ saved: boolean; file?: string }> {
    // In the desktop app a folder from the renderer is refused before anything else is looked at
    // (the report, the file system): only main's own dialog chooses there (the renderer is untrusted).
    if (folder !== undefined && !this.opts.typedFolders) { // mutation-check: export-dialog-only
      throw new AppError('REPORT_FOLDER_DIALOG_ONLY', 'Choose the folder in the dialog; a typed folder is not accepted here', { reason: 'dialog-only' });
    }
    const report = number === undefined ? this.x() : this.get(number);
    let target: string;
    if (folder !== undefined) {
      target = await checkExportFolder(folder);
    } else {
      if (!this.opts.pickFolder) throw new AppError('REPORT_FOLDER_REQUIRED', 'Give the folder to save the report in', { reason: 'no-dialog' });
      const picked = await this.opts.pickFolder();
      if (picked === undefined) return { saved: false };
      target = await checkExportFolder(picked);
    }
    const file = await writeFileAtomically(target, exportFileName(report), reportToCsv(report, this.opts.settings().language));
    return { saved: true, file };
  }

  private print(report: DayReport): boolean {
    const printer = this.opts.printer;
    if (!printer || printer.status().state === 'disabled') return false;
    try {
      const settings = this.opts.settings();
      printer.printLayout(`report:${report.kind}${report.number ?? ''}`, layoutDayReport(report, settings.printer.columns, settings.language));
      return true;
    } catch (err) {
      this.opts.log?.(`the ${report.kind} report could not be queued for printing`, err);
      return false;
    }
  }

  private session(): ReportSession {
    const { counterKey, userId, counterName } = this.opts.session();
    if (!counterKey) throw new AppError('REPORT_NO_COUNTER', 'Choose the active counter (balie) first');
    const nameOf = this.opts.nameOf;
    const safeName = nameOf
      ? (uid: string) => {
          try {
            return nameOf(uid);
          } catch {
            return undefined;
          }
        }
      : undefined;
    return { counterKey, userId, counterName: counterName ?? this.opts.settings().uitpas.counterName, nameOf: safeName };
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }
}

/** e.g. `Z0003_Cultuurcentrum_De_Kruisboog_2026-11-27_1705.csv`; an X report gets the time it was made. */
export function exportFileName(report: DayReport): string {
  const stamp = csvDateTime(report.madeAt).replace(/:\d\d$/, '').replace(':', '').replace(' ', '_');
  const kind = report.kind === 'Z' ? `Z${String(report.number ?? 0).padStart(4, '0')}` : 'X';
  return safeFileName(`${kind}_${report.counterName ?? report.counterKey}_${stamp}.csv`);
}
