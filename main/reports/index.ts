/**
 * Builds the reports capability for the composition root. Reports read and write the sales
 * outbox on their own connection (WAL lets it read while the sales writer thread writes; a Z's
 * IMMEDIATE transaction waits for the writer like any other write).
 */
import { join } from 'node:path';
import type { LoketContext } from '../config/index.js';
import type { PrinterService } from '../hardware/printer/printer-service.js';
import { OUTBOX_FILE } from '../sales/index.js';
import { openOutboxDatabase } from '../sales/store/open-database.js';
import { ReportStore } from './report-store.js';
import { ReportService, type FolderPicker, type ReportServiceOptions } from './report-service.js';

export { ReportService, exportFileName, type FolderPicker } from './report-service.js';
export { ReportStore } from './report-store.js';

export interface ReportsOptions {
  session: ReportServiceOptions['session'];
  printer?: PrinterService;
  nameOf?: ReportServiceOptions['nameOf'];
  /** The Electron host's folder dialog; the web host has none (the operator types a path). */
  pickFolder?: FolderPicker;
}

export function createReports(ctx: LoketContext, opts: ReportsOptions): ReportService {
  const db = openOutboxDatabase(join(ctx.dataDir, OUTBOX_FILE));
  ctx.onClose(() => void db.close());
  return new ReportService({
    store: new ReportStore(db),
    settings: () => ctx.config.settings,
    session: opts.session,
    printer: opts.printer,
    nameOf: opts.nameOf,
    pickFolder: opts.pickFolder,
    typedFolders: ctx.transport === 'web',
    log: (msg, err) => ctx.log.warn(msg, err === undefined ? undefined : { err }),
  });
}
